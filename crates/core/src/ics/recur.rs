//! RRULE (RFC 5545 3.3.10 and 3.8.5.3) for whole-day events: parsing and a bounded expander.
//!
//! Only day-level frequencies exist for a DATE start (YEARLY, MONTHLY, WEEKLY, DAILY); every
//! `BYxxx` part is a filter on whole dates, so a period's occurrences are the dates of the
//! period that pass every filter (with the defaults RFC 5545 takes from DTSTART when no
//! day-level part is given), then BYSETPOS. For dates this "scan and filter" reading gives the
//! RFC's expand/limit table (python-dateutil builds its sets the same way).

use chrono::{Datelike, NaiveDate, Weekday};

use super::content::{day_number, from_day_number, parse_when, shorten};

/// The day-level frequencies.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Freq {
    Daily,
    Weekly,
    Monthly,
    Yearly,
}

/// A parsed RRULE of a whole-day event.
#[derive(Clone, PartialEq, Eq, Debug)]
pub(super) struct Rule {
    pub freq: Freq,
    pub interval: u32,
    pub count: Option<u32>,
    /// The last date allowed (the date part of a DATE-TIME UNTIL, as written).
    pub until: Option<NaiveDate>,
    pub by_month: Vec<u32>,
    pub by_month_day: Vec<i32>,
    pub by_year_day: Vec<i32>,
    pub by_week_no: Vec<i32>,
    /// `(ordinal, weekday)`; ordinal 0 means every such weekday.
    pub by_day: Vec<(i32, Weekday)>,
    pub by_set_pos: Vec<i32>,
    pub wkst: Weekday,
}

/// Why an RRULE was not taken.
#[derive(Clone, PartialEq, Eq, Debug)]
pub(super) enum RuleError {
    /// Not a valid rule: an error in the file.
    Invalid(String),
    /// A valid rule that cannot repeat a whole day (HOURLY and finer): the event is skipped.
    SubDaily(String),
}

fn weekday(text: &str) -> Option<Weekday> {
    Some(match text.to_ascii_uppercase().as_str() {
        "MO" => Weekday::Mon,
        "TU" => Weekday::Tue,
        "WE" => Weekday::Wed,
        "TH" => Weekday::Thu,
        "FR" => Weekday::Fri,
        "SA" => Weekday::Sat,
        "SU" => Weekday::Sun,
        _ => return None,
    })
}

/// A signed, non-zero integer list with every magnitude in `1..=max`.
fn signed_list(part: &str, value: &str, max: i32, signed: bool) -> Result<Vec<i32>, String> {
    value
        .split(',')
        .map(|v| {
            let v = v.trim();
            let n: Option<i32> = v
                .strip_prefix('+')
                .unwrap_or(v)
                .parse()
                .ok()
                .filter(|n: &i32| *n != 0 && n.abs() <= max && (signed || *n > 0));
            n.ok_or_else(|| {
                let range = if signed {
                    format!("1 to {max} or -{max} to -1")
                } else {
                    format!("1 to {max}")
                };
                format!("{part}={}: `{}` is not {range}", shorten(value), shorten(v))
            })
        })
        .collect()
}

fn positive(part: &str, value: &str) -> Result<u32, String> {
    value
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("{part}={}: not a positive whole number", shorten(value)))
}

