//! ServiceNow (`imports.md`, "The others"): the `incident` list exported as CSV (field names as
//! headers, display values, instants without an offset in the exporting user's zone — the
//! profile's `time_zone`) and its `sys_audit` rows exported as CSV (`documentkey`, `fieldname`,
//! `oldvalue`, `newvalue`, `sys_created_on`) for `state`, `hold_reason` and `priority`. The
//! defaults, documented with the fixtures (`tests/fixtures/servicenow/README.md`):
//!
//! | `state` | `hold_reason` | meaning |
//! |---|---|---|
//! | 1 New, 2 In Progress | – | the provider's time |
//! | 3 On Hold | 1 Awaiting Caller | waiting on the customer (pauses) |
//! | 3 On Hold | any other, or none | the provider's time |
//! | 6 Resolved | – | resolved |
//! | 7 Closed, 8 Canceled | – | closed |
//! | anything else | – | unknown: no event, counted; the clock stays as it was |
//!
//! A profile's `[status]` is looked up by `"3:<hold_reason>"`, then by `"<state>"`. Changes of
//! meaning give events as Zendesk's do. The first response is the first state change into the
//! provider's time or a pause while the incident has never left New (an incident opened past
//! New has none: nothing records a reply). Rows apply in `sys_created_on` order, and within
//! one instant `state`, then `hold_reason`, then `priority`, then file order. A ticket opens at
//! the first `priority` row's `oldvalue` (else the incident's priority): the leading number,
//! 1–4 p1–p4, 5 p4, else p3; each `priority` row is a `priority_changed`. Channel from
//! `contact_type`: Phone phone, Email email, Chat and Virtual agent live chat, else help desk.

use std::collections::HashMap;

use accord_core::model::{Channel, EventKind, Priority};
use accord_core::{Agreement, InputError, InputErrors, Instant};

use super::generic::{Sheet, read_sheet};
use super::zendesk::instant;
use super::{Converted, ReadWhole, SourceEvent, SourceTicket, Unplaceable, place, status_events};
use crate::import::InputFile;
use crate::profiles::{Match, Profile, SourceKind, StatusMeaning};

/// The ServiceNow source.
#[derive(Clone, Copy, Debug, Default)]
pub struct ServiceNow;

/// A state as sys_audit stores it, from a value or its label.
fn state_value(s: &str) -> String {
    match s.trim().to_lowercase().as_str() {
        "new" => "1".into(),
        "in progress" => "2".into(),
        "on hold" => "3".into(),
        "resolved" => "6".into(),
        "closed" => "7".into(),
        "canceled" | "cancelled" => "8".into(),
        other => other.to_owned(),
    }
}

/// A hold reason as sys_audit stores it, from a value or its label.
fn hold_value(s: &str) -> String {
    match s.trim().to_lowercase().as_str() {
        "awaiting caller" => "1".into(),
        "awaiting problem" => "3".into(),
        "awaiting vendor" => "4".into(),
        "awaiting change" => "5".into(),
        other => other.to_owned(),
    }
}

fn meaning(state: &str, hold: &str, profile: &Profile) -> Option<StatusMeaning> {
    if state == "3"
        && let Some(m) = profile.status.get(&format!("3:{hold}"))
    {
        return Some(*m);
    }
    if let Some(m) = profile.status.get(state) {
        return Some(*m);
    }
    Some(match state {
        "1" | "2" => StatusMeaning::Open,
        "3" if hold == "1" => StatusMeaning::Pause,
        "3" => StatusMeaning::Open,
        "6" => StatusMeaning::Resolved,
        "7" | "8" => StatusMeaning::Closed,
        _ => return None,
    })
}

/// The leading number of a priority value or label (`3`, `3 - Moderate`).
fn priority(s: &str) -> Priority {
    match s.trim().chars().next() {
        Some('1') => Priority::P1,
        Some('2') => Priority::P2,
        Some('4' | '5') => Priority::P4,
        _ => Priority::P3,
    }
}

fn channel(s: &str) -> Channel {
    match s.trim().to_lowercase().as_str() {
        "phone" => Channel::Phone,
        "email" => Channel::Email,
        "chat" | "virtual agent" | "virtual_agent" => Channel::LiveChat,
        _ => Channel::HelpDesk,
    }
}

/// A sys_audit row of an incident, ready to apply.
struct Row {
    at: Instant,
    order: u8,
    index: usize,
    field: String,
    old: String,
    new: String,
}

impl ReadWhole for ServiceNow {
    fn source_kind(&self) -> SourceKind {
        SourceKind::Servicenow
    }

    fn detect_whole(&self, files: &[InputFile]) -> bool {
        files.iter().any(|f| {
            let head: String = String::from_utf8_lossy(&f.bytes[..f.bytes.len().min(400)])
                .lines()
                .next()
                .unwrap_or("")
                .to_owned();
            head.contains("documentkey") || (head.contains("number") && head.contains("sys_id"))
        })
    }

