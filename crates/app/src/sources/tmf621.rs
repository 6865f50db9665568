//! TMF621 Trouble Ticket (TM Forum's Open API, telecom's own interface): `TroubleTicket`
//! resources as a list response returns them (a JSON array, or an object holding one). The
//! defaults, documented with the fixtures (`tests/fixtures/tmf621/README.md`):
//!
//! | status | meaning |
//! |---|---|
//! | `acknowledged`, `inProgress`, `held` | the provider's time (`held`: held by the handler) |
//! | `pending` | waiting on the customer (pauses) |
//! | `resolved` | resolved |
//! | `closed`, `cancelled`, `rejected` | closed |
//! | anything else | unknown: no event, counted; the clock stays as it was |
//!
//! `statusChange[]` applies in `changeDate` order (ties: array order); before its first entry
//! a ticket is `acknowledged`. The first response is the first change out of `acknowledged`
//! into the provider's time or a pause. The resource keeps no priority history: a ticket opens
//! at its `priority` (Critical p1, High p2, Medium p3, Low p4, else p3) and has no
//! `priority_changed`. Channel by `channel.name`: Phone/Telephone phone, Email/E-mail email,
//! Chat/Live chat/Web chat live chat, else help desk. `subject` is `name`. A rule's dotted path
//! goes through arrays (`relatedParty.id` is every party's id).

use accord_core::model::{Channel, EventKind, Priority};
use accord_core::{Agreement, InputError, InputErrors, Instant};
use serde_json::Value;

use super::parse_json;
use super::zendesk::instant;
use super::{Converted, ReadWhole, SourceEvent, SourceTicket, bad, status_events};
use super::{Placed, place_record};
use crate::import::InputFile;
use crate::profiles::{Profile, SourceKind, StatusMeaning};

/// The TMF621 source.
#[derive(Clone, Copy, Debug, Default)]
pub struct Tmf621;

fn meaning(status: &str, profile: &Profile) -> Option<StatusMeaning> {
    if let Some(m) = profile.status.get(status) {
        return Some(*m);
    }
    Some(match status.to_lowercase().as_str() {
        "acknowledged" | "inprogress" | "held" => StatusMeaning::Open,
        "pending" => StatusMeaning::Pause,
        "resolved" => StatusMeaning::Resolved,
        "closed" | "cancelled" | "rejected" => StatusMeaning::Closed,
        _ => return None,
    })
}

fn priority(v: Option<&Value>) -> Priority {
    match v.and_then(Value::as_str).map(str::to_lowercase).as_deref() {
        Some("critical") => Priority::P1,
        Some("high") => Priority::P2,
        Some("low") => Priority::P4,
        _ => Priority::P3,
    }
}

fn channel(v: Option<&Value>) -> Channel {
    match v.and_then(Value::as_str).map(str::to_lowercase).as_deref() {
        Some("phone" | "telephone") => Channel::Phone,
        Some("email" | "e-mail") => Channel::Email,
        Some("chat" | "live chat" | "web chat") => Channel::LiveChat,
        _ => Channel::HelpDesk,
    }
}

/// The trouble tickets of a file: a JSON array, or an object holding one.
fn resources(v: &Value) -> Option<&Vec<Value>> {
    v.as_array().or_else(|| {
        v.as_object()?.values().find_map(|x| {
            x.as_array().filter(|a| {
                a.iter()
                    .any(|t| t.get("statusChange").is_some() || t.get("creationDate").is_some())
            })
        })
    })
}

impl ReadWhole for Tmf621 {
    fn source_kind(&self) -> SourceKind {
        SourceKind::Tmf621
    }

    fn detect_whole(&self, files: &[InputFile]) -> bool {
        files.iter().any(|f| {
            serde_json::from_slice::<Value>(&f.bytes).is_ok_and(|v| {
                resources(&v)
                    .is_some_and(|r| r.first().is_some_and(|t| t.get("creationDate").is_some()))
            })
        })
    }

    fn convert_whole(
        &self,
        files: &[InputFile],
        profile: &Profile,
        agreements: &[Agreement],
    ) -> Result<Converted, InputErrors> {
        let mut errors = InputErrors::default();
        let mut out = Converted::default();
        for f in files {
            let v = match parse_json(f) {
                Ok(v) => v,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            let Some(list) = resources(&v) else {
                errors.push(InputError::whole_file(
                    &f.name,
                    "not a list of TMF621 TroubleTicket resources",
                ));
                continue;
            };
            for (i, t) in list.iter().enumerate() {
                let Some(Placed {
                    id,
                    at,
                    opened_at,
                    agreement,
                    category,
                }) = place_record(
                    t,
                    ("id", "creationDate"),
                    &f.name,
                    |id| format!("[{i}] (id {id})"),
                    profile,
                    agreements,
                    &mut out,
                    &mut errors,
                )
                else {
                    continue;
                };
                let mut changes: Vec<(Instant, usize, String)> = Vec::new();
                for (k, ch) in t
                    .get("statusChange")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .enumerate()
                {
                    let status = ch
                        .get("status")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_owned();
                    match ch
                        .get("changeDate")
                        .and_then(Value::as_str)
                        .map(|s| instant(s, profile.time_zone))
                    {
                        Some(Ok(x)) => changes.push((x, k, status)),
                        Some(Err(e)) => errors.push(bad(
                            &f.name,
                            format!("{at}.statusChange[{k}].changeDate"),
                            e,
                        )),
                        None => errors.push(bad(
                            &f.name,
                            format!("{at}.statusChange[{k}].changeDate"),
                            "missing".into(),
                        )),
                    }
                }
                changes.sort_by_key(|c| (c.0, c.1));
                let mut status = "acknowledged".to_owned();
                let mut known = StatusMeaning::Open;
                let mut events = Vec::new();
                for (when, _, to_status) in changes {
                    if to_status.eq_ignore_ascii_case(&status) {
                        continue;
                    }
                    let Some(to) = meaning(&to_status, profile) else {
                        out.unmapped(format!(
                            "status change to `{to_status}` (a status Accord does not know)"
                        ));
                        continue;
                    };
                    let mut responded = false;
                    if status.eq_ignore_ascii_case("acknowledged")
                        && matches!(
                            to,
                            StatusMeaning::Open | StatusMeaning::Pause | StatusMeaning::New
                        )
                    {
                        responded = true;
                        events.push(SourceEvent {
                            at: when,
                            kind: EventKind::Responded,
                            priority: None,
                        });
                    }
                    let kinds = status_events(Some(known), to);
                    if kinds.is_empty() && !responded {
                        out.unmapped("status change with no effect on the clocks");
                    }
                    for kind in kinds {
                        events.push(SourceEvent {
                            at: when,
                            kind,
                            priority: None,
                        });
                    }
                    status = to_status;
                    known = to;
                }
                // Notes are free text with no visibility: not responses.
                for _ in t
                    .get("note")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    out.unmapped("note");
                }
                out.tickets.push(SourceTicket {
                    id: format!("{}{id}", profile.ticket_prefix),
                    agreement_id: agreement.id.clone(),
                    opened_at,
                    priority: priority(t.get("priority")),
                    channel: channel(t.get("channel").and_then(|c| c.get("name"))),
                    category,
                    customer: String::new(),
                    subject: t
                        .get("name")
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
