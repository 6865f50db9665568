//! Spec revision 2 over periods: `breached_at` and the filing of breaches by it, and periods
//! reported to date (`sla-semantics.md`, "Clocks of a ticket" and "Metrics over a period").
//!
//! - Hand-computed breach instants: inside business time, at a window's close, at a pause.
//! - Spans: a period not started has none; one starting at `as_of` is empty; one ended is whole.
//! - A property over random histories: a month reported at any instant inside it counts nothing
//!   that happens at or after that instant (no outcome, no breach, no opening), files every
//!   breach by its `breached_at`, and agrees ticket by ticket with each ticket evaluated alone at
//!   that instant.

use accord_core::analysis::{analyse, classify};
use accord_core::model::{Channel, ClockState, EventKind, Priority};
use accord_core::period::Period;
use accord_core::{
    AgreementRuntime, Decimal, Event, Instant, Ticket, TicketSet, evaluate, parse_agreement,
};
use proptest::prelude::*;

fn t(s: &str) -> Instant {
    Instant::parse(s).expect("valid instant")
}

/// The edge-case agreement of `shared/data/edges`: New York, Mon–Fri 09:00–17:00 and Sundays
/// 01:15–01:45 and 02:30–04:00; p1 24x7 (1 h / 4 h), p2 business (2 h / 8 h), p3 business
/// (4 h / 2 d), p4 business (8 h / 5 d).
fn runtime() -> AgreementRuntime {
    let src = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/edges/agreements/ny-edges.toml"
    ))
    .expect("the edges agreement");
    let a = parse_agreement("ny-edges.toml", &src).expect("it parses");
    AgreementRuntime::new(a, t("2026-01-01T00:00:00Z"), t("2027-01-01T00:00:00Z"))
}

/// A phone ticket of the edges agreement, without text or score.
fn ticket(id: &str, opened_at: Instant, priority: Priority) -> Ticket {
    Ticket {
        id: id.into(),
        agreement: 0,
        opened_at,
        priority,
        channel: Channel::Phone,
        category: 0,
        customer: "".into(),
        subject: "".into(),
        csat: None,
    }
}

fn ev(at: &str, kind: EventKind) -> Event {
    Event {
        at: t(at),
        kind,
        priority: None,
    }
}

#[test]
fn breach_instants_inside_business_time_at_a_close_and_after_a_pause() {
    let rt = runtime();
    let late = t("2026-12-01T00:00:00Z");
    // p2 from Friday 2026-10-30 09:00 EDT: 8 h used up at 17:00 EDT (21:00Z), the end of the
    // month's last window; the next counted second is the first of Sunday 1 November's 01:15
    // window (the fall-back day's first 01:15, EDT: 05:15Z).
    let s = evaluate(&rt, t("2026-10-30T13:00:00Z"), Priority::P2, &[], late);
    assert_eq!(s.resolution.due_at, Some(t("2026-10-30T21:00:00Z")));
    assert_eq!(s.resolution.breached_at, Some(t("2026-11-01T05:15:01Z")));
    // Its first response (2 h) is used up at 11:00 EDT, inside business time: one second later.
    assert_eq!(s.first_response.due_at, Some(t("2026-10-30T15:00:00Z")));
    assert_eq!(
        s.first_response.breached_at,
        Some(t("2026-10-30T15:00:01Z"))
    );
    // Resolved exactly at the deadline: met, no breach instant.
    let met = evaluate(
        &rt,
        t("2026-10-30T13:00:00Z"),
        Priority::P2,
        &[ev("2026-10-30T21:00:00Z", EventKind::Resolved)],
        late,
    );
    assert_eq!(met.resolution.state, ClockState::Met);
    assert_eq!(met.resolution.breached_at, None);
    // Paused at its deadline (Monday 26 Oct 17:00 EDT) until Wednesday 10:00 EDT: breached at
    // the first second it runs again.
    let paused = evaluate(
        &rt,
        t("2026-10-26T13:00:00Z"),
        Priority::P2,
        &[
            ev("2026-10-26T13:30:00Z", EventKind::Responded),
            ev("2026-10-26T21:00:00Z", EventKind::WaitingOnCustomer),
            ev("2026-10-28T14:00:00Z", EventKind::CustomerReplied),
        ],
        late,
    );
    assert_eq!(paused.resolution.due_at, Some(t("2026-10-26T21:00:00Z")));
    assert_eq!(
        paused.resolution.breached_at,
        Some(t("2026-10-28T14:00:01Z"))
    );
    // Still paused when asked: used up, not exceeded, so not breached and no instant.
    let waiting = evaluate(
        &rt,
        t("2026-10-26T13:00:00Z"),
        Priority::P2,
        &[ev("2026-10-26T21:00:00Z", EventKind::WaitingOnCustomer)],
        t("2026-10-27T12:00:00Z"),
    );
    assert_eq!(waiting.resolution.state, ClockState::Paused);
    assert_eq!(waiting.resolution.breached_at, None);
    // 24x7 (p1): one second after the deadline, whatever the hour.
    let p1 = evaluate(&rt, t("2026-11-01T02:59:59Z"), Priority::P1, &[], late);
    assert_eq!(p1.first_response.due_at, Some(t("2026-11-01T03:59:59Z")));
    assert_eq!(
        p1.first_response.breached_at,
        Some(t("2026-11-01T04:00:00Z"))
    );
}