    #[allow(clippy::too_many_lines)] // one pass over the incidents, applying each one's rows
    fn convert_whole(
        &self,
        files: &[InputFile],
        profile: &Profile,
        agreements: &[Agreement],
    ) -> Result<Converted, InputErrors> {
        let mut errors = InputErrors::default();
        let mut incidents: Option<Sheet<'_>> = None;
        let mut audit: Option<Sheet<'_>> = None;
        for f in files {
            let Some(sheet) = read_sheet(f, &mut errors) else {
                continue;
            };
            if sheet.has("documentkey") && sheet.has("fieldname") {
                audit = Some(sheet);
            } else if sheet.has("number") && sheet.has("sys_id") && sheet.has("opened_at") {
                incidents = Some(sheet);
            } else {
                errors.push(InputError::whole_file(
                    &f.name,
                    "neither an incident list (number, sys_id, opened_at) nor a sys_audit export (documentkey, fieldname)",
                ));
            }
        }
        let Some(incidents) = incidents else {
            errors.push(InputError::whole_file(
                "import",
                "no incident list: export the incident list as CSV",
            ));
            return Err(errors);
        };
        let mut rows: HashMap<String, Vec<Row>> = HashMap::new();
        if let Some(a) = &audit {
            for (index, (line, r)) in a.rows.iter().enumerate() {
                let cell = |c: &str| a.cell(r, c).unwrap_or("").to_owned();
                if a.has("tablename") && cell("tablename") != "incident" {
                    continue;
                }
                let at = match instant(cell("sys_created_on").trim(), profile.time_zone) {
                    Ok(at) => at,
                    Err(e) => {
                        errors.push(a.error(*line, "sys_created_on", e));
                        continue;
                    }
                };
                let field = cell("fieldname");
                let order = match field.as_str() {
                    "state" => 0,
                    "hold_reason" => 1,
                    "priority" => 2,
                    _ => 3,
                };
                rows.entry(cell("documentkey")).or_default().push(Row {
                    at,
                    order,
                    index,
                    field,
                    old: cell("oldvalue"),
                    new: cell("newvalue"),
                });
            }
        }
        for list in rows.values_mut() {
            list.sort_by_key(|r| (r.at, r.order, r.index));
        }
        let mut out = Converted::default();
        for (line, r) in &incidents.rows {
            out.read += 1;
            let cell = |c: &str| incidents.cell(r, c).unwrap_or("").trim().to_owned();
            let number = cell("number");
            let opened_at = match instant(&cell("opened_at"), profile.time_zone) {
                Ok(at) => at,
                Err(e) => {
                    errors.push(incidents.error(*line, "opened_at", e));
                    continue;
                }
            };
            let placed = profile.rules.iter().find(|rule| {
                let v = cell(&rule.field);
                match &rule.matches {
                    Match::Equals(x) => v == *x,
                    Match::Contains(x) => v.contains(x.as_str()),
                }
            });
            let Some(rule) = placed else {
                out.skip("no rule of the profile places it");
                continue;
            };
            let field = &profile.category.field;
            let raw = cell(field);
            let (agreement, category) =
                match place(profile, agreements, rule, Some(&raw), opened_at) {
                    Ok(p) => p,
                    Err(Unplaceable::Agreement(why)) => {
                        errors.push(incidents.error(*line, &rule.field, why));
                        continue;
                    }
                    Err(Unplaceable::Category(why)) => {
                        errors.push(incidents.error(*line, field, why));
                        continue;
                    }
                };
            let list = rows.get(&cell("sys_id")).map_or(&[][..], Vec::as_slice);
            let first = |f: &str| list.iter().find(|r| r.field == f).map(|r| r.old.clone());
            let opening_priority =
                first("priority").map_or_else(|| priority(&cell("priority")), |v| priority(&v));
            let mut state = first("state").unwrap_or_else(|| state_value(&cell("state")));
            let mut hold = first("hold_reason").unwrap_or_else(|| hold_value(&cell("hold_reason")));
            let mut known = meaning(&state, &hold, profile).unwrap_or(StatusMeaning::Open);
            let mut never_left_new = state == "1";
            let mut events = Vec::new();
            for row in list {
                match row.field.as_str() {
                    "state" | "hold_reason" => {
                        let is_state = row.field == "state";
                        if is_state {
                            state = row.new.clone();
                        } else {
                            hold = row.new.clone();
                        }
                        let Some(to) = meaning(&state, &hold, profile) else {
                            out.unmapped(format!(
                                "{} change to a value Accord does not know",
                                row.field
                            ));
                            if is_state && state != "1" {
                                never_left_new = false;
                            }
                            continue;
                        };
                        let mut responded = false;
                        if is_state && never_left_new && state != "1" {
                            never_left_new = false;
                            if matches!(
                                to,
                                StatusMeaning::Open | StatusMeaning::Pause | StatusMeaning::New
                            ) {
                                responded = true;
                                events.push(SourceEvent {
                                    at: row.at,
                                    kind: EventKind::Responded,
                                    priority: None,
                                });
                            }
                        }
                        let kinds = status_events(Some(known), to);
                        if kinds.is_empty() && !responded {
                            out.unmapped(format!(
                                "{} change with no effect on the clocks",
                                row.field
                            ));
                        }
                        for kind in kinds {
                            events.push(SourceEvent {
                                at: row.at,
                                kind,
                                priority: None,
                            });
                        }
                        known = to;
                    }
                    "priority" => events.push(SourceEvent {
                        at: row.at,
                        kind: EventKind::PriorityChanged,
                        priority: Some(priority(&row.new)),
                    }),
                    other => out.unmapped(format!("{other} change")),
                }
            }
            out.tickets.push(SourceTicket {
                id: format!("{}{number}", profile.ticket_prefix),
                agreement_id: agreement.id.clone(),
                opened_at,
                priority: opening_priority,
                channel: channel(&cell("contact_type")),
                category,
                customer: String::new(),
                subject: cell("short_description"),
                csat: None,
                events,
            });
        }
        errors.into_result(out)
    }
}
