//! Business calendars against `shared/spec/sla-semantics.md`, "Business time".
//!
//! - Property tests over random calendars (six zones, including half-hour offsets and a 30-minute
//!   DST shift; 0–3 windows a day on 15- or 30-minute boundaries, listed in any order; holidays)
//!   and instants in 2025–2027, biased towards DST days and window edges:
//!   compiled == naive (also across the compiled range), additivity, `advance` as the least
//!   inverse, monotonicity, the 24x7 identity, and an independent brute-force oracle of the spec's
//!   edge rule for short spans.
//! - Hand-computed DST days (New York, St. John's, Lord Howe, London), holidays and split windows.

use accord_core::Instant;
use accord_core::calendar::{
    Calendar, CompiledCalendar, DAY, Holiday, Tz, WeeklyHours, Window, local_edge, naive,
};
use accord_core::clock::Basis;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Timelike};
use proptest::prelude::*;
use proptest::sample::{select, subsequence};

/// 2025-01-01T00:00:00Z.
const START: i64 = 1_735_689_600;
/// 2028-01-01T00:00:00Z.
const END: i64 = 1_830_297_600;

const ZONES: [Tz; 6] = [
    chrono_tz::America::New_York,
    chrono_tz::America::St_Johns,
    chrono_tz::Europe::London,
    chrono_tz::Australia::Lord_Howe,
    chrono_tz::Asia::Kolkata,
    chrono_tz::UTC,
];

/// DST change dates 2025–2027: New York and St. John's (same dates), London, Lord Howe.
/// Random dates are drawn from these often so that gaps and overlaps are exercised.
const DST_DATES: [(i32, u32, u32); 18] = [
    (2025, 3, 9),
    (2025, 11, 2),
    (2026, 3, 8),
    (2026, 11, 1),
    (2027, 3, 14),
    (2027, 11, 7),
    (2025, 3, 30),
    (2025, 10, 26),
    (2026, 3, 29),
    (2026, 10, 25),
    (2027, 3, 28),
    (2027, 10, 31),
    (2025, 4, 6),
    (2025, 10, 5),
    (2026, 4, 5),
    (2026, 10, 4),
    (2027, 4, 4),
    (2027, 10, 3),
];

/// The DST change dates of a zone (none for Kolkata and UTC).
fn dst_dates_of(tz: Tz) -> &'static [(i32, u32, u32)] {
    match tz {
        chrono_tz::America::New_York | chrono_tz::America::St_Johns => &DST_DATES[0..6],
        chrono_tz::Europe::London => &DST_DATES[6..12],
        chrono_tz::Australia::Lord_Howe => &DST_DATES[12..18],
        _ => &[],
    }
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn t(s: &str) -> Instant {
    Instant::parse(s).expect("valid instant")
}

fn w(s: &str) -> Window {
    Window::parse(s).expect("valid window")
}

// -------------------------------------------------------------------------------------------
// Strategies.

/// A date in 2025–2027, or (weight `dst`) a DST change date.
fn date(uniform: u32, dst: u32) -> impl Strategy<Value = NaiveDate> {
    prop_oneof![
        uniform => (0i64..1095).prop_map(|d| ymd(2025, 1, 1) + Duration::days(d)),
        dst => select(DST_DATES.to_vec()).prop_map(|(y, m, d)| ymd(y, m, d)),
    ]
}

/// 0–3 disjoint windows (some touching, some ending at 24:00) on a 15- or 30-minute grid,
/// shuffled; or a closed day; or a whole day.
fn day_windows() -> impl Strategy<Value = Vec<Window>> {
    let some = (prop_oneof![Just(900u32), Just(1800u32)], 1usize..=3)
        .prop_flat_map(|(step, k)| {
            let points: Vec<u32> = (0..=DAY / step).collect();
            (
                Just(step),
                subsequence(points, 2 * k),
                proptest::collection::vec(any::<bool>(), k),
                prop_oneof![3 => Just(false), 1 => Just(true)],
            )
        })
        .prop_map(|(step, p, touch, to_midnight)| {
            let k = touch.len();
            let mut out: Vec<Window> = Vec::with_capacity(k);
            for i in 0..k {
                let mut start = p[2 * i] * step;
                let mut end = p[2 * i + 1] * step;
                if touch[i]
                    && let Some(prev) = out.last()
                {
                    start = prev.end;
                }
                if to_midnight && i == k - 1 {
                    end = DAY;
                }
                out.push(Window { start, end });
            }
            out
        })
        .prop_shuffle();
    prop_oneof![
        2 => Just(Vec::new()),
        1 => Just(vec![Window { start: 0, end: DAY }]),
        6 => some,
    ]
}

/// A date drawn for a given zone: any date of 2025–2027, or (two times in three) one of that
/// zone's own DST change dates.
#[derive(Clone, Copy, Debug)]
enum ZoneDate {
    Any(i64),
    Dst(usize),
}

fn zone_date() -> impl Strategy<Value = ZoneDate> {
    prop_oneof![
        1 => (0i64..1095).prop_map(ZoneDate::Any),
        2 => (0usize..6).prop_map(ZoneDate::Dst),
    ]
}

fn zone_date_in(tz: Tz, d: ZoneDate) -> NaiveDate {
    let dst = dst_dates_of(tz);
    match d {
        ZoneDate::Dst(i) if !dst.is_empty() => {
            let (y, m, d) = dst[i % dst.len()];
            ymd(y, m, d)
        }
        ZoneDate::Dst(i) => ymd(2026, 3, 8) + Duration::days(i as i64),
        ZoneDate::Any(o) => ymd(2025, 1, 1) + Duration::days(o),
    }
}

fn build(zone: usize, days: [Vec<Window>; 7], holidays: Vec<NaiveDate>) -> Calendar {
    Calendar::new(
        ZONES[zone],
        WeeklyHours::new(days).expect("generated windows are disjoint"),
        holidays
            .into_iter()
            .map(|date| Holiday {
                date,
                name: String::new(),
            })
            .collect(),
    )
}

