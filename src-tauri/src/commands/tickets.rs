//! Tickets: the list, a ticket's page, and every change a person makes to one.

use accord_app::views::{self, EventForm, NewTicketForm, TicketPage, TicketQuery, TicketView};
use tauri::State;

use super::Reply;
use crate::state::{AppState, now};

/// A page of tickets.
#[tauri::command]
#[specta::specta]
pub async fn tickets(state: State<'_, AppState>, query: TicketQuery) -> Reply<TicketPage> {
    Ok(views::tickets(&state.store().await?, &query).await?)
}

/// A ticket with its SLA now and the timeline behind it.
#[tauri::command]
#[specta::specta]
pub async fn ticket(state: State<'_, AppState>, id: String) -> Reply<TicketView> {
    Ok(views::ticket(&state.store().await?, &id, now()).await?)
}

/// Opens a ticket; returns its id.
#[tauri::command]
#[specta::specta]
pub async fn open_ticket(state: State<'_, AppState>, form: NewTicketForm) -> Reply<String> {
    Ok(views::open_ticket(&state.store().await?, form, now()).await?)
}

/// Records what happened to a ticket (respond, wait on customer, …); returns its new version.
#[tauri::command]
#[specta::specta]
pub async fn add_event(state: State<'_, AppState>, form: EventForm) -> Reply<i64> {
    Ok(views::add_event(&state.store().await?, form, now()).await?)
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
    let assignee = assignee
        .map(|a| a.trim().to_owned())
        .filter(|a| !a.is_empty());
    let store = state.store().await?;
    Ok(store
        .update_ticket(&id, version, None, Some(assignee))
        .await?)
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
    if csat.is_some_and(|c| !(1..=5).contains(&c)) {
        return Err(crate::error::IpcError::new(
            crate::error::ErrorCode::Rejected,
            "CSAT is a score from 1 to 5",
        ));
    }
    let store = state.store().await?;
    Ok(store.update_ticket(&id, version, Some(csat), None).await?)
}
