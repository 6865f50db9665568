// An agreement's TOML of record, edited as a form or as the TOML itself (two tabs on the same
// source) and checked as you type by the engine's own reader (every error with its line,
// column and key). Save is atomic and names the version it started from: if someone else saved
// first, the conflict is shown and nothing is overwritten. A saved agreement has a third tab,
// its history: every saved version and what it changed. Saving a stored agreement asks how the
// edit applies (an amendment from a date, or a correction) and shows its impact on the periods
// so far before anything is saved (agreement/SaveDialog.tsx); leaving with unsaved changes asks
// first. Holidays added from a calendar file (agreement/HolidayImport.tsx) save a new version
// themselves: the editor then reads the agreement again.
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from "react";
import { type AgreementCheck, type AgreementSource, type InputError, type TermsChange, backend } from "../lib/ipc";
import { ErrorPanel, Spinner, useAction, useLoad } from "../components/common";
import { useLeaveGuard, useNav } from "../route";
import { AgreementForm, SectionIndex } from "./agreement/AgreementForm";
import type { StoredAgreement } from "./agreement/HolidayImport";
import { AgreementHistory } from "./agreement/History";
import { domId, fieldKeys, placeErrors } from "./agreement/keys";
import type { AgreementModel } from "./agreement/model";
import { NEW_AGREEMENT } from "./agreement/template";
import { readAgreement, writeAgreement } from "./agreement/toml";
import { SaveDialog } from "./agreement/SaveDialog";
import { TermsTimeline } from "./agreement/TermsTimeline";
import "../styles/terms.css";

export { NEW_AGREEMENT };

type Tab = "form" | "toml" | "history";

const TAB_LABEL: Record<Tab, string> = { form: "Form", toml: "TOML", history: "History" };