/// Random calendars; one in twenty has no hours at all.
fn calendar() -> impl Strategy<Value = Calendar> {
    prop_oneof![
        19 => (
            0..ZONES.len(),
            proptest::array::uniform7(day_windows()),
            proptest::collection::vec(date(3, 1), 0..12),
        )
            .prop_map(|(z, days, hol)| build(z, days, hol)),
        1 => (0..ZONES.len()).prop_map(|z| build(z, Default::default(), vec![])),
    ]
}

/// How an instant is drawn; resolved against the calendar's zone by [`at_in`].
#[derive(Clone, Copy, Debug)]
enum At {
    /// Any second of 2025–2027.
    Uniform(i64),
    /// A local quarter hour of a date (per `local_edge`), give or take two seconds.
    Local(NaiveDate, u32, i64),
}

fn at() -> impl Strategy<Value = At> {
    prop_oneof![
        (START..END).prop_map(At::Uniform),
        (date(1, 1), 0u32..=96, -2i64..=2).prop_map(|(d, q, j)| At::Local(d, q, j)),
    ]
}

fn at_in(cal: &Calendar, a: At) -> Instant {
    match a {
        At::Uniform(s) => Instant(s),
        At::Local(d, q, j) => local_edge(cal.time_zone, d, q * 900).plus(j),
    }
}

/// An amount of business seconds: small (edges), or up to three weeks of the calendar's hours.
#[derive(Clone, Copy, Debug)]
enum Amount {
    Small(i64),
    Weeks(u32),
}

fn amount() -> impl Strategy<Value = Amount> {
    prop_oneof![
        (0i64..=7200).prop_map(Amount::Small),
        (0u32..=3_000_000).prop_map(Amount::Weeks),
    ]
}

fn amount_in(cal: &Calendar, n: Amount) -> i64 {
    match n {
        Amount::Small(n) => n,
        Amount::Weeks(m) => cal.week.weekly_secs() * i64::from(m) / 1_000_000,
    }
}

/// A compiled range `[first, first + len)` of local dates, from late 2024 to early 2028.
fn compile_range() -> impl Strategy<Value = (NaiveDate, NaiveDate)> {
    (-60i64..1155, 1i64..=400).prop_map(|(o, len)| {
        let first = ymd(2025, 1, 1) + Duration::days(o);
        (first, first + Duration::days(len))
    })
}

// -------------------------------------------------------------------------------------------
// An independent oracle of the spec's business time, for short spans.
//
// Every zone here has offsets and transitions on a 15-minute UTC grid, and windows are on a
// 15-minute local grid, so every window edge is a UTC instant on that grid. The spec's edge rule
// (revision 2): a wall-clock time that occurs is its earliest occurrence; one in a gap is read
// with the UTC offset in force before the gap. The oracle finds occurrences by scanning the
// grid; for a gap it scans for the transition (the first instant whose wall clock is past the
// edge) and reads the offset one second before it. Business time is then measured as a union
// without sorting intervals: every stretch between two consecutive edges counts when any
// window covers it.

fn local_of(tz: Tz, u: i64) -> NaiveDateTime {
    let utc = DateTime::from_timestamp(u, 0)
        .expect("in range")
        .naive_utc();
    tz.from_utc_datetime(&utc).naive_local()
}

fn oracle_edge(tz: Tz, date: NaiveDate, secs: u32) -> i64 {
    let wall = date.and_hms_opt(0, 0, 0).expect("midnight") + Duration::seconds(i64::from(secs));
    let naive = wall.and_utc().timestamp();
    let first = (naive - 15 * 3600).div_euclid(900) * 900;
    let grid = (0..=(30 * 4)).map(|k| first + k * 900);
    if let Some(u) = grid.clone().find(|&u| local_of(tz, u) == wall) {
        return u;
    }
    let transition = grid
        .filter(|&u| local_of(tz, u) > wall)
        .find(|&u| local_of(tz, u - 1) < wall)
        .expect("oracle: a gap has a transition");
    let before = (local_of(tz, transition - 1).and_utc().timestamp()) - (transition - 1);
    naive - before
}

fn oracle_seconds(cal: &Calendar, a: Instant, b: Instant) -> i64 {
    if b <= a {
        return 0;
    }
    let tz = cal.time_zone;
    let mut day = local_of(tz, a.0).date() - Duration::days(2);
    let last = local_of(tz, b.0).date() + Duration::days(2);
    let mut windows = Vec::new();
    while day <= last {
        if !cal.holidays.iter().any(|h| h.date == day) {
            let weekday = day.weekday().num_days_from_monday() as usize;
            for win in cal.week.day(weekday) {
                windows.push((
                    oracle_edge(tz, day, win.start),
                    oracle_edge(tz, day, win.end),
                ));
            }
        }
        day += Duration::days(1);
    }
    let mut cuts: Vec<i64> = windows.iter().flat_map(|&(s, e)| [s, e]).collect();
    cuts.extend([a.0, b.0]);
    cuts.retain(|&c| a.0 <= c && c <= b.0);
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2)
        .filter(|p| windows.iter().any(|&(s, e)| s <= p[0] && p[1] <= e))
        .map(|p| p[1] - p[0])
        .sum()
}

