//! The SLA queue: a page of one of its views (due soon, breached, waiting, all) at now, with
//! every view's count.

use accord_app::queue::{self, QueuePage, QueueQuery};
use tauri::State;

use super::Reply;
use crate::state::{AppState, now};

/// A page of the queue.
#[tauri::command]
#[specta::specta]
pub async fn queue(state: State<'_, AppState>, query: QueueQuery) -> Reply<QueuePage> {
    Ok(queue::page(&state.store().await?, &query, now()).await?)
}
