//! The rule model: what a rule is, how a set of rules is loaded from TOML (strictly, with
//! errors that point into the rule file) and how rules test themselves on their examples.

mod examples;
mod load;
pub mod phrase;
pub mod verbs;

pub use examples::{check_examples, parse_marked};
pub use load::{BUILTIN_RULES, LoadOptions, load, parse_rule_file};

use crate::check::Matcher;
use crate::span::Span;
use phrase::Pattern;
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a rule is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Dimension {
    Empathy,
    Ownership,
    FollowUp,
    Clarity,
    Form,
}

impl Dimension {
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Empathy => "empathy",
            Dimension::Ownership => "ownership",
            Dimension::FollowUp => "follow-up",
            Dimension::Clarity => "clarity",
            Dimension::Form => "form",
        }
    }
}

impl fmt::Display for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One of a rule's own examples.
#[derive(Debug, Clone)]
pub struct Example {
    /// The example text, without the «» marks.
    pub text: String,
    /// The byte ranges of `text` the rule must mark (empty for a must-stay-silent example).
    pub marks: Vec<Span>,
    /// The example as written in the rule file (marks included), and where it stands.
    pub written: String,
    pub span: Span,
}

/// Where a rule came from, for error messages.
#[derive(Debug, Clone)]
pub struct Origin {
    pub path: String,
    pub source: Arc<str>,
    pub builtin: bool,
}

#[derive(Debug)]
pub struct Rule {
    pub id: String,
    pub dimension: Dimension,
    pub severity: Severity,
    pub message: String,
    pub why: String,
    pub suggest: Vec<String>,
    /// The phrase patterns as written, for `explain`.
    pub pattern_sources: Vec<String>,
    pub patterns: Vec<Pattern>,
    pub regex: Vec<Regex>,
    pub unless: Vec<Pattern>,
    pub reply_max_words: Option<usize>,
    pub fire: Vec<Example>,
    pub silent: Vec<Example>,
    pub origin: Origin,
    /// Where `id = ...` stands in the rule file.
    pub id_span: Span,
}

/// A compiled set of rules, ready to check texts.
#[derive(Debug)]
pub struct RuleSet {
    rules: Vec<Rule>,
    pub(crate) matcher: Matcher,
}

impl RuleSet {
    /// Compile `rules` into one matcher. Rule ids must be unique (the loader checks).
    pub fn new(mut rules: Vec<Rule>) -> RuleSet {
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        let matcher = Matcher::new(&rules);
        RuleSet { rules, matcher }
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules
            .binary_search_by(|r| r.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.rules[i])
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}