// -------------------------------------------------------------------------------------------
// Properties.

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Compiled answers equal the naive reference, inside, across and outside the compiled range.
    #[test]
    fn compiled_matches_naive(
        cal in calendar(),
        a in at(),
        b in at(),
        n in amount(),
        range in compile_range(),
        more in 0i64..400,
    ) {
        let (a, b) = (at_in(&cal, a), at_in(&cal, b));
        let n = amount_in(&cal, n);
        let year = CompiledCalendar::new(cal.clone(), ymd(2026, 1, 1), ymd(2027, 1, 1));
        let narrow = CompiledCalendar::new(cal.clone(), range.0, range.1);
        let mut extended = narrow.clone();
        extended.extend_to(range.1 + Duration::days(more));
        for c in [&year, &narrow, &extended] {
            for (x, y) in [(a, b), (b, a), (a, a)] {
                prop_assert_eq!(
                    c.business_seconds(x, y),
                    naive::business_seconds(&cal, x, y),
                    "business_seconds({}, {}) compiled over {:?}", x, y, c.range()
                );
            }
            for x in [a, b] {
                prop_assert_eq!(
                    c.advance(x, n),
                    naive::advance(&cal, x, n),
                    "advance({}, {}) compiled over {:?}", x, n, c.range()
                );
            }
        }
    }

    /// s(a, c) = s(a, b) + s(b, c) for a <= b <= c, and s(a, b) <= b - a.
    #[test]
    fn additive(cal in calendar(), x in at(), y in at(), z in at()) {
        let mut v = [at_in(&cal, x), at_in(&cal, y), at_in(&cal, z)];
        v.sort();
        let [a, b, c] = v;
        let compiled = CompiledCalendar::new(cal.clone(), ymd(2025, 7, 1), ymd(2026, 7, 1));
        let s = |x, y| naive::business_seconds(&cal, x, y);
        prop_assert_eq!(s(a, c), s(a, b) + s(b, c));
        let cs = |x, y| compiled.business_seconds(x, y);
        prop_assert_eq!(cs(a, c), cs(a, b) + cs(b, c));
        prop_assert!(s(a, b) <= b.0 - a.0);
        prop_assert!(s(a, b) >= 0);
    }

    /// advance(a, n) is the least instant t >= a with s(a, t) = n: s(a, t) = n and, when n > 0,
    /// s(a, t - 1) = n - 1 < n. Without hours it is absent (n > 0).
    #[test]
    fn advance_is_least_inverse(cal in calendar(), a in at(), n in amount()) {
        let a = at_in(&cal, a);
        let n = amount_in(&cal, n);
        let compiled = CompiledCalendar::new(cal.clone(), ymd(2026, 1, 1), ymd(2026, 7, 1));
        let got = naive::advance(&cal, a, n);
        prop_assert_eq!(compiled.advance(a, n), got);
        match got {
            None => prop_assert!(n > 0 && !cal.has_hours()),
            Some(t) => {
                prop_assert!(t >= a);
                prop_assert_eq!(naive::business_seconds(&cal, a, t), n);
                prop_assert_eq!(compiled.business_seconds(a, t), n);
                if n > 0 {
                    prop_assert_eq!(naive::business_seconds(&cal, a, t.plus(-1)), n - 1);
                    prop_assert_eq!(compiled.business_seconds(a, t.plus(-1)), n - 1);
                } else {
                    prop_assert_eq!(t, a);
                }
            }
        }
    }

    /// s(a, b) grows with b and shrinks with a; advance(a, n) grows with n and with a.
    #[test]
    fn monotone(
        cal in calendar(),
        a in at(),
        b1 in at(),
        b2 in at(),
        n1 in amount(),
        n2 in amount(),
    ) {
        let compiled = CompiledCalendar::new(cal.clone(), ymd(2025, 1, 1), ymd(2026, 1, 1));
        let a = at_in(&cal, a);
        let (b1, b2) = {
            let (x, y) = (at_in(&cal, b1), at_in(&cal, b2));
            (x.min(y), x.max(y))
        };
        prop_assert!(compiled.business_seconds(a, b1) <= compiled.business_seconds(a, b2));
        prop_assert!(compiled.business_seconds(b2, a) <= compiled.business_seconds(b1, a));
        let (n1, n2) = {
            let (x, y) = (amount_in(&cal, n1), amount_in(&cal, n2));
            (x.min(y), x.max(y))
        };
        if cal.has_hours() {
            let adv = |x, n| compiled.advance(x, n).expect("a calendar with hours reaches n");
            prop_assert!(adv(a, n1) <= adv(a, n2));
            prop_assert!(adv(b1, n1) <= adv(b2, n1));
        } else {
            prop_assert_eq!(compiled.advance(a, n1.max(1)), None);
            prop_assert_eq!(compiled.business_seconds(b1, b2), 0);
        }
    }

    /// Open 00:00-24:00 every day without holidays: every real second counts, in any zone
    /// (24:00 of one day is 00:00 of the next, even on DST days); same for `Basis::Always`.
    #[test]
    fn all_day_every_day_is_24x7(zone in 0..ZONES.len(), a in at(), b in at(), n in 0i64..=40 * 86_400) {
        let cal = Calendar::new(ZONES[zone], WeeklyHours::always(), vec![]);
        let utc = Calendar::new(chrono_tz::UTC, WeeklyHours::always(), vec![]);
        let (a, b) = (at_in(&cal, a), at_in(&cal, b));
        let (lo, hi) = (a.min(b), a.max(b));
        for cal in [&cal, &utc] {
            let compiled = CompiledCalendar::new(cal.clone(), ymd(2026, 1, 1), ymd(2027, 1, 1));
            prop_assert_eq!(naive::business_seconds(cal, lo, hi), hi.0 - lo.0);
            prop_assert_eq!(compiled.business_seconds(lo, hi), hi.0 - lo.0);
            prop_assert_eq!(naive::advance(cal, a, n), Some(a.plus(n)));
            prop_assert_eq!(compiled.advance(a, n), Some(a.plus(n)));
            prop_assert_eq!(Basis::Business(&compiled).seconds(lo, hi), hi.0 - lo.0);
        }
        prop_assert_eq!(Basis::Always.seconds(lo, hi), hi.0 - lo.0);
        prop_assert_eq!(Basis::Always.seconds(hi, lo), 0);
        prop_assert_eq!(Basis::Always.advance(a, n), Some(a.plus(n)));
    }

    /// Window edges follow the spec's rule, checked by the brute-force oracle.
    #[test]
    fn local_edge_matches_oracle(zone in 0..ZONES.len(), d in zone_date(), q in 0u32..=96) {
        let tz = ZONES[zone];
        let d = zone_date_in(tz, d);
        prop_assert_eq!(local_edge(tz, d, q * 900).0, oracle_edge(tz, d, q * 900));
    }

    /// Over a few days, the engine's business seconds and `advance` agree with the oracle.
    #[test]
    fn short_spans_match_oracle(
        cal in calendar(),
        d in zone_date(),
        qa in 0i64..(4 * 96),
        ja in -2i64..=2,
        qb in 0i64..=(3 * 96),
        jb in -2i64..=2,
        frac in 0u32..=1000,
    ) {
        let d = zone_date_in(cal.time_zone, d);
        let midnight = d.and_hms_opt(0, 0, 0).expect("midnight").and_utc().timestamp();
        let a = Instant(midnight - 14 * 3600 + qa * 900 + ja);
        let b = a.plus((qb * 900 + jb).max(0));
        let expected = oracle_seconds(&cal, a, b);
        let compiled = CompiledCalendar::new(cal.clone(), d - Duration::days(1), d + Duration::days(1));
        prop_assert_eq!(naive::business_seconds(&cal, a, b), expected);
        prop_assert_eq!(compiled.business_seconds(a, b), expected);
        let n = expected * i64::from(frac) / 1000;
        let t = naive::advance(&cal, a, n).expect("n is reached before b");
        prop_assert!(t <= b);
        prop_assert_eq!(oracle_seconds(&cal, a, t), n);
        if n > 0 {
            prop_assert_eq!(oracle_seconds(&cal, a, t.plus(-1)), n - 1);
        }
    }
}

