//! Signals: named sets of patterns ("a concrete time", "a personal speaker", "an
//! acknowledgement of feeling") that rules refer to by name. A signal is not a finding; it
//! is evidence that rules and dimension verdicts are built from.

use super::gated::GatedRegex;
use super::kind::{Condition, Source};
use super::phrase::Pattern;
use super::{Example, Origin};
use crate::span::Span;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A signature at the end of a reply: a first name, initials after `^`, a closing greeting
/// followed by a name, or a placeholder for the employee's name in a template.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SignatureSpec {
    /// Closing greetings a name may follow ("groet", "met vriendelijke groet"), folded.
    pub greetings: Vec<String>,
    /// Words that make a closing line a team or an organisation rather than a person
    /// ("team", "gemeente", `*dienst`), folded; `*` at either end matches part of a word.
    pub not_names: NotNames,
    /// Words that mark a template placeholder as the employee's name (`{{medewerker}}`).
    pub placeholders: Vec<String>,
    /// Phrases after which a capitalised word is the writer's name ("ik ben Mirjam",
    /// "hallo, met Eva"), folded.
    #[serde(default)]
    pub introductions: Vec<Introduction>,
}

/// The `not_names` of a signature, sorted by how each matches when they are read: they are
/// held against a few words of every reply.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(from = "Vec<String>", into = "Vec<String>")]
pub struct NotNames {
    exact: Vec<String>,
    prefixes: Vec<String>,
    suffixes: Vec<String>,
    inner: Vec<String>,
}

impl From<Vec<String>> for NotNames {
    fn from(patterns: Vec<String>) -> NotNames {
        let mut n = NotNames::default();
        for pattern in patterns {
            match (pattern.strip_prefix('*'), pattern.strip_suffix('*')) {
                (Some(rest), _) if rest.ends_with('*') => n.inner.push(rest[..rest.len() - 1].to_string()),
                (Some(suffix), _) => n.suffixes.push(suffix.to_string()),
                (None, Some(prefix)) => n.prefixes.push(prefix.to_string()),
                (None, None) => n.exact.push(pattern),
            }
        }
        n
    }
}

impl From<NotNames> for Vec<String> {
    /// The patterns as written (the compiled rules keep them so).
    fn from(n: NotNames) -> Vec<String> {
        let star = |s: &String, before: &str, after: &str| format!("{before}{s}{after}");
        (n.exact.into_iter())
            .chain(n.suffixes.iter().map(|s| star(s, "*", "")))
            .chain(n.prefixes.iter().map(|s| star(s, "", "*")))
            .chain(n.inner.iter().map(|s| star(s, "*", "*")))
            .collect()
    }
}

impl NotNames {
    /// Whether `word` (folded) makes a line a team or an organisation.
    pub fn matches(&self, word: &str) -> bool {
        self.exact.iter().any(|e| e == word)
            || self.suffixes.iter().any(|s| word.ends_with(s.as_str()))
            || self.prefixes.iter().any(|p| word.starts_with(p.as_str()))
            || self.inner.iter().any(|i| word.contains(i.as_str()))
    }
}

/// An introduction ("mijn naam is"), kept as its words: it is compared word by word with
/// every reply.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(from = "String", into = "String")]
pub struct Introduction {
    pub words: Vec<String>,
}

impl From<String> for Introduction {
    fn from(s: String) -> Introduction {
        Introduction {
            words: s.split_whitespace().map(str::to_string).collect(),
        }
    }
}

impl From<Introduction> for String {
    fn from(i: Introduction) -> String {
        i.words.join(" ")
    }
}

impl From<&str> for Introduction {
    fn from(s: &str) -> Introduction {
        Introduction::from(s.to_string())
    }
}

/// Questions: every sentence of the text that ends with `?`, or that opens with one of the
/// `openers` ("ik wil graag weten", "kunt u mij vertellen").
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionSpec {
    #[serde(default)]
    pub openers: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Signal {
    pub id: String,
    /// What the signal means, in Dutch; shown where a rule says the signal is missing.
    pub description: String,
    pub pattern_sources: Vec<String>,
    pub patterns: Vec<Arc<Pattern>>,
    pub regex: Vec<GatedRegex>,
    /// Personal-data detectors whose findings are matches too.
    pub detect: Vec<crate::privacy::Detector>,
    /// Phrases that cancel the signal in their sentence.
    pub unless: Vec<Arc<Pattern>>,
    /// Phrases that cancel only the matches they overlap.
    pub except: Vec<Arc<Pattern>>,
    pub signature: Option<SignatureSpec>,
    /// A derived signal: seen in every sentence where all these conditions hold together.
    pub together: Vec<Condition>,
    pub questions: Option<QuestionSpec>,
    /// The reply, or the citizen's message.
    pub source: Source,
    /// The examples are read from the TOML when they are run (`test-rules`): the compiled
    /// built-in rules leave them out.
    #[serde(skip)]
    pub fire: Vec<Example>,
    #[serde(skip)]
    pub silent: Vec<Example>,
    pub origin: Origin,
    pub id_span: Span,
}
