// The backend inside the desktop app: the generated commands, with errors turned into
// BackendError and events into plain callbacks.
import { commands, events } from "./bindings";
import type { DataChanged, ImportProgress, IpcError, MenuCommand, OpenTicketRequested } from "./bindings";
import { type Backend, BackendError, type Unsubscribe, asBackendError } from "./backend";

type Result<T> = { status: "ok"; data: T } | { status: "error"; error: IpcError };

async function call<T>(p: Promise<Result<T>>): Promise<T> {
  let r: Result<T>;
  try {
    r = await p;
  } catch (e) {
    throw asBackendError(e);
  }
  if (r.status === "ok") return r.data;
  // A refusal by Tauri itself (ACL, bad argument) arrives as a plain string.
  if (typeof r.error === "string") throw new BackendError("rejected", r.error);
  throw new BackendError(r.error.code, r.error.message, r.error.details);
}

// Writes made from this window are announced at once (the shell's watcher announces everyone's,
// a moment later).
const localChanges = new Set<(revision: number) => void>();

async function write<T>(p: Promise<Result<T>>): Promise<T> {
  const v = await call(p);
  for (const l of localChanges) l(-1);
  return v;
}

function listen<T>(
  sub: (cb: (e: { payload: T }) => void) => Promise<() => void>,
  listener: (payload: T) => void,
): Unsubscribe {
  let stop: (() => void) | undefined;
  let cancelled = false;
  void sub((e) => listener(e.payload)).then((f) => {
    if (cancelled) f();
    else stop = f;
  });
  return () => {
    cancelled = true;
    stop?.();
  };
}

export const tauriBackend: Backend = {
  overview: () => call(commands.overview()),
  loadDemo: () => write(commands.loadDemo()),
  importFiles: async () => {
    const r = await call(commands.importFiles());
    if (r) for (const l of localChanges) l(-1);
    return r;
  },
  pickExport: () => call(commands.pickExport()),
  previewImport: (profile) => call(commands.previewImport(profile)),
  importExport: async (profile, onProgress) => {
    const stop = onProgress ? listen<ImportProgress>((cb) => events.importProgress.listen(cb), onProgress) : undefined;
    try {
      const r = await call(commands.importExport(profile));
      for (const l of localChanges) l(-1);
      return r;
    } finally {
      stop?.();
    }
  },
  cancelImport: () => call(commands.cancelImport()),
  importProfiles: () => call(commands.importProfiles()),
  importProfile: (name) => call(commands.importProfile(name)),
  agreements: () => call(commands.agreements()),
  agreementChoices: () => call(commands.agreementChoices()),
  agreementSource: (id) => call(commands.agreementSource(id)),
  agreementHistory: (id) => call(commands.agreementHistory(id)),
  checkAgreement: async (source) => commands.checkAgreement(source),
  proposeTermsChange: (form) => call(commands.proposeTermsChange(form)),
  saveAgreement: (source, v) => write(commands.saveAgreement(source, v)),
  exportAgreement: (id) => call(commands.exportAgreement(id)),
  readAgreementFile: () => call(commands.readAgreementFile()),
  readHolidayFile: (agreementId) => call(commands.readHolidayFile(agreementId)),
  addHolidays: (form) => write(commands.addHolidays(form)),
  agreementHolidays: (id) => call(commands.agreementHolidays(id)),
  tickets: (q) => call(commands.tickets(q)),
  ticket: (id) => call(commands.ticket(id)),
  openTicket: (form) => write(commands.openTicket(form)),
  addEvent: (form) => write(commands.addEvent(form)),
  assignTicket: (id, v, a) => write(commands.assignTicket(id, v, a)),
  setCsat: (id, v, c) => write(commands.setCsat(id, v, c)),
  queue: (q) => call(commands.queue(q)),
  databaseSettings: () => call(commands.databaseSettings()),
  useDefaultDatabase: () => write(commands.useDefaultDatabase()),
  chooseDatabaseFile: (create) => write(commands.chooseDatabaseFile(create)),
  usePostgres: (url, password) => write(commands.usePostgres(url, password)),
  dashboard: (scope, period) => call(commands.dashboard(scope, period)),
  drill: (d) => call(commands.drill(d)),
  exportReport: (scope, period, format) => call(commands.exportReport(scope, period, format)),
  whatIf: (agreementId, source, period) => call(commands.whatIf(agreementId, source, period)),
  statementStatus: (agreementId, period) => call(commands.statementStatus(agreementId, period)),
  issueStatement: (form) => write(commands.issueStatement(form)),
  onDataChanged: (l) => {
    localChanges.add(l);
    const stop = listen<DataChanged>((cb) => events.dataChanged.listen(cb), (p) => l(p.revision));
    return () => {
      localChanges.delete(l);
      stop();
    };
  },
  onMenu: (l) => listen<MenuCommand>((cb) => events.menuCommand.listen(cb), (p) => l(p.action)),
  onOpenTicket: (l) => listen<OpenTicketRequested>((cb) => events.openTicketRequested.listen(cb), (p) => l(p.id)),
};
