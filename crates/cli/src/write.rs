//! Output: stdout that tolerates a closed pipe, atomic files and folders, text made safe for
//! terminals, and colour only for terminals.
//!
//! A file is written whole or not at all: into a temporary file beside it, renamed over it at
//! the end. A folder (`accord export`) likewise: built beside it, then renamed into place as
//! one. A write that is killed (SIGKILL: no chance to clean up) leaves its temporary file or
//! folder behind; they are named after their target and their process —
//! `.NAME.accord-tmp-PID-XXXXXX` — so the next write of the same target removes those of
//! processes no longer running, and nothing else.

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::Context;

/// Writes to stdout; a closed pipe (`accord sla | head`) is not an error.
pub fn stdout(bytes: &[u8]) -> anyhow::Result<()> {
    stdout_parts(&[bytes])
}

/// Writes parts to stdout one after the other; a closed pipe is not an error.
pub fn stdout_parts<B: AsRef<[u8]>>(parts: &[B]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let written = parts
        .iter()
        .try_for_each(|p| out.write_all(p.as_ref()))
        .and_then(|()| out.flush());
    match written {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r.context("writing to standard output"),
    }
}

/// Human-readable text made safe for a terminal, line by line: the control characters of
/// each line (escape sequences, carriage returns, …) are escaped by
/// [`accord_core::error::printable`], the line breaks between lines are kept. Every text the
/// command line prints for people goes through it (fields of free text, such as a subject or
/// a note, are escaped on their own first, so a line break in them shows as `\n`); the CSV
/// and JSON outputs do not.
pub fn terminal(text: &str) -> String {
    text.split('\n')
        .map(accord_core::error::printable)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Writes human-readable text to stdout, made safe for a terminal ([`terminal`]).
pub fn stdout_text(text: &str) -> anyhow::Result<()> {
    stdout(terminal(text).as_bytes())
}

/// Writes to stderr, ignoring failures (there is nowhere left to report them).
pub fn stderr(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Writes a whole file atomically: a temporary file beside it, then a rename, so a failure
/// never leaves half a file behind.
pub fn file_parts<B: AsRef<[u8]>>(path: &Path, parts: &[B]) -> anyhow::Result<()> {
    let dir = parent(path);
    remove_stale(path, TMP);
    let tmp = tempfile::Builder::new()
        .prefix(&leftover_prefix(path, TMP, std::process::id()))
        .tempfile_in(dir)
        .with_context(|| format!("creating a file in {}", dir.display()))?;
    let mut w = std::io::BufWriter::with_capacity(1 << 20, tmp.as_file());
    parts
        .iter()
        .try_for_each(|p| w.write_all(p.as_ref()))
        .and_then(|()| w.flush())
        .with_context(|| format!("writing {}", path.display()))?;
    drop(w);
    // A temporary file is private (0600); the result gets what a new file would get, or keeps
    // the permissions of the file it replaces.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode());
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))
            .with_context(|| format!("writing {}", path.display()))?;
    }
    tmp.as_file()
        .sync_all()
        .with_context(|| format!("writing {}", path.display()))?;
    tmp.persist(path)
        .with_context(|| format!("writing {}", path.display()))?;
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
pub fn folder(dir: &Path, files: &[(String, Vec<u8>)]) -> anyhow::Result<()> {
    let at = parent(dir);
    std::fs::create_dir_all(at).with_context(|| format!("creating {}", at.display()))?;
    remove_stale(dir, TMP);
    let mut aside = stale(dir, OLD);
    if !dir.exists()
        && let Some(last) = aside.pop()
    {
        std::fs::rename(&last, dir).with_context(|| format!("restoring {}", dir.display()))?;
    }
    for p in aside {
        let _ = std::fs::remove_dir_all(p);
    }
    let pid = std::process::id();
    let new = tempfile::Builder::new()
        .prefix(&leftover_prefix(dir, TMP, pid))
        .tempdir_in(at)
        .with_context(|| format!("creating a folder in {}", at.display()))?;
    if dir.exists() {
        for e in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
            let e = e.with_context(|| format!("reading {}", dir.display()))?;
            let name = e.file_name();
            if files.iter().any(|(n, _)| **n == *name) {
                continue;
            }
            let (from, to) = (e.path(), new.path().join(&name));
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                anyhow::bail!(
                    "{} holds the folder {}: export into a folder of files only, or a new one",
                    dir.display(),
                    name.to_string_lossy()
                );
            }
            if std::fs::hard_link(&from, &to).is_err() {
                std::fs::copy(&from, &to)
                    .with_context(|| format!("copying {} into the new export", from.display()))?;
            }
        }
    }
    for (name, bytes) in files {
        file_parts(&new.path().join(name), &[bytes])?;
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
        std::fs::rename(dir, &old).with_context(|| format!("moving {} aside", dir.display()))?;
        std::fs::rename(&new, dir).with_context(|| format!("writing {}", dir.display()))?;
        let _ = std::fs::remove_dir_all(&old);
    } else {
        std::fs::rename(&new, dir).with_context(|| format!("writing {}", dir.display()))?;
    }
    Ok(())
}

/// Writes to `--out` when given, else stdout.
pub fn output(out: Option<&Path>, bytes: &[u8]) -> anyhow::Result<()> {
    output_parts(out, &[bytes])
}

/// Writes parts to `--out` when given, else stdout.
pub fn output_parts<B: AsRef<[u8]>>(out: Option<&Path>, parts: &[B]) -> anyhow::Result<()> {
    match out {
        Some(p) => file_parts(p, parts),
        None => stdout_parts(parts),
    }
}

/// Whether stdout is a terminal that wants colour (honours `NO_COLOR`).
pub fn colour() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}
