import { describe, expect, it } from "vitest";
import type { QueueItem } from "./ipc";
import { levelAt, nextEscalation, riskAt } from "./risk";

const T0 = Date.parse("2026-11-25T12:00:00Z") / 1000;
const iso = (s: number) => new Date(s * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");

function row(partial: Partial<QueueItem>): QueueItem {
  return {
    id: "T-1", agreement_id: "A", tier: "premium", priority: "p1", subject: "", customer: "", assignee: null,
    next_deadline: iso(T0 + 3600), escalation_level: 0,
    escalations: [{ level: 1, at: iso(T0 + 1800) }, { level: 2, at: iso(T0 + 3601) }],
    version: 1, waiting_since: null, breached_at: null, current_priority: "p1", ...partial,
  };
}

describe("risk of a queue row", () => {
  it("is paused without a deadline", () => {
    expect(riskAt(row({ next_deadline: null, escalations: [] }), T0)).toBe("paused");
  });
  it("is paused while waiting on the customer, even past a deadline breached before the wait", () => {
    const waiting = row({ waiting_since: iso(T0 - 600), breached_at: iso(T0 - 7200), next_deadline: iso(T0 - 7201) });
    expect(riskAt(waiting, T0)).toBe("paused");
    expect(riskAt({ ...waiting, waiting_since: null }, T0)).toBe("breached");
  });
  it("runs while far from the next level", () => {
    expect(riskAt(row({}), T0 - 3600)).toBe("running");
  });
  it("is near escalation within 30 minutes of the next level", () => {
    expect(riskAt(row({}), T0 + 1800 - 1800)).toBe("near");
    expect(riskAt(row({}), T0 + 1800 - 1801)).toBe("running");
  });
  it("is near escalation once a level is passed, and breached at the deadline", () => {
    expect(riskAt(row({}), T0 + 1800)).toBe("near");
    expect(riskAt(row({}), T0 + 3599)).toBe("near");
    expect(riskAt(row({}), T0 + 3600)).toBe("breached");
  });
  it("counts levels passed at their instants", () => {
    const r = row({ escalation_level: 1, escalations: [{ level: 2, at: iso(T0 + 10) }, { level: 3, at: iso(T0 + 20) }] });
    expect(levelAt(r, T0)).toBe(1);
    expect(levelAt(r, T0 + 10)).toBe(2);
    expect(levelAt(r, T0 + 25)).toBe(3);
    expect(nextEscalation(r, T0 + 10)).toBe(T0 + 20);
    expect(nextEscalation(r, T0 + 20)).toBeNull();
  });
});
