//! Any CSV (`imports.md`, "The others"): a tickets file and, optionally, a status-history file
//! (one row per change: ticket, instant, status, optional priority), whose column names the
//! profile's `[columns]` and `[history]` give, and whose values its `[status]`, `[priority]`,
//! `[channel]` and `[category]` maps read. The files are told apart by their headers.
//!
//! Defaults (a profile's maps come first; values compared without regard to case):
//!
//! | status | meaning | events on entering it |
//! |---|---|---|
//! | `new` | not yet handled | — (leaving it is the first response, `responded`, unless the ticket's `responded_at` cell gives it) |
//! | `open`, `in progress`, `assigned`, `active`, `on hold`, `hold` | the provider's time | `customer_replied` from a pause, `reopened` from resolved or closed |
//! | `pending`, `waiting on customer`, `waiting for customer`, `awaiting customer` | waiting on the customer (pauses) | `waiting_on_customer` (after `reopened` when it was resolved) |
//! | `solved`, `resolved` | resolved | `resolved` |
//! | `closed`, `cancelled`, `canceled` | closed | `closed` |
//!
//! Any other status is counted as mapped to nothing (name it in `[status]`). Priorities: `p1`–`p4`,
//! `1`–`4`, `urgent`/`critical` p1, `high` p2, `normal`/`medium` p3, `low` p4. Channels:
//! `email`/`e-mail` email, `phone`/`voice`/`call` phone, `chat`/`live chat`/`live_chat`/`messaging`
//! live chat, anything else help desk. A ticket opens at the priority of its first history row
//! when the history gives priorities (the tickets file's is then the current one), and each
//! history row whose priority differs is a `priority_changed`.
//!
//! Instants are RFC 3339, or `YYYY-MM-DD HH:MM[:SS]` / `YYYY-MM-DDTHH:MM[:SS]` without an offset,
//! read in the profile's `time_zone`. The tickets file may also carry `responded_at`,
//! `resolved_at` and `closed_at` columns: each filled cell is that event for a ticket without
//! history rows; for one with history rows, `responded_at` still gives the first response and
//! the history gives the rest.

use std::collections::HashMap;

use accord_core::model::{Channel, EventKind, Priority};
use accord_core::{Agreement, InputError, InputErrors};

use super::zendesk::instant;
use super::{Converted, ReadWhole, SourceEvent, SourceTicket, Unplaceable, place, status_events};
use crate::import::InputFile;
use crate::profiles::{Match, Profile, SourceKind, StatusMeaning};

/// The any-CSV source.
#[derive(Clone, Copy, Debug, Default)]
pub struct GenericCsv;

/// A CSV file read into rows of named cells, each with its line.
pub(crate) struct Sheet<'f> {
    pub(crate) name: &'f str,
    pub(crate) headers: Vec<String>,
    pub(crate) rows: Vec<(u64, Vec<String>)>,
}

impl Sheet<'_> {
    pub(crate) fn has(&self, column: &str) -> bool {
        self.headers.iter().any(|h| h == column)
    }

    pub(crate) fn cell<'r>(&self, row: &'r [String], column: &str) -> Option<&'r str> {
        let i = self.headers.iter().position(|h| h == column)?;
        row.get(i).map(String::as_str)
    }

    pub(crate) fn error(&self, line: u64, column: &str, reason: String) -> InputError {
        InputError {
            file: self.name.to_owned(),
            line: usize::try_from(line).unwrap_or(usize::MAX),
            column: self
                .headers
                .iter()
                .position(|h| h == column)
                .map_or(0, |i| i + 1),
            key: column.to_owned(),
            reason,
        }
    }
}