// -------------------------------------------------------------------------------------------
// Hand-computed cases.

/// The compiled calendars each hand-computed answer is also checked on: 2026 only; the first
/// months of 2025 (so queries about 2026 fall back to the naive walk); and what
/// `AgreementRuntime` compiles (`covering`, 2025–2028).
fn compiled(cal: &Calendar) -> [CompiledCalendar; 3] {
    [
        CompiledCalendar::new(cal.clone(), ymd(2026, 1, 1), ymd(2027, 1, 1)),
        CompiledCalendar::new(cal.clone(), ymd(2025, 1, 1), ymd(2025, 6, 1)),
        CompiledCalendar::covering(
            cal.clone(),
            t("2026-03-01T00:00:00Z"),
            t("2026-03-02T00:00:00Z"),
        ),
    ]
}

/// Business seconds in `[a, b)`, checked equal on naive and compiled.
#[track_caller]
fn secs(cal: &Calendar, a: &str, b: &str) -> i64 {
    let (a, b) = (t(a), t(b));
    let n = naive::business_seconds(cal, a, b);
    for c in compiled(cal) {
        assert_eq!(c.business_seconds(a, b), n, "compiled over {:?}", c.range());
    }
    n
}

/// `advance`, checked equal on naive and compiled.
#[track_caller]
fn adv(cal: &Calendar, a: &str, n: i64) -> Instant {
    let a = t(a);
    let got = naive::advance(cal, a, n).expect("reachable");
    for c in compiled(cal) {
        assert_eq!(c.advance(a, n), Some(got), "compiled over {:?}", c.range());
    }
    got
}

fn week(days: [&[&str]; 7]) -> WeeklyHours {
    WeeklyHours::new(days.map(|d| d.iter().map(|s| w(s)).collect())).expect("valid week")
}

/// A calendar with windows on Sundays only (every DST day below is a Sunday).
fn sundays(tz: Tz, windows: &[&str]) -> Calendar {
    Calendar::new(tz, week([&[], &[], &[], &[], &[], &[], windows]), vec![])
}

/// Business seconds of one Sunday's windows: `[Saturday 00:00Z, Tuesday 00:00Z)` holds that
/// Sunday's windows in every zone here and no other Sunday's.
#[track_caller]
fn sunday_secs(tz: Tz, date: &str, windows: &[&str]) -> i64 {
    let d = NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("date");
    assert_eq!(d.weekday(), chrono::Weekday::Sun);
    let from = format!("{}T00:00:00Z", d - Duration::days(1));
    let to = format!("{}T00:00:00Z", d + Duration::days(2));
    secs(&sundays(tz, windows), &from, &to)
}

#[test]
fn bounds_and_dst_dates_are_right() {
    assert_eq!(t("2025-01-01T00:00:00Z").0, START);
    assert_eq!(t("2028-01-01T00:00:00Z").0, END);
    // Every listed date is a 23-, 23.5-, 24.5- or 25-hour day in its zone(s).
    let day_len =
        |tz: Tz, d: NaiveDate| oracle_edge(tz, d + Duration::days(1), 0) - oracle_edge(tz, d, 0);
    for tz in ZONES {
        for &(y, m, d) in dst_dates_of(tz) {
            assert_ne!(day_len(tz, ymd(y, m, d)), 86_400, "{tz} {y}-{m}-{d}");
        }
    }
}

#[test]
fn new_york_spring_forward() {
    // 2026-03-08: EST (-05:00) until 02:00 local = 07:00Z, then EDT (-04:00); 02:00-03:00 does
    // not exist.
    let ny = chrono_tz::America::New_York;
    let d = "2026-03-08";
    // 00:00 EST = 05:00Z to 24:00 = 03-09 00:00 EDT = 04:00Z: 23 real hours.
    assert_eq!(sunday_secs(ny, d, &["00:00-24:00"]), 23 * 3600);
    // 01:00 EST = 06:00Z to 03:00 EDT = 07:00Z: one real hour for two wall-clock hours.
    assert_eq!(sunday_secs(ny, d, &["01:00-03:00"]), 3600);
    // 02:30 is in the gap: read with the offset before it (EST), 07:30Z = 03:30 EDT; to
    // 04:00 EDT = 08:00Z: half an hour (spec revision 2).
    assert_eq!(sunday_secs(ny, d, &["02:30-04:00"]), 1800);
    // 01:30 EST = 06:30Z to 02:30 (gap, read as EST) = 07:30Z: one hour.
    assert_eq!(sunday_secs(ny, d, &["01:30-02:30"]), 3600);
    // Both edges in the gap, both read as EST: 07:00Z to 07:45Z, 45 real minutes.
    assert_eq!(sunday_secs(ny, d, &["02:00-02:45"]), 2700);
    // Read so, 02:30-03:15 ends (03:15 EDT = 07:15Z) before it starts (07:30Z): no business
    // time that day.
    assert_eq!(sunday_secs(ny, d, &["02:30-03:15"]), 0);
    // 00:00-02:30 ends at 07:30Z and 03:00-05:00 starts at 03:00 EDT = 07:00Z: the half hour
    // both cover counts once, 05:00Z-09:00Z in all.
    assert_eq!(
        sunday_secs(ny, d, &["00:00-02:30", "03:00-05:00"]),
        4 * 3600
    );
    // 06:00Z-07:00Z and 07:00Z-08:00Z meet at the transition: two hours, listed out of order.
    assert_eq!(sunday_secs(ny, d, &["03:00-04:00", "01:00-02:00"]), 7200);
    // The day before and after are ordinary: 24 h + 24 h around a 23 h Sunday.
    let always = Calendar::new(ny, WeeklyHours::always(), vec![]);
    assert_eq!(
        secs(&always, "2026-03-07T05:00:00Z", "2026-03-10T04:00:00Z"),
        (24 + 23 + 24) * 3600
    );
}

