//! Suppressions: a template may allow rules, with a reason. In its text:
//!
//! ```text
//! <!-- nabij-allow intern-doorgezet: de burger citeert ons eigen bericht -->
//! ```
//!
//! allows the rule(s) for the next paragraph (up to a blank line);
//! `<!-- nabij-allow-file rule-id: reden -->` for the whole text. In library metadata,
//! `allow = ["rule-id: reden"]` allows for the whole template. A suppression without a
//! reason, one that names no rule, and one that suppresses nothing is reported (by a rule
//! of kind `allow`), so suppressions do not pile up unseen.

use super::Finding;
use crate::rules::RuleSet;
use crate::span::Span;
use regex::Regex;
use std::sync::LazyLock;

static ALLOW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)<!--\s*nabij-allow(-file)?\s+([A-Za-z0-9-]+(?:\s*,\s*[A-Za-z0-9-]+)*)\s*(?::\s*(.*?))?\s*-->")
        .expect("valid allow regex")
});

/// One suppression and what came of it.
#[derive(Debug, Clone)]
pub struct Allow {
    pub rules: Vec<String>,
    pub reason: Option<String>,
    /// Where it stands in the text (`None`: in the template's metadata).
    pub at: Option<Span>,
    /// The part of the text it covers.
    pub scope: Span,
    pub used: bool,
}

/// The suppressions in `text`, and those of the metadata.
pub fn find(text: &str, metadata: &[String]) -> Vec<Allow> {
    let mut out = Vec::new();
    let comments = if text.contains("nabij-allow") {
        ALLOW.captures_iter(text).collect()
    } else {
        Vec::new()
    };
    for c in comments {
        let whole = c.get(0).expect("a match");
        let reason = c
            .get(3)
            .map(|r| r.as_str().trim().to_string())
            .filter(|r| !r.is_empty());
        let scope = if c.get(1).is_some() {
            Span::new(0, text.len())
        } else {
            // The next paragraph: from the comment to the first blank line after some text.
            let rest = &text[whole.end()..];
            let content = rest.len() - rest.trim_start().len();
            let end = rest[content..]
                .find("\n\n")
                .or_else(|| rest[content..].find("\r\n\r\n"));
            Span::new(whole.end(), whole.end() + end.map_or(rest.len(), |e| content + e))
        };
        out.push(Allow {
            rules: c[2].split(',').map(|r| r.trim().to_string()).collect(),
            reason,
            at: Some(Span::new(whole.start(), whole.end())),
            scope,
            used: false,
        });
    }
    for m in metadata {
        let (ids, reason) = match m.split_once(':') {
            Some((ids, reason)) => (ids, Some(reason.trim().to_string()).filter(|r| !r.is_empty())),
            None => (m.as_str(), None),
        };
        out.push(Allow {
            rules: ids
                .split(',')
                .map(|r| r.trim().to_string())
                .filter(|r| !r.is_empty())
                .collect(),
            reason,
            at: None,
            scope: Span::new(0, text.len()),
            used: false,
        });
    }
    out
}

/// Drop the findings a suppression with a reason covers, marking it used.
pub fn apply(set: &RuleSet, findings: &mut Vec<Finding>, allows: &mut [Allow]) {
    findings.retain(|f| {
        let id = &set.rules()[f.rule].id;
        let covering = allows.iter_mut().find(|a| {
            a.reason.is_some()
                && a.rules.iter().any(|r| r == id)
                && a.scope.start <= f.span.start
                && f.span.end <= a.scope.end.max(a.scope.start)
        });
        match covering {
            Some(a) => {
                a.used = true;
                false
            }
            None => true,
        }
    });
}

/// What is wrong with a suppression, in Dutch, if anything.
pub fn problem(set: &RuleSet, a: &Allow) -> Option<String> {
    let unknown: Vec<&str> = a
        .rules
        .iter()
        .filter(|r| set.get(r).is_none())
        .map(String::as_str)
        .collect();
    let place = if a.at.is_none() { " (in de metadata)" } else { "" };
    if !unknown.is_empty() {
        Some(format!("onbekende regel{place}: {}", unknown.join(", ")))
    } else if a.reason.is_none() {
        Some(format!(
            "reden ontbreekt{place}: schrijf `{}: waarom`",
            a.rules.join(", ")
        ))
    } else if !a.used {
        Some(format!(
            "onderdrukt niets{place}: {} geeft hier geen bevinding",
            a.rules.join(", ")
        ))
    } else {
        None
    }
}