pub(crate) fn read_sheet<'f>(f: &'f InputFile, errors: &mut InputErrors) -> Option<Sheet<'f>> {
    let mut r = csv::ReaderBuilder::new().from_reader(f.bytes.as_slice());
    let headers = match r.headers() {
        Ok(h) => h
            .iter()
            .map(|s| s.trim_start_matches('\u{feff}').to_owned())
            .collect(),
        Err(e) => {
            errors.push(InputError::whole_file(
                &f.name,
                format!("not a CSV file: {e}"),
            ));
            return None;
        }
    };
    let mut rows = Vec::new();
    for rec in r.records() {
        match rec {
            Ok(rec) => rows.push((
                rec.position().map_or(0, csv::Position::line),
                rec.iter().map(str::to_owned).collect(),
            )),
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                errors.push(InputError {
                    file: f.name.clone(),
                    line: usize::try_from(line).unwrap_or(usize::MAX),
                    column: 0,
                    key: String::new(),
                    reason: format!("not a CSV row: {e}"),
                });
            }
        }
    }
    Some(Sheet {
        name: &f.name,
        headers,
        rows,
    })
}

fn meaning(status: &str, profile: &Profile) -> Option<StatusMeaning> {
    if let Some(m) = profile.status.get(status) {
        return Some(*m);
    }
    let s = status.trim().to_lowercase();
    Some(match s.as_str() {
        "new" => StatusMeaning::New,
        "open" | "in progress" | "assigned" | "active" | "on hold" | "hold" => StatusMeaning::Open,
        "pending" | "waiting on customer" | "waiting for customer" | "awaiting customer" => {
            StatusMeaning::Pause
        }
        "solved" | "resolved" => StatusMeaning::Resolved,
        "closed" | "cancelled" | "canceled" => StatusMeaning::Closed,
        _ => return None,
    })
}

fn priority(value: &str, profile: &Profile) -> Option<Priority> {
    if let Some(p) = profile.priority.get(value) {
        return Some(*p);
    }
    let v = value.trim().to_lowercase();
    Some(match v.as_str() {
        "p1" | "1" | "urgent" | "critical" => Priority::P1,
        "p2" | "2" | "high" => Priority::P2,
        "p3" | "3" | "normal" | "medium" => Priority::P3,
        "p4" | "4" | "low" => Priority::P4,
        _ => return None,
    })
}

fn channel(value: &str, profile: &Profile) -> Channel {
    if let Some(c) = profile.channel.get(value) {
        return *c;
    }
    match value.trim().to_lowercase().as_str() {
        "email" | "e-mail" => Channel::Email,
        "phone" | "voice" | "call" => Channel::Phone,
        "chat" | "live chat" | "live_chat" | "messaging" => Channel::LiveChat,
        _ => Channel::HelpDesk,
    }
}

/// A history row of a ticket.
struct Change {
    at: accord_core::Instant,
    status: String,
    priority: Option<Priority>,
}

impl ReadWhole for GenericCsv {
    fn source_kind(&self) -> SourceKind {
        SourceKind::Csv
    }

    fn detect_whole(&self, files: &[InputFile]) -> bool {
        files.iter().all(|f| {
            let head = f.bytes.iter().copied().find(|b| !b.is_ascii_whitespace());
            !matches!(head, Some(b'{' | b'['))
        })
    }

