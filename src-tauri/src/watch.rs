//! A look at the database every two seconds, in the background:
//! - its revision: when anyone (another team member on a shared PostgreSQL too) changed
//!   something, the window is told to reload what it shows;
//! - the tickets that passed an escalation level since the last look (from the schedules the
//!   store keeps, one index range): a desktop notification each, which opens the ticket when
//!   clicked. A burst (more than five at once, e.g. after a long sleep) gets one summary.

use std::time::Duration;

use accord_app::database::revision;
use accord_app::queue::{self, QueueItem};
use accord_core::Instant;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;
use tauri_specta::Event;

use crate::events::DataChanged;
use crate::state::{AppState, now};

const EVERY: Duration = Duration::from_secs(2);
const BURST: usize = 5;

/// Starts the watcher.
pub fn start<R: Runtime>(app: AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        let mut seen = match app.state::<AppState>().store().await {
            Ok(store) => revision(&store).await.ok(),
            Err(_) => None,
        };
        let mut window = Window { after: now() };
        loop {
            tokio::time::sleep(EVERY).await;
            let Ok(store) = app.state::<AppState>().store().await else {
                continue;
            };
            if let Ok(r) = revision(&store).await {
                if seen.is_some_and(|s| s != r) {
                    let _ = DataChanged { revision: r }.emit(&app);
                }
                seen = Some(r);
            }
            let until = now();
            let looked = queue::escalating(&store, window.after, until).await;
            if let Some(rows) = window.look(until, looked) {
                notify(&app, &rows.rows, rows.after, rows.until);
            }
        }
    });
}

/// The stretch of time the next look at the escalations covers: from the end of the last
/// look that succeeded. A look that fails (the database unreachable for a moment) leaves it
/// where it was, so the next look covers that stretch too and its notifications are sent
/// late rather than never.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Window {
    after: Instant,
}

/// What a successful look found, and the stretch it covered.
#[derive(Debug)]
struct Looked<T> {
    rows: T,
    after: Instant,
    until: Instant,
}

impl Window {
    /// Takes the result of a look over `(self.after, until]`: the rows and the stretch when
    /// it succeeded (and the window moves on to `until`), nothing when it failed.
    fn look<T, E>(&mut self, until: Instant, result: Result<T, E>) -> Option<Looked<T>> {
        let rows = result.ok()?;
        let after = std::mem::replace(&mut self.after, until);
        Some(Looked { rows, after, until })
    }
}

fn notify<R: Runtime>(app: &AppHandle<R>, rows: &[QueueItem], after: Instant, until: Instant) {
    if rows.len() > BURST {
        let _ = app
            .notification()
            .builder()
            .title(format!("{} tickets passed an escalation level", rows.len()))
            .body("Open the queue to see them, most urgent first.")
            .show();
        return;
    }
    for row in rows {
        let level = row
            .escalations
            .iter()
            .filter(|l| l.at > after && l.at <= until)
            .map(|l| l.level)
            .max()
            .unwrap_or(row.escalation_level);
        let _ = app
            .notification()
            .builder()
            .title(format!("{} reached escalation level {level}", row.id))
            .body(format!(
                "{} · {} · {}",
                row.agreement_id,
                row.priority.as_str().to_uppercase(),
                row.subject
            ))
            .extra("ticket", row.id.clone())
            .show();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_look_is_covered_by_the_next() {
        let mut w = Window {
            after: Instant(100),
        };
        assert!(w.look::<(), _>(Instant(102), Err("unreachable")).is_none());
        assert_eq!(
            w,
            Window {
                after: Instant(100)
            },
            "not moved on"
        );
        let next = w.look::<_, ()>(Instant(104), Ok(7)).unwrap();
        assert_eq!(
            (next.rows, next.after, next.until),
            (7, Instant(100), Instant(104))
        );
        assert_eq!(
            w,
            Window {
                after: Instant(104)
            }
        );
    }
}
