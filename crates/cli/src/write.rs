//! Output: stdout that tolerates a closed pipe, files and folders written whole or not at all
//! ([`accord_app::files`]), text made safe for terminals, and colour only for terminals.

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

/// Writes a whole file atomically ([`accord_app::files::write_file`]).
pub fn file_parts<B: AsRef<[u8]>>(path: &Path, parts: &[B]) -> anyhow::Result<()> {
    Ok(accord_app::files::write_file(path, parts)?)
}

/// Writes a folder of files as one ([`accord_app::files::write_folder`]).
pub fn folder(dir: &Path, files: &[(String, Vec<u8>)]) -> anyhow::Result<()> {
    Ok(accord_app::files::write_folder(dir, files)?)
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
