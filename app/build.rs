//! Generates the `i18n` module (typed translation keys, the `Locale` enum) from `locales/*.json`,
//! after checking that every locale has exactly the keys of the English one: a string missing in
//! Korean (or left over) fails the build instead of silently showing English.

use leptos_i18n_build::{Config, TranslationsInfos};
use std::{collections::BTreeSet, error::Error, path::PathBuf};

const DEFAULT_LOCALE: &str = "en";
const OTHER_LOCALES: &[&str] = &["ko"];

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    let reference = keys_of(DEFAULT_LOCALE)?;
    for locale in OTHER_LOCALES {
        let keys = keys_of(locale)?;
        let missing: Vec<_> = reference.difference(&keys).collect();
        let extra: Vec<_> = keys.difference(&reference).collect();
        if !missing.is_empty() || !extra.is_empty() {
            return Err(format!(
                "locales/{locale}.json does not match locales/{DEFAULT_LOCALE}.json: \
                 missing {missing:?}, not in {DEFAULT_LOCALE}: {extra:?}"
            )
            .into());
        }
    }

    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?);
    let mut config = Config::new(DEFAULT_LOCALE)?;
    for locale in OTHER_LOCALES {
        config = config.add_locale(locale)?;
    }
    let translations = TranslationsInfos::parse(config)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    translations.generate_i18n_module(out_dir.join("i18n"))?;
    Ok(())
}

/// The dotted paths of every string in `locales/<locale>.json`.
fn keys_of(locale: &str) -> Result<BTreeSet<String>, Box<dyn Error>> {
    let path = format!("locales/{locale}.json");
    println!("cargo::rerun-if-changed={path}");
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path)?)
        .map_err(|e| format!("{path}: {e}"))?;
    let mut keys = BTreeSet::new();
    collect(&json, String::new(), &mut keys);
    Ok(keys)
}

fn collect(value: &serde_json::Value, prefix: String, keys: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                collect(value, path, keys);
            }
        }
        _ => {
            keys.insert(prefix);
        }
    }
}
