//! The compact format: one line per finding, `path:line:col: severity[rule] message`, as
//! editors and `grep` read them. Not a contract: use `--format json` from a program.

use super::{Summary, located, untrusted};
use crate::input::FileReport;
use crate::rules::RuleSet;

pub fn render(files: &[FileReport], set: &RuleSet) -> String {
    let mut out = String::new();
    for l in located(files, set) {
        let detail = l
            .finding
            .detail
            .as_deref()
            .map(|d| format!(" ({d})"))
            .unwrap_or_default();
        out.push_str(
            &untrusted(&format!(
                "{}:{}:{}: {}[{}] {}{}",
                l.path, l.start.line, l.start.column, l.finding.severity, l.rule.id, l.rule.message, detail
            ))
            .replace('\n', " "),
        );
        out.push('\n');
    }
    out
}

/// The closing line, in the same one-line style.
pub fn summary(s: &Summary) -> String {
    format!(
        "{} findings ({} errors, {} warnings, {} infos) in {} files\n",
        s.findings, s.errors, s.warnings, s.infos, s.files
    )
}
