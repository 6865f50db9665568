//! The SLA results of `formats.md` ("SLA results"), as CSV and JSON bytes.
//!
//! Shared by every front end that prints SLA rows (the CLI over files or a database, the app's
//! exports), so the columns are written in one place. Rows are appended to a byte buffer: a
//! million rows format in well under a second, and nothing is written anywhere until the caller
//! has the whole result.

use crate::clock::TicketSla;
use crate::instant::Instant;

/// Column names, in order.
pub const SLA_COLUMNS: [&str; 14] = [
    "ticket_id",
    "agreement_id",
    "priority",
    "clock",
    "fr_target_s",
    "fr_elapsed_s",
    "fr_due_at",
    "fr_state",
    "res_target_s",
    "res_elapsed_s",
    "res_paused_s",
    "res_due_at",
    "res_state",
    "escalation_level",
];

/// Appends a CSV field, quoted per RFC 4180 when it needs to be.
pub fn push_csv_field(out: &mut Vec<u8>, field: &str) {
    if field
        .bytes()
        .any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
    {
        out.push(b'"');
        for b in field.bytes() {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(field.as_bytes());
    }
}

fn push_int(out: &mut Vec<u8>, v: impl itoa::Integer) {
    out.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
}

/// The CSV header line.
pub fn push_sla_csv_header(out: &mut Vec<u8>) {
    out.extend_from_slice(SLA_COLUMNS.join(",").as_bytes());
    out.push(b'\n');
}

/// Appends one CSV row.
pub fn push_sla_csv_row(out: &mut Vec<u8>, ticket_id: &str, agreement_id: &str, s: &TicketSla) {
    let due = |out: &mut Vec<u8>, d: Option<Instant>| {
        if let Some(d) = d {
            d.write_rfc3339(out);
        }
    };
    push_csv_field(out, ticket_id);
    out.push(b',');
    push_csv_field(out, agreement_id);
    out.push(b',');
    out.extend_from_slice(s.priority.as_str().as_bytes());
    out.push(b',');
    out.extend_from_slice(s.clock.as_str().as_bytes());
    out.push(b',');
    push_int(out, s.first_response.target_s);
    out.push(b',');
    push_int(out, s.first_response.elapsed_s);
    out.push(b',');
    due(out, s.first_response.due_at);
    out.push(b',');
    out.extend_from_slice(s.first_response.state.as_str().as_bytes());
    out.push(b',');
    push_int(out, s.resolution.target_s);
    out.push(b',');
    push_int(out, s.resolution.elapsed_s);
    out.push(b',');
    push_int(out, s.res_paused_s);
    out.push(b',');
    due(out, s.resolution.due_at);
    out.push(b',');
    out.extend_from_slice(s.resolution.state.as_str().as_bytes());
    out.push(b',');
    push_int(out, s.escalation_level);
    out.push(b'\n');
}

/// Appends one JSON object (no separator) with the CSV's keys, then `fr_breached_at` and
/// `res_breached_at`; absent values are `null`.
pub fn push_sla_json_object(out: &mut Vec<u8>, ticket_id: &str, agreement_id: &str, s: &TicketSla) {
    let string = |out: &mut Vec<u8>, v: &str| {
        out.extend_from_slice(serde_json::to_string(v).unwrap_or_default().as_bytes());
    };
    let due = |out: &mut Vec<u8>, d: Option<Instant>| match d {
        Some(d) => {
            out.push(b'"');
            d.write_rfc3339(out);
            out.push(b'"');
        }
        None => out.extend_from_slice(b"null"),
    };
    let key = |out: &mut Vec<u8>, i: usize| {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'"');
        out.extend_from_slice(SLA_COLUMNS[i].as_bytes());
        out.extend_from_slice(b"\":");
    };
    out.push(b'{');
    key(out, 0);
    string(out, ticket_id);
    key(out, 1);
    string(out, agreement_id);
    key(out, 2);
    string(out, s.priority.as_str());
    key(out, 3);
    string(out, s.clock.as_str());
    key(out, 4);
    push_int(out, s.first_response.target_s);
    key(out, 5);
    push_int(out, s.first_response.elapsed_s);
    key(out, 6);
    due(out, s.first_response.due_at);
    key(out, 7);
    string(out, s.first_response.state.as_str());
    key(out, 8);
    push_int(out, s.resolution.target_s);
    key(out, 9);
    push_int(out, s.resolution.elapsed_s);
    key(out, 10);
    push_int(out, s.res_paused_s);
    key(out, 11);
    due(out, s.resolution.due_at);
    key(out, 12);
    string(out, s.resolution.state.as_str());
    key(out, 13);
    push_int(out, s.escalation_level);
    // Beyond the CSV's columns (the JSON may add fields): when each clock breached, the first
    // counted second over its target (spec revision 2).
    out.extend_from_slice(b",\"fr_breached_at\":");
    due(out, s.first_response.breached_at);
    out.extend_from_slice(b",\"res_breached_at\":");
    due(out, s.resolution.breached_at);
    out.push(b'}');
}

