import { describe, expect, it } from "vitest";
import * as labels from "./labels";
import {
  CHANNEL_LABEL,
  CLOCK_NAME_LABEL,
  CLOCK_STATE_LABEL,
  COUNTED_LABEL,
  EVENT_LABEL,
  PRIORITY_LABEL,
  PRIORITY_WORD,
  SOURCE_LABEL,
  TERM_STATUS_LABEL,
  TIER_LABEL,
  keysOf,
  optionsOf,
} from "./labels";

describe("labels", () => {
  it("names priorities the house way: its code, then its word", () => {
    expect(PRIORITY_LABEL).toEqual({ p1: "P1 critical", p2: "P2 high", p3: "P3 normal", p4: "P4 low" });
    for (const p of keysOf(PRIORITY_LABEL)) {
      expect(PRIORITY_LABEL[p].startsWith(`${p.toUpperCase()} `)).toBe(true);
      expect(PRIORITY_LABEL[p]).toBe(`${p.toUpperCase()} ${PRIORITY_WORD[p]}`);
    }
    expect(Object.values(PRIORITY_LABEL).join(" ")).not.toMatch(/medium/i);
  });

  it("lists priorities in order, P1 first", () => {
    expect(keysOf(PRIORITY_LABEL)).toEqual(["p1", "p2", "p3", "p4"]);
  });

  it("names channels and tiers the house way", () => {
    expect(CHANNEL_LABEL).toEqual({ phone: "Phone", email: "Email", live_chat: "Live chat", help_desk: "Help desk" });
    expect(TIER_LABEL).toEqual({ basic: "Basic", premium: "Premium", enterprise: "Enterprise" });
    expect(optionsOf(TIER_LABEL)).toEqual([
      ["basic", "Basic"],
      ["premium", "Premium"],
      ["enterprise", "Enterprise"],
    ]);
  });

  it("names clocks, clock states, events and term statuses", () => {
    expect(CLOCK_NAME_LABEL).toEqual({ first_response: "First response", resolution: "Resolution" });
    expect(CLOCK_STATE_LABEL.breached).toBe("Breached");
    expect(EVENT_LABEL.waiting_on_customer).toBe("Waiting on customer");
    expect(TERM_STATUS_LABEL.upcoming).toBe("Upcoming");
  });

  it("names every helpdesk source as its maker does, never by its profile code", () => {
    expect(SOURCE_LABEL).toEqual({
      zendesk: "Zendesk",
      servicenow: "ServiceNow",
      jira: "Jira Service Management",
      freshdesk: "Freshdesk",
      tmf621: "TMF621 Trouble Ticket",
      csv: "Any CSV",
    });
  });

  it("says how a clock counted in a statement in words, never as the code", () => {
    expect(COUNTED_LABEL).toEqual({ met: "met", breached: "breached", not_counted: "not counted" });
  });

  it("gives distinct values distinct, non-empty labels in every map", () => {
    const maps = Object.entries(labels).filter(([, v]) => typeof v === "object" && v !== null) as [string, Record<string, string>][];
    expect(maps.length).toBeGreaterThanOrEqual(12);
    for (const [name, map] of maps) {
      const values = Object.values(map);
      expect(values.every((v) => typeof v === "string" && v.trim() !== ""), name).toBe(true);
      expect(new Set(values).size, name).toBe(values.length);
    }
  });
});
