//! SARIF 2.1.0, for code-scanning dashboards (GitHub code scanning and the like). Every
//! loaded rule is in the driver with its message, rationale and suggestions; results point
//! at the exact characters, with columns counted in Unicode code points
//! (`columnKind: unicodeCodePoints`). Read and config errors become tool notifications.
//! The results are written as they come; how the run went follows them.
//! Tested against the published 2.1.0 schema in `tests/outputs.rs`.

use crate::diagnostic::Diagnostic;
use crate::lint::FileReport;
use crate::rules::{RuleSet, Severity};
use serde_json::{Value, json};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A path as a relative URI reference: forward slashes, and characters a URI cannot hold
/// percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.replace('\\', "/").bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn rules(set: &RuleSet) -> Vec<Value> {
    set.rules()
        .iter()
        .map(|r| {
            let help = r.suggest.iter().map(|s| format!("- {s}")).collect::<Vec<_>>().join("\n");
            json!({
                "id": r.id,
                "name": r.id,
                "shortDescription": {"text": r.message},
                "fullDescription": {"text": super::wrap(&r.why, usize::MAX)},
                "help": {"text": format!("Beter:\n{help}"), "markdown": format!("**Beter**\n\n{help}")},
                "defaultConfiguration": {"level": level(r.severity)},
                "properties": {"tags": std::iter::once(r.dimension.as_str()).chain(r.tags.iter().map(String::as_str)).collect::<Vec<_>>()},
            })
        })
        .collect()
}

fn result(l: &super::Located<'_>) -> Value {
    let mut result = json!({
        "ruleId": l.rule.id,
        "ruleIndex": l.rule_index,
        "level": level(l.finding.severity),
        "message": {"text": l.message()},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": uri(l.path)},
                "region": {
                    "startLine": l.start.line,
                    "startColumn": l.start.column,
                    "endLine": l.end.line,
                    "endColumn": l.end.column,
                    "snippet": {"text": l.text},
                }
            }
        }],
    });
    if let Some(t) = l.template {
        result["properties"] = json!({"template": t});
    }
    if !l.related.is_empty() {
        result["properties"]["related"] = json!(l.related);
    }
    if let Some(replacement) = &l.finding.fix {
        result["fixes"] = json!([{
            "description": {"text": format!("Vervang door \"{replacement}\"")},
            "artifactChanges": [{
                "artifactLocation": {"uri": uri(l.path)},
                "replacements": [{
                    "deletedRegion": {
                        "startLine": l.start.line,
                        "startColumn": l.start.column,
                        "endLine": l.end.line,
                        "endColumn": l.end.column,
                    },
                    "insertedContent": {"text": replacement},
                }],
            }],
        }]);
    }
    result
}

fn notification(d: &Diagnostic) -> Value {
    let mut n = json!({"level": "error", "message": {"text": d.message}});
    if let Some(p) = d.position() {
        n["locations"] = json!([{"physicalLocation": {
            "artifactLocation": {"uri": uri(&d.path)},
            "region": {"startLine": p.line, "startColumn": p.column}
        }}]);
    } else {
        n["locations"] = json!([{"physicalLocation": {"artifactLocation": {"uri": uri(&d.path)}}}]);
    }
    n
}

/// The document in the order it is written: the tool and its rules, the results as they
/// come, then how the run went (known only at its end).
#[derive(serde::Serialize)]
struct Document {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run; 1],
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Value,
    column_kind: &'static str,
    results: Vec<Value>,
    invocations: Value,
}

fn document(set: &RuleSet, notifications: Vec<Value>) -> Document {
    Document {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [Run {
            tool: json!({"driver": {
                "name": "nabij",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules(set),
            }}),
            column_kind: "unicodeCodePoints",
            results: Vec::new(),
            invocations: json!([{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications,
            }]),
        }],
    }
}

/// The document's opening, up to the `[` of its results.
pub fn start(set: &RuleSet) -> String {
    super::json::around(&document(set, Vec::new()), "results", 0).0
}

/// The results of one file (or part of one), a result at a time; `before`: how many results
/// came before it.
pub fn part(file: &FileReport, set: &RuleSet, before: usize, write: &mut dyn FnMut(&str)) {
    for (k, l) in super::each_located(std::slice::from_ref(file), set).enumerate() {
        write(if before + k > 0 { ",\n" } else { "\n" });
        write(&super::json::indented(&super::json::pretty(&result(&l)), 8));
    }
}

/// The document's closing: how the run went, with every problem as a notification
/// (`results`: how many results there were).
pub fn end<'a>(set: &RuleSet, problems: impl Iterator<Item = &'a Diagnostic>, results: usize) -> String {
    let (_, close) = super::json::around(&document(set, problems.map(notification).collect()), "results", 0);
    let close = if results > 0 { format!("\n      {close}") } else { close };
    close + "\n"
}

/// The whole run as one SARIF document.
pub fn render(files: &[FileReport], problems: &[Diagnostic], set: &RuleSet) -> String {
    let mut out = start(set);
    let mut results = 0;
    for f in files {
        part(f, set, results, &mut |s| out.push_str(s));
        results += f.replies.iter().map(|r| r.findings.len()).sum::<usize>();
    }
    out.push_str(&end(
        set,
        problems.iter().chain(files.iter().flat_map(|f| &f.errors)),
        results,
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("sjablonen/afval melding.toml"), "sjablonen/afval%20melding.toml");
        assert_eq!(uri("a\\b#c"), "a/b%23c");
    }
}
