//! Holidays from an iCalendar file into an agreement's calendar (issue 21, point 5): the file is
//! read ([`read`]: nothing is written) into the whole-day holidays of the agreement's term, each
//! with its name and whether it is new, already a holiday, or in the past; a person approves
//! dates, and [`add`] writes exactly those into the terms governing each date (a new version of
//! the agreement, checked against the version that was read), recording in the same
//! transaction where each came from: the file, the event's UID, the calendar's name, who and
//! when. [`list`] shows an agreement's holidays with their sources.
//!
//! Adding a past date changes figures already reported (its day stops counting business time):
//! the candidate says so (`past`), approving it is explicit, and an issued statement of that
//! period shows the change as a restatement.

use accord_core::Instant;
use accord_core::agreement::holidays::add_holidays;
use accord_core::calendar::Holiday;
use accord_core::ics::{IcsSkipped, read_holidays};
use accord_store::{HolidaySource, Store};
use chrono::{Datelike as _, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::AppError;

/// How long a term without an end is read for: holiday calendars are published years ahead.
const OPEN_TERM_YEARS: i32 = 5;

/// A holiday found in the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct HolidayCandidate {
    /// Its local date, `YYYY-MM-DD`.
    pub date: String,
    /// The day of the week, `Mon`…`Sun`.
    pub weekday: String,
    /// Its name in the file.
    pub name: String,
    /// The event's UID, when it has one.
    pub uid: Option<String>,
    /// Whether it came from a recurrence rule.
    pub recurring: bool,
    /// The line of its event in the file.
    pub line: u32,
    /// Its name in the terms, when the date is already a holiday there (it is not added again).
    pub listed: Option<String>,
    /// Whether the date is before today: adding it changes figures already reported.
    pub past: bool,
}

/// An iCalendar file read for an agreement: what it would add.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct HolidayFile {
    /// The agreement.
    pub agreement_id: String,
    /// The version read (adding checks that it is still the stored one).
    pub version: i64,
    /// The file's name.
    pub file: String,
    /// The calendar's own name, when it gives one.
    pub calendar: Option<String>,
    /// The dates read: the agreement's term (`YYYY-MM-DD`, inclusive).
    pub from: String,
    /// See `from`.
    pub to: String,
    /// The whole-day holidays of the term, by date.
    pub candidates: Vec<HolidayCandidate>,
    /// Events that are not whole-day holidays, with why.
    pub skipped: Vec<Skipped>,
}

/// An event of the file that is no holiday.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Skipped {
    /// Its line.
    pub line: u32,
    /// Its summary.
    pub summary: String,
    /// Why (a timed event, cancelled…).
    pub reason: String,
}

impl From<IcsSkipped> for Skipped {
    fn from(s: IcsSkipped) -> Self {
        Self {
            line: u32::try_from(s.line).unwrap_or(u32::MAX),
            summary: s.summary,
            reason: s.reason,
        }
    }
}

/// The holidays a person approved, to add.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AddHolidays {
    /// The agreement.
    pub agreement_id: String,
    /// The version the file was read against.
    pub version: i64,
    /// The file's name.
    pub file: String,
    /// The calendar's own name.
    pub calendar: Option<String>,
    /// The approved dates with their names (as shown, or edited) and UIDs.
    pub holidays: Vec<ApprovedHoliday>,
}

/// One approved holiday.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ApprovedHoliday {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Its name.
    pub name: String,
    /// The event's UID.
    pub uid: Option<String>,
}

/// What adding did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AddedHolidays {
    /// The agreement's new version.
    pub version: i64,
    /// How many holidays were added.
    pub added: u32,
    /// Of them, how many are before today (figures already reported change).
    pub past: u32,
}

/// A holiday of an agreement with where it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ListedHoliday {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Its name.
    pub name: String,
    /// The terms listing it: `base terms` or an amendment's reference.
    pub terms: String,
    /// The file it was added from, when it was; else it was written in the terms.
    pub source: Option<String>,
    /// The calendar's name in that file.
    pub calendar: Option<String>,
    /// The event's UID.
    pub uid: Option<String>,
    /// When it was added from the file, and by whom.
    pub added: Option<(Instant, String)>,
}

fn local_today(a: &accord_core::Agreement, now: Instant) -> NaiveDate {
    chrono::DateTime::from_timestamp(now.0, 0)
        .map(|t| t.with_timezone(&a.calendar.time_zone).date_naive())
        .unwrap_or(a.effective_from)
}

fn term(a: &accord_core::Agreement) -> (NaiveDate, NaiveDate) {
    // An amendment may extend the term: its last terms say where it ends.
    let end = a
        .amendments
        .last()
        .map_or(a.effective_to, |m| m.terms.effective_to);
    let open_end = a
        .effective_from
        .with_year(a.effective_from.year() + OPEN_TERM_YEARS)
        .and_then(|d| d.pred_opt())
        .unwrap_or(a.effective_from);
    (a.effective_from, end.unwrap_or(open_end))
}

