//! The compact format: one line per finding, `path:line:col: severity[rule] message`, as
//! editors and `grep` read them. Not a contract: use `--format json` from a program.

use super::{Summary, each_located};
use crate::lint::FileReport;
use crate::rules::RuleSet;

pub fn render(files: &[FileReport], set: &RuleSet) -> String {
    let mut out = String::new();
    for chunk in chunks(files, set, usize::MAX) {
        out.push_str(&chunk);
    }
    out
}

/// The lines of `render` in pieces of about `size` bytes, so that a caller can write a
/// large archive's findings as they come instead of holding them all at once.
pub fn chunks<'a>(files: &'a [FileReport], set: &'a RuleSet, size: usize) -> impl Iterator<Item = String> + 'a {
    let mut lines = each_located(files, set).peekable();
    std::iter::from_fn(move || {
        lines.peek()?;
        let mut out = String::new();
        while out.len() < size
            && let Some(l) = lines.next()
        {
            out.push_str(&l.compact());
            out.push('\n');
        }
        Some(out)
    })
}

/// The closing line, in the same one-line style.
pub fn summary(s: &Summary) -> String {
    use super::human::{plural, severities};
    use crate::rules::Severity;
    format!(
        "{} ({}, {}, {}) in {}\n",
        plural(s.findings, "bevinding", "bevindingen"),
        severities(s.errors, Severity::Error),
        severities(s.warnings, Severity::Warning),
        severities(s.infos, Severity::Info),
        plural(s.files, "bestand", "bestanden")
    )
}
