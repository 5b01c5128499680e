//! GitHub Actions workflow commands: `::warning file=...,line=...,col=...::message`, so
//! findings show up as annotations on the pull request. GitHub shows at most 10
//! annotations per level per step and 50 per job, so the most severe go first, within those
//! limits; the rest are printed as plain log lines with a notice of how many were left out.

use super::untrusted;
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

/// The annotation line of one finding.
fn annotation(l: &super::Located<'_>) -> String {
    format!(
        "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
        level(l.finding.severity),
        property(l.path),
        l.start.line,
        l.start.column,
        l.end.line,
        l.end.column,
        property(&format!("nabij {}", l.rule.id)),
        data(&l.message()),
    )
}

/// The findings of a run as they come, sorted out by level: the first of each level that
/// may become annotations are kept (as their annotation and their log line), the rest go
/// to a temporary file per level, so a large run is not held in memory.
#[derive(Default)]
pub struct Annotations {
    /// Per level (info, warning, error): (annotation, log line) of its first findings.
    kept: [Vec<(String, String)>; 3],
    /// Per level: the log lines of the findings after those, and how many.
    spilled: [Option<(std::fs::File, usize)>; 3],
}

impl Annotations {
    /// Sort out the findings of one file, or part of one.
    pub fn add(&mut self, file: &FileReport, set: &RuleSet) -> std::io::Result<()> {
        use std::io::Write;
        for l in super::each_located(std::slice::from_ref(file), set) {
            let i = l.finding.severity as usize;
            if self.kept[i].len() < PER_LEVEL {
                self.kept[i].push((annotation(&l), l.compact() + "\n"));
                continue;
            }
            let (spill, n) = match &mut self.spilled[i] {
                Some(s) => s,
                empty => empty.insert((tempfile::tempfile()?, 0)),
            };
            spill.write_all((l.compact() + "\n").as_bytes())?;
            *n += 1;
        }
        Ok(())
    }

    /// The workflow commands: the most severe findings as annotations, within GitHub's
    /// limits (one notice kept back for the line that says how many were left out), then
    /// the rest as log lines, most severe first, each level in report order. `write` gets
    /// the text in pieces.
    pub fn finish(mut self, write: &mut dyn FnMut(&str)) -> std::io::Result<()> {
        use std::io::{Read, Seek};
        let mut shown = [0usize; 3];
        let mut total = 0;
        for sev in [Severity::Error, Severity::Warning, Severity::Info] {
            let i = sev as usize;
            let cap = if sev == Severity::Info {
                PER_LEVEL - 1
            } else {
                PER_LEVEL
            };
            shown[i] = self.kept[i].len().min(cap).min((PER_JOB - 1).saturating_sub(total));
            total += shown[i];
            for (line, _) in &self.kept[i][..shown[i]] {
                write(line);
            }
        }
        let left_out: usize = (0..3)
            .map(|i| self.kept[i].len() - shown[i] + self.spilled[i].as_ref().map_or(0, |s| s.1))
            .sum();
        if left_out == 0 {
            return Ok(());
        }
        write(&format!(
            "::notice title=nabij::{left_out} bevindingen meer staan niet als annotatie (GitHub toont er hoogstens {PER_LEVEL} per niveau en {PER_JOB} per job); ze staan in het log\n"
        ));
        // The log lines begin with a path, and a file may be named `::error ...::x.txt`:
        // workflow commands are stopped around them, with a token the input cannot know.
        let token = stop_token();
        write(&format!("::stop-commands::{token}\n"));
        for i in [
            Severity::Error as usize,
            Severity::Warning as usize,
            Severity::Info as usize,
        ] {
            for (_, line) in &self.kept[i][shown[i]..] {
                write(line);
            }
            if let Some((mut spill, _)) = self.spilled[i].take() {
                spill.rewind()?;
                let mut buf = vec![0; 1 << 16];
                let mut carry = Vec::new();
                loop {
                    let n = spill.read(&mut buf)?;
                    if n == 0 {
                        break;
                    }
                    carry.extend_from_slice(&buf[..n]);
                    // Whole lines only: a piece never ends inside a character.
                    if let Some(end) = carry.iter().rposition(|&b| b == b'\n') {
                        let rest = carry.split_off(end + 1);
                        write(&String::from_utf8_lossy(&carry));
                        carry = rest;
                    }
                }
                write(&String::from_utf8_lossy(&carry));
            }
        }
        write(&format!("::{token}::\n"));
        Ok(())
    }
}

pub fn render(files: &[FileReport], set: &RuleSet) -> String {
    let mut a = Annotations::default();
    let mut out = String::new();
    let done = files
        .iter()
        .try_for_each(|f| a.add(f, set))
        .and_then(|()| a.finish(&mut |s| out.push_str(s)));
    if let Err(e) = done {
        out.push_str(&format!("::error title=nabij::{}\n", data(&e.to_string())));
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