#[test]
fn new_york_fall_back() {
    // 2026-11-01: EDT (-04:00) until 02:00 EDT = 06:00Z, then EST (-05:00); 01:00-01:59:59
    // happens twice (05:00Z-06:00Z EDT, 06:00Z-07:00Z EST).
    let ny = chrono_tz::America::New_York;
    let d = "2026-11-01";
    // 00:00 EDT = 04:00Z to 24:00 = 11-02 00:00 EST = 05:00Z: 25 real hours.
    assert_eq!(sunday_secs(ny, d, &["00:00-24:00"]), 25 * 3600);
    // 01:00 is in the overlap: the earlier instant, 01:00 EDT = 05:00Z. 02:00 happens once,
    // 02:00 EST = 07:00Z. So a one-hour wall-clock window is 2 real hours.
    assert_eq!(sunday_secs(ny, d, &["01:00-02:00"]), 7200);
    // 01:30 EDT = 05:30Z to 03:00 EST = 08:00Z: 2.5 h.
    assert_eq!(sunday_secs(ny, d, &["01:30-03:00"]), 9000);
    // 00:00 EDT = 04:00Z to 01:30 (earlier) = 05:30Z: 1.5 h; the second 01:00-01:30 (EST) falls
    // after the window's end and does not count.
    assert_eq!(sunday_secs(ny, d, &["00:00-01:30"]), 5400);
    // Both edges in the overlap, both the earlier instants: 05:00Z-05:30Z.
    assert_eq!(sunday_secs(ny, d, &["01:00-01:30"]), 1800);
    // 04:00Z-05:30Z and 05:30Z-08:00Z: 4 h for 3 wall-clock hours.
    assert_eq!(sunday_secs(ny, d, &["01:30-03:00", "00:00-01:30"]), 14_400);
}

#[test]
fn st_johns_spring_forward() {
    // 2026-03-08: NST (-03:30) until 02:00 local = 05:30Z, then NDT (-02:30); 02:00-03:00 does
    // not exist.
    let nf = chrono_tz::America::St_Johns;
    let d = "2026-03-08";
    // 00:00 NST = 03:30Z to 03-09 00:00 NDT = 02:30Z: 23 h.
    assert_eq!(sunday_secs(nf, d, &["00:00-24:00"]), 23 * 3600);
    // 01:00 NST = 04:30Z to 03:00 NDT = 05:30Z: 1 h.
    assert_eq!(sunday_secs(nf, d, &["01:00-03:00"]), 3600);
    // 02:15 is in the gap, read as NST: 05:45Z; 04:00 NDT = 06:30Z: 45 min.
    assert_eq!(sunday_secs(nf, d, &["02:15-04:00"]), 2700);
    // 01:30 NST = 05:00Z to 02:30 (gap, read as NST) = 06:00Z: 1 h.
    assert_eq!(sunday_secs(nf, d, &["01:30-02:30"]), 3600);
    // Entirely in the gap: empty.
    assert_eq!(sunday_secs(nf, d, &["02:00-03:00"]), 0);
}

#[test]
fn st_johns_fall_back() {
    // 2026-11-01: NDT (-02:30) until 02:00 NDT = 04:30Z, then NST (-03:30); 01:00-01:59:59
    // happens twice (03:30Z-04:30Z NDT, 04:30Z-05:30Z NST).
    let nf = chrono_tz::America::St_Johns;
    let d = "2026-11-01";
    // 00:00 NDT = 02:30Z to 11-02 00:00 NST = 03:30Z: 25 h.
    assert_eq!(sunday_secs(nf, d, &["00:00-24:00"]), 25 * 3600);
    // 01:00 (earlier) = 01:00 NDT = 03:30Z to 02:00 NST = 05:30Z: 2 h.
    assert_eq!(sunday_secs(nf, d, &["01:00-02:00"]), 7200);
    // 01:30 NDT = 04:00Z to 02:30 NST = 06:00Z: 2 h.
    assert_eq!(sunday_secs(nf, d, &["01:30-02:30"]), 7200);
    // 00:00 NDT = 02:30Z to 01:30 NDT = 04:00Z: 1.5 h (the repeated 01:00-01:30 NST is after it).
    assert_eq!(sunday_secs(nf, d, &["00:00-01:30"]), 5400);
}

#[test]
fn lord_howe_half_hour_dst() {
    let lh = chrono_tz::Australia::Lord_Howe;
    // 2026-10-04: +10:30 until 02:00 local = 10-03 15:30Z, then +11:00 (02:00-02:30 does not exist).
    // 00:00 +10:30 = 10-03 13:30Z to 10-05 00:00 +11:00 = 10-04 13:00Z: 23.5 h.
    assert_eq!(sunday_secs(lh, "2026-10-04", &["00:00-24:00"]), 84_600);
    // 02:00 (gap) -> 15:30Z; 03:00 +11:00 = 16:00Z: 30 min.
    assert_eq!(sunday_secs(lh, "2026-10-04", &["02:00-03:00"]), 1800);
    // 2026-04-05: +11:00 until 02:00 local = 04-04 15:00Z, then +10:30 from 01:30 (01:30-02:00
    // happens twice). 00:00 +11:00 = 04-04 13:00Z to 04-06 00:00 +10:30 = 04-05 13:30Z: 24.5 h.
    assert_eq!(sunday_secs(lh, "2026-04-05", &["00:00-24:00"]), 88_200);
    // 01:30 (earlier, +11:00) = 14:30Z to 02:00 +10:30 = 15:30Z: 1 h for 30 wall-clock minutes.
    assert_eq!(sunday_secs(lh, "2026-04-05", &["01:30-02:00"]), 3600);
}

