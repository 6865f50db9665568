//! The window's commands are named in four places that must agree: the handler and bindings
//! (`collect_commands!` in `src/lib.rs`), the app manifest (`build.rs`, which makes an `allow-…`
//! permission of each), the permission set the capability grants (`permissions/app.toml`), and
//! the generated TypeScript bindings (`__TAURI_INVOKE("…")`). A command missing from one of them
//! is either refused at run time or allowed without being served.

use std::collections::BTreeSet;
use std::path::Path;

fn read(relative: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(relative))
        .unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// The text between `start` and the next `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap_or_else(|| panic!("no `{start}`")) + start.len();
    let to = from
        + text[from..]
            .find(end)
            .unwrap_or_else(|| panic!("no `{end}`"));
    &text[from..to]
}

/// `module::command,` lines of `collect_commands![…]`.
fn collected() -> BTreeSet<String> {
    let lib = read("src/lib.rs");
    between(&lib, "collect_commands![", "]")
        .split(',')
        .filter_map(|item| item.trim().rsplit("::").next())
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The quoted names of `build.rs`'s `COMMANDS`.
fn manifest() -> BTreeSet<String> {
    let build = read("build.rs");
    between(&build, "const COMMANDS: &[&str] = &[", "];")
        .split(',')
        .map(|s| s.trim().trim_matches('"'))
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The `allow-…` permissions of `permissions/app.toml`, as command names.
fn permitted() -> BTreeSet<String> {
    let toml = read("permissions/app.toml");
    between(&toml, "permissions = [", "]")
        .split(',')
        .map(|s| s.trim().trim_matches('"'))
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.strip_prefix("allow-")
                .unwrap_or_else(|| panic!("{s}: only allow- permissions are granted"))
                .replace('-', "_")
        })
        .collect()
}

/// The commands the committed bindings invoke.
fn bound() -> BTreeSet<String> {
    // `__TAURI_INVOKE("name"` or, with a typed result, `__TAURI_INVOKE<T>("name"`.
    read("../ui/src/lib/ipc/bindings.ts")
        .split("__TAURI_INVOKE")
        .skip(1)
        .filter_map(|rest| rest.split_once("(\"")?.1.split('"').next())
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_command_is_served_declared_permitted_and_bound() {
    let served = collected();
    assert!(served.len() >= 20, "read the command list: {served:?}");
    assert_eq!(
        manifest(),
        served,
        "build.rs COMMANDS against collect_commands!"
    );
    assert_eq!(
        permitted(),
        served,
        "permissions/app.toml against collect_commands!"
    );
    assert_eq!(bound(), served, "bindings.ts against collect_commands!");
}
