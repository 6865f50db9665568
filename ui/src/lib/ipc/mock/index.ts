// An in-memory backend for running the UI in a plain browser (development and the Playwright
// tests). It is no engine: every figure it shows (SLA clocks, the queue's deadlines, agreement
// compliance, dashboards, charts, drill-downs, what-if, TOML checks) is the real engine's answer
// over the demo data and a few fixture tickets, exported as of one instant by
// crates/app/examples/export-mock.rs (./data.ts). "Now" is that instant, running on from it
// (lib/clock.ts), so the current month is the export's and the queue's countdowns tick.
// In memory: the changes a person makes (tickets.ts), saved agreements, issued statements
// (statements.ts), the database settings.
//
// URL switches: `?empty` starts with no data (the first-run screen; "Load demo data" brings it);
// `?importError` makes imports fail with the engine's answer to a file with a bad priority
// (fixture/bad); `?exportCancel` cancels the report save dialog and the import wizard's file
// dialog; `?importDelay=MS` makes the wizard's import take that long; `?holidayCancel` cancels
// the file dialog of holidays from a calendar file; `?tickets=N` pads the queue to N rows. A
// PostgreSQL URL naming the host `unreachable` fails to connect. The application menu's actions
// are chosen by `window.__accordMenu("load_demo")` (a test or a console; the real one is native).
import type { AgreementCheck, AgreementSource, AgreementVersion, DatabaseSettings, DemoReport, MenuAction } from "../bindings";
import { type Backend, BackendError, type Unsubscribe } from "../backend";
import { nowMs, startClockAt } from "../../clock";
import { loadBase, loadHolidays, loadImports, loadStatements, unwrap } from "./data";
import { amendmentsOf } from "./amendments";
import { savedVersion } from "./history";
import { createReports } from "./reports";
import { createHolidays } from "./holidays";
import { createImports } from "./imports";
import { createStatements } from "./statements";
import { createTickets } from "./tickets";

declare global {
  interface Window {
    /** Chooses an application menu action, as the native menu does in the real app. */
    __accordMenu?: (action: MenuAction) => void;
  }
}

/** The id a TOML declares on its first `id = "…"` line, to file a save under. */
const declaredId = (source: string) => /^id\s*=\s*"([^"]*)"/m.exec(source)?.[1] ?? null;

