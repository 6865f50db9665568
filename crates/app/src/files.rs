//! Files written whole or not at all, for every shell (the command line's `--out` and
//! `accord export`, the desktop's save dialog).
//!
//! A file is written into a temporary file beside it and renamed over it at the end. A folder
//! (`accord export`) likewise: built beside it, then renamed into place as one. A write that is
//! killed (SIGKILL: no chance to clean up) leaves its temporary file or folder behind; they are
//! named after their target and their process — `.NAME.accord-tmp-PID-XXXXXX` — so the next
//! write of the same target removes those of processes no longer running, and nothing else.

use std::io::Write;
use std::path::Path;

/// A file or folder that could not be written: what was being done, and why.
#[derive(Debug, thiserror::Error)]
#[error("{what}: {source}")]
pub struct WriteError {
    /// What was being done (`writing /path/report.pdf`).
    pub what: String,
    /// Why it failed.
    #[source]
    pub source: std::io::Error,
}

impl WriteError {
    fn new(what: String, source: std::io::Error) -> Self {
        Self { what, source }
    }
}

/// Writes a whole file atomically: a temporary file beside it, then a rename, so a failure
/// never leaves half a file behind.
pub fn write_file<B: AsRef<[u8]>>(path: &Path, parts: &[B]) -> Result<(), WriteError> {
    let dir = parent(path);
    remove_stale(path, TMP);
    let tmp = tempfile::Builder::new()
        .prefix(&leftover_prefix(path, TMP, std::process::id()))
        .tempfile_in(dir)
        .map_err(|e| WriteError::new(format!("creating a file in {}", dir.display()), e))?;
    let mut w = std::io::BufWriter::with_capacity(1 << 20, tmp.as_file());
    parts
        .iter()
        .try_for_each(|p| w.write_all(p.as_ref()))
        .and_then(|()| w.flush())
        .map_err(|e| WriteError::new(format!("writing {}", path.display()), e))?;
    drop(w);
    // A temporary file is private (0600); the result gets what a new file would get, or keeps
    // the permissions of the file it replaces.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode());
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))
            .map_err(|e| WriteError::new(format!("writing {}", path.display()), e))?;
    }
    tmp.as_file()
        .sync_all()
        .map_err(|e| WriteError::new(format!("writing {}", path.display()), e))?;
    tmp.persist(path)
        .map_err(|e| WriteError::new(format!("writing {}", path.display()), e.error))?;
    Ok(())
}

/// The folder a path is in (`.` for a bare name).
fn parent(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."))
}

/// What a temporary file or folder is: being written (`TMP`), or a folder being replaced
/// (`OLD`, kept until its replacement is in place).
const TMP: &str = "tmp";
const OLD: &str = "old";

/// `.NAME.accord-KIND-`: the start of the names of the leftovers of `target`.
fn leftover_start(target: &Path, kind: &str) -> String {
    let name = target
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    format!(".{name}.accord-{kind}-")
}

/// `.NAME.accord-KIND-PID-`: the start of the name of a leftover of `target` by process `pid`.
fn leftover_prefix(target: &Path, kind: &str, pid: u32) -> String {
    format!("{}{pid}-", leftover_start(target, kind))
}

/// Leftovers of `kind` beside `target` written by processes no longer running (a write
/// killed before it could clean up), oldest first.
fn stale(target: &Path, kind: &str) -> Vec<std::path::PathBuf> {
    let start = leftover_start(target, kind);
    let Ok(entries) = std::fs::read_dir(parent(target)) else {
        return Vec::new();
    };
    let mut found: Vec<(std::time::SystemTime, std::path::PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let pid: u32 = name.strip_prefix(&start)?.split('-').next()?.parse().ok()?;
            let modified = e.metadata().and_then(|m| m.modified()).ok()?;
            (pid != std::process::id() && !running(pid, modified)).then(|| (modified, e.path()))
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, p)| p).collect()
}

/// Whether process `pid`, which last wrote at `modified`, may still be writing: on systems
/// with `/proc`, whether it runs; elsewhere, whether it wrote within the last hour.
fn running(pid: u32, modified: std::time::SystemTime) -> bool {
    let proc = Path::new("/proc");
    if proc.join("self").exists() {
        proc.join(pid.to_string()).exists()
    } else {
        modified
            .elapsed()
            .is_ok_and(|age| age < std::time::Duration::from_secs(3600))
    }
}

/// Removes the leftovers of `kind` of killed writes of `target` (best effort: a leftover that
/// cannot be removed is no reason to refuse the write).
fn remove_stale(target: &Path, kind: &str) {
    for p in stale(target, kind) {
        let _ = if p.is_dir() {
            std::fs::remove_dir_all(&p)
        } else {
            std::fs::remove_file(&p)
        };
    }
}

