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

use super::parse_json;
use super::{Converted, Source, SourceEvent, SourceTicket, bad, instant_at, status_events};
use super::{Placed, place_record};
use crate::import::InputFile;
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
fn priority(v: Option<&Value>) -> Priority {
    match v.and_then(Value::as_str) {
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

/// One file's records: tickets or audits, each with where it was.
struct Records<'f> {
    tickets: Vec<(&'f str, usize, Value)>,
    audits: Vec<(&'f str, usize, Value)>,
}

fn records<'f>(files: &'f [InputFile], errors: &mut InputErrors) -> Records<'f> {
    let mut out = Records {
        tickets: Vec::new(),
        audits: Vec::new(),
    };
    for f in files {
        let v = match parse_json(f) {
            Ok(v) => v,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let mut found = false;
        for (key, into) in [("tickets", &mut out.tickets), ("audits", &mut out.audits)] {
            if let Some(list) = v.get(key) {
                found = true;
                match list {
                    Value::Array(items) => {
                        into.extend(
                            items
                                .iter()
                                .cloned()
                                .enumerate()
                                .map(|(i, x)| (f.name.as_str(), i, x)),
                        );
                    }
                    _ => errors.push(InputError {
                        file: f.name.clone(),
                        line: 0,
                        column: 0,
                        key: key.to_owned(),
                        reason: "should be a list".into(),
                    }),
                }
            }
        }
        if !found {
            errors.push(InputError::whole_file(
                &f.name,
                "not a Zendesk export: it has neither `tickets` nor `audits` at the top level",
            ));
        }
    }
    out
}

impl Source for Zendesk {
    fn kind(&self) -> SourceKind {
        SourceKind::Zendesk
    }

    fn detect(&self, files: &[InputFile]) -> bool {
        files.iter().any(|f| {
            serde_json::from_slice::<Value>(&f.bytes).is_ok_and(|v| {
                v.get("tickets")
                    .and_then(Value::as_array)
                    .is_some_and(|t| t.first().is_none_or(|x| x.get("via").is_some()))
                    || v.get("audits").is_some()
            })
        })
    }

    fn convert(
        &self,
        files: &[InputFile],
        profile: &Profile,
        agreements: &[Agreement],
    ) -> Result<Converted, InputErrors> {
        let mut errors = InputErrors::default();
        let recs = records(files, &mut errors);
        let mut out = Converted::default();
        // Audits by ticket, in the order they apply.
        let mut audits: HashMap<String, Vec<(Instant, i64, usize)>> = HashMap::new();
        for (k, (file, i, a)) in recs.audits.iter().enumerate() {
            let where_ = format!("audits[{i}]");
            let Some(ticket) = a.get("ticket_id").and_then(text) else {
                errors.push(bad(file, format!("{where_}.ticket_id"), "missing".into()));
                continue;
            };
            let at = match instant_at(a, "created_at", profile.time_zone) {
                Ok(at) => at,
                Err(e) => {
                    errors.push(bad(file, format!("{where_}.created_at"), e));
                    continue;
                }
            };
            let id = a.get("id").and_then(Value::as_i64).unwrap_or(0);
            audits.entry(ticket).or_default().push((at, id, k));
        }
        for list in audits.values_mut() {
            list.sort_by_key(|&(at, id, _)| (at, id));
        }
        for (file, i, t) in &recs.tickets {
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
                agreements,
                &mut out,
                &mut errors,
            )
            else {
                continue;
            };
            let requester = t.get("requester_id").and_then(text);
            let mut events = Vec::new();
            let mut opening_priority: Option<Priority> = None;
            let mut first_change_previous: Option<Priority> = None;
            let mut responded = false;
            let mut status: Option<StatusMeaning> = None;
            for &(at, _, k) in audits.get(&source_id).map_or(&[][..], Vec::as_slice) {
                let (afile, ai, a) = &recs.audits[k];
                let Some(list) = a.get("events").and_then(Value::as_array) else {
                    errors.push(bad(afile, format!("audits[{ai}].events"), "missing".into()));
                    continue;
                };
                for e in list {
                    let kind = e.get("type").and_then(Value::as_str).unwrap_or("");
                    let field = e.get("field_name").and_then(Value::as_str).unwrap_or("");
                    match (kind, field) {
                        ("Create", "status") => {
                            status = e
                                .get("value")
                                .and_then(Value::as_str)
                                .and_then(|s| meaning(s, profile));
                        }
                        ("Create", "priority") => opening_priority = Some(priority(e.get("value"))),
                        ("Create", f) => out.unmapped(format!("Create of {f}")),
                        ("Comment", _) => {
                            let public = e.get("public").and_then(Value::as_bool).unwrap_or(false);
                            let author = e.get("author_id").and_then(text);
                            if !public {
                                out.unmapped("Comment (private)");
                            } else if author.is_some() && author == requester {
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
                        ("Change", "status") => {
                            let to = e.get("value").and_then(Value::as_str).unwrap_or("");
                            let Some(to) = meaning(to, profile) else {
                                out.unmapped(format!(
                                    "Change of status to `{to}` (a status Accord does not know)"
                                ));
                                continue;
                            };
                            let from = e
                                .get("previous_value")
                                .and_then(Value::as_str)
                                .and_then(|s| meaning(s, profile))
                                .or(status);
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
                        ("Change", "priority") => {
                            let p = priority(e.get("value"));
                            if first_change_previous.is_none() && opening_priority.is_none() {
                                first_change_previous = Some(priority(e.get("previous_value")));
                            }
                            events.push(SourceEvent {
                                at,
                                kind: EventKind::PriorityChanged,
                                priority: Some(p),
                            });
                        }
                        ("Change", f) => out.unmapped(format!("Change of {f}")),
                        (k, _) => out.unmapped(if k.is_empty() {
                            "an event without a type".to_owned()
                        } else {
                            k.to_owned()
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
                    .unwrap_or_else(|| priority(t.get("priority"))),
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
        errors.into_result(out)
    }
}
