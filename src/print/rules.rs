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
    // Columns by characters, not bytes: a team rule's id may hold an é.
    let width = |texts: &mut dyn Iterator<Item = &str>| texts.map(|t| t.chars().count()).max().unwrap_or(0);
    let rules = set.rules();
    let w_id = width(&mut rules.iter().map(|r| r.id.as_str()).chain(["regel"]));
    let w_dim = width(&mut rules.iter().map(|r| r.dimension.as_str()).chain(["dimensie"]));
    let w_sev = width(&mut rules.iter().map(|r| r.severity.dutch()).chain(["ernst"]));
    let w_kind = width(&mut rules.iter().map(|r| r.kind_name()).chain(["soort"]));
    let row = |cells: [&str; 5]| {
        let pad = |t: &str, w: usize| format!("{t}{}", " ".repeat(w.saturating_sub(t.chars().count())));
        format!(
            "{}  {}  {}  {}  {}\n",
            pad(cells[0], w_id),
            pad(cells[1], w_dim),
            pad(cells[2], w_sev),
            pad(cells[3], w_kind),
            cells[4]
        )
    };
    let mut s = row(["regel", "dimensie", "ernst", "soort", "melding"]);
    for r in rules {
        s.push_str(&row([
            &r.id,
            r.dimension.as_str(),
            r.severity.dutch(),
            r.kind_name(),
            &r.message,
        ]));
    }
    s.push_str(&format!(
        "{}, {} (`nabij explain <id>` toont er één)\n",
        super::human::plural(set.len(), "regel", "regels"),
        super::human::plural(set.signals().len(), "signaal", "signalen")
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
