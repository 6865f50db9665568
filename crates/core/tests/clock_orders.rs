//! The clocks of a ticket, one test per event order `sla-semantics.md` names ("Clocks of a
//! ticket", "Escalation"). Every expected number is worked out by hand from the spec in the
//! comments, never by calling the engine.
//!
//! Most tests use priority p1 of the agreement below, counted 24x7, so the arithmetic is plain
//! seconds from `T0`; some use p3, counted on the business calendar.

use accord_core::clock::ClockOutcome;
use accord_core::explain::explain;
use accord_core::model::{ClockKind, ClockState, EventKind, Priority};
use accord_core::{AgreementRuntime, Event, Instant, TicketSla, evaluate, parse_agreement};

/// The shape of `shared/data/sample/agreements/premium.toml`, trimmed.
///
/// - p1: first response 30 min (1800 s), resolution 4 h (14 400 s), 24x7.
/// - p2: first response 1 h (3600 s), resolution 8 h (28 800 s), 24x7.
/// - p3: first response 2 h (7200 s), resolution 16 h (57 600 s), business.
/// - p4: first response 8 h, resolution 5 d, business.
/// - Business hours (New York): Mon–Fri 08:00-12:00 and 13:00-17:00 (Monday's listed out of
///   order), closed weekends; holiday 2026-07-03 (a Friday).
/// - Escalation: level 1 = first response at 1.0, level 2 = resolution at 0.75, level 3 =
///   resolution at 1.5. Thresholds `floor(at × target)`: p1 1800 / 10 800 / 21 600;
///   p2 3600 / 21 600 / 43 200; p3 7200 / 43 200 / 86 400.
const AGREEMENT: &str = r#"
id = "TEST-CLOCK-ORDERS"
title = "Clock order tests (Premium)"
provider = "APC Telecom, Inc."
alliance = "Canadian Telecom Resellers Alliance"
region = "West Virginia"
tier = "premium"
effective_from = 2026-01-01
effective_to = 2026-12-31
scope = ["troubleshooting", "technical_support"]
account_manager = "Dana Whitfield"
monthly_fee = "12500.00"
currency = "USD"

[calendar]
time_zone = "America/New_York"
mon = ["13:00-17:00", "08:00-12:00"]
tue = ["08:00-12:00", "13:00-17:00"]
wed = ["08:00-12:00", "13:00-17:00"]
thu = ["08:00-12:00", "13:00-17:00"]
fri = ["08:00-12:00", "13:00-17:00"]
sat = []
sun = []
holidays = [
  { date = 2026-07-03, name = "Independence Day (observed)" },
]

[targets.p1]
first_response = "30m"
resolution = "4h"
clock = "24x7"
[targets.p2]
first_response = "1h"
resolution = "8h"
clock = "24x7"
[targets.p3]
first_response = "2h"
resolution = "16h"
[targets.p4]
first_response = "8h"
resolution = "5d"
clock = "business"

[[channels]]
kind = "phone"
hours = "24x7"
after_hours = "On-call engineer"

[[escalation]]
level = 1
name = "Duty manager"
clock = "first_response"
at = 1.0
contact = "duty@apc-telecom.example"
[[escalation]]
level = 2
name = "Senior support"
clock = "resolution"
at = 0.75
contact = "tier2@apc-telecom.example"
[[escalation]]
level = 3
name = "Alliance designated contact"
clock = "resolution"
at = 1.5
contact = "escalations@ctra.example"

[reporting]
period = "month"
compliance_target = 0.95
csat_target = 4.2

[credits]
per_breach = { p1 = "250.00", p2 = "1%" }
bands = [ { below = 0.95, percent = 5 } ]
cap_percent = 20
"#;

use ClockState::{Breached, Met, Paused, Running};
use EventKind::{
    Closed, CustomerReplied, PriorityChanged, Reopened, Resolved, Responded, WaitingOnCustomer,
};

fn t(s: &str) -> Instant {
    Instant::parse(s).expect("valid instant")
}

/// Monday 2026-06-01 10:00 EDT.
fn t0() -> Instant {
    t("2026-06-01T14:00:00Z")
}

/// `T0` plus seconds.
fn at(secs: i64) -> Instant {
    t0().plus(secs)
}

fn ev(at: Instant, kind: EventKind) -> Event {
    Event {
        at,
        kind,
        priority: None,
    }
}

fn to(at: Instant, p: Priority) -> Event {
    Event {
        at,
        kind: PriorityChanged,
        priority: Some(p),
    }
}

fn runtime(src: &str) -> AgreementRuntime {
    let a = parse_agreement("test.toml", src).expect("the test agreement parses");
    AgreementRuntime::new(a, t("2026-01-01T00:00:00Z"), t("2026-12-31T00:00:00Z"))
}

