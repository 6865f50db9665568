//! Reading a whole history out of PostgreSQL: one query, one row per ticket with its events
//! packed in one text column (a row per event is handed over several times slower by the
//! driver), in a read-only transaction.

use accord_core::model::{EventKind, Priority};
use accord_core::{Event, Instant, Ticket, TicketSet};
use futures_util::TryStreamExt;
use sqlx::Row;
use sqlx::postgres::PgPool;

use super::{Against, AgreementKeys};
use crate::StoreError;
use crate::tickets::StoredTicket;

/// The wanted agreements' tickets (parameter 1: their ids), each with its events as
/// `at,kind,priority,N:note` (N: the note's length in bytes, so a note may hold any
/// character), in order; without text (parameter 2) every note is empty (`0:`), and so are
/// customers and subjects.
const TICKETS: &str = concat!(
    "SELECT t.id, t.agreement_id, t.opened_at, t.priority, t.channel, t.category, ",
    "CASE WHEN $2 THEN t.customer ELSE '' END, CASE WHEN $2 THEN t.subject ELSE '' END, t.csat, ",
    "(SELECT string_agg(e.at::text || ',' || e.kind || ',' || coalesce(e.priority, '') || ',' ",
    "|| CASE WHEN $2 THEN octet_length(e.note)::text || ':' || e.note ELSE '0:' END, '' ",
    "ORDER BY e.seq) ",
    "FROM events e WHERE e.ticket_id = t.id) ",
    "FROM tickets t WHERE t.agreement_id = ANY($1) ORDER BY t.id"
);

/// [`crate::Store::history`]'s tickets on PostgreSQL.
pub(super) async fn read_tickets(
    pool: &PgPool,
    agreements: &[AgreementKeys],
    keep_text: bool,
) -> Result<TicketSet, StoreError> {
    let wanted: Vec<&str> = agreements
        .iter()
        .filter(|a| a.wanted)
        .map(|a| a.id.as_str())
        .collect();
    let bad = |what: String| StoreError::Unreadable(what);
    let against = Against::new(agreements);
    let mut tickets: Vec<Ticket> = Vec::new();
    let mut events = Vec::new();
    let mut notes = Vec::new();
    let mut tx = pool.begin().await?;
    sqlx::query("SET TRANSACTION READ ONLY")
        .execute(&mut *tx)
        .await?;
    let mut read: u32 = 0;
    {
        let mut rows = sqlx::query(TICKETS)
            .bind(&wanted)
            .bind(keep_text)
            .fetch(&mut *tx);
        while let Some(r) = rows.try_next().await? {
            // The query asked for the wanted agreements' tickets only.
            let Some(ticket) = against.ticket(&StoredTicket::read(&r)?, keep_text)? else {
                continue;
            };
            tickets.push(ticket);
            if let Some(list) = r.try_get::<Option<&str>, _>(9)? {
                let kept = keep_text.then_some(&mut notes);
                unpack_events(list, read, &mut events, kept).map_err(bad)?;
            }
            read += 1;
        }
    }
    tx.commit().await?;
    Ok(TicketSet::new(tickets, events, notes))
}

/// Reads `at,kind,priority,N:note…` as packed by [`TICKETS`], keeping the notes in `notes`
/// when given.
fn unpack_events(
    list: &str,
    ticket: u32,
    out: &mut Vec<(u32, Event)>,
    mut notes: Option<&mut Vec<Box<str>>>,
) -> Result<(), String> {
    let wrong = || format!("packed events `{list}`");
    let mut rest = list;
    while !rest.is_empty() {
        let (at, r) = rest.split_once(',').ok_or_else(wrong)?;
        let (kind, r) = r.split_once(',').ok_or_else(wrong)?;
        let (priority, r) = r.split_once(',').ok_or_else(wrong)?;
        let (len, r) = r.split_once(':').ok_or_else(wrong)?;
        let len: usize = len.parse().map_err(|_| wrong())?;
        if !r.is_char_boundary(len) {
            return Err(wrong());
        }
        let (note, r) = r.split_at(len);
        rest = r;
        let at = at
            .parse::<i64>()
            .map_err(|_| format!("event instant `{at}`"))?;
        let priority = if priority.is_empty() {
            None
        } else {
            Some(Priority::parse(priority)?)
        };
        out.push((
            ticket,
            Event {
                at: Instant(at),
                kind: EventKind::parse(kind)?,
                priority,
            },
        ));
        if let Some(notes) = notes.as_deref_mut() {
            notes.push(note.into());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_events_keep_any_note_and_refuse_a_cut_list() {
        let list = concat!(
            "100,responded,,0:",
            "200,priority_changed,p1,18:a,b;c:d — é\nf:g",
            "300,resolved,,2:ok"
        );
        let mut events = Vec::new();
        let mut notes = Vec::new();
        unpack_events(list, 7, &mut events, Some(&mut notes)).unwrap();
        assert_eq!(
            events
                .iter()
                .map(|(t, e)| (*t, e.at.0, e.kind, e.priority))
                .collect::<Vec<_>>(),
            [
                (7, 100, EventKind::Responded, None),
                (7, 200, EventKind::PriorityChanged, Some(Priority::P1)),
                (7, 300, EventKind::Resolved, None),
            ]
        );
        assert_eq!(notes, ["", "a,b;c:d — é\nf:g", "ok"].map(Box::<str>::from));
        let mut bare = Vec::new();
        unpack_events(list, 0, &mut bare, None).unwrap();
        assert_eq!(bare.len(), 3);
        for cut in [
            "100,responded,,5:abc",
            "100,responded,,1:é",
            "100,responded",
            "x,responded,,0:",
        ] {
            assert!(
                unpack_events(cut, 0, &mut Vec::new(), None).is_err(),
                "{cut}"
            );
        }
    }
}
