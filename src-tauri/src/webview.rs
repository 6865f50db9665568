//! How the window's web view is set up beyond what Tauri's config covers.
//!
//! On Linux (WebKitGTK), the app's screens are lists, forms and small charts: accelerated
//! compositing buys them nothing visible, yet it makes the web process load a GL stack (under
//! a software renderer, Mesa's LLVM) and keep compositing buffers. Turning it off took the
//! idle web process from 315 to 196 MiB (docs/benchmarks.md). It also avoids the blank windows
//! some GPU drivers give WebKitGTK. `ACCORD_GPU=1` turns it back on. The cache model is the
//! one meant for an app that shows local documents, not a browser with a back/forward cache.

use tauri::{Runtime, WebviewWindow};

/// Applies the web view settings to `window`.
pub fn tune<R: Runtime>(window: &WebviewWindow<R>) {
    #[cfg(target_os = "linux")]
    {
        let accelerate = std::env::var_os("ACCORD_GPU").is_some_and(|v| v == "1");
        let _ = window.with_webview(move |w| {
            use webkit2gtk::{
                CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt,
            };
            let view = w.inner();
            if let Some(settings) = WebViewExt::settings(&view) {
                settings.set_hardware_acceleration_policy(if accelerate {
                    HardwareAccelerationPolicy::Always
                } else {
                    HardwareAccelerationPolicy::Never
                });
            }
            if let Some(context) = view.context() {
                context.set_cache_model(CacheModel::DocumentViewer);
            }
        });
    }
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}
