// Chart pictures arrive as SVG text (drawn by plotters in Rust). They are never put into the page
// as markup: the text is parsed as XML, then rebuilt element by element through an allow-list
// of shapes, text and presentation attributes. Anything else (scripts, links, event handlers,
// styles, foreign content, external references) is dropped, and text is only ever text.

const SVG_NS = "http://www.w3.org/2000/svg";

/** The elements a chart may have. */
const ELEMENTS = new Set(["svg", "g", "rect", "line", "polyline", "polygon", "path", "circle", "ellipse", "text", "tspan"]);

/** Geometry and presentation: nothing that loads, links, runs or styles by CSS. */
const ATTRIBUTES = new Set([
  "x",
  "y",
  "x1",
  "y1",
  "x2",
  "y2",
  "cx",
  "cy",
  "r",
  "rx",
  "ry",
  "width",
  "height",
  "points",
  "d",
  "viewBox",
  "fill",
  "stroke",
  "stroke-width",
  "stroke-dasharray",
  "stroke-linecap",
  "stroke-linejoin",
  "opacity",
  "fill-opacity",
  "stroke-opacity",
  "font-family",
  "font-size",
  "font-weight",
  "font-style",
  "text-anchor",
  "dominant-baseline",
  "dy",
  "dx",
  "transform",
]);

/** Values that could reach outside the picture (`url(…)`, `javascript:`, …) are refused. */
function safeValue(value: string): boolean {
  return !/url\s*\(|javascript:|data:|expression\s*\(|[<>]/i.test(value);
}

function rebuild(source: Element, doc: Document): Element | null {
  if (source.namespaceURI !== SVG_NS || !ELEMENTS.has(source.localName)) return null;
  const out = doc.createElementNS(SVG_NS, source.localName);
  for (const a of Array.from(source.attributes)) {
    if (a.namespaceURI !== null || !ATTRIBUTES.has(a.localName) || !safeValue(a.value)) continue;
    out.setAttribute(a.localName, a.value);
  }
  const isText = source.localName === "text" || source.localName === "tspan";
  for (const child of Array.from(source.childNodes)) {
    if (child.nodeType === Node.ELEMENT_NODE) {
      const c = rebuild(child as Element, doc);
      if (c) out.appendChild(c);
    } else if (isText && (child.nodeType === Node.TEXT_NODE || child.nodeType === Node.CDATA_SECTION_NODE)) {
      const t = doc.createTextNode("");
      t.textContent = child.textContent;
      out.appendChild(t);
    }
  }
  return out;
}

/**
 * The SVG document `text` rebuilt through the allow-list into `doc`, or null when it is not an
 * SVG document (it does not parse, or its root is something else).
 */
export function sanitizeSvg(text: string, doc: Document = document): SVGSVGElement | null {
  const parsed = new DOMParser().parseFromString(text, "image/svg+xml");
  const root = parsed.documentElement;
  if (!root || root.localName !== "svg" || parsed.getElementsByTagName("parsererror").length > 0) return null;
  return rebuild(root, doc) as SVGSVGElement | null;
}
