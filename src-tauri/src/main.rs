//! The `accord-desktop` binary.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    accord_desktop::run();
}
