// Importing files and loading the demo, from the first-run screen, the menu or a button: one
// place that runs them and keeps the last error for whichever screen shows it.
import { useCallback, useMemo, useState } from "react";
import { type BackendError, type ImportReport, asBackendError, backend } from "../lib/ipc";

export interface Imports {
  busy: boolean;
  error: BackendError | undefined;
  start: (notify: (m: string) => void) => Promise<void>;
  demo: (notify: (m: string) => void) => Promise<void>;
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

export function useImport(): Imports {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<BackendError>();
  const run = useCallback(async (f: () => Promise<ImportReport | null>, notify: (m: string) => void) => {
    setBusy(true);
    setError(undefined);
    try {
      const r = await f();
      if (r) notify(describeImport(r));
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
      start: (notify) => run(() => backend.importFiles(), notify),
      demo: (notify) => run(() => backend.loadDemo(), notify),
    }),
    [busy, error, run],
  );
}
