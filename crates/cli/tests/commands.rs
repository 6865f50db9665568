//! The built `accord` binary against the shared sample and against bad input.

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

fn sample_args(cmd: &str) -> Vec<String> {
    let d = sample();
    vec![
        cmd.to_owned(),
        "--agreements".into(),
        s(&d.join("agreements")),
        "--tickets".into(),
        s(&d.join("tickets.csv")),
        "--events".into(),
        s(&d.join("events.csv")),
    ]
}

/// A report with its "generated" time (`YYYY-MM-DD HH:MM UTC`) taken out.
fn without_stamp(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(" UTC") {
        let head = &rest[..at];
        let stamp = head.len() >= 16
            && head.is_char_boundary(head.len() - 16)
            && head[head.len() - 16..]
                .bytes()
                .zip(b"0000-00-00 00:00")
                .all(|(c, p)| {
                    if *p == b'0' {
                        c.is_ascii_digit()
                    } else {
                        c == *p
                    }
                });
        out.push_str(if stamp {
            &head[..head.len() - 16]
        } else {
            head
        });
        out.push_str(" UTC");
        rest = &rest[at + 4..];
    }
    out.push_str(rest);
    out
}

fn run(args: &[String]) -> Output {
    accord(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

/// Fails the test with the command's own error when it did not succeed.
#[track_caller]
fn assert_ok(out: &Output) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn sla_csv_matches_the_independent_implementation_byte_for_byte() {
    let mut args = sample_args("sla");
    args.extend(["--as-of", "2026-11-20T00:00:00Z", "--format", "csv"].map(String::from));
    let out = run(&args);
    assert_ok(&out);
    let expected = std::fs::read(sample().join("expected-sla-2026-11-20.csv")).unwrap();
    assert!(
        out.stdout == expected,
        "accord sla differs from expected-sla-2026-11-20.csv"
    );
}

#[test]
fn report_csv_matches_the_independent_implementation_byte_for_byte() {
    let mut args = sample_args("report");
    args.extend(
        [
            "--period", "2026-09", "--period", "2026-10", "--period", "2026-Q3", "--format", "csv",
        ]
        .map(String::from),
    );
    let out = run(&args);
    assert_ok(&out);
    let expected = std::fs::read(sample().join("expected-metrics.csv")).unwrap();
    assert!(
        out.stdout == expected,
        "accord report differs from expected-metrics.csv:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// The hand-made edge cases of spec revision 2 (`shared/data/edges`).
fn edges() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/edges")
}

fn edge_args(cmd: &str, extra: &[&str]) -> Vec<String> {
    let d = edges();
    let mut args = vec![
        cmd.to_owned(),
        "--agreements".into(),
        s(&d.join("agreements")),
        "--tickets".into(),
        s(&d.join("tickets.csv")),
        "--events".into(),
        s(&d.join("events.csv")),
    ];
    args.extend(extra.iter().map(|a| (*a).to_owned()));
    args
}

#[track_caller]
fn assert_same(out: &Output, expected: &str) {
    assert_ok(out);
    let want = std::fs::read(edges().join(expected)).unwrap();
    assert!(
        out.stdout == want,
        "differs from {expected}:\n--- got\n{}--- expected\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&want)
    );
}

#[test]
fn edge_cases_sla_match_the_independent_implementation_byte_for_byte() {
    let args = edge_args(
        "sla",
        &["--as-of", "2026-11-20T00:00:00Z", "--format", "csv"],
    );
    assert_same(&run(&args), "expected-sla-2026-11-20.csv");
}

#[test]
fn edge_cases_metrics_match_the_independent_implementation_byte_for_byte() {
    // Every period ended by the report's instant (Q4 ends with 2026; by default it is today).
    let args = edge_args(
        "report",
        &[
            "--period",
            "2026-03",
            "--period",
            "2026-09",
            "--period",
            "2026-10",
            "--period",
            "2026-11",
            "--period",
            "2026-Q4",
            "--as-of",
            "2027-02-01T00:00:00Z",
            "--format",
            "csv",
        ],
    );
    assert_same(&run(&args), "expected-metrics.csv");
}

#[test]
fn edge_cases_metrics_to_date_match_the_independent_implementation_byte_for_byte() {
    let args = edge_args(
        "report",
        &[
            "--period",
            "2026-10",
            "--period",
            "2026-11",
            "--period",
            "2026-Q4",
            "--period",
            "2026-12",
            "--as-of",
            "2026-11-10T15:30:00Z",
            "--format",
            "csv",
        ],
    );
    assert_same(
        &run(&args),
        "expected-metrics-to-date-2026-11-10T15-30Z.csv",
    );
}

#[test]
fn report_scopes_keep_the_rows_of_the_agreements_they_cover() {
    let expected = std::fs::read_to_string(sample().join("expected-metrics.csv")).unwrap();
    let rows_of = |ids: &[&str]| -> String {
        expected
            .lines()
            .enumerate()
            .filter(|(i, l)| *i == 0 || ids.iter().any(|id| l.starts_with(&format!("{id},"))))
            .map(|(_, l)| format!("{l}\n"))
            .collect()
    };
    let all = [
        "CTRA-APC-WV-BASIC",
        "CTRA-APC-WV-ENT-MOUNTAINEER",
        "CTRA-APC-WV-PREMIUM",
    ];
    for (scope, ids) in [
        (&["--agreement", "CTRA-APC-WV-PREMIUM"][..], &all[2..]),
        (&["--tier", "enterprise"], &all[1..2]),
        (&["--region", "West Virginia"], &all[..]),
    ] {
        let mut args = sample_args("report");
        args.extend(scope.iter().map(|a| (*a).to_owned()));
        args.extend(
            [
                "--period", "2026-09", "--period", "2026-10", "--period", "2026-Q3",
            ]
            .map(String::from),
        );
        let out = run(&args);
        assert_ok(&out);
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            rows_of(ids),
            "{scope:?}"
        );
    }
    // A scope nothing matches is an error that names it, not an empty file.
    for (scope, words) in [
        (
            &["--region", "Ohio"][..],
            "no agreement matches (Region: Ohio)",
        ),
        (&["--agreement", "NOPE"], "no agreement `NOPE`"),
    ] {
        let mut args = sample_args("report");
        args.extend(scope.iter().map(|a| (*a).to_owned()));
        args.extend(["--period", "2026-10"].map(String::from));
        let out = run(&args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            !out.status.success() && out.stdout.is_empty() && err.contains(words),
            "{scope:?}: {err}"
        );
    }
}

#[test]
fn sla_json_has_the_csv_rows_with_nulls_for_absent_values() {
    let mut args = sample_args("sla");
    args.extend(["--as-of", "2026-11-20T00:00:00Z", "--format", "json"].map(String::from));
    let out = run(&args);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 600);
    let csv = std::fs::read_to_string(sample().join("expected-sla-2026-11-20.csv")).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    for (row, line) in rows.iter().zip(lines) {
        let obj = row.as_object().unwrap();
        // The CSV's keys in column order, then the breach instants the JSON adds.
        let keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        assert_eq!(keys[..header.len()], header[..], "keys in column order");
        assert_eq!(keys[header.len()..], ["fr_breached_at", "res_breached_at"]);
        for clock in ["fr", "res"] {
            let breached = obj[&format!("{clock}_state")] == "breached";
            assert_eq!(
                obj[&format!("{clock}_breached_at")].is_string(),
                breached,
                "{clock}_breached_at only for a breached clock: {row}"
            );
        }
        for (k, cell) in header.iter().zip(line.split(',')) {
            let want = match &obj[*k] {
                serde_json::Value::Null => String::new(),
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            assert_eq!(want, cell, "{k} of {line}");
        }
    }
}

#[test]
fn table_is_aligned_for_people() {
    let mut args = sample_args("sla");
    args.extend(["--as-of", "2026-11-20T00:00:00Z"].map(String::from));
    let out = run(&args);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 601);
    assert!(lines[0].starts_with("ticket"));
    assert!(!text.contains('\x1b'), "no colour when not a terminal");
    let col = lines[0].find("fr due").unwrap();
    assert!(
        lines[1..].iter().all(|l| l.len() > col),
        "rows reach the due column"
    );
}

#[test]
fn out_file_is_written_whole() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("sla.csv");
    let mut args = sample_args("sla");
    args.extend(
        [
            "--as-of",
            "2026-11-20T00:00:00Z",
            "--format",
            "csv",
            "--out",
        ]
        .map(String::from),
    );
    args.push(s(&target));
    let out = run(&args);
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    assert_eq!(
        std::fs::read(&target).unwrap(),
        std::fs::read(sample().join("expected-sla-2026-11-20.csv")).unwrap()
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left behind"
    );
}

