// The History tab of the agreement editor: every saved version, newest first, each with who
// saved it and when (in the user's display zone), and what it changed in the TOML as a diff
// with old and new line numbers. The first version is its whole TOML, behind a disclosure.
// Every line is rendered as text.
import { useMemo } from "react";
import { type AgreementVersion, type DiffLine, backend } from "../../lib/ipc";
import { ErrorPanel, Spinner, useLoad } from "../../components/common";
import { useSettings } from "../../lib/settings";
import { zoneFor } from "../../lib/time";
import { countLines, diffRows, diffStats, gapText, lines, versionTitle, zoneOf } from "./history";
import "../../styles/history.css";

export function AgreementHistory({ id }: { id: string }) {
  const { zone: choice } = useSettings();
  const h = useLoad(() => backend.agreementHistory(id), [id]);
  // The agreement's zone is the one its current version states.
  const newest = h.data?.[0]?.source;
  const agreementZone = useMemo(() => (newest === undefined ? undefined : zoneOf(newest)), [newest]);
  if (h.error && !h.data) return <ErrorPanel error={h.error} title="The history could not be read" />;
  if (!h.data) return <Spinner label="Loading the history…" />;
  const zone = zoneFor(choice, agreementZone);
  if (h.data.length === 0) return <p className="muted">No saved version yet.</p>;
  return (
    <ol className="history" aria-label="Versions, newest first">
      {h.data.map((v, i) => (
        <li key={v.version}>
          <Version v={v} zone={zone} current={i === 0} />
        </li>
      ))}
    </ol>
  );
}

function Version({ v, zone, current }: { v: AgreementVersion; zone: string | undefined; current: boolean }) {
  const headingId = `version-${v.version}`;
  const { added, removed } = diffStats(v.diff);
  const n = countLines(v.source);
  const created = v.action === "created";
  return (
    <article className="version" aria-labelledby={headingId}>
      <header className="version-head">
        <h3 id={headingId}>{versionTitle(v, zone)}</h3>
        {current && <span className="badge version-current">current</span>}
        {!created && v.diff.length > 0 && (
          <span className="version-stats">
            <span className="added-count">+{added}</span> <span className="removed-count">−{removed}</span>
            <span className="visually-hidden">
              {" "}
              ({lines(added)} added, {lines(removed)} removed)
            </span>
          </span>
        )}
      </header>
      {created ? (
        <p className="version-note">Created with {lines(n)}.</p>
      ) : v.diff.length === 0 ? (
        <p className="version-note muted">Saved with no change to the TOML.</p>
      ) : (
        <Diff diff={v.diff} newLines={n} caption={`Changes in version ${v.version}`} />
      )}
      <details className="version-source">
        <summary>{created ? "Show the TOML" : `Show the whole TOML of version ${v.version}`}</summary>
        <Source source={v.source} caption={`The TOML of version ${v.version}`} />
      </details>
    </article>
  );
}

const MARK: Record<DiffLine["kind"], string> = { added: "+", removed: "−", context: "", gap: "" };
const SAID: Record<DiffLine["kind"], string> = { added: "added", removed: "removed", context: "", gap: "" };

function Diff({ diff, newLines, caption }: { diff: DiffLine[]; newLines: number; caption: string }) {
  const rows = diffRows(diff, newLines);
  return (
    <div className="diff-wrap">
      <table className="diff">
        <caption className="visually-hidden">{caption}</caption>
        <thead className="visually-hidden">
          <tr>
            <th scope="col">Old line</th>
            <th scope="col">New line</th>
            <th scope="col">Change</th>
            <th scope="col">Text</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) =>
            "gap" in r ? (
              <tr key={i} className="diff-gap">
                <td className="ln">
                  <span aria-hidden="true">⋯</span>
                </td>
                <td className="ln">
                  <span aria-hidden="true">⋯</span>
                </td>
                <td className="mark" />
                <td className="text">{gapText(r.gap)}</td>
              </tr>
            ) : (
              <tr key={i} className={`diff-${r.line.kind}`}>
                <td className="ln">{r.line.old_line ?? ""}</td>
                <td className="ln">{r.line.new_line ?? ""}</td>
                <td className="mark">
                  <span aria-hidden="true">{MARK[r.line.kind]}</span>
                  {SAID[r.line.kind] && <span className="visually-hidden">{SAID[r.line.kind]}</span>}
                </td>
                <td className="text">{r.line.text}</td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}

function Source({ source, caption }: { source: string; caption: string }) {
  const text = source.endsWith("\n") ? source.slice(0, -1) : source;
  return (
    <div className="diff-wrap">
      <table className="diff source">
        <caption className="visually-hidden">{caption}</caption>
        <tbody>
          {text.split("\n").map((l, i) => (
            <tr key={i}>
              <td className="ln">{i + 1}</td>
              <td className="text">{l}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
