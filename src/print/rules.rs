//! `nabij rules`: the loaded rules as a table, or as JSON.

use crate::rules::RuleSet;

pub fn list(set: &RuleSet, json: bool) -> String {
    if json {
        let list: Vec<_> = set
            .rules()
            .iter()
            .map(|r| {
                serde_json::json!({
                    "id": r.id, "dimension": r.dimension, "severity": r.severity, "kind": r.kind_name(),
                    "tags": r.tags, "message": r.message, "path": r.origin.path, "builtin": r.origin.builtin,
                })
            })
            .collect();
        return super::json_text(serde_json::to_string_pretty(&list).expect("plain data")) + "\n";
    }
    let width = set.rules().iter().map(|r| r.id.len()).max().unwrap_or(0);
    let mut s = String::new();
    for r in set.rules() {
        s.push_str(&format!(
            "{:<width$}  {:<9}  {:<7}  {:<11}  {}\n",
            r.id,
            r.dimension,
            r.severity,
            r.kind_name(),
            r.message
        ));
    }
    s.push_str(&format!(
        "{} rules, {} signals (`nabij explain <id>` shows one)\n",
        set.len(),
        set.signals().len()
    ));
    s
}

/// `nabij rules`: a table to read.
pub struct Table;

impl super::Printer<RuleSet> for Table {
    fn print(&self, set: &RuleSet, sink: &mut dyn super::Sink) {
        sink.styled(&list(set, false));
    }
}

/// `nabij rules --format json`.
pub struct Json;

impl super::Printer<RuleSet> for Json {
    fn print(&self, set: &RuleSet, sink: &mut dyn super::Sink) {
        sink.plain(&list(set, true));
    }
}