#[test]
fn bad_rows_are_all_reported_with_location_and_nothing_is_printed() {
    let dir = tempfile::tempdir().unwrap();
    let tickets = dir.path().join("tickets.csv");
    let events = dir.path().join("events.csv");
    let out_file = dir.path().join("out.csv");
    std::fs::write(
        &tickets,
        "ticket_id,agreement_id,opened_at,priority,channel,category\n\
         T-1,CTRA-APC-WV-PREMIUM,2026-10-01T12:00:00Z,p2,phone,troubleshooting\n\
         T-2,NO-SUCH-AGREEMENT,2026-10-01T12:00:00Z,p2,phone,troubleshooting\n\
         T-3,CTRA-APC-WV-PREMIUM,2026-10-01T12:00:00Z,p9,phone,troubleshooting\n",
    )
    .unwrap();
    std::fs::write(
        &events,
        "ticket_id,at,kind\n\
         T-1,2026-09-30T12:00:00Z,responded\n\
         T-1,2026-10-01T13:00:00Z,escalated\n\
         T-404,2026-10-01T13:00:00Z,responded\n",
    )
    .unwrap();
    let out = accord(&[
        "sla",
        "--agreements",
        &s(&sample().join("agreements")),
        "--tickets",
        &s(&tickets),
        "--events",
        &s(&events),
        "--format",
        "csv",
        "--out",
        &s(&out_file),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(!out_file.exists(), "nothing written on bad input");
    let err = String::from_utf8(out.stderr).unwrap();
    let t = s(&tickets);
    let e = s(&events);
    for needle in [
        format!("{t}:3:2: `agreement_id`: unknown agreement `NO-SUCH-AGREEMENT`"),
        format!("{t}:4:4: `priority`: `p9` is not a priority"),
        format!(
            "{e}:2:2: `at`: this event (2026-09-30T12:00:00Z) is before its ticket T-1 was opened"
        ),
        format!("{e}:3:3: `kind`: `escalated` is not an event kind"),
        format!("{e}:4:1: `ticket_id`: unknown ticket `T-404`"),
    ] {
        assert!(err.contains(&needle), "missing {needle:?} in:\n{err}");
    }
}

#[test]
fn agreement_check_summarises_and_rejects_typos() {
    let out = accord(&[
        "agreement",
        "check",
        &s(&sample().join("agreements/premium.toml")),
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "CTRA-APC-WV-PREMIUM",
        "64 h a week",
        "p1               15m (0.25 h)",
        "L3  Alliance designated contact at 1.5",
        "cap: 20% of the period fee",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    let src = std::fs::read_to_string(sample().join("agreements/premium.toml"))
        .unwrap()
        .replace("cap_percent", "cap_precent");
    std::fs::write(&bad, src).unwrap();
    let out = accord(&["agreement", "check", &s(&bad)]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("`credits.cap_precent`: unknown field `cap_precent`"),
        "{err}"
    );
    assert!(err.contains(&format!("{}:", s(&bad))), "{err}");
}

#[test]
fn explain_shows_the_segments_behind_the_numbers() {
    let mut args = sample_args("explain");
    args.insert(1, "T-0000002".into());
    args.extend(["--as-of", "2026-11-20T00:00:00Z"].map(String::from));
    let out = run(&args);
    assert_ok(&out);
    let text = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "Resolution: MET — elapsed 22h12m36s of 1d target",
        "paused 10h52m16s",
        "business hours",
        "L2 Support supervisor",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
    let mut args = sample_args("explain");
    args.insert(1, "T-nope".into());
    assert_eq!(run(&args).status.code(), Some(2));
}

#[test]
fn the_database_commands_give_the_file_based_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("accord.db").display());
    let d = sample();
    let mut import = vec!["import".to_owned(), "--db".into(), db.clone()];
    for f in [
        "agreements/basic.toml",
        "agreements/enterprise.toml",
        "agreements/premium.toml",
        "tickets.csv",
        "events.csv",
    ] {
        import.push(s(&d.join(f)));
    }
    let out = run(&import);
    assert_ok(&out);
    assert!(String::from_utf8_lossy(&out.stdout).contains("tickets 600 added"));

    let out = accord(&[
        "sla",
        "--db",
        &db,
        "--as-of",
        "2026-11-20T00:00:00Z",
        "--format",
        "csv",
    ]);
    assert_ok(&out);
    assert!(
        out.stdout == std::fs::read(d.join("expected-sla-2026-11-20.csv")).unwrap(),
        "sla --db differs"
    );
    let out = accord(&[
        "report", "--db", &db, "--period", "2026-09", "--period", "2026-10", "--period", "2026-Q3",
        "--format", "csv",
    ]);
    assert!(
        out.stdout == std::fs::read(d.join("expected-metrics.csv")).unwrap(),
        "report --db differs"
    );

    // A document over the database reads its history without text and then the text of the
    // breaches it details only: the same document as from the files, customers, subjects and
    // timelines included.
    let customers: Vec<String> = std::fs::read_to_string(d.join("tickets.csv"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(6).unwrap().to_owned())
        .collect();
    for scope in [
        &["--agreement", "CTRA-APC-WV-PREMIUM"][..],
        &["--tier", "basic"],
        &[],
    ] {
        let tail = ["--period", "2026-10", "--format", "html"];
        let mut from_files = sample_args("report");
        from_files.extend(scope.iter().chain(&tail).map(|a| (*a).to_owned()));
        let files = run(&from_files);
        let mut args = vec!["report", "--db", &db];
        args.extend(scope.iter().chain(&tail));
        let database = accord(&args);
        assert!(
            files.status.success() && database.status.success(),
            "{}",
            String::from_utf8_lossy(&database.stderr)
        );
        let files = without_stamp(&String::from_utf8(files.stdout).unwrap());
        assert!(
            customers.iter().any(|c| files.contains(c.as_str())),
            "no breach detailed for {scope:?}"
        );
        assert!(
            files == without_stamp(&String::from_utf8(database.stdout).unwrap()),
            "report {scope:?} --format html --db differs"
        );
    }

    // explain reads the one ticket from the database and says what it says from the files.
    for id in ["T-0000002", "T-0000017", "T-0000600"] {
        let mut from_files = sample_args("explain");
        from_files.insert(1, id.into());
        let tail = ["--as-of", "2026-11-20T00:00:00Z", "--format", "json"];
        from_files.extend(tail.map(String::from));
        let files = run(&from_files);
        let mut args = vec!["explain", id, "--db", &db];
        args.extend(tail);
        let database = accord(&args);
        assert!(files.status.success() && database.status.success());
        assert!(files.stdout.len() > 200);
        assert!(files.stdout == database.stdout, "explain {id} --db differs");
    }
    let out = accord(&["explain", "T-nope", "--db", &db]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no ticket `T-nope`"));

    // Export, and the exported files give the same numbers from files.
    let x = dir.path().join("export");
    let out = accord(&["export", "--db", &db, "--out", &s(&x)]);
    assert_ok(&out);
    let out = accord(&[
        "sla",
        "--agreements",
        &s(&x),
        "--tickets",
        &s(&x.join("tickets.csv")),
        "--events",
        &s(&x.join("events.csv")),
        "--as-of",
        "2026-11-20T00:00:00Z",
        "--format",
        "csv",
    ]);
    assert!(
        out.stdout == std::fs::read(d.join("expected-sla-2026-11-20.csv")).unwrap(),
        "exported files differ"
    );

    // A ticket's life through the CLI: open, respond, a refused reopen, a stale version.
    let ok = |args: &[&str]| {
        let out = accord(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    ok(&[
        "ticket",
        "open",
        "T-CLI-1",
        "--db",
        &db,
        "--agreement",
        "CTRA-APC-WV-BASIC",
        "--priority",
        "p2",
        "--channel",
        "email",
        "--category",
        "billing_inquiry",
        "--at",
        "2026-11-24T14:00:00Z",
    ]);
    assert!(
        ok(&[
            "ticket",
            "event",
            "T-CLI-1",
            "responded",
            "--version",
            "1",
            "--at",
            "2026-11-24T14:30:00Z",
            "--db",
            &db
        ])
        .contains("version 2")
    );
    let refused = accord(&[
        "ticket",
        "event",
        "T-CLI-1",
        "reopened",
        "--version",
        "2",
        "--at",
        "2026-11-24T15:00:00Z",
        "--db",
        &db,
    ]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&refused.stderr)
            .contains("only a resolved or closed ticket can be reopened")
    );
    let stale = accord(&[
        "ticket",
        "assign",
        "T-CLI-1",
        "marcus",
        "--version",
        "1",
        "--db",
        &db,
    ]);
    assert!(
        String::from_utf8_lossy(&stale.stderr).contains("conflict"),
        "{}",
        String::from_utf8_lossy(&stale.stderr)
    );
    let shown = ok(&["ticket", "show", "T-CLI-1", "--db", &db]);
    assert!(
        shown.contains("version 2") && shown.contains("responded"),
        "{shown}"
    );
    let queue = ok(&[
        "queue",
        "--db",
        &db,
        "--agreement",
        "CTRA-APC-WV-BASIC",
        "--limit",
        "1000",
    ]);
    assert!(queue.lines().any(|l| l.starts_with("T-CLI-1")), "{queue}");
    assert!(ok(&["db", "check", "--db", &db]).contains("integrity ok"));
}

#[test]
fn report_pdf_and_html_are_written_whole_and_pdf_needs_out() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("october.pdf");
    let mut args = sample_args("report");
    args.extend(
        [
            "--period",
            "2026-10",
            "--agreement",
            "CTRA-APC-WV-PREMIUM",
            "--format",
            "pdf",
            "--out",
        ]
        .map(String::from),
    );
    args.push(s(&pdf));
    let out = run(&args);
    assert_ok(&out);
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    // Nothing on stdout, and no progress bar when stderr is not a terminal.
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    // A portfolio of one tier, as HTML on stdout.
    let mut args = sample_args("report");
    args.extend(
        [
            "--period", "2026-Q3", "--tier", "premium", "--format", "html",
        ]
        .map(String::from),
    );
    let out = run(&args);
    assert_ok(&out);
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("Premium tier"));
    // A PDF without --out, or over two periods, is refused before any work.
    for extra in [
        vec!["--period", "2026-10", "--format", "pdf"],
        vec![
            "--period", "2026-10", "--period", "2026-09", "--format", "html",
        ],
    ] {
        let mut args = sample_args("report");
        args.extend(extra.iter().map(|a| (*a).to_owned()));
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn report_sla_csv_has_the_rows_behind_a_period() {
    let mut args = sample_args("report");
    args.extend(
        [
            "--period",
            "2026-10",
            "--agreement",
            "CTRA-APC-WV-PREMIUM",
            "--format",
            "sla-csv",
        ]
        .map(String::from),
    );
    let out = run(&args);
    assert_ok(&out);
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("ticket_id,agreement_id,priority,clock,")
    );
    let rows: Vec<&str> = lines.collect();
    assert!(!rows.is_empty());
    assert!(
        rows.iter()
            .all(|r| r.split(',').nth(1) == Some("CTRA-APC-WV-PREMIUM"))
    );
}

#[test]
fn simulate_shows_both_sides_and_the_changed_tickets() {
    let dir = tempfile::tempdir().unwrap();
    // Twice the time for every target: fewer breaches, no more credits than before.
    let src = std::fs::read_to_string(sample().join("agreements/premium.toml")).unwrap();
    let start = src.find("[targets.p1]").unwrap();
    let end = src.find("[[channels]]").unwrap();
    let looser = format!(
        "{}[targets.p1]\nfirst_response = \"1h\"\nresolution = \"8h\"\nclock = \"24x7\"\n[targets.p2]\nfirst_response = \"2h\"\nresolution = \"16h\"\n[targets.p3]\nfirst_response = \"8h\"\nresolution = \"4d\"\n[targets.p4]\nfirst_response = \"16h\"\nresolution = \"10d\"\n\n{}",
        &src[..start],
        &src[end..]
    );
    let changed = dir.path().join("looser.toml");
    std::fs::write(&changed, looser).unwrap();
    let mut args = sample_args("simulate");
    args.extend(
        [
            "--agreement",
            "CTRA-APC-WV-PREMIUM",
            "--period",
            "2026-10",
            "--format",
            "json",
            "--with",
        ]
        .map(String::from),
    );
    args.push(s(&changed));
    let out = run(&args);
    assert_ok(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let n = |side: &str, k: &str| v[side][k].as_u64().unwrap();
    assert!(
        n("after", "fr_breached") + n("after", "res_breached")
            < n("before", "fr_breached") + n("before", "res_breached")
    );
    let changes = v["changes"].as_array().unwrap();
    assert!(!changes.is_empty());
    // A clock met under the change has no due instant but the moment it was met: the same
    // stop as in force, since the events are the same.
    let eased: Vec<_> = changes
        .iter()
        .filter(|c| c["before"] == "breached" && c["after"] == "met")
        .collect();
    assert!(!eased.is_empty());
    for c in eased {
        assert!(
            c["before_due_at"].is_string() && c["after_due_at"].is_null(),
            "{c}"
        );
        assert!(c["after_stopped_at"].is_string(), "{c}");
        assert_eq!(c["after_stopped_at"], c["before_stopped_at"], "{c}");
    }
    // The same rows as CSV: the stop instants, then the breach instants, are the last columns.
    let csv_args: Vec<String> = args
        .iter()
        .map(|a| {
            if a == "json" {
                "csv".to_owned()
            } else {
                a.clone()
            }
        })
        .collect();
    // For people, counted time on a business clock says so (P2–P4 are business clocks here).
    let table_args: Vec<String> = args
        .iter()
        .map(|a| {
            if a == "json" {
                "table".to_owned()
            } else {
                a.clone()
            }
        })
        .collect();
    let table = String::from_utf8(run(&table_args).stdout).unwrap();
    assert!(
        table
            .lines()
            .any(|l| l.contains(" business time → ") && l.ends_with(" business time)")),
        "{table}"
    );
    let out = run(&csv_args);
    let csv = String::from_utf8(out.stdout).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "ticket_id,clock,before,after,before_due_at,after_due_at,before_elapsed_s,after_elapsed_s,before_stopped_at,after_stopped_at,before_breached_at,after_breached_at"
        )
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), changes.len());
    for (row, c) in rows.iter().zip(changes) {
        assert_eq!(row[0], c["ticket_id"].as_str().unwrap());
        for (i, key) in [
            (4, "before_due_at"),
            (5, "after_due_at"),
            (8, "before_stopped_at"),
            (9, "after_stopped_at"),
            (10, "before_breached_at"),
            (11, "after_breached_at"),
        ] {
            assert_eq!(row[i], c[key].as_str().unwrap_or(""), "{key} of {c}");
        }
    }
    // The same agreement against itself changes nothing.
    let mut args = sample_args("simulate");
    args.extend(
        [
            "--agreement",
            "CTRA-APC-WV-PREMIUM",
            "--period",
            "2026-10",
            "--with",
        ]
        .map(String::from),
    );
    args.push(s(&sample().join("agreements/premium.toml")));
    let out = run(&args);
    assert!(String::from_utf8_lossy(&out.stdout).contains("No ticket's outcome changes."));
}

#[test]
fn agreement_history_lists_each_saved_version_with_its_diff() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("accord.db").display());
    let premium = sample().join("agreements/premium.toml");
    assert_ok(&accord(&["import", "--db", &db, &s(&premium)]));
    let changed = dir.path().join("premium.toml");
    let text = std::fs::read_to_string(&premium).unwrap();
    std::fs::write(
        &changed,
        text.replacen("resolution = \"8h\"", "resolution = \"6h\"", 1),
    )
    .unwrap();
    assert_ok(&accord(&["import", "--update", "--db", &db, &s(&changed)]));

    let out = accord(&["agreement", "history", "CTRA-APC-WV-PREMIUM", "--db", &db]);
    assert_ok(&out);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("CTRA-APC-WV-PREMIUM: 2 versions, newest first\n"),
        "{text}"
    );
    let v2 = text.find("\nversion 2 · replaced ").unwrap();
    let v1 = text.find("\nversion 1 · created ").unwrap();
    assert!(v2 < v1, "newest first: {text}");
    assert!(
        text[v2..v1].contains("\n  -resolution = \"8h\"\n  +resolution = \"6h\"\n"),
        "{text}"
    );
    assert!(text[v1..].contains("lines of TOML)"), "{text}");

    let out = accord(&["agreement", "history", "NOPE", "--db", &db]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no agreement NOPE"));
}

