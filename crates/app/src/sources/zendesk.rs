//! Zendesk (`imports.md`, normative): tickets as `/api/v2/tickets` (or the incremental
//! export's pages) returns them, and their audits as `/api/v2/tickets/{id}/audits` returns them
//! (one file per ticket, or pages concatenated). A file is told by its top-level key,
//! `tickets` or `audits`.
//!
//! - A ticket opens at its `created_at`, at the priority it was created with (the `Create`
//!   event's `priority`, else the first priority change's `previous_value`, else its current
//!   `priority`): `urgent` p1, `high` p2, `normal` p3, `low` p4, none p3. Channel from
//!   `via.channel`: `email`; `voice` phone; `chat`, `native_messaging`, `messaging` live chat;
//!   anything else help desk. CSAT: `good` 5, `bad` 1, otherwise none.
//! - Audits apply in `created_at` order (ties: audit `id`), events within an audit in order:
//!   the first public `Comment` by someone other than the requester is `responded` (a
//!   `VoiceComment`, a call's record, is not a comment of the ticket's thread); a status
//!   change is read by what each status means — `new` and `open` the provider's time, `pending`
//!   waiting on the customer, `hold` the provider's time (waiting on a third party) unless the
//!   profile says `hold = "pause"`, `solved` resolved, `closed` closed — into
//!   `waiting_on_customer`, `customer_replied`, `resolved`, `closed` and `reopened` (a reopen
//!   straight to pending is `reopened` then `waiting_on_customer` at the same instant); a
//!   priority change is `priority_changed`. Every other record is counted, by kind, as mapped to
//!   nothing.

use std::collections::HashMap;

use accord_core::calendar::Tz;
use accord_core::model::{Channel, EventKind, Priority};
use accord_core::{Agreement, InputError, InputErrors, Instant};
use serde_json::Value;

use super::export::{Held, peek, stream_lists};
use super::{Control, ExportFile};
use super::{Converted, Source, SourceEvent, SourceTicket, bad, instant_at, status_events};
use super::{Placed, place_record};
use crate::profiles::{Match, Profile, SourceKind, StatusMeaning};

/// The Zendesk source.
#[derive(Clone, Copy, Debug, Default)]
pub struct Zendesk;

/// A JSON value's text: strings as they are, numbers and booleans as written; `None` for null,
/// arrays and objects.
pub(crate) fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Every text at a dotted path of an object, through arrays on the way (`relatedParty.id` is
/// the id of every party) and of an array at its end.
pub(crate) fn texts_at(v: &Value, path: &str) -> Vec<String> {
    fn walk(v: &Value, keys: &[&str], out: &mut Vec<String>) {
        match (v, keys.split_first()) {
            (Value::Array(items), _) => items.iter().for_each(|i| walk(i, keys, out)),
            (_, Some((k, rest))) => {
                if let Some(next) = v.get(*k) {
                    walk(next, rest, out);
                }
            }
            (_, None) => out.extend(text(v)),
        }
    }
    let keys: Vec<&str> = path.split('.').collect();
    let mut out = Vec::new();
    walk(v, &keys, &mut out);
    out
}

/// Whether a record matches an agreement rule: a list at the path (`tags`, `fields.labels`)
/// when one of its items is the value (`contains` is membership, not a substring of an item);
/// text when it equals the value or, for `contains`, holds it; a path through a list of objects
/// (`relatedParty.id`) when one of them does. A field the record lacks matches nothing.
pub(crate) fn rule_matches(record: &Value, rule: &crate::profiles::Rule) -> bool {
    match at_path(record, &rule.field) {
        Some(Value::Array(items)) => items.iter().filter_map(text).any(|v| match &rule.matches {
            Match::Equals(x) | Match::Contains(x) => v == *x,
        }),
        Some(v) => text(v).is_some_and(|v| match &rule.matches {
            Match::Equals(x) => v == *x,
            Match::Contains(x) => v.contains(x.as_str()),
        }),
        None => texts_at(record, &rule.field)
            .iter()
            .any(|v| match &rule.matches {
                Match::Equals(x) => v == x,
                Match::Contains(x) => v.contains(x.as_str()),
            }),
    }
}

/// The value at a dotted path of an object.
pub(crate) fn at_path<'v>(v: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(v, |v, k| v.get(k))
}

/// Zendesk's priority names.
fn priority(v: Option<&str>) -> Priority {
    match v {
        Some("urgent") => Priority::P1,
        Some("high") => Priority::P2,
        Some("low") => Priority::P4,
        _ => Priority::P3,
    }
}

