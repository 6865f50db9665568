// An agreement's TOML of record, edited in place and checked as you type by the engine's own
// reader (every error with its line, column and key). Save is atomic and names the version it
// started from: if someone else saved first, the conflict is shown and nothing is overwritten.
import { useEffect, useRef, useState } from "react";
import { type AgreementCheck, backend } from "../lib/ipc";
import { ErrorPanel, Spinner, useAction } from "../components/common";
import { useNav } from "../route";

export const NEW_AGREEMENT = `id = "NEW-AGREEMENT"
title = "New Customer Service Agreement"
provider = "APC Telecom, Inc."
alliance = "Canadian Telecom Resellers Alliance"
region = "West Virginia"
tier = "basic"
effective_from = 2026-01-01
effective_to = 2026-12-31
scope = ["troubleshooting", "technical_support", "billing_inquiry", "service_activation"]
monthly_fee = "5000.00"
currency = "USD"

[calendar]
time_zone = "America/New_York"
mon = ["08:00-17:00"]
tue = ["08:00-17:00"]
wed = ["08:00-17:00"]
thu = ["08:00-17:00"]
fri = ["08:00-17:00"]
sat = []
sun = []
holidays = []

[targets.p1]
first_response = "1h"
resolution = "8h"
clock = "24x7"
[targets.p2]
first_response = "2h"
resolution = "16h"
[targets.p3]
first_response = "8h"
resolution = "3d"
[targets.p4]
first_response = "1d"
resolution = "5d"

[[channels]]
kind = "email"
hours = "24x7"
after_hours = "Answered next business day"

[responsibilities]
items = ["Provide accurate account and contact information"]

[[escalation]]
level = 1
name = "Support supervisor"
clock = "resolution"
at = 1.0
contact = "supervisor@provider.example"

[reporting]
period = "month"
compliance_target = 0.9

[credits]
per_breach = {}
bands = []
cap_percent = 10
`;

export function AgreementEditor({ id }: { id: string | null }) {
  const { go, notify } = useNav();
  const [source, setSource] = useState<string>();
  const [version, setVersion] = useState<number | null>(null);
  const [check, setCheck] = useState<AgreementCheck>();
  const [dirty, setDirty] = useState(false);
  const load = useAction();
  const save = useAction();
  const area = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (id === null) {
      setSource(NEW_AGREEMENT);
      setVersion(null);
      return;
    }
    void load.run(async () => {
      const a = await backend.agreementSource(id);
      setSource(a.source);
      setVersion(a.version);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);

  // Checked by the engine a moment after each change.
  useEffect(() => {
    if (source === undefined) return;
    const t = setTimeout(() => void backend.checkAgreement(source).then(setCheck), 250);
    return () => clearTimeout(t);
  }, [source]);

  const edit = (s: string) => {
    setSource(s);
    setDirty(true);
    save.clear();
  };

  const goToLine = (line: number, column: number) => {
    const el = area.current;
    if (!el || source === undefined) return;
    const lines = source.split("\n");
    const offset = lines.slice(0, Math.max(0, line - 1)).reduce((n, l) => n + l.length + 1, 0) + Math.max(0, column - 1);
    el.focus();
    el.setSelectionRange(offset, offset);
  };

  const onSave = () =>
    void save.run(async () => {
      if (source === undefined) return;
      const saved = await backend.saveAgreement(source, version);
      setVersion(saved.version);
      setDirty(false);
      notify(`Agreement ${saved.id} saved (version ${saved.version}); its tickets' deadlines were recomputed.`);
      if (id !== saved.id) go({ name: "agreement", id: saved.id });
    });

  const onImport = () =>
    void save.run(async () => {
      const text = await backend.readAgreementFile();
      if (text !== null) edit(text);
    });

  const onExport = () =>
    void save.run(async () => {
      if (id === null) return;
      const path = await backend.exportAgreement(id);
      if (path) notify(`Exported to ${path}`);
    });

  if (load.error) return <ErrorPanel error={load.error} />;
  if (source === undefined) return <Spinner />;
  const errors = check?.errors ?? [];
  const lineCount = source.split("\n").length;
  const errorLines = new Set(errors.map((e) => e.line));

  return (
    <section className="screen editor" aria-labelledby="editor-title">
      <header className="screen-head">
        <div>
          <button type="button" className="link back" onClick={() => go({ name: "agreements" })}>
            ← Agreements
          </button>
          <h1 id="editor-title">{id ?? "New agreement"}</h1>
          <p className="muted">
            {version === null ? "Not saved yet" : `Version ${version}`}
            {dirty && " · unsaved changes"}
          </p>
        </div>
        <div className="head-actions">
          <button type="button" onClick={onImport} disabled={save.busy}>
            Import TOML…
          </button>
          {id !== null && (
            <button type="button" onClick={onExport} disabled={save.busy || dirty} title={dirty ? "Save first" : undefined}>
              Export TOML…
            </button>
          )}
          <button type="button" className="primary" onClick={onSave} disabled={save.busy || errors.length > 0 || !dirty}>
            {save.busy ? "Saving…" : "Save"}
          </button>
        </div>
      </header>
      {save.error && <ErrorPanel error={save.error} title={save.error.code === "conflict" ? "Not saved: someone else saved first" : "Not saved"} />}
      <div className="editor-body">
        <div className="code">
          <div className="gutter" aria-hidden="true">
            {Array.from({ length: lineCount }, (_, i) => (
              <div key={i} className={errorLines.has(i + 1) ? "bad" : undefined}>
                {i + 1}
              </div>
            ))}
          </div>
          <label className="visually-hidden" htmlFor="agreement-source">
            Agreement TOML
          </label>
          <textarea
            id="agreement-source"
            ref={area}
            value={source}
            spellCheck={false}
            rows={lineCount + 1}
            onChange={(e) => edit(e.target.value)}
            aria-invalid={errors.length > 0}
            aria-describedby="agreement-check"
          />
        </div>
        <aside id="agreement-check" className="check-panel" aria-live="polite">
          <h2>Check</h2>
          {!check && <p className="muted">Checking…</p>}
          {check && errors.length === 0 && <p className="ok">The engine accepts this agreement.</p>}
          {errors.length > 0 && (
            <ul className="problems">
              {errors.map((e, i) => (
                <li key={i}>
                  <button type="button" className="link" onClick={() => goToLine(e.line, e.column)}>
                    Line {e.line}
                    {e.column ? `:${e.column}` : ""}
                  </button>{" "}
                  {e.key && <code>{e.key}</code>} {e.reason}
                </li>
              ))}
            </ul>
          )}
          {check?.warnings.length ? (
            <>
              <h3>Warnings</h3>
              <ul className="warnings">
                {check.warnings.map((w, i) => (
                  <li key={i}>{w}</li>
                ))}
              </ul>
            </>
          ) : null}
        </aside>
      </div>
    </section>
  );
}
