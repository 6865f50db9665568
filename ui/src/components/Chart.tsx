// A chart drawn by plotters in Rust. Its SVG is never put into the page as markup: it is parsed
// and rebuilt through an allow-list (lib/svg.ts). Over the picture, one transparent button per
// category (where the chart says it is, as fractions of the picture) opens the tickets behind it.
import { useEffect, useRef, useState } from "react";
import type { Band, DashboardChart, Drill } from "../lib/ipc";
import { sanitizeSvg } from "../lib/svg";

const pct = (v: number) => `${Math.max(0, Math.min(100, v * 100)).toFixed(3)}%`;

/** A band's place over the picture, or null when it is not a usable one (a NaN arrives as null). */
function place(b: Band): { left: string; top: string; width: string; height: string } | null {
  const { x, y, width, height } = b;
  if (x === null || y === null || width === null || height === null || !(width > 0) || !(height > 0)) return null;
  return { left: pct(x), top: pct(y), width: pct(width), height: pct(height) };
}

export function Chart({
  chart,
  onDrill,
  open,
}: {
  chart: DashboardChart;
  /** A category was chosen; `from` is its button (focus returns there). */
  onDrill: (drill: Drill, from: HTMLElement) => void;
  /** The `data-region` of the category whose tickets are shown, if one of this chart's. */
  open?: string | undefined;
}) {
  const picture = useRef<HTMLDivElement>(null);
  const [broken, setBroken] = useState(false);
  useEffect(() => {
    const el = picture.current;
    if (!el) return;
    const svg = sanitizeSvg(chart.svg);
    if (svg) svg.setAttribute("aria-hidden", "true");
    el.replaceChildren(...(svg ? [svg] : []));
    setBroken(!svg);
  }, [chart.svg]);

  return (
    <figure className="chart" data-chart={chart.id}>
      <div className="chart-frame">
        <div ref={picture} className="chart-picture" role="img" aria-label={chart.title} />
        {broken && <p className="chart-broken">This chart could not be shown.</p>}
        {chart.regions.length > 0 && (
          <div className="chart-regions" role="group" aria-label={`Categories of ${chart.title}`}>
            {chart.regions.map((r, i) => {
              const key = `${chart.id}:${i}`;
              const at = place(r.band);
              if (!at) return null;
              return (
                <button
                  key={key}
                  type="button"
                  className="chart-region"
                  data-region={key}
                  aria-label={`Show the tickets behind: ${r.drill.label}`}
                  aria-expanded={open === key}
                  title={r.drill.label}
                  style={at}
                  onClick={(e) => onDrill(r.drill, e.currentTarget)}
                />
              );
            })}
          </div>
        )}
      </div>
    </figure>
  );
}
