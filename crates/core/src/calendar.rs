//! Business calendars and business time (`sla-semantics.md`, "Business time").
//!
//! A [`Calendar`] is what an agreement writes: an IANA time zone, weekly local wall-clock windows
//! and holiday dates. Business time is the real seconds that fall inside a window of a
//! non-holiday local date, so on a DST day a window spanning the change is an hour shorter or
//! longer than its wall-clock length.
//!
//! Window edges are mapped to UTC by [`local_edge`] (spec revision 2): an edge in a DST gap is
//! read with the UTC offset in force before the gap (RFC 5545 3.3.5, as java.time and Python
//! do: in New York on a spring-forward day 02:30 is 07:30Z, i.e. 03:30 EDT), an edge in an
//! overlap takes the earlier instant. That reading is not monotone inside a gap, so a window can
//! come out inverted (no business time that day) and two windows, even of adjacent dates, can
//! come out overlapping: business time is the **union** of every window's UTC interval, each
//! second counted once ([`Calendar::business_intervals`]). A `24:00` end is the next day's
//! `00:00` and meets its start exactly.
//!
//! Two implementations answer the same two questions, `business_seconds(a, b)` and its inverse
//! `advance(a, n)`:
//! - [`naive`] walks local dates one by one. It is the reference the tests compare against, the
//!   baseline of the benchmarks, and the fallback for instants outside a compiled range.
//! - [`CompiledCalendar`] turns a range of dates into sorted UTC intervals with prefix sums once,
//!   so each query is a binary search.

use chrono::{
    Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc,
};
pub use chrono_tz::Tz;

use crate::instant::Instant;

/// Seconds in a day; a window may end at `24:00`, i.e. this many seconds after midnight.
pub const DAY: u32 = 86_400;

/// One `[start, end)` local wall-clock window of a weekday, in seconds after local midnight.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub struct Window {
    /// Start, seconds after local midnight.
    pub start: u32,
    /// End, seconds after local midnight; at most [`DAY`] (`24:00`).
    pub end: u32,
}

impl Window {
    /// Parses `HH:MM-HH:MM` (`24:00` allowed as an end only).
    ///
    /// # Errors
    /// A reason when the text is malformed, the end is not after the start, or a time is out of range.
    pub fn parse(text: &str) -> Result<Self, String> {
        let (a, b) = text.split_once('-').ok_or_else(|| {
            format!("`{text}` is not a window: write `HH:MM-HH:MM`, e.g. `08:00-17:00`")
        })?;
        let start = parse_hhmm(a, false).map_err(|e| format!("window `{text}`: {e}"))?;
        let end = parse_hhmm(b, true).map_err(|e| format!("window `{text}`: {e}"))?;
        if end <= start {
            return Err(format!(
                "window `{text}` is empty: its end must be after its start"
            ));
        }
        Ok(Self { start, end })
    }

    /// Length of the window on a day without a DST change, in seconds.
    #[must_use]
    pub const fn wall_secs(self) -> u32 {
        self.end - self.start
    }
}

impl std::fmt::Display for Window {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let hm = |s: u32| format!("{:02}:{:02}", s / 3600, s / 60 % 60);
        write!(f, "{}-{}", hm(self.start), hm(self.end))
    }
}

fn parse_hhmm(text: &str, is_end: bool) -> Result<u32, String> {
    let b = text.as_bytes();
    if b.len() != 5
        || b[2] != b':'
        || !b
            .iter()
            .enumerate()
            .all(|(i, c)| i == 2 || c.is_ascii_digit())
    {
        return Err(format!("`{text}` is not a time: write `HH:MM`"));
    }
    let h = u32::from(b[0] - b'0') * 10 + u32::from(b[1] - b'0');
    let m = u32::from(b[3] - b'0') * 10 + u32::from(b[4] - b'0');
    if h == 24 && m == 0 {
        return if is_end {
            Ok(DAY)
        } else {
            Err("`24:00` can only end a window".to_owned())
        };
    }
    if h > 23 || m > 59 {
        return Err(format!("`{text}` is not a time of day"));
    }
    Ok(h * 3600 + m * 60)
}

/// Weekly hours: the windows of each weekday, Monday first, sorted and disjoint.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct WeeklyHours {
    days: [Vec<Window>; 7],
}

/// Weekday names as agreements write them, Monday first.
pub const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

