import { describe, expect, it } from "vitest";
import { clockFigures, resolutionRuns, wallClock } from "./mockClock";

describe("the mock's clock figures", () => {
  it("a running clock has a projected deadline and no breach yet", () => {
    expect(clockFigures([[0, null]], 100, 40)).toEqual({ elapsed: 40, due: 100, breachedAt: null });
    // At the deadline itself elapsed equals the target: not breached yet.
    expect(clockFigures([[0, null]], 100, 100)).toEqual({ elapsed: 100, due: 100, breachedAt: null });
  });

  it("a clock running through its deadline breaches one second after it", () => {
    expect(clockFigures([[0, null]], 100, 101)).toEqual({ elapsed: 101, due: 100, breachedAt: 101 });
    expect(clockFigures([[0, 500]], 100, 900)).toEqual({ elapsed: 500, due: 100, breachedAt: 101 });
  });

  it("a clock paused at its deadline breaches at the first second after it runs again", () => {
    const runs: [number, number | null][] = [
      [0, 60],
      [200, 240],
      [1000, null],
    ];
    expect(clockFigures(runs, 100, 900)).toEqual({ elapsed: 100, due: 240, breachedAt: null });
    expect(clockFigures(runs, 100, 1001)).toEqual({ elapsed: 101, due: 240, breachedAt: 1001 });
  });

  it("a clock stopped at its deadline is met; reopened later it breaches then", () => {
    expect(clockFigures([[0, 100]], 100, 500)).toEqual({ elapsed: 100, due: 100, breachedAt: null });
    expect(clockFigures([[0, 100], [700, 800]], 100, 900)).toEqual({ elapsed: 200, due: 100, breachedAt: 701 });
  });

  it("a clock paused short of its target has no deadline", () => {
    expect(clockFigures([[0, 30]], 100, 900)).toEqual({ elapsed: 30, due: null, breachedAt: null });
  });
});

describe("the mock's resolution stretches", () => {
  it("pauses while waiting on the customer, runs again on reply, stops when resolved", () => {
    const events = [
      { at: 60, kind: "waiting_on_customer" as const },
      { at: 200, kind: "customer_replied" as const },
      { at: 300, kind: "resolved" as const },
    ];
    expect(resolutionRuns(0, events, 1000)).toEqual({ runs: [[0, 60], [200, 300]], paused: false, stopped: true, stop: 300 });
    // Events after the evaluation instant are ignored.
    expect(resolutionRuns(0, events, 100)).toEqual({ runs: [[0, 60]], paused: true, stopped: false, stop: null });
  });

  it("a reopened ticket runs again, keeping what it counted", () => {
    const events = [
      { at: 50, kind: "resolved" as const },
      { at: 80, kind: "closed" as const },
      { at: 90, kind: "reopened" as const },
    ];
    expect(resolutionRuns(10, events, 1000)).toEqual({ runs: [[10, 50], [90, null]], paused: false, stopped: false, stop: null });
  });
});

describe("a wall-clock time in a time zone", () => {
  it("is the instant it names there, in winter and in summer", () => {
    expect(wallClock("America/New_York", 2026, 11, 13, 9)).toBe(Date.parse("2026-11-13T14:00:00Z") / 1000);
    expect(wallClock("America/New_York", 2026, 7, 10, 17)).toBe(Date.parse("2026-07-10T21:00:00Z") / 1000);
    expect(wallClock("UTC", 2026, 12, 31, 23, 30)).toBe(Date.parse("2026-12-31T23:30:00Z") / 1000);
  });

  it("lets days overflow into the next month", () => {
    expect(wallClock("America/New_York", 2026, 11, 31, 9)).toBe(Date.parse("2026-12-01T14:00:00Z") / 1000);
  });
});
