//! Freshdesk: tickets as `/api/v2/tickets?include=stats` returns them (a JSON array, or an
//! object holding one) and the ticket-activities export (`{"activities_data": [...]}`). The
//! defaults, documented with the fixtures (`tests/fixtures/freshdesk/README.md`):
//!
//! | status (any case) | meaning |
//! |---|---|
//! | Open | the provider's time |
//! | Pending | waiting on the customer (pauses; Freshdesk's own SLA timer stops too) |
//! | Resolved | resolved |
//! | Closed | closed |
//! | any custom status | unknown unless the profile's `[status]` maps it: no event, counted |
//!
//! The first response is at `stats.first_responded_at` (none when null). A ticket's creation
//! record (its activity at `created_at`) gives its opening status and priority, no event.
//! Activities apply in `performed_at` order (day first: `05-10-2026 14:03:11 +0000`; ties: file
//! order), `status` before `priority` within one; every other key is counted by name. A
//! `responded` comes before the activity events of the same second. Priority 4 p1, 3 p2, 2 p3,
//! 1 p4; source 1 and 10 email, 3 phone, 7 live chat, else help desk.

use std::collections::HashMap;

use accord_core::model::{Channel, EventKind, Priority};
use accord_core::{Agreement, InputError, InputErrors, Instant};
use serde_json::Value;

use super::parse_json;
use super::zendesk::{at_path, instant, text};
use super::{Converted, ReadWhole, SourceEvent, SourceTicket, bad, status_events};
use super::{Placed, place_record};
use crate::import::InputFile;
use crate::profiles::{Profile, SourceKind, StatusMeaning};

/// The Freshdesk source.
#[derive(Clone, Copy, Debug, Default)]
pub struct Freshdesk;

fn meaning(status: &str, profile: &Profile) -> Option<StatusMeaning> {
    if let Some(m) = profile.status_named(status) {
        return Some(m);
    }
    let s = status.trim();
    Some(match s.to_lowercase().as_str() {
        "open" => StatusMeaning::Open,
        "pending" => StatusMeaning::Pause,
        "resolved" => StatusMeaning::Resolved,
        "closed" => StatusMeaning::Closed,
        _ => return None,
    })
}

fn priority(v: Option<&Value>) -> Priority {
    match v.and_then(Value::as_i64) {
        Some(4) => Priority::P1,
        Some(3) => Priority::P2,
        Some(1) => Priority::P4,
        _ => Priority::P3,
    }
}

fn channel(v: Option<&Value>) -> Channel {
    match v.and_then(Value::as_i64) {
        Some(1 | 10) => Channel::Email,
        Some(3) => Channel::Phone,
        Some(7) => Channel::LiveChat,
        _ => Channel::HelpDesk,
    }
}

/// An activity's instant: day first with an offset (`05-10-2026 14:03:11 +0000`), or RFC 3339.
fn performed_at(text: &str, profile: &Profile) -> Result<Instant, String> {
    chrono::DateTime::parse_from_str(text, "%d-%m-%Y %H:%M:%S %z")
        .map(|t| Instant(t.timestamp()))
        .or_else(|_| instant(text, profile.time_zone))
}

fn tickets_of(v: &Value) -> Option<&Vec<Value>> {
    v.as_array()
        .or_else(|| v.get("tickets").and_then(Value::as_array))
}

impl ReadWhole for Freshdesk {
    fn source_kind(&self) -> SourceKind {
        SourceKind::Freshdesk
    }

    fn detect_whole(&self, files: &[InputFile]) -> bool {
        files.iter().any(|f| {
            serde_json::from_slice::<Value>(&f.bytes).is_ok_and(|v| {
                v.get("activities_data").is_some()
                    || tickets_of(&v).and_then(|t| t.first()).is_some_and(|t| {
                        t.get("fr_due_by").is_some()
                            || t.get("requester_id").is_some()
                                && t.get("source").is_some_and(Value::is_number)
                    })
            })
        })
    }