impl WeeklyHours {
    /// Builds weekly hours from each weekday's windows (any order).
    ///
    /// # Errors
    /// `(weekday index, reason)` when two windows of a day overlap.
    pub fn new(mut days: [Vec<Window>; 7]) -> Result<Self, (usize, String)> {
        for (i, day) in days.iter_mut().enumerate() {
            day.sort_unstable();
            for pair in day.windows(2) {
                if pair[1].start < pair[0].end {
                    return Err((i, format!("windows {} and {} overlap", pair[0], pair[1])));
                }
            }
        }
        Ok(Self { days })
    }

    /// Weekly hours open all day every day.
    #[must_use]
    pub fn always() -> Self {
        Self {
            days: std::array::from_fn(|_| vec![Window { start: 0, end: DAY }]),
        }
    }

    /// The windows of a weekday (0 = Monday).
    #[must_use]
    pub fn day(&self, weekday: usize) -> &[Window] {
        &self.days[weekday]
    }

    /// Wall-clock business seconds in a week without DST changes or holidays.
    #[must_use]
    pub fn weekly_secs(&self) -> i64 {
        self.days
            .iter()
            .flatten()
            .map(|w| i64::from(w.wall_secs()))
            .sum()
    }
}

/// A business calendar: time zone, weekly hours, holidays.
#[derive(Clone, PartialEq, Debug)]
pub struct Calendar {
    /// The IANA time zone its windows and dates are read in.
    pub time_zone: Tz,
    /// Weekly windows.
    pub week: WeeklyHours,
    /// Holidays with their names, as written.
    pub holidays: Vec<Holiday>,
    holiday_dates: Vec<NaiveDate>,
}

/// A whole local date without business time.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Holiday {
    /// The local date.
    pub date: NaiveDate,
    /// Its name, e.g. "Labor Day" (may be empty).
    pub name: String,
}

impl Calendar {
    /// A calendar from its parts.
    #[must_use]
    pub fn new(time_zone: Tz, week: WeeklyHours, holidays: Vec<Holiday>) -> Self {
        let mut holiday_dates: Vec<NaiveDate> = holidays.iter().map(|h| h.date).collect();
        holiday_dates.sort_unstable();
        holiday_dates.dedup();
        Self {
            time_zone,
            week,
            holidays,
            holiday_dates,
        }
    }

    /// Whether a local date is a holiday.
    #[must_use]
    pub fn is_holiday(&self, date: NaiveDate) -> bool {
        self.holiday_dates.binary_search(&date).is_ok()
    }

    /// The name of a holiday date, if it is one.
    #[must_use]
    pub fn holiday_name(&self, date: NaiveDate) -> Option<&str> {
        self.holidays
            .iter()
            .find(|h| h.date == date)
            .map(|h| h.name.as_str())
    }

    /// Whether the weekly hours hold any window at all (if not, business time never passes).
    #[must_use]
    pub fn has_hours(&self) -> bool {
        self.week.weekly_secs() > 0
    }

    /// The local date of an instant.
    #[must_use]
    pub fn local_date(&self, t: Instant) -> NaiveDate {
        self.time_zone
            .from_utc_datetime(&t.to_chrono().naive_utc())
            .date_naive()
    }

    /// The UTC instant of a local date's midnight (per [`local_edge`]).
    #[must_use]
    pub fn midnight(&self, date: NaiveDate) -> Instant {
        local_edge(self.time_zone, date, 0)
    }

    /// Appends the UTC intervals of one local date's windows (none on a holiday), skipping
    /// windows that the gap reading inverts. They may overlap each other, or another date's, on a
    /// DST day: [`Self::business_intervals`] makes them a union.
    pub fn day_intervals(&self, date: NaiveDate, out: &mut Vec<(i64, i64)>) {
        if self.is_holiday(date) {
            return;
        }
        let weekday = date.weekday().num_days_from_monday() as usize;
        for w in self.week.day(weekday) {
            let s = local_edge(self.time_zone, date, w.start).0;
            let e = local_edge(self.time_zone, date, w.end).0;
            if e > s {
                out.push((s, e));
            }
        }
    }

