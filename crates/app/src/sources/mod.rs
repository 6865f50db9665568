//! Tickets from where they live (`imports.md`): each helpdesk's own export, read by a module
//! behind one trait ([`Source`]) into Accord tickets and events by a mapping profile
//! ([`crate::profiles::Profile`]), then stored exactly as `formats.md` files are (all or
//! nothing, located errors, a later export appending only what is new).
//!
//! A source invents nothing: every event comes from a record of the export with its instant.
//! What maps to nothing is counted by kind in the report ([`Converted::unmapped`]); a ticket no
//! rule places is skipped and counted ([`Converted::skipped`]); a record that cannot be read is
//! a located error (file, record, field).
//!
//! - [`zendesk`]: tickets and audits as Zendesk's API returns them (normative rules in
//!   `imports.md`);
//! - [`servicenow`]: the incident list and its sys_audit rows, exported as CSV;
//! - [`freshdesk`]: Freshdesk tickets and the ticket-activities export (JSON);
//! - [`jira`]: Jira Service Management issues with their changelogs (JSON);
//! - [`tmf621`]: TM Forum TMF621 Trouble Ticket resources (JSON);
//! - [`generic`]: any CSV, a tickets file and a status-history file, by the profile's column
//!   and value maps.

pub mod export;
pub mod freshdesk;
pub mod generic;
pub mod jira;
mod record;
pub mod servicenow;
pub mod tmf621;
pub mod zendesk;

use std::collections::BTreeMap;

use accord_core::model::{Channel, EventKind, Priority};
use accord_core::{Agreement, InputErrors, Instant};

use crate::AppError;
use crate::import::InputFile;
use crate::profiles::{Profile, SourceKind, StatusMeaning};
pub use export::{Control, ExportFile, Progress, Stage};
pub(crate) use record::{Placed, Unplaceable, bad, instant_at, parse_json, place, place_record};

/// A ticket as a source gives it, mapped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceTicket {
    /// The profile's prefix and the source's id.
    pub id: String,
    /// The agreement the first matching rule names.
    pub agreement_id: String,
    /// When it was opened.
    pub opened_at: Instant,
    /// Its priority at opening.
    pub priority: Priority,
    /// Its channel.
    pub channel: Channel,
    /// Its category (in the agreement's scope).
    pub category: String,
    /// The end customer, when the source names one.
    pub customer: String,
    /// Its subject.
    pub subject: String,
    /// Its CSAT score.
    pub csat: Option<u8>,
    /// Its events, in the order they apply.
    pub events: Vec<SourceEvent>,
}

/// An event as a source gives it, mapped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceEvent {
    /// When.
    pub at: Instant,
    /// What.
    pub kind: EventKind,
    /// The new priority, for `priority_changed`.
    pub priority: Option<Priority>,
}

/// A source's export, mapped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Converted {
    /// Tickets read from the export.
    pub read: u64,
    /// The tickets placed, by id.
    pub tickets: Vec<SourceTicket>,
    /// Tickets skipped, counted by reason (`no rule places it`).
    pub skipped: BTreeMap<String, u64>,
    /// Records that map to no Accord event, counted by kind (`Notification`, `Change of
    /// subject`, `Comment (private)`…).
    pub unmapped: BTreeMap<String, u64>,
}

impl Converted {
    pub(crate) fn skip(&mut self, reason: &str) {
        *self.skipped.entry(reason.to_owned()).or_default() += 1;
    }

    pub(crate) fn unmapped(&mut self, kind: impl Into<String>) {
        *self.unmapped.entry(kind.into()).or_default() += 1;
    }

    /// The tickets and events as `formats.md` files, named after the source, to be imported as
    /// any such files are.
    #[must_use]
    pub fn files(&self, source: SourceKind) -> Vec<InputFile> {
        let mut tickets = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        let mut events = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        // Writing to memory cannot fail.
        let _ = tickets.write_record([
            "ticket_id",
            "agreement_id",
            "opened_at",
            "priority",
            "channel",
            "category",
            "customer",
            "subject",
            "csat",
        ]);
        let _ = events.write_record(["ticket_id", "at", "kind", "note", "priority"]);
        let mut sorted: Vec<&SourceTicket> = self.tickets.iter().collect();
        sorted.sort_by(|a, b| a.id.cmp(&b.id));
        for t in sorted {
            let _ = tickets.write_record([
                t.id.as_str(),
                &t.agreement_id,
                &t.opened_at.to_string(),
                t.priority.as_str(),
                t.channel.as_str(),
                &t.category,
                &t.customer,
                &t.subject,
                &t.csat.map_or_else(String::new, |c| c.to_string()),
            ]);
            for e in &t.events {
                let _ = events.write_record([
                    t.id.as_str(),
                    &e.at.to_string(),
                    e.kind.as_str(),
                    "",
                    e.priority.map_or("", Priority::as_str),
                ]);
            }
        }
        let name = source.as_str();
        vec![
            InputFile {
                name: format!("{name} → tickets.csv"),
                bytes: tickets.into_inner().unwrap_or_default(),
            },
            InputFile {
                name: format!("{name} → events.csv"),
                bytes: events.into_inner().unwrap_or_default(),
            },
        ]
    }
}

