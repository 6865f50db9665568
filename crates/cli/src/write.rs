//! Output: stdout that tolerates a closed pipe, atomic files, and colour only for terminals.

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
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    let tmp = tempfile::NamedTempFile::new_in(dir)
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
