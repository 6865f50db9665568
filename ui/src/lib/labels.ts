// The words the UI shows for the backend's domain values, each map written once and typed on
// the generated bindings' unions: a new variant in Rust fails the type check here until it is
// given a label. Screens, selects, the agreement form and the mock backend all read these.
import type {
  ChannelKind,
  ClockKind,
  ClockName,
  ClockState,
  Counted,
  DrillOutcome,
  EventKind,
  Outcome,
  Priority,
  SegmentKind,
  SourceKind,
  TermStatus,
  Tier,
  Verdict,
} from "./ipc";

/** A priority's word, after its code: "P3 normal" is P3 and "normal". */
export const PRIORITY_WORD: Record<Priority, string> = { p1: "critical", p2: "high", p3: "normal", p4: "low" };

/** A priority's house name: its code and its word ("P1 critical" … "P4 low"). */
export const PRIORITY_LABEL = Object.fromEntries(
  (Object.keys(PRIORITY_WORD) as Priority[]).map((p) => [p, `${p.toUpperCase()} ${PRIORITY_WORD[p]}`]),
) as Record<Priority, string>;

export const TIER_LABEL: Record<Tier, string> = { basic: "Basic", premium: "Premium", enterprise: "Enterprise" };

export const CHANNEL_LABEL: Record<ChannelKind, string> = { phone: "Phone", email: "Email", live_chat: "Live chat", help_desk: "Help desk" };

/** Which of a ticket's two clocks. */
export const CLOCK_NAME_LABEL: Record<ClockName, string> = { first_response: "First response", resolution: "Resolution" };

/** Which calendar a target's clock counts on. */
export const CLOCK_KIND_LABEL: Record<ClockKind, string> = { business: "Business hours", "24x7": "24x7" };

export const CLOCK_STATE_LABEL: Record<ClockState, string> = { met: "Met", breached: "Breached", running: "Running", paused: "Paused" };

/** A what-if clock outcome: a clock state, or a clock that falls in another period. */
export const OUTCOME_LABEL: Record<Outcome, string> = {
  met: "met",
  breached: "breached",
  running: "running",
  paused: "paused",
  other_period: "another period",
};

/** What a drill-down row counted (a CSAT row shows its score instead). */
export const DRILL_OUTCOME_LABEL: Record<Exclude<DrillOutcome, "csat">, string> = {
  met: "met",
  breached: "breached",
  breached_earlier: "breached earlier",
};

/** A drill-down row's outcome in words: `met`, `breached`, `breached earlier` or `CSAT 4`. */
export function drillOutcomeLabel(outcome: DrillOutcome, csat: number | null): string {
  return outcome === "csat" ? `CSAT ${csat ?? "—"}` : DRILL_OUTCOME_LABEL[outcome];
}

/** What a ticket event says happened, as its history lists it. */
export const EVENT_LABEL: Record<EventKind, string> = {
  responded: "Responded",
  waiting_on_customer: "Waiting on customer",
  customer_replied: "Customer replied",
  resolved: "Resolved",
  reopened: "Reopened",
  closed: "Closed",
  priority_changed: "Priority changed",
};

/** The button that records an event. */
export const EVENT_ACTION_LABEL: Record<EventKind, string> = {
  responded: "Respond",
  waiting_on_customer: "Wait on customer",
  customer_replied: "Customer replied",
  resolved: "Resolve",
  reopened: "Reopen",
  closed: "Close",
  priority_changed: "Priority changed",
};

export const TERM_STATUS_LABEL: Record<TermStatus, string> = { active: "Active", upcoming: "Upcoming", expired: "Expired" };

export const SEGMENT_LABEL: Record<SegmentKind, string> = {
  business_hours: "Business hours (counted)",
  counted24x7: "Round the clock (counted)",
  outside_hours: "Outside business hours",
  holiday: "Holiday",
  paused: "Paused (waiting on customer)",
  stopped: "Stopped",
};

/** How a ticket's clock counted in an issued statement's period, and counts now (a restatement). */
export const COUNTED_LABEL: Record<Counted, string> = { met: "met", breached: "breached", not_counted: "not counted" };

/** The helpdesks a mapping profile reads (imports.md), as their makers name them. */
export const SOURCE_LABEL: Record<SourceKind, string> = {
  zendesk: "Zendesk",
  servicenow: "ServiceNow",
  jira: "Jira Service Management",
  freshdesk: "Freshdesk",
  tmf621: "TMF621 Trouble Ticket",
  csv: "Any CSV",
};

/** A figure against its target, in words ("target met"). */
export const VERDICT_LABEL: Record<Verdict, string> = { met: "met", missed: "missed" };

/** A label map's values in its order, for a loop over every variant. */
export function keysOf<K extends string>(labels: Record<K, string>): K[] {
  return Object.keys(labels) as K[];
}

/** A label map as [value, label] pairs, for a select's options. */
export function optionsOf<K extends string>(labels: Record<K, string>): (readonly [K, string])[] {
  return keysOf(labels).map((k) => [k, labels[k]] as const);
}