/// Parses an RRULE value such as `FREQ=YEARLY;BYMONTH=11;BYDAY=4TH`.
///
/// Part names and values are case-insensitive. Unknown parts are errors, except `X-` parts
/// (ignored) and BYHOUR, BYMINUTE, BYSECOND, which RFC 5545 says to ignore for a DATE start.
/// The RFC's "MUST NOT" combinations are errors: COUNT with UNTIL, a BYDAY ordinal outside
/// MONTHLY and YEARLY (or with BYWEEKNO), BYMONTHDAY with WEEKLY, BYYEARDAY with DAILY, WEEKLY
/// or MONTHLY, BYWEEKNO outside YEARLY, a part given twice.
pub(super) fn parse_rule(value: &str) -> Result<Rule, RuleError> {
    use RuleError::Invalid;
    let mut freq = None;
    let mut rule = Rule {
        freq: Freq::Yearly,
        interval: 1,
        count: None,
        until: None,
        by_month: Vec::new(),
        by_month_day: Vec::new(),
        by_year_day: Vec::new(),
        by_week_no: Vec::new(),
        by_day: Vec::new(),
        by_set_pos: Vec::new(),
        wkst: Weekday::Mon,
    };
    let mut seen: Vec<String> = Vec::new();
    for part in value.split(';').filter(|p| !p.trim().is_empty()) {
        let Some((name, v)) = part.split_once('=') else {
            return Err(Invalid(format!(
                "`{}` is not a rule part (expected NAME=VALUE)",
                shorten(part)
            )));
        };
        let name = name.trim().to_ascii_uppercase();
        if seen.contains(&name) {
            return Err(Invalid(format!("{name} is given twice")));
        }
        seen.push(name.clone());
        let v = v.trim();
        match name.as_str() {
            "FREQ" => {
                freq = Some(match v.to_ascii_uppercase().as_str() {
                    "YEARLY" => Freq::Yearly,
                    "MONTHLY" => Freq::Monthly,
                    "WEEKLY" => Freq::Weekly,
                    "DAILY" => Freq::Daily,
                    f @ ("HOURLY" | "MINUTELY" | "SECONDLY") => {
                        return Err(RuleError::SubDaily(format!(
                            "repeats {f}, which a whole-day event cannot"
                        )));
                    }
                    _ => {
                        return Err(Invalid(format!(
                            "FREQ={}: not a frequency (expected YEARLY, MONTHLY, WEEKLY or DAILY)",
                            shorten(v)
                        )));
                    }
                });
            }
            "INTERVAL" => rule.interval = positive("INTERVAL", v).map_err(Invalid)?,
            "COUNT" => rule.count = Some(positive("COUNT", v).map_err(Invalid)?),
            "UNTIL" => {
                let when = parse_when(None, v).map_err(|e| Invalid(format!("UNTIL: {e}")))?;
                rule.until = Some(when.date());
            }
            "BYMONTH" => {
                rule.by_month = signed_list("BYMONTH", v, 12, false)
                    .map_err(Invalid)?
                    .into_iter()
                    .map(i32::unsigned_abs)
                    .collect();
            }
            "BYMONTHDAY" => rule.by_month_day = signed_list(&name, v, 31, true).map_err(Invalid)?,
            "BYYEARDAY" => rule.by_year_day = signed_list(&name, v, 366, true).map_err(Invalid)?,
            "BYWEEKNO" => rule.by_week_no = signed_list(&name, v, 53, true).map_err(Invalid)?,
            "BYSETPOS" => rule.by_set_pos = signed_list(&name, v, 366, true).map_err(Invalid)?,
            "BYDAY" => {
                for item in v.split(',') {
                    let item = item.trim();
                    let split = item.len().saturating_sub(2);
                    let parsed = item.get(split..).and_then(weekday).and_then(|wd| {
                        let ord = &item[..split];
                        if ord.is_empty() {
                            return Some((0, wd));
                        }
                        ord.strip_prefix('+')
                            .unwrap_or(ord)
                            .parse::<i32>()
                            .ok()
                            .filter(|n| *n != 0 && n.abs() <= 53)
                            .map(|n| (n, wd))
                    });
                    let day = parsed.ok_or_else(|| {
                        Invalid(format!(
                            "BYDAY={}: `{}` is not a weekday (expected MO…SU, optionally with an \
                             ordinal such as 4TH or -1MO)",
                            shorten(v),
                            shorten(item)
                        ))
                    })?;
                    rule.by_day.push(day);
                }
            }
            "WKST" => {
                rule.wkst = weekday(v).ok_or_else(|| {
                    Invalid(format!(
                        "WKST={}: not a weekday (expected MO…SU)",
                        shorten(v)
                    ))
                })?;
            }
            // RFC 5545 3.3.10: "MUST be ignored" when DTSTART is a DATE.
            "BYHOUR" | "BYMINUTE" | "BYSECOND" => {}
            // RFC 7529's calendar scale: only the Gregorian one is what the dates mean here.
            "RSCALE" if v.eq_ignore_ascii_case("GREGORIAN") => {}
            _ if name.starts_with("X-") => {}
            _ => {
                return Err(Invalid(format!(
                    "`{}` is not a rule part this reader knows",
                    shorten(&name)
                )));
            }
        }
    }
    rule.freq = freq.ok_or_else(|| Invalid("the rule has no FREQ".to_owned()))?;
    let freq_name = match rule.freq {
        Freq::Daily => "DAILY",
        Freq::Weekly => "WEEKLY",
        Freq::Monthly => "MONTHLY",
        Freq::Yearly => "YEARLY",
    };
    if rule.count.is_some() && rule.until.is_some() {
        return Err(Invalid("COUNT and UNTIL cannot both be given".to_owned()));
    }
    let ordinals = rule.by_day.iter().any(|(n, _)| *n != 0);
    if ordinals && matches!(rule.freq, Freq::Daily | Freq::Weekly) {
        return Err(Invalid(format!(
            "BYDAY with an ordinal (such as 4TH) needs FREQ=MONTHLY or YEARLY, not {freq_name}"
        )));
    }
    if ordinals && !rule.by_week_no.is_empty() {
        return Err(Invalid(
            "BYDAY with an ordinal (such as 4TH) cannot be combined with BYWEEKNO".to_owned(),
        ));
    }
    if !rule.by_month_day.is_empty() && rule.freq == Freq::Weekly {
        return Err(Invalid(
            "BYMONTHDAY cannot be used with FREQ=WEEKLY".to_owned(),
        ));
    }
    if !rule.by_year_day.is_empty() && rule.freq != Freq::Yearly {
        return Err(Invalid(format!(
            "BYYEARDAY needs FREQ=YEARLY, not {freq_name}"
        )));
    }
    if !rule.by_week_no.is_empty() && rule.freq != Freq::Yearly {
        return Err(Invalid(format!(
            "BYWEEKNO needs FREQ=YEARLY, not {freq_name}"
        )));
    }
    Ok(rule)
}

