// The mock's dashboards, drill-downs, report exports and what-if: looked up in the engine's
// exported answers (./data.ts), never computed here. A period, scope or TOML the export did not
// ask about is said to be missing, not made up.
import type { Dashboard, Drill, DrillRows, ReportFormat, Scope, WhatIf } from "../bindings";
import { BackendError } from "../backend";
import { loadDashboards, loadDrills, loadReports, unwrap } from "./data";

/** How the export names a scope (see `scope_key` in export-mock.rs). */
export function scopeKey(s: Scope): string {
  if (s.agreement) return `agreement:${s.agreement}`;
  if (s.tier) return `tier:${s.tier}`;
  if (s.region) return `region:${s.region}`;
  return "all";
}

/** How the export names a drill-down (see `drill_key` in export-mock.rs). */
export function drillKey(d: Drill): string {
  return JSON.stringify([scopeKey(d.scope), d.period, d.kind, d.priority ?? null, d.channel ?? null, d.bucket ?? null, d.label]);
}

const missing = (what: string) =>
  new BackendError(
    "rejected",
    `The browser mock has no ${what}: it shows only the engine's answers exported for it (crates/app/examples/export-mock.rs).`,
  );

export interface MockReports {
  dashboard(scope: Scope, period: string): Promise<Dashboard>;
  drill(drill: Drill): Promise<DrillRows>;
  exportReport(scope: Scope, period: string, format: ReportFormat): Promise<string | null>;
  whatIf(agreementId: string, source: string, period: string): Promise<WhatIf>;
}

/** `cancelExports`: the save dialog is cancelled (`?exportCancel`). */
export function createReports(cancelExports: boolean): MockReports {
  return {
    async dashboard(scope, period) {
      const d = (await loadDashboards())[`${scopeKey(scope)} ${period}`];
      if (!d) throw missing(`dashboard of ${period} for ${scopeKey(scope)}`);
      return unwrap(d);
    },
    async drill(drill) {
      const d = (await loadDrills())[drillKey(drill)];
      if (!d) throw missing(`list of the tickets behind “${drill.label}”`);
      return unwrap(d);
    },
    async exportReport(scope, period, format) {
      const [dashboards, { names }] = await Promise.all([loadDashboards(), loadReports()]);
      // The engine's refusals (a period that is not one, an unknown agreement) come first.
      const d = dashboards[`${scopeKey(scope)} ${period}`];
      if (d) unwrap(d);
      if (cancelExports) return null;
      const name = names[`${scopeKey(scope)} ${period} ${format}`];
      if (!name) throw missing(`report of ${period} for ${scopeKey(scope)}`);
      // As if the suggested name was accepted in the save dialog.
      return `/home/user/${name}`;
    },
    async whatIf(agreementId, source, period) {
      const { what_ifs } = await loadReports();
      const w = what_ifs.find((x) => x.agreement === agreementId && x.period === period && x.source === source);
      if (!w) throw missing(`replay of this TOML over ${period} (it has the agreements in force and the TOML files of ui/src/lib/ipc/mock/fixture/what-if)`);
      return unwrap(w.result);
    },
  };
}
