//! Issued statements: a period's standing (what was issued, what has moved since), and issuing.

use accord_app::statements::{self, IssueForm, StatementStatus};
use tauri::State;

use super::Reply;
use super::data::actor;
use crate::state::{AppState, now};

/// An agreement's statements of a period: the latest issued, its restatement when figures
/// moved since, and whether it can be issued now.
#[tauri::command]
#[specta::specta]
pub async fn statement_status(
    state: State<'_, AppState>,
    agreement_id: String,
    period: String,
) -> Reply<StatementStatus> {
    Ok(statements::status(&state.store().await?, &agreement_id, &period, now()).await?)
}

/// Issues a period's credit statement (again, after a restatement, with `supersede`).
#[tauri::command]
#[specta::specta]
pub async fn issue_statement(
    state: State<'_, AppState>,
    form: IssueForm,
) -> Reply<StatementStatus> {
    Ok(statements::issue(&state.store().await?, &form, &actor(), now()).await?)
}
