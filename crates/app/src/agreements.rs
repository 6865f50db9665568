//! Agreements: the list with each one's open tickets and this month's compliance so far, the
//! choices forms and filters offer, and an agreement's TOML of record: reading it, checking it
//! with the engine's own reader, and saving it (new, or over the version the editor read).

use accord_core::model::Tier;
use accord_core::{Agreement, InputError, Instant, parse_agreement};
use accord_store::{Store, StoreError};
use serde::{Deserialize, Serialize};

use crate::AppError;
use crate::import::InputFile;

/// A line of the agreements list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AgreementSummary {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// The provider.
    pub provider: String,
    /// The alliance.
    pub alliance: String,
    /// Tier.
    pub tier: Tier,
    /// Region.
    pub region: String,
    /// Term start (local date, `YYYY-MM-DD`).
    pub effective_from: String,
    /// Term end (inclusive), if any.
    pub effective_to: Option<String>,
    /// Where today falls in the term.
    pub status: TermStatus,
    /// The ticket categories it covers.
    pub scope: Vec<String>,
    /// Open tickets now.
    pub open_tickets: i64,
    /// The current month (in the agreement's time zone).
    pub month: String,
    /// What this month's figures are: `to date, as of … — provisional` (the month has not
    /// ended, so they follow the to-date rule of every report).
    pub month_to_date: String,
    /// Resolution compliance so far this month (absent without outcomes), 4 decimals.
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub compliance: Option<accord_core::Decimal>,
    /// The agreement's reporting target.
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub compliance_target: Option<accord_core::Decimal>,
    /// The compliance against the target (none without a target or an outcome).
    pub compliance_status: Option<accord_core::metrics::Verdict>,
    /// Version (for edits).
    pub version: i64,
    /// Its amendments, oldest first (empty without any): the timeline of its terms.
    pub amendments: Vec<AmendmentItem>,
}

/// An amendment in an agreement's timeline of terms.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AmendmentItem {
    /// How the parties name it, e.g. `Amendment No. 1`.
    pub reference: String,
    /// The local date it takes effect, `YYYY-MM-DD`.
    pub effective: String,
    /// The date it was signed, `YYYY-MM-DD`, if given.
    pub signed: Option<String>,
    /// Its terms are the ones in force now.
    pub in_force: bool,
}

/// An agreement's amendments as its timeline shows them at `now`.
#[must_use]
pub fn amendment_items(a: &Agreement, now: Instant) -> Vec<AmendmentItem> {
    let current = a.amendment_at(now).map(|m| m.effective);
    a.amendments
        .iter()
        .map(|m| AmendmentItem {
            reference: m.reference.clone(),
            effective: m.effective.to_string(),
            signed: m.signed.map(|d| d.to_string()),
            in_force: current == Some(m.effective),
        })
        .collect()
}

/// Where today falls in an agreement's term.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum TermStatus {
    /// Not in force yet.
    Upcoming,
    /// In force.
    Active,
    /// Its term has ended.
    Expired,
}

impl TermStatus {
    /// The status of a term on a local date.
    #[must_use]
    pub fn on(
        today: chrono::NaiveDate,
        from: chrono::NaiveDate,
        to: Option<chrono::NaiveDate>,
    ) -> Self {
        if today < from {
            Self::Upcoming
        } else if to.is_some_and(|end| today > end) {
            Self::Expired
        } else {
            Self::Active
        }
    }
}

/// Every agreement with its open tickets and this month's resolution compliance so far.
///
/// # Errors
/// When the database cannot be read.
pub async fn list(store: &Store, now: Instant) -> Result<Vec<AgreementSummary>, AppError> {
    use accord_core::analysis::period_metrics;
    use accord_core::metrics::PeriodMetrics;
    use accord_core::period::Period;
    let (stored, tickets) = store.history(|_| true, false).await?;
    let agreements: Vec<Agreement> = stored.iter().map(|s| s.agreement.clone()).collect();
    let open = store.open_counts().await?;
    let runtimes = accord_core::runtimes_for(&agreements, &tickets, now);
    Ok(stored
        .iter()
        .zip(&runtimes)
        .enumerate()
        .map(|(i, (s, rt))| {
            // The list shows the terms in force now, and this month's figures against the
            // reporting target in force at the month's start.
            let a = s.agreement.terms_at(now);
            let month = Period::containing(a.calendar.local_date(now), false);
            let target = s
                .agreement
                .terms_on(month.dates().0)
                .reporting
                .compliance_target;
            // The month containing `now` has started, so it has figures: to date.
            let m = period_metrics(
                rt,
                u32::try_from(i).unwrap_or(u32::MAX),
                &tickets,
                month,
                now,
            );
            let res_compliance = m.as_ref().and_then(PeriodMetrics::res_compliance);
            let today = a.calendar.local_date(now);
            AgreementSummary {
                id: a.id.clone(),
                title: a.title.clone(),
                provider: a.provider.clone(),
                alliance: a.alliance.clone(),
                tier: a.tier,
                region: a.region.clone(),
                effective_from: a.effective_from.to_string(),
                effective_to: a.effective_to.map(|d| d.to_string()),
                status: TermStatus::on(today, a.effective_from, a.effective_to),
                scope: a.scope.clone(),
                open_tickets: open.get(&a.id).copied().unwrap_or(0),
                month: month.to_string(),
                month_to_date: accord_report::view::to_date_words(
                    m.as_ref().and_then(|m| m.to_date),
                    a.calendar.time_zone,
                ),
                compliance: res_compliance.map(|c| accord_core::credits::round(c, 4)),
                compliance_target: target,
                compliance_status: accord_core::metrics::Verdict::against(res_compliance, target),
                version: s.version,
                amendments: amendment_items(&s.agreement, now),
            }
        })
        .collect())
}