export function AgreementEditor({ id }: { id: string | null }) {
  const { go, notify } = useNav();
  const [source, setSource] = useState<string>();
  const [version, setVersion] = useState<number | null>(null);
  const [check, setCheck] = useState<AgreementCheck>();
  const [dirty, setDirty] = useState(false);
  // The TOML as stored (as loaded or last saved): the amendments it has already.
  const [stored, setStored] = useState<string>();
  const [asking, setAsking] = useState(false);
  // Read by the leave guard at the moment of leaving, which may come before the next render.
  const dirtyNow = useRef(false);
  dirtyNow.current = dirty;
  useLeaveGuard(() => (dirtyNow.current ? (id ?? "the new agreement") : null));
  // The agreement's terms over time (its amendments), as the backend lists them.
  const summaries = useLoad(() => (id === null ? Promise.resolve([]) : backend.agreements()), [id]);
  const summary = summaries.data?.find((a) => a.id === id);
  const load = useAction();
  const save = useAction();
  const area = useRef<HTMLTextAreaElement>(null);
  const [tab, setTab] = useState<Tab>("form");
  // The model the form last wrote, with the TOML it wrote: while the source is still that TOML
  // the form keeps its own model, so what is being typed ("0.90", "7.") is not re-read away.
  const [own, setOwn] = useState<{ source: string; model: AgreementModel }>();
  const read = useMemo(() => (source === undefined || own?.source === source ? undefined : readAgreement(source)), [source, own]);
  const formModel = own !== undefined && own.source === source ? own.model : read?.ok ? read.model : undefined;

  useEffect(() => {
    if (id === null) {
      setSource(NEW_AGREEMENT);
      setVersion(null);
      setTab((t) => (t === "history" ? "form" : t));
      return;
    }
    void load.run(async () => {
      const a = await backend.agreementSource(id);
      setSource(a.source);
      setStored(a.source);
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

  const editForm = (m: AgreementModel) => {
    const s = writeAgreement(m);
    setOwn({ source: s, model: m });
    edit(s);
  };

  const goToLine = (line: number, column: number) => {
    setTab("toml");
    // The TOML panel is shown by the render this schedules.
    requestAnimationFrame(() => placeCaret(line, column));
  };

  // A problem in the check panel leads to its field in the form, or to its line in the TOML.
  const goToProblem = (e: InputError) => {
    if (tab === "form" && formModel) {
      const at = [...placeErrors([e], new Set(fieldKeys(formModel))).byKey.keys()][0];
      const el = at === undefined ? null : (document.getElementById(domId(at)) ?? document.getElementById(domId(at, "from")));
      if (el) {
        el.scrollIntoView({ block: "center" });
        (el.matches("input, select, textarea, button") ? el : el.querySelector<HTMLElement>("input, select, button"))?.focus({ preventScroll: true });
        return;
      }
    }
    goToLine(e.line, e.column);
  };

  const placeCaret = (line: number, column: number) => {
    const el = area.current;
    if (!el || source === undefined) return;
    const lines = source.split("\n");
    const offset = lines.slice(0, Math.max(0, line - 1)).reduce((n, l) => n + l.length + 1, 0) + Math.max(0, column - 1);
    el.focus();
    el.setSelectionRange(offset, offset);
  };

  const saved = (a: AgreementSource) => {
    // What was saved is shown: for an amendment, the stored TOML with the new entry.
    setSource(a.source);
    setStored(a.source);
    setVersion(a.version);
    setDirty(false);
    dirtyNow.current = false;
  };

  const onSave = () => {
    if (source === undefined) return;
    // A stored agreement's terms change by amendment or correction, chosen in the dialog.
    if (id !== null) {
      save.clear();
      setAsking(true);
      return;
    }
    void save.run(async () => {
      const a = await backend.saveAgreement(source, version);
      saved(a);
      notify(`Agreement ${a.id} saved (version ${a.version}); its tickets' deadlines were recomputed.`);
      if (id !== a.id) go({ name: "agreement", id: a.id });
    });
  };

  const onConfirmed = (a: AgreementSource, change: TermsChange) => {
    setAsking(false);
    saved(a);
    // Save… is disabled now (nothing to save): focus goes to the agreement's title instead.
    requestAnimationFrame(() => document.getElementById("editor-title")?.focus());
    notify(
      change.kind === "amend"
        ? `Agreement ${a.id} saved (version ${a.version}) with ${change.reference}, in force from ${change.effective}; tickets opened from then follow it.`
        : `Agreement ${a.id} saved (version ${a.version}): the terms were corrected, and every period and ticket deadline recomputed.`,
    );
  };

  // After something saved a new version outside the editor's own Save (holidays added from a
  // calendar file): the agreement as stored now.
  const reload = async () => {
    if (id === null) return;
    const a = await load.run(() => backend.agreementSource(id));
    if (a) saved(a);
  };
  const storedAgreement: StoredAgreement | undefined = id !== null && version !== null ? { id, version, dirty, reload } : undefined;

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
  // A new agreement has no history yet.
  const tabs: Tab[] = id === null ? ["form", "toml"] : ["form", "toml", "history"];
  const tabKeys = (e: KeyboardEvent) => {
    if (e.key !== "ArrowLeft" && e.key !== "ArrowRight" && e.key !== "Home" && e.key !== "End") return;
    e.preventDefault();
    const at = Math.max(0, tabs.indexOf(tab));
    const step = e.key === "ArrowRight" ? 1 : -1;
    const next = tabs[e.key === "Home" ? 0 : e.key === "End" ? tabs.length - 1 : (at + step + tabs.length) % tabs.length] ?? "form";
    setTab(next);
    document.getElementById(`tab-${next}`)?.focus();
  };

  return (
    <section className="screen editor" aria-labelledby="editor-title">
      <header className="screen-head">
        <div>
          <button type="button" className="link back" onClick={() => go({ name: "agreements" })}>
            ← Agreements
          </button>
          <h1 id="editor-title" tabIndex={-1}>
            {id ?? "New agreement"}
          </h1>
          <p className="muted">
            {version === null ? "Not saved yet" : `Version ${version}`}
            {dirty && " · unsaved changes"}
          </p>
          {summary && <TermsTimeline agreement={summary} />}
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
          <button type="button" className="primary" onClick={onSave} disabled={save.busy || errors.length > 0 || !dirty} aria-haspopup={id !== null ? "dialog" : undefined}>
            {save.busy ? "Saving…" : id !== null ? "Save…" : "Save"}
          </button>
        </div>
      </header>
      {save.error && <ErrorPanel error={save.error} title={save.error.code === "conflict" ? "Not saved: someone else saved first" : "Not saved"} />}
      {asking && id !== null && stored !== undefined && (
        <SaveDialog agreementId={id} edited={source} stored={stored} onSaved={onConfirmed} onClose={() => setAsking(false)} />
      )}
      <div className={tab === "form" ? "editor-body form-mode" : tab === "history" ? "editor-body history-mode" : "editor-body"}>
        <div className="editor-main">
          <div role="tablist" aria-label="Views of the agreement" className="tabs" onKeyDown={tabKeys}>
            {tabs.map((t) => (
              <button
                key={t}
                type="button"
                role="tab"
                id={`tab-${t}`}
                aria-selected={tab === t}
                aria-controls={`panel-${t}`}
                tabIndex={tab === t ? 0 : -1}
                onClick={() => setTab(t)}
              >
                {TAB_LABEL[t]}
              </button>
            ))}
          </div>
          <div role="tabpanel" id="panel-form" aria-labelledby="tab-form" hidden={tab !== "form"}>
            {formModel ? (
              <AgreementForm model={formModel} onChange={editForm} errors={errors} comments={own?.source === source ? 0 : read?.ok ? read.comments : 0} stored={storedAgreement} />
            ) : (
              <div className="form-unreadable" role="status">
                <h2>{read && !read.ok && read.syntax ? "The TOML does not parse, so the form cannot show it" : "The form cannot show everything in this TOML"}</h2>
                <p>Nothing has been changed. Fix it in the TOML tab{read && !read.ok && !read.syntax ? ", or edit the agreement there" : ""}:</p>
                <ul>{read && !read.ok && read.problems.map((p, i) => <li key={i}>{p}</li>)}</ul>
                <button type="button" onClick={() => setTab("toml")}>
                  Open the TOML tab
                </button>
              </div>
            )}
          </div>
          <div role="tabpanel" id="panel-toml" aria-labelledby="tab-toml" hidden={tab !== "toml"}>
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
          </div>
          {id !== null && (
            <div role="tabpanel" id="panel-history" aria-labelledby="tab-history" hidden={tab !== "history"}>
              {tab === "history" && <AgreementHistory id={id} />}
            </div>
          )}
        </div>
        <div className="editor-rail" hidden={tab === "history"}>
          {tab === "form" && formModel && <SectionIndex errors={errors} />}
          <aside id="agreement-check" className="check-panel" aria-live="polite">
            <h2>Check</h2>
            {!check && <p className="muted">Checking…</p>}
            {check && errors.length === 0 && <p className="ok">The engine accepts this agreement.</p>}
            {errors.length > 0 && (
              <ul className="problems">
                {errors.map((e, i) => (
                  <li key={i}>
                    <button type="button" className="link" onClick={() => goToProblem(e)}>
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
      </div>
    </section>
  );
}
