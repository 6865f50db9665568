//! Issued statements: issuing a period's credit statement (recorded immutably by the store, with
//! every credit line, the terms it was computed under and the instant), reading what was
//! issued, and the restatement — what has moved since, by ticket, with the cause — when the
//! figures computed now differ. The rules are `accord_core::statement`'s; this module loads,
//! compares and words.
//!
//! A period is issued once it has ended (figures to date are provisional). Issuing it again is
//! only possible when its figures have moved since the latest issue, and is explicit
//! (`supersede`): the new statement gets the next number and the earlier one stays as it was.
//!
//! One file though it passes 600 lines: issuing, reading and restating share the loading of a
//! period's history and terms, and the wording of a restatement's causes is read beside the
//! rules that find them.

use accord_core::period::{Period, Span};
use accord_core::statement::{Cause, Counted, Restatement, StatementFigures, figures, restate};
use accord_core::{Agreement, Decimal, Instant, parse_agreement};
use accord_report::view::{money, percent};
use accord_store::{NewStatement, StatementFilter, Store, StoreError, StoredStatement};
use serde::{Deserialize, Serialize};

use crate::reports::{History, load_of, parse_period};
use crate::{AppError, unreadable};

/// What to issue.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct IssueForm {
    /// The agreement.
    pub agreement_id: String,
    /// The period, as typed (`2026-10`, `2026-Q4`, `2026-10-01..2026-10-15`).
    pub period: String,
    /// Issue again although the period has been issued (only when its figures have moved).
    pub supersede: bool,
}

/// An issued statement as people read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct IssuedStatement {
    /// The agreement.
    pub agreement_id: String,
    /// The period.
    pub period: String,
    /// 1 for the period's first issue, then 2, 3… after restatements.
    pub number: u32,
    /// When it was issued.
    pub issued_at: Instant,
    /// By whom.
    pub issued_by: String,
    /// The agreement's version it was computed under.
    pub agreement_version: i64,
    /// The terms the period was reported under.
    pub terms: String,
    /// Its figures, formatted.
    pub figures: Vec<StatementFigure>,
    /// Every credited resolution breach.
    pub lines: Vec<CreditLineView>,
    /// What was owed, formatted.
    pub credit_total: String,
}

/// One figure of a statement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StatementFigure {
    /// What is measured.
    pub name: String,
    /// As issued.
    pub issued: String,
    /// As computed now (the same as `issued` when nothing moved).
    pub now: String,
}

/// A credited resolution breach.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CreditLineView {
    /// The ticket.
    pub ticket_id: String,
    /// Its priority at the period's end.
    pub priority: accord_core::model::Priority,
    /// Its credit, formatted.
    pub amount: String,
}

/// A ticket whose figures moved since issue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RestatedTicket {
    /// The ticket.
    pub ticket_id: String,
    /// Its first response as issued.
    pub first_response_issued: Counted,
    /// Now.
    pub first_response_now: Counted,
    /// Its resolution as issued.
    pub resolution_issued: Counted,
    /// Now.
    pub resolution_now: Counted,
    /// Its credit as issued, formatted (absent when none was credited).
    pub credit_issued: Option<String>,
    /// Now.
    pub credit_now: Option<String>,
    /// Why it moved.
    pub causes: Vec<String>,
}

/// What has moved since a statement was issued.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RestatementView {
    /// The statement it restates.
    pub number: u32,
    /// Every ticket that moved.
    pub tickets: Vec<RestatedTicket>,
    /// Credits issued, formatted.
    pub credit_issued: String,
    /// Credits now.
    pub credit_now: String,
    /// Now minus issued, with its sign (`+750.00 USD`, `-125.00 USD`, `0.00 USD`).
    pub difference: String,
    /// The saves of the agreement since issue (corrections, amendments), for people (`version
    /// 3, saved 2026-11-20T10:00:00Z by dana`); empty when it is the version issued under.
    pub corrections: Vec<String>,
}

