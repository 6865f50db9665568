import { describe, expect, it } from "vitest";
import { formatCompact, formatCounted, formatInstant, instantsIn, localTimesIn, toDateWords, zoneFor, zoneOf } from "./time";

const NY = "America/New_York";

describe("the display zone", () => {
  it("is UTC, or the computer's, whatever the agreement", () => {
    expect(zoneFor("utc", NY)).toBe("UTC");
    expect(zoneFor("utc", [NY, "Europe/Paris"])).toBe("UTC");
    expect(zoneFor("local", NY)).toBeUndefined();
  });

  it("is the agreement's, for an instant of one agreement", () => {
    expect(zoneFor("agreement", NY)).toBe(NY);
    // Not known (not read yet, or named wrong): the computer's.
    expect(zoneFor("agreement", undefined)).toBeUndefined();
    expect(zoneFor("agreement", "")).toBeUndefined();
  });

  it("is the zone several agreements share, else the computer's", () => {
    expect(zoneFor("agreement", [NY, NY])).toBe(NY);
    expect(zoneFor("agreement", [NY, "Europe/Paris"])).toBeUndefined();
    expect(zoneFor("agreement", [NY, undefined])).toBeUndefined();
    expect(zoneFor("agreement", [])).toBeUndefined();
  });

  it("is read from an agreement's TOML", () => {
    expect(zoneOf('id = "A"\n[calendar]\ntime_zone = " America/New_York "\n')).toBe(NY);
    expect(zoneOf('[calendar]\ntime_zone = "Mars/Olympus"\n')).toBeUndefined();
  });
});

describe("an instant", () => {
  it("reads the same wherever it is shown in the same zone, with the zone's short name", () => {
    const opened = "2026-12-05T02:12:00Z";
    expect(formatInstant(opened, "UTC")).toMatch(/^Sat,? 5 Dec 2026,? 02:12 UTC$/);
    expect(formatInstant(opened, NY)).toMatch(/^Fri,? 4 Dec 2026,? 21:12 (EST|GMT-5)$/);
    expect(formatInstant(opened, NY, true)).toMatch(/ 21:12:00 (EST|GMT-5)$/);
    expect(formatInstant(null, NY)).toBe("—");
  });

  it("in an engine's sentence is written as every instant is", () => {
    expect(instantsIn("statement 1 of 2026-10 was issued on 2026-11-20T15:00:00Z and nothing has moved since", NY)).toBe(
      `statement 1 of 2026-10 was issued on ${formatInstant("2026-11-20T15:00:00Z", NY)} and nothing has moved since`,
    );
    // With its seconds when it has some; a sentence without one, or none, as it is.
    expect(instantsIn("breached at 2026-11-09T14:00:01Z", "UTC")).toBe(`breached at ${formatInstant("2026-11-09T14:00:01Z", "UTC", true)}`);
    expect(instantsIn("version 2, saved by demo", "UTC")).toBe("version 2, saved by demo");
    expect(instantsIn(null, "UTC")).toBe("");
  });

  it("the engine wrote as a local time is read in its zone and written in the display zone", () => {
    const words = "to date, as of 2026-11-20 10:00 EST — provisional";
    expect(localTimesIn(words, NY, "UTC")).toBe(`to date, as of ${formatInstant("2026-11-20T15:00:00Z", "UTC")} — provisional`);
    expect(localTimesIn(words, NY, NY)).toBe(`to date, as of ${formatInstant("2026-11-20T15:00:00Z", NY)} — provisional`);
    // Summer time, seconds, and a zone the engine names by its offset.
    expect(localTimesIn("as of 2026-07-01 09:30:05 EDT", NY, "UTC")).toBe(`as of ${formatInstant("2026-07-01T13:30:05Z", "UTC", true)}`);
    expect(localTimesIn("as of 2026-07-01 19:00 +0530", "Asia/Kolkata", "UTC")).toBe(`as of ${formatInstant("2026-07-01T13:30:00Z", "UTC")}`);
    // The hour after the clocks go back is read once, not as the hour before.
    expect(localTimesIn("2026-11-01 03:00 EST", NY, "UTC")).toBe(formatInstant("2026-11-01T08:00:00Z", "UTC"));
  });

  it("a period is to date as of is said with the instant as every instant is", () => {
    expect(toDateWords("2026-11-20T15:00:00Z", "to date, as of 2026-11-20 10:00 EST — provisional", "UTC")).toBe(
      `to date, as of ${formatInstant("2026-11-20T15:00:00Z", "UTC")} — provisional`,
    );
    expect(toDateWords(null, "", "UTC")).toBe("");
  });
});

describe("time counted on a clock", () => {
  it("says when it is business time, not calendar time", () => {
    expect(formatCounted(86 * 86400 + 15 * 3600, "business")).toBe("86d 15h business time");
    expect(formatCounted(2 * 3600 + 5 * 60, "24x7")).toBe("2h 05m");
  });
});

describe("an instant in few characters", () => {
  const now = Date.parse("2026-11-20T15:00:00Z") / 1000;
  it("leaves out this year and the zone's name, and keeps another year", () => {
    expect(formatCompact("2026-11-19T15:00:00Z", "America/New_York", now)).toBe("19 Nov 10:00");
    expect(formatCompact("2025-12-31T23:30:00Z", "UTC", now)).toBe("31 Dec 2025 23:30");
    // The year is the zone's: 1 January 02:00 UTC is still last year in New York.
    expect(formatCompact("2026-01-01T02:00:00Z", "America/New_York", now)).toBe("31 Dec 2025 21:00");
  });
});
