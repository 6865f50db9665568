// The backend inside the desktop app: the generated commands, with errors turned into
// BackendError and events into plain callbacks.
import { commands, events } from "./bindings";
import type { DataChanged, IpcError, MenuCommand, OpenTicketRequested } from "./bindings";
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
  loadDemo: () => call(commands.loadDemo()),
  importFiles: () => call(commands.importFiles()),
  agreements: () => call(commands.agreements()),
  agreementSource: (id) => call(commands.agreementSource(id)),
  checkAgreement: async (source) => commands.checkAgreement(source),
  saveAgreement: (source, v) => call(commands.saveAgreement(source, v)),
  exportAgreement: (id) => call(commands.exportAgreement(id)),
  readAgreementFile: () => call(commands.readAgreementFile()),
  tickets: (q) => call(commands.tickets(q)),
  ticket: (id) => call(commands.ticket(id)),
  openTicket: (form) => call(commands.openTicket(form)),
  addEvent: (form) => call(commands.addEvent(form)),
  assignTicket: (id, v, a) => call(commands.assignTicket(id, v, a)),
  setCsat: (id, v, c) => call(commands.setCsat(id, v, c)),
  queue: (q) => call(commands.queue(q)),
  onDataChanged: (l) => listen<DataChanged>((cb) => events.dataChanged.listen(cb), (p) => l(p.revision)),
  onMenu: (l) => listen<MenuCommand>((cb) => events.menuCommand.listen(cb), (p) => l(p.action)),
  onOpenTicket: (l) => listen<OpenTicketRequested>((cb) => events.openTicketRequested.listen(cb), (p) => l(p.id)),
};
