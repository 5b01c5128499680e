//! The floor plan holds: no import cycle between the top-level modules of the library,
//! `rules/` (data and loading) never reaches into `check/` (the engine), and no source file
//! grows past 600 lines of code (`main.rs` past 250).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Every `.rs` file under `src/`.
fn source_files() -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).expect("src is readable") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                files.push(p);
            }
        }
    }
    files
}

/// Lines of code: not blank, not a comment, and not in the file's test module (from its
/// `#[cfg(test)]` on).
fn lines_of_code(text: &str) -> usize {
    text.lines()
        .map(str::trim)
        .take_while(|l| !l.starts_with("#[cfg(test)]"))
        .filter(|l| !l.is_empty() && !l.starts_with("//"))
        .count()
}

#[test]
fn no_source_file_is_over_600_lines_of_code() {
    let mut over = Vec::new();
    for f in source_files() {
        let text = std::fs::read_to_string(&f).expect("readable");
        let limit = if f.ends_with("src/main.rs") { 250 } else { 600 };
        let n = lines_of_code(&text);
        if n > limit {
            over.push(format!("{} ({n} > {limit})", f.display()));
        }
    }
    assert!(over.is_empty(), "split these by concern: {over:?}");
    assert_eq!(lines_of_code("// a\n\nfn a() {}\n#[cfg(test)]\nmod tests {}\n"), 1);
}

/// The top-level modules each file of `src/` names through `crate::` (in paths and in
/// `use crate::{a, b::c}` groups).
fn edges() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = source_files();
    let top = |p: &Path| -> String {
        let rel = p.strip_prefix(&src).expect("inside src");
        let first = rel
            .components()
            .next()
            .expect("a component")
            .as_os_str()
            .to_string_lossy()
            .to_string();
        first.trim_end_matches(".rs").to_string()
    };
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in &files {
        let from = top(f);
        let text = std::fs::read_to_string(f).expect("readable");
        let entry = graph.entry(from.clone()).or_default();
        for (i, _) in text.match_indices("crate::") {
            let rest = &text[i + "crate::".len()..];
            let names: Vec<String> = if let Some(group) = rest.strip_prefix('{') {
                // Top-level names of the group, up to its closing brace.
                let (mut depth, mut end) = (1, group.len());
                for (j, c) in group.char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        _ => {}
                    }
                    if depth == 0 {
                        end = j;
                        break;
                    }
                }
                let mut parts = Vec::new();
                let (mut depth, mut start) = (0, 0);
                let body = &group[..end];
                for (j, c) in body.char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        ',' if depth == 0 => {
                            parts.push(body[start..j].to_string());
                            start = j + 1;
                        }
                        _ => {}
                    }
                }
                parts.push(body[start..].to_string());
                parts
            } else {
                vec![rest.to_string()]
            };
            for n in names {
                let n: String = n
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                    .collect();
                if !n.is_empty() && n != from {
                    entry.insert(n);
                }
            }
        }
    }
    // Only edges between modules of the library (main.rs, cli.rs and out.rs are the binary).
    let modules: BTreeSet<String> = graph.keys().cloned().collect();
    for targets in graph.values_mut() {
        targets.retain(|t| modules.contains(t));
    }
    for bin in ["main", "cli", "out"] {
        graph.remove(bin);
    }
    graph
}

#[test]
fn no_import_cycle_between_top_level_modules() {
    let graph = edges();
    assert!(graph.len() > 10, "the scan finds the modules: {:?}", graph.keys());
    // Depth-first search for a back edge; report the cycle it closes.
    fn visit(
        n: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == n) {
            let mut cycle = path[at..].to_vec();
            cycle.push(n.to_string());
            return Some(cycle);
        }
        if done.contains(n) {
            return None;
        }
        path.push(n.to_string());
        for next in graph.get(n).into_iter().flatten() {
            if let Some(c) = visit(next, graph, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(n.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for n in graph.keys() {
        if let Some(cycle) = visit(n, &graph, &mut Vec::new(), &mut done) {
            panic!("import cycle: {}", cycle.join(" -> "));
        }
    }
}

#[test]
fn rules_are_data_below_the_engine() {
    let graph = edges();
    let rules = &graph["rules"];
    for higher in ["check", "lint", "config", "print", "mirror", "input", "eval"] {
        assert!(!rules.contains(higher), "rules/ imports {higher}: {rules:?}");
    }
    assert!(graph["check"].contains("rules"), "the scan sees check's use of rules");
    for lower in ["print", "lint", "config"] {
        assert!(!graph["check"].contains(lower), "check/ imports {lower}");
    }
}

/// `cargo test` on a fresh machine stays light: no dependency, for the tests either, brings
/// a network stack or a C build (a test-only crate's default features once pulled in both).
#[test]
fn no_network_stack_or_c_build_among_the_dependencies() {
    let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.lock")).expect("Cargo.lock");
    let names: Vec<&str> = lock
        .lines()
        .filter_map(|l| l.strip_prefix("name = \""))
        .map(|l| l.trim_end_matches('"'))
        .collect();
    assert!(names.contains(&"jsonschema"), "the scan reads Cargo.lock");
    for heavy in [
        "aws-lc-sys",
        "aws-lc-rs",
        "ring",
        "reqwest",
        "hyper",
        "rustls",
        "openssl-sys",
        "cc",
    ] {
        assert!(!names.contains(&heavy), "{heavy} is in Cargo.lock");
    }
}
