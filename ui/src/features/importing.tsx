// Importing files and loading the demo, from the first-run screen, the menu or a button: one
// place that runs them and keeps the last error for whichever screen shows it.
import { useCallback, useMemo, useState } from "react";
import { type BackendError, type DemoReport, type ImportReport, type Overview, asBackendError, backend } from "../lib/ipc";
import { ErrorPanel } from "../components/common";
import { ConfirmDialog } from "../components/Dialog";
import { isNotAccordsOwn } from "../lib/imports";
import { useNav } from "../route";

export interface Imports {
  busy: boolean;
  error: BackendError | undefined;
  start: (notify: (m: string) => void) => Promise<void>;
  demo: (notify: (m: string) => void) => Promise<void>;
  /** Forgets the last error (its panel goes). */
  clear: () => void;
}

/**
 * A failed import, every problem located; when some file is none of Accord's own formats it may
 * be a helpdesk's export, so the panel points to the wizard that reads those.
 */
export function ImportErrorPanel({ imports }: { imports: Imports }) {
  const { go } = useNav();
  const error = imports.error;
  if (!error) return null;
  return (
    <ErrorPanel error={error} title="Nothing was imported">
      {isNotAccordsOwn(error) && (
        <p data-testid="helpdesk-hint">
          Is this a helpdesk&apos;s export?{" "}
          <button
            type="button"
            className="link"
            onClick={() => {
              imports.clear();
              go({ name: "import" });
            }}
          >
            Import it from a helpdesk…
          </button>
        </p>
      )}
    </ErrorPanel>
  );
}

const counted = (n: number, one: string) => `${n.toLocaleString("en")} ${one}${n === 1 ? "" : "s"}`;

/**
 * Loading the demo into a database that has data: said first what it does. The engine adds the
 * demo's agreements, tickets and events beside what is there, keeps what is the same, and
 * refuses the whole load when a demo agreement or ticket is stored with other content
 * (accord_app::import::files, never replacing).
 */
export function DemoConfirm({ overview, onConfirm, onCancel }: { overview: Overview; onConfirm: () => void; onCancel: () => void }) {
  return (
    <ConfirmDialog title="Load the demo data too?" confirm="Load the demo" onConfirm={onConfirm} onCancel={onCancel}>
      <p>
        The database already has {counted(overview.agreements, "agreement")} and {counted(overview.tickets, "ticket")}.
      </p>
      <p>
        Loading adds the demo&apos;s 3 agreements and 600 tickets beside them, and changes nothing already there. If
        one of the demo&apos;s agreements or tickets is already stored here with other content, nothing is loaded, and
        you are told which.
      </p>
    </ConfirmDialog>
  );
}

export function describeImport(r: ImportReport): string {
  const parts = [
    r.agreements_added && `${r.agreements_added} agreement${r.agreements_added === 1 ? "" : "s"} added`,
    r.agreements_replaced && `${r.agreements_replaced} replaced`,
    r.tickets_added && `${r.tickets_added.toLocaleString("en")} tickets added`,
    r.events_added && `${r.events_added.toLocaleString("en")} events added`,
  ].filter(Boolean);
  return parts.length ? `Imported: ${parts.join(", ")}.` : "Nothing new: everything was already there.";
}

/** What loading the demo did, for a notice: the import, then how far its history was moved and what was assigned. */
export function describeDemo(r: DemoReport): string {
  const moved = r.shifted_days > 0 ? ` Its history was moved ${r.shifted_days} days forward, so it ends this week.` : "";
  const opened = r.opened > 0 ? ` ${r.opened} of today's tickets were opened in the last hours.` : "";
  const assigned = r.assigned > 0 ? ` ${r.assigned} open ticket${r.assigned === 1 ? " is" : "s are"} assigned to you.` : "";
  return `${describeImport(r.import)}${moved}${opened}${assigned}`;
}

export function useImport(): Imports {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<BackendError>();
  const run = useCallback(async (f: () => Promise<string | null>, notify: (m: string) => void) => {
    setBusy(true);
    setError(undefined);
    try {
      const message = await f();
      if (message) notify(message);
    } catch (e) {
      setError(asBackendError(e));
    } finally {
      setBusy(false);
    }
  }, []);
  return useMemo(
    () => ({
      busy,
      error,
      start: (notify) => run(async () => {
        const r = await backend.importFiles();
        return r && describeImport(r);
      }, notify),
      demo: (notify) => run(async () => describeDemo(await backend.loadDemo()), notify),
      clear: () => setError(undefined),
    }),
    [busy, error, run],
  );
}
