//! Running a rule set over a reply: phrase and regex matches become findings, `unless`
//! phrases cancel a rule in their sentence, overlapping matches of one rule merge into one
//! finding, and findings come out sorted.

mod matcher;

pub(crate) use matcher::Matcher;

use crate::rules::{RuleSet, Severity};
use crate::span::Span;
use crate::text::Document;
use std::collections::HashSet;

/// One thing a rule found in a reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Index of the rule in its `RuleSet`.
    pub rule: usize,
    pub severity: Severity,
    /// Byte range of the words that triggered it, in the text that was checked.
    pub span: Span,
}

/// Check one reply. Spans are byte ranges of `text`.
pub fn check_text(set: &RuleSet, text: &str) -> Vec<Finding> {
    let doc = Document::new(text);
    check_document(set, &doc)
}

pub fn check_document(set: &RuleSet, doc: &Document) -> Vec<Finding> {
    let matcher = &set.matcher;
    let raw = matcher.scan(doc);
    let cancelled: HashSet<(usize, u32)> = raw
        .iter()
        .filter(|m| m.unless)
        .map(|m| (m.rule, doc.tokens[m.first].sentence))
        .collect();
    // (rule, folded start, folded end)
    let mut hits: Vec<(usize, usize, usize)> = raw
        .iter()
        .filter(|m| !m.unless && !cancelled.contains(&(m.rule, doc.tokens[m.first].sentence)))
        .map(|m| {
            (
                m.rule,
                doc.tokens[m.first].start as usize,
                doc.tokens[m.end - 1].end as usize,
            )
        })
        .collect();
    for (rule, start, end) in matcher.scan_regex(doc) {
        let sentence = doc.tokens.iter().find(|t| t.end as usize > start).map(|t| t.sentence);
        if sentence.is_none_or(|s| !cancelled.contains(&(rule, s))) {
            hits.push((rule, start, end));
        }
    }
    let words = doc.word_count();
    hits.retain(|&(rule, _, _)| set.rules()[rule].reply_max_words.is_none_or(|max| words <= max));
    hits.sort_unstable();
    let mut findings: Vec<Finding> = Vec::new();
    let mut last: Option<(usize, usize, usize)> = None;
    for (rule, start, end) in hits {
        match &mut last {
            Some((r, _, e)) if *r == rule && start < *e => *e = (*e).max(end),
            _ => {
                if let Some(done) = last.replace((rule, start, end)) {
                    findings.push(to_finding(set, doc, done));
                }
            }
        }
    }
    if let Some(done) = last {
        findings.push(to_finding(set, doc, done));
    }
    findings.sort_by(|a, b| {
        (a.span.start, a.span.end, &set.rules()[a.rule].id).cmp(&(b.span.start, b.span.end, &set.rules()[b.rule].id))
    });
    findings
}

fn to_finding(set: &RuleSet, doc: &Document, (rule, start, end): (usize, usize, usize)) -> Finding {
    Finding {
        rule,
        severity: set.rules()[rule].severity,
        span: doc.folded.original(start, end),
    }
}