#[test]
fn a_breach_at_the_months_last_closing_time_is_the_next_months() {
    let rt = runtime();
    let ticket = ticket("E-01", t("2026-10-30T13:00:00Z"), Priority::P2);
    let set = TicketSet::new(vec![ticket], vec![], vec![]);
    let after = t("2027-01-01T00:00:00Z");
    let october = Period::parse("2026-10")
        .unwrap()
        .span(&rt.agreement, after)
        .unwrap();
    let november = Period::parse("2026-11")
        .unwrap()
        .span(&rt.agreement, after)
        .unwrap();
    let oct = analyse(&rt, 0, &set, october, None);
    let nov = analyse(&rt, 0, &set, november, None);
    // The first response breached in October (inside business time); the resolution deadline
    // is October's last closing time, its breach November's first business second.
    assert_eq!((oct.metrics.fr_breached, oct.metrics.res_breached), (1, 0));
    assert_eq!((nov.metrics.fr_breached, nov.metrics.res_breached), (0, 1));
    assert_eq!(nov.breaches[0].at, t("2026-11-01T05:15:01Z"));
    assert_eq!(nov.breaches[0].due_at, t("2026-10-30T21:00:00Z"));
    // Its credit is November's (p2: 50.00).
    assert_eq!(nov.metrics.credits.total, Decimal::new(5000, 2));
    assert_eq!(oct.metrics.credits.total, Decimal::ZERO);
}

#[test]
fn spans_of_periods_not_started_started_now_and_ended() {
    let rt = runtime();
    let a = &rt.agreement;
    let december = Period::parse("2026-12").unwrap();
    let start = t("2026-12-01T05:00:00Z");
    // Before it starts: no figures.
    assert_eq!(december.span(a, start.plus(-1)), None);
    // At its first instant: begun, to date over nothing.
    let s = december.span(a, start).unwrap();
    assert_eq!((s.start, s.end, s.to_date()), (start, start, Some(start)));
    // Inside it: to date.
    let mid = t("2026-12-05T02:04:00Z");
    let s = december.span(a, mid).unwrap();
    assert_eq!((s.end, s.to_date()), (mid, Some(mid)));
    // At its end and after: whole.
    let end = t("2027-01-01T05:00:00Z");
    for later in [end, end.plus(86_400)] {
        let s = december.span(a, later).unwrap();
        assert_eq!((s.end, s.period_end, s.to_date()), (end, end, None));
    }
}

#[test]
fn a_ticket_opened_a_minute_ago_is_nothing_yet() {
    // The fault the revision answers: on 5 December, a P1 opened a minute earlier showed as
    // breached on both clocks in December's dashboard, with credits owed.
    let rt = runtime();
    let now = t("2026-12-05T02:04:00Z");
    let ticket = ticket("NEW", now.plus(-60), Priority::P1);
    let set = TicketSet::new(vec![ticket], vec![], vec![]);
    let span = Period::parse("2026-12")
        .unwrap()
        .span(&rt.agreement, now)
        .unwrap();
    let m = analyse(&rt, 0, &set, span, None).metrics;
    assert_eq!(m.tickets_opened, 1);
    assert_eq!(
        (m.fr_met, m.fr_breached, m.res_met, m.res_breached),
        (0, 0, 0, 0)
    );
    assert_eq!(m.credits.total, Decimal::ZERO);
    assert_eq!(m.to_date, Some(now));
}

// -------------------------------------------------------------------------------------------
// Random histories.