    /// Business time of the local dates `[first, end)` widened by [`MARGIN_DAYS`] on each side:
    /// the sorted union of their windows' UTC intervals (overlapping or touching intervals
    /// merged), which holds every business second of the instants from `first`'s midnight
    /// through `end`'s.
    #[must_use]
    pub fn intervals_of_dates(&self, first: NaiveDate, end: NaiveDate) -> Vec<(i64, i64)> {
        let mut raw = Vec::new();
        let mut day = first - Duration::days(MARGIN_DAYS);
        let last = end + Duration::days(MARGIN_DAYS);
        while day < last {
            self.day_intervals(day, &mut raw);
            day += Duration::days(1);
        }
        union(raw)
    }

    /// The business intervals within `[a, b)`: sorted, disjoint, not touching, clipped.
    #[must_use]
    pub fn business_intervals(&self, a: Instant, b: Instant) -> Vec<(Instant, Instant)> {
        if b <= a {
            return Vec::new();
        }
        self.intervals_of_dates(self.local_date(a), self.local_date(b) + Duration::days(1))
            .into_iter()
            .filter_map(|(s, e)| {
                let (s, e) = (s.max(a.0), e.min(b.0));
                (e > s).then_some((Instant(s), Instant(e)))
            })
            .collect()
    }
}

/// How many local dates beyond a range can hold business time inside it: a window of a date is
/// read at most 14 hours before its wall-clock time and 12 hours after (the extreme UTC
/// offsets), so the dates two days before and after a range are the furthest that can reach in.
pub const MARGIN_DAYS: i64 = 2;

