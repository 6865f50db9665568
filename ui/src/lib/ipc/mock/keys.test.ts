// The mock finds the engine's answers by keys it writes as the export does (export-mock.rs):
// every chart category of every exported dashboard must find its drill-down, and every
// dashboard its scope.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Dashboards, Drills } from "./data";
import { drillKey, scopeKey } from "./reports";

// Vitest runs from the repository's root.
const read = <T>(name: string) => JSON.parse(readFileSync(`ui/src/lib/ipc/mock/data/${name}.json`, "utf8")) as T;

describe("the mock's keys are the export's", () => {
  const dashboards = read<Dashboards>("dashboards");
  const drills = read<Drills>("drills");

  it("finds the drill-down of every chart category", () => {
    let regions = 0;
    for (const d of Object.values(dashboards)) {
      if (!("ok" in d)) continue;
      for (const c of d.ok.charts) {
        for (const r of c.regions) {
          regions += 1;
          expect(drills[drillKey(r.drill)], drillKey(r.drill)).toBeDefined();
        }
      }
    }
    expect(regions).toBeGreaterThan(100);
  });

  it("names each dashboard's scope as the export does", () => {
    for (const [key, d] of Object.entries(dashboards)) {
      if (!("ok" in d)) continue;
      expect(key.startsWith(`${scopeKey(d.ok.scope)} `), key).toBe(true);
    }
  });
});
