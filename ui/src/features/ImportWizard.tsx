// Import from a helpdesk: a wizard over the back end's import by a mapping profile (imports.md).
// 1 Choose files: the OS dialog; the back end keeps the files and detects their source.
// 2 Profile and preview: the profile's TOML beside what importing by it would give, previewed a
//   moment after each edit (the back end writes nothing for a preview).
// 3 Import: what will be stored, then the import itself, all or nothing.
// Nothing is written before step 3's Import: leaving at any step leaves the database as it was.
import { useEffect, useMemo, useRef, useState } from "react";
import { type ImportPreview, type ImportProgress, type PickedExport, type SourceImport, asBackendError, backend } from "../lib/ipc";
import { ErrorPanel, Spinner, useAction, useLoad } from "../components/common";
import { type PreviewState, debounceLatest, importBlocker } from "../lib/imports";
import { useNav, useLeaveGuard } from "../route";
import { ChooseFiles } from "./import/ChooseFiles";
import { ProfileStep } from "./import/ProfileStep";
import { ImportStep } from "./import/ImportStep";
import "../styles/import.css";

type Step = 1 | 2 | 3;

const STEPS: { n: Step; label: string }[] = [
  { n: 1, label: "Choose files" },
  { n: 2, label: "Profile and preview" },
  { n: 3, label: "Import" },
];

/** How long after the last keystroke the preview is asked for: typing does not ask per key. */
const PREVIEW_WAIT_MS = 400;

const NO_PREVIEW: PreviewState = { pending: false, text: undefined, preview: undefined, error: undefined };