/// How many candidate dates one file may examine while expanding its rules, in total: enough to
/// expand thousands of rules over a century (a yearly rule by month examines ~30 dates a year),
/// or a DAILY COUNT rule from year 1 (~740 000), small enough that a file of many such rules is
/// refused in about a second instead of hanging the import.
pub(super) const SCAN_BUDGET: u64 = 20_000_000;

/// The day-level filters of a rule, with RFC 5545's defaults from DTSTART filled in.
struct Filters<'a> {
    rule: &'a Rule,
    months: Vec<u32>,
    month_days: Vec<i32>,
    weekdays: Vec<(i32, Weekday)>,
}

impl<'a> Filters<'a> {
    fn new(rule: &'a Rule, dtstart: NaiveDate) -> Self {
        // RFC 5545 3.3.10 (and python-dateutil): with no day-level part, the day is
        // DTSTART's day of month (YEARLY also its month) or, for WEEKLY, DTSTART's weekday.
        let no_day_parts = rule.by_week_no.is_empty()
            && rule.by_year_day.is_empty()
            && rule.by_month_day.is_empty()
            && rule.by_day.is_empty();
        let mut months = rule.by_month.clone();
        let mut month_days = rule.by_month_day.clone();
        let mut weekdays = rule.by_day.clone();
        if no_day_parts {
            match rule.freq {
                Freq::Yearly => {
                    if months.is_empty() {
                        months.push(dtstart.month());
                    }
                    month_days.push(i32::try_from(dtstart.day()).unwrap_or(1));
                }
                Freq::Monthly => month_days.push(i32::try_from(dtstart.day()).unwrap_or(1)),
                Freq::Weekly => weekdays.push((0, dtstart.weekday())),
                Freq::Daily => {}
            }
        }
        months.sort_unstable();
        months.dedup();
        Self {
            rule,
            months,
            month_days,
            weekdays,
        }
    }

    /// Whether `d` passes every filter.
    fn matches(&self, d: NaiveDate) -> bool {
        let rule = self.rule;
        if !self.months.is_empty() && !self.months.contains(&d.month()) {
            return false;
        }
        if !rule.by_week_no.is_empty() {
            let (_, week, weeks) = week_of(d, rule.wkst);
            if !rule
                .by_week_no
                .iter()
                .any(|&n| n == week || n == week - weeks - 1)
            {
                return false;
            }
        }
        if !rule.by_year_day.is_empty() {
            let day = i32::try_from(d.ordinal()).unwrap_or(0);
            let len = if d.leap_year() { 366 } else { 365 };
            if !rule
                .by_year_day
                .iter()
                .any(|&n| n == day || n == day - len - 1)
            {
                return false;
            }
        }
        if !self.month_days.is_empty() {
            let day = i32::try_from(d.day()).unwrap_or(0);
            let len = i32::from(d.num_days_in_month());
            if !self
                .month_days
                .iter()
                .any(|&n| n == day || n == day - len - 1)
            {
                return false;
            }
        }
        if !self.weekdays.is_empty() {
            let (first, last) = self.ordinal_scope(d);
            let ok = self.weekdays.iter().any(|&(n, wd)| {
                if d.weekday() != wd {
                    return false;
                }
                let from_start = (day_number(d) - day_number(first)) / 7 + 1;
                let from_end = (day_number(last) - day_number(d)) / 7 + 1;
                n == 0 || i64::from(n) == from_start || i64::from(-n) == from_end
            });
            if !ok {
                return false;
            }
        }
        true
    }

