//! Import rules that do not depend on the back end, over a temporary SQLite file.

use std::path::{Path, PathBuf};

use accord_app::AppError;
use accord_app::import::{self, InputFile};
use accord_core::Instant;
use accord_store::Store;

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/sample")
}

fn file(name: &str) -> InputFile {
    let p = sample().join(name);
    InputFile {
        name: p.display().to_string(),
        bytes: std::fs::read(&p).unwrap(),
    }
}

fn now() -> Instant {
    Instant::parse("2026-11-25T12:00:00Z").unwrap()
}

async fn store(dir: &tempfile::TempDir) -> Store {
    Store::open(&format!("sqlite://{}", dir.path().join("a.db").display()))
        .await
        .unwrap()
}

/// Fault 10f: importing what the database holds already changes nothing, not even the
/// revision the desktop app polls to reload its screens.
#[tokio::test]
async fn an_identical_import_leaves_the_revision_alone() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir).await;
    let files = || {
        ["agreements/basic.toml", "tickets.csv", "events.csv"]
            .into_iter()
            .map(file)
            .collect::<Vec<_>>()
    };
    let mut files_once = vec![
        file("agreements/enterprise.toml"),
        file("agreements/premium.toml"),
    ];
    files_once.extend(files());
    import::files(&store, files_once, false, "t", now())
        .await
        .unwrap();
    let before = store.revision().await.unwrap();
    for update in [false, true] {
        let s = import::files(&store, files(), update, "t", now())
            .await
            .unwrap();
        assert_eq!((s.agreements_unchanged, s.events_added), (1, 0));
    }
    assert_eq!(store.revision().await.unwrap(), before);
}

/// Fault 10e: one agreement id in two files of one import is refused whichever comes first
/// (and whether either matches the stored one), naming both files.
#[tokio::test]
async fn one_agreement_id_twice_is_refused_in_either_order() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir).await;
    let a = file("agreements/basic.toml");
    import::files(&store, vec![a.clone()], false, "t", now())
        .await
        .unwrap();
    let z = InputFile {
        name: "z.toml".into(),
        bytes: String::from_utf8(a.bytes.clone())
            .unwrap()
            .replace("(Basic)", "(Basic, amended)")
            .into_bytes(),
    };
    for files in [vec![a.clone(), z.clone()], vec![z.clone(), a.clone()]] {
        let names = [files[0].name.clone(), files[1].name.clone()];
        let err = import::files(&store, files, true, "t", now())
            .await
            .unwrap_err();
        let AppError::Input(e) = &err else {
            panic!("{err}")
        };
        let text = e.to_string();
        assert!(
            text.contains("CTRA-APC-WV-BASIC") && names.iter().all(|n| text.contains(n.as_str())),
            "{text}"
        );
    }
    let stored = store.agreement_source("CTRA-APC-WV-BASIC").await.unwrap();
    assert_eq!(stored.unwrap().1, 1, "nothing was replaced");
}
