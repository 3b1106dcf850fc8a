//! Where the compiled site (WASM, JS, CSS, assets) is, for Leptos.

use leptos::config::{Env, LeptosOptions};
use std::{net::SocketAddr, path::PathBuf};

/// The output name cargo-leptos gives the bundle (`name` in the workspace metadata).
pub const OUTPUT_NAME: &str = "csp-portal";

/// Leptos options from cargo-leptos's `LEPTOS_*` variables when it runs us, with defaults that
/// fit a binary started from the repository root after `cargo leptos build`.
pub fn leptos_options(listen: SocketAddr) -> LeptosOptions {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    // cargo-leptos writes the hashes of the bundle's file names next to the binary.
    let hash_file_next_to_binary = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt")))
        .is_some_and(|path| path.exists());
    let hash_files = var("LEPTOS_HASH_FILES")
        .map(|v| v == "true")
        .unwrap_or(hash_file_next_to_binary);
    let env = match var("LEPTOS_ENV").as_deref() {
        Some("DEV") | Some("dev") | Some("development") => Env::DEV,
        _ if cfg!(debug_assertions) && var("LEPTOS_ENV").is_none() => Env::DEV,
        _ => Env::PROD,
    };
    LeptosOptions::builder()
        .output_name(var("LEPTOS_OUTPUT_NAME").unwrap_or_else(|| OUTPUT_NAME.to_owned()))
        .site_root(var("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".to_owned()))
        .site_pkg_dir(var("LEPTOS_SITE_PKG_DIR").unwrap_or_else(|| "pkg".to_owned()))
        .env(env)
        .site_addr(listen)
        .reload_port(
            var("LEPTOS_RELOAD_PORT")
                .and_then(|p| p.parse().ok())
                .unwrap_or(3001),
        )
        .hash_files(hash_files)
        .build()
}

/// The directory of the compiled bundle (`<site-root>/<pkg-dir>`).
pub fn pkg_dir(options: &LeptosOptions) -> PathBuf {
    PathBuf::from(&*options.site_root).join(&*options.site_pkg_dir)
}