/// Evaluates, and checks that the explanation agrees: same numbers, and the counted seconds of
/// its segments add up to each clock's elapsed time.
fn eval(opened: Instant, p: Priority, events: &[Event], as_of: Instant) -> TicketSla {
    eval_with(&runtime(AGREEMENT), opened, p, events, as_of)
}

fn eval_with(
    rt: &AgreementRuntime,
    opened: Instant,
    p: Priority,
    events: &[Event],
    as_of: Instant,
) -> TicketSla {
    let sla = evaluate(rt, opened, p, events, as_of);
    let x = explain(rt, opened, p, events, &[], as_of);
    assert_eq!(x.sla, sla, "explain reports the same numbers");
    let sum = |s: &[accord_core::explain::Segment]| s.iter().map(|s| s.counted_s).sum::<i64>();
    assert_eq!(
        sum(&x.first_response),
        sla.first_response.elapsed_s,
        "first-response segments: {:?}",
        x.first_response
    );
    assert_eq!(
        sum(&x.resolution),
        sla.resolution.elapsed_s,
        "resolution segments: {:?}",
        x.resolution
    );
    for (c, ahead) in [
        (&sla.first_response, &x.first_response_ahead),
        (&sla.resolution, &x.resolution_ahead),
    ] {
        match (c.state, c.due_at) {
            (Running, Some(due)) if due > as_of.max(opened) => {
                assert_eq!(ahead.first().map(|s| s.from), Some(as_of.max(opened)));
                assert_eq!(ahead.last().map(|s| s.to), Some(due), "{ahead:?}");
                assert!(ahead.windows(2).all(|w| w[0].to == w[1].from), "{ahead:?}");
                assert_eq!(sum(ahead), c.target_s - c.elapsed_s, "{ahead:?}");
            }
            _ => assert!(ahead.is_empty(), "nothing ahead of {c:?}: {ahead:?}"),
        }
    }
    sla
}

/// Asserts a clock's elapsed seconds, `due_at` and state.
#[track_caller]
fn clock(c: &ClockOutcome, elapsed: i64, due: Option<Instant>, state: ClockState) {
    assert_eq!(
        (c.elapsed_s, c.due_at, c.state),
        (elapsed, due, state),
        "(elapsed, due_at, state) of {c:?}"
    );
}