    fn convert_whole(
        &self,
        files: &[InputFile],
        profile: &Profile,
        agreements: &[Agreement],
    ) -> Result<Converted, InputErrors> {
        let mut errors = InputErrors::default();
        let col = |k: &str| profile.columns.get(k).map(String::as_str);
        let hist = |k: &str| profile.history.get(k).map(String::as_str);
        let (Some(id_col), Some(opened_col)) = (col("id"), col("opened_at")) else {
            return Err(InputError::whole_file(
                "profile",
                "a csv profile names the `id` and `opened_at` columns",
            )
            .into());
        };
        let mut tickets_sheet = None;
        let mut history_sheet = None;
        for f in files {
            let Some(sheet) = read_sheet(f, &mut errors) else {
                continue;
            };
            if sheet.has(id_col) && sheet.has(opened_col) {
                tickets_sheet = Some(sheet);
            } else if let (Some(t), Some(a), Some(s)) = (hist("ticket"), hist("at"), hist("status"))
                && sheet.has(t)
                && sheet.has(a)
                && sheet.has(s)
            {
                history_sheet = Some(sheet);
            } else {
                errors.push(InputError::whole_file(
                    &f.name,
                    format!(
                        "neither the tickets file (columns `{id_col}` and `{opened_col}`) nor the status-history file the profile describes{}",
                        if profile.history.is_empty() { " (it describes none: add [history])" } else { "" }
                    ),
                ));
            }
        }
        let Some(tickets) = tickets_sheet else {
            errors.push(InputError::whole_file(
                "import",
                format!("no tickets file: none has the columns `{id_col}` and `{opened_col}`"),
            ));
            return Err(errors);
        };
        // Each ticket's history, in the order it applies (instant, then file order).
        let mut history: HashMap<String, Vec<Change>> = HashMap::new();
        if let Some(h) = &history_sheet {
            let (t, a, s) = (
                hist("ticket").unwrap_or(""),
                hist("at").unwrap_or(""),
                hist("status").unwrap_or(""),
            );
            for (line, row) in &h.rows {
                let id = h.cell(row, t).unwrap_or("").trim().to_owned();
                let at = match instant(h.cell(row, a).unwrap_or("").trim(), profile.time_zone) {
                    Ok(at) => at,
                    Err(e) => {
                        errors.push(h.error(*line, a, e));
                        continue;
                    }
                };
                let p = match hist("priority")
                    .and_then(|c| h.cell(row, c))
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                {
                    None => None,
                    Some(v) => match priority(v, profile) {
                        Some(p) => Some(p),
                        None => {
                            errors.push(h.error(*line, hist("priority").unwrap_or(""), format!("`{v}` is not a priority the profile maps (add it to [priority] map)")));
                            continue;
                        }
                    },
                };
                history.entry(id).or_default().push(Change {
                    at,
                    status: h.cell(row, s).unwrap_or("").trim().to_owned(),
                    priority: p,
                });
            }
            for list in history.values_mut() {
                list.sort_by_key(|c| c.at);
            }
        }
        let mut out = Converted::default();
        for (line, row) in &tickets.rows {
            out.read += 1;
            let line = *line;
            let source_id = tickets.cell(row, id_col).unwrap_or("").trim().to_owned();
            if source_id.is_empty() {
                errors.push(tickets.error(line, id_col, "is empty".into()));
                continue;
            }
            let opened_at = match instant(
                tickets.cell(row, opened_col).unwrap_or("").trim(),
                profile.time_zone,
            ) {
                Ok(at) => at,
                Err(e) => {
                    errors.push(tickets.error(line, opened_col, e));
                    continue;
                }
            };
            let placed = profile.rules.iter().find(|r| {
                let cell = tickets.cell(row, &r.field).unwrap_or("");
                if r.field == "tags" {
                    let mut tags = cell
                        .split([',', ';', ' '])
                        .map(str::trim)
                        .filter(|t| !t.is_empty());
                    return match &r.matches {
                        Match::Equals(x) | Match::Contains(x) => tags.any(|t| t == x),
                    };
                }
                match &r.matches {
                    Match::Equals(x) => cell.trim() == x,
                    Match::Contains(x) => cell.contains(x.as_str()),
                }
            });
            let Some(rule) = placed else {
                out.skip("no rule of the profile places it");
                continue;
            };
            let field = &profile.category.field;
            let raw = (!field.is_empty())
                .then(|| tickets.cell(row, field))
                .flatten();
            let (agreement, category) = match place(profile, agreements, rule, raw, opened_at) {
                Ok(p) => p,
                Err(Unplaceable::Agreement(why)) => {
                    errors.push(tickets.error(line, &rule.field, why));
                    continue;
                }
                Err(Unplaceable::Category(why)) => {
                    errors.push(tickets.error(line, field, why));
                    continue;
                }
            };
            let changes = history.get(&source_id).map_or(&[][..], Vec::as_slice);
            let current = col("priority")
                .and_then(|k| tickets.cell(row, k))
                .map(str::trim)
                .filter(|v| !v.is_empty());
            let current = match current {
                None => None,
                Some(v) => match priority(v, profile) {
                    Some(p) => Some(p),
                    None => {
                        errors.push(tickets.error(line, col("priority").unwrap_or(""), format!("`{v}` is not a priority the profile maps (add it to [priority] map)")));
                        continue;
                    }
                },
            };
            let opening = changes
                .iter()
                .find_map(|c| c.priority)
                .or(current)
                .unwrap_or(Priority::P3);
            let csat = match col("csat")
                .and_then(|k| tickets.cell(row, k))
                .map(str::trim)
                .filter(|v| !v.is_empty())
            {
                None => None,
                Some(v) => match v.parse::<u8>() {
                    Ok(n @ 1..=5) => Some(n),
                    _ => {
                        errors.push(tickets.error(
                            line,
                            col("csat").unwrap_or(""),
                            format!("`{v}` is not a CSAT score from 1 to 5"),
                        ));
                        continue;
                    }
                },
            };
            // Events from the tickets file's own instants.
            let mut dated: Vec<(accord_core::Instant, u8, EventKind, Option<Priority>)> =
                Vec::new();
            let mut bad_cell = false;
            let column_events: &[(&str, EventKind)] = if changes.is_empty() {
                &[
                    ("responded_at", EventKind::Responded),
                    ("resolved_at", EventKind::Resolved),
                    ("closed_at", EventKind::Closed),
                ]
            } else {
                &[("responded_at", EventKind::Responded)]
            };
            for (key, kind) in column_events {
                let Some(column) = col(key) else { continue };
                let Some(v) = tickets
                    .cell(row, column)
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                else {
                    continue;
                };
                match instant(v, profile.time_zone) {
                    Ok(at) => dated.push((at, 0, *kind, None)),
                    Err(e) => {
                        errors.push(tickets.error(line, column, e));
                        bad_cell = true;
                    }
                }
            }
            if bad_cell {
                continue;
            }
            let mut status = Some(StatusMeaning::New);
            let mut responded = dated.iter().any(|d| d.2 == EventKind::Responded);
            let mut prio = opening;
            for ch in changes {
                if let Some(p) = ch.priority
                    && p != prio
                {
                    dated.push((ch.at, 1, EventKind::PriorityChanged, Some(p)));
                    prio = p;
                }
                let Some(to) = meaning(&ch.status, profile) else {
                    out.unmapped(format!(
                        "status `{}` (not in the profile's [status])",
                        ch.status
                    ));
                    continue;
                };
                if status == Some(StatusMeaning::New) && to != StatusMeaning::New && !responded {
                    responded = true;
                    dated.push((ch.at, 1, EventKind::Responded, None));
                }
                let kinds = status_events(status, to);
                if kinds.is_empty() && status.is_some_and(|s| s != to) {
                    out.unmapped("status change with no effect on the clocks");
                }
                for k in kinds {
                    dated.push((ch.at, 1, k, None));
                }
                status = Some(to);
            }
            // In time order; at one instant, the tickets file's own instants first, then the
            // history in its order.
            dated.sort_by_key(|d| (d.0, d.1));
            out.tickets.push(SourceTicket {
                id: format!("{}{source_id}", profile.ticket_prefix),
                agreement_id: agreement.id.clone(),
                opened_at,
                priority: opening,
                channel: col("channel")
                    .and_then(|k| tickets.cell(row, k))
                    .map_or(Channel::HelpDesk, |v| channel(v, profile)),
                category,
                customer: col("customer")
                    .and_then(|k| tickets.cell(row, k))
                    .unwrap_or("")
                    .trim()
                    .to_owned(),
                subject: col("subject")
                    .and_then(|k| tickets.cell(row, k))
                    .unwrap_or("")
                    .trim()
                    .to_owned(),
                csat,
                events: dated
                    .into_iter()
                    .map(|(at, _, kind, priority)| SourceEvent { at, kind, priority })
                    .collect(),
            });
        }
        errors.into_result(out)
    }
}
