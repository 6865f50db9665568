//! What each VEVENT gives: reading its properties into an [`Event`] (a whole-day span with its
//! recurrence, or a reason to skip it), expanding every event over the range with EXDATEs and
//! RECURRENCE-ID overrides applied, and merging the dates into one holiday per date. The rules
//! are the parent module's documentation.

use std::collections::{HashMap, HashSet};

use chrono::{Days, NaiveDate};

use super::content::{self, ContentLine, When};
use super::recur::{self, Rule, RuleError};
use super::{IcsError, IcsHoliday, IcsSkipped, MAX_ENTRIES, MAX_SPAN_DAYS, RawEvent};

/// A VEVENT read.
pub(super) struct Event {
    line: usize,
    uid: Option<String>,
    name: String,
    /// The occurrence it overrides, for an event with RECURRENCE-ID.
    recurrence_id: Option<NaiveDate>,
    /// Whether the override removes that occurrence (all but `RANGE=THISANDFUTURE` ones).
    removes_instance: bool,
    /// DTSTART's date (of a timed event too).
    start: NaiveDate,
    /// Whether it has RRULE or RDATE, read or not.
    recurs: bool,
    kind: Kind,
}

enum Kind {
    /// A whole-day event: its dates.
    Days {
        days: u64,
        rules: Vec<(usize, Rule)>,
        rdates: Vec<NaiveDate>,
        exdates: Vec<NaiveDate>,
    },
    /// Not a holiday, with the reason.
    Skipped(String),
}

