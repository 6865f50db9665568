//! The demo data (`crates/app/demo`: the shared sample's three agreements, Basic, Premium and
//! Enterprise, and 600 tickets with their events), loaded so it is alive on the day it is
//! loaded: its history is moved forward by whole weeks so that it ends within the seven days
//! before the instant it is loaded as of, and some of the open tickets are assigned to the
//! person loading it.
//!
//! Moving by whole weeks keeps each ticket's weekday; every instant is moved in its agreement's
//! time zone (the local date moves, the local time of day stays), so a ticket opened on a
//! Tuesday at 09:15 in New York still is, across a clock change, and its business-time clocks
//! count what they counted before. The agreements' dates (term, holidays, amendments) move by
//! the same number of days, so every ticket keeps its place in the term and each holiday its
//! weekday (a holiday keeps its name on its new date: it is demo data). Nothing is moved past
//! the instant it is loaded as of: a shift that would put an event in the future is one week
//! less. The shift is a whole number of weeks, zero when the history already ends in the last
//! seven days.
//!
//! The shipped history's open tickets are all long past their deadlines, and a history moved by
//! whole weeks may end days ago, so neither makes a morning's work. The demo therefore also
//! opens the day's tickets ([`TODAY`]): a few tickets opened in the hours before the instant it
//! is loaded as of, through the same use cases a rep uses (so their clocks are the engine's,
//! and their history says who opened them), some answered, one waiting on the customer, two
//! assigned to the person loading it. Their instants are minutes before that instant, not
//! moved: they are what happened this morning whatever the weekday.

use accord_core::Instant;
use accord_core::calendar::Tz;
use accord_core::model::{Channel, EventKind, Priority};
use accord_store::Store;
use chrono::{Days, NaiveDate, TimeZone as _};
use serde::Serialize;

use crate::AppError;
use crate::import::{ImportReport, InputFile};
use crate::tickets::{Assignment, EventForm, NewTicketForm};

/// The demo files as shipped.
pub const FILES: [(&str, &[u8]); 5] = [
    (
        "basic.toml",
        include_bytes!("../demo/agreements/basic.toml"),
    ),
    (
        "premium.toml",
        include_bytes!("../demo/agreements/premium.toml"),
    ),
    (
        "enterprise.toml",
        include_bytes!("../demo/agreements/enterprise.toml"),
    ),
    ("tickets.csv", include_bytes!("../demo/tickets.csv")),
    ("events.csv", include_bytes!("../demo/events.csv")),
];

/// How many of the open tickets, by nearest deadline, are assigned to the person loading the
/// demo (every third one, up to this many).
const ASSIGNED: usize = 12;

/// One of the day's tickets.
#[derive(Clone, Copy, Debug)]
pub struct Fresh {
    /// Its agreement.
    pub agreement: &'static str,
    /// Its priority.
    pub priority: Priority,
    /// Its channel.
    pub channel: Channel,
    /// Its category.
    pub category: &'static str,
    /// Its customer.
    pub customer: &'static str,
    /// Its subject.
    pub subject: &'static str,
    /// How many minutes before the load it was opened.
    pub opened: i64,
    /// Its events: kind, how many minutes before the load, note.
    pub events: &'static [(EventKind, i64, &'static str)],
    /// Whether it is assigned to the person loading the demo.
    pub mine: bool,
}