fn channel(v: Option<&Value>) -> Channel {
    match v.and_then(Value::as_str) {
        Some("email") => Channel::Email,
        Some("voice") => Channel::Phone,
        Some("chat" | "native_messaging" | "messaging") => Channel::LiveChat,
        _ => Channel::HelpDesk,
    }
}

/// An instant as Zendesk writes it (ISO 8601 with `Z`); one without an offset (`2026-10-05
/// 09:00[:00]`, as CSV exports write them) is read in the profile's zone.
pub(crate) fn instant(text: &str, tz: Option<Tz>) -> Result<Instant, String> {
    if let Ok(i) = Instant::parse(text) {
        return Ok(i);
    }
    // With a fraction of a second (dropped: the clocks count whole seconds), or an offset
    // written without a colon (`-0400`, as Jira writes it).
    if let Some(t) = chrono::DateTime::parse_from_rfc3339(text)
        .ok()
        .or_else(|| chrono::DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f%z").ok())
    {
        return Ok(Instant(t.timestamp()));
    }
    let local = [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|f| chrono::NaiveDateTime::parse_from_str(text, f).ok())
    .ok_or(())
    .map_err(|_| format!("`{text}` is not an instant (RFC 3339, like 2026-10-05T14:03:11Z)"))?;
    let tz = tz.ok_or_else(|| {
        format!("`{text}` has no offset: give the profile a `time_zone` to read it in")
    })?;
    use chrono::TimeZone as _;
    tz.from_local_datetime(&local)
        .earliest()
        .map(|t| Instant(t.timestamp()))
        .ok_or_else(|| format!("`{text}` does not exist in {tz} (a clock change skips it)"))
}

/// What a status means, with the profile's overrides.
fn meaning(status: &str, profile: &Profile) -> Option<StatusMeaning> {
    if let Some(m) = profile.status.get(status) {
        return Some(*m);
    }
    Some(match status {
        "new" | "open" | "hold" => StatusMeaning::Open,
        "pending" => StatusMeaning::Pause,
        "solved" => StatusMeaning::Resolved,
        "closed" => StatusMeaning::Closed,
        _ => return None,
    })
}

/// An audit's events as kept between the two passes: only what the mapping reads, so the
/// audits of a large export fit in memory while its tickets are read.
enum AuditEvent {
    /// `Create` of `status`, with the value when it is text.
    CreateStatus(Option<Box<str>>),
    /// `Create` of `priority`.
    CreatePriority(Option<Box<str>>),
    /// `Create` of another field.
    Create(Box<str>),
    /// A comment: public or not, and its author.
    Comment {
        public: bool,
        author: Option<Box<str>>,
    },
    /// `Change` of `status`: the new value (empty when it is no text) and the previous one.
    ChangeStatus {
        to: Box<str>,
        from: Option<Box<str>>,
    },
    /// `Change` of `priority`.
    ChangePriority {
        to: Option<Box<str>>,
        from: Option<Box<str>>,
    },
    /// `Change` of another field.
    Change(Box<str>),
    /// Any other event, by its type (empty when it has none).
    Other(Box<str>),
}

/// An audit, kept until its ticket is read.
struct Audit {
    at: Instant,
    id: i64,
    /// Its file (index in the files given) and index in that file's list, for errors.
    file: u32,
    index: u32,
    /// `None` when it has no list of events.
    events: Option<Vec<AuditEvent>>,
}

fn boxed(v: Option<&Value>) -> Option<Box<str>> {
    v.and_then(Value::as_str).map(Into::into)
}

impl AuditEvent {
    fn of(e: &Value) -> Self {
        let kind = e.get("type").and_then(Value::as_str).unwrap_or("");
        let field = e.get("field_name").and_then(Value::as_str).unwrap_or("");
        match (kind, field) {
            ("Create", "status") => Self::CreateStatus(boxed(e.get("value"))),
            ("Create", "priority") => Self::CreatePriority(boxed(e.get("value"))),
            ("Create", f) => Self::Create(f.into()),
            ("Comment", _) => Self::Comment {
                public: e.get("public").and_then(Value::as_bool).unwrap_or(false),
                author: e.get("author_id").and_then(text).map(Into::into),
            },
            ("Change", "status") => Self::ChangeStatus {
                to: boxed(e.get("value")).unwrap_or_default(),
                from: boxed(e.get("previous_value")),
            },
            ("Change", "priority") => Self::ChangePriority {
                to: boxed(e.get("value")),
                from: boxed(e.get("previous_value")),
            },
            ("Change", f) => Self::Change(f.into()),
            (k, _) => Self::Other(k.into()),
        }
    }
}

/// The export's audits by ticket id, each ticket's in the order they apply.
type Audits = HashMap<Box<str>, Vec<Audit>>;

/// An error of one streamed file kept with the others (every file is read, and every problem
/// reported); cancellation and other failures end the reading.
fn keep(r: Result<(), crate::AppError>, errors: &mut InputErrors) -> Result<(), crate::AppError> {
    match r {
        Err(crate::AppError::Input(e)) => {
            errors.extend(e);
            Ok(())
        }
        other => other,
    }
}

/// What a file held, checked: a key that is no list, or a file with neither key, is an error.
fn check_found(file: &ExportFile, found: &[(&str, Held)], errors: &mut InputErrors) {
    for (key, held) in found {
        if *held == Held::NotAList {
            errors.push(InputError {
                file: file.name.clone(),
                line: 0,
                column: 0,
                key: (*key).to_owned(),
                reason: "should be a list".into(),
            });
        }
    }
    if found.is_empty() {
        errors.push(InputError::whole_file(
            &file.name,
            "not a Zendesk export: it has neither `tickets` nor `audits` at the top level",
        ));
    }
}

/// The first pass: every file's audits, kept compactly by ticket; returns which files hold
/// tickets, to be read in the second pass.
fn read_audits(
    files: &[ExportFile],
    profile: &Profile,
    ctl: &Control,
    audits: &mut Audits,
    errors: &mut InputErrors,
) -> Result<Vec<usize>, crate::AppError> {
    let mut with_tickets = Vec::new();
    for (fi, f) in files.iter().enumerate() {
        let mut found = Vec::new();
        let mut each = |_: &str, i: usize, a: Value| {
            let where_ = format!("audits[{i}]");
            let Some(ticket) = a.get("ticket_id").and_then(text) else {
                errors.push(bad(
                    &f.name,
                    format!("{where_}.ticket_id"),
                    "missing".into(),
                ));
                return;
            };
            let at = match instant_at(&a, "created_at", profile.time_zone) {
                Ok(at) => at,
                Err(e) => {
                    errors.push(bad(&f.name, format!("{where_}.created_at"), e));
                    return;
                }
            };
            audits.entry(ticket.into()).or_default().push(Audit {
                at,
                id: a.get("id").and_then(Value::as_i64).unwrap_or(0),
                file: u32::try_from(fi).unwrap_or(u32::MAX),
                index: u32::try_from(i).unwrap_or(u32::MAX),
                events: a
                    .get("events")
                    .and_then(Value::as_array)
                    .map(|list| list.iter().map(AuditEvent::of).collect()),
            });
        };
        let r = stream_lists(f, ctl, &[("tickets", false), ("audits", true)], &mut each)
            .map(|x| found = x);
        keep(r, errors)?;
        if found.iter().any(|(k, _)| *k == "tickets") {
            with_tickets.push(fi);
        }
        check_found(f, &found, errors);
    }
    for list in audits.values_mut() {
        // Stable: audits at the same instant with the same id keep the files' order.
        list.sort_by_key(|a| (a.at, a.id));
    }
    Ok(with_tickets)
}

impl Source for Zendesk {
    fn kind(&self) -> SourceKind {
        SourceKind::Zendesk
    }

    fn detect(&self, files: &[ExportFile]) -> bool {
        files.iter().any(|f| match peek(f, &["tickets", "audits"]) {
            Some(("tickets", first)) => first.is_none_or(|x| x.get("via").is_some()),
            Some(_) => true,
            None => false,
        })
    }

    fn convert(
        &self,
        files: &[ExportFile],
        profile: &Profile,
        agreements: &[Agreement],
        ctl: &Control,
    ) -> Result<Converted, crate::AppError> {
        let mut errors = InputErrors::default();
        let mut out = Converted::default();
        for f in files {
            ctl.expect(f.len());
        }
        let mut audits = Audits::new();
        let with_tickets = read_audits(files, profile, ctl, &mut audits, &mut errors)?;
        // The second pass reads the tickets, each mapped as soon as it is read.
        for &fi in &with_tickets {
            ctl.expect(files[fi].len());
        }
        for &fi in &with_tickets {
            let f = &files[fi];
            let mut each = |_: &str, i: usize, t: Value| {
                let mut r = Reading {
                    files,
                    profile,
                    agreements,
                    audits: &audits,
                    out: &mut out,
                    errors: &mut errors,
                };
                r.ticket(&f.name, i, &t);
            };
            let r = stream_lists(f, ctl, &[("tickets", true), ("audits", false)], &mut each);
            keep(r.map(drop), &mut errors)?;
        }
        Ok(errors.into_result(out)?)
    }
}

/// The second pass's state: what a ticket is read against, and where its results go.
struct Reading<'a> {
    files: &'a [ExportFile],
    profile: &'a Profile,
    agreements: &'a [Agreement],
    audits: &'a Audits,
    out: &'a mut Converted,
    errors: &'a mut InputErrors,
}