/// An agreement as a choice in a form or filter: no figures, so nothing but the agreements is
/// read (the agreements list's compliance reads the whole history).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AgreementChoice {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Tier.
    pub tier: Tier,
    /// The region covered (a portfolio can be one region's agreements).
    pub region: String,
    /// The ticket categories it covers.
    pub scope: Vec<String>,
}

/// Every agreement as a choice, by id, with the scope of its terms in force at `now` (the
/// categories a ticket opened now may have).
///
/// # Errors
/// When the database cannot be read.
pub async fn choices(store: &Store, now: Instant) -> Result<Vec<AgreementChoice>, AppError> {
    Ok(store
        .agreements()
        .await?
        .into_iter()
        .map(|s| {
            let scope = s.agreement.terms_at(now).scope.clone();
            AgreementChoice {
                id: s.agreement.id,
                title: s.agreement.title,
                tier: s.agreement.tier,
                region: s.agreement.region,
                scope,
            }
        })
        .collect())
}

/// An agreement's TOML of record, for the editor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AgreementSource {
    /// Id.
    pub id: String,
    /// Version (a save names it; a newer one in the database is a conflict).
    pub version: i64,
    /// The TOML.
    pub source: String,
}

/// An agreement's TOML and version.
///
/// # Errors
/// Not found; the database cannot be read.
pub async fn source(store: &Store, id: &str) -> Result<AgreementSource, AppError> {
    let (source, version) = store
        .agreement_source(id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("agreement {id}")))?;
    Ok(AgreementSource {
        id: id.to_owned(),
        version,
        source,
    })
}

/// What the engine says of an agreement's TOML: every error, located, and the warnings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AgreementCheck {
    /// The id it declares, when it reads.
    pub id: Option<String>,
    /// Every error (empty when it is valid).
    pub errors: Vec<InputError>,
    /// Things that are valid but probably not meant.
    pub warnings: Vec<String>,
}

/// Checks an agreement's TOML with the engine's own reader.
#[must_use]
pub fn check(name: &str, source: &str) -> AgreementCheck {
    match parse_agreement(name, source) {
        Ok(a) => AgreementCheck {
            id: Some(a.id.clone()),
            errors: Vec::new(),
            warnings: accord_core::agreement::warnings(&a),
        },
        Err(e) => AgreementCheck {
            id: None,
            errors: e.errors,
            warnings: Vec::new(),
        },
    }
}

/// Saves an agreement's TOML, new (`expected_version` absent) or replacing the version the
/// editor read, and recomputes its tickets' deadlines in the same transaction.
///
/// # Errors
/// [`AppError::Input`] with the engine's errors; a conflict when someone else saved first (or
/// the id is taken, for a new one); nothing is written on any error.
pub async fn save(
    store: &Store,
    source: &str,
    expected_version: Option<i64>,
    actor: &str,
    now: Instant,
) -> Result<AgreementSource, AppError> {
    save_with(store, source, expected_version, &[], (actor, now)).await
}

/// [`save`], recording where holidays it adds came from in the same transaction.
pub(crate) async fn save_with(
    store: &Store,
    source: &str,
    expected_version: Option<i64>,
    holidays: &[accord_store::HolidaySource],
    (actor, now): (&str, Instant),
) -> Result<AgreementSource, AppError> {
    let a = parse_agreement("agreement", source)?;
    let file = InputFile {
        name: format!("{}.toml", a.id),
        bytes: source.as_bytes().to_vec(),
    };
    // The version the editor read is checked against the one the import replaces, and the
    // import's transaction writes only over that version: one check, in the write.
    crate::import::import_expecting(
        store,
        vec![file],
        true,
        actor,
        now,
        Some(crate::import::Expected {
            id: &a.id,
            version: expected_version,
            holidays,
        }),
        None,
    )
    .await?;
    self::source(store, &a.id).await
}