/// The day's tickets (see the module docs): due within the hour on a round-the-clock P1, due
/// later on business clocks, one answered and running toward resolution, one waiting on the
/// customer since yesterday.
pub const TODAY: [Fresh; 5] = [
    Fresh {
        agreement: "CTRA-APC-WV-PREMIUM",
        priority: Priority::P1,
        channel: Channel::Phone,
        category: "troubleshooting",
        customer: "Charleston Legal Aid",
        subject: "Core switch down at the main office",
        opened: 12,
        events: &[],
        mine: true,
    },
    Fresh {
        agreement: "CTRA-APC-WV-ENT-MOUNTAINEER",
        priority: Priority::P2,
        channel: Channel::HelpDesk,
        category: "technical_support",
        customer: "Mountaineer Health Network",
        subject: "Clinic VPN drops every twenty minutes",
        opened: 40,
        events: &[],
        mine: false,
    },
    Fresh {
        agreement: "CTRA-APC-WV-BASIC",
        priority: Priority::P3,
        channel: Channel::Email,
        category: "billing_inquiry",
        customer: "Elkins Hardware",
        subject: "Invoice shows two line rentals",
        opened: 130,
        events: &[(
            EventKind::Responded,
            95,
            "Asked billing to check the rentals",
        )],
        mine: true,
    },
    Fresh {
        agreement: "CTRA-APC-WV-PREMIUM",
        priority: Priority::P3,
        channel: Channel::LiveChat,
        category: "service_activation",
        customer: "Parkersburg Title Co.",
        subject: "Activate five new DIDs",
        opened: 300,
        events: &[(
            EventKind::Responded,
            280,
            "Numbers reserved; porting requested",
        )],
        mine: false,
    },
    Fresh {
        agreement: "CTRA-APC-WV-BASIC",
        priority: Priority::P4,
        channel: Channel::Email,
        category: "technical_support",
        customer: "Kanawha Valley Dental",
        subject: "Voicemail greeting cannot be changed",
        opened: 1_560,
        events: &[
            (
                EventKind::Responded,
                1_500,
                "Acknowledged; checking the mailbox",
            ),
            (
                EventKind::WaitingOnCustomer,
                1_200,
                "Asked for the mailbox number and PIN",
            ),
        ],
        mine: false,
    },
];

/// What loading the demo did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DemoReport {
    /// What the import stored.
    pub import: ImportReport,
    /// How many days the history was moved forward (a multiple of 7).
    pub shifted_days: u32,
    /// The open tickets assigned to the person loading it.
    pub assigned: u32,
    /// The day's tickets opened in the hours before it was loaded ([`TODAY`]).
    pub opened: u32,
}

/// The demo files moved to end within the seven days before `as_of`, and the days they moved.
///
/// # Errors
/// A demo file that does not read (a defect of the build).
pub fn files_as_of(as_of: Instant) -> Result<(Vec<InputFile>, u32), AppError> {
    let bad =
        |what: &str, e: &dyn std::fmt::Display| AppError::Report(format!("the demo's {what}: {e}"));
    let mut zones = std::collections::HashMap::new();
    for (name, bytes) in &FILES[..3] {
        let text = std::str::from_utf8(bytes).map_err(|e| bad(name, &e))?;
        let a = accord_core::parse_agreement(name, text).map_err(|e| bad(name, &e))?;
        zones.insert(a.id.clone(), a.calendar.time_zone);
    }
    let tickets = read_csv(FILES[3].1).map_err(|e| bad("tickets", &e))?;
    let events = read_csv(FILES[4].1).map_err(|e| bad("events", &e))?;
    let zone_of_ticket: std::collections::HashMap<String, Tz> = tickets
        .1
        .iter()
        .filter_map(|r| Some((r.first()?.clone(), *zones.get(r.get(1)?)?)))
        .collect();
    // The history's last instant: the latest opening or event.
    let last = tickets
        .1
        .iter()
        .filter_map(|r| r.get(2))
        .chain(events.1.iter().filter_map(|r| r.get(1)))
        .filter_map(|s| Instant::parse(s).ok())
        .max()
        .unwrap_or(as_of);
    let mut weeks = u32::try_from((as_of.0 - last.0).max(0) / (7 * 86_400)).unwrap_or(0);
    // A local move can land an instant up to an hour later (a clock change): never past as_of.
    let moved = |at: &str, tz: Tz, days: u32| -> Result<String, AppError> {
        let t = Instant::parse(at).map_err(|e| bad("instants", &e))?;
        Ok(shift_instant(t, tz, days).to_string())
    };
    loop {
        let days = weeks * 7;
        let end = tickets
            .1
            .iter()
            .filter_map(|r| Some((r.get(2)?, zones.get(r.get(1)?)?)))
            .chain(
                events
                    .1
                    .iter()
                    .filter_map(|r| Some((r.get(1)?, zone_of_ticket.get(r.first()?)?))),
            )
            .filter_map(|(at, tz)| Instant::parse(at).ok().map(|t| shift_instant(t, *tz, days)))
            .max()
            .unwrap_or(as_of);
        if end <= as_of || weeks == 0 {
            break;
        }
        weeks -= 1;
    }
    let days = weeks * 7;
    if days == 0 {
        // As shipped, byte for byte.
        let files = FILES
            .iter()
            .map(|(name, bytes)| InputFile {
                name: (*name).to_owned(),
                bytes: bytes.to_vec(),
            })
            .collect();
        return Ok((files, 0));
    }
    let mut out = Vec::new();
    for (name, bytes) in &FILES[..3] {
        let text = std::str::from_utf8(bytes).map_err(|e| bad(name, &e))?;
        out.push(InputFile {
            name: (*name).to_owned(),
            bytes: shift_dates(text, days)
                .map_err(|e| bad(name, &e))?
                .into_bytes(),
        });
    }
    let (header, rows) = tickets;
    let mut t_out = Vec::new();
    for mut r in rows {
        let tz = r
            .get(1)
            .and_then(|a| zones.get(a))
            .copied()
            .unwrap_or(Tz::UTC);
        if let Some(at) = r.get_mut(2) {
            *at = moved(at, tz, days)?;
        }
        t_out.push(r);
    }
    out.push(InputFile {
        name: FILES[3].0.to_owned(),
        bytes: write_csv(&header, &t_out),
    });
    let (header, rows) = events;
    let mut e_out = Vec::new();
    for mut r in rows {
        let tz = r
            .first()
            .and_then(|t| zone_of_ticket.get(t))
            .copied()
            .unwrap_or(Tz::UTC);
        if let Some(at) = r.get_mut(1) {
            *at = moved(at, tz, days)?;
        }
        e_out.push(r);
    }
    out.push(InputFile {
        name: FILES[4].0.to_owned(),
        bytes: write_csv(&header, &e_out),
    });
    Ok((out, days))
}

