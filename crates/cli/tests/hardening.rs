//! Values at the edges, from a fault campaign: amounts too large for the credit arithmetic,
//! instants in the future or beyond four-digit years, and control characters in text printed
//! for a terminal. Each is refused or escaped with words, never a panic or a raw escape.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/sample")
}

fn accord(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(args)
        .output()
        .expect("run accord")
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[track_caller]
fn assert_ok(out: &Output) {
    assert!(out.status.success(), "{}", stderr(out));
}

/// The premium sample agreement with its fee and its p1 per-breach credit replaced.
fn premium_with(fee: &str, p1: &str) -> String {
    std::fs::read_to_string(sample().join("agreements/premium.toml"))
        .unwrap()
        .replace(
            "monthly_fee = \"",
            &format!("monthly_fee = \"{fee}\" # was \""),
        )
        .replace("p1 = \"250.00\"", &format!("p1 = \"{p1}\""))
}

/// Fault 2: an amount the credit arithmetic would overflow on (a quarter is three fees, a
/// percent of the fee, credits summed over breaches) is refused where it is read, with its
/// file, line and key; the largest accepted amounts compute every report without a panic.
#[test]
fn amounts_are_bounded_where_they_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let huge = "79228162514264337593543950335.00";
    for (fee, p1, key) in [
        (huge, "250.00", "monthly_fee"),
        ("4200.00", huge, "credits.per_breach.p1"),
        ("1000000000000000.01", "250.00", "monthly_fee"),
    ] {
        let f = dir.path().join("premium.toml");
        std::fs::write(&f, premium_with(fee, p1)).unwrap();
        let out = accord(&["agreement", "check", &s(&f)]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{fee} {p1}: {err}");
        assert!(
            err.contains(&format!("{}:", s(&f))) && err.contains(key) && err.contains("at most"),
            "{err}"
        );
    }

    // At the bound: the reports, over files and over a database, and what-if all compute.
    let agreements = dir.path().join("agreements");
    std::fs::create_dir(&agreements).unwrap();
    for n in ["basic", "enterprise"] {
        std::fs::copy(
            sample().join(format!("agreements/{n}.toml")),
            agreements.join(format!("{n}.toml")),
        )
        .unwrap();
    }
    let max = "1000000000000000.00";
    std::fs::write(agreements.join("premium.toml"), premium_with(max, max)).unwrap();
    let (t, e) = (
        s(&sample().join("tickets.csv")),
        s(&sample().join("events.csv")),
    );
    let a = s(&agreements);
    let files = ["--agreements", &a, "--tickets", &t, "--events", &e];
    let periods = [
        "--period", "2026-10", "--period", "2026-Q3", "--format", "csv",
    ];
    let out = accord(&[&["report"][..], &files, &periods].concat());
    assert_ok(&out);
    let db = format!("sqlite://{}", dir.path().join("a.db").display());
    let premium = s(&agreements.join("premium.toml"));
    let basic = s(&agreements.join("basic.toml"));
    let enterprise = s(&agreements.join("enterprise.toml"));
    assert_ok(&accord(&[
        "import",
        "--db",
        &db,
        &basic,
        &enterprise,
        &premium,
        &t,
        &e,
    ]));
    assert_ok(&accord(&[&["report", "--db", &db][..], &periods].concat()));
    let simulate = accord(
        &[
            &["simulate"][..],
            &files,
            &[
                "--agreement",
                "CTRA-APC-WV-PREMIUM",
                "--with",
                &premium,
                "--period",
                "2026-Q3",
            ],
        ]
        .concat(),
    );
    assert_ok(&simulate);
}