export function ImportWizard() {
  const { go } = useNav();
  const agreements = useLoad(() => backend.agreementChoices(), []);
  const kept = useLoad(() => backend.importProfiles(), []);
  const [step, setStep] = useState<Step>(1);
  const [picked, setPicked] = useState<PickedExport>();
  // Each pick is new files in the back end: the same profile text previews again over them.
  const [pickCount, setPickCount] = useState(0);
  const [profile, setProfile] = useState("");
  // The text last loaded (the starter profile or a kept one): an edit is what differs from it.
  const [loaded, setLoaded] = useState("");
  const [startFrom, setStartFrom] = useState("");
  const [preview, setPreview] = useState<PreviewState>(NO_PREVIEW);
  // The last preview that worked, shown (marked as such) under a later one's problems.
  const [lastGood, setLastGood] = useState<{ text: string; value: ImportPreview }>();
  const [result, setResult] = useState<SourceImport>();
  const choose = useAction();
  const importing = useAction();
  const [progress, setProgress] = useState<ImportProgress>();
  const [cancelling, setCancelling] = useState(false);
  const onCancelImport = () => {
    setCancelling(true);
    void backend.cancelImport().then((was) => {
      // Too late (it was writing, or done): it completes, all or nothing.
      if (!was) setCancelling(false);
    });
  };
  const heading = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);

  const dirty = profile !== loaded;
  useLeaveGuard(() => (dirty && !result ? "the mapping profile" : null));

  const previewer = useMemo(
    () =>
      debounceLatest(
        (q: { text: string; pick: number }) => backend.previewImport(q.text),
        (q, a) => {
          if (a.ok) {
            setPreview({ pending: false, text: q.text, preview: a.value, error: undefined });
            setLastGood({ text: q.text, value: a.value });
          } else {
            setPreview({ pending: false, text: q.text, preview: undefined, error: asBackendError(a.error) });
          }
        },
        PREVIEW_WAIT_MS,
      ),
    [],
  );
  useEffect(() => () => previewer.cancel(), [previewer]);

  const previewing = picked !== undefined && step >= 2 && result === undefined;
  useEffect(() => {
    if (!previewing) return;
    if (!profile.trim()) {
      previewer.cancel();
      setPreview({ ...NO_PREVIEW, text: profile });
      return;
    }
    setPreview((p) => ({ ...p, pending: true }));
    previewer.request({ text: profile, pick: pickCount });
  }, [previewing, profile, pickCount, previewer]);

  // Each step's heading gets focus when the step changes (not on arrival: the window's own
  // focus goes to the screen), so keyboard and screen reader users land on what changed.
  useEffect(() => {
    if (!moved.current) {
      moved.current = true;
      return;
    }
    heading.current?.focus();
  }, [step, result]);

  const load = (text: string, from: string) => {
    setProfile(text);
    setLoaded(text);
    setStartFrom(from);
  };

  const onChoose = () =>
    void choose.run(async () => {
      const p = await backend.pickExport();
      // Cancelled: nothing changes.
      if (!p) return;
      setPicked(p);
      setPickCount((n) => n + 1);
      // An edited profile is kept for the new files; an untouched one follows their source.
      if (!dirty || !profile.trim()) load(p.template ?? "", "");
    });

  const onImport = () =>
    void importing.run(async () => {
      setProgress(undefined);
      setCancelling(false);
      const r = await backend.importExport(profile, setProgress);
      setResult(r);
      setLoaded(profile);
      kept.reload();
    });

  const restart = () => {
    previewer.cancel();
    setPicked(undefined);
    setPreview(NO_PREVIEW);
    setLastGood(undefined);
    setResult(undefined);
    importing.clear();
    choose.clear();
    load("", "");
    setStep(1);
  };

  const busy = choose.busy || importing.busy;
  const blocker = importBlocker(preview, profile);
  const reachable = (n: Step) => !busy && result === undefined && (n === 1 || (picked !== undefined && (n === 2 || blocker === null)));
  const noAgreements = agreements.data !== undefined && agreements.data.length === 0;

  return (
    <section className="screen import-wizard" aria-labelledby="import-title" aria-busy={busy || undefined}>
      <header className="screen-head">
        <div>
          <button type="button" className="link back" onClick={() => go({ name: "agreements" })} disabled={importing.busy}>
            ← Agreements
          </button>
          <h1 id="import-title">Import from a helpdesk</h1>
          <p className="muted">Bring in a helpdesk&apos;s own export by a mapping profile. Nothing is written until you import.</p>
        </div>
      </header>
      <ol className="stepper" aria-label="Steps">
        {STEPS.map((s) => {
          const state = result !== undefined || s.n < step ? "done" : s.n === step ? "current" : "todo";
          return (
            <li key={s.n} className={`step-${state}`} aria-current={s.n === step ? "step" : undefined}>
              <button type="button" onClick={() => setStep(s.n)} disabled={s.n === step || !reachable(s.n)}>
                <span className="step-no" aria-hidden="true">
                  {state === "done" ? "✓" : s.n}
                </span>
                <span className="visually-hidden">Step {s.n}: </span>
                {s.label}
                {state === "done" && <span className="visually-hidden"> (done)</span>}
              </button>
            </li>
          );
        })}
      </ol>
      {noAgreements && (
        <div className="notice" role="note" data-testid="no-agreements">
          <p>
            <strong>This database has no agreements yet.</strong> A mapping profile places each ticket under an agreement, so
            agreements come first: load the demo data or import your agreements (TOML) from the first screen, then come
            back. Until then the preview and the import say what is missing.
          </p>
          <button type="button" onClick={() => go({ name: "agreements" })}>
            Back to the first screen
          </button>
        </div>
      )}
      {agreements.error && <ErrorPanel error={agreements.error} />}

      {step === 1 && (
        <ChooseFiles headingRef={heading} picked={picked} busy={choose.busy} error={choose.error} onChoose={onChoose} onNext={() => setStep(2)} onCancel={() => go({ name: "agreements" })} />
      )}
      {step === 2 && picked && (
        <ProfileStep
          headingRef={heading}
          picked={picked}
          kept={kept.data}
          keptError={kept.error}
          profile={profile}
          onEdit={setProfile}
          startFrom={startFrom}
          dirty={dirty}
          onLoad={load}
          preview={preview}
          lastGood={lastGood}
          blocker={blocker}
          onBack={() => setStep(1)}
          onNext={() => setStep(3)}
          onCancel={() => go({ name: "agreements" })}
        />
      )}
      {step === 3 && picked && (preview.preview || result) && (
        <ImportStep
          headingRef={heading}
          picked={picked}
          preview={preview.preview ?? lastGood?.value}
          profile={profile}
          busy={importing.busy}
          progress={progress}
          cancelling={cancelling}
          onCancelImport={onCancelImport}
          error={importing.error}
          result={result}
          onImport={onImport}
          onBack={() => {
            importing.clear();
            setStep(2);
          }}
          onCancel={() => go({ name: "agreements" })}
          onAgain={restart}
        />
      )}
      {step === 3 && !preview.preview && !result && <Spinner />}
    </section>
  );
}
