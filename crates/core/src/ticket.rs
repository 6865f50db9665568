//! Tickets and their events, as the engine sees them.
//!
//! A [`TicketSet`] keeps tickets in input order and each ticket's events contiguous and already in
//! the order the spec applies them (by instant, ties in file order), so evaluating a ticket is a
//! slice lookup.

use crate::instant::Instant;
use crate::model::{Channel, EventKind, Priority};

/// A support ticket.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Ticket {
    /// Unique id.
    pub id: Box<str>,
    /// Index of its agreement in the agreement list it was read against.
    pub agreement: u32,
    /// When it was opened.
    pub opened_at: Instant,
    /// Priority at opening (a `priority_changed` event may change it).
    pub priority: Priority,
    /// How it came in.
    pub channel: Channel,
    /// Its category, as an index into its agreement's `scope`.
    pub category: u16,
    /// The end customer (empty when not given or not kept).
    pub customer: Box<str>,
    /// Free text (empty when not given or not kept).
    pub subject: Box<str>,
    /// Satisfaction score 1–5, if given.
    pub csat: Option<u8>,
}

/// Something that happened to a ticket.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Event {
    /// When.
    pub at: Instant,
    /// What.
    pub kind: EventKind,
    /// The new priority of a `priority_changed` event.
    pub priority: Option<Priority>,
}

/// A run of events in file order (a part of a file): `(ticket position, event)`, with their
/// notes in parallel (or none).
#[derive(Debug, Default)]
pub(crate) struct EventRun {
    pub(crate) events: Vec<(u32, Event)>,
    pub(crate) notes: Vec<Box<str>>,
}

/// Tickets with their events grouped and ordered.
#[derive(Clone, Debug, Default)]
pub struct TicketSet {
    /// Tickets in input order.
    pub tickets: Vec<Ticket>,
    events: Vec<Event>,
    notes: Vec<Box<str>>,
    /// `events[offsets[i]..offsets[i + 1]]` belong to ticket `i`.
    offsets: Vec<u32>,
}

impl TicketSet {
    /// Groups `(ticket index, event)` pairs given in file order, with their notes in parallel
    /// (or no notes at all); events of a ticket are ordered by instant, ties kept in file order.
    #[must_use]
    pub fn new(tickets: Vec<Ticket>, events: Vec<(u32, Event)>, notes: Vec<Box<str>>) -> Self {
        Self::from_runs(tickets, vec![EventRun { events, notes }])
    }

    /// [`Self::new`] with the events given in runs (the parts of a file read side by side), in
    /// file order, each with its notes in parallel (or none: then no run keeps notes).
    pub(crate) fn from_runs(tickets: Vec<Ticket>, mut runs: Vec<EventRun>) -> Self {
        if !runs.iter().all(|r| r.notes.len() == r.events.len()) {
            for r in &mut runs {
                r.notes = Vec::new();
            }
        }
        // Exports usually list events ticket by ticket in time order already: then there is
        // nothing to move, and each event is copied once.
        let mut last = None;
        let in_order = runs.iter().all(|run| {
            let ok = run.events.is_sorted_by_key(Self::order)
                && last.is_none_or(|l| run.events.first().is_none_or(|f| l <= Self::order(f)));
            last = run.events.last().map(Self::order).or(last);
            ok
        });
        if in_order {
            return Self::from_ordered(tickets, runs);
        }
        let mut events: Vec<(u32, Event)> = Vec::new();
        let mut notes: Vec<Box<str>> = Vec::new();
        for run in runs {
            events.extend(run.events);
            notes.extend(run.notes);
        }
        // Stable sorts: same ticket and instant keep their file order.
        if notes.is_empty() {
            events.sort_by_key(Self::order);
        } else {
            let mut both: Vec<((u32, Event), Box<str>)> = events.into_iter().zip(notes).collect();
            both.sort_by_key(|(te, _)| Self::order(te));
            (events, notes) = both.into_iter().unzip();
        }
        Self::from_ordered(tickets, vec![EventRun { events, notes }])
    }

    /// The order events apply in: by ticket, then by instant (ties: as given).
    fn order((t, e): &(u32, Event)) -> (u32, Instant) {
        (*t, e.at)
    }

    /// Groups events already in [`Self::order`], given in runs with their notes in parallel (or
    /// none), copying each event once.
    fn from_ordered(tickets: Vec<Ticket>, runs: Vec<EventRun>) -> Self {
        let total: usize = runs.iter().map(|r| r.events.len()).sum();
        let keep_notes = runs.iter().all(|r| r.notes.len() == r.events.len());
        let mut events = Vec::with_capacity(total);
        let mut notes = Vec::with_capacity(if keep_notes { total } else { 0 });
        let mut offsets = Vec::with_capacity(tickets.len() + 1);
        let at = |events: &Vec<Event>| u32::try_from(events.len()).unwrap_or(u32::MAX);
        for run in runs {
            for (t, e) in run.events {
                // Every ticket up to this one starts here if it has not started yet.
                while offsets.len() <= t as usize {
                    offsets.push(at(&events));
                }
                events.push(e);
            }
            if keep_notes {
                notes.extend(run.notes);
            }
        }
        while offsets.len() <= tickets.len() {
            offsets.push(at(&events));
        }
        Self {
            tickets,
            events,
            notes,
            offsets,
        }
    }

    /// Number of tickets.
    #[must_use]
    pub fn len(&self) -> usize {
        self.tickets.len()
    }

    /// Whether there are no tickets.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.tickets.is_empty()
    }

    /// Number of events.
    #[must_use]
    pub fn event_count(&self) -> usize {
        self.events.len()
    }

    /// The ordered events of ticket `i`.
    #[must_use]
    pub fn events(&self, i: usize) -> &[Event] {
        &self.events[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }

    /// The notes of ticket `i`'s events, parallel to [`Self::events`] (empty strings when not kept).
    #[must_use]
    pub fn notes(&self, i: usize) -> &[Box<str>] {
        let r = self.offsets[i] as usize..self.offsets[i + 1] as usize;
        self.notes.get(r).unwrap_or(&[])
    }

    /// The index of a ticket by id.
    #[must_use]
    pub fn position(&self, id: &str) -> Option<usize> {
        self.tickets.iter().position(|t| &*t.id == id)
    }
}
