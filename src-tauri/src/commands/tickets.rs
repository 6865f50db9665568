//! Tickets: the list, a ticket's page, and every change a person makes to one.

use accord_app::tickets::{
    self, Assignment, CsatEntry, EventForm, NewTicketForm, TicketPage, TicketQuery, TicketView,
};
use tauri::State;

use super::Reply;
use super::data::actor;
use crate::state::{AppState, now};

/// A page of tickets.
#[tauri::command]
#[specta::specta]
pub async fn tickets(state: State<'_, AppState>, query: TicketQuery) -> Reply<TicketPage> {
    Ok(tickets::list(&state.store().await?, &query).await?)
}

/// A ticket with its SLA now and the timeline behind it.
#[tauri::command]
#[specta::specta]
pub async fn ticket(state: State<'_, AppState>, id: String) -> Reply<TicketView> {
    Ok(tickets::view(&state.store().await?, &id, now()).await?)
}

/// Opens a ticket; returns its id.
#[tauri::command]
#[specta::specta]
pub async fn open_ticket(state: State<'_, AppState>, form: NewTicketForm) -> Reply<String> {
    Ok(tickets::open(&state.store().await?, form, &actor(), now()).await?)
}

/// Records what happened to a ticket (respond, wait on customer, …); returns its new version.
#[tauri::command]
#[specta::specta]
pub async fn add_event(state: State<'_, AppState>, form: EventForm) -> Reply<i64> {
    Ok(tickets::add_event(&state.store().await?, form, &actor(), now()).await?)
}

/// Assigns a ticket (or clears its assignee); returns its new version.
#[tauri::command]
#[specta::specta]
pub async fn assign_ticket(
    state: State<'_, AppState>,
    id: String,
    version: i64,
    assignee: Option<String>,
) -> Reply<i64> {
    let a = Assignment {
        ticket_id: id,
        version,
        assignee,
    };
    Ok(tickets::assign(&state.store().await?, a, &actor(), now()).await?)
}

/// Records (or clears) a ticket's CSAT score, 1–5; returns its new version.
#[tauri::command]
#[specta::specta]
pub async fn set_csat(
    state: State<'_, AppState>,
    id: String,
    version: i64,
    csat: Option<u8>,
) -> Reply<i64> {
    let c = CsatEntry {
        ticket_id: id,
        version,
        csat,
    };
    Ok(tickets::set_csat(&state.store().await?, c, &actor(), now()).await?)
}