/// A line of a diff between two versions of an agreement's TOML.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DiffLine {
    /// What it is.
    pub kind: DiffKind,
    /// Its line number in the earlier version (absent for an added line).
    pub old_line: Option<u32>,
    /// Its line number in the later version (absent for a removed line).
    pub new_line: Option<u32>,
    /// The line, without its line break.
    pub text: String,
}

/// Whether a diff line was kept, removed or added; `gap` stands for unchanged lines left out
/// between two hunks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum DiffKind {
    /// Unchanged, shown as context.
    Context,
    /// Only in the earlier version.
    Removed,
    /// Only in the later version.
    Added,
    /// Unchanged lines left out.
    Gap,
}

/// One saved version of an agreement and what it changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AgreementVersion {
    /// The version.
    pub version: i64,
    /// `created` or `replaced`.
    pub action: String,
    /// When it was saved.
    pub changed_at: Instant,
    /// Who saved it.
    pub changed_by: String,
    /// The TOML against the version before (for the first, every line added), three lines of
    /// context around each change.
    pub diff: Vec<DiffLine>,
    /// The TOML it saved.
    pub source: String,
}

/// Lines of context kept around each change of a diff.
const CONTEXT: usize = 3;

/// The lines of `new` against `old`, in hunks with [`CONTEXT`] lines of context.
#[must_use]
pub fn diff(old: &str, new: &str) -> Vec<DiffLine> {
    use similar::{ChangeTag, TextDiff};
    let d = TextDiff::from_lines(old, new);
    let line = |i: Option<usize>| i.and_then(|i| u32::try_from(i + 1).ok());
    let mut out = Vec::new();
    for (n, group) in d.grouped_ops(CONTEXT).iter().enumerate() {
        if n > 0 {
            out.push(DiffLine {
                kind: DiffKind::Gap,
                old_line: None,
                new_line: None,
                text: String::new(),
            });
        }
        for op in group {
            for c in d.iter_changes(op) {
                out.push(DiffLine {
                    kind: match c.tag() {
                        ChangeTag::Equal => DiffKind::Context,
                        ChangeTag::Delete => DiffKind::Removed,
                        ChangeTag::Insert => DiffKind::Added,
                    },
                    old_line: line(c.old_index()),
                    new_line: line(c.new_index()),
                    text: c.value().trim_end_matches(['\n', '\r']).to_owned(),
                });
            }
        }
    }
    out
}

/// Every saved version of an agreement, newest first, each with what it changed.
///
/// # Errors
/// Not found; the database cannot be read.
pub async fn history(store: &Store, id: &str) -> Result<Vec<AgreementVersion>, AppError> {
    let revisions = store.agreement_revisions(id.trim()).await?;
    if revisions.is_empty() {
        return Err(StoreError::NotFound(format!("agreement {}", id.trim())).into());
    }
    let mut before = "";
    let mut out: Vec<AgreementVersion> = revisions
        .iter()
        .map(|r| {
            let v = AgreementVersion {
                version: r.version,
                action: r.action.clone(),
                changed_at: r.changed_at,
                changed_by: r.changed_by.clone(),
                diff: diff(before, &r.source),
                source: r.source.clone(),
            };
            before = &r.source;
            v
        })
        .collect();
    out.reverse();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_timeline_marks_the_amendment_in_force_now() {
        let base = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/sample/agreements/premium.toml"
        ))
        .unwrap();
        let src = format!(
            "{base}{}",
            include_str!("../../core/tests/fixtures/premium-amendment.toml")
        );
        let a = parse_agreement("premium.toml", &src).unwrap();
        let at = |s: &str| amendment_items(&a, Instant::parse(s).unwrap());
        let item = |in_force| AmendmentItem {
            reference: "Amendment No. 1".into(),
            effective: "2026-10-15".into(),
            signed: Some("2026-10-01".into()),
            in_force,
        };
        assert_eq!(at("2026-10-01T00:00:00Z"), [item(false)]);
        assert_eq!(at("2026-11-01T00:00:00Z"), [item(true)]);
        let plain = parse_agreement("premium.toml", &base).unwrap();
        assert!(
            amendment_items(&plain, Instant::parse("2026-11-01T00:00:00Z").unwrap()).is_empty()
        );
    }
}