/// `accord statement`: issue once, list, show as issued, diff (nothing moved, then a
/// restatement after a correction imported with --update), refuse a second issue without
/// --supersede, and issue again with it.
#[test]
fn statements_are_issued_once_and_restated_by_diff() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("accord.db").display());
    let d = sample();
    let import = |files: &[String], update: bool| {
        let mut args = vec!["import".to_owned(), "--db".into(), db.clone()];
        if update {
            args.push("--update".into());
        }
        args.extend(files.iter().cloned());
        run(&args)
    };
    let mut files: Vec<String> = ["basic.toml", "enterprise.toml", "premium.toml"]
        .iter()
        .map(|f| s(&d.join("agreements").join(f)))
        .collect();
    files.push(s(&d.join("tickets.csv")));
    files.push(s(&d.join("events.csv")));
    assert_ok(&import(&files, false));
    let st = |args: &[&str]| {
        let mut all = vec!["statement"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--db", &db]);
        accord(&all)
    };
    let out = st(&[
        "issue",
        "--agreement",
        "CTRA-APC-WV-PREMIUM",
        "--period",
        "2026-10",
    ]);
    assert_ok(&out);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("CTRA-APC-WV-PREMIUM 2026-10 — statement 1, issued "),
        "{text}"
    );
    assert!(
        text.contains("\n  T-0000113      p2  125.00 USD\nTotal: 125.00 USD\n"),
        "{text}"
    );

    let again = st(&[
        "issue",
        "--agreement",
        "CTRA-APC-WV-PREMIUM",
        "--period",
        "2026-10",
    ]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("nothing has moved since"));

    let list = st(&["list"]);
    assert_ok(&list);
    let list = String::from_utf8(list.stdout).unwrap();
    assert_eq!(list.lines().count(), 1, "{list}");
    assert!(
        list.starts_with("CTRA-APC-WV-PREMIUM  2026-10  no. 1  issued "),
        "{list}"
    );

    let diff = st(&[
        "diff",
        "--agreement",
        "CTRA-APC-WV-PREMIUM",
        "--period",
        "2026-10",
    ]);
    assert_ok(&diff);
    assert_eq!(
        String::from_utf8(diff.stdout).unwrap(),
        "CTRA-APC-WV-PREMIUM 2026-10: nothing has moved since statement 1 was issued\n"
    );

    // A correction: P2 resolution 8h → 2h.
    let premium = std::fs::read_to_string(d.join("agreements/premium.toml")).unwrap();
    let corrected = premium.replacen("resolution = \"8h\"", "resolution = \"2h\"", 1);
    assert_ne!(corrected, premium);
    let path = dir.path().join("premium.toml");
    std::fs::write(&path, corrected).unwrap();
    assert_ok(&import(&[s(&path)], true));
    let diff = st(&[
        "diff",
        "--agreement",
        "CTRA-APC-WV-PREMIUM",
        "--period",
        "2026-10",
    ]);
    assert_ok(&diff);
    let diff = String::from_utf8(diff.stdout).unwrap();
    assert!(
        diff.contains("Restatement of statement 1: 4 tickets moved; credits 125.00 USD → 1,875.00 USD (+1,750.00 USD)"),
        "{diff}"
    );
    assert!(
        diff.contains("  Resolution compliance       95.45%  (now 77.27%)\n"),
        "{diff}"
    );
    assert!(
        diff.contains("  T-0000450      first response met → met; resolution met → breached; credit — → 125.00 USD; the terms were changed since issue\n"),
        "{diff}"
    );
    // Shown as issued, whatever moved since.
    let show = st(&[
        "show",
        "--agreement",
        "CTRA-APC-WV-PREMIUM",
        "--period",
        "2026-10",
    ]);
    assert_ok(&show);
    assert_eq!(String::from_utf8(show.stdout).unwrap(), text);

    let refused = st(&[
        "issue",
        "--agreement",
        "CTRA-APC-WV-PREMIUM",
        "--period",
        "2026-10",
    ]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("supersede"));
    let second = st(&[
        "issue",
        "--agreement",
        "CTRA-APC-WV-PREMIUM",
        "--period",
        "2026-10",
        "--supersede",
        "--format",
        "json",
    ]);
    assert_ok(&second);
    let v: serde_json::Value = serde_json::from_slice(&second.stdout).unwrap();
    assert_eq!(v["issued"]["number"], 2);
    assert_eq!(v["issued"]["credit_total"], "1,875.00 USD");
    assert_eq!(v["superseded"], serde_json::json!([1]));

    // A period that has not ended is not issued.
    let future = st(&[
        "issue",
        "--agreement",
        "CTRA-APC-WV-PREMIUM",
        "--period",
        "2099-01",
    ]);
    assert_eq!(future.status.code(), Some(2));
}

