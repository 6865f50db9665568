//! The SLA queue: open tickets by next deadline, a page at a time.

use accord_app::queue::{self, QueuePage, QueueQuery};
use tauri::State;

use super::Reply;
use crate::state::AppState;

/// A page of the queue.
#[tauri::command]
#[specta::specta]
pub async fn queue(state: State<'_, AppState>, query: QueueQuery) -> Reply<QueuePage> {
    Ok(queue::page(&state.store().await?, &query).await?)
}
