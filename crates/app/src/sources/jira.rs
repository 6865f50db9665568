//! Jira Service Management: issues with their changelogs as the REST API returns them
//! (`/rest/api/3/issue/{key}?expand=changelog`, or a search result `{"issues": [...]}` with
//! `expand=changelog`). Status names are per workflow, so a profile's `[status]` maps a site's
//! own; the defaults are for JSM's stock service-desk workflows, documented with the fixtures
//! (`tests/fixtures/jira/README.md`):
//!
//! | status (any case) | meaning |
//! |---|---|
//! | Open, Reopened, Waiting for support, In Progress, Work in progress, Escalated, Pending | the provider's time (JSM's Pending is work held for an approval, a change or a vendor) |
//! | Waiting for customer | waiting on the customer (pauses) |
//! | Resolved, Done, Completed | resolved |
//! | Closed, Canceled, Cancelled, Declined | closed |
//! | anything else | unknown: no event, counted; the clock stays as it was |
//!
//! The first response is the first comment with `jsdPublic: true` whose author is not the
//! reporter. Histories apply in `created` order (ties: history id), items in their order;
//! comments interleave by instant, a comment first at the same second. A ticket opens at the
//! first `priority` item's `fromString` (else `fields.priority`): Highest p1, High p2, Medium p3,
//! Low and Lowest p4; each `priority` item is a `priority_changed`. Channel: the issue property
//! `request.channel.type` `email` is email, anything else help desk. An issue whose changelog
//! or comments are not all in the export (`total` beyond what is given) is refused, located.

use accord_core::model::{Channel, EventKind, Priority};
use accord_core::{Agreement, InputError, InputErrors, Instant};
use serde_json::Value;

use super::zendesk::{at_path, instant, text};
use super::{Converted, ReadWhole, SourceEvent, SourceTicket, bad, parse_json, status_events};
use super::{Placed, place_record};
use crate::import::InputFile;
use crate::profiles::{Profile, SourceKind, StatusMeaning};

/// The Jira Service Management source.
#[derive(Clone, Copy, Debug, Default)]
pub struct Jira;

fn meaning(status: &str, profile: &Profile) -> Option<StatusMeaning> {
    if let Some(m) = profile.status_named(status) {
        return Some(m);
    }
    let s = status.trim();
    Some(match s.to_lowercase().as_str() {
        "open"
        | "reopened"
        | "waiting for support"
        | "in progress"
        | "work in progress"
        | "escalated"
        | "pending" => StatusMeaning::Open,
        "waiting for customer" => StatusMeaning::Pause,
        "resolved" | "done" | "completed" => StatusMeaning::Resolved,
        "closed" | "canceled" | "cancelled" | "declined" => StatusMeaning::Closed,
        _ => return None,
    })
}

fn priority(name: Option<&str>) -> Priority {
    match name.map(|n| n.trim().to_lowercase()).as_deref() {
        Some("highest") => Priority::P1,
        Some("high") => Priority::P2,
        Some("low" | "lowest") => Priority::P4,
        _ => Priority::P3,
    }
}

/// The issues of a file: a search result, or one issue.
fn issues(v: &Value) -> Vec<&Value> {
    match v.get("issues").and_then(Value::as_array) {
        Some(list) => list.iter().collect(),
        None if v.get("key").is_some() && v.get("fields").is_some() => vec![v],
        None => Vec::new(),
    }
}

