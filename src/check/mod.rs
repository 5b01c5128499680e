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
    // `RuleSet` keeps its rules sorted by id, so the rule index orders ties by id.
    findings.sort_by_key(|f| (f.span.start, f.span.end, f.rule));
    findings
}

fn to_finding(set: &RuleSet, doc: &Document, (rule, start, end): (usize, usize, usize)) -> Finding {
    Finding {
        rule,
        severity: set.rules()[rule].severity,
        span: doc.folded.original(start, end),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::parse_rule_file;
    use std::sync::Arc;

    fn rule(id: &str, body: &str) -> crate::rules::Rule {
        let text = format!(
            "id = \"{id}\"\ndimension = \"clarity\"\nseverity = \"info\"\nmessage = \"m\"\nwhy = \"w\"\nsuggest = [\"s\"]\n{body}\n[examples]\nfire = [\"«x»\"]\nsilent = [\"y\"]\n"
        );
        parse_rule_file("test.toml", Arc::from(text), true).unwrap_or_else(|e| panic!("{}", e[0]))
    }

    fn marked(set: &RuleSet, text: &str) -> Vec<(String, String)> {
        check_text(set, text)
            .into_iter()
            .map(|f| {
                (
                    set.rules()[f.rule].id.clone(),
                    text[f.span.start..f.span.end].to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn regex_rules_match_folded_text_outside_masks() {
        let set = RuleSet::new(vec![rule("kenmerk", r#"regex = ['kenmerk \d{4}']"#)]);
        assert_eq!(
            marked(&set, "Uw KENMERK 1234 is bekend."),
            [("kenmerk".into(), "KENMERK 1234".into())]
        );
        assert!(
            marked(&set, "Zie https://x.nl/kenmerk 1234").is_empty(),
            "a match touching a URL is dropped"
        );
        assert!(
            marked(&set, "Zie \"kenmerk 1234\" in de brief.").is_empty(),
            "quoted text is masked"
        );
    }

    #[test]
    fn overlapping_matches_of_one_rule_merge_and_unless_cancels_per_sentence() {
        let set = RuleSet::new(vec![rule(
            "doorgezet",
            "patterns = [\"intern doorgezet\", \"doorgezet naar de afdeling\"]\nunless = [\"morgen\"]",
        )]);
        assert_eq!(
            marked(&set, "Het is intern doorgezet naar de afdeling."),
            [("doorgezet".into(), "intern doorgezet naar de afdeling".into())]
        );
        assert!(marked(&set, "Het is intern doorgezet, je hoort morgen meer.").is_empty());
        assert_eq!(marked(&set, "Je hoort morgen meer. Het is intern doorgezet.").len(), 1);
    }

    #[test]
    fn matches_do_not_cross_sentences_and_gaps_are_bounded() {
        let set = RuleSet::new(vec![rule("hoogte", "patterns = [\"houden ...3 op de hoogte\"]")]);
        assert_eq!(marked(&set, "We houden je graag op de hoogte.").len(), 1);
        assert!(marked(&set, "We houden je. Op de hoogte.").is_empty());
        assert!(marked(&set, "We houden je echt heel erg graag op de hoogte.").is_empty());
    }
}
