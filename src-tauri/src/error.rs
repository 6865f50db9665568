//! The one error type that crosses to the front end: a stable `code` the UI can branch on, a
//! sentence a person can read, and, for bad input, every located problem. Nothing reaches the
//! window as a raw `Result` or debug string.

use accord_app::AppError;
use accord_core::InputError;
use accord_store::StoreError;
use serde::Serialize;

/// What kind of failure, for the UI to choose how to show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The input (a file, a form) is wrong; `details` lists where.
    Input,
    /// Someone else changed the data first; reload and try again.
    Conflict,
    /// The thing asked for does not exist.
    NotFound,
    /// A change the rules do not allow (the message says why).
    Rejected,
    /// The database failed or cannot be reached.
    Database,
    /// A file could not be read or written.
    Io,
    /// The user cancelled it; nothing was changed.
    Cancelled,
    /// A defect of the program itself (a computation that stopped, a report that could not be
    /// laid out): not the user's doing, and worth reporting.
    Internal,
}

/// An error as the front end receives it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type, thiserror::Error)]
#[error("{message}")]
pub struct IpcError {
    /// What kind of failure.
    pub code: ErrorCode,
    /// One readable sentence (or a few lines).
    pub message: String,
    /// For input errors: every problem, located by file, line, column and key.
    pub details: Vec<InputError>,
}

impl IpcError {
    /// An error without details.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            details: Vec::new(),
        }
    }
}

impl From<StoreError> for IpcError {
    fn from(e: StoreError) -> Self {
        let code = match &e {
            StoreError::Conflict(_) => ErrorCode::Conflict,
            StoreError::NotFound(_) => ErrorCode::NotFound,
            StoreError::Rejected(_) => ErrorCode::Rejected,
            StoreError::Io(..) | StoreError::Exists(_) => ErrorCode::Io,
            StoreError::Agreement(errors) => {
                return Self {
                    code: ErrorCode::Database,
                    message: e.to_string(),
                    details: errors.errors.clone(),
                };
            }
            _ => ErrorCode::Database,
        };
        Self::new(code, e.to_string())
    }
}

impl From<AppError> for IpcError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::Input(errors) => {
                let n = errors.errors.len();
                let more = if errors.truncated { " (and more)" } else { "" };
                Self {
                    code: ErrorCode::Input,
                    message: if n == 1 {
                        "1 problem was found; nothing was changed".to_owned()
                    } else {
                        format!("{n} problems were found{more}; nothing was changed")
                    },
                    details: errors.errors,
                }
            }
            AppError::Store(s) => s.into(),
            AppError::Rejected(m) => Self::new(ErrorCode::Rejected, m),
            AppError::Report(m) => Self::new(
                ErrorCode::Internal,
                format!("the report could not be made: {m}"),
            ),
            e @ AppError::Cancelled => Self::new(ErrorCode::Cancelled, e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shape the front end reads (`ui/src/lib/ipc`): pinned so a change is deliberate.
    #[test]
    fn json_shape_is_stable() {
        let e = IpcError::from(StoreError::Conflict("ticket T-1 was changed".into()));
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({
                "code": "conflict",
                "message": "conflict: ticket T-1 was changed; reload and try again",
                "details": []
            })
        );
        let input = accord_core::InputErrors {
            errors: vec![InputError {
                file: "tickets.csv".into(),
                line: 3,
                column: 2,
                key: "priority".into(),
                reason: "`p9` is not a priority".into(),
            }],
            truncated: false,
        };
        let v = serde_json::to_value(IpcError::from(AppError::Input(input))).unwrap();
        assert_eq!(v["code"], "input");
        assert_eq!(v["message"], "1 problem was found; nothing was changed");
        assert_eq!(v["details"][0]["line"], 3);
        assert_eq!(v["details"][0]["key"], "priority");
    }

    #[test]
    fn a_program_defect_is_internal_not_a_file_problem() {
        let e = IpcError::from(AppError::Report("the layout failed".into()));
        assert_eq!(e.code, ErrorCode::Internal);
        assert_eq!(serde_json::to_value(&e).unwrap()["code"], "internal");
        // A file that cannot be written is still the user's file problem.
        let io = IpcError::from(StoreError::Io(
            "reports/october.pdf".into(),
            std::io::Error::other("disk full"),
        ));
        assert_eq!(io.code, ErrorCode::Io);
    }
}
