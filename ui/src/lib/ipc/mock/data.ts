// The browser mock's data: the real engine's answers over the demo data and a few fixture
// tickets, as of one instant, written by `cargo run -p accord-app --example export-mock`
// (crates/app/examples/export-mock.rs) into ./data/*.json and checked by scripts/check-mock-data.
// The files are fetched as they are from the development server (Vite serves ui/ as it is),
// each when a screen first needs it, and parsed once. They are not bundled: neither the type
// checker nor the bundler reads megabytes of JSON, and the production build (the desktop app,
// which never uses the mock) does not carry them.
import type {
  AddHolidays,
  AddedHolidays,
  AgreementCheck,
  AgreementChoice,
  AgreementSource,
  AgreementSummary,
  AgreementVersion,
  Dashboard,
  DrillRows,
  DemoReport,
  ErrorCode,
  HolidayFile,
  ImportPreview,
  ImportReport,
  InputError,
  ListedHoliday,
  Overview,
  ProfileSummary,
  Proposal,
  QueueItem,
  SourceImport,
  SourceKind,
  StatementStatus,
  TicketItem,
  TicketView,
  WhatIf,
} from "../bindings";
import { BackendError } from "../backend";

/** An answer of the engine, or the error the desktop app would have sent instead. */
export type Answer<T> = { ok: T } | { error: { code: ErrorCode; message: string; details: InputError[] } };

/** The answer's value, or its error thrown as the desktop backend throws it. */
export function unwrap<T>(a: Answer<T>): T {
  if ("ok" in a) return a.ok;
  throw new BackendError(a.error.code, a.error.message, a.error.details);
}

export interface Base {
  /** The instant every answer is as of (RFC 3339). */
  as_of: string;
  empty_overview: Overview;
  import_error: Answer<ImportReport>;
  demo_import: DemoReport;
  overview: Overview;
  agreements: AgreementSummary[];
  choices: AgreementChoice[];
  sources: Record<string, AgreementSource>;
  /** Each agreement's saved versions, newest first (as imported: one each). */
  histories: Record<string, AgreementVersion[]>;
  /** The engine's check of each TOML it was shown (the demo's, the fixtures'), by its text. */
  checks: Record<string, AgreementCheck>;
  /** Every ticket, in the list's order (newest first). */
  tickets: TicketItem[];
  /** The queue, in its order (by next deadline). */
  queue: QueueItem[];
}

/** ./data, where the development server serves it (ui/ is its root). */
const DATA = `${import.meta.env.BASE_URL}src/lib/ipc/mock/data/`;

async function fetchJson<T>(name: string): Promise<T> {
  const r = await fetch(`${DATA}${name}.json`);
  if (!r.ok) throw new BackendError("internal", `the browser mock's data ${name}.json could not be read (${r.status}): run the development server (npm run dev)`);
  return (await r.json()) as T;
}

export function loadBase(): Promise<Base> {
  return fetchJson<Base>("base");
}

/** Each ticket's page, by id. */
export type Views = Record<string, TicketView>;
/** A recent open ticket's page after a change, by `<id> <event kind>`. */
export type After = Record<string, Answer<TicketView>>;

/** Dashboards by `<scope> <period>` (scope as `scopeKey` writes it). */
export type Dashboards = Record<string, Answer<Dashboard>>;
/** The tickets behind each chart category of those dashboards, by `drillKey`. */
export type Drills = Record<string, Answer<DrillRows>>;
export interface Reports {
  /** The report file's name, by `<scope> <period> <format>`. */
  names: Record<string, string>;
  /** Replays, each of an agreement over a period against a TOML text. */
  what_ifs: { agreement: string; period: string; source: string; result: Answer<WhatIf> }[];
}

/** A period's statement before and after its first issue (or the engine's refusal to issue it). */
export interface StatementStates {
  initial: Answer<StatementStatus>;
  issued: Answer<StatementStatus>;
}
export interface Statements {
  /** Every agreement's statement periods, by `<agreement id> <period>`. */
  statuses: Record<string, StatementStates>;
  /**
   * The premium agreement's periods once issued and then corrected (its source saved as
   * `corrected`): the restatement, and after issuing again (supersede).
   */
  restated: Record<string, { status: Answer<StatementStatus>; issued: Answer<StatementStatus> }>;
  /** The premium agreement's corrected TOML (fixture/what-if/premium-tighter-p2.toml). */
  corrected: string | null;
  /**
   * The editor's proposals over the premium agreement as the mock starts: each what-if fixture
   * as a correction (`correct`) and as an amendment from a date (`amend 2026-12-01`), made with
   * the reference `Amendment No. 1` and no signed date.
   */
  proposals: { edited: string; change: string; result: Answer<Proposal> }[];
}

/** The import wizard over the Zendesk fixtures (crates/app/tests/fixtures/zendesk). */
export interface Imports {
  /** The files as picked: name and size. */
  files: [string, number][];
  /** The source they were detected as. */
  detected: SourceKind | null;
  /** The starter profile for it. */
  template: string | null;
  /** Previews by the starter profile and by the fixtures' own. */
  previews: { profile: string; result: Answer<ImportPreview> }[];
  /** The import by the fixtures' profile. */
  import: { profile: string; result: Answer<SourceImport> };
  /** The profiles kept after it. */
  profiles: Answer<ProfileSummary[]>;
}

/**
 * Holidays from an iCalendar file (crates/core/tests/fixtures/holidays/us-federal.ics) for the
 * premium agreement as imported.
 */
export interface Holidays {
  /** The file as read for the agreement: its candidates and the events skipped. */
  file: Answer<HolidayFile>;
  /** The agreement's holidays before adding. */
  before: Answer<ListedHoliday[]>;
  /** What the dialog sends as it opens: every candidate neither listed nor before today. */
  form: AddHolidays;
  /** What adding `form` did. */
  added: Answer<AddedHolidays>;
  /** The agreement's holidays after it, with where the added ones came from. */
  after: Answer<ListedHoliday[]>;
  /** The agreement as stored after it (the new version's TOML). */
  source_after: Answer<AgreementSource>;
}

/** Loads once, on first use. */
function lazily<T>(load: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= load());
}

export const loadViews = lazily(() => fetchJson<Views>("views"));
export const loadAfter = lazily(() => fetchJson<After>("after"));
export const loadDashboards = lazily(() => fetchJson<Dashboards>("dashboards"));
export const loadDrills = lazily(() => fetchJson<Drills>("drills"));
export const loadReports = lazily(() => fetchJson<Reports>("reports"));
export const loadStatements = lazily(() => fetchJson<Statements>("statements"));
export const loadImports = lazily(() => fetchJson<Imports>("imports"));
export const loadHolidays = lazily(() => fetchJson<Holidays>("holidays"));
