//! Outputs under faults: `accord sla --out FILE` and `accord export --out DIR` are killed
//! (SIGKILL) while they write. What stays behind must be whole — the old file or folder, or
//! the new one, never a mix — and the next write must leave nothing but its result.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant, SystemTime};

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/sample")
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

fn accord(args: &[&str]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(args)
        .output()
        .expect("run accord");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn spawn(args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

/// Every file under `dir` (recursively) with its bytes, by path relative to `dir`.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().display().to_string();
                out.insert(rel, std::fs::read(&p).unwrap_or_default());
            }
        }
    }
    out
}

fn names(dir: &Path) -> Vec<String> {
    let mut n: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    n.sort();
    n
}

fn mtime(p: &Path) -> Option<SystemTime> {
    std::fs::metadata(p).and_then(|m| m.modified()).ok()
}

/// A generated history of `n` tickets with two events each (the sample's agreements).
fn history(dir: &Path, n: usize, prefix: &str) -> (PathBuf, PathBuf) {
    let tickets = dir.join(format!("{prefix}tickets.csv"));
    let events = dir.join(format!("{prefix}events.csv"));
    let mut t = String::from(
        "ticket_id,agreement_id,opened_at,priority,channel,category,customer,subject,csat\n",
    );
    let mut e = String::from("ticket_id,at,kind,note,priority\n");
    for i in 0..n {
        t.push_str(&format!("{prefix}K-{i:07},CTRA-APC-WV-BASIC,2026-10-01T14:00:00Z,p3,email,troubleshooting,Customer {i},Subject,\n"));
        e.push_str(&format!("{prefix}K-{i:07},2026-10-01T15:00:00Z,responded,Looking,\n{prefix}K-{i:07},2026-10-02T15:00:00Z,resolved,Fixed,\n"));
    }
    std::fs::write(&tickets, t).unwrap();
    std::fs::write(&events, e).unwrap();
    (tickets, events)
}

/// Runs `args` and kills it as soon as `now` says so; whether it was killed before it ended.
fn kill_when(args: &[&str], mut now: impl FnMut() -> bool) -> bool {
    let mut child = spawn(args);
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(120) {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        if now() {
            child.kill().unwrap();
            child.wait().unwrap();
            return true;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    panic!("{args:?} did not end");
}

#[test]
fn a_killed_out_file_leaves_no_temporary_file_behind() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    let (tickets, events) = history(&inputs, 150_000, "");
    let outs = dir.path().join("out");
    std::fs::create_dir(&outs).unwrap();
    let target = outs.join("sla.csv");
    let agreements = s(&sample().join("agreements"));
    let (t, e, o) = (s(&tickets), s(&events), s(&target));
    let args = [
        "sla",
        "--agreements",
        &agreements,
        "--tickets",
        &t,
        "--events",
        &e,
        "--as-of",
        "2026-11-20T00:00:00Z",
        "--format",
        "csv",
        "--out",
        &o,
    ];
    let mut killed = 0;
    for _ in 0..5 {
        // Killed once something new is being written beside the target.
        let before = names(&outs);
        if kill_when(&args, || {
            std::fs::read_dir(&outs).unwrap().any(|e| {
                let e = e.unwrap();
                !before.contains(&e.file_name().to_string_lossy().into_owned())
                    && e.file_name() != "sla.csv"
                    && e.metadata().is_ok_and(|m| m.len() > 0)
            })
        }) {
            killed += 1;
        }
    }
    assert!(killed > 0, "no write was killed midway");
    // The next write cleans what the killed ones left.
    accord(&args);
    assert_eq!(names(&outs), ["sla.csv"], "{killed} killed writes");
}

#[test]
fn a_killed_export_leaves_the_old_folder_or_the_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("accord.db").display());
    let d = sample();
    let agreements: Vec<String> = ["basic", "enterprise", "premium"]
        .iter()
        .map(|n| s(&d.join(format!("agreements/{n}.toml"))))
        .collect();
    let (t, e) = history(dir.path(), 40_000, "");
    let mut args = vec!["import", "--db", &db];
    args.extend(agreements.iter().map(String::as_str));
    let (ts, es) = (s(&t), s(&e));
    args.extend([ts.as_str(), es.as_str()]);
    accord(&args);
    let out = dir.path().join("exports").join("x");
    let o = s(&out);
    let export = ["export", "--db", &db, "--out", &o];
    let mut killed = 0;
    for round in 0..6 {
        accord(&export);
        // A file of the user's own stays with the folder.
        std::fs::write(out.join("README.txt"), b"mine").unwrap();
        let old = tree(&out);
        // The database changes: the next export differs in both CSV files.
        let (t2, e2) = history(dir.path(), 10, &format!("R{round}"));
        accord(&["import", "--db", &db, &s(&t2), &s(&e2)]);
        let (old_t, parent) = (mtime(&out.join("tickets.csv")), out.parent().unwrap());
        let before = names(parent);
        // Killed once the export writes anything: a file in the folder changed, or something
        // new appeared beside it.
        if kill_when(&export, || {
            mtime(&out.join("tickets.csv")) != old_t
                || std::fs::read_dir(parent)
                    .map(|r| r.count() != before.len())
                    .unwrap_or(false)
        }) {
            killed += 1;
            if out.exists() {
                let now = tree(&out);
                let new_t = now.get("tickets.csv") != old.get("tickets.csv");
                let new_e = now.get("events.csv") != old.get("events.csv");
                assert!(
                    new_t == new_e,
                    "round {round}: a new {} beside an old {}",
                    if new_t { "tickets.csv" } else { "events.csv" },
                    if new_t { "events.csv" } else { "tickets.csv" }
                );
            }
        }
        accord(&export);
        assert_eq!(
            names(parent),
            ["x"],
            "round {round}: nothing left beside it"
        );
        assert_eq!(
            tree(&out).get("README.txt").map(Vec::as_slice),
            Some(&b"mine"[..])
        );
    }
    assert!(killed > 0, "no export was killed midway");
}