/// `accord import --from zendesk --profile`: the fixture export is read by its profile,
/// reported (placed, skipped, unmapped) and stored; the profile is kept with the database
/// (`accord profile list|export`); a bad profile is refused with its location.
#[test]
fn a_zendesk_export_is_imported_by_its_profile_and_the_profile_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("accord.db").display());
    let d = sample();
    let f = Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/tests/fixtures/zendesk");
    let mut args = vec!["import".to_owned(), "--db".into(), db.clone()];
    for a in ["basic.toml", "enterprise.toml", "premium.toml"] {
        args.push(s(&d.join("agreements").join(a)));
    }
    assert_ok(&run(&args));
    let import = run(&[
        "import".into(),
        "--db".into(),
        db.clone(),
        "--from".into(),
        "zendesk".into(),
        "--profile".into(),
        s(&f.join("profile.toml")),
        s(&f.join("tickets.json")),
        s(&f.join("audits.json")),
    ]);
    assert_ok(&import);
    let text = String::from_utf8(import.stdout).unwrap();
    assert!(
        text.starts_with("read 10 tickets from zendesk (APC Zendesk (test fixture))\n"),
        "{text}"
    );
    assert!(
        text.contains("  placed under CTRA-APC-WV-PREMIUM: 4\n"),
        "{text}"
    );
    assert!(
        text.contains("  skipped, no rule of the profile places it: 1\n"),
        "{text}"
    );
    assert!(text.contains("  Notification: 33\n"), "{text}");
    assert!(
        text.ends_with("tickets 9 added, 0 unchanged; events 37 added\n"),
        "{text}"
    );
    let list = accord(&["profile", "list", "--db", &db]);
    assert_ok(&list);
    assert!(
        String::from_utf8(list.stdout)
            .unwrap()
            .starts_with("APC Zendesk (test fixture)  zendesk  version 1  saved ")
    );
    let export = accord(&[
        "profile",
        "export",
        "APC Zendesk (test fixture)",
        "--db",
        &db,
    ]);
    assert_ok(&export);
    assert_eq!(
        export.stdout,
        std::fs::read(f.join("profile.toml")).unwrap()
    );

    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "source = \"zendesk\"\nname = \"x\"\n[[agreement]]\nfield = \"tags\"\ncontains = \"vip\"\nagreement = \"NOPE\"\n").unwrap();
    let check = accord(&["profile", "check", &s(&bad), "--db", &db]);
    assert_eq!(check.status.code(), Some(2));
    let e = String::from_utf8_lossy(&check.stderr);
    assert!(
        e.contains("bad.toml:3") && e.contains("there is no agreement `NOPE`"),
        "{e}"
    );
}
