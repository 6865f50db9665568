import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ImportPreview } from "./ipc/bindings";
import { BackendError } from "./ipc/backend";
import { count, countRows, profileName, debounceLatest, formatBytes, importBlocker, isNotAccordsOwn, listing, progressText, total, whatWouldBeStored } from "./imports";

// The back end's answer to importing a helpdesk's JSON as Accord's own files (import.rs,
// `classify`), and to a tickets CSV with a bad priority (the mock's `?importError`).
const reason = "not an agreement (.toml), a tickets CSV (with `opened_at`) or an events CSV (with `at` and `kind`)";
const foreign = new BackendError("input", "2 problems were found; nothing was changed", [
  { file: "tickets.json", line: 1, column: 0, key: "", reason },
  { file: "audits.json", line: 1, column: 0, key: "", reason },
]);
const badPriority = new BackendError("input", "1 problem was found; nothing was changed", [
  { file: "tickets.csv", line: 3, column: 4, key: "priority", reason: "`p9` is not a priority (expected `p1`, `p2`, `p3`, `p4`)" },
]);

describe("an import error on files that are not Accord's own", () => {
  it("is told apart from a problem inside Accord's own files", () => {
    expect(isNotAccordsOwn(foreign)).toBe(true);
    expect(isNotAccordsOwn(badPriority)).toBe(false);
  });

  it("counts when one file of several is foreign", () => {
    const mixed = new BackendError("input", "2 problems were found; nothing was changed", [...badPriority.details, { file: "export.csv", line: 1, column: 0, key: "", reason }]);
    expect(isNotAccordsOwn(mixed)).toBe(true);
  });

  it("needs the input code: the same words in another failure are not a file's kind", () => {
    expect(isNotAccordsOwn(new BackendError("io", reason, foreign.details))).toBe(false);
    expect(isNotAccordsOwn(new BackendError("input", reason, []))).toBe(false);
  });
});

describe("counts", () => {
  it("gives sizes as people read them", () => {
    expect(formatBytes(0)).toBe("0 bytes");
    expect(formatBytes(1)).toBe("1 byte");
    expect(formatBytes(1023)).toBe("1,023 bytes");
    expect(formatBytes(16014)).toBe("15.6 KB");
    expect(formatBytes(110071)).toBe("107.5 KB");
    expect(formatBytes(5 * 1024 * 1024)).toBe("5.0 MB");
  });

  it("lists counts largest first, ties by name, and totals them", () => {
    const placed = { "CTRA-APC-WV-BASIC": 3, "CTRA-APC-WV-ENT-MOUNTAINEER": 2, "CTRA-APC-WV-PREMIUM": 4, "A-OTHER": 3 };
    expect(countRows(placed)).toEqual([
      ["CTRA-APC-WV-PREMIUM", 4],
      ["A-OTHER", 3],
      ["CTRA-APC-WV-BASIC", 3],
      ["CTRA-APC-WV-ENT-MOUNTAINEER", 2],
    ]);
    expect(total(placed)).toBe(12);
    expect(total({})).toBe(0);
  });

  it("says what an import would store", () => {
    expect(count(1, "ticket")).toBe("1 ticket");
    expect(count(1200, "event")).toBe("1,200 events");
    expect(listing(["a"])).toBe("a");
    expect(listing(["a", "b", "c"])).toBe("a, b and c");
    expect(whatWouldBeStored({ placed: { "CTRA-APC-WV-BASIC": 3, "CTRA-APC-WV-ENT-MOUNTAINEER": 2, "CTRA-APC-WV-PREMIUM": 4 }, events: 37 })).toBe(
      "9 tickets and 37 events: 4 under CTRA-APC-WV-PREMIUM, 3 under CTRA-APC-WV-BASIC and 2 under CTRA-APC-WV-ENT-MOUNTAINEER",
    );
    expect(whatWouldBeStored({ placed: { X: 1 }, events: 1 })).toBe("1 ticket and 1 event: 1 under X");
  });
});

describe("a profile's name", () => {
  it("is its top-level name key, as the import keeps it", () => {
    expect(profileName('# A profile\nsource = "zendesk"\nname = "APC Zendesk (test fixture)"\n[[agreement]]\n')).toBe("APC Zendesk (test fixture)");
    expect(profileName('source = "csv"\n# name = "old"\n')).toBeNull();
  });
});

