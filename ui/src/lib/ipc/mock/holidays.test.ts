// The mock's holidays from a calendar file answer exactly what the export did: the file read for
// the premium agreement as imported, adding the dates the dialog checks as it opens (a new
// version with the exported TOML), and the holidays listed before and after; a stale version is
// a conflict, and anything else has no answer.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { AgreementSource } from "../bindings";
import type { Holidays } from "./data";
import { HOLIDAYS_AGREEMENT, createHolidays } from "./holidays";

// Vitest runs from the repository's root.
const data = JSON.parse(readFileSync("ui/src/lib/ipc/mock/data/holidays.json", "utf8")) as Holidays;
const base = JSON.parse(readFileSync("ui/src/lib/ipc/mock/data/base.json", "utf8")) as { sources: Record<string, AgreementSource> };
const ok = <T>(a: { ok: T } | { error: unknown }): T => {
  if (!("ok" in a)) throw new Error("the export has an error here");
  return a.ok;
};

function mock(cancel = false) {
  const sources = new Map(Object.entries(base.sources).map(([id, s]) => [id, { ...s }]));
  let saves = 0;
  const m = createHolidays(async () => data, cancel, {
    current: (id) => sources.get(id),
    imported: (id) => base.sources[id]?.source,
    save: (id, source) => {
      const saved = { id, version: (sources.get(id)?.version ?? 0) + 1, source };
      sources.set(id, saved);
      saves += 1;
      return saved;
    },
  });
  return { m, sources, saves: () => saves };
}

describe("the mock's holidays from a calendar file", () => {
  it("reads the file for the premium agreement, and lists its holidays as imported", async () => {
    const { m } = mock();
    const f = await m.readHolidayFile(HOLIDAYS_AGREEMENT);
    expect(f?.file).toBe("us-federal.ics");
    expect(f?.version).toBe(base.sources[HOLIDAYS_AGREEMENT]?.version);
    expect(await m.agreementHolidays(HOLIDAYS_AGREEMENT)).toEqual(ok(data.before));
  });

  it("a cancelled dialog reads nothing", async () => {
    expect(await mock(true).m.readHolidayFile(HOLIDAYS_AGREEMENT)).toBeNull();
  });

  it("has no answer for another agreement", async () => {
    const { m } = mock();
    const other = Object.keys(base.sources).find((id) => id !== HOLIDAYS_AGREEMENT) as string;
    await expect(m.readHolidayFile(other)).rejects.toThrow(/in-browser mock has no answer/);
    await expect(m.agreementHolidays(other)).rejects.toThrow(/in-browser mock has no answer/);
  });

  it("adds the dialog's default dates as a new version, then lists them with their source", async () => {
    const { m, sources, saves } = mock();
    expect(await m.addHolidays(data.form)).toEqual(ok(data.added));
    expect(saves()).toBe(1);
    expect(sources.get(HOLIDAYS_AGREEMENT)).toEqual(ok(data.source_after));
    expect(await m.agreementHolidays(HOLIDAYS_AGREEMENT)).toEqual(ok(data.after));
    // Read again, the file would be against the new version: not exported.
    await expect(m.readHolidayFile(HOLIDAYS_AGREEMENT)).rejects.toThrow(/in-browser mock has no answer/);
  });

  it("refuses a stale version as a conflict, changing nothing", async () => {
    const { m, saves } = mock();
    await m.addHolidays(data.form);
    await expect(m.addHolidays(data.form)).rejects.toMatchObject({ code: "conflict" });
    expect(saves()).toBe(1);
  });

  it("has no answer for other dates", async () => {
    const { m, saves } = mock();
    const fewer = { ...data.form, holidays: data.form.holidays.slice(1) };
    await expect(m.addHolidays(fewer)).rejects.toThrow(/in-browser mock has no answer for adding these dates/);
    expect(saves()).toBe(0);
  });
});