impl Reading<'_> {
    /// Maps one ticket, with its audits, into the output (or a skip, or located errors).
    #[allow(clippy::too_many_lines)] // one pass over the ticket's audits, event by event
    fn ticket(&mut self, file: &str, i: usize, t: &Value) {
        let profile = self.profile;
        let Some(Placed {
            id: source_id,
            opened_at,
            agreement,
            category,
            ..
        }) = place_record(
            t,
            ("id", "created_at"),
            file,
            |id| format!("tickets[{i}] (id {id})"),
            profile,
            self.agreements,
            self.out,
            self.errors,
        )
        else {
            return;
        };
        let requester = t.get("requester_id").and_then(text);
        let mut events = Vec::new();
        let mut opening_priority: Option<Priority> = None;
        let mut first_change_previous: Option<Priority> = None;
        let mut responded = false;
        let mut status: Option<StatusMeaning> = None;
        let out = &mut *self.out;
        for a in self
            .audits
            .get(source_id.as_str())
            .map_or(&[][..], Vec::as_slice)
        {
            let at = a.at;
            let Some(list) = &a.events else {
                let afile = self
                    .files
                    .get(a.file as usize)
                    .map_or("", |f| f.name.as_str());
                let key = format!("audits[{}].events", a.index);
                self.errors.push(bad(afile, key, "missing".into()));
                continue;
            };
            for e in list {
                match e {
                    AuditEvent::CreateStatus(v) => {
                        status = v.as_deref().and_then(|s| meaning(s, profile));
                    }
                    AuditEvent::CreatePriority(v) => {
                        opening_priority = Some(priority(v.as_deref()));
                    }
                    AuditEvent::Create(f) => out.unmapped(format!("Create of {f}")),
                    AuditEvent::Comment { public, author } => {
                        let author = author.as_deref();
                        if !public {
                            out.unmapped("Comment (private)");
                        } else if author.is_some() && author == requester.as_deref() {
                            out.unmapped("Comment (public, by the requester)");
                        } else if responded {
                            out.unmapped("Comment (public, after the first response)");
                        } else {
                            responded = true;
                            events.push(SourceEvent {
                                at,
                                kind: EventKind::Responded,
                                priority: None,
                            });
                        }
                    }
                    AuditEvent::ChangeStatus { to, from } => {
                        let Some(to) = meaning(to, profile) else {
                            out.unmapped(format!(
                                "Change of status to `{to}` (a status Accord does not know)"
                            ));
                            continue;
                        };
                        let from = from.as_deref().and_then(|s| meaning(s, profile)).or(status);
                        let kinds = status_events(from, to);
                        if kinds.is_empty() {
                            out.unmapped("Change of status with no effect on the clocks");
                        }
                        for kind in kinds {
                            events.push(SourceEvent {
                                at,
                                kind,
                                priority: None,
                            });
                        }
                        status = Some(to);
                    }
                    AuditEvent::ChangePriority { to, from } => {
                        if first_change_previous.is_none() && opening_priority.is_none() {
                            first_change_previous = Some(priority(from.as_deref()));
                        }
                        events.push(SourceEvent {
                            at,
                            kind: EventKind::PriorityChanged,
                            priority: Some(priority(to.as_deref())),
                        });
                    }
                    AuditEvent::Change(f) => out.unmapped(format!("Change of {f}")),
                    AuditEvent::Other(k) => out.unmapped(if k.is_empty() {
                        "an event without a type".to_owned()
                    } else {
                        k.to_string()
                    }),
                }
            }
        }
        let csat = match at_path(t, "satisfaction_rating.score").and_then(Value::as_str) {
            Some("good") => Some(5),
            Some("bad") => Some(1),
            _ => None,
        };
        out.tickets.push(SourceTicket {
            id: format!("{}{source_id}", profile.ticket_prefix),
            agreement_id: agreement.id.clone(),
            opened_at,
            priority: opening_priority
                .or(first_change_previous)
                .unwrap_or_else(|| priority(t.get("priority").and_then(Value::as_str))),
            channel: channel(at_path(t, "via.channel")),
            category,
            customer: String::new(),
            subject: t
                .get("subject")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned(),
            csat,
            events,
        });
    }
}