/// An instant moved `days` days later on its local calendar in `tz` (same local time; in a
/// clock change's gap, the first instant after it).
fn shift_instant(t: Instant, tz: Tz, days: u32) -> Instant {
    if days == 0 {
        return t;
    }
    let Some(utc) = chrono::DateTime::from_timestamp(t.0, 0) else {
        return t;
    };
    let local = utc.with_timezone(&tz).naive_local();
    let Some(moved) = local.checked_add_days(Days::new(u64::from(days))) else {
        return t;
    };
    tz.from_local_datetime(&moved)
        .earliest()
        .or_else(|| {
            tz.from_local_datetime(&(moved + chrono::Duration::hours(1)))
                .earliest()
        })
        .map_or(t, |d| Instant(d.timestamp()))
}

/// An agreement's TOML with every local date (term, holidays, amendments) moved `days` days
/// later; the rest of the text as it was.
fn shift_dates(text: &str, days: u32) -> Result<String, String> {
    if days == 0 {
        return Ok(text.to_owned());
    }
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| e.to_string())?;
    shift_item(doc.as_item_mut(), days);
    Ok(doc.to_string())
}

fn shift_item(item: &mut toml_edit::Item, days: u32) {
    match item {
        toml_edit::Item::Value(v) => shift_value(v, days),
        toml_edit::Item::Table(t) => t.iter_mut().for_each(|(_, i)| shift_item(i, days)),
        toml_edit::Item::ArrayOfTables(a) => a
            .iter_mut()
            .for_each(|t| t.iter_mut().for_each(|(_, i)| shift_item(i, days))),
        toml_edit::Item::None => {}
    }
}

fn shift_value(v: &mut toml_edit::Value, days: u32) {
    match v {
        toml_edit::Value::Datetime(d) => {
            let dt = d.value();
            if let (Some(date), None) = (dt.date, dt.time) {
                let moved = NaiveDate::from_ymd_opt(
                    i32::from(date.year),
                    u32::from(date.month),
                    u32::from(date.day),
                )
                .and_then(|n| n.checked_add_days(Days::new(u64::from(days))));
                if let Some(n) = moved
                    && let Ok(new) = n
                        .format("%Y-%m-%d")
                        .to_string()
                        .parse::<toml_edit::Datetime>()
                {
                    let decor = d.decor().clone();
                    let mut value = toml_edit::Value::from(new);
                    *value.decor_mut() = decor;
                    *v = value;
                }
            }
        }
        toml_edit::Value::Array(a) => a.iter_mut().for_each(|x| shift_value(x, days)),
        toml_edit::Value::InlineTable(t) => t.iter_mut().for_each(|(_, x)| shift_value(x, days)),
        _ => {}
    }
}