    /// The span a BYDAY ordinal counts in: the month for MONTHLY, and for YEARLY with BYMONTH;
    /// otherwise the year (RFC 5545 3.3.10, BYDAY).
    fn ordinal_scope(&self, d: NaiveDate) -> (NaiveDate, NaiveDate) {
        if self.rule.freq == Freq::Monthly || !self.rule.by_month.is_empty() {
            let first = d.with_day(1).unwrap_or(d);
            let last = d.with_day(u32::from(d.num_days_in_month())).unwrap_or(d);
            (first, last)
        } else {
            let first = d.with_ordinal(1).unwrap_or(d);
            let last = NaiveDate::from_ymd_opt(d.year(), 12, 31).unwrap_or(d);
            (first, last)
        }
    }
}

/// `(week-numbering year, week 1.., weeks in that year)` of `d` for weeks starting on `wkst`:
/// week 1 is the first week with at least four days in the year (RFC 5545 3.3.10, BYWEEKNO;
/// ISO 8601 when `wkst` is Monday).
fn week_of(d: NaiveDate, wkst: Weekday) -> (i32, i32, i32) {
    let week_start = day_number(d) - i64::from(d.weekday().days_since(wkst));
    // The week belongs to the year of its fourth day.
    let fourth = from_day_number(week_start + 3).unwrap_or(d);
    let year = fourth.year();
    let week = i32::try_from(fourth.ordinal0() / 7).unwrap_or(0) + 1;
    // Fourth days of the year's weeks fall every 7 days from the first one.
    let jan1 = fourth.with_ordinal(1).unwrap_or(fourth);
    let first_fourth =
        (wkst.num_days_from_monday() + 3 + 7 - jan1.weekday().num_days_from_monday()) % 7;
    let len = if fourth.leap_year() { 366 } else { 365 };
    let weeks = i32::try_from((len - 1 - first_fourth) / 7).unwrap_or(0) + 1;
    (year, week, weeks)
}

/// Ran out of [`SCAN_BUDGET`].
#[derive(Debug)]
pub(super) struct OverBudget;

/// The occurrence dates of `rule` for an event starting on `dtstart`, those in `[lo, hi]`.
///
/// DTSTART is always the first occurrence and counts toward COUNT, even when the rule would not
/// produce it (RFC 5545 3.3.10: "The DTSTART property value always counts as the first
/// occurrence"; python-dateutil does not). COUNT counts from DTSTART, so
/// occurrences before `lo` are counted too. Without COUNT the expansion jumps straight to the
/// period containing `lo`, so its cost depends on the range asked, not on how old DTSTART is.
/// Every date examined is charged to `budget`.
pub(super) fn expand(
    rule: &Rule,
    dtstart: NaiveDate,
    lo: NaiveDate,
    hi: NaiveDate,
    budget: &mut u64,
) -> Result<Vec<NaiveDate>, OverBudget> {
    let mut out = Vec::new();
    if (lo..=hi).contains(&dtstart) {
        out.push(dtstart);
    }
    let end = rule.until.map_or(hi, |u| u.min(hi));
    if rule.count == Some(1) || dtstart >= end {
        return Ok(out);
    }
    let filters = Filters::new(rule, dtstart);
    let interval = i64::from(rule.interval);
    let mut emitted: u64 = 1;
    let first_period = if rule.count.is_none() && lo > dtstart {
        // One period early: a YEARLY BYWEEKNO period reaches into the next calendar year.
        ((period_index(rule, lo) - period_index(rule, dtstart)) / interval - 1).max(0)
    } else {
        0
    };
    let mut candidates: Vec<NaiveDate> = Vec::new();
    for k in first_period.. {
        let Some(index) = k
            .checked_mul(interval)
            .and_then(|step| step.checked_add(period_index(rule, dtstart)))
        else {
            break;
        };
        if period_start(rule, index).is_none_or(|s| s > end) {
            break;
        }
        candidates.clear();
        let Some(scanned) = period_candidates(&filters, index, &mut candidates) else {
            break;
        };
        *budget = budget.checked_sub(scanned.max(1)).ok_or(OverBudget)?;
        apply_set_positions(&rule.by_set_pos, &mut candidates);
        for &d in &candidates {
            if d <= dtstart {
                continue;
            }
            if d > end {
                return Ok(out);
            }
            emitted += 1;
            if d >= lo {
                out.push(d);
            }
            if rule.count.is_some_and(|c| emitted >= u64::from(c)) {
                return Ok(out);
            }
        }
    }
    Ok(out)
}