export async function createMockBackend(search: string = typeof location !== "undefined" ? location.search : ""): Promise<Backend> {
  const params = new URLSearchParams(search);
  const base = await loadBase();
  startClockAt(Date.parse(base.as_of));
  let loaded = !params.has("empty");
  const sources = new Map(Object.entries(base.sources).map(([id, s]) => [id, { ...s }]));
  const listeners = new Set<(r: number) => void>();
  let revision = 1;
  let database: DatabaseSettings = {
    backend: "mock",
    location: "in-browser mock",
    remembered: null,
    from_environment: false,
    default_path: "/home/you/.local/share/accord/accord.db",
    open_error: null,
    warning: null,
  };
  const changed = () => {
    revision += 1;
    for (const l of listeners) l(revision);
  };
  const tickets = createTickets(base, () => loaded, changed, Number(params.get("tickets") ?? 0));
  const reports = createReports(params.has("exportCancel"));
  const statements = createStatements(loadStatements, (id) => sources.get(id)?.source, changed);
  const imports = createImports(loadImports, params.has("exportCancel"), changed, Number(params.get("importDelay") ?? 0));
  // The versions saved here, newest first, on top of the export's history.
  const saves = new Map<string, AgreementVersion[]>();
  const imported = new Map(Object.entries(base.sources).map(([id, s]) => [id, s.source]));
  /** Stores a new version of an agreement with this TOML, on top of its history. */
  const store = (id: string, source: string): AgreementSource => {
    const s = sources.get(id);
    const saved = { id, version: (s?.version ?? 0) + 1, source };
    // As the export's actor saved the imported versions.
    saves.set(id, [savedVersion(s, source, new Date(nowMs()).toISOString().replace(/\.\d+Z$/, "Z"), "demo"), ...(saves.get(id) ?? [])]);
    sources.set(id, saved);
    changed();
    return { ...saved };
  };
  const holidays = createHolidays(loadHolidays, params.has("holidayCancel"), {
    current: (id) => sources.get(id),
    imported: (id) => imported.get(id),
    save: store,
  });
  const noData = () => new BackendError("rejected", "there is no data yet: import some or load the demo");

  return {
    async overview() {
      return loaded ? { ...base.overview, revision } : { ...base.empty_overview, revision };
    },
    async loadDemo(): Promise<DemoReport> {
      if (!loaded) {
        loaded = true;
        changed();
        return base.demo_import;
      }
      // Again, as the engine answers (accord_app::import::files without update): a demo agreement
      // saved here since with other terms stops the whole load; else all of it is already there.
      const changedHere = [...imported].filter(([id, source]) => sources.get(id)?.source !== source).map(([id]) => id);
      if (changedHere.length > 0) {
        // The demo's files are named by tier (crates/app/demo/agreements/premium.toml).
        const fileOf = (id: string) => `${/^tier\s*=\s*"(\w+)"/m.exec(imported.get(id) ?? "")?.[1] ?? id}.toml`;
        const details = changedHere.map((id) => ({
          file: fileOf(id),
          line: 1,
          column: 1,
          key: "id",
          reason: `agreement \`${id}\` is already in the database with different content: use --update to replace it`,
        }));
        const n = details.length;
        throw new BackendError("input", n === 1 ? "1 problem was found; nothing was changed" : `${n} problems were found; nothing was changed`, details);
      }
      const demo = base.demo_import.import;
      return {
        import: { ...demo, agreements_added: 0, agreements_unchanged: demo.agreements_added, tickets_added: 0, tickets_unchanged: demo.tickets_added, events_added: 0 },
        shifted_days: 0,
        assigned: 0,
        opened: 0,
      };
    },
    pickExport: () => imports.pickExport(),
    previewImport: (profile) => imports.previewImport(profile),
    importExport: (profile, onProgress) => imports.importExport(profile, onProgress),
    cancelImport: () => imports.cancelImport(),
    importProfiles: () => imports.importProfiles(),
    importProfile: (name) => imports.importProfile(name),
    async importFiles() {
      if (params.has("importError")) return unwrap(base.import_error);
      return null;
    },
    async agreements() {
      if (!loaded) return [];
      return base.agreements.map((a) => {
        const saved = sources.get(a.id);
        if (!saved) return a;
        // Saved here with other terms: the amendments its TOML now lists.
        const amendments = saved.source === imported.get(a.id) ? a.amendments : amendmentsOf(saved.source);
        return { ...a, version: saved.version, amendments };
      });
    },
    async agreementChoices() {
      return loaded ? base.choices : [];
    },
    async agreementSource(id) {
      const s = loaded ? sources.get(id) : undefined;
      if (!s) throw new BackendError("not_found", `not found: agreement ${id}`);
      return { ...s };
    },
    async agreementHistory(id) {
      // The export's history, under the versions saved here.
      const h = loaded ? base.histories[id] : undefined;
      const mine = loaded ? (saves.get(id) ?? []) : [];
      if (!h && mine.length === 0) throw new BackendError("not_found", `not found: agreement ${id}`);
      return [...mine, ...(h ?? [])];
    },
    async checkAgreement(source): Promise<AgreementCheck> {
      // The engine's check where the export has one; any other text is not checked here.
      return base.checks[source] ?? { id: declaredId(source), errors: [], warnings: [] };
    },
    async proposeTermsChange(form) {
      if (!loaded) throw noData();
      return statements.proposeTermsChange(form);
    },
    async saveAgreement(source, expectedVersion) {
      const check = base.checks[source];
      if (check?.errors.length) {
        const n = check.errors.length;
        throw new BackendError("input", `${n} problem${n === 1 ? " was" : "s were"} found; nothing was changed`, check.errors);
      }
      const id = declaredId(source);
      if (!id) throw new BackendError("input", "1 problem was found; nothing was changed", [{ file: "agreement", line: 1, column: 1, key: "id", reason: "missing key `id`" }]);
      if ((sources.get(id)?.version ?? null) !== expectedVersion) throw new BackendError("conflict", `conflict: agreement ${id} was changed by someone else; reload and try again`);
      return store(id, source);
    },
    async exportAgreement() {
      return null;
    },
    async readAgreementFile() {
      return null;
    },
    readHolidayFile: (agreementId) => holidays.readHolidayFile(agreementId),
    addHolidays: (form) => holidays.addHolidays(form),
    agreementHolidays: (id) => holidays.agreementHolidays(id),
    tickets: (q) => tickets.tickets(q),
    ticket: (id) => tickets.ticket(id),
    openTicket: (form) => tickets.openTicket(form),
    addEvent: (form) => tickets.addEvent(form),
    assignTicket: (id, version, assignee) => tickets.assignTicket(id, version, assignee),
    setCsat: (id, version, csat) => tickets.setCsat(id, version, csat),
    queue: (q) => tickets.queue(q),
    async databaseSettings() {
      return { ...database };
    },
    async useDefaultDatabase() {
      database = { ...database, backend: "sqlite", location: database.default_path, remembered: { kind: "sqlite", path: database.default_path } };
      changed();
      return { ...database };
    },
    async chooseDatabaseFile(create) {
      const path = create ? "/home/you/Documents/new-accord.db" : "/home/you/Documents/team-accord.db";
      database = { ...database, backend: "sqlite", location: path, remembered: { kind: "sqlite", path } };
      changed();
      return { ...database };
    },
    async usePostgres(url, password) {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        throw new BackendError("input", `\`${url}\` is not a PostgreSQL URL: it must start with postgres://`);
      }
      if (!["postgres:", "postgresql:"].includes(parsed.protocol)) throw new BackendError("input", `\`${url}\` is not a PostgreSQL URL: it must start with postgres://`);
      if (parsed.hostname === "unreachable") throw new BackendError("database", `could not connect to ${parsed.hostname}: connection refused`);
      parsed.password = "";
      const clean = parsed.toString();
      database = { ...database, backend: "postgres", location: clean, remembered: { kind: "postgres", url: clean }, warning: null };
      void password;
      changed();
      return { ...database };
    },
    async dashboard(scope, period) {
      if (!loaded) throw noData();
      return reports.dashboard(scope, period);
    },
    async drill(d) {
      if (!loaded) throw noData();
      return reports.drill(d);
    },
    async exportReport(scope, period, format) {
      if (!loaded) throw noData();
      return reports.exportReport(scope, period, format);
    },
    async whatIf(agreementId, source, period) {
      if (!loaded) throw noData();
      return reports.whatIf(agreementId, source, period);
    },
    async statementStatus(agreementId, period) {
      if (!loaded) throw noData();
      return statements.statementStatus(agreementId, period);
    },
    async issueStatement(form) {
      if (!loaded) throw noData();
      return statements.issueStatement(form);
    },
    onDataChanged(listener): Unsubscribe {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onMenu(listener): Unsubscribe {
      const choose = (action: MenuAction) => listener(action);
      window.__accordMenu = choose;
      return () => {
        if (window.__accordMenu === choose) delete window.__accordMenu;
      };
    },
    onOpenTicket(): Unsubscribe {
      return () => {};
    },
  };
}
