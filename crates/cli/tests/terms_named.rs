//! `accord explain` names the amendment governing a ticket (issue 20, point 5), and says
//! nothing more for a ticket under the base terms.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/sample")
}

const AMENDMENT: &str = include_str!("../../core/tests/fixtures/premium-amendment.toml");

/// The sample's agreements, the premium one with `AMENDMENT` appended, in a new directory.
fn amended() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in ["basic.toml", "enterprise.toml", "premium.toml"] {
        let mut text = std::fs::read_to_string(sample().join("agreements").join(f)).unwrap();
        if f == "premium.toml" {
            text.push_str(AMENDMENT);
        }
        std::fs::write(dir.path().join(f), text).unwrap();
    }
    dir
}

fn explain(agreements: &Path, id: &str) -> Output {
    let d = sample();
    Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(["explain", id, "--agreements"])
        .arg(agreements)
        .arg("--tickets")
        .arg(d.join("tickets.csv"))
        .arg("--events")
        .arg(d.join("events.csv"))
        .args(["--as-of", "2026-11-20T00:00:00Z"])
        .output()
        .expect("run accord")
}

fn text(out: Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn explain_names_the_amendment_governing_a_ticket_opened_after_it() {
    let dir = amended();
    // Opened 2026-10-31, after the amendment took effect.
    let after = text(explain(dir.path(), "T-0000051"));
    assert!(
        after.contains("\n  Terms: Amendment No. 1, in force from 2026-10-15\n"),
        "{after}"
    );
    // Opened 2026-01-20, under the base terms: the same text as without the amendment.
    let before = text(explain(dir.path(), "T-0000003"));
    assert!(!before.contains("Terms:"), "{before}");
    assert_eq!(
        before,
        text(explain(&sample().join("agreements"), "T-0000003"))
    );
    // And without the amendment, no line names terms.
    let plain = text(explain(&sample().join("agreements"), "T-0000051"));
    assert!(!plain.contains("Terms:"), "{plain}");
}