#[test]
fn london_dst() {
    let ld = chrono_tz::Europe::London;
    // 2026-03-29: GMT until 01:00 = 01:00Z, then BST; 01:00-02:00 does not exist.
    assert_eq!(sunday_secs(ld, "2026-03-29", &["00:00-24:00"]), 23 * 3600);
    assert_eq!(sunday_secs(ld, "2026-03-29", &["01:00-02:00"]), 0);
    assert_eq!(sunday_secs(ld, "2026-03-29", &["00:30-02:30"]), 3600);
    // 2026-10-25: BST until 02:00 BST = 01:00Z, then GMT; 01:00 BST = 00:00Z to 02:00 GMT = 02:00Z.
    assert_eq!(sunday_secs(ld, "2026-10-25", &["00:00-24:00"]), 25 * 3600);
    assert_eq!(sunday_secs(ld, "2026-10-25", &["01:00-02:00"]), 7200);
}

#[test]
fn advance_across_dst() {
    let ny = chrono_tz::America::New_York;
    let nf = chrono_tz::America::St_Johns;

    // New York Sundays 00:00-04:00. Spring: from 01:30 EST (06:30Z), 30 min reach the gap
    // (07:00Z = 03:00 EDT), the other 30 min end at 03:30 EDT = 07:30Z.
    let cal = sundays(ny, &["00:00-04:00"]);
    assert_eq!(
        adv(&cal, "2026-03-08T06:30:00Z", 3600),
        t("2026-03-08T07:30:00Z")
    );
    // Exactly 30 min lands on the transition (least instant), one more second is after it.
    assert_eq!(
        adv(&cal, "2026-03-08T06:30:00Z", 1800),
        t("2026-03-08T07:00:00Z")
    );
    assert_eq!(
        adv(&cal, "2026-03-08T06:30:00Z", 1801),
        t("2026-03-08T07:00:01Z")
    );
    // The window is 3 real hours (05:00Z-08:00Z); one second more goes to the next Sunday,
    // 2026-03-15 00:00 EDT = 04:00Z.
    assert_eq!(
        adv(&cal, "2026-03-08T05:00:00Z", 10_800),
        t("2026-03-08T08:00:00Z")
    );
    assert_eq!(
        adv(&cal, "2026-03-08T05:00:00Z", 10_801),
        t("2026-03-15T04:00:01Z")
    );
    // Fall: from 00:30 EDT (04:30Z), 3 real hours end at 07:30Z = 02:30 EST (wall clock would
    // say 03:30); the window runs to 04:00 EST = 09:00Z, 5 real hours in all.
    assert_eq!(
        adv(&cal, "2026-11-01T04:30:00Z", 10_800),
        t("2026-11-01T07:30:00Z")
    );
    assert_eq!(
        secs(&cal, "2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z"),
        5 * 3600
    );

    // Every day 09:00-17:00 in New York: Saturday 16:00 EST (21:00Z) + 2 h = 1 h Saturday, then
    // Sunday 09:00 EDT (13:00Z) + 1 h = 14:00Z.
    let daily = Calendar::new(ny, week([&["09:00-17:00"]; 7]), vec![]);
    assert_eq!(
        adv(&daily, "2026-03-07T21:00:00Z", 7200),
        t("2026-03-08T14:00:00Z")
    );
    assert_eq!(
        secs(&daily, "2026-03-07T21:00:00Z", "2026-03-08T14:00:00Z"),
        7200
    );
    // Saturday 16:00 EDT (20:00Z) + 2 h = Sunday 09:00 EST (14:00Z) + 1 h = 15:00Z.
    assert_eq!(
        adv(&daily, "2026-10-31T20:00:00Z", 7200),
        t("2026-11-01T15:00:00Z")
    );

    // St. John's Sundays 00:00-03:00. Fall: 00:00 NDT = 02:30Z to 03:00 NST = 06:30Z is 4 real
    // hours; 3 of them end at 05:30Z = 02:00 NST.
    let cal = sundays(nf, &["00:00-03:00"]);
    assert_eq!(
        secs(&cal, "2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z"),
        4 * 3600
    );
    assert_eq!(
        adv(&cal, "2026-11-01T02:30:00Z", 10_800),
        t("2026-11-01T05:30:00Z")
    );
    // Spring: 00:00 NST = 03:30Z to 02:00 NST = 05:30Z (2 h), then 03:00 NDT: 2 real hours in all.
    assert_eq!(
        secs(&cal, "2026-03-08T00:00:00Z", "2026-03-09T00:00:00Z"),
        2 * 3600
    );
    assert_eq!(
        adv(&cal, "2026-03-08T03:30:00Z", 7200),
        t("2026-03-08T05:30:00Z")
    );
    // One more second: the next Sunday, 2026-03-15 00:00 NDT = 02:30Z.
    assert_eq!(
        adv(&cal, "2026-03-08T03:30:00Z", 7201),
        t("2026-03-15T02:30:01Z")
    );
}

