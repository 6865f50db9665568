// The holiday dialog's choices and sentences, over the engine's answer for the US federal
// holidays file read for the premium agreement (the mock's data).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { HolidayCandidate, HolidayFile, ListedHoliday } from "../../lib/ipc";
import type { Holidays } from "../../lib/ipc/mock/data";
import { formatInstant } from "../../lib/time";
import {
  addForm,
  addLabel,
  addedSummary,
  allNew,
  candidateStatus,
  chosenCandidates,
  defaultChoice,
  fileSummary,
  knownZone,
  pastWarning,
  rangeText,
  sourceOf,
  sourceText,
  statusText,
} from "./holidays";

// Vitest runs from the repository's root.
const data = JSON.parse(readFileSync("ui/src/lib/ipc/mock/data/holidays.json", "utf8")) as Holidays;
const ok = <T>(a: { ok: T } | { error: unknown }): T => {
  if (!("ok" in a)) throw new Error("the export has an error here");
  return a.ok;
};
const file: HolidayFile = ok(data.file);
const at = (date: string) => file.candidates.find((c) => c.date === date) as HolidayCandidate;

describe("a candidate's status", () => {
  it("is already a holiday, new, or new before today", () => {
    expect(candidateStatus(at("2026-11-26"))).toBe("listed");
    expect(statusText(at("2026-11-26"))).toBe("Already a holiday (Thanksgiving Day)");
    expect(candidateStatus(at("2026-11-27"))).toBe("new");
    expect(statusText(at("2026-11-27"))).toBe("New");
    expect(candidateStatus(at("2026-10-12"))).toBe("past");
    expect(statusText(at("2026-10-12"))).toBe("New — before today: adding it changes figures already reported");
  });
});

describe("the dates chosen", () => {
  it("are, as the dialog opens, every new date from today on: the export's form", () => {
    const chosen = defaultChoice(file);
    expect([...chosen]).toEqual(["2026-11-27", "2026-12-30", "2026-12-31"]);
    expect(addForm(file, chosen)).toEqual(data.form);
  });

  it("'all new' takes the dates before today too, never one already a holiday", () => {
    const all = allNew(file);
    expect(all.has("2026-01-19")).toBe(true);
    expect(all.has("2026-11-26")).toBe(false);
    expect(all.size).toBe(file.candidates.filter((c) => c.listed === null).length);
  });

  it("are sent in the file's order, and a listed date is never sent even when asked", () => {
    const form = addForm(file, new Set(["2026-12-31", "2026-11-26", "2026-01-19"]));
    expect(form.holidays).toEqual([
      { date: "2026-01-19", name: "Birthday of Martin Luther King, Jr.", uid: "mlk-day@holidays.example.gov" },
      { date: "2026-12-31", name: "Year-end agency closure", uid: "year-end-closure-2026@holidays.example.gov" },
    ]);
    expect([form.agreement_id, form.version, form.file, form.calendar]).toEqual(["CTRA-APC-WV-PREMIUM", 1, "us-federal.ics", "US Federal Holidays"]);
    expect(chosenCandidates(file, new Set()).length).toBe(0);
  });
});

describe("what the dialog says", () => {
  it("names the range read and what the file holds", () => {
    expect(rangeText(file)).toBe("from 2026-01-01 to 2026-12-31, the agreement's term");
    expect(fileSummary(file)).toBe("15 holidays in the file: 6 already holidays, 9 new (6 before today).");
    expect(fileSummary({ ...file, candidates: [] })).toBe("No whole-day holidays in the file for the agreement's term.");
  });

  it("counts the holidays to add on its button", () => {
    expect(addLabel(0)).toBe("Add holidays");
    expect(addLabel(1)).toBe("Add 1 holiday");
    expect(addLabel(3)).toBe("Add 3 holidays");
  });

  it("warns only when dates before today are chosen", () => {
    expect(pastWarning(0)).toBeNull();
    expect(pastWarning(1)).toBe("1 chosen date is before today: the figures already reported for that day will change, and issued statements will show a restatement.");
    expect(pastWarning(2)).toMatch(/^2 chosen dates are before today: the figures already reported for those days will change/);
  });

  it("sums up what adding did, with the dates before today", () => {
    expect(addedSummary(ok(data.added), "us-federal.ics")).toBe("Added 3 holidays from us-federal.ics (version 2)");
    expect(addedSummary({ version: 4, added: 1, past: 1 }, "x.ics")).toBe("Added 1 holiday from x.ics (version 4); 1 before today");
  });
});

describe("where a holiday came from", () => {
  const after: ListedHoliday[] = ok(data.after);

  it("is found by date and name, only for one added from a file", () => {
    expect(sourceOf(after, "2026-11-27", "Thanksgiving break")?.uid).toBe("thanksgiving-break-2026@holidays.example.gov");
    // Renamed in the form since: not the one listed.
    expect(sourceOf(after, "2026-11-27", "Black Friday")).toBeUndefined();
    // Written in the terms.
    expect(sourceOf(after, "2026-11-26", "Thanksgiving Day")).toBeUndefined();
    expect(sourceOf(undefined, "2026-11-27", "Thanksgiving break")).toBeUndefined();
  });

  it("says the file, its calendar, when and by whom", () => {
    const h = sourceOf(after, "2026-12-30", "Year-end agency closure") as ListedHoliday;
    // The instant as the time helpers write it (its commas are the ICU's).
    expect(sourceText(h, "UTC")).toBe(`from us-federal.ics (US Federal Holidays), added ${formatInstant("2026-11-20T15:00:00Z", "UTC")} by demo`);
    expect(sourceText({ ...h, calendar: null, added: null }, "UTC")).toBe("from us-federal.ics");
  });

  it("shows times in a zone Intl knows, else the computer's", () => {
    expect(knownZone(" America/New_York ")).toBe("America/New_York");
    expect(knownZone("America/New_Yo")).toBeUndefined();
    expect(knownZone("")).toBeUndefined();
  });
});