/// Reads one VEVENT's properties; every problem is reported.
pub(super) fn read_event(raw: &RawEvent<'_>) -> Result<Event, Vec<IcsError>> {
    let mut errors = Vec::new();
    let all = |name: &'static str| raw.props.iter().copied().filter(move |p| p.name == name);
    // The properties that decide dates may appear once (RFC 5545 3.6.1); the others are taken
    // from their first line.
    let mut once = |name: &'static str| -> Option<&ContentLine> {
        let mut found = all(name);
        let first = found.next();
        if let Some(second) = found.next() {
            errors.push(second.error(format!("{name} is given twice in one event")));
        }
        first
    };
    let dtstart = once("DTSTART");
    let dtend = once("DTEND");
    let duration = once("DURATION");
    let recurrence = once("RECURRENCE-ID");
    let name = all("SUMMARY")
        .next()
        .map(|p| content::name_from_summary(&p.value))
        .unwrap_or_default();
    let uid = all("UID")
        .next()
        .map(|p| content::unescape_text(&p.value).trim().to_owned())
        .filter(|u| !u.is_empty());
    let cancelled = all("STATUS")
        .next()
        .is_some_and(|p| p.value.trim().eq_ignore_ascii_case("CANCELLED"));
    let recurs = all("RRULE").next().is_some() || all("RDATE").next().is_some();

    let Some(dtstart) = dtstart else {
        errors.push(IcsError {
            line: raw.line,
            field: "DTSTART".to_owned(),
            reason: "the event has no DTSTART".to_owned(),
        });
        return Err(errors);
    };
    let start = content::parse_when(dtstart.param("VALUE"), &dtstart.value)
        .map_err(|reason| dtstart.error(reason));
    let recurrence_id = recurrence.map(|p| {
        content::parse_when(p.param("VALUE"), &p.value)
            .map(When::date)
            .map_err(|reason| p.error(reason))
    });
    let (start, recurrence_id) = match (start, recurrence_id.transpose()) {
        (Ok(start), Ok(rid)) if errors.is_empty() => (start, rid),
        (start, rid) => {
            errors.extend(start.err());
            errors.extend(rid.err());
            return Err(errors);
        }
    };
    let this_and_future = recurrence
        .and_then(|p| p.param("RANGE"))
        .is_some_and(|r| r.eq_ignore_ascii_case("THISANDFUTURE"));
    let mut event = Event {
        line: raw.line,
        uid,
        name,
        recurrence_id,
        removes_instance: !this_and_future,
        start: start.date(),
        recurs,
        kind: Kind::Skipped(String::new()),
    };
    let removed = |reason: &str| match recurrence_id {
        Some(rid) if !this_and_future => format!("{reason}: the occurrence on {rid} is removed"),
        _ => reason.to_owned(),
    };
    if this_and_future {
        event.kind = Kind::Skipped(
            "RANGE=THISANDFUTURE overrides are not supported: the series is left as it is"
                .to_owned(),
        );
        return Ok(event);
    }
    if cancelled {
        event.kind = Kind::Skipped(removed("cancelled"));
        return Ok(event);
    }
    if matches!(start, When::DateTime(_)) {
        event.kind = Kind::Skipped(removed("timed event, not a whole day"));
        return Ok(event);
    }
    let days = span_days(event.start, dtend, duration).map_err(|e| vec![e])?;
    if days > MAX_SPAN_DAYS {
        event.kind = Kind::Skipped(removed(&format!(
            "spans {days} days, more than a year: not a holiday"
        )));
        return Ok(event);
    }
    let mut rules = Vec::new();
    let mut rdates = Vec::new();
    let mut exdates = Vec::new();
    // An override is one occurrence: its own recurrence properties are ignored.
    if recurrence_id.is_none() {
        for p in all("RRULE") {
            match recur::parse_rule(&p.value) {
                Ok(rule) => rules.push((p.line, rule)),
                Err(RuleError::Invalid(reason)) => errors.push(p.error(reason)),
                Err(RuleError::SubDaily(reason)) => {
                    event.kind = Kind::Skipped(reason);
                    return Ok(event);
                }
            }
        }
        for (name, dates) in [("RDATE", &mut rdates), ("EXDATE", &mut exdates)] {
            for p in all(name) {
                match content::parse_when_list(p) {
                    Ok(list) => dates.extend(list.into_iter().map(When::date)),
                    Err(e) => errors.push(e),
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    event.kind = Kind::Days {
        days,
        rules,
        rdates,
        exdates,
    };
    Ok(event)
}

/// The number of dates of a whole-day event starting on `start` (at least 1).
fn span_days(
    start: NaiveDate,
    dtend: Option<&ContentLine>,
    duration: Option<&ContentLine>,
) -> Result<u64, IcsError> {
    match (dtend, duration) {
        (Some(_), Some(d)) => Err(d.error("DTEND and DURATION cannot both be given")),
        (Some(end), None) => {
            let when = content::parse_when(end.param("VALUE"), &end.value)
                .map_err(|reason| end.error(reason))?;
            let When::Date(end_date) = when else {
                return Err(end.error(format!(
                    "`{}` is a date-time, but DTSTART is a date: a whole-day event ends on a \
                     date (expected YYYYMMDD)",
                    content::shorten(end.value.trim())
                )));
            };
            if end_date < start {
                return Err(end.error(format!("{end_date} is before DTSTART ({start})")));
            }
            let days = u64::try_from((end_date - start).num_days()).unwrap_or(0);
            Ok(days.max(1))
        }
        (None, Some(d)) => content::parse_whole_days(&d.value)
            .map(|days| days.max(1))
            .map_err(|reason| d.error(reason)),
        (None, None) => Ok(1),
    }
}

/// One date given by one event, before merging.
pub(super) struct Entry {
    date: NaiveDate,
    /// Index of the event in file order.
    event: usize,
    recurring: bool,
}

/// The dates of every event in `[from, to]`, after EXDATEs and overrides; fills `skipped`.
pub(super) fn expand_events(
    events: &[Event],
    from: NaiveDate,
    to: NaiveDate,
    skipped: &mut Vec<IcsSkipped>,
) -> Result<Vec<Entry>, IcsError> {
    // Masters (events without RECURRENCE-ID) by UID, for their overrides.
    let mut by_uid: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, e) in events.iter().enumerate() {
        if let (None, Some(uid)) = (e.recurrence_id, e.uid.as_deref()) {
            by_uid.entry(uid).or_default().push(i);
        }
    }
    let masters_of = |event: &Event| -> &[usize] {
        match (event.recurrence_id, event.uid.as_deref()) {
            (Some(_), Some(uid)) => by_uid.get(uid).map_or(&[], Vec::as_slice),
            _ => &[],
        }
    };
    let live = |m: &usize| matches!(events[*m].kind, Kind::Days { .. });
    // Occurrence starts each master loses to its overrides.
    let mut removed: Vec<Vec<NaiveDate>> = vec![Vec::new(); events.len()];
    for event in events.iter().filter(|e| e.removes_instance) {
        if let Some(rid) = event.recurrence_id {
            for &m in masters_of(event) {
                removed[m].push(rid);
            }
        }
    }
    for dates in &mut removed {
        dates.sort_unstable();
    }
    let mut budget = recur::SCAN_BUDGET;
    let mut entries: Vec<Entry> = Vec::new();
    for (i, event) in events.iter().enumerate() {
        let mut skip = |reason: &str| {
            let date = event.recurrence_id.unwrap_or(event.start);
            if date <= to && (event.recurs || date >= from) {
                skipped.push(IcsSkipped {
                    line: event.line,
                    summary: event.name.clone(),
                    reason: reason.to_owned(),
                });
            }
        };
        let (days, rules, rdates, exdates) = match &event.kind {
            Kind::Skipped(reason) => {
                skip(reason);
                continue;
            }
            Kind::Days {
                days,
                rules,
                rdates,
                exdates,
            } => (*days, rules, rdates, exdates),
        };
        let masters = masters_of(event);
        if !masters.is_empty() && !masters.iter().any(live) {
            skip(&format!(
                "overrides an occurrence of the skipped event at line {}",
                events[masters[0]].line
            ));
            continue;
        }
        let mut starts = Vec::new();
        let recurring = if event.recurrence_id.is_some() {
            starts.push(event.start);
            masters.iter().any(|&m| events[m].recurs)
        } else {
            // Occurrences starting up to `days - 1` before `from` still reach into the range.
            let lo = from
                .checked_sub_days(Days::new(days - 1))
                .unwrap_or(NaiveDate::MIN);
            for (line, rule) in rules {
                let dates = recur::expand(rule, event.start, lo, to, &mut budget).map_err(
                    |_| IcsError {
                        line: *line,
                        field: "RRULE".to_owned(),
                        reason: format!(
                            "expanding the file's rules up to {to} examines more than {} dates; \
                             refused",
                            recur::SCAN_BUDGET
                        ),
                    },
                )?;
                starts.extend(dates);
            }
            if rules.is_empty() {
                starts.push(event.start);
            }
            starts.extend(rdates.iter().copied());
            let mut exdates = exdates.clone();
            exdates.sort_unstable();
            starts.retain(|d| {
                (lo..=to).contains(d)
                    && exdates.binary_search(d).is_err()
                    && removed[i].binary_search(d).is_err()
            });
            event.recurs
        };
        starts.sort_unstable();
        starts.dedup();
        // Each date once per event, even where a long span overlaps the next occurrence.
        let mut next_free = from;
        for s in starts {
            let last = s
                .checked_add_days(Days::new(days - 1))
                .unwrap_or(NaiveDate::MAX)
                .min(to);
            let mut d = s.max(next_free);
            while d <= last {
                if entries.len() >= MAX_ENTRIES {
                    return Err(IcsError {
                        line: event.line,
                        field: String::new(),
                        reason: format!(
                            "the file gives more than {MAX_ENTRIES} holiday dates from {from} to \
                             {to}; refused"
                        ),
                    });
                }
                entries.push(Entry {
                    date: d,
                    event: i,
                    recurring,
                });
                match d.succ_opt() {
                    Some(next) => d = next,
                    None => break,
                }
            }
            if let Some(next) = last.succ_opt() {
                next_free = next_free.max(next);
            }
        }
    }
    Ok(entries)
}

/// One holiday per date: names joined in file order, identical and empty ones once.
pub(super) fn merge(events: &[Event], mut entries: Vec<Entry>) -> Vec<IcsHoliday> {
    // Events are in file order, so their index orders them as the file does.
    entries.sort_by_key(|e| (e.date, e.event));
    let mut out: Vec<IcsHoliday> = Vec::new();
    for group in entries.chunk_by(|a, b| a.date == b.date) {
        let first = &group[0];
        let event = &events[first.event];
        let mut seen = HashSet::new();
        let names: Vec<&str> = group
            .iter()
            .map(|e| events[e.event].name.as_str())
            .filter(|n| !n.is_empty() && seen.insert(*n))
            .collect();
        out.push(IcsHoliday {
            date: first.date,
            name: names.join(" / "),
            uid: event.uid.clone(),
            line: event.line,
            recurring: first.recurring,
        });
    }
    out
}