/// The index of the period containing `d`: a year, a month count, a week count or a day number.
fn period_index(rule: &Rule, d: NaiveDate) -> i64 {
    match rule.freq {
        Freq::Yearly => i64::from(d.year()),
        Freq::Monthly => i64::from(d.year()) * 12 + i64::from(d.month0()),
        Freq::Weekly => {
            let week_start = day_number(d) - i64::from(d.weekday().days_since(rule.wkst));
            (week_start - week_offset(rule.wkst)).div_euclid(7)
        }
        Freq::Daily => day_number(d),
    }
}

/// Week `i` starting on `wkst` begins on day number `7 * i + week_offset(wkst)` (day 1,
/// 0001-01-01, is a Monday).
fn week_offset(wkst: Weekday) -> i64 {
    i64::from((1 + wkst.num_days_from_monday()) % 7)
}

/// The first date a period's scan may look at (for stopping once past the end).
fn period_start(rule: &Rule, index: i64) -> Option<NaiveDate> {
    match rule.freq {
        Freq::Yearly => {
            let jan1 = NaiveDate::from_ymd_opt(i32::try_from(index).ok()?, 1, 1)?;
            // A BYWEEKNO year starts up to 3 days before 1 January.
            if rule.by_week_no.is_empty() {
                Some(jan1)
            } else {
                from_day_number(day_number(jan1) - 6)
            }
        }
        Freq::Monthly => NaiveDate::from_ymd_opt(
            i32::try_from(index.div_euclid(12)).ok()?,
            u32::try_from(index.rem_euclid(12)).ok()? + 1,
            1,
        ),
        Freq::Weekly => from_day_number(index.checked_mul(7)? + week_offset(rule.wkst)),
        Freq::Daily => from_day_number(index),
    }
}

/// Pushes the dates of period `index` that pass the filters, in order; returns how many dates
/// were examined, or `None` when the period is beyond what chrono can represent.
fn period_candidates(f: &Filters<'_>, index: i64, out: &mut Vec<NaiveDate>) -> Option<u64> {
    let rule = f.rule;
    let mut scanned = 0;
    let mut scan = |from: i64, to: i64, keep: &dyn Fn(NaiveDate) -> bool| -> Option<()> {
        for n in from..=to {
            let d = from_day_number(n)?;
            scanned += 1;
            if keep(d) && f.matches(d) {
                out.push(d);
            }
        }
        Some(())
    };
    match rule.freq {
        Freq::Yearly => {
            let year = i32::try_from(index).ok()?;
            if !rule.by_week_no.is_empty() {
                // The week-numbering year: from the week holding its 4 January.
                let jan1 = day_number(NaiveDate::from_ymd_opt(year, 1, 1)?);
                let dec31 = day_number(NaiveDate::from_ymd_opt(year, 12, 31)?);
                scan(jan1 - 6, dec31 + 6, &|d| week_of(d, rule.wkst).0 == year)?;
            } else if f.months.is_empty() {
                let jan1 = day_number(NaiveDate::from_ymd_opt(year, 1, 1)?);
                let dec31 = day_number(NaiveDate::from_ymd_opt(year, 12, 31)?);
                scan(jan1, dec31, &|_| true)?;
            } else {
                // Only the months asked for: typical holiday rules examine ~30 dates a year.
                for &m in &f.months {
                    let first = NaiveDate::from_ymd_opt(year, m, 1)?;
                    let len = i64::from(first.num_days_in_month());
                    let start = day_number(first);
                    scan(start, start + len - 1, &|_| true)?;
                }
            }
        }
        Freq::Monthly => {
            let first = period_start(rule, index)?;
            let start = day_number(first);
            scan(
                start,
                start + i64::from(first.num_days_in_month()) - 1,
                &|_| true,
            )?;
        }
        Freq::Weekly => {
            let start = index.checked_mul(7)? + week_offset(rule.wkst);
            scan(start, start + 6, &|_| true)?;
        }
        Freq::Daily => scan(index, index, &|_| true)?,
    }
    Some(scanned)
}

/// BYSETPOS: keeps the 1-based (or, negative, from the end) positions of a period's sorted
/// dates.
fn apply_set_positions(positions: &[i32], dates: &mut Vec<NaiveDate>) {
    if positions.is_empty() {
        return;
    }
    let len = i64::try_from(dates.len()).unwrap_or(i64::MAX);
    let mut picked: Vec<NaiveDate> = positions
        .iter()
        .filter_map(|&p| {
            let i = if p > 0 {
                i64::from(p) - 1
            } else {
                len + i64::from(p)
            };
            usize::try_from(i).ok().and_then(|i| dates.get(i)).copied()
        })
        .collect();
    picked.sort_unstable();
    picked.dedup();
    *dates = picked;
}