#[test]
fn split_windows_out_of_order_and_holidays() {
    let ny = chrono_tz::America::New_York;
    let split: &[&str] = &["13:00-17:00", "08:00-12:00"];
    let cal = Calendar::new(
        ny,
        week([split, split, split, split, split, &[], &[]]),
        vec![Holiday {
            date: ymd(2026, 6, 2),
            name: "A Tuesday off".to_owned(),
        }],
    );
    // Monday 2026-06-01 (EDT, -04:00), 07:00 to 18:00 local: 4 h + 4 h.
    assert_eq!(
        secs(&cal, "2026-06-01T11:00:00Z", "2026-06-01T22:00:00Z"),
        8 * 3600
    );
    // 11:30 to 13:30 local: 30 min before lunch, 30 min after.
    assert_eq!(
        secs(&cal, "2026-06-01T15:30:00Z", "2026-06-01T17:30:00Z"),
        3600
    );
    assert_eq!(
        adv(&cal, "2026-06-01T15:30:00Z", 3600),
        t("2026-06-01T17:30:00Z")
    );
    // The least instant: 30 min from 11:30 is 12:00 (16:00Z), not 13:00.
    assert_eq!(
        adv(&cal, "2026-06-01T15:30:00Z", 1800),
        t("2026-06-01T16:00:00Z")
    );
    assert_eq!(
        adv(&cal, "2026-06-01T15:30:00Z", 1801),
        t("2026-06-01T17:00:01Z")
    );
    // Monday 16:00 to Wednesday 09:00 local: 1 h Monday, Tuesday is a holiday, 1 h Wednesday.
    assert_eq!(
        secs(&cal, "2026-06-01T20:00:00Z", "2026-06-03T13:00:00Z"),
        7200
    );
    assert_eq!(
        adv(&cal, "2026-06-01T20:00:00Z", 7200),
        t("2026-06-03T13:00:00Z")
    );
    // Friday 16:00 + 2 h: 1 h Friday, weekend closed, Monday 08:00-09:00.
    assert_eq!(
        adv(&cal, "2026-06-05T20:00:00Z", 7200),
        t("2026-06-08T13:00:00Z")
    );
    // A whole week: 5 days x 8 h, less the Tuesday holiday.
    assert_eq!(
        secs(&cal, "2026-06-01T00:00:00Z", "2026-06-08T00:00:00Z"),
        4 * 8 * 3600
    );
    // A holiday is a whole *local* date: 2026-06-02 EDT is 04:00Z to 04:00Z next day; a window
    // of 2026-06-01 ends before it, and nothing of 2026-06-02 counts.
    assert_eq!(
        secs(&cal, "2026-06-02T00:00:00Z", "2026-06-03T04:00:00Z"),
        0
    );

    // Touching windows are one stretch: 08:00-12:00 + 12:00-17:00 = 9 h, and advance crosses
    // the seam without a pause.
    let touching: &[&str] = &["12:00-17:00", "08:00-12:00"];
    let cal = Calendar::new(ny, week([touching; 7]), vec![]);
    assert_eq!(
        secs(&cal, "2026-06-01T04:00:00Z", "2026-06-02T04:00:00Z"),
        9 * 3600
    );
    assert_eq!(
        adv(&cal, "2026-06-01T15:00:00Z", 7200),
        t("2026-06-01T17:00:00Z")
    );

    // Overlapping windows are an error, in any order.
    assert!(
        WeeklyHours::new(std::array::from_fn(|_| vec![
            w("12:00-14:00"),
            w("08:00-12:30")
        ]))
        .is_err()
    );
    assert!(
        WeeklyHours::new(std::array::from_fn(|_| vec![
            w("08:00-12:30"),
            w("12:00-14:00")
        ]))
        .is_err()
    );
}

#[test]
fn holidays_are_local_dates() {
    // Kolkata (+05:30): local 2026-01-26 is 2026-01-25T18:30Z to 2026-01-26T18:30Z.
    let kol = Calendar::new(
        chrono_tz::Asia::Kolkata,
        WeeklyHours::always(),
        vec![Holiday {
            date: ymd(2026, 1, 26),
            name: "Republic Day".to_owned(),
        }],
    );
    assert_eq!(
        secs(&kol, "2026-01-25T00:00:00Z", "2026-01-27T00:00:00Z"),
        86_400
    );
    assert_eq!(
        secs(&kol, "2026-01-25T18:00:00Z", "2026-01-25T19:00:00Z"),
        1800
    );
    assert_eq!(
        adv(&kol, "2026-01-25T18:00:00Z", 1801),
        t("2026-01-26T18:30:01Z")
    );
    // A holiday on a DST day removes that day's 23 real hours, not 24.
    let ny = Calendar::new(
        chrono_tz::America::New_York,
        WeeklyHours::always(),
        vec![Holiday {
            date: ymd(2026, 3, 8),
            name: String::new(),
        }],
    );
    // 2026-03-07 00:00 EST = 05:00Z to 2026-03-10 00:00 EDT = 04:00Z: 71 h less 23 h.
    assert_eq!(
        secs(&ny, "2026-03-07T05:00:00Z", "2026-03-10T04:00:00Z"),
        48 * 3600
    );
}

#[test]
fn no_hours_never_advances() {
    let cal = Calendar::new(chrono_tz::America::New_York, WeeklyHours::default(), vec![]);
    assert!(!cal.has_hours());
    assert_eq!(
        secs(&cal, "2025-01-01T00:00:00Z", "2028-01-01T00:00:00Z"),
        0
    );
    let a = t("2026-05-01T00:00:00Z");
    assert_eq!(naive::advance(&cal, a, 1), None);
    assert_eq!(naive::advance(&cal, a, 0), Some(a));
    for c in compiled(&cal) {
        assert_eq!(c.advance(a, 1), None);
        assert_eq!(c.advance(a, 0), Some(a));
    }
}

#[test]
fn holidays_every_day_of_a_compiled_range() {
    // Business time exists only after the compiled range: advance must leave it.
    let holidays = (0..366)
        .map(|i| Holiday {
            date: ymd(2026, 1, 1) + Duration::days(i),
            name: String::new(),
        })
        .collect();
    let cal = Calendar::new(chrono_tz::UTC, week([&["09:00-10:00"]; 7]), holidays);
    let c = CompiledCalendar::new(cal.clone(), ymd(2026, 1, 1), ymd(2027, 1, 1));
    let a = t("2026-03-01T00:00:00Z");
    // Holidays run from 2026-01-01 through 2027-01-01 (day 365), so the first window is
    // 2027-01-02 09:00Z, past the compiled range.
    let expected = t("2027-01-02T09:30:00Z");
    assert_eq!(naive::advance(&cal, a, 1800), Some(expected));
    assert_eq!(c.advance(a, 1800), Some(expected));
    assert_eq!(c.business_seconds(a, expected), 1800);
}

// -------------------------------------------------------------------------------------------
// Every DST gap and overlap of 2020–2030 in a dozen zones (spec revision 2's gap reading).

