//! Whole histories read: every ticket of some agreements, with its events, for reports,
//! summaries and exports, as one state of the database.
//!
//! Each back end has its fast way to hand over millions of rows: SQLite's file read directly,
//! in parallel (`sqlite`); PostgreSQL's events packed into one column per ticket (`postgres`).

mod postgres;
mod sqlite;

use std::collections::HashMap;

use accord_core::{Agreement, Ticket, TicketSet};

use crate::sql::Pool;
use crate::tickets::StoredTicket;
use crate::{Store, StoreError, StoredAgreement};

impl Store {
    /// Every ticket with its events, indexed against `agreements` (as returned by
    /// [`Self::agreements`]), in id order. [`Self::history`] reads the agreements with them.
    ///
    /// # Errors
    /// When the database cannot be read or holds values this binary cannot read.
    pub async fn tickets(
        &self,
        agreements: &[Agreement],
        keep_text: bool,
    ) -> Result<TicketSet, StoreError> {
        self.read_tickets(agreements.iter(), |_| true, keep_text)
            .await
    }

    /// Every stored agreement, with the tickets of those `wanted` accepts (in id order, with
    /// their events; with `keep_text`, with customers, subjects and notes), as one state of
    /// the database: the two are read again when a write came between them (the revision
    /// only grows). A report on one agreement gets, and holds in memory, its tickets only.
    ///
    /// # Errors
    /// When the database cannot be read or holds values this binary cannot read, or keeps
    /// changing while it is read.
    pub async fn history(
        &self,
        wanted: impl Fn(&Agreement) -> bool,
        keep_text: bool,
    ) -> Result<(Vec<StoredAgreement>, TicketSet), StoreError> {
        self.history_between(wanted, keep_text, async || Ok(()))
            .await
    }

    /// [`Store::history`], running `between` after each reading of the agreements and before
    /// that of the tickets: tests write there to see the two read again.
    ///
    /// # Errors
    /// As [`Store::history`], and `between`'s own.
    #[doc(hidden)]
    pub async fn history_between(
        &self,
        wanted: impl Fn(&Agreement) -> bool,
        keep_text: bool,
        mut between: impl AsyncFnMut() -> Result<(), StoreError>,
    ) -> Result<(Vec<StoredAgreement>, TicketSet), StoreError> {
        for _ in 0..5 {
            let before = self.revision().await?;
            let stored = self.agreements().await?;
            between().await?;
            let set = self
                .read_tickets(stored.iter().map(|s| &s.agreement), &wanted, keep_text)
                .await?;
            if self.revision().await? == before {
                return Ok((stored, set));
            }
        }
        Err(StoreError::Conflict(
            "the database kept changing while it was read".into(),
        ))
    }

    async fn read_tickets<'a>(
        &self,
        agreements: impl Iterator<Item = &'a Agreement>,
        wanted: impl Fn(&Agreement) -> bool,
        keep_text: bool,
    ) -> Result<TicketSet, StoreError> {
        let keys: Vec<AgreementKeys> = agreements
            .map(|a| AgreementKeys {
                id: a.id.clone(),
                scope: a.categories().into_iter().map(str::to_owned).collect(),
                wanted: wanted(a),
            })
            .collect();
        match &self.pool {
            Pool::Sqlite(pool) => {
                // Read from the pool's own file, beside it (in-memory URLs are refused at open).
                let file = pool.connect_options().get_filename().to_path_buf();
                tokio::task::spawn_blocking(move || sqlite::read_tickets(&file, &keys, keep_text))
                    .await
                    .map_err(|e| StoreError::Unreadable(format!("the reading stopped: {e}")))?
            }
            Pool::Postgres(pool) => postgres::read_tickets(pool, &keys, keep_text).await,
        }
    }
}

/// What the readers need of one agreement.
#[derive(Debug, Clone)]
struct AgreementKeys {
    /// Its id, as tickets name it.
    id: String,
    /// Every category of its life (base scope, then amendments' additions), which ticket
    /// categories index.
    scope: Vec<String>,
    /// Whether its tickets are read at all.
    wanted: bool,
}

/// The agreements a history is read against, looked up by id.
struct Against<'a> {
    agreements: &'a [AgreementKeys],
    index: HashMap<&'a str, usize>,
}

impl<'a> Against<'a> {
    fn new(agreements: &'a [AgreementKeys]) -> Self {
        let index = agreements
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i))
            .collect();
        Self { agreements, index }
    }

    /// The ticket as core holds it (its free text only with `keep_text`), or `None` when its
    /// agreement is not wanted.
    fn ticket(&self, t: &StoredTicket<'_>, keep_text: bool) -> Result<Option<Ticket>, StoreError> {
        let unreadable = StoreError::Unreadable;
        let a = *self.index.get(t.agreement_id).ok_or_else(|| {
            unreadable(format!(
                "ticket {} names agreement {}",
                t.id, t.agreement_id
            ))
        })?;
        let agreement = &self.agreements[a];
        if !agreement.wanted {
            return Ok(None);
        }
        let category = agreement
            .scope
            .iter()
            .position(|c| c == t.category)
            .ok_or_else(|| unreadable(format!("ticket {} has category {}", t.id, t.category)))?;
        let agreement = u32::try_from(a).unwrap_or(u32::MAX);
        let category = u16::try_from(category).unwrap_or(u16::MAX);
        t.ticket(agreement, category, keep_text).map(Some)
    }
}