describe("when the import is offered", () => {
  const preview = (placed: Record<string, number>): ImportPreview => ({ source: "zendesk", read: 10, placed, skipped: {}, unmapped: {}, events: 3, tickets: [] });
  const answered = (p: ImportPreview) => ({ pending: false, text: "profile", preview: p, error: undefined });

  it("offers it only for a current preview without problems that places a ticket", () => {
    expect(importBlocker(answered(preview({ A: 1 })), "profile")).toBeNull();
    expect(importBlocker(answered(preview({})), "profile")).toMatch(/No ticket is placed/);
    expect(importBlocker({ ...answered(preview({ A: 1 })), error: new BackendError("input", "bad") }, "profile")).toMatch(/problems/);
  });

  it("waits while the preview is for another text or an answer is on its way", () => {
    expect(importBlocker(answered(preview({ A: 1 })), "profile edited")).toMatch(/being updated/);
    expect(importBlocker({ ...answered(preview({ A: 1 })), pending: true }, "profile")).toMatch(/being updated/);
    expect(importBlocker({ pending: false, text: undefined, preview: undefined, error: undefined }, "profile")).toMatch(/being updated/);
    expect(importBlocker(answered(preview({ A: 1 })), "  ")).toMatch(/Write a profile/);
  });
});

describe("the preview's debounce", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("asks once, a moment after the last edit, with the last text", async () => {
    const ask = vi.fn((q: string) => Promise.resolve(q.length));
    const deliver = vi.fn();
    const d = debounceLatest(ask, deliver, 400);
    d.request("a");
    await vi.advanceTimersByTimeAsync(300);
    d.request("ab");
    await vi.advanceTimersByTimeAsync(300);
    d.request("abc");
    await vi.advanceTimersByTimeAsync(399);
    expect(ask).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(ask).toHaveBeenCalledTimes(1);
    expect(ask).toHaveBeenCalledWith("abc");
    expect(deliver).toHaveBeenCalledWith("abc", { ok: true, value: 3 });
  });

  it("discards a slow answer to an older text that arrives after a newer one was asked", async () => {
    const waiting = new Map<string, (n: number) => void>();
    const ask = (q: string) => new Promise<number>((resolve) => waiting.set(q, resolve));
    const delivered: string[] = [];
    const d = debounceLatest(ask, (q) => delivered.push(q), 400);
    d.request("old");
    await vi.advanceTimersByTimeAsync(400);
    d.request("new");
    await vi.advanceTimersByTimeAsync(400);
    waiting.get("new")?.(3);
    await vi.advanceTimersByTimeAsync(0);
    waiting.get("old")?.(3);
    await vi.advanceTimersByTimeAsync(0);
    expect(delivered).toEqual(["new"]);
  });

  it("delivers failures too, and nothing once cancelled", async () => {
    const deliver = vi.fn();
    const d = debounceLatest((q: string) => Promise.reject(new Error(q)), deliver, 400);
    d.request("broken");
    await vi.advanceTimersByTimeAsync(400);
    expect(deliver).toHaveBeenCalledWith("broken", { ok: false, error: new Error("broken") });
    deliver.mockClear();
    d.request("later");
    d.cancel();
    await vi.advanceTimersByTimeAsync(1000);
    expect(deliver).not.toHaveBeenCalled();
  });
});

describe("progressText", () => {
  it("says the bytes read and the share while reading, then the stage", () => {
    expect(progressText(undefined)).toBe("Starting…");
    expect(progressText({ stage: "reading", done: 0, total: 0 })).toBe("Reading the export…");
    expect(progressText({ stage: "reading", done: 5 * 1024 * 1024, total: 20 * 1024 * 1024 })).toBe("Reading the export: 5.0 MB of 20.0 MB (25%)");
    // Never more than 100% (a file read twice makes the total grow, not the share pass it).
    expect(progressText({ stage: "reading", done: 30, total: 20 })).toContain("(100%)");
    expect(progressText({ stage: "checking", done: 20, total: 20 })).toBe("Checking the tickets and events against the database…");
    expect(progressText({ stage: "writing", done: 20, total: 20 })).toBe("Writing to the database, in one transaction…");
  });
});
