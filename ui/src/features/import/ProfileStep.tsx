// The wizard's second step: the mapping profile's TOML on the left (the starter profile for the
// detected source, or one kept from an earlier import), and on the right what importing by it
// would give, previewed by the back end a moment after each edit.
import { type RefObject, useRef, useState } from "react";
import { type BackendError, type ImportPreview, type PickedExport, type ProfileSummary, backend } from "../../lib/ipc";
import { ErrorPanel, useAction } from "../../components/common";
import { ConfirmDialog } from "../../components/Dialog";
import { SOURCE_LABEL } from "../../lib/labels";
import type { PreviewState } from "../../lib/imports";
import { PROFILE_FILE, PreviewPanel } from "./PreviewPanel";

export function ProfileStep({
  headingRef,
  picked,
  kept,
  keptError,
  profile,
  onEdit,
  startFrom,
  dirty,
  onLoad,
  preview,
  lastGood,
  blocker,
  onBack,
  onNext,
  onCancel,
}: {
  headingRef: RefObject<HTMLHeadingElement | null>;
  picked: PickedExport;
  kept: ProfileSummary[] | undefined;
  keptError: BackendError | undefined;
  profile: string;
  onEdit: (text: string) => void;
  startFrom: string;
  dirty: boolean;
  onLoad: (text: string, from: string) => void;
  preview: PreviewState;
  lastGood: { text: string; value: ImportPreview } | undefined;
  blocker: string | null;
  onBack: () => void;
  onNext: () => void;
  onCancel: () => void;
}) {
  const area = useRef<HTMLTextAreaElement>(null);
  const loading = useAction();
  // A choice of another profile while this one is edited waits for an answer.
  const [replacing, setReplacing] = useState<string>();

  const starter = picked.template !== null && picked.detected !== null ? `The starter profile for ${SOURCE_LABEL[picked.detected]}` : "An empty profile";
  const apply = (from: string) =>
    void loading.run(async () => {
      if (from === "") onLoad(picked.template ?? "", "");
      else onLoad(await backend.importProfile(from), from);
    });
  const choose = (from: string) => {
    if (dirty) setReplacing(from);
    else apply(from);
  };

  const goToLine = (line: number, column: number) => {
    const el = area.current;
    if (!el) return;
    const offset =
      profile
        .split("\n")
        .slice(0, Math.max(0, line - 1))
        .reduce((n, l) => n + l.length + 1, 0) + Math.max(0, column - 1);
    el.focus();
    el.setSelectionRange(offset, offset);
  };

  const error = preview.text === profile ? preview.error : undefined;
  const badLines = new Set((error?.details ?? []).filter((d) => d.file === PROFILE_FILE && d.line > 0).map((d) => d.line));
  const lines = profile.split("\n");
  const lineCount = lines.length;
  // As wide as its longest line: the box scrolls sideways, the line numbers stay (no wrapping,
  // so each number stays beside its line).
  const longest = lines.reduce((n, l) => Math.max(n, l.length), 0);

  return (
    <div className="wizard-step" data-testid="step-profile">
      <h2 ref={headingRef} tabIndex={-1}>
        Profile and preview
      </h2>
      <div className="profile-body">
        <div className="profile-pane">
          <label className="start-from">
            Start from
            <select value={startFrom} onChange={(e) => choose(e.target.value)} disabled={loading.busy}>
              <option value="">{starter}</option>
              {kept && kept.length > 0 && (
                <optgroup label="Profiles kept from earlier imports">
                  {kept.map((k) => (
                    <option key={k.name} value={k.name}>
                      {k.name} ({k.source}, version {k.version})
                    </option>
                  ))}
                </optgroup>
              )}
            </select>
          </label>
          {keptError && <ErrorPanel error={keptError} title="The kept profiles could not be listed" />}
          {loading.error && <ErrorPanel error={loading.error} title="The profile could not be loaded" />}
          <label htmlFor="profile-source" className="profile-label">
            Mapping profile (TOML)
            {dirty && <span className="muted"> · edited</span>}
          </label>
          <div className="code profile-code">
            <div className="gutter" aria-hidden="true">
              {Array.from({ length: lineCount }, (_, i) => (
                <div key={i} className={badLines.has(i + 1) ? "bad" : undefined}>
                  {i + 1}
                </div>
              ))}
            </div>
            <textarea
              id="profile-source"
              ref={area}
              value={profile}
              spellCheck={false}
              rows={lineCount + 1}
              style={{ width: `calc(${longest + 2}ch + 20px)` }}
              onChange={(e) => onEdit(e.target.value)}
              aria-invalid={error !== undefined}
              aria-describedby="preview-status profile-help-summary"
              readOnly={loading.busy}
            />
          </div>
          <ProfileHelp />
        </div>
        <PreviewPanel state={preview} profile={profile} lastGood={lastGood} onGoToLine={goToLine} />
      </div>
      <div className="wizard-actions">
        <button type="button" className="primary" onClick={onNext} disabled={blocker !== null} aria-describedby={blocker ? "import-blocker" : undefined}>
          Import…
        </button>
        <button type="button" onClick={onBack}>
          Back
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        {blocker && (
          <span id="import-blocker" className="muted">
            {blocker}
          </span>
        )}
      </div>
      {replacing !== undefined && (
        <ConfirmDialog
          title="Replace the edited profile?"
          confirm="Replace"
          tone="danger"
          onCancel={() => setReplacing(undefined)}
          onConfirm={() => {
            apply(replacing);
            setReplacing(undefined);
          }}
        >
          <p>Your edits to the profile will be replaced by {replacing === "" ? starter.toLowerCase() : `the kept profile “${replacing}”`}.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

/** What the profile's keys mean (imports.md, "Mapping profile"), short. */
function ProfileHelp() {
  return (
    <details className="profile-help">
      <summary id="profile-help-summary">What the keys mean</summary>
      <dl>
        <dt>
          <code>source</code>, <code>name</code>
        </dt>
        <dd>The helpdesk read, and the name the profile is kept under (importing again by the same name makes a new version).</dd>
        <dt>
          <code>ticket_prefix</code>
        </dt>
        <dd>
          Put before the helpdesk&apos;s id: <code>ZD-</code> makes ticket 48101 <code>ZD-48101</code>, so a later export finds its
          tickets again.
        </dd>
        <dt>
          <code>time_zone</code>
        </dt>
        <dd>
          For instants written without an offset (some CSV exports), like <code>America/New_York</code>.
        </dd>
        <dt>
          <code>[[agreement]]</code>
        </dt>
        <dd>
          One rule per agreement; the first that matches places the ticket: <code>field</code> (a source field, a dotted path
          in JSON, or <code>tags</code>), <code>equals</code> or <code>contains</code>, and the <code>agreement</code> id. A ticket
          no rule places is skipped and counted, never guessed.
        </dd>
        <dt>
          <code>[category]</code>
        </dt>
        <dd>
          The ticket&apos;s category: <code>field</code>, a <code>map</code> from the source&apos;s values to categories, and a{" "}
          <code>default</code>, each in the placed agreement&apos;s scope.
        </dd>
        <dt>
          <code>[status]</code>
        </dt>
        <dd>
          Optional overrides of what a status means: <code>new</code>, <code>open</code>, <code>pause</code>,{" "}
          <code>resolved</code> or <code>closed</code> (<code>hold = &quot;pause&quot;</code> counts Zendesk&apos;s hold as waiting on the
          customer).
        </dd>
        <dt>
          <code>[columns]</code>, <code>[history]</code>
        </dt>
        <dd>For any CSV: the column names of the tickets file and of the status history.</dd>
      </dl>
    </details>
  );
}