/// Machine-readable SLA formats.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SlaFormat {
    /// CSV with a header row.
    Csv,
    /// A JSON array, one object per line.
    Json,
}

/// Evaluates every ticket of `set` at `as_of` and renders the rows, in ticket order, as parts
/// to be written one after the other (header first).
///
/// Tickets are evaluated and formatted in parallel chunks, each into its own buffer, so no
/// per-ticket result is kept, the work spreads over the machine's cores, and the parts are
/// never copied into one buffer.
#[must_use]
pub fn render_sla(
    runtimes: &[crate::AgreementRuntime],
    set: &crate::TicketSet,
    as_of: Instant,
    format: SlaFormat,
) -> Vec<Vec<u8>> {
    use rayon::prelude::*;
    const CHUNK: usize = 1 << 15;
    let chunks: Vec<Vec<u8>> = (0..set.len().div_ceil(CHUNK))
        .into_par_iter()
        .map(|c| {
            let range = c * CHUNK..((c + 1) * CHUNK).min(set.len());
            let mut out =
                Vec::with_capacity(range.len() * if format == SlaFormat::Csv { 128 } else { 360 });
            for i in range {
                let t = &set.tickets[i];
                let rt = &runtimes[t.agreement as usize];
                let s = crate::evaluate(rt, t.opened_at, t.priority, set.events(i), as_of);
                match format {
                    SlaFormat::Csv => push_sla_csv_row(&mut out, &t.id, &rt.agreement.id, &s),
                    SlaFormat::Json => {
                        out.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
                        push_sla_json_object(&mut out, &t.id, &rt.agreement.id, &s);
                    }
                }
            }
            out
        })
        .collect();
    let mut head = Vec::new();
    match format {
        SlaFormat::Csv => push_sla_csv_header(&mut head),
        SlaFormat::Json => head.push(b'['),
    }
    let mut parts = Vec::with_capacity(chunks.len() + 2);
    parts.push(head);
    parts.extend(chunks);
    if format == SlaFormat::Json {
        parts.push(b"\n]\n".to_vec());
    }
    parts
}

/// The tickets of `set` as `tickets.csv` (formats.md), in set order.
#[must_use]
pub fn tickets_csv(agreements: &[crate::Agreement], set: &crate::TicketSet) -> Vec<u8> {
    let mut out = Vec::with_capacity(set.len() * 120);
    out.extend_from_slice(
        b"ticket_id,agreement_id,opened_at,priority,channel,category,customer,subject,csat\n",
    );
    let categories: Vec<Vec<&str>> = agreements
        .iter()
        .map(crate::Agreement::categories)
        .collect();
    for t in &set.tickets {
        let a = &agreements[t.agreement as usize];
        push_csv_field(&mut out, &t.id);
        out.push(b',');
        push_csv_field(&mut out, &a.id);
        out.push(b',');
        t.opened_at.write_rfc3339(&mut out);
        out.push(b',');
        out.extend_from_slice(t.priority.as_str().as_bytes());
        out.push(b',');
        out.extend_from_slice(t.channel.as_str().as_bytes());
        out.push(b',');
        push_csv_field(
            &mut out,
            categories[t.agreement as usize]
                .get(t.category as usize)
                .copied()
                .unwrap_or(""),
        );
        out.push(b',');
        push_csv_field(&mut out, &t.customer);
        out.push(b',');
        push_csv_field(&mut out, &t.subject);
        out.push(b',');
        if let Some(c) = t.csat {
            push_int(&mut out, c);
        }
        out.push(b'\n');
    }
    out
}

/// The events of `set` as `events.csv` (formats.md): ticket by ticket, each in the order they
/// apply (notes empty when the set keeps none).
#[must_use]
pub fn events_csv(set: &crate::TicketSet) -> Vec<u8> {
    let mut out = Vec::with_capacity(set.event_count() * 80);
    out.extend_from_slice(b"ticket_id,at,kind,note,priority\n");
    for (i, t) in set.tickets.iter().enumerate() {
        let notes = set.notes(i);
        for (k, e) in set.events(i).iter().enumerate() {
            push_csv_field(&mut out, &t.id);
            out.push(b',');
            e.at.write_rfc3339(&mut out);
            out.push(b',');
            out.extend_from_slice(e.kind.as_str().as_bytes());
            out.push(b',');
            push_csv_field(&mut out, notes.get(k).map_or("", |n| n));
            out.push(b',');
            if let Some(p) = e.priority {
                out.extend_from_slice(p.as_str().as_bytes());
            }
            out.push(b'\n');
        }
    }
    out
}
