//! What reports are made from: agreements, tickets and events loaded from a database, compiled
//! and prepared once ([`History`]), then serving any number of periods and scopes.

use std::collections::HashMap;

use accord_core::analysis::settled_at_for;
use accord_core::{Agreement, AgreementRuntime, Instant, TicketSet, runtimes_for};
use accord_report::Source;
use accord_store::Store;

use super::Scope;
use crate::AppError;

/// Agreements, tickets and events, compiled and prepared for reporting.
#[derive(Debug)]
pub struct History {
    /// The agreements, indexed as in `set`.
    pub agreements: Vec<Agreement>,
    /// Every ticket and event.
    pub set: TicketSet,
    /// The agreements compiled.
    pub runtimes: Vec<AgreementRuntime>,
    /// When each ticket settled for good ([`accord_core::analysis::settled_at`]).
    pub settled: Vec<Option<Instant>>,
}

impl History {
    /// Prepares a history. `as_of`: around the latest instant reports will look at;
    /// `wanted`: the agreements that will be reported on (the others' tickets are not
    /// prepared, so only report on those).
    #[must_use]
    pub fn new(
        agreements: Vec<Agreement>,
        set: TicketSet,
        as_of: Instant,
        wanted: impl Fn(&Agreement) -> bool + Sync,
    ) -> Self {
        let runtimes = runtimes_for(&agreements, &set, as_of);
        // Asked once per agreement, not once per ticket.
        let wanted: Vec<bool> = agreements.iter().map(wanted).collect();
        let settled = settled_at_for(&runtimes, &set, |i| wanted[i as usize]);
        Self {
            agreements,
            set,
            runtimes,
            settled,
        }
    }

    /// The history for reports.
    #[must_use]
    pub fn source(&self) -> Source<'_> {
        Source {
            runtimes: &self.runtimes,
            set: &self.set,
            settled: &self.settled,
        }
    }

    /// The index of agreement `id`.
    ///
    /// # Errors
    /// [`AppError::Rejected`] when there is none.
    pub fn index(&self, id: &str) -> Result<usize, AppError> {
        self.agreements
            .iter()
            .position(|a| a.id == id)
            .ok_or_else(|| AppError::Rejected(format!("there is no agreement `{id}`")))
    }

    /// The agreements of a scope, by id.
    ///
    /// # Errors
    /// [`AppError::Rejected`] when the scope names an agreement that is not there, or no
    /// agreement is in it.
    pub fn chosen(&self, scope: &Scope) -> Result<Vec<usize>, AppError> {
        let mut order: Vec<usize> = match &scope.agreement {
            Some(id) => vec![self.index(id)?],
            None => (0..self.agreements.len())
                .filter(|&i| scope.contains(&self.agreements[i]))
                .collect(),
        };
        if order.is_empty() {
            return Err(AppError::Rejected(format!(
                "no agreement matches ({})",
                scope.selection().describe()
            )));
        }
        order.sort_by(|&a, &b| self.agreements[a].id.cmp(&self.agreements[b].id));
        Ok(order)
    }
}

/// Everything the SLA engine needs, from a database.
///
/// # Errors
/// When the database cannot be read.
pub async fn load(store: &Store, keep_text: bool) -> Result<(Vec<Agreement>, TicketSet), AppError> {
    load_of(store, |_| true, keep_text).await
}

/// Every agreement, with the tickets of those `wanted` accepts (all a report on them looks at).
///
/// # Errors
/// When the database cannot be read.
pub async fn load_of(
    store: &Store,
    wanted: impl Fn(&Agreement) -> bool,
    keep_text: bool,
) -> Result<(Vec<Agreement>, TicketSet), AppError> {
    let (stored, tickets) = store.history(wanted, keep_text).await?;
    Ok((stored.into_iter().map(|s| s.agreement).collect(), tickets))
}

/// The free text of tickets by id (customers, subjects, events with their notes), for a
/// report over a history read without text ([`reports::Text::Asked`]); ids not stored are
/// left out.
///
/// # Errors
/// When the database cannot be read.
pub async fn ticket_texts(
    store: &Store,
    ids: &[&str],
) -> Result<HashMap<String, accord_report::model::TicketText>, AppError> {
    let mut out = HashMap::with_capacity(ids.len());
    for id in ids {
        if let Some(r) = store.ticket(id).await? {
            out.insert(
                r.id,
                accord_report::model::TicketText {
                    customer: r.customer,
                    subject: r.subject,
                    events: r.events,
                },
            );
        }
    }
    Ok(out)
}