/// A helpdesk's export format.
pub trait Source: Send + Sync {
    /// Which source it is.
    fn kind(&self) -> SourceKind;
    /// Whether these files look like this source's export (for the wizard's detection).
    fn detect(&self, files: &[ExportFile]) -> bool;
    /// Reads the export into Accord tickets and events by `profile`, placing tickets under
    /// `agreements`, reporting its reading to `ctl` and stopping when it is cancelled.
    ///
    /// # Errors
    /// [`AppError::Input`] with every record that cannot be read, located;
    /// [`AppError::Cancelled`].
    fn convert(
        &self,
        files: &[ExportFile],
        profile: &Profile,
        agreements: &[Agreement],
        ctl: &Control,
    ) -> Result<Converted, AppError>;
}

/// A source that reads its export whole, in memory (every source's exports but Zendesk's,
/// whose audits are streamed, are small enough).
pub trait ReadWhole: Send + Sync {
    /// Which source it is.
    fn source_kind(&self) -> SourceKind;
    /// [`Source::detect`] over the files' bytes.
    fn detect_whole(&self, files: &[InputFile]) -> bool;
    /// [`Source::convert`] over the files' bytes.
    ///
    /// # Errors
    /// Every record that cannot be read, located.
    fn convert_whole(
        &self,
        files: &[InputFile],
        profile: &Profile,
        agreements: &[Agreement],
    ) -> Result<Converted, InputErrors>;
}

impl<T: ReadWhole> Source for T {
    fn kind(&self) -> SourceKind {
        self.source_kind()
    }

    fn detect(&self, files: &[ExportFile]) -> bool {
        export::load_all(files, &Control::default()).is_ok_and(|f| self.detect_whole(&f))
    }

    fn convert(
        &self,
        files: &[ExportFile],
        profile: &Profile,
        agreements: &[Agreement],
        ctl: &Control,
    ) -> Result<Converted, AppError> {
        for f in files {
            ctl.expect(f.len());
        }
        let files = export::load_all(files, ctl)?;
        Ok(self.convert_whole(&files, profile, agreements)?)
    }
}

/// The events a status change gives, from what the old and new statuses mean.
pub(crate) fn status_events(from: Option<StatusMeaning>, to: StatusMeaning) -> Vec<EventKind> {
    use StatusMeaning::{Closed, New, Open, Pause, Resolved};
    let stopped = matches!(from, Some(Resolved | Closed));
    // A ticket not yet handled runs on the provider's time like an open one.
    let from = from.map(|m| if m == New { Open } else { m });
    let to = if to == New { Open } else { to };
    match to {
        Pause if stopped => vec![EventKind::Reopened, EventKind::WaitingOnCustomer],
        Pause if from == Some(Pause) => Vec::new(),
        Pause => vec![EventKind::WaitingOnCustomer],
        Open | New if stopped => vec![EventKind::Reopened],
        Open | New if from == Some(Pause) => vec![EventKind::CustomerReplied],
        Open | New => Vec::new(),
        Resolved if from == Some(Resolved) => Vec::new(),
        Resolved => vec![EventKind::Resolved],
        Closed if from == Some(Closed) => Vec::new(),
        Closed => vec![EventKind::Closed],
    }
}

/// The source module of a kind.
#[must_use]
pub fn source(kind: SourceKind) -> Box<dyn Source> {
    match kind {
        SourceKind::Zendesk => Box::new(zendesk::Zendesk),
        SourceKind::Servicenow => Box::new(servicenow::ServiceNow),
        SourceKind::Jira => Box::new(jira::Jira),
        SourceKind::Freshdesk => Box::new(freshdesk::Freshdesk),
        SourceKind::Tmf621 => Box::new(tmf621::Tmf621),
        SourceKind::Csv => Box::new(generic::GenericCsv),
    }
}

