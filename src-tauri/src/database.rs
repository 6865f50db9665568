//! Which database the app opens, remembered between starts, with a PostgreSQL password kept in
//! the OS keychain (Keychain on macOS, Credential Manager on Windows, the Secret Service on
//! Linux) and never in a file.
//!
//! The choice lives in `database.json` in the user's config folder, holding a SQLite path or a
//! PostgreSQL URL *without* its password. At start the app opens, in order: `ACCORD_DB` (as the
//! command line does; the end-to-end tests use it), the remembered choice, or the default
//! SQLite file in the user's data folder.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{ErrorCode, IpcError};

/// A remembered database: where, never with a password.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DatabaseChoice {
    /// A SQLite file on this computer.
    Sqlite {
        /// The file.
        path: String,
    },
    /// A shared PostgreSQL server.
    Postgres {
        /// `postgres://USER@HOST:PORT/DB`, without the password.
        url: String,
    },
}

/// Where the password of a PostgreSQL URL is kept.
pub trait Secrets: Send + Sync {
    /// The password saved for `url`, if any.
    ///
    /// # Errors
    /// When the keychain cannot be read (locked, absent).
    fn get(&self, url: &str) -> Result<Option<String>, IpcError>;
    /// Saves `password` for `url`.
    ///
    /// # Errors
    /// When the keychain cannot be written.
    fn set(&self, url: &str, password: &str) -> Result<(), IpcError>;
}

/// The OS keychain, one entry per server URL (service "Accord").
#[derive(Debug, Default)]
pub struct Keychain;

const SERVICE: &str = "Accord";

fn keychain_error(e: &keyring::Error) -> IpcError {
    IpcError::new(
        ErrorCode::Database,
        format!("the system keychain could not be used: {e}"),
    )
}

impl Secrets for Keychain {
    fn get(&self, url: &str) -> Result<Option<String>, IpcError> {
        let entry = keyring::Entry::new(SERVICE, url).map_err(|e| keychain_error(&e))?;
        match entry.get_password() {
            Ok(p) => Ok(Some(p)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(keychain_error(&e)),
        }
    }

    fn set(&self, url: &str, password: &str) -> Result<(), IpcError> {
        keyring::Entry::new(SERVICE, url)
            .and_then(|e| e.set_password(password))
            .map_err(|e| keychain_error(&e))
    }
}

fn bad_url(url: &str, why: &str) -> IpcError {
    IpcError::new(
        ErrorCode::Input,
        format!("`{}` is not a PostgreSQL URL: {why}", redacted(url)),
    )
}

/// `url` without its password, for messages: the store's one redactor, which also hides the
/// password of a URL that does not parse.
fn redacted(url: &str) -> String {
    accord_store::redact(url)
}

/// Splits a PostgreSQL URL into the URL to remember (no password) and the password it held.
///
/// # Errors
/// When it is not a `postgres://` or `postgresql://` URL with a user, host and database.
pub fn split_password(url: &str) -> Result<(String, Option<String>), IpcError> {
    let mut u = url::Url::parse(url.trim()).map_err(|e| bad_url(url, &e.to_string()))?;
    if !matches!(u.scheme(), "postgres" | "postgresql") {
        return Err(bad_url(url, "it must start with postgres://"));
    }
    if u.host_str().is_none_or(str::is_empty) {
        return Err(bad_url(url, "it names no server"));
    }
    if u.username().is_empty() {
        return Err(bad_url(
            url,
            "it names no user (postgres://USER@HOST:PORT/DATABASE)",
        ));
    }
    if u.path().trim_matches('/').is_empty() {
        return Err(bad_url(
            url,
            "it names no database (postgres://USER@HOST:PORT/DATABASE)",
        ));
    }
    let password = u
        .password()
        .map(|p| {
            percent_encoding::percent_decode_str(p)
                .decode_utf8_lossy()
                .into_owned()
        })
        .filter(|p| !p.is_empty());
    u.set_password(None)
        .map_err(|()| bad_url(url, "its password cannot be taken out"))?;
    Ok((u.to_string(), password))
}

/// The URL to connect with: `url` (without a password) with `password` put in.
///
/// # Errors
/// When `url` cannot hold a password.
pub fn with_password(url: &str, password: Option<&str>) -> Result<String, IpcError> {
    let Some(password) = password else {
        return Ok(url.to_owned());
    };
    let mut u = url::Url::parse(url).map_err(|e| bad_url(url, &e.to_string()))?;
    u.set_password(Some(password))
        .map_err(|()| bad_url(url, "it cannot hold a password"))?;
    Ok(u.to_string())
}

/// The URL to open for a choice, with the keychain's password for a server.
///
/// # Errors
/// When the keychain cannot be read.
pub fn connect_url(choice: &DatabaseChoice, secrets: &dyn Secrets) -> Result<String, IpcError> {
    match choice {
        // Percent-encoded by the store's one builder, which its reader undoes: a file whose
        // name holds a space, `?`, `%` or `#` is the file opened.
        DatabaseChoice::Sqlite { path } => Ok(accord_store::sqlite_url(Path::new(path))),
        DatabaseChoice::Postgres { url } => with_password(url, secrets.get(url)?.as_deref()),
    }
}

/// Where the choice is remembered.
#[derive(Clone, Debug)]
pub struct ChoiceFile(pub PathBuf);

impl ChoiceFile {
    /// `database.json` in the user's config folder.
    #[must_use]
    pub fn in_config_folder() -> Option<Self> {
        directories::ProjectDirs::from("", "", "Accord")
            .map(|d| Self(d.config_dir().join("database.json")))
    }