/// Asserts paused seconds, escalation level and the next escalation instant.
#[track_caller]
fn rest(sla: &TicketSla, paused: i64, level: u32, next: Option<Instant>) {
    assert_eq!(
        (
            sla.res_paused_s,
            sla.escalation_level,
            sla.next_escalation_at
        ),
        (paused, level, next),
        "(res_paused_s, escalation_level, next_escalation_at) of {sla:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// First response: stopped by the first responded / waiting_on_customer / resolved / closed.

#[test]
fn first_response_stopped_by_responded() {
    let s = eval(t0(), Priority::P1, &[ev(at(600), Responded)], at(3600));
    assert_eq!(
        (s.priority, s.clock),
        (Priority::P1, ClockKind::TwentyFourSeven)
    );
    assert_eq!(
        (s.first_response.target_s, s.resolution.target_s),
        (1800, 14_400)
    );
    // 600 s <= 1800: met, no due_at, stopped at the response.
    clock(&s.first_response, 600, None, Met);
    assert_eq!(s.first_response.stopped_at, Some(at(600)));
    // Resolution runs on: 3600 s, due at T0 + 14 400.
    clock(&s.resolution, 3600, Some(at(14_400)), Running);
    assert_eq!(s.resolution.stopped_at, None);
    // No threshold exceeded. Next: level 1 watches a stopped clock; level 2 (10 800) is
    // passed at 10 801 counted seconds = as_of + 7201 = T0 + 10 801.
    rest(&s, 0, 0, Some(at(10_801)));
}

#[test]
fn first_response_stopped_by_waiting_on_customer() {
    // Asking the customer is a response; the later `responded` does not move it.
    let s = eval(
        t0(),
        Priority::P1,
        &[ev(at(600), WaitingOnCustomer), ev(at(900), Responded)],
        at(3600),
    );
    clock(&s.first_response, 600, None, Met);
    // Resolution ran 600 s, then paused 3000 s up to as_of: paused, no due_at.
    clock(&s.resolution, 600, None, Paused);
    // Both clocks that could escalate are stopped or paused: nothing next.
    rest(&s, 3000, 0, None);
}

#[test]
fn first_response_stopped_by_resolved() {
    let s = eval(t0(), Priority::P1, &[ev(at(600), Resolved)], at(3600));
    clock(&s.first_response, 600, None, Met);
    clock(&s.resolution, 600, None, Met);
    assert_eq!(s.resolution.stopped_at, Some(at(600)));
    rest(&s, 0, 0, None);
}

#[test]
fn first_response_stopped_by_closed() {
    let s = eval(t0(), Priority::P1, &[ev(at(600), Closed)], at(3600));
    clock(&s.first_response, 600, None, Met);
    assert_eq!(s.first_response.stopped_at, Some(at(600)));
    clock(&s.resolution, 600, None, Met);
    assert_eq!(s.resolution.stopped_at, Some(at(600)));
    rest(&s, 0, 0, None);
}

// ---------------------------------------------------------------------------------------------
// Resolution: pauses, stops and restarts.

#[test]
fn pause_and_resume_by_customer_replied() {
    let s = eval(
        t0(),
        Priority::P1,
        &[
            ev(at(600), Responded),
            ev(at(1200), WaitingOnCustomer),
            ev(at(4800), CustomerReplied),
        ],
        at(7200),
    );
    clock(&s.first_response, 600, None, Met);
    // Ran [0, 1200) = 1200, paused [1200, 4800) = 3600, ran [4800, 7200) = 2400: 3600 counted.
    // Due: 14 400 - 3600 = 10 800 more from as_of = T0 + 18 000.
    clock(&s.resolution, 3600, Some(at(18_000)), Running);
    // Level 2 at 10 801 counted: 7201 more from as_of = T0 + 14 401.
    rest(&s, 3600, 0, Some(at(14_401)));
}

#[test]
fn pause_ended_by_resolved() {
    let s = eval(
        t0(),
        Priority::P1,
        &[ev(at(1200), WaitingOnCustomer), ev(at(4800), Resolved)],
        at(7200),
    );
    clock(&s.first_response, 1200, None, Met);
    // Ran 1200, paused 3600, stopped at T0 + 4800: met.
    clock(&s.resolution, 1200, None, Met);
    assert_eq!(s.resolution.stopped_at, Some(at(4800)));
    rest(&s, 3600, 0, None);
}

#[test]
fn pause_ended_by_closed() {
    let s = eval(
        t0(),
        Priority::P1,
        &[ev(at(1200), WaitingOnCustomer), ev(at(4800), Closed)],
        at(7200),
    );
    clock(&s.first_response, 1200, None, Met);
    clock(&s.resolution, 1200, None, Met);
    assert_eq!(s.resolution.stopped_at, Some(at(4800)));
    rest(&s, 3600, 0, None);
}

#[test]
fn pause_ended_by_reopened() {
    let s = eval(
        t0(),
        Priority::P1,
        &[ev(at(1200), WaitingOnCustomer), ev(at(4800), Reopened)],
        at(7200),
    );
    clock(&s.first_response, 1200, None, Met);
    // Ran 1200, paused 3600, ran 2400: 3600 counted, due T0 + 18 000.
    clock(&s.resolution, 3600, Some(at(18_000)), Running);
    rest(&s, 3600, 0, Some(at(14_401)));
}

#[test]
fn customer_replied_while_running_changes_nothing() {
    let s = eval(
        t0(),
        Priority::P1,
        &[ev(at(300), CustomerReplied)],
        at(3600),
    );
    // It is not a response: first response still runs, 3600 > 1800, breached at T0 + 1800.
    clock(&s.first_response, 3600, Some(at(1800)), Breached);
    assert_eq!(s.first_response.stopped_at, None);
    // Resolution was never paused.
    clock(&s.resolution, 3600, Some(at(14_400)), Running);
    // Level 1 (first response > 1800) passed; level 2 next at T0 + 10 801.
    rest(&s, 0, 1, Some(at(10_801)));
}

#[test]
fn waiting_on_customer_while_stopped_changes_nothing() {
    let s = eval(
        t0(),
        Priority::P1,
        &[
            ev(at(600), Responded),
            ev(at(1200), Resolved),
            ev(at(2400), WaitingOnCustomer),
            ev(at(3000), CustomerReplied),
        ],
        at(7200),
    );
    clock(&s.first_response, 600, None, Met);
    // Stopped at 1200 and stays stopped: neither event starts or pauses it; no paused time.
    clock(&s.resolution, 1200, None, Met);
    assert_eq!(s.resolution.stopped_at, Some(at(1200)));
    rest(&s, 0, 0, None);
}

#[test]
fn waiting_on_customer_while_paused_changes_nothing() {
    let s = eval(
        t0(),
        Priority::P1,
        &[
            ev(at(600), Responded),
            ev(at(1200), WaitingOnCustomer),
            ev(at(2400), WaitingOnCustomer),
            ev(at(3000), CustomerReplied),
        ],
        at(3600),
    );
    // Ran 1200, paused [1200, 3000) = 1800 (the second wait neither ends nor restarts the pause),
    // ran 600: 1800 counted, due as_of + 12 600 = T0 + 16 200.
    clock(&s.resolution, 1800, Some(at(16_200)), Running);
    rest(&s, 1800, 0, Some(at(3600 + 10_801 - 1800)));
}

#[test]
fn close_after_resolve_changes_nothing() {
    let s = eval(
        t0(),
        Priority::P1,
        &[
            ev(at(600), Responded),
            ev(at(1200), Resolved),
            ev(at(2400), Closed),
        ],
        at(7200),
    );
    clock(&s.resolution, 1200, None, Met);
    // Stopped at the resolve, not at the close.
    assert_eq!(s.resolution.stopped_at, Some(at(1200)));
    rest(&s, 0, 0, None);
}

#[test]
fn reopen_keeps_counted_time() {
    let s = eval(
        t0(),
        Priority::P1,
        &[
            ev(at(600), Responded),
            ev(at(3600), Resolved),
            ev(at(7200), Reopened),
        ],
        at(10_800),
    );
    clock(&s.first_response, 600, None, Met);
    // Ran [0, 3600), stopped [3600, 7200), ran [7200, 10 800): 7200 counted; due as_of + 7200.
    clock(&s.resolution, 7200, Some(at(18_000)), Running);
    assert_eq!(s.resolution.stopped_at, None);
    // Level 2 at 10 801 counted: as_of + 3601.
    rest(&s, 0, 0, Some(at(14_401)));

    // Resolved again later: the two runs add up, met.
    let s = eval(
        t0(),
        Priority::P1,
        &[
            ev(at(600), Responded),
            ev(at(3600), Resolved),
            ev(at(7200), Reopened),
            ev(at(9000), Resolved),
        ],
        at(10_800),
    );
    clock(&s.resolution, 5400, None, Met);
    assert_eq!(s.resolution.stopped_at, Some(at(9000)));
}

#[test]
fn reopened_while_running_changes_nothing() {
    let s = eval(
        t0(),
        Priority::P1,
        &[ev(at(600), Responded), ev(at(1800), Reopened)],
        at(3600),
    );
    clock(&s.first_response, 600, None, Met);
    clock(&s.resolution, 3600, Some(at(14_400)), Running);
    rest(&s, 0, 0, Some(at(10_801)));
}

// ---------------------------------------------------------------------------------------------
// Priority changes (retroactive), as_of, ties.

#[test]
fn retroactive_priority_change_keeps_counted_and_paused_time() {
    let events = [
        ev(at(1200), Responded),
        ev(at(3600), WaitingOnCustomer),
        ev(at(5400), CustomerReplied),
        to(at(7200), Priority::P1),
    ];
    // Before the change is known (as_of T0 + 7000) it is a p2 ticket: targets 3600 / 28 800.
    let s = eval(t0(), Priority::P2, &events, at(7000));
    assert_eq!(
        (s.priority, s.clock),
        (Priority::P2, ClockKind::TwentyFourSeven)
    );
    assert_eq!(
        (s.first_response.target_s, s.resolution.target_s),
        (3600, 28_800)
    );
    clock(&s.first_response, 1200, None, Met);
    // Ran 3600, paused 1800, ran 1600: 5200; due as_of + 23 600 = T0 + 30 600.
    clock(&s.resolution, 5200, Some(at(30_600)), Running);
    // p2 level 2 = 21 600: 16 401 more from as_of.
    rest(&s, 1800, 0, Some(at(7000 + 16_401)));

    // After it (as_of T0 + 9000), the ticket is as if it had always been p1: the same history
    // against 1800 / 14 400. Ran 3600, paused 1800, ran 3600: 7200; due as_of + 7200.
    let s = eval(t0(), Priority::P2, &events, at(9000));
    assert_eq!(
        (s.priority, s.clock),
        (Priority::P1, ClockKind::TwentyFourSeven)
    );
    assert_eq!(
        (s.first_response.target_s, s.resolution.target_s),
        (1800, 14_400)
    );
    clock(&s.first_response, 1200, None, Met);
    clock(&s.resolution, 7200, Some(at(16_200)), Running);
    // p1 level 2 = 10 800: 3601 more from as_of.
    rest(&s, 1800, 0, Some(at(9000 + 3601)));
}

#[test]
fn retroactive_priority_change_takes_the_new_clock_kind() {
    // Opened p1 (24x7) Monday 2026-06-01 10:00 EDT; changed to p3 (business) at 12:30 EDT;
    // responded at 13:30 EDT; evaluated Tuesday 09:00 EDT.
    let opened = t("2026-06-01T14:00:00Z");
    let events = [
        to(t("2026-06-01T16:30:00Z"), Priority::P3),
        ev(t("2026-06-01T17:30:00Z"), Responded),
    ];
    let s = eval(opened, Priority::P1, &events, t("2026-06-02T13:00:00Z"));
    assert_eq!((s.priority, s.clock), (Priority::P3, ClockKind::Business));
    assert_eq!(
        (s.first_response.target_s, s.resolution.target_s),
        (7200, 57_600)
    );
    // First response in business time: 10:00-12:00 (7200) + 13:00-13:30 (1800) = 9000 > 7200,
    // breached; it reached 7200 at 12:00 EDT = 16:00Z. (On 24x7 it would have been 12 600.)
    clock(
        &s.first_response,
        9000,
        Some(t("2026-06-01T16:00:00Z")),
        Breached,
    );
    // Resolution: Monday 10-12 (7200) + 13-17 (14 400), Tuesday 08-09 (3600) = 25 200. The
    // remaining 32 400: Tuesday 09-12 (10 800), 13-17 (14 400), Wednesday 08-10 (7200) ->
    // Wednesday 10:00 EDT = 14:00Z.
    clock(
        &s.resolution,
        25_200,
        Some(t("2026-06-03T14:00:00Z")),
        Running,
    );
    // Level 1 (first response > 7200) is passed. Level 2 (43 200) needs 18 001 more: Tuesday
    // 09-12 gives 10 800, then 7201 from 13:00 -> 15:00:01 EDT = 19:00:01Z.
    rest(&s, 0, 1, Some(t("2026-06-02T19:00:01Z")));
}

#[test]
fn events_after_as_of_are_ignored() {
    let events = [
        ev(at(600), Responded),
        to(at(5000), Priority::P3),
        ev(at(7200), Resolved),
    ];
    let s = eval(t0(), Priority::P1, &events, at(3600));
    // The priority change and the resolve are not known yet: p1, 24x7, running.
    assert_eq!(
        (s.priority, s.clock),
        (Priority::P1, ClockKind::TwentyFourSeven)
    );
    clock(&s.first_response, 600, None, Met);
    clock(&s.resolution, 3600, Some(at(14_400)), Running);
    rest(&s, 0, 0, Some(at(10_801)));
    // Responses after as_of too: the first-response clock still runs.
    let s = eval(t0(), Priority::P1, &[ev(at(2000), Responded)], at(1000));
    clock(&s.first_response, 1000, Some(at(1800)), Running);
    assert_eq!(s.first_response.stopped_at, None);
    rest(&s, 0, 0, Some(at(1801)));
}

#[test]
fn event_exactly_at_as_of_is_applied() {
    // Resolved exactly at as_of: both clocks stopped there.
    let s = eval(t0(), Priority::P1, &[ev(at(1500), Resolved)], at(1500));
    clock(&s.first_response, 1500, None, Met);
    clock(&s.resolution, 1500, None, Met);
    assert_eq!(s.resolution.stopped_at, Some(at(1500)));
    rest(&s, 0, 0, None);

    // Waiting exactly at as_of: paused (for 0 s), so no due_at.
    let s = eval(
        t0(),
        Priority::P1,
        &[ev(at(600), Responded), ev(at(3600), WaitingOnCustomer)],
        at(3600),
    );
    clock(&s.resolution, 3600, None, Paused);
    rest(&s, 0, 0, None);

    // A priority change exactly at as_of is in force.
    let s = eval(
        t0(),
        Priority::P1,
        &[ev(at(600), Responded), to(at(3600), Priority::P2)],
        at(3600),
    );
    assert_eq!(s.priority, Priority::P2);
    clock(&s.resolution, 3600, Some(at(28_800)), Running);
}

#[test]
fn ties_apply_in_given_order_resolved_then_reopened() {
    let s = eval(
        t0(),
        Priority::P1,
        &[
            ev(at(600), Responded),
            ev(at(3600), Resolved),
            ev(at(3600), Reopened),
        ],
        at(7200),
    );
    // Stopped for 0 s, then running again: 7200 counted.
    clock(&s.resolution, 7200, Some(at(14_400)), Running);
    assert_eq!(s.resolution.stopped_at, None);
    rest(&s, 0, 0, Some(at(10_801)));
}

#[test]
fn ties_apply_in_given_order_reopened_then_resolved() {
    let s = eval(
        t0(),
        Priority::P1,
        &[
            ev(at(600), Responded),
            ev(at(3600), Reopened),
            ev(at(3600), Resolved),
        ],
        at(7200),
    );
    // The reopen is a no-op on a running clock; the resolve stops it.
    clock(&s.resolution, 3600, None, Met);
    assert_eq!(s.resolution.stopped_at, Some(at(3600)));
    rest(&s, 0, 0, None);
}

#[test]
fn ties_apply_in_given_order_waiting_and_replied() {
    // Waiting then replied in the same second: a pause of 0 s.
    let s = eval(
        t0(),
        Priority::P1,
        &[
            ev(at(600), Responded),
            ev(at(3600), WaitingOnCustomer),
            ev(at(3600), CustomerReplied),
        ],
        at(7200),
    );
    clock(&s.resolution, 7200, Some(at(14_400)), Running);
    rest(&s, 0, 0, Some(at(10_801)));
    // Replied then waiting: the reply changes nothing, the wait pauses from 3600.
    let s = eval(
        t0(),
        Priority::P1,
        &[
            ev(at(600), Responded),
            ev(at(3600), CustomerReplied),
            ev(at(3600), WaitingOnCustomer),
        ],
        at(7200),
    );
    clock(&s.resolution, 3600, None, Paused);
    rest(&s, 3600, 0, None);
}

// ---------------------------------------------------------------------------------------------
// due_at, breach, met at the target.

#[test]
fn breached_while_paused_keeps_its_breach_instant() {
    let s = eval(
        t0(),
        Priority::P1,
        &[ev(at(600), Responded), ev(at(15_000), WaitingOnCustomer)],
        at(20_000),
    );
    // Ran 15 000 > 14 400 before pausing: breached (not paused), due_at = the breach instant
    // T0 + 14 400; paused 5000 since.
    clock(&s.resolution, 15_000, Some(at(14_400)), Breached);
    // Level 2 (10 800) passed, level 3 (21 600) not; its clock is paused: nothing next.
    rest(&s, 5000, 2, None);
}

#[test]
fn breach_instant_after_a_pause() {
    let s = eval(
        t0(),
        Priority::P1,
        &[
            ev(at(600), Responded),
            ev(at(3600), WaitingOnCustomer),
            ev(at(7200), CustomerReplied),
        ],
        at(20_000),
    );
    // Ran 3600, paused 3600, ran 12 800: 16 400 > 14 400. The target was reached 10 800 s
    // after the reply: T0 + 18 000.
    clock(&s.resolution, 16_400, Some(at(18_000)), Breached);
    // Level 2 passed; level 3 (21 600) needs 5201 more from as_of.
    rest(&s, 3600, 2, Some(at(25_201)));
}

#[test]
fn breached_then_resolved() {
    let s = eval(
        t0(),
        Priority::P1,
        &[ev(at(600), Responded), ev(at(15_000), Resolved)],
        at(20_000),
    );
    clock(&s.resolution, 15_000, Some(at(14_400)), Breached);
    assert_eq!(s.resolution.stopped_at, Some(at(15_000)));
    rest(&s, 0, 2, None);
}

#[test]
fn met_exactly_at_target() {
    let s = eval(
        t0(),
        Priority::P1,
        &[ev(at(1800), Responded), ev(at(14_400), Resolved)],
        at(20_000),
    );
    // elapsed == target is met (breached needs elapsed > target), on both clocks.
    clock(&s.first_response, 1800, None, Met);
    clock(&s.resolution, 14_400, None, Met);
    // Level 1: 1800 does not exceed 1800. Level 2: 14 400 > 10 800 passed. Level 3 not; its
    // clock is stopped.
    rest(&s, 0, 2, None);
}

#[test]
fn running_exactly_at_target_then_one_second_over() {
    let events = [ev(at(600), Responded)];
    // At T0 + 14 400 the clock has counted exactly its target: still running, due now.
    let s = eval(t0(), Priority::P1, &events, at(14_400));
    clock(&s.resolution, 14_400, Some(at(14_400)), Running);
    // Level 3 (21 600) at 21 601 counted = as_of + 7201.
    rest(&s, 0, 2, Some(at(21_601)));
    // One second later: breached, and due_at stays the breach instant.
    let s = eval(t0(), Priority::P1, &events, at(14_401));
    clock(&s.resolution, 14_401, Some(at(14_400)), Breached);
    rest(&s, 0, 2, Some(at(21_601)));
}

#[test]
fn due_at_of_running_business_clocks_skips_nights_weekends_and_holidays() {
    // p3 (business), opened Thursday 2026-07-02 16:00 EDT (20:00Z); Friday 07-03 is a holiday.
    let opened = t("2026-07-02T20:00:00Z");
    let s = eval(opened, Priority::P3, &[], t("2026-07-02T20:30:00Z"));
    assert_eq!(s.clock, ClockKind::Business);
    // 30 min counted. First response (7200): Thursday 16:00-17:00 (3600), then Monday 07-06
    // 08:00-09:00 -> 09:00 EDT = 13:00Z.
    clock(
        &s.first_response,
        1800,
        Some(t("2026-07-06T13:00:00Z")),
        Running,
    );
    // Resolution (57 600): Thursday 3600, Monday 8 h (28 800), Tuesday 08-12 (14 400) and
    // 13:00-16:00 (10 800) -> Tuesday 07-07 16:00 EDT = 20:00Z.
    clock(
        &s.resolution,
        1800,
        Some(t("2026-07-07T20:00:00Z")),
        Running,
    );
    // Level 1 at 7201 counted first-response seconds: 5401 more, 1800 on Thursday and 3601
    // from Monday 08:00 -> 09:00:01 EDT.
    rest(&s, 0, 0, Some(t("2026-07-06T13:00:01Z")));

    // Evaluated at the resolution deadline: exactly the target, running.
    let s = eval(opened, Priority::P3, &[], t("2026-07-07T20:00:00Z"));
    // First response: 57 600 > 7200, breached at Monday 13:00Z.
    clock(
        &s.first_response,
        57_600,
        Some(t("2026-07-06T13:00:00Z")),
        Breached,
    );
    clock(
        &s.resolution,
        57_600,
        Some(t("2026-07-07T20:00:00Z")),
        Running,
    );
    // Level 2 (43 200) passed; level 3 (86 400) needs 28 801 more: Tuesday 16:00-17:00 (3600),
    // Wednesday 08-12 (14 400), then 10 801 from 13:00 -> 16:00:01 EDT on Wednesday 07-08.
    rest(&s, 0, 2, Some(t("2026-07-08T20:00:01Z")));

    // One second later it is breached; outside hours no more time counts (17:00 -> Wednesday).
    let s = eval(opened, Priority::P3, &[], t("2026-07-07T20:00:01Z"));
    clock(
        &s.resolution,
        57_601,
        Some(t("2026-07-07T20:00:00Z")),
        Breached,
    );
    let s = eval(opened, Priority::P3, &[], t("2026-07-08T11:00:00Z"));
    clock(
        &s.resolution,
        61_200,
        Some(t("2026-07-07T20:00:00Z")),
        Breached,
    );
}

#[test]
fn business_pause_counts_real_seconds() {
    // p3 opened Monday 2026-06-01 10:00 EDT; waiting 11:00 EDT; customer replied Tuesday 09:00
    // EDT; evaluated Tuesday 10:00 EDT.
    let s = eval(
        t("2026-06-01T14:00:00Z"),
        Priority::P3,
        &[
            ev(t("2026-06-01T15:00:00Z"), WaitingOnCustomer),
            ev(t("2026-06-02T13:00:00Z"), CustomerReplied),
        ],
        t("2026-06-02T14:00:00Z"),
    );
    clock(&s.first_response, 3600, None, Met);
    // 3600 business seconds before the pause, 3600 after (09:00-10:00). Remaining 50 400 from
    // Tuesday 10:00: 10-12 (7200), 13-17 (14 400), Wednesday 8 h (28 800) -> Wednesday 17:00
    // EDT = 21:00Z exactly.
    clock(
        &s.resolution,
        7200,
        Some(t("2026-06-03T21:00:00Z")),
        Running,
    );
    // The pause is real seconds: Monday 15:00Z to Tuesday 13:00Z = 22 h. Level 2 (43 200) at
    // 36 001 more from Tuesday 10:00: 21 600 on Tuesday, then 14 401 on Wednesday: 08-12 gives
    // 14 400, the last second is 13:00:00-13:00:01 EDT -> 17:00:01Z.
    rest(&s, 22 * 3600, 0, Some(t("2026-06-03T17:00:01Z")));
}

// ---------------------------------------------------------------------------------------------
// Escalation.

#[test]
fn escalation_first_response_level_then_higher_resolution_level() {
    let events = [ev(at(2000), Responded)];
    // as_of T0 + 1800: first response 1800 does not exceed 1800: level 0; level 1 is next at
    // 1801 first-response seconds, T0 + 1801.
    let s = eval(t0(), Priority::P1, &events, at(1800));
    clock(&s.first_response, 1800, Some(at(1800)), Running);
    rest(&s, 0, 0, Some(at(1801)));
    // as_of T0 + 1801: level 1; next is level 2 on resolution at T0 + 10 801.
    let s = eval(t0(), Priority::P1, &events, at(1801));
    clock(&s.first_response, 1801, Some(at(1800)), Breached);
    rest(&s, 0, 1, Some(at(10_801)));
    // as_of T0 + 10 800: resolution 10 800 does not exceed 10 800: still level 1.
    let s = eval(t0(), Priority::P1, &events, at(10_800));
    clock(&s.first_response, 2000, Some(at(1800)), Breached);
    rest(&s, 0, 1, Some(at(10_801)));
    // as_of T0 + 10 801: level 2 (resolution) above level 1 (first response); next level 3.
    let s = eval(t0(), Priority::P1, &events, at(10_801));
    rest(&s, 0, 2, Some(at(21_601)));
    // as_of T0 + 21 601: level 3, nothing higher.
    let s = eval(t0(), Priority::P1, &events, at(21_601));
    clock(&s.resolution, 21_601, Some(at(14_400)), Breached);
    rest(&s, 0, 3, None);
}

#[test]
fn escalation_thresholds_are_exact_decimal_floors() {
    // p1 first response 100 s: 0.57 × 100 = 57 exactly (binary floating point gives
    // 56.999…, floor 56). Resolution 4 h: 0.333 × 14 400 = 4795.2, floor 4795.
    let src = AGREEMENT
        .replace(
            "first_response = \"30m\"\nresolution = \"4h\"",
            "first_response = \"100s\"\nresolution = \"4h\"",
        )
        .replace(
            "clock = \"first_response\"\nat = 1.0",
            "clock = \"first_response\"\nat = 0.57",
        )
        .replace(
            "clock = \"resolution\"\nat = 0.75",
            "clock = \"resolution\"\nat = 0.333",
        );
    assert_ne!(src, AGREEMENT);
    let rt = runtime(&src);
    let s = eval_with(&rt, t0(), Priority::P1, &[], at(57));
    assert_eq!(s.first_response.target_s, 100);
    // 57 does not exceed 57.
    rest(&s, 0, 0, Some(at(58)));
    let s = eval_with(&rt, t0(), Priority::P1, &[], at(58));
    rest(&s, 0, 1, Some(at(4796)));
    let s = eval_with(&rt, t0(), Priority::P1, &[], at(4795));
    clock(&s.first_response, 4795, Some(at(100)), Breached);
    rest(&s, 0, 1, Some(at(4796)));
    let s = eval_with(&rt, t0(), Priority::P1, &[], at(4796));
    // Level 3 (1.5 × 14 400 = 21 600) next.
    rest(&s, 0, 2, Some(at(21_601)));
}

// ---------------------------------------------------------------------------------------------
// Opened after as_of.

#[test]
fn ticket_opened_after_as_of() {
    // Nothing is knowable yet (the response is after as_of): per clock.rs's documented choice,
    // elapsed 0, running, due from opening.
    let s = eval(t0(), Priority::P1, &[ev(at(60), Responded)], at(-3600));
    clock(&s.first_response, 0, Some(at(1800)), Running);
    clock(&s.resolution, 0, Some(at(14_400)), Running);
    // Level 1 at 1801 first-response seconds counted from opening.
    rest(&s, 0, 0, Some(at(1801)));
}

// ---------------------------------------------------------------------------------------------
// Standing: what the store keeps after the last event (queue order, escalation schedule).

/// p1 (24x7) thresholds: level 1 passed when first-response elapsed exceeds 1800 s (at
/// `T0 + 1801`), level 2 when resolution elapsed exceeds 10 800 s, level 3 21 600 s.
#[test]
fn standing_schedules_the_levels_still_to_come() {
    use accord_core::clock::standing;
    let rt = runtime(AGREEMENT);
    let s = standing(&rt, t0(), Priority::P1, &[]);
    assert!(s.is_open);
    assert_eq!(s.next_deadline, Some(at(1800)), "first response due first");
    assert_eq!(s.escalation_level, 0);
    assert_eq!(
        s.escalations,
        vec![(1, at(1801)), (2, at(10_801)), (3, at(21_601))]
    );
    assert_eq!(s.level_at(at(1800)), 0);
    assert_eq!(s.level_at(at(1801)), 1);
    assert_eq!(s.level_at(at(30_000)), 3);

    // Answered in time: level 1 can no longer be passed; resolution is due at 4 h.
    let s = standing(&rt, t0(), Priority::P1, &[ev(at(600), Responded)]);
    assert_eq!(s.next_deadline, Some(at(14_400)));
    assert_eq!(s.escalations, vec![(2, at(10_801)), (3, at(21_601))]);

    // Late answer: level 1 already passed at the last event, the rest still to come.
    let s = standing(&rt, t0(), Priority::P1, &[ev(at(2000), Responded)]);
    assert_eq!(s.escalation_level, 1);
    assert_eq!(s.escalations, vec![(2, at(10_801)), (3, at(21_601))]);
    assert_eq!(s.level_at(at(2000)), 1);

    // Waiting on the customer: nothing runs, so nothing is due and nothing escalates.
    let s = standing(&rt, t0(), Priority::P1, &[ev(at(600), WaitingOnCustomer)]);
    assert!(s.is_open);
    assert_eq!(s.next_deadline, None);
    assert!(s.escalations.is_empty());

    // Resolved: closed for the queue.
    let s = standing(&rt, t0(), Priority::P1, &[ev(at(600), Resolved)]);
    assert!(!s.is_open);
    assert!(s.escalations.is_empty());
}
