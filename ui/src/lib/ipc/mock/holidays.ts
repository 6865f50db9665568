// The mock's holidays from an iCalendar file: the engine's answers exported in
// ./data/holidays.json, never computed. "Choosing a file" reads the core's US federal holidays
// fixture for the premium agreement as imported; adding answers for exactly the dates the
// dialog checks as it opens, and then the agreement is stored with the exported TOML of its new
// version and lists the added holidays with where they came from. Any other agreement, any
// other choice of dates, or the agreement after other saves has no answer, and says so.
import type { AddHolidays, AddedHolidays, AgreementSource, HolidayFile, ListedHoliday } from "../bindings";
import { BackendError } from "../backend";
import { type Holidays, unwrap } from "./data";

/** The agreement the export read the file for. */
export const HOLIDAYS_AGREEMENT = "CTRA-APC-WV-PREMIUM";

export interface MockHolidays {
  readHolidayFile(agreementId: string): Promise<HolidayFile | null>;
  addHolidays(form: AddHolidays): Promise<AddedHolidays>;
  agreementHolidays(id: string): Promise<ListedHoliday[]>;
}

/** The mock's agreements as stored: what it reads, and how it saves a new version. */
export interface StoredSources {
  /** The agreement as stored now (the mock's own saves included). */
  current(id: string): AgreementSource | undefined;
  /** Its TOML as imported (the one the export read the file against). */
  imported(id: string): string | undefined;
  /** Stores a new version with this TOML (announcing the write, as every save of the mock). */
  save(id: string, source: string): AgreementSource;
}

const missing = (what: string) =>
  new BackendError("rejected", `The in-browser mock has no answer for ${what}: it shows only the engine's answers exported for it (crates/app/examples/export-mock.rs).`);

/** A form as compared with the exported one: every field, the dates in order. */
const formKey = (f: AddHolidays) =>
  JSON.stringify([f.agreement_id, f.version, f.file, f.calendar, f.holidays.map((h) => [h.date, h.name, h.uid])]);

/** `load`: the exported answers; `cancel`: the file dialog is cancelled (`?holidayCancel`). */
export function createHolidays(load: () => Promise<Holidays>, cancel: boolean, stored: StoredSources): MockHolidays {
  // The TOML stored by adding the exported dates here, while it is still the one stored.
  let addedSource: string | undefined;

  /** Which exported state the agreement is in: as imported, after the exported adding, or neither. */
  const state = (d: Holidays, id: string): "before" | "after" | null => {
    const now = stored.current(id)?.source;
    if (now === undefined) return null;
    if (addedSource !== undefined && now === addedSource && "ok" in d.source_after && now === d.source_after.ok.source) return "after";
    return now === stored.imported(id) ? "before" : null;
  };

  return {
    async readHolidayFile(agreementId) {
      if (cancel) return null;
      if (agreementId !== HOLIDAYS_AGREEMENT) throw missing(`holidays from a calendar file for ${agreementId} (it has the premium agreement's, from a US federal holidays file)`);
      const d = await load();
      if (state(d, agreementId) !== "before") throw missing(`the calendar file read against ${agreementId} as it is now (it has the file read against the terms as imported)`);
      return unwrap(d.file);
    },
    async addHolidays(form) {
      const id = form.agreement_id;
      const now = stored.current(id);
      if (!now) throw new BackendError("not_found", `not found: agreement ${id}`);
      if (now.version !== form.version) throw new BackendError("conflict", `conflict: agreement ${id} was changed by someone else; reload and try again`);
      const d = await load();
      if (id !== HOLIDAYS_AGREEMENT || state(d, id) !== "before" || formKey(form) !== formKey(d.form)) {
        throw missing(`adding these dates (it has adding ${d.form.holidays.map((h) => h.date).join(", ")} to the premium agreement as imported: the dates checked as the dialog opens)`);
      }
      const added = unwrap(d.added);
      const after = unwrap(d.source_after);
      stored.save(id, after.source);
      addedSource = after.source;
      return added;
    },
    async agreementHolidays(id) {
      if (id !== HOLIDAYS_AGREEMENT) throw missing(`the holidays of ${id} with where they came from (it has the premium agreement's)`);
      const d = await load();
      const s = state(d, id);
      if (s === null) throw missing(`the holidays of ${id} as it is now (it has them as imported, and after adding the calendar file's dates)`);
      return unwrap(d[s]);
    },
  };
}