/// A period's statements: what was issued, what has moved, and whether it can be issued now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StatementStatus {
    /// The agreement.
    pub agreement_id: String,
    /// The period.
    pub period: String,
    /// The latest statement issued for it, if any.
    pub issued: Option<IssuedStatement>,
    /// The numbers of earlier statements it superseded, oldest first.
    pub superseded: Vec<u32>,
    /// What has moved since the latest issue; absent when nothing has (or none was issued).
    pub restatement: Option<RestatementView>,
    /// Whether it can be issued now (first issue, or again after a restatement).
    pub can_issue: bool,
    /// Why not, when it cannot, for people.
    pub why_not: Option<String>,
}

/// A line of the statements list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StatementSummary {
    /// The agreement.
    pub agreement_id: String,
    /// The period.
    pub period: String,
    /// Its number.
    pub number: u32,
    /// When.
    pub issued_at: Instant,
    /// By whom.
    pub issued_by: String,
    /// The terms.
    pub terms: String,
    /// What was owed, formatted.
    pub credit_total: String,
}

/// A period's figures computed now, with what they need to be compared and recorded.
struct Now {
    agreement: Agreement,
    version: i64,
    source: String,
    span: Span,
    figures: StatementFigures,
    /// The history they were computed from (kept to recompute under other terms).
    history: History,
    /// The agreement's index in it.
    index: usize,
}

fn period_of(text: &str) -> Result<Period, AppError> {
    parse_period(text)
}

/// Computes agreement `id`'s figures for `period` now; `Err` when the period has not ended.
async fn compute(store: &Store, id: &str, period: Period, now: Instant) -> Result<Now, AppError> {
    let (stored_source, version) = store
        .agreement_source(id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("agreement {id}")))?;
    let (agreements, set) = load_of(store, |a| a.id == id, false).await?;
    let h = History::new(agreements, set, now, |a| a.id == id);
    let i = h.index(id)?;
    let a = &h.agreements[i];
    let span = period.span(a, now).ok_or_else(|| {
        AppError::Rejected(format!(
            "{period} has not started as of {now}: nothing to issue"
        ))
    })?;
    if span.to_date().is_some() {
        return Err(AppError::Rejected(format!(
            "{period} has not ended (as of {now}): its figures are provisional and cannot be issued yet"
        )));
    }
    let idx = u32::try_from(i).unwrap_or(u32::MAX);
    let figures = figures(&h.runtimes[i], idx, &h.set, span, Some(&h.settled));
    Ok(Now {
        agreement: a.clone(),
        version,
        source: stored_source,
        span,
        figures,
        history: h,
        index: i,
    })
}

/// The terms without their amendments list: what governs a ticket or a period.
fn same_terms(a: &Agreement, b: &Agreement) -> bool {
    let bare = |x: &Agreement| Agreement {
        amendments: Vec::new(),
        ..x.clone()
    };
    bare(a) == bare(b)
}

fn figures_of(s: &StoredStatement) -> Result<StatementFigures, AppError> {
    serde_json::from_str(&s.figures).map_err(|e| {
        unreadable(format!(
            "statement {} of {} for {}: {e}",
            s.number, s.period, s.agreement_id
        ))
    })
}