/// One record of an issue's life, in the order it applies.
enum Step<'v> {
    Comment(&'v Value),
    Item(&'v Value),
}

impl ReadWhole for Jira {
    fn source_kind(&self) -> SourceKind {
        SourceKind::Jira
    }

    fn detect_whole(&self, files: &[InputFile]) -> bool {
        files.iter().any(|f| {
            serde_json::from_slice::<Value>(&f.bytes).is_ok_and(|v| {
                issues(&v)
                    .first()
                    .is_some_and(|i| i.get("key").is_some() && i.get("fields").is_some())
            })
        })
    }

    #[allow(clippy::too_many_lines)] // one pass over each issue's comments and histories
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
            let list = issues(&v);
            if list.is_empty() {
                errors.push(InputError::whole_file(
                    &f.name,
                    "not Jira issues: neither `issues` nor an issue with `key` and `fields`",
                ));
                continue;
            }
            for (i, issue) in list.into_iter().enumerate() {
                let Some(Placed {
                    id: key,
                    at,
                    opened_at,
                    agreement,
                    category,
                }) = place_record(
                    issue,
                    ("key", "fields.created"),
                    &f.name,
                    |key| format!("issues[{i}] ({key})"),
                    profile,
                    agreements,
                    &mut out,
                    &mut errors,
                )
                else {
                    continue;
                };
                let fields = issue.get("fields").unwrap_or(&Value::Null);
                let histories = at_path(issue, "changelog.histories").and_then(Value::as_array);
                let comments = at_path(fields, "comment.comments").and_then(Value::as_array);
                let incomplete = |total: Option<&Value>, given: usize| {
                    total
                        .and_then(Value::as_u64)
                        .is_some_and(|t| t > given as u64)
                };
                if incomplete(
                    at_path(issue, "changelog.total"),
                    histories.map_or(0, Vec::len),
                ) || incomplete(
                    at_path(fields, "comment.total"),
                    comments.map_or(0, Vec::len),
                ) {
                    errors.push(bad(&f.name, at.clone(), "its changelog or comments are not all in the export (`total` is more than given): export them whole (page /changelog and /comment)".into()));
                    continue;
                }
                // Every comment and change item with its instant and order.
                let mut steps: Vec<(Instant, u8, i64, usize, Step<'_>)> = Vec::new();
                let mut unreadable = false;
                for (k, cm) in comments.into_iter().flatten().enumerate() {
                    match cm
                        .get("created")
                        .and_then(Value::as_str)
                        .map(|s| instant(s, profile.time_zone))
                    {
                        Some(Ok(x)) => {
                            let id = cm
                                .get("id")
                                .and_then(text)
                                .and_then(|s| s.parse().ok())
                                .unwrap_or(0);
                            steps.push((x, 0, id, k, Step::Comment(cm)));
                        }
                        _ => {
                            errors.push(bad(
                                &f.name,
                                format!("{at}.fields.comment.comments[{k}].created"),
                                "not an instant".into(),
                            ));
                            unreadable = true;
                        }
                    }
                }
                for (k, h) in histories.into_iter().flatten().enumerate() {
                    let Some(Ok(x)) = h
                        .get("created")
                        .and_then(Value::as_str)
                        .map(|s| instant(s, profile.time_zone))
                    else {
                        errors.push(bad(
                            &f.name,
                            format!("{at}.changelog.histories[{k}].created"),
                            "not an instant".into(),
                        ));
                        unreadable = true;
                        continue;
                    };
                    let id = h
                        .get("id")
                        .and_then(text)
                        .and_then(|s| s.parse().ok())
                        .unwrap_or(0);
                    for (n, item) in h
                        .get("items")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .enumerate()
                    {
                        steps.push((x, 1, id, n, Step::Item(item)));
                    }
                }
                if unreadable {
                    continue;
                }
                steps.sort_by_key(|s| (s.0, s.1, s.2, s.3));
                let items = || {
                    steps.iter().filter_map(|s| match s.4 {
                        Step::Item(i) => Some(i),
                        Step::Comment(_) => None,
                    })
                };
                let first_item = |field: &str| {
                    items().find(|i| i.get("field").and_then(Value::as_str) == Some(field))
                };
                let opening_priority = first_item("priority").map_or_else(
                    || priority(at_path(fields, "priority.name").and_then(Value::as_str)),
                    |i| priority(i.get("fromString").and_then(Value::as_str)),
                );
                let opening_status = first_item("status")
                    .and_then(|i| i.get("fromString").and_then(Value::as_str))
                    .or_else(|| at_path(fields, "status.name").and_then(Value::as_str))
                    .unwrap_or("");
                let mut known = meaning(opening_status, profile).unwrap_or(StatusMeaning::Open);
                let reporter = at_path(fields, "reporter.accountId").and_then(Value::as_str);
                let mut responded = false;
                let mut events = Vec::new();
                for (when, _, _, _, step) in &steps {
                    match step {
                        Step::Comment(cm) => {
                            let public =
                                cm.get("jsdPublic").and_then(Value::as_bool).unwrap_or(true);
                            let author = at_path(cm, "author.accountId").and_then(Value::as_str);
                            if !public {
                                out.unmapped("comment (internal)");
                            } else if author.is_some() && author == reporter {
                                out.unmapped("comment (public, by the reporter)");
                            } else if responded {
                                out.unmapped("comment (public, after the first response)");
                            } else {
                                responded = true;
                                events.push(SourceEvent {
                                    at: *when,
                                    kind: EventKind::Responded,
                                    priority: None,
                                });
                            }
                        }
                        Step::Item(item) => {
                            match item.get("field").and_then(Value::as_str).unwrap_or("") {
                                "status" => {
                                    let to_name =
                                        item.get("toString").and_then(Value::as_str).unwrap_or("");
                                    let Some(to) = meaning(to_name, profile) else {
                                        out.unmapped("change item of status to a status Accord does not know");
                                        continue;
                                    };
                                    let kinds = status_events(Some(known), to);
                                    if kinds.is_empty() {
                                        out.unmapped(
                                            "change item of status with no effect on the clocks",
                                        );
                                    }
                                    for kind in kinds {
                                        events.push(SourceEvent {
                                            at: *when,
                                            kind,
                                            priority: None,
                                        });
                                    }
                                    known = to;
                                }
                                "priority" => events.push(SourceEvent {
                                    at: *when,
                                    kind: EventKind::PriorityChanged,
                                    priority: Some(priority(
                                        item.get("toString").and_then(Value::as_str),
                                    )),
                                }),
                                other => out.unmapped(format!("change item of {other}")),
                            }
                        }
                    }
                }
                let channel = match issue
                    .get("properties")
                    .and_then(|p| p.get("request.channel.type"))
                    .and_then(|c| c.get("value"))
                    .and_then(Value::as_str)
                {
                    Some("email") => Channel::Email,
                    _ => Channel::HelpDesk,
                };
                out.tickets.push(SourceTicket {
                    id: format!("{}{key}", profile.ticket_prefix),
                    agreement_id: agreement.id.clone(),
                    opened_at,
                    priority: opening_priority,
                    channel,
                    category,
                    customer: String::new(),
                    subject: fields
                        .get("summary")
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