/// Zones with DST in 2020–2030 between them: hour shifts at 01:00–03:00, at midnight
/// (Santiago, Havana, Beirut, Tehran, Cairo), Lord Howe's 30-minute shift and Chatham's +12:45.
const TRANSITION_ZONES: [Tz; 12] = [
    chrono_tz::America::New_York,
    chrono_tz::America::St_Johns,
    chrono_tz::Europe::London,
    chrono_tz::Europe::Berlin,
    chrono_tz::Australia::Lord_Howe,
    chrono_tz::Pacific::Chatham,
    chrono_tz::America::Santiago,
    chrono_tz::America::Havana,
    chrono_tz::Asia::Beirut,
    chrono_tz::Australia::Sydney,
    chrono_tz::Asia::Tehran,
    chrono_tz::Africa::Cairo,
];

/// Seconds east of UTC at instant `u`.
fn offset_of(tz: Tz, u: i64) -> i64 {
    local_of(tz, u).and_utc().timestamp() - u
}

/// Every transition instant of `tz` from 2020 through 2030.
fn transitions(tz: Tz) -> Vec<i64> {
    let (from, to) = (t("2020-01-01T00:00:00Z").0, t("2031-01-01T00:00:00Z").0);
    let step = 6 * 3600;
    let mut out = Vec::new();
    let mut u = from;
    while u < to {
        if offset_of(tz, u) != offset_of(tz, u + step) {
            let (mut lo, mut hi) = (u, u + step);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if offset_of(tz, mid) == offset_of(tz, u) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            out.push(hi);
        }
        u += step;
    }
    out
}

/// The local dates a transition touches (its wall-clock date before and after) and the
/// 15-minute wall-clock points of each within three hours of it.
fn transition_days(tz: Tz, at: i64) -> Vec<(NaiveDate, Vec<u32>)> {
    let mut out: Vec<(NaiveDate, Vec<u32>)> = Vec::new();
    for wall in [local_of(tz, at - 1), local_of(tz, at)] {
        let date = wall.date();
        if out.iter().any(|(d, _)| *d == date) {
            continue;
        }
        let secs = i64::from(wall.time().num_seconds_from_midnight());
        let points = (0..=96u32)
            .map(|q| q * 900)
            .filter(|&p| (i64::from(p) - secs).abs() <= 3 * 3600)
            .collect();
        out.push((date, points));
    }
    out
}

/// A calendar open only on `date`'s weekday, in those windows.
fn on_weekday(tz: Tz, date: NaiveDate, windows: Vec<Window>) -> Calendar {
    let mut days: [Vec<Window>; 7] = Default::default();
    days[date.weekday().num_days_from_monday() as usize] = windows;
    Calendar::new(
        tz,
        WeeklyHours::new(days).expect("disjoint windows"),
        vec![],
    )
}

/// Engine and oracle agree on a one-day calendar around `date`: business seconds over the
/// day and its neighbours, and `advance` to every share of them.
fn check_day(cal: &Calendar, date: NaiveDate) -> Result<(), TestCaseError> {
    let a = Instant(cal.midnight(date - Duration::days(1)).0);
    let b = Instant(cal.midnight(date + Duration::days(2)).0);
    let expected = oracle_seconds(cal, a, b);
    let compiled = CompiledCalendar::new(
        cal.clone(),
        date - Duration::days(1),
        date + Duration::days(1),
    );
    prop_assert_eq!(
        naive::business_seconds(cal, a, b),
        expected,
        "naive {:?}",
        cal.week.day(date.weekday().num_days_from_monday() as usize)
    );
    prop_assert_eq!(
        compiled.business_seconds(a, b),
        expected,
        "compiled {:?}",
        cal.week.day(date.weekday().num_days_from_monday() as usize)
    );
    for k in 1..=4 {
        let n = expected * k / 4;
        let got = compiled.advance(a, n);
        prop_assert_eq!(got, naive::advance(cal, a, n));
        let t = got.expect("reachable within the span");
        prop_assert_eq!(oracle_seconds(cal, a, t), n);
        if n > 0 {
            prop_assert_eq!(oracle_seconds(cal, a, t.plus(-1)), n - 1);
        }
    }
    Ok(())
}

/// Every single window edged within three hours of every transition of 2020–2030, in every
/// zone above: the engine's naive walk and compiled calendar against the oracle.
#[test]
fn every_transition_of_a_dozen_zones_single_windows() {
    for tz in TRANSITION_ZONES {
        let all = transitions(tz);
        assert!(!all.is_empty(), "{tz} has transitions in 2020-2030");
        for at in all {
            for (date, points) in transition_days(tz, at) {
                for (i, &s) in points.iter().enumerate() {
                    for &e in &points[i + 1..] {
                        let cal = on_weekday(tz, date, vec![Window { start: s, end: e }]);
                        check_day(&cal, date)
                            .unwrap_or_else(|err| panic!("{tz} {date} window {s}-{e}: {err}"));
                    }
                }
            }
        }
    }
}

/// Every transition of the dozen zones, listed.
fn all_transitions() -> Vec<(usize, i64)> {
    TRANSITION_ZONES
        .iter()
        .enumerate()
        .flat_map(|(z, tz)| transitions(*tz).into_iter().map(move |at| (z, at)))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Two or three windows around a transition, disjoint on the wall clock but maybe
    /// overlapping once read (a second both cover counts once): engine against the oracle.
    #[test]
    fn windows_around_transitions_count_each_second_once(
        pick in any::<proptest::sample::Index>(),
        side in any::<bool>(),
        cuts in proptest::collection::btree_set(0usize..25, 2..=6),
    ) {
        let list = all_transitions();
        let (z, at) = list[pick.index(list.len())];
        let tz = TRANSITION_ZONES[z];
        let days = transition_days(tz, at);
        let (date, points) = &days[usize::from(side) % days.len()];
        let cuts: Vec<u32> = cuts.into_iter().filter_map(|c| points.get(c).copied()).collect();
        let windows: Vec<Window> = cuts
            .chunks_exact(2)
            .map(|p| Window { start: p[0], end: p[1] })
            .collect();
        prop_assume!(!windows.is_empty());
        let cal = on_weekday(tz, *date, windows);
        check_day(&cal, *date)?;
    }
}