/// Writes a folder of files as one: the new folder is built beside `dir` (with the files of
/// `dir` that are not among `files`, hard-linked or copied, so the user's own stay), then
/// renamed into its place; the old one, renamed aside first, is removed last. A kill leaves
/// `dir` whole — old or new — and the next write cleans up after it (a kill between the two
/// renames leaves `dir` aside, and the next write puts it back first).
pub fn write_folder(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), WriteError> {
    let at = parent(dir);
    std::fs::create_dir_all(at)
        .map_err(|e| WriteError::new(format!("creating {}", at.display()), e))?;
    remove_stale(dir, TMP);
    let mut aside = stale(dir, OLD);
    if !dir.exists()
        && let Some(last) = aside.pop()
    {
        std::fs::rename(&last, dir)
            .map_err(|e| WriteError::new(format!("restoring {}", dir.display()), e))?;
    }
    for p in aside {
        let _ = std::fs::remove_dir_all(p);
    }
    let pid = std::process::id();
    let new = tempfile::Builder::new()
        .prefix(&leftover_prefix(dir, TMP, pid))
        .tempdir_in(at)
        .map_err(|e| WriteError::new(format!("creating a folder in {}", at.display()), e))?;
    if dir.exists() {
        for e in std::fs::read_dir(dir)
            .map_err(|e| WriteError::new(format!("reading {}", dir.display()), e))?
        {
            let e = e.map_err(|e| WriteError::new(format!("reading {}", dir.display()), e))?;
            let name = e.file_name();
            if files.iter().any(|(n, _)| **n == *name) {
                continue;
            }
            let (from, to) = (e.path(), new.path().join(&name));
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                return Err(WriteError::new(
                    format!(
                        "{} holds the folder {}: export into a folder of files only, or a new one",
                        dir.display(),
                        name.to_string_lossy()
                    ),
                    std::io::Error::other("a folder is in the way"),
                ));
            }
            if std::fs::hard_link(&from, &to).is_err() {
                std::fs::copy(&from, &to).map_err(|e| {
                    WriteError::new(format!("copying {} into the new export", from.display()), e)
                })?;
            }
        }
    }
    for (name, bytes) in files {
        write_file(&new.path().join(name), &[bytes])?;
    }
    let new = new.keep();
    if dir.exists() {
        // A folder cannot be renamed over a non-empty one: the old one goes aside first (under
        // the new one's unique name, as an `old` leftover), then the new one into its place.
        let unique = new
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let unique = unique
            .strip_prefix(&leftover_prefix(dir, TMP, pid))
            .unwrap_or(&unique);
        let old = at.join(format!("{}{unique}", leftover_prefix(dir, OLD, pid)));
        std::fs::rename(dir, &old)
            .map_err(|e| WriteError::new(format!("moving {} aside", dir.display()), e))?;
        std::fs::rename(&new, dir)
            .map_err(|e| WriteError::new(format!("writing {}", dir.display()), e))?;
        let _ = std::fs::remove_dir_all(&old);
    } else {
        std::fs::rename(&new, dir)
            .map_err(|e| WriteError::new(format!("writing {}", dir.display()), e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_leaves_its_target_whole_and_removes_a_dead_writers_leftovers() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("report.pdf");
        // What a killed writer (a process id no system hands out) left behind, and what a
        // running one (this very process is skipped, another is kept) or the user left.
        let dead = dir.path().join(".report.pdf.accord-tmp-4294967294-Xy12ab");
        let other = dir.path().join(".other.pdf.accord-tmp-4294967294-Xy12ab");
        let own = dir.path().join("notes.txt");
        for p in [&dead, &other, &own] {
            std::fs::write(p, b"left").unwrap();
        }
        write_file(&target, &[b"%PDF-".as_slice(), b"1.7".as_slice()]).unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"%PDF-1.7");
        assert!(
            !dead.exists(),
            "a dead writer's leftover of the same target is removed"
        );
        assert!(other.exists() && own.exists(), "nothing else is touched");
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names.len(),
            3,
            "no temporary file of this write is left: {names:?}"
        );
    }

    #[test]
    fn a_folder_is_replaced_as_one_keeping_the_users_own_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("export");
        write_folder(&out, &[("tickets.csv".into(), b"old".to_vec())]).unwrap();
        std::fs::write(out.join("readme.txt"), b"mine").unwrap();
        write_folder(
            &out,
            &[
                ("tickets.csv".into(), b"new".to_vec()),
                ("events.csv".into(), b"new".to_vec()),
            ],
        )
        .unwrap();
        assert_eq!(std::fs::read(out.join("tickets.csv")).unwrap(), b"new");
        assert_eq!(std::fs::read(out.join("events.csv")).unwrap(), b"new");
        assert_eq!(std::fs::read(out.join("readme.txt")).unwrap(), b"mine");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "nothing beside it"
        );
    }
}
