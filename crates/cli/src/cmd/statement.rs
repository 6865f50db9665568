//! `accord statement`: issue a period's credit statement (recorded once, never changed), list
//! what was issued, show a statement as issued, and diff it against the figures computed now
//! (the restatement: every ticket that moved, why, and the difference in credits).

use std::fmt::Write as _;

use accord_app::statements::{
    self, IssueForm, IssuedStatement, RestatementView, StatementStatus, StatementSummary,
};
use accord_core::Instant;
use accord_core::error::printable;
use clap::{Subcommand, ValueEnum};

use crate::{CliError, load, write};

/// How a statement command prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StatementFormat {
    /// For people.
    Text,
    /// The use case's answer as JSON.
    Json,
}

/// Subcommands of `accord statement`.
#[derive(Subcommand, Debug)]
pub enum StatementCmd {
    /// Issue a period's credit statement: its figures, every credit line, the terms and the
    /// instant are recorded and never change. A period that was issued is issued again only
    /// with --supersede, and only when its figures have moved since.
    Issue {
        /// Agreement id.
        #[arg(long)]
        agreement: String,
        /// The period: 2026-10, 2026-Q4 or 2026-10-01..2026-10-15 (it must have ended).
        #[arg(long)]
        period: String,
        /// Issue again after a restatement (the next number; the earlier stays as issued).
        #[arg(long)]
        supersede: bool,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: StatementFormat,
        /// Database URL (default: $ACCORD_DB, else the per-user database).
        #[arg(long, value_name = "URL")]
        db: Option<String>,
    },
    /// Issued statements, by agreement and period.
    List {
        /// Only this agreement's.
        #[arg(long)]
        agreement: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: StatementFormat,
        /// Database URL.
        #[arg(long, value_name = "URL")]
        db: Option<String>,
    },
    /// A statement exactly as issued (the period's latest unless --number is given).
    Show {
        /// Agreement id.
        #[arg(long)]
        agreement: String,
        /// The period.
        #[arg(long)]
        period: String,
        /// Which of the period's statements.
        #[arg(long)]
        number: Option<u32>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: StatementFormat,
        /// Database URL.
        #[arg(long, value_name = "URL")]
        db: Option<String>,
    },
    /// The period's latest statement against its figures computed now: every ticket that moved,
    /// with the cause, and the difference in credits. Exit code 0 either way.
    Diff {
        /// Agreement id.
        #[arg(long)]
        agreement: String,
        /// The period.
        #[arg(long)]
        period: String,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: StatementFormat,
        /// Database URL.
        #[arg(long, value_name = "URL")]
        db: Option<String>,
    },
}

fn json<T: serde::Serialize>(v: &T) -> Result<String, CliError> {
    let mut s = serde_json::to_string_pretty(v).map_err(|e| CliError::System(e.into()))?;
    s.push('\n');
    Ok(s)
}

