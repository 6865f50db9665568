//! An agreement's history (`accord_app::agreements::history`, `accord agreement history`):
//! every saved version, who saved it and when, and what it changed as a diff of the TOML.
//! Over a temporary SQLite file.

use std::path::Path;

use accord_app::AppError;
use accord_app::agreements::{self, DiffKind, diff};
use accord_app::import::{self, InputFile};
use accord_core::Instant;
use accord_store::{Store, StoreError};

const ID: &str = "CTRA-APC-WV-PREMIUM";

fn at(s: &str) -> Instant {
    Instant::parse(s).unwrap()
}

fn premium() -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/sample/agreements/premium.toml");
    std::fs::read_to_string(p).unwrap()
}

#[tokio::test]
async fn every_saved_version_is_listed_newest_first_with_what_it_changed() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&format!("sqlite://{}", dir.path().join("a.db").display()))
        .await
        .unwrap();
    let v1 = premium();
    let file = InputFile {
        name: "premium.toml".into(),
        bytes: v1.clone().into_bytes(),
    };
    import::files(
        &store,
        vec![file],
        false,
        "importer",
        at("2026-11-01T09:00:00Z"),
    )
    .await
    .unwrap();
    let v2 = v1.replacen("resolution = \"8h\"", "resolution = \"6h\"", 1);
    assert_ne!(v1, v2);
    agreements::save(&store, &v2, Some(1), "dana", at("2026-11-20T15:00:00Z"))
        .await
        .unwrap();

    let h = agreements::history(&store, &format!(" {ID} "))
        .await
        .unwrap();
    assert_eq!(
        h.iter()
            .map(|v| (
                v.version,
                v.action.as_str(),
                v.changed_by.as_str(),
                v.changed_at
            ))
            .collect::<Vec<_>>(),
        [
            (2, "replaced", "dana", at("2026-11-20T15:00:00Z")),
            (1, "created", "importer", at("2026-11-01T09:00:00Z")),
        ]
    );
    assert_eq!((h[0].source.as_str(), h[1].source.as_str()), (&*v2, &*v1));

    // The first version is all new; the second changes exactly one line, in context.
    assert!(h[1].diff.iter().all(|l| l.kind == DiffKind::Added));
    assert_eq!(h[1].diff.len(), v1.lines().count());
    let changed: Vec<_> = h[0]
        .diff
        .iter()
        .filter(|l| l.kind != DiffKind::Context)
        .map(|l| (l.kind, l.text.as_str()))
        .collect();
    assert_eq!(
        changed,
        [
            (DiffKind::Removed, "resolution = \"8h\""),
            (DiffKind::Added, "resolution = \"6h\"")
        ]
    );
    let removed = h[0]
        .diff
        .iter()
        .find(|l| l.kind == DiffKind::Removed)
        .unwrap();
    let line = v1.lines().position(|l| l == "resolution = \"8h\"").unwrap() + 1;
    assert_eq!(removed.old_line, u32::try_from(line).ok());
    assert_eq!(
        h[0].diff.len(),
        2 + 2 * 3,
        "three lines of context either side"
    );

    match agreements::history(&store, "NOPE").await {
        Err(AppError::Store(StoreError::NotFound(m))) => assert_eq!(m, "agreement NOPE"),
        other => panic!("expected not found, got {other:?}"),
    }
}

#[test]
fn far_apart_changes_make_two_hunks_with_a_gap_between() {
    let old: String = (1..=20).map(|i| format!("k{i} = {i}\n")).collect();
    let new = old
        .replace("k2 = 2\n", "k2 = 20\n")
        .replace("k18 = 18\n", "");
    let d = diff(&old, &new);
    assert_eq!(d.iter().filter(|l| l.kind == DiffKind::Gap).count(), 1);
    assert_eq!(
        d.iter()
            .filter(|l| l.kind != DiffKind::Context && l.kind != DiffKind::Gap)
            .map(|l| (l.kind, l.old_line, l.new_line, l.text.as_str()))
            .collect::<Vec<_>>(),
        [
            (DiffKind::Removed, Some(2), None, "k2 = 2"),
            (DiffKind::Added, None, Some(2), "k2 = 20"),
            (DiffKind::Removed, Some(18), None, "k18 = 18"),
        ]
    );
    assert!(diff(&old, &old).is_empty());
}
