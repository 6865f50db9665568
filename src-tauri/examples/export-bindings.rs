//! Writes the TypeScript bindings (`ui/src/lib/ipc/bindings.ts`) from the Rust types.

use std::process::ExitCode;

fn main() -> ExitCode {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/ipc/bindings.ts");
    match accord_desktop::export_bindings(&path) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            #[allow(clippy::print_stderr)] // a build tool's only output
            {
                eprintln!("export-bindings: {e}");
            }
            ExitCode::FAILURE
        }
    }
}
