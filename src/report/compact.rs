//! The compact format: one line per finding, `path:line:col: severity[rule] message`, as
//! editors and `grep` read them. Not a contract: use `--format json` from a program.

use super::{Summary, each_located};
use crate::input::FileReport;
use crate::rules::RuleSet;

pub fn render(files: &[FileReport], set: &RuleSet) -> String {
    let mut out = String::new();
    for l in each_located(files, set) {
        out.push_str(&l.compact());
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
