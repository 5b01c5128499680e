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

/// FNV-1a, 64 bits: a stable hash (std's hashers may change between Rust releases).
fn fnv(hash: &mut u64, bytes: &[u8]) {
    for &b in bytes {
        *hash ^= u64::from(b);
        *hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
}

/// The hash of everything the compiled built-in rules are made from (the rule files and the
/// source of the code that parses them), and the compiled form itself if it is there. A
/// compiled form with another hash is not used: nabij reads the TOML (see
/// `src/rules/compiled.rs`).
fn compiled_rules(root: &Path, rule_files: &[PathBuf]) -> String {
    let mut sources: Vec<PathBuf> = rule_files.to_vec();
    for dir in ["src/rules", "src/text", "src/privacy"] {
        let dir = root.join(dir);
        println!("cargo:rerun-if-changed={}", dir.display());
        collect_ext(&dir, &mut sources);
    }
    sources.push(root.join("src/span.rs"));
    sources.sort();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for f in &sources {
        let rel = f
            .strip_prefix(root)
            .expect("under the crate")
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read(f).unwrap_or_else(|e| panic!("cannot read {}: {e}", f.display()));
        // Line endings do not change what the rules say (a Windows checkout has CRLF).
        let text: Vec<u8> = text.into_iter().filter(|&b| b != b'\r').collect();
        fnv(&mut hash, rel.as_bytes());
        fnv(&mut hash, &[0]);
        fnv(&mut hash, &text);
        fnv(&mut hash, &[0]);
    }
    let bin = root.join("data/builtin-rules.bin");
    println!("cargo:rerun-if-changed={}", bin.display());
    let embed = if bin.is_file() {
        format!("include_bytes!({:?})", bin.display().to_string())
    } else {
        "&[]".to_string()
    };
    format!(
        "/// Hash of the sources of the compiled built-in rules (see build.rs).\npub const RULES_SOURCE_HASH: u64 = {hash:#x};\n/// The compiled built-in rules (`data/builtin-rules.bin`), or nothing.\npub static COMPILED_RULES: &[u8] = {embed};\n"
    )
}

/// Every `.rs` and `.toml` file below `dir`.
fn collect_ext(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display())) {
        let path = entry.expect("readable source entry").path();
        if path.is_dir() {
            collect_ext(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs" || x == "toml") {
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
    code.push_str(&compiled_rules(&root, &files));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin_rules.rs");
    std::fs::write(out, code).expect("write builtin_rules.rs");
}
