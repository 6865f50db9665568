//! Accord's domain: customer service agreements, business calendars, the SLA clocks of tickets,
//! escalation, period metrics and service credits.
//!
//! This crate is pure: it reads and writes bytes and values, never files, sockets or clocks, so
//! the CLI, the store and the desktop app all get the same numbers from the same code. The
//! normative meaning of every number is `shared/spec/sla-semantics.md`; module docs say where a
//! choice had to be made beyond it.

pub mod agreement;
pub mod analysis;
pub mod calendar;
pub mod clock;
pub mod credits;
pub mod duration;
pub mod error;
pub mod explain;
pub mod ics;
pub mod input;
pub mod instant;
pub mod metrics;
pub mod model;
pub mod output;
pub mod period;
pub mod records;
pub mod statement;
pub mod ticket;
pub mod whatif;

pub use agreement::{Agreement, parse_agreement};
pub use clock::{AgreementRuntime, TicketSla, evaluate};
pub use error::{CoreError, InputError, InputErrors};
pub use instant::Instant;
pub use rust_decimal::Decimal;
pub use ticket::{Event, Ticket, TicketSet};

/// Compiles each agreement for evaluating `set` at `as_of`: calendars cover every opening
/// through `as_of`, plus margin for deadlines.
#[must_use]
pub fn runtimes_for(
    agreements: &[Agreement],
    set: &TicketSet,
    as_of: Instant,
) -> Vec<AgreementRuntime> {
    let mut first = vec![as_of; agreements.len()];
    for t in &set.tickets {
        let f = &mut first[t.agreement as usize];
        *f = (*f).min(t.opened_at);
    }
    agreements
        .iter()
        .zip(first)
        .map(|(a, f)| AgreementRuntime::new(a.clone(), f, as_of))
        .collect()
}

/// Evaluates every ticket of `set` at `as_of`, in ticket order.
#[must_use]
pub fn evaluate_set(
    runtimes: &[AgreementRuntime],
    set: &TicketSet,
    as_of: Instant,
) -> Vec<TicketSla> {
    set.tickets
        .iter()
        .enumerate()
        .map(|(i, t)| {
            evaluate(
                &runtimes[t.agreement as usize],
                t.opened_at,
                t.priority,
                set.events(i),
                as_of,
            )
        })
        .collect()
}
