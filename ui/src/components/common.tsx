// Small pieces every screen uses: error panels, badges, the "now" clock, data loading.
import { type ReactNode, useCallback, useEffect, useRef, useState } from "react";
import { type BackendError, asBackendError, backend } from "../lib/ipc";
import type { ClockState, Priority, Tier, Verdict } from "../lib/ipc";
import { CLOCK_STATE_LABEL, TIER_LABEL, VERDICT_LABEL } from "../lib/labels";
import { nowMs } from "../lib/clock";

/** Seconds since the epoch, updated every `ms` (one timer for the whole list it drives). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Math.floor(nowMs() / 1000));
  useEffect(() => {
    const t = setInterval(() => setNow(Math.floor(nowMs() / 1000)), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

/** `value` once it has stayed the same for `ms` (a search box's text, asked for as typing pauses). */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

export interface Loaded<T> {
  data: T | undefined;
  error: BackendError | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads with `load` when `deps` change and whenever the database changes (this window, the
 * watcher, or another team member); keeps showing the previous data while reloading.
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<BackendError>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => backend.onDataChanged(() => setTick((t) => t + 1)), []);
  useEffect(() => {
    let live = true;
    setLoading(true);
    loadRef
      .current()
      .then((d) => {
        if (!live) return;
        setData(d);
        setError(undefined);
      })
      .catch((e: unknown) => live && setError(asBackendError(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}

/** A failure, readable: the message, and for bad input every located problem; `children` say what to do next. */
export function ErrorPanel({ error, title, children }: { error: BackendError; title?: string; children?: ReactNode }) {
  return (
    <div className="error-panel" role="alert">
      <strong>{title ?? messageTitle(error)}</strong>
      <p>{error.message}</p>
      {error.details.length > 0 && (
        <table className="error-details">
          <caption className="visually-hidden">Problems found</caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Line</th>
              <th scope="col">Column</th>
              <th scope="col">Field</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {error.details.map((d, i) => (
              <tr key={i}>
                <td>{d.file}</td>
                <td>{d.line || "—"}</td>
                <td>{d.column || "—"}</td>
                <td>
                  <code>{d.key || "—"}</code>
                </td>
                <td>{d.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {children}
    </div>
  );
}

function messageTitle(e: BackendError): string {
  switch (e.code) {
    case "input":
      return "The input has problems";
    case "conflict":
      return "Someone else changed this first";
    case "not_found":
      return "Not found";
    case "rejected":
      return "Not allowed";
    case "database":
      return "The database could not be used";
    case "io":
      return "A file could not be used";
    case "cancelled":
      return "Cancelled";
    case "internal":
      return "Something went wrong in Accord";
  }
}

export function PriorityBadge({ p }: { p: Priority }) {
  return <span className={`badge prio prio-${p}`}>{p.toUpperCase()}</span>;
}

export function TierBadge({ tier }: { tier: Tier }) {
  return <span className={`badge tier tier-${tier}`}>{TIER_LABEL[tier]}</span>;
}

export function StateBadge({ state }: { state: ClockState }) {
  return <span className={`badge state state-${state}`}>{CLOCK_STATE_LABEL[state]}</span>;
}

export function Spinner({ label = "Loading…" }: { label?: string }) {
  return (
    <p className="loading" role="status">
      {label}
    </p>
  );
}

/** Runs an action, tracking its progress and failure for a form. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<BackendError>();
  const run = useCallback(async <T,>(f: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      return await f();
    } catch (e) {
      setError(asBackendError(e));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, clear: () => setError(undefined) };
}

/** The mark of a figure against its target (words go beside it for screen readers). */
export const MARK: Record<Verdict, string> = { met: "✓ ", missed: "✗ " };

/** A figure against its target (none without a target or a figure): marked ✓ or ✗ and
 * coloured, and said in words. */
export function Against({ value, status }: { value: string; status: Verdict | null }) {
  if (!status) return <>{value}</>;
  return (
    <span className={`against ${status}`}>
      <span aria-hidden="true">{MARK[status]}</span>
      {value}
      <span className="visually-hidden"> (target {VERDICT_LABEL[status]})</span>
    </span>
  );
}