/// Reads an iCalendar file for an agreement: the whole-day holidays of its term, each marked
/// new, already listed, or past. Nothing is written.
///
/// # Errors
/// Not found; the file's problems located by line ([`AppError::Input`]).
pub async fn read(
    store: &Store,
    agreement_id: &str,
    file: &str,
    text: &str,
    now: Instant,
) -> Result<HolidayFile, AppError> {
    let stored = crate::agreements::source(store, agreement_id).await?;
    let a = accord_core::parse_agreement(agreement_id, &stored.source)?;
    let (from, to) = term(&a);
    let read = read_holidays(text, from, to).map_err(|errors| {
        let mut all = accord_core::InputErrors::default();
        for e in errors {
            all.push(accord_core::InputError {
                file: file.to_owned(),
                line: e.line,
                column: 0,
                key: e.field,
                reason: e.reason,
            });
        }
        AppError::Input(all)
    })?;
    let today = local_today(&a, now);
    let candidates = read
        .holidays
        .into_iter()
        .map(|h| {
            let listed = a
                .terms_on(h.date)
                .calendar
                .holidays
                .iter()
                .find(|x| x.date == h.date)
                .map(|x| x.name.clone());
            HolidayCandidate {
                date: h.date.format("%Y-%m-%d").to_string(),
                weekday: h.date.format("%a").to_string(),
                name: h.name,
                uid: h.uid,
                recurring: h.recurring,
                line: u32::try_from(h.line).unwrap_or(u32::MAX),
                listed,
                past: h.date < today,
            }
        })
        .collect();
    Ok(HolidayFile {
        agreement_id: a.id.clone(),
        version: stored.version,
        file: file.to_owned(),
        calendar: read.calendar_name,
        from: from.to_string(),
        to: to.to_string(),
        candidates,
        skipped: read.skipped.into_iter().map(Skipped::from).collect(),
    })
}

/// Adds the approved holidays to the agreement (each to the terms governing its date), as a new
/// version, recording where each came from, all in one transaction.
///
/// # Errors
/// [`AppError::Rejected`] for no dates, a malformed date, an empty name, a date outside the term
/// or already a holiday; a conflict when the agreement changed since the file was read; nothing
/// is written on any error.
pub async fn add(
    store: &Store,
    form: &AddHolidays,
    actor: &str,
    now: Instant,
) -> Result<AddedHolidays, AppError> {
    if form.holidays.is_empty() {
        return Err(AppError::Rejected(
            "no holidays are approved: choose at least one".into(),
        ));
    }
    let stored = crate::agreements::source(store, &form.agreement_id).await?;
    if stored.version != form.version {
        return Err(accord_store::StoreError::Conflict(format!(
            "agreement {} was changed by someone else (version {} is now {}): read the file again",
            form.agreement_id, form.version, stored.version
        ))
        .into());
    }
    let a = accord_core::parse_agreement(&form.agreement_id, &stored.source)?;
    let mut holidays = Vec::new();
    for h in &form.holidays {
        let date = NaiveDate::parse_from_str(&h.date, "%Y-%m-%d")
            .map_err(|_| AppError::Rejected(format!("`{}` is not a date (YYYY-MM-DD)", h.date)))?;
        let name = h.name.trim();
        if name.is_empty() {
            return Err(AppError::Rejected(format!(
                "the holiday on {} has no name",
                h.date
            )));
        }
        holidays.push(Holiday {
            date,
            name: name.to_owned(),
        });
    }
    let text = add_holidays(&stored.source, &a, &holidays)
        .map_err(|e| AppError::Rejected(e.to_string()))?;
    let sources: Vec<HolidaySource> = holidays
        .iter()
        .zip(&form.holidays)
        .map(|(h, f)| HolidaySource {
            agreement_id: a.id.clone(),
            date: h.date.to_string(),
            name: h.name.clone(),
            source: form.file.clone(),
            uid: f.uid.clone(),
            calendar: form.calendar.clone(),
            added_at: now,
            added_by: actor.to_owned(),
        })
        .collect();
    let saved =
        crate::agreements::save_with(store, &text, Some(form.version), &sources, (actor, now))
            .await?;
    let today = local_today(&a, now);
    Ok(AddedHolidays {
        version: saved.version,
        added: u32::try_from(holidays.len()).unwrap_or(u32::MAX),
        past: u32::try_from(holidays.iter().filter(|h| h.date < today).count()).unwrap_or(u32::MAX),
    })
}

/// An agreement's holidays over its life, each with the terms listing it and, when it was added
/// from a file, where it came from.
///
/// # Errors
/// Not found; the database cannot be read.
pub async fn list(store: &Store, agreement_id: &str) -> Result<Vec<ListedHoliday>, AppError> {
    let stored = crate::agreements::source(store, agreement_id).await?;
    let a = accord_core::parse_agreement(agreement_id, &stored.source)?;
    let sources = store.holiday_sources(agreement_id).await?;
    let mut out = Vec::new();
    let mut terms: Vec<(String, &accord_core::Agreement)> = vec![("base terms".into(), &a)];
    for m in &a.amendments {
        terms.push((m.reference.clone(), &m.terms));
    }
    for (i, (label, t)) in terms.iter().enumerate() {
        // A list an amendment does not replace is the one before it: shown once, where it is
        // written.
        if i > 0 && t.calendar.holidays == terms[i - 1].1.calendar.holidays {
            continue;
        }
        for h in &t.calendar.holidays {
            let date = h.date.to_string();
            let from = sources.iter().find(|s| s.date == date && s.name == h.name);
            out.push(ListedHoliday {
                date,
                name: h.name.clone(),
                terms: label.clone(),
                source: from.map(|s| s.source.clone()),
                calendar: from.and_then(|s| s.calendar.clone()),
                uid: from.and_then(|s| s.uid.clone()),
                added: from.map(|s| (s.added_at, s.added_by.clone())),
            });
        }
    }
    Ok(out)
}
