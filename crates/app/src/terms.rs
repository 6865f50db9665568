//! Changing an agreement's terms, as the editor asks: *amend from a date* (a new
//! `[[amendments]]` entry holding what was changed: only tickets opened from that date and
//! periods starting from it are affected) or *correct the terms* (the TOML saved as edited,
//! retroactively). Before anything is saved, the proposal shows its **impact**: every period,
//! from the agreement's first ticket to the current one (to date), whose figures would change,
//! before → after, computed by the what-if engine over the stored history, and whether a
//! statement was issued for it (it will then show a restatement). Nothing here writes: saving
//! the proposal's TOML is [`crate::agreements::save`], which checks the version it was made
//! from.

use accord_core::agreement::{AmendmentDraft, DraftError, draft_amendment};
use accord_core::model::ReportingPeriod;
use accord_core::period::Period;
use accord_core::whatif::compare;
use accord_core::{AgreementRuntime, Instant, parse_agreement};
use accord_store::{StatementFilter, Store, StoreError};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::AppError;
use crate::reports::{History, WhatIfFigure, load_of};

/// How an edit of the terms applies.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TermsChange {
    /// Retroactively: the TOML is saved as edited, and every period is recomputed under it.
    Correct,
    /// From a date: a new amendment holding what was changed.
    Amend {
        /// The local date it takes effect, `YYYY-MM-DD`.
        effective: String,
        /// How the parties name it (`Amendment No. 2`).
        reference: String,
        /// The date it was signed, `YYYY-MM-DD`; empty when not given.
        signed: String,
    },
}

/// An edit of an agreement's terms, to be proposed.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChangeForm {
    /// The agreement (as stored).
    pub agreement_id: String,
    /// The TOML as the user edited it.
    pub edited: String,
    /// How it applies.
    pub change: TermsChange,
}

/// One period whose figures the change moves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PeriodImpact {
    /// The period.
    pub period: String,
    /// Reported to date (it has not ended): provisional figures.
    pub to_date: bool,
    /// The figures that change, before → after.
    pub figures: Vec<WhatIfFigure>,
    /// How many tickets' clocks change outcome.
    pub tickets: u32,
    /// The statement issued for it, when one was (`statement 1, issued … by …`): the change
    /// will show there as a restatement, the statement itself staying as issued.
    pub issued: Option<String>,
}

/// A change of terms, ready to be confirmed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Proposal {
    /// The agreement.
    pub agreement_id: String,
    /// The TOML that confirming saves (for an amendment: the stored TOML with the new entry
    /// appended).
    pub source: String,
    /// The version it is made from (saving it over any other is a conflict).
    pub version: i64,
    /// Every period whose figures change, oldest first.
    pub impact: Vec<PeriodImpact>,
    /// How many periods were compared.
    pub periods_compared: u32,
}

fn date(text: &str, field: &str) -> Result<NaiveDate, AppError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        AppError::Rejected(format!(
            "{field}: `{}` is not a date: write it as YYYY-MM-DD",
            text.trim()
        ))
    })
}

/// The TOML a change would save, from the stored TOML and the edited one.
fn proposed_source(stored: &str, form: &ChangeForm) -> Result<String, AppError> {
    match &form.change {
        TermsChange::Correct => {
            let a = parse_agreement("agreement", &form.edited)?;
            if a.id != form.agreement_id.trim() {
                return Err(AppError::Rejected(format!(
                    "the edited TOML is agreement `{}`, not `{}`: change the id by saving a new agreement",
                    a.id,
                    form.agreement_id.trim()
                )));
            }
            Ok(form.edited.clone())
        }
        TermsChange::Amend {
            effective,
            reference,
            signed,
        } => {
            let draft = AmendmentDraft {
                effective: date(effective, "effective")?,
                reference: reference.clone(),
                signed: if signed.trim().is_empty() {
                    None
                } else {
                    Some(date(signed, "signed")?)
                },
            };
            draft_amendment(stored, &form.edited, &draft).map_err(|e| match e {
                DraftError::Invalid(errors) => AppError::Input(errors),
                DraftError::Refused(why) => AppError::Rejected(why),
            })
        }
    }
}

/// Proposes a change of agreement `form.agreement_id`'s terms as of `now`: the TOML it would
/// save and its impact on every period so far.
///
/// # Errors
/// Not found; the engine's errors for the edited or amended TOML; an amendment the edit cannot
/// be (a removed key, a changed id, nothing changed…), said so.
pub async fn propose(store: &Store, form: &ChangeForm, now: Instant) -> Result<Proposal, AppError> {
    let id = form.agreement_id.trim();
    let (stored, version) = store
        .agreement_source(id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("agreement {id}")))?;
    let source = proposed_source(&stored, form)?;
    let after = parse_agreement("agreement", &source)?;
    let (agreements, set) = load_of(store, |a| a.id == id, false).await?;
    let h = History::new(agreements, set, now, |a| a.id == id);
    let i = h.index(id)?;
    let idx = u32::try_from(i).unwrap_or(u32::MAX);
    let before = &h.agreements[i];
    let first = h
        .set
        .tickets
        .iter()
        .filter(|t| t.agreement == idx)
        .map(|t| t.opened_at)
        .min();
    let issued = store
        .statements(&StatementFilter {
            agreement_id: Some(id.to_owned()),
            period: None,
        })
        .await?;
    let mut impact = Vec::new();
    let mut compared = 0u32;
    if let Some(first) = first {
        let quarterly = before.reporting.period == ReportingPeriod::Quarter;
        let after_rt = AgreementRuntime::new(after, first, now);
        let last = Period::containing(before.calendar.local_date(now), quarterly);
        let mut p = Period::containing(before.calendar.local_date(first), quarterly);
        while p.dates().0 <= last.dates().0 {
            compared += 1;
            if let Some(c) = compare(
                &h.runtimes[i],
                &after_rt,
                idx,
                &h.set,
                p,
                now,
                Some(&h.settled),
            ) {
                let figures: Vec<WhatIfFigure> = crate::reports::whatif::figures(
                    (&c.before.metrics, c.before.all.escalations),
                    (&c.after.metrics, c.after.all.escalations),
                )
                .into_iter()
                .filter(|f| f.before != f.after)
                .collect();
                let mut tickets: Vec<usize> = c.changes.iter().map(|ch| ch.ticket).collect();
                tickets.dedup();
                if !figures.is_empty() || !tickets.is_empty() {
                    let name = p.to_string();
                    impact.push(PeriodImpact {
                        to_date: c.before.span.to_date().is_some(),
                        figures,
                        tickets: u32::try_from(tickets.len()).unwrap_or(u32::MAX),
                        issued: issued.iter().rev().find(|s| s.period == name).map(|s| {
                            format!(
                                "statement {}, issued {} by {}",
                                s.number, s.issued_at, s.issued_by
                            )
                        }),
                        period: name,
                    });
                }
            }
            p = p.next();
        }
    }
    Ok(Proposal {
        agreement_id: id.to_owned(),
        source,
        version,
        impact,
        periods_compared: compared,
    })
}