fn number(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn money_of(f: &StatementFigures, v: Decimal) -> String {
    money(v, f.minor_digits, &f.currency)
}

fn issued_view(
    s: &StoredStatement,
    f: &StatementFigures,
    now: &StatementFigures,
) -> IssuedStatement {
    IssuedStatement {
        agreement_id: s.agreement_id.clone(),
        period: s.period.clone(),
        number: number(s.number),
        issued_at: s.issued_at,
        issued_by: s.issued_by.clone(),
        agreement_version: s.agreement_version,
        terms: s.terms.clone(),
        figures: figure_rows(f, now),
        lines: f
            .tickets
            .iter()
            .filter_map(|t| {
                t.credit.map(|c| CreditLineView {
                    ticket_id: t.ticket_id.clone(),
                    priority: t.priority,
                    amount: money_of(f, c),
                })
            })
            .collect(),
        credit_total: money_of(f, f.credit_total),
    }
}

type Row<'f> = (&'static str, &'f dyn Fn(&StatementFigures) -> String);

/// The figures a statement shows, as issued and now.
fn figure_rows(issued: &StatementFigures, now: &StatementFigures) -> Vec<StatementFigure> {
    let rows: [Row<'_>; 8] = [
        ("Tickets opened", &|f| f.tickets_opened.to_string()),
        ("First-response compliance", &|f| percent(f.fr_compliance())),
        ("Resolution compliance", &|f| percent(f.res_compliance())),
        ("First responses breached", &|f| f.fr_breached.to_string()),
        ("Resolutions breached", &|f| f.res_breached.to_string()),
        ("Per-breach credits", &|f| money_of(f, f.per_breach_total)),
        ("Compliance band", &|f| {
            f.band_below.map_or_else(
                || "none".to_owned(),
                |b| format!("below {}: {}", percent(Some(b)), money_of(f, f.band_amount)),
            )
        }),
        ("Service credits", &|f| {
            let mut s = money_of(f, f.credit_total);
            if f.cap_applied {
                s.push_str(" (capped)");
            }
            s
        }),
    ];
    rows.iter()
        .map(|(name, value)| StatementFigure {
            name: (*name).to_owned(),
            issued: value(issued),
            now: value(now),
        })
        .collect()
}

fn signed_money(f: &StatementFigures, v: Decimal) -> String {
    let text = money_of(f, v);
    if v > Decimal::ZERO {
        format!("+{text}")
    } else {
        text
    }
}

fn restatement_view(
    n: u32,
    r: &Restatement,
    f: &StatementFigures,
    corrections: Vec<String>,
) -> RestatementView {
    RestatementView {
        number: n,
        tickets: r
            .tickets
            .iter()
            .map(|m| RestatedTicket {
                ticket_id: m.ticket_id.clone(),
                first_response_issued: m.first_response.0,
                first_response_now: m.first_response.1,
                resolution_issued: m.resolution.0,
                resolution_now: m.resolution.1,
                credit_issued: m.credit.0.map(|c| money_of(f, c)),
                credit_now: m.credit.1.map(|c| money_of(f, c)),
                causes: m.causes.iter().map(Cause::describe).collect(),
            })
            .collect(),
        credit_issued: money_of(f, r.credit_issued),
        credit_now: money_of(f, r.credit_now),
        difference: signed_money(f, r.difference),
        corrections,
    }
}

/// The restatement of the latest statement `s` against the figures computed now, if anything
/// moved.
async fn restatement_of(
    store: &Store,
    s: &StoredStatement,
    issued: &StatementFigures,
    now: &Now,
) -> Result<Option<RestatementView>, AppError> {
    let then = parse_agreement(
        &format!(
            "agreement {} as issued in statement {}",
            s.agreement_id, s.number
        ),
        &s.agreement_source,
    )?;
    // The period under the issued terms with today's events, to tell the causes apart; none
    // needed when the terms are the same.
    let alternative = if same_terms(&then, &now.agreement)
        && then.amendments.len() == now.agreement.amendments.len()
        && then
            .amendments
            .iter()
            .zip(&now.agreement.amendments)
            .all(|(a, b)| a.effective == b.effective && same_terms(&a.terms, &b.terms))
    {
        None
    } else {
        // The same history, under the issued terms: compiled over the agreement's tickets.
        let h = &now.history;
        let idx = u32::try_from(now.index).unwrap_or(u32::MAX);
        let first = h
            .set
            .tickets
            .iter()
            .filter(|t| t.agreement == idx)
            .map(|t| t.opened_at)
            .min()
            .unwrap_or(now.span.start);
        let rt = accord_core::AgreementRuntime::new(then, first, now.span.end);
        // When a ticket settles depends on the terms: under others, none is skipped.
        Some(figures(&rt, idx, &h.set, now.span, None))
    };
    let Some(r) = restate(issued, &now.figures, alternative.as_ref()) else {
        return Ok(None);
    };
    let corrections = if now.version == s.agreement_version {
        Vec::new()
    } else {
        store
            .agreement_revisions(&s.agreement_id)
            .await?
            .into_iter()
            .filter(|v| v.version > s.agreement_version)
            .map(|v| {
                format!(
                    "version {}, saved {} by {}",
                    v.version, v.changed_at, v.changed_by
                )
            })
            .collect()
    };
    Ok(Some(restatement_view(
        number(s.number),
        &r,
        &now.figures,
        corrections,
    )))
}

/// Agreement `id`'s statements of `period` as they stand at `now`: the latest issued, what has
/// moved since, and whether it can be issued.
///
/// # Errors
/// [`AppError::Rejected`] for an unknown agreement or a malformed period; the database cannot
/// be read.
pub async fn status(
    store: &Store,
    id: &str,
    period: &str,
    now: Instant,
) -> Result<StatementStatus, AppError> {
    let id = id.trim();
    let p = period_of(period)?;
    let all = store
        .statements(&StatementFilter {
            agreement_id: Some(id.to_owned()),
            period: Some(p.to_string()),
        })
        .await?;
    let computed = compute(store, id, p, now).await;
    let mut out = StatementStatus {
        agreement_id: id.to_owned(),
        period: p.to_string(),
        issued: None,
        superseded: all[..all.len().saturating_sub(1)]
            .iter()
            .map(|s| number(s.number))
            .collect(),
        restatement: None,
        can_issue: false,
        why_not: None,
    };
    let now_figures = match computed {
        Ok(c) => c,
        // A period that has not ended has no statement (none can have been issued).
        Err(AppError::Rejected(why)) if all.is_empty() => {
            out.why_not = Some(why);
            return Ok(out);
        }
        Err(e) => return Err(e),
    };
    match all.last() {
        None => out.can_issue = true,
        Some(s) => {
            let issued = figures_of(s)?;
            out.restatement = restatement_of(store, s, &issued, &now_figures).await?;
            out.issued = Some(issued_view(s, &issued, &now_figures.figures));
            out.can_issue = out.restatement.is_some();
            if !out.can_issue {
                out.why_not = Some(format!(
                    "statement {} of {} was issued on {} and nothing has moved since",
                    s.number, s.period, s.issued_at
                ));
            }
        }
    }
    Ok(out)
}

/// Issues agreement `form.agreement_id`'s statement of `form.period` as computed at `now`.
///
/// # Errors
/// [`AppError::Rejected`] when the period has not ended, or has been issued and either nothing
/// moved since or `supersede` was not asked; a conflict when anything was written while the
/// figures were computed. Nothing is recorded on any error.
pub async fn issue(
    store: &Store,
    form: &IssueForm,
    actor: &str,
    now: Instant,
) -> Result<StatementStatus, AppError> {
    let id = form.agreement_id.trim();
    let p = period_of(&form.period)?;
    // Read first: anything written after this is a conflict at the write.
    let revision = store.revision().await?;
    let existing = store
        .statements(&StatementFilter {
            agreement_id: Some(id.to_owned()),
            period: Some(p.to_string()),
        })
        .await?;
    let c = compute(store, id, p, now).await?;
    let after_number = match existing.last() {
        None => 0,
        Some(s) => {
            let issued = figures_of(s)?;
            if restatement_of(store, s, &issued, &c).await?.is_none() {
                return Err(AppError::Rejected(format!(
                    "{p} of {id} was issued as statement {} on {} and nothing has moved since: there is nothing to issue again",
                    s.number, s.issued_at
                )));
            }
            if !form.supersede {
                return Err(AppError::Rejected(format!(
                    "{p} of {id} was issued as statement {} on {}, and its figures have moved since: issue it again explicitly (supersede) to issue statement {}",
                    s.number,
                    s.issued_at,
                    s.number + 1
                )));
            }
            s.number
        }
    };
    let terms = c
        .agreement
        .terms_label_at(c.span.start)
        .unwrap_or_else(|| "base terms".to_owned());
    let figures_json = serde_json::to_string(&c.figures)
        .map_err(|e| AppError::Report(format!("statement figures: {e}")))?;
    store
        .issue_statement(&NewStatement {
            agreement_id: id.to_owned(),
            period: p.to_string(),
            after_number,
            revision,
            issued_at: now,
            issued_by: actor.to_owned(),
            agreement_version: c.version,
            agreement_source: c.source.clone(),
            terms,
            credit_total: c.figures.credit_total.to_string(),
            currency: c.figures.currency.clone(),
            figures: figures_json,
        })
        .await?;
    status(store, id, &p.to_string(), now).await
}

/// Issued statements, by agreement, period and number, optionally of one agreement.
///
/// # Errors
/// The database cannot be read.
pub async fn list(
    store: &Store,
    agreement: Option<&str>,
) -> Result<Vec<StatementSummary>, AppError> {
    let all = store
        .statements(&StatementFilter {
            agreement_id: agreement.map(|a| a.trim().to_owned()),
            period: None,
        })
        .await?;
    all.iter()
        .map(|s| {
            let f = figures_of(s)?;
            Ok(StatementSummary {
                agreement_id: s.agreement_id.clone(),
                period: s.period.clone(),
                number: number(s.number),
                issued_at: s.issued_at,
                issued_by: s.issued_by.clone(),
                terms: s.terms.clone(),
                credit_total: money_of(&f, f.credit_total),
            })
        })
        .collect()
}

/// One issued statement as it was issued (the latest of the period unless `number` is given).
///
/// # Errors
/// [`AppError::Rejected`] when there is no such statement; the database cannot be read.
pub async fn show(
    store: &Store,
    id: &str,
    period: &str,
    number_wanted: Option<u32>,
) -> Result<IssuedStatement, AppError> {
    let p = period_of(period)?;
    let all = store
        .statements(&StatementFilter {
            agreement_id: Some(id.trim().to_owned()),
            period: Some(p.to_string()),
        })
        .await?;
    let s = match number_wanted {
        None => all.last(),
        Some(n) => all.iter().find(|s| number(s.number) == n),
    }
    .ok_or_else(|| {
        AppError::Rejected(match number_wanted {
            None => format!("{p} of {} has not been issued", id.trim()),
            Some(n) => format!("{p} of {} has no statement {n}", id.trim()),
        })
    })?;
    let f = figures_of(s)?;
    Ok(issued_view(s, &f, &f))
}

impl StatementStatus {
    /// The period's statements as a report shows them: the latest issued, with its figures
    /// beside the ones computed now, and the restatement when they differ; `None` when none
    /// was issued.
    #[must_use]
    pub fn issued_section(&self) -> Option<accord_report::view::IssuedView> {
        issued_section(self)
    }
}

fn issued_section(s: &StatementStatus) -> Option<accord_report::view::IssuedView> {
    use accord_report::view::{IssuedView, RestatementSection};
    let i = s.issued.as_ref()?;
    let both = |a: &str, b: &str| {
        if a == b {
            a.to_owned()
        } else {
            format!("{a} → {b}")
        }
    };
    let dash = |c: &Option<String>| c.clone().unwrap_or_else(|| "—".to_owned());
    Some(IssuedView {
        heading: format!(
            "Statement No. {}, issued {} by {}{}",
            i.number,
            i.issued_at,
            i.issued_by,
            if s.superseded.is_empty() {
                String::new()
            } else {
                format!(
                    " (supersedes No. {})",
                    s.superseded
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", No. ")
                )
            }
        ),
        terms: format!("{} (agreement version {})", i.terms, i.agreement_version),
        figures: i
            .figures
            .iter()
            .map(|f| [f.name.clone(), f.issued.clone(), f.now.clone()])
            .collect(),
        lines: i
            .lines
            .iter()
            .map(|l| {
                [
                    l.ticket_id.clone(),
                    accord_report::model::priority_name(l.priority).to_owned(),
                    l.amount.clone(),
                ]
            })
            .collect(),
        total: i.credit_total.clone(),
        restatement: s.restatement.as_ref().map(|r| RestatementSection {
            summary: format!(
                "{} ticket{} moved; credits {} → {} ({})",
                r.tickets.len(),
                if r.tickets.len() == 1 { "" } else { "s" },
                r.credit_issued,
                r.credit_now,
                r.difference
            ),
            corrections: r.corrections.clone(),
            tickets: r
                .tickets
                .iter()
                .map(|t| {
                    [
                        t.ticket_id.clone(),
                        both(
                            t.first_response_issued.as_str(),
                            t.first_response_now.as_str(),
                        ),
                        both(t.resolution_issued.as_str(), t.resolution_now.as_str()),
                        both(&dash(&t.credit_issued), &dash(&t.credit_now)),
                        t.causes.join("; "),
                    ]
                })
                .collect(),
        }),
    })
}
