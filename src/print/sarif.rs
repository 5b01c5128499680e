//! SARIF 2.1.0, for code-scanning dashboards (GitHub code scanning and the like). Every
//! loaded rule is in the driver with its message, rationale and suggestions; results point
//! at the exact characters, with columns counted in Unicode code points
//! (`columnKind: unicodeCodePoints`). Read and config errors become tool notifications.
//! Tested against the published 2.1.0 schema in `tests/outputs.rs`.

use super::located;
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

pub fn render(files: &[FileReport], problems: &[Diagnostic], set: &RuleSet) -> String {
    let rules: Vec<Value> = set
        .rules()
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
        .collect();
    let results: Vec<Value> = located(files, set)
        .into_iter()
        .map(|l| {
            let message = l.message();
            let mut result = json!({
                "ruleId": l.rule.id,
                "ruleIndex": l.rule_index,
                "level": level(l.finding.severity),
                "message": {"text": message},
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
            result
        })
        .collect();
    let notifications: Vec<Value> = problems
        .iter()
        .chain(files.iter().flat_map(|f| &f.errors))
        .map(|d| {
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
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "nabij",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
        }],
    });
    super::json_text(serde_json::to_string_pretty(&doc).expect("plain data")) + "\n"
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
