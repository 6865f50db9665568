// Engine errors find their field: the exact key when the form has it, else the nearest row that
// holds it, else the summary; and every field's key is one the form registers.
import { describe, expect, it } from "vitest";
import type { InputError } from "../../lib/ipc";
import { SECTIONS, domId, errorId, fieldKeys, parentKey, placeErrors } from "./keys";
import { NEW_AGREEMENT } from "./template";
import { readAgreement } from "./toml";

const err = (key: string): InputError => ({ file: "agreement", line: 1, column: 1, key, reason: `bad ${key}` });

function model() {
  const r = readAgreement(NEW_AGREEMENT);
  if (!r.ok) throw new Error(r.problems.join("\n"));
  const m = r.model;
  m.calendar.week.sun = ["10:00-14:00"];
  m.calendar.holidays = [{ date: "2026-01-01", name: "New Year's Day" }];
  m.escalation.push({ level: "2", name: "Director", clock: "resolution", at: "1.5", contact: "" });
  m.credits.bands = [
    { below: "0.95", percent: "5" },
    { below: "0.9", percent: "10" },
  ];
  m.channels.push({ kind: "phone", hours: { mode: "daily", windows: ["08:00-20:00"] }, after_hours: "" });
  m.channels.push({ kind: "live_chat", hours: { mode: "weekly", week: { ...m.calendar.week, sat: ["09:00-12:00"] } }, after_hours: "" });
  return m;
}

describe("parentKey", () => {
  it("strips the last index or name", () => {
    expect(parentKey("calendar.sun[0]")).toBe("calendar.sun");
    expect(parentKey("escalation[1].at")).toBe("escalation[1]");
    expect(parentKey("escalation[1]")).toBe("escalation");
    expect(parentKey("targets.p1")).toBe("targets");
    expect(parentKey("id")).toBeNull();
    expect(parentKey("")).toBeNull();
  });
});

describe("placeErrors", () => {
  const m = model();
  const known = new Set(fieldKeys(m));
  const place = (key: string) => {
    const p = placeErrors([err(key)], known);
    return p.unplaced.length ? null : [...p.byKey.keys()][0];
  };

  it("puts an error on the field its key names", () => {
    expect(place("calendar.sun[0]")).toBe("calendar.sun[0]");
    expect(place("targets.p1.resolution")).toBe("targets.p1.resolution");
    expect(place("escalation[1].at")).toBe("escalation[1].at");
    expect(place("channels[2].hours")).toBe("channels[2].hours");
    expect(place("channels[1].hours[0]")).toBe("channels[1].hours[0]");
    expect(place("channels[2].hours.sat[0]")).toBe("channels[2].hours.sat[0]");
    expect(place("credits.per_breach.p2")).toBe("credits.per_breach.p2");
    expect(place("calendar.holidays[0].date")).toBe("calendar.holidays[0].date");
    expect(place("technical_staff")).toBe("technical_staff");
    expect(place("id")).toBe("id");
  });

  it("puts an error under a key the form has no field for on the row that holds it", () => {
    expect(place("credits.bands[1].foo")).toBe("credits.bands[1]");
    expect(place("escalation[1].foo")).toBe("escalation[1]");
    // A day's overlap is the day's, not a window's.
    expect(place("calendar.mon")).toBe("calendar.mon");
  });

  it("leaves what no field or row holds to the summary", () => {
    expect(place("calendar")).toBeNull();
    expect(place("foo")).toBeNull();
    expect(place("")).toBeNull();
    // A row the model does not have (the file and the form disagree) is not guessed at.
    expect(place("escalation[7].at")).toBeNull();
    expect(place("calendar.sun[3]")).toBe("calendar.sun");
  });

  it("keeps several errors of one key, and the others apart", () => {
    const p = placeErrors([err("targets.p1.resolution"), err("targets.p1.resolution"), err("nope"), err("targets.p2")], known);
    expect(p.byKey.get("targets.p1.resolution")).toHaveLength(2);
    expect(p.byKey.get("targets.p2")).toHaveLength(1);
    expect(p.unplaced.map((e) => e.key)).toEqual(["nope"]);
  });
});

describe("field keys and element ids", () => {
  it("are unique, so each message has one field and one id", () => {
    const keys = fieldKeys(model());
    expect(new Set(keys).size).toBe(keys.length);
    const ids = keys.map((k) => domId(k));
    expect(new Set(ids).size).toBe(ids.length);
    expect(domId("calendar.sun[0]", "from")).toBe("f-calendar-sun-0---from");
    expect(errorId("escalation[1].at")).toBe("f-escalation-1-at--error");
  });

  it("each belongs to exactly one section", () => {
    for (const k of fieldKeys(model())) {
      expect(SECTIONS.filter((s) => s.keys.test(k)).map((s) => s.id), k).toHaveLength(1);
    }
  });
});