type Rows = (Vec<String>, Vec<Vec<String>>);

fn read_csv(bytes: &[u8]) -> Result<Rows, csv::Error> {
    let mut r = csv::Reader::from_reader(bytes);
    let header = r.headers()?.iter().map(str::to_owned).collect();
    let rows = r
        .records()
        .map(|x| x.map(|rec| rec.iter().map(str::to_owned).collect()))
        .collect::<Result<_, _>>()?;
    Ok((header, rows))
}

fn write_csv(header: &[String], rows: &[Vec<String>]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = w.write_record(header);
    for r in rows {
        let _ = w.write_record(r);
    }
    w.into_inner().unwrap_or_default()
}

/// Loads the demo as of `as_of` (see the module docs), then assigns every third open ticket,
/// by nearest deadline, up to twelve, to `actor`, and opens the day's tickets ([`TODAY`]) as
/// `actor`. What is already in the database is left as it is (a second load adds nothing).
///
/// # Errors
/// As [`crate::import::files`]; a ticket changed by someone else while it was being assigned;
/// a day's ticket the demo's agreements refuse (a defect of the demo).
pub async fn load(store: &Store, as_of: Instant, actor: &str) -> Result<DemoReport, AppError> {
    let (files, shifted_days) = files_as_of(as_of)?;
    let import = crate::import::files(store, files, false, actor, as_of).await?;
    let (mut assigned, mut opened) = (0, 0);
    if import.tickets_added > 0 {
        let open = store
            .queue(&accord_store::QueueFilter::default(), 1_000)
            .await?;
        for row in open
            .iter()
            .filter(|r| r.assignee.is_none())
            .step_by(3)
            .take(ASSIGNED)
        {
            assign_to(store, &row.id, row.version, actor, as_of).await?;
            assigned += 1;
        }
        for fresh in &TODAY {
            assigned += u32::from(open_today(store, fresh, as_of, actor).await?);
            opened += 1;
        }
    }
    Ok(DemoReport {
        import,
        shifted_days,
        assigned,
        opened,
    })
}

/// Opens one of the day's tickets with its events; whether it was assigned to `actor`.
async fn open_today(
    store: &Store,
    fresh: &Fresh,
    as_of: Instant,
    actor: &str,
) -> Result<bool, AppError> {
    let &Fresh {
        agreement,
        priority,
        channel,
        category,
        customer,
        subject,
        opened,
        events,
        mine,
    } = fresh;
    let before = |minutes: i64| Instant(as_of.0 - minutes * 60).to_string();
    let form = NewTicketForm {
        id: String::new(),
        agreement_id: agreement.to_owned(),
        opened_at: before(opened),
        priority,
        channel,
        category: category.to_owned(),
        customer: customer.to_owned(),
        subject: subject.to_owned(),
    };
    let id = crate::tickets::open(store, form, actor, as_of).await?;
    let mut version = 1;
    for &(kind, minutes, note) in events {
        let form = EventForm {
            ticket_id: id.clone(),
            version,
            kind,
            at: before(minutes),
            priority: None,
            note: note.to_owned(),
        };
        version = crate::tickets::add_event(store, form, actor, as_of).await?;
    }
    if mine {
        assign_to(store, &id, version, actor, as_of).await?;
    }
    Ok(mine)
}

/// Assigns a ticket to the person loading the demo, as they would themselves.
async fn assign_to(
    store: &Store,
    id: &str,
    version: i64,
    actor: &str,
    as_of: Instant,
) -> Result<(), AppError> {
    let to_me = Assignment {
        ticket_id: id.to_owned(),
        version,
        assignee: Some(actor.to_owned()),
    };
    crate::tickets::assign(store, to_me, actor, as_of).await?;
    Ok(())
}
