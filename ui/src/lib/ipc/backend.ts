// The one interface the screens talk to. `tauri.ts` implements it over the generated commands;
// `mock/` implements it in memory, over the real engine's answers exported for the demo data, so the
// UI runs (and is tested) in a plain browser.
import type {
  AddHolidays,
  AddedHolidays,
  AgreementCheck,
  AgreementChoice,
  AgreementSource,
  AgreementSummary,
  AgreementVersion,
  ChangeForm,
  Dashboard,
  DatabaseSettings,
  DemoReport,
  Drill,
  DrillRows,
  EventForm,
  HolidayFile,
  ImportPreview,
  ImportProgress,
  ImportReport,
  InputError,
  IssueForm,
  ListedHoliday,
  MenuAction,
  NewTicketForm,
  Overview,
  PickedExport,
  ProfileSummary,
  Proposal,
  QueuePage,
  QueueQuery,
  ReportFormat,
  Scope,
  SourceImport,
  StatementStatus,
  TicketPage,
  TicketQuery,
  TicketView,
  WhatIf,
  ErrorCode,
} from "./bindings";

export type Unsubscribe = () => void;

/**
 * The engine's sentences are the command line's too; where one tells to run it with `--update`
 * (an import refused because a stored agreement has other content), the window says instead what
 * holds here: it has no such flag, and never replaces an agreement by loading or importing.
 */
export function withoutCliFlags(text: string): string {
  if (!text.includes("--update")) return text;
  const instead = "Loading or importing never replaces a stored agreement: change it under Agreements";
  const said = text.replace(/:\s*use --update to replace (it|them)\.?$/, `. ${instead}.`);
  if (!said.includes("--update")) return said;
  // Said some other way: the part naming the flag goes.
  const rest = said.replace(/[^.;:]*--update[^.;:]*[.;:]?\s*/g, "").replace(/[\s;:,]+$/, "");
  return rest ? rest : `${instead}.`;
}

/** A failure as the backend reports it: a code to branch on, a sentence, located details (said without the command line's flags). */
export class BackendError extends Error {
  readonly code: ErrorCode;
  readonly details: InputError[];
  constructor(code: ErrorCode, message: string, details: InputError[] = []) {
    super(withoutCliFlags(message));
    this.name = "BackendError";
    this.code = code;
    this.details = details.map((d) => (d.reason.includes("--update") ? { ...d, reason: withoutCliFlags(d.reason) } : d));
  }
}