    #[allow(clippy::too_many_lines)] // one pass over each ticket's activities
    fn convert_whole(
        &self,
        files: &[InputFile],
        profile: &Profile,
        agreements: &[Agreement],
    ) -> Result<Converted, InputErrors> {
        let mut errors = InputErrors::default();
        let mut out = Converted::default();
        let mut parsed = Vec::new();
        for f in files {
            match parse_json(f) {
                Ok(v) => parsed.push((f.name.as_str(), v)),
                Err(e) => errors.push(e),
            }
        }
        // Activities by ticket, in the order they apply.
        let mut activities: HashMap<String, Vec<(Instant, usize, &Value)>> = HashMap::new();
        let mut ticket_files = Vec::new();
        for (name, v) in &parsed {
            if let Some(list) = v.get("activities_data").and_then(Value::as_array) {
                for (k, a) in list.iter().enumerate() {
                    let Some(id) = a.get("ticket_id").and_then(text) else {
                        errors.push(bad(
                            name,
                            format!("activities_data[{k}].ticket_id"),
                            "missing".into(),
                        ));
                        continue;
                    };
                    match a
                        .get("performed_at")
                        .and_then(Value::as_str)
                        .map(|s| performed_at(s, profile))
                    {
                        Some(Ok(at)) => activities.entry(id).or_default().push((at, k, a)),
                        Some(Err(e)) => {
                            errors.push(bad(name, format!("activities_data[{k}].performed_at"), e));
                        }
                        None => errors.push(bad(
                            name,
                            format!("activities_data[{k}].performed_at"),
                            "missing".into(),
                        )),
                    }
                }
            } else if let Some(list) = tickets_of(v) {
                ticket_files.push((*name, list));
            } else {
                errors.push(InputError::whole_file(
                    name,
                    "neither Freshdesk tickets nor a ticket-activities export (activities_data)",
                ));
            }
        }
        for list in activities.values_mut() {
            list.sort_by_key(|a| (a.0, a.1));
        }
        for (name, list) in ticket_files {
            for (i, t) in list.iter().enumerate() {
                let Some(Placed {
                    id,
                    opened_at,
                    agreement,
                    category,
                    ..
                }) = place_record(
                    t,
                    ("id", "created_at"),
                    name,
                    |id| format!("[{i}] (id {id})"),
                    profile,
                    agreements,
                    &mut out,
                    &mut errors,
                )
                else {
                    continue;
                };
                let acts = activities.get(&id).map_or(&[][..], Vec::as_slice);
                let creation = acts.iter().find(|a| a.0 == opened_at).map(|a| a.1);
                let mut opening_priority = priority(t.get("priority"));
                let mut known = StatusMeaning::Open;
                let mut events = Vec::new();
                if let Some(Ok(r)) = at_path(t, "stats.first_responded_at")
                    .and_then(Value::as_str)
                    .map(|s| instant(s, profile.time_zone))
                {
                    events.push(SourceEvent {
                        at: r,
                        kind: EventKind::Responded,
                        priority: None,
                    });
                }
                for &(when, k, a) in acts {
                    let Some(activity) = a.get("activity").and_then(Value::as_object) else {
                        continue;
                    };
                    if Some(k) == creation {
                        for (key, value) in activity {
                            match key.as_str() {
                                "status" => {
                                    known = value
                                        .as_str()
                                        .and_then(|s| meaning(s, profile))
                                        .unwrap_or(StatusMeaning::Open);
                                }
                                "priority" => opening_priority = priority(Some(value)),
                                other => out.unmapped(other.to_owned()),
                            }
                        }
                        continue;
                    }
                    if let Some(s) = activity.get("status").and_then(Value::as_str) {
                        match meaning(s, profile) {
                            None => out.unmapped("status to a status Accord does not know"),
                            Some(to) => {
                                let kinds = status_events(Some(known), to);
                                if kinds.is_empty() {
                                    out.unmapped("status with no effect on the clocks");
                                }
                                for kind in kinds {
                                    events.push(SourceEvent {
                                        at: when,
                                        kind,
                                        priority: None,
                                    });
                                }
                                known = to;
                            }
                        }
                    }
                    if let Some(p) = activity.get("priority") {
                        events.push(SourceEvent {
                            at: when,
                            kind: EventKind::PriorityChanged,
                            priority: Some(priority(Some(p))),
                        });
                    }
                    for key in activity
                        .keys()
                        .filter(|k| *k != "status" && *k != "priority")
                    {
                        out.unmapped(key.clone());
                    }
                }
                // In time order; at one instant the first response comes first (it was pushed
                // first, and the sort keeps that order).
                events.sort_by_key(|e| e.at);
                out.tickets.push(SourceTicket {
                    id: format!("{}{id}", profile.ticket_prefix),
                    agreement_id: agreement.id.clone(),
                    opened_at,
                    priority: opening_priority,
                    channel: channel(t.get("source")),
                    category,
                    customer: String::new(),
                    subject: t
                        .get("subject")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_owned(),
                    csat: None,
                    events,
                });
            }
        }
        errors.into_result(out)
    }
}
