//! `accord queue`: open tickets by next SLA deadline, as Premium reps work them.

use accord_app::queue::{self, QueueQuery, QueueView};
use accord_core::Instant;
use accord_core::error::printable;
use accord_core::model::{Priority, Tier};
use clap::Args;

use crate::{CliError, load, write};

/// Arguments of `accord queue`.
#[derive(Args, Debug)]
pub struct QueueArgs {
    /// Only this agreement.
    #[arg(long, value_name = "ID")]
    pub agreement: Option<String>,
    /// Only this tier (basic, premium, enterprise).
    #[arg(long, value_parser = Tier::parse)]
    pub tier: Option<Tier>,
    /// Only tickets assigned to this person.
    #[arg(long)]
    pub assignee: Option<String>,
    /// Which view: due-soon (not waiting, not yet due, by deadline), breached (not waiting,
    /// past its deadline, most late first), waiting (on the customer, longest first) or all.
    #[arg(long, default_value = "all", value_parser = parse_view)]
    pub view: QueueView,
    /// Only this priority in force (p1..p4).
    #[arg(long, value_parser = Priority::parse)]
    pub priority: Option<Priority>,
    /// Only tickets whose id, subject or customer contains this (any case).
    #[arg(long, value_name = "TEXT", default_value = "")]
    pub text: String,
    /// How many rows (at most 1,000).
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=i64::from(queue::PAGE_MAX)))]
    pub limit: u32,
    /// Database URL (default: $ACCORD_DB, else the per-user database).
    #[arg(long, value_name = "URL")]
    pub db: Option<String>,
}

fn parse_view(s: &str) -> Result<QueueView, String> {
    Ok(match s {
        "due-soon" => QueueView::DueSoon,
        "breached" => QueueView::Breached,
        "waiting" => QueueView::Waiting,
        "all" => QueueView::All,
        _ => {
            return Err(format!(
                "`{s}` is not a view: write due-soon, breached, waiting or all"
            ));
        }
    })
}

/// Runs `accord queue`.
pub fn run(args: &QueueArgs) -> Result<(), CliError> {
    let rt = load::runtime()?;
    let store = load::open(&rt, args.db.as_deref())?;
    let query = QueueQuery {
        agreement_id: args.agreement.clone(),
        tier: args.tier,
        assignee: args.assignee.clone(),
        priority: args.priority,
        text: args.text.clone(),
        view: args.view,
        offset: 0,
        limit: args.limit,
    };
    let now = Instant(chrono::Utc::now().timestamp());
    let rows = rt.block_on(queue::page(&store, &query, now))?.rows;
    let mut out = format!(
        "{:<14} {:<30} {:<10} {:<4} {:<21} {:>12}  {:<10} {}\n",
        "ticket", "agreement", "tier", "prio", "next deadline", "in", "assignee", "subject"
    );
    for r in rows {
        let (due, left) = match r.next_deadline {
            Some(d) => (d.to_string(), countdown(d.0 - now.0)),
            None => ("paused".to_owned(), String::new()),
        };
        out.push_str(&format!(
            "{:<14} {:<30} {:<10} {:<4} {:<21} {:>12}  {:<10} {}\n",
            r.id,
            r.agreement_id,
            r.tier.as_str(),
            r.priority.as_str(),
            due,
            left,
            printable(r.assignee.as_deref().unwrap_or("-")),
            printable(&r.subject)
        ));
    }
    write::stdout_text(&out)?;
    Ok(())
}

fn countdown(secs: i64) -> String {
    let sign = if secs < 0 { "-" } else { "" };
    let s = secs.abs();
    let (d, h, m) = (s / 86_400, s / 3600 % 24, s / 60 % 60);
    if d > 0 {
        format!("{sign}{d}d{h:02}h")
    } else {
        format!("{sign}{h}h{m:02}m")
    }
}