    /// The remembered choice; `None` when there is none or it cannot be read (the default
    /// database is opened instead, and choosing again rewrites it).
    #[must_use]
    pub fn load(&self) -> Option<DatabaseChoice> {
        let text = std::fs::read_to_string(&self.0).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// Remembers `choice`, whole or not at all.
    ///
    /// # Errors
    /// When the file cannot be written.
    pub fn save(&self, choice: &DatabaseChoice) -> Result<(), IpcError> {
        if let Some(dir) = self.0.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| IpcError::new(ErrorCode::Io, format!("{}: {e}", dir.display())))?;
        }
        let json = serde_json::to_vec_pretty(choice)
            .map_err(|e| IpcError::new(ErrorCode::Io, e.to_string()))?;
        crate::files::write_atomically(&self.0, &json)
    }

    /// The file.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::sync::Mutex;

    use super::*;

    #[derive(Default)]
    struct Memory(Mutex<HashMap<String, String>>);

    impl Secrets for Memory {
        fn get(&self, url: &str) -> Result<Option<String>, IpcError> {
            Ok(self.0.lock().unwrap().get(url).cloned())
        }
        fn set(&self, url: &str, password: &str) -> Result<(), IpcError> {
            self.0
                .lock()
                .unwrap()
                .insert(url.to_owned(), password.to_owned());
            Ok(())
        }
    }

    #[test]
    fn a_password_in_the_url_is_taken_out_and_put_back_encoded() {
        let (url, pw) = split_password("postgres://dana:s%40cret%2Fx@db.example:5433/accord")
            .expect("a good URL");
        assert_eq!(url, "postgres://dana@db.example:5433/accord");
        assert_eq!(pw.as_deref(), Some("s@cret/x"));
        let back = with_password(&url, pw.as_deref()).unwrap();
        let (again, pw2) = split_password(&back).unwrap();
        assert_eq!(
            (again.as_str(), pw2.as_deref()),
            (url.as_str(), Some("s@cret/x"))
        );
        assert_eq!(
            split_password("postgresql://dana@db/accord").unwrap(),
            ("postgresql://dana@db/accord".to_owned(), None)
        );
    }

    #[test]
    fn bad_urls_say_why_without_showing_the_password() {
        for (url, why) in [
            ("mysql://u:pw@h/db", "postgres://"),
            ("postgres://h/db", "no user"),
            ("postgres://u:pw@h", "no database"),
            ("not a url", "not a PostgreSQL URL"),
        ] {
            let e = split_password(url).unwrap_err();
            assert_eq!(e.code, ErrorCode::Input);
            assert!(e.message.contains(why), "{url}: {}", e.message);
            assert!(!e.message.contains(":pw@"), "{}", e.message);
        }
    }

    #[test]
    fn the_remembered_choice_has_no_password_and_the_keychain_supplies_it() {
        let dir = tempfile::tempdir().unwrap();
        let file = ChoiceFile(dir.path().join("nested").join("database.json"));
        assert_eq!(file.load(), None);
        let secrets = Memory::default();
        let (url, pw) = split_password("postgres://dana:hunter2@db.example/accord").unwrap();
        secrets.set(&url, pw.as_deref().unwrap()).unwrap();
        let choice = DatabaseChoice::Postgres { url };
        file.save(&choice).unwrap();
        let text = std::fs::read_to_string(file.path()).unwrap();
        assert!(!text.contains("hunter2"), "{text}");
        assert_eq!(file.load(), Some(choice.clone()));
        assert_eq!(
            connect_url(&choice, &secrets).unwrap(),
            "postgres://dana:hunter2@db.example/accord"
        );
        let sqlite = DatabaseChoice::Sqlite {
            path: "/tmp/a.db".to_owned(),
        };
        assert_eq!(
            connect_url(&sqlite, &secrets).unwrap(),
            "sqlite:///tmp/a.db"
        );
        // A file from the dialog, whatever its name holds, is the file the store opens.
        for path in [
            "/tmp/my files/a b.db",
            "/tmp/q?x/h#1.db",
            "/tmp/100%/p%20c.db",
            "/tmp/café/ü.db",
        ] {
            let url = connect_url(
                &DatabaseChoice::Sqlite {
                    path: path.to_owned(),
                },
                &secrets,
            )
            .unwrap();
            assert_eq!(
                accord_store::sqlite_path(&url).unwrap(),
                Path::new(path),
                "{url}"
            );
        }
        // A damaged file is as good as none.
        std::fs::write(file.path(), "{not json").unwrap();
        assert_eq!(file.load(), None);
    }
}