/// What an import from a helpdesk did.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SourceImport {
    /// The source read.
    pub source: SourceKind,
    /// The profile's name.
    pub profile: String,
    /// Tickets read from the export.
    pub read: u64,
    /// Tickets placed, by agreement id.
    pub placed: BTreeMap<String, u64>,
    /// Tickets skipped, by reason.
    pub skipped: BTreeMap<String, u64>,
    /// Records mapped to no event, by kind.
    pub unmapped: BTreeMap<String, u64>,
    /// What the import stored.
    pub stored: crate::import::ImportReport,
}

/// Reads a helpdesk's export by a mapping profile and imports it, all or nothing, then keeps
/// the profile with the database. `from`, when given, must be the profile's source. Progress
/// goes to `ctl`, which can cancel the import until it starts writing.
///
/// # Errors
/// [`AppError::Input`] with every problem of the profile or the export, located; a
/// source Accord does not read yet; whatever the import refuses; [`AppError::Cancelled`].
/// Nothing is written on any error.
pub async fn import(
    store: &accord_store::Store,
    from: Option<SourceKind>,
    profile: (&str, &str),
    files: &[ExportFile],
    (actor, now): (&str, Instant),
    ctl: &Control,
) -> Result<SourceImport, AppError> {
    let (profile_name, profile_text) = profile;
    let p = Profile::parse(profile_name, profile_text)?;
    if let Some(from) = from
        && from != p.source
    {
        return Err(AppError::Rejected(format!(
            "the profile {profile_name} reads {} exports, not {}",
            p.source.as_str(),
            from.as_str()
        )));
    }
    let agreements: Vec<Agreement> = store
        .agreements()
        .await?
        .into_iter()
        .map(|s| s.agreement)
        .collect();
    p.check_against(profile_name, &agreements)?;
    let reader = source(p.source);
    let c = reader.convert(files, &p, &agreements, ctl)?;
    let mut placed = BTreeMap::new();
    for t in &c.tickets {
        *placed.entry(t.agreement_id.clone()).or_default() += 1;
    }
    ctl.check()?;
    ctl.stage(Stage::Checking);
    let stored = crate::import::from_source(store, c.files(p.source), actor, now, ctl).await?;
    // The profile is kept with the database it filled (a new version when it changed).
    store
        .save_profile(&p.name, p.source.as_str(), profile_text, actor, now)
        .await?;
    Ok(SourceImport {
        source: p.source,
        profile: p.name,
        read: c.read,
        placed,
        skipped: c.skipped,
        unmapped: c.unmapped,
        stored,
    })
}

/// A ticket of a preview: as it would be stored, with its events and the SLA numbers they give.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PreviewTicket {
    /// Its Accord id.
    pub id: String,
    /// The agreement it is placed under.
    pub agreement_id: String,
    /// When it opened.
    pub opened_at: Instant,
    /// Its priority at opening.
    pub priority: Priority,
    /// Its channel.
    pub channel: Channel,
    /// Its category.
    pub category: String,
    /// Its subject.
    pub subject: String,
    /// Its events, as `(instant, kind, new priority)`.
    pub events: Vec<PreviewEvent>,
    /// Its clocks at the preview's instant.
    pub sla: accord_core::TicketSla,
}

/// An event of a preview.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PreviewEvent {
    /// When.
    pub at: Instant,
    /// What.
    pub kind: EventKind,
    /// The new priority, for `priority_changed`.
    pub priority: Option<Priority>,
}

/// What an import would do, computed without writing anything.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportPreview {
    /// The source read.
    pub source: SourceKind,
    /// Tickets read from the export.
    pub read: u64,
    /// Tickets placed, by agreement id.
    pub placed: BTreeMap<String, u64>,
    /// Tickets skipped, by reason.
    pub skipped: BTreeMap<String, u64>,
    /// Records mapped to no event, by kind.
    pub unmapped: BTreeMap<String, u64>,
    /// The events all placed tickets would have.
    pub events: u64,
    /// The first tickets (by id), with their events and SLA numbers.
    pub tickets: Vec<PreviewTicket>,
}

