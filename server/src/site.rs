//! Where the compiled site (WASM, JS, CSS, assets) is, for Leptos.

use leptos::config::{Env, LeptosOptions};
use std::{
    net::SocketAddr,
    path::{Path, PathBuf},
};

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

/// The kinds of file in the browser bundle, as cargo-leptos's `hash.txt` names them.
const BUNDLE_KINDS: [&str; 3] = ["js", "wasm", "css"];

/// Finds the files of the browser bundle the pages must link, before anything is served, so a
/// binary and a site directory that do not belong together stop the start with one line
/// instead of serving pages that link files that do not exist.
///
/// - cargo-leptos's `hash.txt` beside the binary says which hashed names this build has; each
///   must be in the site's pkg directory.
/// - Without it (the binary was copied without it), the site directory says: exactly one hashed
///   build of the bundle there is this one; its names are written to `scratch_dir` for Leptos.
/// - A site built without hashing has the plain names.
pub fn find_bundle(
    mut options: LeptosOptions,
    scratch_dir: &Path,
) -> Result<LeptosOptions, String> {
    let pkg = pkg_dir(&options);
    let name = options.output_name.to_string();
    let beside_binary = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(&*options.hash_file)))
        .filter(|path| path.is_file());

    if let Some(hash_file) = beside_binary {
        let text = std::fs::read_to_string(&hash_file)
            .map_err(|e| format!("cannot read {}: {e}", hash_file.display()))?;
        for kind in BUNDLE_KINDS {
            let hash = hash_of(&text, kind).ok_or_else(|| {
                format!(
                    "{} does not name the bundle's .{kind} file",
                    hash_file.display()
                )
            })?;
            let file = pkg.join(format!("{name}.{hash}.{kind}"));
            if !file.is_file() {
                return Err(format!(
                    "{} names {}, which {} does not have: the binary and the site directory come from different builds (copy both, and hash.txt, from one build)",
                    hash_file.display(),
                    file.file_name().unwrap_or_default().to_string_lossy(),
                    pkg.display()
                ));
            }
        }
        options.hash_files = true;
        options.hash_file = hash_file.to_string_lossy().as_ref().into();
        return Ok(options);
    }

    let entries = std::fs::read_dir(&pkg).map_err(|e| {
        format!(
            "cannot read the site's bundle directory {}: {e} (build the site, or set LEPTOS_SITE_ROOT to the directory the build wrote)",
            pkg.display()
        )
    })?;
    let files: Vec<String> = entries
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().is_file())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    let hashed = |kind: &str| -> Vec<&str> {
        let mut found: Vec<&str> = files
            .iter()
            .filter_map(|file| {
                file.strip_prefix(&format!("{name}."))?
                    .strip_suffix(&format!(".{kind}"))
            })
            .filter(|hash| !hash.is_empty() && !hash.contains('.'))
            .collect();
        found.sort_unstable();
        found
    };
    let found: Vec<Vec<&str>> = BUNDLE_KINDS.iter().map(|kind| hashed(kind)).collect();

    if found.iter().all(|hashes| hashes.len() == 1) {
        let text: String = BUNDLE_KINDS
            .iter()
            .zip(&found)
            .map(|(kind, hashes)| format!("{kind}: {}\n", hashes[0]))
            .collect();
        std::fs::create_dir_all(scratch_dir)
            .map_err(|e| format!("cannot create {}: {e}", scratch_dir.display()))?;
        let path = scratch_dir.join("site-hash.txt");
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        let path = std::path::absolute(&path).unwrap_or(path);
        options.hash_files = true;
        options.hash_file = path.to_string_lossy().as_ref().into();
        return Ok(options);
    }
    let plain = BUNDLE_KINDS
        .iter()
        .all(|kind| files.contains(&format!("{name}.{kind}")));
    if plain && found.iter().all(Vec::is_empty) {
        options.hash_files = false;
        return Ok(options);
    }
    if let Some((kind, hashes)) = BUNDLE_KINDS
        .iter()
        .zip(&found)
        .find(|(_, hashes)| hashes.len() > 1)
    {
        return Err(format!(
            "{} holds {} builds of the bundle ({}) and no hash.txt beside the binary says which is this one's: copy hash.txt from the build (target/release/hash.txt) beside the binary, or a site directory with one build",
            pkg.display(),
            hashes.len(),
            hashes
                .iter()
                .map(|hash| format!("{name}.{hash}.{kind}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    Err(format!(
        "{} has no complete browser bundle ({name}.*.js, .wasm and .css): build the site (make build) or set LEPTOS_SITE_ROOT to the directory the build wrote",
        pkg.display()
    ))
}

/// The hash `hash.txt` gives a kind of file (lines like `wasm: 7mY1q…`).
fn hash_of<'a>(text: &'a str, kind: &str) -> Option<&'a str> {
    text.lines().find_map(|line| {
        let (file, hash) = line.split_once(':')?;
        (file.trim() == kind && !hash.trim().is_empty()).then(|| hash.trim())
    })
}
