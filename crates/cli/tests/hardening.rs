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

fn sample_db(dir: &Path) -> String {
    let db = format!("sqlite://{}", dir.join("accord.db").display());
    let d = sample();
    let mut args = vec!["import".to_owned(), "--db".into(), db.clone()];
    for f in [
        "agreements/basic.toml",
        "agreements/enterprise.toml",
        "agreements/premium.toml",
        "tickets.csv",
        "events.csv",
    ] {
        args.push(s(&d.join(f)));
    }
    assert_ok(&accord(
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
    ));
    db
}

/// Fault 3: an instant in the future (beyond a few minutes of clock skew) is refused at every
/// entry point that stores it, so it cannot freeze its ticket; instants beyond four-digit
/// years are refused where they are read, so every instant written is RFC 3339.
#[test]
fn future_and_far_instants_are_refused_where_they_enter() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let open = |id: &str, at: &str| {
        accord(&[
            "ticket",
            "open",
            id,
            "--agreement",
            "CTRA-APC-WV-PREMIUM",
            "--priority",
            "p2",
            "--channel",
            "phone",
            "--category",
            "troubleshooting",
            "--at",
            at,
            "--db",
            &db,
        ])
    };
    assert_ok(&open("F-1", "2026-11-30T10:00:00Z"));
    let out = open("F-2", "2099-01-01T00:00:00Z");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("future"), "{}", stderr(&out));
    let event = |kind: &str, version: &str, at: Option<&str>| {
        let mut args = vec![
            "ticket",
            "event",
            "F-1",
            kind,
            "--version",
            version,
            "--db",
            &db,
        ];
        if let Some(at) = at {
            args.extend(["--at", at]);
        }
        accord(&args)
    };
    let out = event("responded", "1", Some("2099-01-01T00:00:00Z"));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("future"), "{}", stderr(&out));
    // The ticket is not frozen: a write dated now goes through.
    assert_ok(&event("responded", "1", None));

    // An import with a future row names its file, line and column; nothing is stored.
    let events = dir.path().join("events.csv");
    std::fs::write(
        &events,
        "ticket_id,at,kind,note,priority\nF-1,2026-11-30T11:00:00Z,waiting_on_customer,,\nF-1,2099-01-01T00:00:00Z,customer_replied,,\n",
    )
    .unwrap();
    let out = accord(&["import", "--db", &db, &s(&events)]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!("{}:3:2", s(&events))) && err.contains("future"),
        "{err}"
    );

    // Years beyond 9899 are refused at reading (a deadline after them would not be RFC 3339).
    let tickets = dir.path().join("tickets.csv");
    std::fs::write(
        &tickets,
        "ticket_id,agreement_id,opened_at,priority,channel,category,customer,subject,csat\nZ-1,CTRA-APC-WV-PREMIUM,9999-12-31T23:59:59Z,p2,phone,troubleshooting,,,\n",
    )
    .unwrap();
    std::fs::write(&events, "ticket_id,at,kind,note,priority\n").unwrap();
    let agreements = s(&sample().join("agreements"));
    let out = accord(&[
        "sla",
        "--agreements",
        &agreements,
        "--tickets",
        &s(&tickets),
        "--events",
        &s(&events),
        "--as-of",
        "2026-11-20T00:00:00Z",
    ]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains(":2:3") && err.contains("outside"), "{err}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("+10000"));
}

/// Whether printed text holds a control character other than a line break (what a terminal
/// would act on: ESC sequences, BEL, a carriage return rewriting the line, …).
fn has_controls(bytes: &[u8]) -> bool {
    String::from_utf8_lossy(bytes)
        .chars()
        .any(|c| c != '\n' && (c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c)))
}

/// Fault 9: text from users and files (a subject, a note, a bad value quoted in an error) is
/// printed for a terminal with its control characters escaped, never raw.
#[test]
fn control_characters_are_escaped_for_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let subject = "\u{1b}]0;PWNED\u{7}\u{1b}[31mred";
    assert_ok(&accord(&[
        "ticket",
        "open",
        "X-1",
        "--agreement",
        "CTRA-APC-WV-PREMIUM",
        "--priority",
        "p2",
        "--channel",
        "phone",
        "--category",
        "troubleshooting",
        "--subject",
        subject,
        "--customer",
        "Line\rOverwritten",
        "--db",
        &db,
    ]));
    assert_ok(&accord(&[
        "ticket",
        "event",
        "X-1",
        "responded",
        "--version",
        "1",
        "--note",
        "first\r\nsecond\u{1b}[2J\u{202e}",
        "--db",
        &db,
    ]));
    for args in [
        &["queue", "--limit", "1000", "--db", &db][..],
        &["ticket", "show", "X-1", "--db", &db],
        &["explain", "X-1", "--db", &db],
    ] {
        let out = accord(args);
        assert_ok(&out);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(!has_controls(&out.stdout), "{args:?}: {text:?}");
        assert!(
            text.contains("\\u{1b}]0;PWNED\\u{7}") || args[0] == "explain",
            "{text}"
        );
    }
    let show = accord(&["ticket", "show", "X-1", "--db", &db]);
    let text = String::from_utf8_lossy(&show.stdout);
    assert!(
        text.contains("Line\\rOverwritten") && text.contains("first\\r\\nsecond\\u{1b}[2J"),
        "{text}"
    );

    // Errors quoting a bad value or a name given.
    let tickets = dir.path().join("tickets.csv");
    std::fs::write(
        &tickets,
        "ticket_id,agreement_id,opened_at,priority,channel,category,customer,subject,csat\nB-1,CTRA-APC-WV-PREMIUM,2026-11-01T10:00:00Z,\"p2\r\u{1b}[2J\",phone,troubleshooting,,,\n",
    )
    .unwrap();
    let out = accord(&["import", "--db", &db, &s(&tickets)]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!has_controls(&out.stderr), "{:?}", stderr(&out));
    assert!(stderr(&out).contains("p2\\r\\u{1b}[2J"), "{}", stderr(&out));
    let out = accord(&["ticket", "show", "N\u{1b}[2J\r", "--db", &db]);
    assert!(!out.status.success());
    assert!(!has_controls(&out.stderr), "{:?}", stderr(&out));
}