/// Sorts intervals and merges those that overlap or touch.
fn union(mut raw: Vec<(i64, i64)>) -> Vec<(i64, i64)> {
    raw.sort_unstable();
    let mut out: Vec<(i64, i64)> = Vec::with_capacity(raw.len());
    for (s, e) in raw {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// The UTC instant of a local wall-clock edge: `secs` after midnight of `date` (`86400` is the
/// next midnight). An edge in a DST gap is read with the UTC offset in force before the gap
/// (RFC 5545 3.3.5), so it lands as far after the transition as it is after the gap's start;
/// an edge in an overlap takes the earlier instant.
#[must_use]
pub fn local_edge(tz: Tz, date: NaiveDate, secs: u32) -> Instant {
    let (date, secs) = if secs >= DAY {
        (date + Duration::days(1), secs - DAY)
    } else {
        (date, secs)
    };
    let local = NaiveDateTime::new(
        date,
        NaiveTime::from_num_seconds_from_midnight_opt(secs, 0).unwrap_or(NaiveTime::MIN),
    );
    match tz.from_local_datetime(&local) {
        LocalResult::Single(dt) => Instant::from_chrono(&dt),
        LocalResult::Ambiguous(early, _) => Instant::from_chrono(&early),
        LocalResult::None => {
            let naive = Instant::from_naive_utc(local).0;
            let before = offset_at(tz, transition_into_gap(tz, local) - 1);
            Instant(naive - before)
        }
    }
}

/// The zone's UTC offset at instant `t`, in seconds east of UTC.
fn offset_at(tz: Tz, t: i64) -> i64 {
    let utc = Utc
        .timestamp_opt(t, 0)
        .single()
        .map(|d| d.naive_utc())
        .unwrap_or_default();
    i64::from(tz.offset_from_utc_datetime(&utc).fix().local_minus_utc())
}

/// The transition that opens the gap `local` lies in: the least UTC instant whose local time is
/// after `local`. Found by bisection over a two-day bracket, where local time is monotone in
/// UTC as long as the zone has no other transition within a day of this one.
fn transition_into_gap(tz: Tz, local: NaiveDateTime) -> i64 {
    let naive = Instant::from_naive_utc(local).0;
    let local_of = |t: i64| t + offset_at(tz, t);
    let (mut lo, mut hi) = (naive - 2 * 86_400, naive + 2 * 86_400);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if local_of(mid) > naive {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    lo
}

/// Business seconds in `[a, b)` and `advance`, by walking local dates.
///
/// This is the reference implementation: short, obviously per the spec (the union of every
/// window's interval, [`Calendar::business_intervals`]), and slow on long spans.
pub mod naive {
    use super::{Calendar, Duration};
    use crate::instant::Instant;

    /// How far [`advance`] looks before concluding the target is never reached.
    pub const HORIZON_DAYS: i64 = 366 * 200;

    /// Local dates walked at a time by [`advance`].
    const CHUNK_DAYS: i64 = 8;

    /// Business seconds in `[a, b)` (0 when `b <= a`).
    #[must_use]
    pub fn business_seconds(cal: &Calendar, a: Instant, b: Instant) -> i64 {
        cal.business_intervals(a, b)
            .iter()
            .map(|(s, e)| e.0 - s.0)
            .sum()
    }

    /// The least instant `t >= a` with `business_seconds(a, t) == n`; `None` if business time
    /// never accumulates that much (a calendar without hours).
    #[must_use]
    pub fn advance(cal: &Calendar, a: Instant, n: i64) -> Option<Instant> {
        if n <= 0 {
            return Some(a);
        }
        if !cal.has_hours() {
            return None;
        }
        let mut remaining = n;
        let first = cal.local_date(a) - Duration::days(1);
        let mut day = first;
        // Chunks of dates cover consecutive instants: a date's midnight never comes before the
        // previous date's.
        while (day - first).num_days() <= HORIZON_DAYS {
            let next = day + Duration::days(CHUNK_DAYS);
            let (lo, hi) = (cal.midnight(day).max(a), cal.midnight(next));
            for (s, e) in cal.business_intervals(lo, hi) {
                if e.0 - s.0 >= remaining {
                    return Some(s.plus(remaining));
                }
                remaining -= e.0 - s.0;
            }
            day = next;
        }
        None
    }
}

/// A calendar compiled over a range of local dates into sorted, merged UTC business intervals
/// with prefix sums. Queries inside the range are binary searches; queries that leave it fall
/// back to [`naive`], so answers never depend on the range, only speed does.
#[derive(Clone, Debug)]
pub struct CompiledCalendar {
    calendar: Calendar,
    first_day: NaiveDate,
    end_day: NaiveDate,
    lo: i64,
    hi: i64,
    starts: Vec<i64>,
    ends: Vec<i64>,
    /// Business seconds before each interval, counted from the first.
    cum: Vec<i64>,
    /// Business seconds before `hi`: what `advance` can find inside the range.
    upto_hi: i64,
}

impl CompiledCalendar {
    /// Compiles the local dates `[first_day, end_day)`.
    #[must_use]
    pub fn new(calendar: Calendar, first_day: NaiveDate, end_day: NaiveDate) -> Self {
        let end_day = end_day.max(first_day);
        // Every interval that can reach into the range's instants, dates beyond it included.
        let intervals = calendar.intervals_of_dates(first_day, end_day);
        let mut starts = Vec::with_capacity(intervals.len());
        let mut ends = Vec::with_capacity(intervals.len());
        let mut cum = Vec::with_capacity(intervals.len());
        let mut total = 0;
        for (s, e) in intervals {
            starts.push(s);
            ends.push(e);
            cum.push(total);
            total += e - s;
        }
        let mut c = Self {
            lo: calendar.midnight(first_day).0,
            hi: calendar.midnight(end_day).0,
            calendar,
            first_day,
            end_day,
            starts,
            ends,
            cum,
            upto_hi: 0,
        };
        c.upto_hi = c.cumulative(c.hi);
        c
    }

    /// Compiles whole years around the instants `[from, to]`: the year before `from` through
    /// two years after `to`, which holds every deadline of ordinary targets.
    #[must_use]
    pub fn covering(calendar: Calendar, from: Instant, to: Instant) -> Self {
        let y0 = calendar.local_date(from.min(to)).year() - 1;
        let y1 = calendar.local_date(to.max(from)).year() + 2;
        let first = NaiveDate::from_ymd_opt(y0, 1, 1).unwrap_or(NaiveDate::MIN);
        let end = NaiveDate::from_ymd_opt(y1 + 1, 1, 1).unwrap_or(NaiveDate::MAX);
        Self::new(calendar, first, end)
    }

    /// Extends the compiled range forward to `end_day` (exclusive).
    pub fn extend_to(&mut self, end_day: NaiveDate) {
        if end_day > self.end_day {
            *self = Self::new(self.calendar.clone(), self.first_day, end_day);
        }
    }

    /// The calendar this was compiled from.
    #[must_use]
    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    /// The compiled local dates `[first, end)`.
    #[must_use]
    pub fn range(&self) -> (NaiveDate, NaiveDate) {
        (self.first_day, self.end_day)
    }

    fn covers(&self, t: i64) -> bool {
        self.lo <= t && t <= self.hi
    }

    /// Business seconds before `t`, counted from the first compiled interval.
    fn cumulative(&self, t: i64) -> i64 {
        let idx = self.starts.partition_point(|&s| s <= t);
        if idx == 0 {
            return 0;
        }
        let i = idx - 1;
        self.cum[i] + t.min(self.ends[i]) - self.starts[i]
    }

    /// Business seconds in `[a, b)` (0 when `b <= a`).
    #[must_use]
    pub fn business_seconds(&self, a: Instant, b: Instant) -> i64 {
        if b <= a {
            return 0;
        }
        if self.covers(a.0) && self.covers(b.0) {
            self.cumulative(b.0) - self.cumulative(a.0)
        } else {
            naive::business_seconds(&self.calendar, a, b)
        }
    }

    /// The least instant `t >= a` with `business_seconds(a, t) == n`; `None` if never.
    #[must_use]
    pub fn advance(&self, a: Instant, n: i64) -> Option<Instant> {
        if n <= 0 {
            return Some(a);
        }
        if !self.covers(a.0) {
            return naive::advance(&self.calendar, a, n);
        }
        let target = self.cumulative(a.0) + n;
        if target > self.upto_hi {
            let rest = target - self.upto_hi;
            return naive::advance(&self.calendar, Instant(self.hi), rest);
        }
        // The last interval starting below the target holds it: the next one (if any) starts at
        // or above it, and this one ends at or above it because the total reaches it.
        let i = self.cum.partition_point(|&c| c < target) - 1;
        Some(Instant(self.starts[i] + (target - self.cum[i])))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ny() -> Tz {
        chrono_tz::America::New_York
    }

    fn t(s: &str) -> Instant {
        Instant::parse(s).unwrap()
    }

    #[test]
    fn edges_in_gaps_and_overlaps() {
        let spring = NaiveDate::from_ymd_opt(2026, 3, 8).unwrap();
        // 02:30 does not exist in New York on 2026-03-08: it is read with the offset before the
        // gap (EST), 07:30Z, i.e. 03:30 EDT (spec revision 2; RFC 5545 3.3.5).
        assert_eq!(
            local_edge(ny(), spring, 2 * 3600 + 1800),
            t("2026-03-08T07:30:00Z")
        );
        assert_eq!(
            local_edge(ny(), spring, 2 * 3600),
            t("2026-03-08T07:00:00Z")
        );
        assert_eq!(
            local_edge(ny(), spring, 3 * 3600),
            t("2026-03-08T07:00:00Z")
        );
        let fall = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        // 01:30 happens twice on 2026-11-01: the earlier is 01:30 EDT = 05:30Z.
        assert_eq!(
            local_edge(ny(), fall, 3600 + 1800),
            t("2026-11-01T05:30:00Z")
        );
        assert_eq!(local_edge(ny(), fall, DAY), t("2026-11-02T05:00:00Z"));
        let nf = chrono_tz::America::St_Johns;
        // St. John's springs forward at 02:00 NST (-03:30) to 03:00 NDT (-02:30): 02:15 is read
        // as NST, 05:45Z (03:15 NDT).
        assert_eq!(
            local_edge(nf, spring, 2 * 3600 + 900),
            t("2026-03-08T05:45:00Z")
        );
    }

    #[test]
    fn windows_parse() {
        assert_eq!(
            Window::parse("08:00-17:00"),
            Ok(Window {
                start: 8 * 3600,
                end: 17 * 3600
            })
        );
        assert_eq!(
            Window::parse("00:00-24:00"),
            Ok(Window { start: 0, end: DAY })
        );
        for bad in [
            "08:00",
            "17:00-08:00",
            "08:00-08:00",
            "24:00-24:00",
            "8:00-17:00",
            "08:00-24:01",
            "08:60-09:00",
        ] {
            assert!(Window::parse(bad).is_err(), "{bad}");
        }
        assert!(
            WeeklyHours::new(std::array::from_fn(|i| {
                if i == 0 {
                    vec![
                        Window::parse("12:00-14:00").unwrap(),
                        Window::parse("08:00-12:30").unwrap(),
                    ]
                } else {
                    vec![]
                }
            }))
            .is_err()
        );
    }
}
