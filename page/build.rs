//! Bundles a team's settings into the page: with `NABIJ_PAGE_CONFIG` set to a nabij.toml
//! (`scripts/build-page --config nabij.toml`), that file and every rule file under the rule
//! folders it names (`rules = [...]`, relative to it) are written to `$OUT_DIR/team.json`,
//! which the module embeds. Without it the bundle is empty and the page has nabij's own
//! settings. The files are checked by the native nabij before the page is built (the
//! script does that); here they are only read.

use std::path::{Path, PathBuf};

/// Every `.toml` file below `dir`, sorted, as nabij's rule loader walks a rule folder
/// (symbolic links are not followed).
fn rule_files(dir: &Path, out: &mut Vec<PathBuf>) {
    if dir.is_file() {
        out.push(dir.to_path_buf());
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        panic!("nabij-page: regelmap {} niet gevonden", dir.display());
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_dir() {
            rule_files(&path, out);
        } else if kind.is_file() && path.extension().is_some_and(|x| x == "toml") {
            out.push(path);
        }
    }
}

fn file(name: &str, path: &Path) -> serde_json::Value {
    println!("cargo:rerun-if-changed={}", path.display());
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("nabij-page: kan {} niet lezen: {e}", path.display()));
    serde_json::json!({ "name": name, "text": text })
}

fn main() {
    println!("cargo:rerun-if-env-changed=NABIJ_PAGE_CONFIG");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("team.json");
    let bundle = match std::env::var("NABIJ_PAGE_CONFIG").ok().filter(|c| !c.is_empty()) {
        None => serde_json::json!({}),
        Some(config) => {
            let config = PathBuf::from(config);
            let text = std::fs::read_to_string(&config)
                .unwrap_or_else(|e| panic!("nabij-page: kan {} niet lezen: {e}", config.display()));
            let value: toml::Table = toml::from_str(&text)
                .unwrap_or_else(|e| panic!("nabij-page: {} is geen geldige TOML: {e}", config.display()));
            let base = config.parent().unwrap_or(Path::new("."));
            let mut files = Vec::new();
            for dir in value.get("rules").and_then(toml::Value::as_array).into_iter().flatten() {
                if let Some(dir) = dir.as_str() {
                    rule_files(&base.join(dir), &mut files);
                }
            }
            let rules: Vec<_> = (files.iter())
                .map(|f| {
                    let name = f.strip_prefix(base).unwrap_or(f).display().to_string();
                    file(&name, f)
                })
                .collect();
            let name = config
                .file_name()
                .map_or("nabij.toml".into(), |n| n.to_string_lossy().into_owned());
            serde_json::json!({ "config": file(&name, &config), "rules": rules })
        }
    };
    std::fs::write(&out, bundle.to_string()).expect("OUT_DIR is writable");
}
