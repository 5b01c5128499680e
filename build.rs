//! Embeds every rule file under `rules/` in the binary, so an installed nabij needs no
//! rules folder. Paths are sorted so builds are reproducible.

use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("readable rules entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|x| x == "toml") {
            out.push(path);
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let rules = root.join("rules");
    println!("cargo:rerun-if-changed=rules");
    let mut files = Vec::new();
    collect(&rules, &mut files);
    let mut code = String::from(
        "/// Built-in rule files: (path relative to the crate, contents).\npub static BUILTIN_RULES: &[(&str, &str)] = &[\n",
    );
    // The same files as JSON: reading JSON is several times faster than reading TOML, and
    // reading the built-in rules is most of the start-up of a one-draft check. A file that
    // is not valid TOML gets an empty entry, so the loader reads the TOML and reports the
    // error in place.
    let mut json = String::from(
        "/// The built-in rule files as JSON, in the order of `BUILTIN_RULES` (empty: read the TOML).\npub static BUILTIN_RULES_JSON: &[&str] = &[\n",
    );
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let rel = f
            .strip_prefix(&root)
            .expect("under the crate")
            .to_string_lossy()
            .replace('\\', "/");
        code.push_str(&format!(
            "    ({rel:?}, include_str!({:?})),\n",
            f.display().to_string()
        ));
        let text = std::fs::read_to_string(f).unwrap_or_else(|e| panic!("cannot read {}: {e}", f.display()));
        // Checking a text needs no examples: they are left out (`nabij explain` and
        // `test-rules` read the TOML).
        let as_json = toml::from_str::<toml::Table>(&text)
            .ok()
            .and_then(|mut table| {
                if table.contains_key("examples") {
                    table.insert("examples".into(), toml::Value::Table(toml::Table::new()));
                }
                serde_json::to_string(&table).ok()
            })
            .unwrap_or_default();
        json.push_str(&format!("    {as_json:?},\n"));
    }
    code.push_str("];\n");
    json.push_str("];\n");
    code.push_str(&json);
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin_rules.rs");
    std::fs::write(out, code).expect("write builtin_rules.rs");
}
