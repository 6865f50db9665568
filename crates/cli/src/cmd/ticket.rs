//! `accord ticket`: open a ticket, record what happens to it, assign it, record CSAT — each
//! write recomputes the ticket's deadline and is refused if someone else changed it first.

use accord_app::tickets::{self, Assignment, CsatEntry, EventForm, NewTicketForm};
use accord_core::Instant;
use accord_core::error::printable;
use accord_core::model::{Channel, EventKind, Priority};
use clap::Subcommand;

use crate::{CliError, load, write};

/// Subcommands of `accord ticket`.
#[derive(Subcommand, Debug)]
pub enum TicketCmd {
    /// Open a ticket under an agreement.
    Open {
        /// New ticket id.
        id: String,
        /// Agreement id.
        #[arg(long)]
        agreement: String,
        /// p1..p4.
        #[arg(long, value_parser = Priority::parse)]
        priority: Priority,
        /// phone, email, live_chat, help_desk.
        #[arg(long, value_parser = Channel::parse)]
        channel: Channel,
        /// One of the agreement's scope.
        #[arg(long)]
        category: String,
        /// When (RFC 3339; default now).
        #[arg(long, value_parser = Instant::parse)]
        at: Option<Instant>,
        /// End customer.
        #[arg(long, default_value = "")]
        customer: String,
        /// Subject.
        #[arg(long, default_value = "")]
        subject: String,
        /// Database URL.
        #[arg(long, value_name = "URL")]
        db: Option<String>,
    },
    /// Record an event: responded, waiting_on_customer, customer_replied, resolved, reopened,
    /// closed, priority_changed (with --priority).
    Event {
        /// Ticket id.
        id: String,
        /// What happened.
        #[arg(value_parser = EventKind::parse)]
        kind: EventKind,
        /// The ticket version you last saw (from `accord ticket show`).
        #[arg(long)]
        version: i64,
        /// When (RFC 3339; default now).
        #[arg(long, value_parser = Instant::parse)]
        at: Option<Instant>,
        /// New priority, for priority_changed.
        #[arg(long, value_parser = Priority::parse)]
        priority: Option<Priority>,
        /// Note.
        #[arg(long, default_value = "")]
        note: String,
        /// Database URL.
        #[arg(long, value_name = "URL")]
        db: Option<String>,
    },
    /// Assign a ticket (empty name: unassign).
    Assign {
        /// Ticket id.
        id: String,
        /// Who.
        assignee: String,
        /// The ticket version you last saw.
        #[arg(long)]
        version: i64,
        /// Database URL.
        #[arg(long, value_name = "URL")]
        db: Option<String>,
    },
    /// Record the customer's satisfaction score (1–5).
    Csat {
        /// Ticket id.
        id: String,
        /// Score.
        score: u8,
        /// The ticket version you last saw.
        #[arg(long)]
        version: i64,
        /// Database URL.
        #[arg(long, value_name = "URL")]
        db: Option<String>,
    },
    /// Show a ticket, its version and its events.
    Show {
        /// Ticket id.
        id: String,
        /// Database URL.
        #[arg(long, value_name = "URL")]
        db: Option<String>,
    },
}

/// Runs `accord ticket …`.
pub fn run(cmd: TicketCmd) -> Result<(), CliError> {
    let rt = load::runtime()?;
    let now = || Instant(chrono::Utc::now().timestamp());
    let msg = match cmd {
        TicketCmd::Open {
            id,
            agreement,
            priority,
            channel,
            category,
            at,
            customer,
            subject,
            db,
        } => {
            let store = load::open(&rt, db.as_deref())?;
            let form = NewTicketForm {
                id,
                agreement_id: agreement,
                opened_at: at.map(|a| a.to_string()).unwrap_or_default(),
                priority,
                channel,
                category,
                customer,
                subject,
            };
            let id = rt.block_on(tickets::open(&store, form, &accord_app::actor(), now()))?;
            format!("opened {id} (version 1)\n")
        }
        TicketCmd::Event {
            id,
            kind,
            version,
            at,
            priority,
            note,
            db,
        } => {
            let store = load::open(&rt, db.as_deref())?;
            let form = EventForm {
                ticket_id: id.clone(),
                version,
                kind,
                at: at.map(|a| a.to_string()).unwrap_or_default(),
                priority,
                note,
            };
            let v = rt.block_on(tickets::add_event(
                &store,
                form,
                &accord_app::actor(),
                now(),
            ))?;
            format!("{id}: {kind} recorded (version {v})\n")
        }
        TicketCmd::Assign {
            id,
            assignee,
            version,
            db,
        } => {
            let store = load::open(&rt, db.as_deref())?;
            let a = Assignment {
                ticket_id: id.clone(),
                version,
                assignee: Some(assignee),
            };
            let v = rt.block_on(tickets::assign(&store, a, &accord_app::actor(), now()))?;
            format!("{id}: assigned (version {v})\n")
        }
        TicketCmd::Csat {
            id,
            score,
            version,
            db,
        } => {
            let store = load::open(&rt, db.as_deref())?;
            let c = CsatEntry {
                ticket_id: id.clone(),
                version,
                csat: Some(score),
            };
            let v = rt.block_on(tickets::set_csat(&store, c, &accord_app::actor(), now()))?;
            format!("{id}: CSAT {score} recorded (version {v})\n")
        }
        TicketCmd::Show { id, db } => {
            let store = load::open(&rt, db.as_deref())?;
            let t = rt
                .block_on(tickets::record(&store, &id))?
                .ok_or_else(|| CliError::Input(format!("no ticket `{id}`")))?;
            let mut s = format!(
                "{} under {} · version {} · opened {} · {} · {} · {}\n  customer: {}\n  subject: {}\n  assignee: {} · CSAT: {}\n",
                t.id,
                t.agreement_id,
                t.version,
                t.opened_at,
                t.priority,
                t.channel,
                t.category,
                printable(&t.customer),
                printable(&t.subject),
                printable(t.assignee.as_deref().unwrap_or("-")),
                t.csat.map_or("-".to_owned(), |c| c.to_string())
            );
            for (e, note) in &t.events {
                let p = e.priority.map(|p| format!(" → {p}")).unwrap_or_default();
                s.push_str(&format!("  {}  {}{p}  {}\n", e.at, e.kind, printable(note)));
            }
            s
        }
    };
    write::stdout_text(&msg)?;
    Ok(())
}
