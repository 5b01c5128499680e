//! GitHub Actions workflow commands: `::warning file=...,line=...,col=...::message`, so
//! findings show up as annotations on the pull request. GitHub shows at most 10
//! annotations per level per step and 50 per job, so the most severe go first, within those
//! limits; the rest are printed as plain log lines with a notice of how many were left out.

use super::{located, untrusted};
use crate::lint::FileReport;
use crate::rules::{RuleSet, Severity};

/// Annotations GitHub shows per level in one step, and per job.
pub const PER_LEVEL: usize = 10;
pub const PER_JOB: usize = 50;

/// Escape the message part of a workflow command.
fn data(s: &str) -> String {
    untrusted(s)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value (`file=...`, `title=...`).
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

/// A token for `::stop-commands::`, new for every run: a randomly keyed hash of the time and
/// the process id, which no file name written beforehand can contain.
fn stop_token() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    h.write_u32(std::process::id());
    format!("nabij-{:016x}", h.finish())
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

pub fn render(files: &[FileReport], set: &RuleSet) -> String {
    let mut all = located(files, set);
    // Most severe first; otherwise in report order (the sort is stable).
    all.sort_by_key(|l| std::cmp::Reverse(l.finding.severity));
    let mut out = String::new();
    let mut per_level = [0usize; 3];
    let mut shown = 0;
    let mut left_out = Vec::new();
    // One notice annotation is kept back for the line that says how many were left out.
    let room = |per_level: &[usize; 3], shown: usize, sev: Severity| {
        let i = sev as usize;
        let cap = if sev == Severity::Info {
            PER_LEVEL - 1
        } else {
            PER_LEVEL
        };
        per_level[i] < cap && shown < PER_JOB - 1
    };
    for l in &all {
        let sev = l.finding.severity;
        if !room(&per_level, shown, sev) {
            left_out.push(l);
            continue;
        }
        per_level[sev as usize] += 1;
        shown += 1;
        out.push_str(&format!(
            "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            level(sev),
            property(l.path),
            l.start.line,
            l.start.column,
            l.end.line,
            l.end.column,
            property(&format!("nabij {}", l.rule.id)),
            data(&l.message()),
        ));
    }
    if !left_out.is_empty() {
        out.push_str(&format!(
            "::notice title=nabij::{} more findings are not shown as annotations (GitHub shows at most {PER_LEVEL} per level and {PER_JOB} per job); they follow in the log\n",
            left_out.len()
        ));
        // The log lines begin with a path, and a file may be named `::error ...::x.txt`:
        // workflow commands are stopped around them, with a token the input cannot know.
        let token = stop_token();
        out.push_str(&format!("::stop-commands::{token}\n"));
        for l in left_out {
            out.push_str(&l.compact());
            out.push('\n');
        }
        out.push_str(&format!("::{token}::\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_command_values_are_escaped() {
        assert_eq!(data("50% klaar\nregel 2"), "50%25 klaar%0Aregel 2");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
        assert_eq!(data("\u{1b}]0;titel\u{7}"), "\u{fffd}]0;titel\u{fffd}");
    }
}
