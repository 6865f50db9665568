//! SQLite URLs: one builder (`sqlite_url`) and one reader (`Store::open`, `sqlite_path`), the
//! path percent-encoded in the URL and decoded back, so a file name with spaces, `?`, `%`, `#`
//! or letters beyond ASCII is the file opened, checked and reported — never another one.

use std::path::Path;

use accord_store::{Store, StoreError, sqlite_path, sqlite_url};

/// Names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut n: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    n.sort();
    n
}

#[tokio::test]
async fn any_file_name_round_trips_through_its_url() {
    for name in [
        "a b",
        "q?x",
        "p%20c",
        "h#1",
        "café ü",
        "100%",
        "x?mode=memory",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join(name);
        let path = folder.join(format!("{name}.db"));
        let url = sqlite_url(&path);
        assert!(url.starts_with("sqlite://"), "{url}");
        assert!(
            !url["sqlite://".len()..].contains(['?', '#', ' ']),
            "{name}: {url}"
        );
        assert_eq!(sqlite_path(&url).unwrap(), path, "{url}");
        let store = Store::open(&url).await.unwrap();
        assert_eq!(store.location, path.display().to_string());
        assert!(path.is_file(), "{name}: {} was not created", path.display());
        assert_eq!(names(dir.path()), [name], "{name}: nothing else is created");
    }
}

#[tokio::test]
async fn an_encoded_name_of_a_foreign_database_is_refused_untouched() {
    use sqlx::{ConnectOptions, Connection};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("foreign x.db");
    let mut c = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true)
        .connect()
        .await
        .unwrap();
    sqlx::query("CREATE TABLE people (name TEXT)")
        .execute(&mut c)
        .await
        .unwrap();
    c.close().await.unwrap();
    let before = std::fs::read(&path).unwrap();
    let url = format!("sqlite://{}/foreign%20x.db", dir.path().display());
    match Store::open(&url).await {
        Err(e @ StoreError::NotAccord(..)) => {
            assert!(e.to_string().contains("foreign x.db"), "{e}");
        }
        other => panic!("expected NotAccord, got {other:?}"),
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(names(dir.path()), ["foreign x.db"]);
}

#[tokio::test]
async fn an_encoded_question_mark_is_part_of_the_path_and_a_raw_one_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/sub%3Fdir/x.db", dir.path().display());
    let store = Store::open(&url).await.unwrap();
    assert!(dir.path().join("sub?dir/x.db").is_file());
    assert_eq!(
        names(dir.path()),
        ["sub?dir"],
        "no stray `sub%3Fdir` folder"
    );
    assert!(
        store.location.ends_with("sub?dir/x.db"),
        "{}",
        store.location
    );

    let raw = format!("sqlite://{}/a?b.db", dir.path().display());
    let err = Store::open(&raw).await.unwrap_err();
    assert!(
        matches!(err, StoreError::BadUrl(..)) && err.to_string().contains("%3F"),
        "{err}"
    );
    assert_eq!(names(dir.path()), ["sub?dir"]);
}