/// Runs `accord statement …`.
pub fn run(cmd: StatementCmd) -> Result<(), CliError> {
    let rt = load::runtime()?;
    let now = Instant(chrono::Utc::now().timestamp());
    let out = match cmd {
        StatementCmd::Issue {
            agreement,
            period,
            supersede,
            format,
            db,
        } => {
            let store = load::open(&rt, db.as_deref())?;
            let form = IssueForm {
                agreement_id: agreement,
                period,
                supersede,
            };
            let s = rt.block_on(statements::issue(&store, &form, &accord_app::actor(), now))?;
            match format {
                StatementFormat::Json => json(&s)?,
                StatementFormat::Text => status_text(&s),
            }
        }
        StatementCmd::List {
            agreement,
            format,
            db,
        } => {
            let store = load::open(&rt, db.as_deref())?;
            let all = rt.block_on(statements::list(&store, agreement.as_deref()))?;
            match format {
                StatementFormat::Json => json(&all)?,
                StatementFormat::Text => list_text(&all),
            }
        }
        StatementCmd::Show {
            agreement,
            period,
            number,
            format,
            db,
        } => {
            let store = load::open(&rt, db.as_deref())?;
            let s = rt.block_on(statements::show(&store, &agreement, &period, number))?;
            match format {
                StatementFormat::Json => json(&s)?,
                StatementFormat::Text => issued_text(&s, false),
            }
        }
        StatementCmd::Diff {
            agreement,
            period,
            format,
            db,
        } => {
            let store = load::open(&rt, db.as_deref())?;
            let s = rt.block_on(statements::status(&store, &agreement, &period, now))?;
            if s.issued.is_none() {
                return Err(CliError::Input(format!(
                    "{} of {} has not been issued: nothing to compare with",
                    s.period, s.agreement_id
                )));
            }
            match format {
                StatementFormat::Json => json(&s.restatement)?,
                StatementFormat::Text => s.restatement.as_ref().map_or_else(
                    || {
                        format!(
                            "{} {}: nothing has moved since statement {} was issued\n",
                            s.agreement_id,
                            s.period,
                            s.issued.as_ref().map_or(0, |i| i.number)
                        )
                    },
                    |r| restatement_text(&s, r),
                ),
            }
        }
    };
    write::stdout_text(&out)?;
    Ok(())
}

fn list_text(all: &[StatementSummary]) -> String {
    if all.is_empty() {
        return "no statement has been issued\n".to_owned();
    }
    let mut out = String::new();
    for s in all {
        let _ = writeln!(
            out,
            "{}  {}  no. {}  issued {} by {}  {}  ({})",
            s.agreement_id,
            s.period,
            s.number,
            s.issued_at,
            printable(&s.issued_by),
            s.credit_total,
            s.terms
        );
    }
    out
}

fn issued_text(s: &IssuedStatement, with_now: bool) -> String {
    let mut out = format!(
        "{} {} — statement {}, issued {} by {}\nTerms: {} (agreement version {})\n",
        s.agreement_id,
        s.period,
        s.number,
        s.issued_at,
        printable(&s.issued_by),
        s.terms,
        s.agreement_version
    );
    for f in &s.figures {
        if with_now && f.now != f.issued {
            let _ = writeln!(out, "  {:<27} {}  (now {})", f.name, f.issued, f.now);
        } else {
            let _ = writeln!(out, "  {:<27} {}", f.name, f.issued);
        }
    }
    if s.lines.is_empty() {
        out.push_str("Credit lines: none\n");
    } else {
        out.push_str("Credit lines:\n");
        for l in &s.lines {
            let _ = writeln!(out, "  {:<14} {}  {}", l.ticket_id, l.priority, l.amount);
        }
    }
    let _ = writeln!(out, "Total: {}", s.credit_total);
    out
}

fn status_text(s: &StatementStatus) -> String {
    s.issued.as_ref().map_or_else(
        || format!("{} {}: not issued\n", s.agreement_id, s.period),
        |i| issued_text(i, false),
    )
}

fn restatement_text(s: &StatementStatus, r: &RestatementView) -> String {
    let mut out = match &s.issued {
        Some(i) => issued_text(i, true),
        None => String::new(),
    };
    let _ = writeln!(
        out,
        "\nRestatement of statement {}: {} ticket{} moved; credits {} → {} ({})",
        r.number,
        r.tickets.len(),
        if r.tickets.len() == 1 { "" } else { "s" },
        r.credit_issued,
        r.credit_now,
        r.difference
    );
    for c in &r.corrections {
        let _ = writeln!(out, "  terms changed: {c}");
    }
    for t in &r.tickets {
        let credit = |c: &Option<String>| c.clone().unwrap_or_else(|| "—".to_owned());
        let _ = writeln!(
            out,
            "  {:<14} first response {} → {}; resolution {} → {}; credit {} → {}; {}",
            t.ticket_id,
            t.first_response_issued.as_str(),
            t.first_response_now.as_str(),
            t.resolution_issued.as_str(),
            t.resolution_now.as_str(),
            credit(&t.credit_issued),
            credit(&t.credit_now),
            t.causes.join("; ")
        );
    }
    out
}
