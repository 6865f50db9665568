// The import wizard's pure parts: which import errors mean "these are not Accord's own files",
// the counts of a preview or an import as lists and sentences, why an import is not offered yet,
// and the preview's debounce that only ever delivers the answer to the latest edit; the words for an
// import's progress.
import type { ErrorCode, ImportPreview, ImportProgress, InputError } from "./ipc/bindings";
import type { BackendError } from "./ipc/backend";

/**
 * How the back end's reason for a file that is none of Accord's own formats begins
 * (crates/app/src/import.rs, `classify`: "not an agreement (.toml), a tickets CSV (with
 * `opened_at`) or an events CSV (with `at` and `kind`)"). Such a file may be a helpdesk's export.
 */
export const NOT_ACCORDS_OWN = "not an agreement (.toml), a tickets CSV";

/** Whether an import failed on files that are not Accord's own formats (worth pointing to the wizard). */
export function isNotAccordsOwn(e: { code: ErrorCode; details: InputError[] }): boolean {
  return e.code === "input" && e.details.some((d) => d.reason.startsWith(NOT_ACCORDS_OWN));
}

/** A file's size as a person reads it: `812 bytes`, `15.6 KB`, `2.4 MB`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n.toLocaleString("en")} ${n === 1 ? "byte" : "bytes"}`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  return `${(n / (1024 * 1024 * 1024)).toFixed(1)} GB`;
}

/** `1 ticket`, `9 tickets`. */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
}

/** A count by key (agreement, reason, kind) as rows, the largest first, ties by name. */
export function countRows(counts: Record<string, number>): [string, number][] {
  return Object.entries(counts).sort(([a, m], [b, n]) => n - m || a.localeCompare(b));
}

export function total(counts: Record<string, number>): number {
  return Object.values(counts).reduce((s, n) => s + n, 0);
}

/** `a`, `a and b`, `a, b and c`. */
export function listing(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** What an import by this preview's profile would store: `9 tickets and 37 events: 4 under A, 3 under B and 2 under C`. */
export function whatWouldBeStored(p: Pick<ImportPreview, "placed" | "events">): string {
  const placed = countRows(p.placed);
  const under = listing(placed.map(([id, n]) => `${n.toLocaleString("en")} under ${id}`));
  return `${count(total(p.placed), "ticket")} and ${count(p.events, "event")}${placed.length ? `: ${under}` : ""}`;
}

/** The preview as the wizard holds it: the answer for a profile text, or its error, or none yet. */
export interface PreviewState {
  /** A newer edit is waiting for its answer. */
  pending: boolean;
  /** The text the answer is for. */
  text: string | undefined;
  preview: ImportPreview | undefined;
  error: BackendError | undefined;
}

/** Why the import is not offered for `profile` yet, or null when it is. */
export function importBlocker(s: PreviewState, profile: string): string | null {
  if (!profile.trim()) return "Write a profile or choose a kept one first.";
  if (s.pending || s.text !== profile) return "The preview is being updated.";
  if (s.error) return "The preview has problems: fix them in the profile first.";
  if (!s.preview) return "The preview is being updated.";
  if (total(s.preview.placed) === 0) return "No ticket is placed under an agreement yet: edit the profile's [[agreement]] rules.";
  return null;
}

export type Settled<A> = { ok: true; value: A } | { ok: false; error: unknown };

export interface DebouncedLatest<Q> {
  /** Asks again a moment from now; an earlier request not yet answered is dropped. */
  request: (q: Q) => void;
  /** Drops whatever is waiting or on its way (the screen is leaving). */
  cancel: () => void;
}

/**
 * Runs `ask` `waitMs` after the last request (typing does not send a request per key), and
 * delivers only the answer to the latest request: a slow answer to an older text that arrives
 * after a newer request is discarded, so the preview never shows another text's numbers.
 */
export function debounceLatest<Q, A>(ask: (q: Q) => Promise<A>, deliver: (q: Q, answer: Settled<A>) => void, waitMs: number): DebouncedLatest<Q> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let latest = 0;
  return {
    request(q) {
      const mine = ++latest;
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        let asked: Promise<A>;
        try {
          asked = ask(q);
        } catch (error) {
          asked = Promise.reject(error);
        }
        asked.then(
          (value) => mine === latest && deliver(q, { ok: true, value }),
          (error: unknown) => mine === latest && deliver(q, { ok: false, error }),
        );
      }, waitMs);
    },
    cancel() {
      latest += 1;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}

/** The `name = "…"` a profile's TOML gives itself (what the import keeps it under), or null. */
export function profileName(toml: string): string | null {
  return /^\s*name\s*=\s*"([^"]*)"/m.exec(toml)?.[1] ?? null;
}

/** Words for how far an import has got. */
export function progressText(p: ImportProgress | undefined): string {
  if (!p) return "Starting…";
  switch (p.stage) {
    case "reading":
      return p.total > 0
        ? `Reading the export: ${formatBytes(p.done)} of ${formatBytes(p.total)} (${Math.min(100, Math.floor((p.done * 100) / p.total))}%)`
        : "Reading the export…";
    case "checking":
      return "Checking the tickets and events against the database…";
    case "writing":
      return "Writing to the database, in one transaction…";
  }
}