const KINDS: [EventKind; 6] = [
    EventKind::Responded,
    EventKind::WaitingOnCustomer,
    EventKind::CustomerReplied,
    EventKind::Resolved,
    EventKind::Reopened,
    EventKind::Closed,
];

/// Up to 12 tickets opened from mid-October to late November 2026, each with up to 6 events
/// at increasing instants (any order of kinds: the engine ignores those that change nothing).
fn history() -> impl Strategy<Value = TicketSet> {
    let one = (
        0i64..(45 * 86_400),
        0usize..4,
        proptest::collection::vec((0i64..(4 * 86_400), 0usize..KINDS.len()), 0..6),
    );
    proptest::collection::vec(one, 1..12).prop_map(|tickets| {
        let base = t("2026-10-15T00:00:00Z");
        let mut list = Vec::new();
        let mut events = Vec::new();
        for (i, (open, p, evs)) in tickets.into_iter().enumerate() {
            let opened_at = base.plus(open);
            list.push(Ticket {
                csat: Some(4),
                ..ticket(&format!("R-{i}"), opened_at, Priority::ALL[p])
            });
            let mut at = opened_at;
            for (gap, k) in evs {
                at = at.plus(gap);
                events.push((
                    u32::try_from(i).unwrap(),
                    Event {
                        at,
                        kind: KINDS[k],
                        priority: None,
                    },
                ));
            }
        }
        TicketSet::new(list, events, vec![])
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// November reported at any instant in it counts only what happened before that instant,
    /// files breaches by `breached_at`, and agrees with each ticket evaluated alone then.
    #[test]
    fn a_month_to_date_never_counts_what_has_not_happened(
        set in history(),
        into in 0i64..(30 * 86_400),
    ) {
        let rt = runtime();
        let november = Period::parse("2026-11").unwrap();
        let (start, end) = november.bounds(&rt.agreement);
        let as_of = start.plus(into);
        prop_assume!(as_of < end);
        let span = november.span(&rt.agreement, as_of).unwrap();
        prop_assert_eq!(span.to_date(), Some(as_of));
        let a = analyse(&rt, 0, &set, span, None);
        let opened = set.tickets.iter().filter(|t| start <= t.opened_at && t.opened_at < as_of).count();
        prop_assert_eq!(a.metrics.tickets_opened, opened as u64);
        for b in &a.breaches {
            prop_assert!(start <= b.at && b.at < as_of, "breach {:?} outside [start, as_of)", b);
            prop_assert!(b.due_at < b.at, "a deadline comes before its breach: {:?}", b);
        }
        let (mut fr, mut res) = ((0u64, 0u64), (0u64, 0u64));
        for i in 0..set.tickets.len() {
            let tk = &set.tickets[i];
            let alone = evaluate(&rt, tk.opened_at, tk.priority, set.events(i), as_of);
            let later = evaluate(&rt, tk.opened_at, tk.priority, set.events(i), end);
            for (c, later_c, count) in [
                (&alone.first_response, &later.first_response, &mut fr),
                (&alone.resolution, &later.resolution, &mut res),
            ] {
                match c.state {
                    ClockState::Met if c.stopped_at.is_some_and(|s| start <= s && s < as_of) => count.0 += 1,
                    ClockState::Breached => {
                        let at = c.breached_at.expect("a breached clock has its breach instant");
                        prop_assert!(at <= as_of, "breached after as_of: {} > {}", at, as_of);
                        if start <= at && at < as_of {
                            count.1 += 1;
                        }
                    }
                    _ => {}
                }
                // A clock whose breach (seen at the month's end) comes at or after as_of is
                // not counted as breached to date.
                if let Some(b) = later_c.breached_at.filter(|b| *b >= as_of) {
                    let p = classify(&rt, &set, i, span);
                    for o in [p.first_response, p.resolution].into_iter().flatten() {
                        prop_assert!(!(o.breached && o.at == b));
                    }
                }
            }
        }
        prop_assert_eq!((a.metrics.fr_met, a.metrics.fr_breached), fr);
        prop_assert_eq!((a.metrics.res_met, a.metrics.res_breached), res);
        // CSAT counts the scores of resolutions stopped in [start, as_of), every ticket having one.
        let csat = (0..set.tickets.len())
            .filter(|&i| {
                let tk = &set.tickets[i];
                evaluate(&rt, tk.opened_at, tk.priority, set.events(i), as_of)
                    .resolution
                    .stopped_at
                    .is_some_and(|s| start <= s && s < as_of)
            })
            .count();
        prop_assert_eq!(a.metrics.csat_count, csat as u64);
    }
}