/// What importing `files` by the profile would give, as of `now`, without writing: the counts,
/// and the first `limit` tickets with their events and the SLA numbers the engine computes.
///
/// # Errors
/// As [`import`], except that nothing is ever written.
pub async fn preview(
    store: &accord_store::Store,
    profile: (&str, &str),
    files: &[ExportFile],
    now: Instant,
    limit: usize,
) -> Result<ImportPreview, AppError> {
    let (profile_name, profile_text) = profile;
    let p = crate::profiles::check(store, profile_name, profile_text).await?;
    let agreements: Vec<Agreement> = store
        .agreements()
        .await?
        .into_iter()
        .map(|s| s.agreement)
        .collect();
    let reader = source(p.source);
    let c = reader.convert(files, &p, &agreements, &Control::default())?;
    let mut placed = BTreeMap::new();
    for t in &c.tickets {
        *placed.entry(t.agreement_id.clone()).or_default() += 1;
    }
    let mut first: Vec<&SourceTicket> = c.tickets.iter().collect();
    first.sort_by(|a, b| a.id.cmp(&b.id));
    first.truncate(limit);
    // The engine's reader checks the events as an import would, and its clocks give the numbers.
    let shown = Converted {
        tickets: first.iter().map(|t| (*t).clone()).collect(),
        ..Converted::default()
    };
    let files = shown.files(p.source);
    let set = accord_core::input::read_ticket_set(
        &files[0].name,
        &files[0].bytes,
        &files[1].name,
        &files[1].bytes,
        &agreements,
        accord_core::input::ReadOptions::default(),
    )?;
    let runtimes = accord_core::runtimes_for(&agreements, &set, now);
    let tickets = set
        .tickets
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            let s = first.iter().find(|s| *s.id == *t.id)?;
            let rt = &runtimes[t.agreement as usize];
            Some(PreviewTicket {
                id: s.id.clone(),
                agreement_id: s.agreement_id.clone(),
                opened_at: s.opened_at,
                priority: s.priority,
                channel: s.channel,
                category: s.category.clone(),
                subject: s.subject.clone(),
                events: s
                    .events
                    .iter()
                    .map(|e| PreviewEvent {
                        at: e.at,
                        kind: e.kind,
                        priority: e.priority,
                    })
                    .collect(),
                sla: accord_core::evaluate(rt, t.opened_at, t.priority, set.events(i), now),
            })
        })
        .collect();
    Ok(ImportPreview {
        source: p.source,
        read: c.read,
        placed,
        skipped: c.skipped.clone(),
        unmapped: c.unmapped.clone(),
        events: c.tickets.iter().map(|t| t.events.len() as u64).sum(),
        tickets,
    })
}

/// What a set of files looks like: the first source whose detection accepts them (Zendesk's
/// JSON before the any-CSV fallback), or `None`.
#[must_use]
pub fn detect(files: &[ExportFile]) -> Option<SourceKind> {
    SourceKind::ALL
        .into_iter()
        .map(source)
        .find(|s| s.detect(files))
        .map(|s| s.kind())
}

/// A starter profile for a source, to be edited: one rule per agreement (on the field that
/// source places tickets by), the first agreement's time zone, and the agreements' shared
/// scope's first category as the default.
#[must_use]
pub fn template(kind: SourceKind, agreements: &[Agreement]) -> String {
    use std::fmt::Write as _;
    let (prefix, field, category_field) = match kind {
        SourceKind::Zendesk => ("ZD-", "organization_id", "type"),
        SourceKind::Servicenow => ("SN-", "company", "category"),
        SourceKind::Jira => ("JSM-", "fields.labels", "fields.issuetype.name"),
        SourceKind::Freshdesk => ("FD-", "company_id", "type"),
        SourceKind::Tmf621 => ("TT-", "relatedParty", "ticketType"),
        SourceKind::Csv => ("CSV-", "Organization", "Type"),
    };
    let tz = agreements
        .first()
        .map_or("UTC", |a| a.calendar.time_zone.name());
    let mut out = format!(
        "# A mapping profile (imports.md): edit the rules so that each ticket is placed under its\n\
         # agreement; tickets no rule places are skipped and counted.\n\
         source = \"{}\"\nname = \"{} import\"\nticket_prefix = \"{prefix}\"\ntime_zone = \"{tz}\"\n",
        kind.as_str(),
        kind.as_str()
    );
    if kind == SourceKind::Csv {
        out.push_str(
            "\n[columns]          # the tickets file's column names\nid = \"Id\"\nopened_at = \"Created at\"\npriority = \"Priority\"\nsubject = \"Subject\"\n\n\
             [history]          # the status-history file's column names\nticket = \"Ticket\"\nat = \"Changed at\"\nstatus = \"Status\"\n",
        );
    }
    for a in agreements {
        let _ = write!(
            out,
            "\n[[agreement]]\nfield = \"{field}\"\nequals = \"{}\"   # the value that means {}\nagreement = \"{}\"\n",
            a.id, a.title, a.id
        );
    }
    let default = agreements
        .first()
        .and_then(|a| a.scope.first())
        .map_or("troubleshooting", String::as_str);
    let _ = write!(
        out,
        "\n[category]\nfield = \"{category_field}\"\nmap = {{}}   # source value = \"an agreement's category\"\ndefault = \"{default}\"\n"
    );
    out
}
