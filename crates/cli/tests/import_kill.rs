//! Atomicity under faults: `accord import` of a large history is killed (SIGKILL) while it
//! writes; the database must be exactly as before and open cleanly.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn sample() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/sample")
}

fn accord(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(args)
        .output()
        .expect("run accord")
}

fn check(db: &str) -> String {
    let out = accord(&["db", "check", "--db", db]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn killed_import_leaves_the_database_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("accord.db");
    let db = format!("sqlite://{}", db_path.display());
    let s = sample();
    let agreements: Vec<String> = ["basic", "enterprise", "premium"]
        .iter()
        .map(|n| s.join(format!("agreements/{n}.toml")).display().to_string())
        .collect();
    let mut args = vec!["import", "--db", &db];
    args.extend(agreements.iter().map(String::as_str));
    let out = accord(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let before = check(&db);
    assert!(
        before.contains("3 agreements, 0 tickets, 0 events"),
        "{before}"
    );

    // A large generated history: 200,000 tickets with two events each.
    let tickets = dir.path().join("tickets.csv");
    let events = dir.path().join("events.csv");
    let mut t = String::from(
        "ticket_id,agreement_id,opened_at,priority,channel,category,customer,subject,csat\n",
    );
    let mut e = String::from("ticket_id,at,kind,note,priority\n");
    for i in 0..200_000 {
        t.push_str(&format!("K-{i:07},CTRA-APC-WV-BASIC,2026-10-01T14:00:00Z,p3,email,troubleshooting,Customer {i},Subject,\n"));
        e.push_str(&format!("K-{i:07},2026-10-01T15:00:00Z,responded,Looking,\nK-{i:07},2026-10-02T15:00:00Z,resolved,Fixed,\n"));
    }
    std::fs::write(&tickets, t).unwrap();
    std::fs::write(&events, e).unwrap();

    let mut child = Command::new(env!("CARGO_BIN_EXE_accord"))
        .args([
            "import",
            "--db",
            &db,
            &tickets.display().to_string(),
            &events.display().to_string(),
        ])
        .spawn()
        .unwrap();
    // Midway: once the transaction has spilled several MB into the write-ahead log.
    let wal = dir.path().join("accord.db-wal");
    let start = Instant::now();
    let mut killed_midway = false;
    while start.elapsed() < Duration::from_secs(120) {
        if let Some(status) = child.try_wait().unwrap() {
            panic!(
                "the import finished ({status}) before it could be killed: make the history larger"
            );
        }
        if std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) > 8 << 20 {
            child.kill().unwrap(); // SIGKILL on Unix: no chance to clean up
            killed_midway = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let status = child.wait().unwrap();
    assert!(
        killed_midway && !status.success(),
        "the import was killed midway"
    );

    // Unchanged, and it opens and checks clean (check runs SQLite's integrity check).
    assert_eq!(check(&db), before);
    // And the same import, run to the end, stores everything.
    let out = accord(&[
        "import",
        "--db",
        &db,
        &tickets.display().to_string(),
        &events.display().to_string(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(check(&db).contains("3 agreements, 200000 tickets, 400000 events"));
}
