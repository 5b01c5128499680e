//! Baselines: adopting nabij on a library that already has findings. `--write-baseline FILE`
//! records the current findings, counted per file, template, rule and marked words (no line
//! numbers, so moving text does not invalidate it). `--baseline FILE` then drops that many
//! of each from a run, so only new findings fail it, and lists the recorded ones that are gone.

use crate::lint::FileReport;
use crate::rules::RuleSet;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const VERSION: u32 = 1;

/// What identifies a finding across edits: file, template, rule and the words it marks
/// (whitespace collapsed).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Key {
    pub path: String,
    pub template: Option<String>,
    pub rule: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    #[serde(flatten)]
    key: Key,
    count: usize,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileFormat {
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Baseline {
    counts: BTreeMap<Key, usize>,
}

fn keys<'a>(reports: &'a [FileReport], set: &'a RuleSet) -> impl Iterator<Item = Key> + 'a {
    reports.iter().flat_map(move |f| {
        f.replies.iter().flat_map(move |r| {
            r.findings
                .iter()
                .map(move |x| key(&f.path, r.name.as_deref(), &set.rules()[x.rule].id, &f.text(x.span)))
        })
    })
}

/// A finding's key: where, which rule, and its words as shown (personal data masked).
fn key(path: &str, template: Option<&str>, rule: &str, text: &str) -> Key {
    Key {
        path: path.to_string(),
        template: template.map(str::to_string),
        rule: rule.to_string(),
        text: text.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

impl Baseline {
    pub fn of(reports: &[FileReport], set: &RuleSet) -> Baseline {
        let mut b = Baseline::default();
        for f in reports {
            b.record(f, set);
        }
        b
    }

    /// Record the findings of one file (or part of one).
    pub fn record(&mut self, report: &FileReport, set: &RuleSet) {
        for k in keys(std::slice::from_ref(report), set) {
            *self.counts.entry(k).or_insert(0) += 1;
        }
    }

    pub fn len(&self) -> usize {
        self.counts.values().sum()
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    pub fn to_json(&self) -> String {
        let file = FileFormat {
            version: VERSION,
            findings: self
                .counts
                .iter()
                .map(|(key, &count)| Entry {
                    key: key.clone(),
                    count,
                })
                .collect(),
        };
        crate::text::safe::json_text(serde_json::to_string_pretty(&file).expect("plain data")) + "\n"
    }

    pub fn parse(text: &str) -> Result<Baseline, String> {
        let file: FileFormat = serde_json::from_str(text).map_err(|e| format!("geen baseline van nabij: {e}"))?;
        if file.version != VERSION {
            return Err(format!("baselineversie {} is niet {VERSION}", file.version));
        }
        let mut counts: BTreeMap<Key, usize> = BTreeMap::new();
        let mut total: usize = 0;
        for e in file.findings {
            // Counts are findings a run can have: a sum that overflows is a damaged file.
            let too_large = || format!("het aantal van {} in {} is te groot", e.key.rule, e.key.path);
            total = total.checked_add(e.count).ok_or_else(too_large)?;
            let n = counts.entry(e.key.clone()).or_insert(0);
            *n = n.checked_add(e.count).ok_or_else(too_large)?;
        }
        Ok(Baseline { counts })
    }

    /// Drop the findings the baseline records (up to its count for each) and return the
    /// recorded ones that no longer occur, with how many are gone.
    pub fn apply(&self, reports: &mut [FileReport], set: &RuleSet) -> Vec<(Key, usize)> {
        let mut left = self.clone();
        for f in reports.iter_mut() {
            left.take(f, set);
        }
        left.gone(&|path| reports.iter().any(|f| f.path == path))
    }

    /// Drop from one file (or part of one) the findings this baseline still records, and
    /// count them off.
    pub fn take(&mut self, f: &mut FileReport, set: &RuleSet) {
        let (path, source, personal) = (&f.path, &f.source, &f.personal);
        for r in &mut f.replies {
            let name = r.name.as_deref();
            r.findings.retain(|x| {
                let text = super::shown(source, personal, x.span);
                let key = key(path, name, &set.rules()[x.rule].id, &text);
                match self.counts.get_mut(&key) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        false
                    }
                    _ => true,
                }
            });
        }
    }

    /// What is left once every file was taken: the recorded findings that are gone. Only a
    /// file `checked` in this run can have gone findings: pre-commit checks the files a
    /// commit changes, and the others' findings are not gone because they were not looked at.
    pub fn gone(self, checked: &dyn Fn(&str) -> bool) -> Vec<(Key, usize)> {
        self.counts
            .into_iter()
            .filter(|(k, n)| *n > 0 && checked(&k.path))
            .collect()
    }
}