export interface Backend {
  overview(): Promise<Overview>;
  /** Loads the demo data, moved so its history ends this week, some open tickets assigned to the user. */
  loadDemo(): Promise<DemoReport>;
  /** Opens the OS file dialog; null when cancelled. */
  importFiles(): Promise<ImportReport | null>;
  /** Opens the OS dialog for a helpdesk's export files and keeps them for the wizard; null when cancelled. */
  pickExport(): Promise<PickedExport | null>;
  /** What importing the picked files by a profile (its TOML) would give; writes nothing. */
  previewImport(profile: string): Promise<ImportPreview>;
  /**
   * Imports the picked files by a profile, all or nothing, and keeps the profile; `onProgress`
   * hears how far it has got (bytes read, then checking, then writing).
   */
  importExport(profile: string, onProgress?: (p: ImportProgress) => void): Promise<SourceImport>;
  /** Cancels the running import unless it is already writing; whether there was one to cancel. */
  cancelImport(): Promise<boolean>;
  /** The mapping profiles kept with the database. */
  importProfiles(): Promise<ProfileSummary[]>;
  /** A kept profile's TOML. */
  importProfile(name: string): Promise<string>;
  agreements(): Promise<AgreementSummary[]>;
  /** The agreements as choices for forms and filters (no figures: cheap). */
  agreementChoices(): Promise<AgreementChoice[]>;
  agreementSource(id: string): Promise<AgreementSource>;
  /** Every saved version, newest first, with what each changed. */
  agreementHistory(id: string): Promise<AgreementVersion[]>;
  checkAgreement(source: string): Promise<AgreementCheck>;
  /** What saving an edit would save (a correction, or a new amendment from a date) and its impact on past periods; saves nothing. */
  proposeTermsChange(form: ChangeForm): Promise<Proposal>;
  saveAgreement(source: string, expectedVersion: number | null): Promise<AgreementSource>;
  /** Opens the save dialog; the path written, or null when cancelled. */
  exportAgreement(id: string): Promise<string | null>;
  /** Opens the file dialog; the TOML text, or null when cancelled. */
  readAgreementFile(): Promise<string | null>;
  /**
   * Opens the OS dialog for an iCalendar file and reads its whole-day holidays within the
   * agreement's term, each marked new, already a holiday, or before today; writes nothing. Null
   * when cancelled.
   */
  readHolidayFile(agreementId: string): Promise<HolidayFile | null>;
  /** Adds exactly the approved holidays, as a new version of the agreement (a conflict if its version changed). */
  addHolidays(form: AddHolidays): Promise<AddedHolidays>;
  /** An agreement's holidays, with the terms listing each and, when added from a file, where it came from. */
  agreementHolidays(id: string): Promise<ListedHoliday[]>;
  tickets(query: TicketQuery): Promise<TicketPage>;
  ticket(id: string): Promise<TicketView>;
  openTicket(form: NewTicketForm): Promise<string>;
  addEvent(form: EventForm): Promise<number>;
  assignTicket(id: string, version: number, assignee: string | null): Promise<number>;
  setCsat(id: string, version: number, csat: number | null): Promise<number>;
  queue(query: QueueQuery): Promise<QueuePage>;
  databaseSettings(): Promise<DatabaseSettings>;
  useDefaultDatabase(): Promise<DatabaseSettings>;
  /** Opens the OS dialog (an existing file, or where to create one); null when cancelled. */
  chooseDatabaseFile(create: boolean): Promise<DatabaseSettings | null>;
  /** The password, when given, goes to the OS keychain once the server accepted it. */
  usePostgres(url: string, password: string | null): Promise<DatabaseSettings>;
  /** An agreement's or a portfolio's dashboard over a period (`2026-10`, `2026-Q4`, `2026-10-01..2026-10-15`). */
  dashboard(scope: Scope, period: string): Promise<Dashboard>;
  /** The tickets behind a dashboard number (a chart's category). */
  drill(drill: Drill): Promise<DrillRows>;
  /** Opens the save dialog and writes the report; the path written, or null when cancelled. */
  exportReport(scope: Scope, period: string, format: ReportFormat): Promise<string | null>;
  /** A period's tickets replayed against a changed agreement (its TOML), beside the one in force. */
  whatIf(agreementId: string, source: string, period: string): Promise<WhatIf>;
  /** A period's credit statements: the latest issued, its restatement when figures moved, whether it can be issued. */
  statementStatus(agreementId: string, period: string): Promise<StatementStatus>;
  /** Issues a period's credit statement (again, after a restatement, with `supersede`). */
  issueStatement(form: IssueForm): Promise<StatementStatus>;
  onDataChanged(listener: (revision: number) => void): Unsubscribe;
  onMenu(listener: (action: MenuAction) => void): Unsubscribe;
  onOpenTicket(listener: (id: string) => void): Unsubscribe;
}

/** Turns any thrown value into a BackendError with a readable message. */
export function asBackendError(e: unknown): BackendError {
  if (e instanceof BackendError) return e;
  if (e && typeof e === "object" && "code" in e && "message" in e) {
    const o = e as { code: ErrorCode; message: string; details?: InputError[] };
    return new BackendError(o.code, String(o.message), o.details ?? []);
  }
  // Anything else thrown is a defect of the program (the front end's, or an unexpected reply),
  // not a file the user can fix.
  if (e instanceof Error) return new BackendError("internal", e.message);
  return new BackendError("internal", typeof e === "string" ? e : "Something went wrong");
}
