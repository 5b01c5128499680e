//! What a rule checks beyond "these words": the rule kinds, the conditions rules put on a
//! reply (`when`, `then`, `require`), and the context a reply is checked in (platform,
//! automatic or not).

use crate::span::Span;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Where a reply is posted. Decides the length limit and how length is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Platform {
    X,
    Instagram,
    Facebook,
    Whatsapp,
    Email,
    /// A private message on any platform (X, Instagram, Facebook direct messages).
    Dm,
}

impl Platform {
    pub const ALL: [Platform; 6] = [
        Platform::X,
        Platform::Instagram,
        Platform::Facebook,
        Platform::Whatsapp,
        Platform::Email,
        Platform::Dm,
    ];

    /// Whether everyone can read what is posted there: a post or comment on X, Instagram or
    /// Facebook. WhatsApp, e-mail and direct messages are private.
    pub fn is_public(self) -> bool {
        matches!(self, Platform::X | Platform::Instagram | Platform::Facebook)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Platform::X => "x",
            Platform::Instagram => "instagram",
            Platform::Facebook => "facebook",
            Platform::Whatsapp => "whatsapp",
            Platform::Email => "email",
            Platform::Dm => "dm",
        }
    }

    /// The platform's own name, to start a sentence with: `X`, `Instagram`, `WhatsApp`.
    pub fn display_name(self) -> &'static str {
        match self {
            Platform::X => "X",
            Platform::Instagram => "Instagram",
            Platform::Facebook => "Facebook",
            Platform::Whatsapp => "WhatsApp",
            Platform::Email => "E-mail",
            Platform::Dm => "Een privébericht",
        }
    }

    pub fn parse(name: &str) -> Option<Platform> {
        Platform::ALL.into_iter().find(|p| p.as_str() == name)
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What nabij knows about a reply besides its text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    pub platform: Option<Platform>,
    /// The reply is sent automatically (an auto-reply, an out-of-office, a chatbot turn).
    pub automatic: bool,
    /// The team signs its replies (a name or initials), so an unsigned reply is a finding.
    pub sign_off: bool,
    /// The reply is (nearly) the same as this template of the team's library.
    pub template: Option<TemplateMatch>,
    /// How the team addresses the reader, when it has chosen.
    pub voice: Option<Voice>,
    /// The text is a draft about to be sent, not a template: placeholders must be filled in.
    pub draft: bool,
    /// Rules the template's metadata allows (`allow`), each written `rule-id: reden`.
    pub allow: Vec<String>,
}

/// How a team addresses the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Voice {
    U,
    Je,
    /// Follow the citizen: u to who writes u, je to who writes je.
    Mirror,
}

impl Voice {
    pub fn parse(name: &str) -> Option<Voice> {
        match name {
            "u" => Some(Voice::U),
            "je" => Some(Voice::Je),
            "mirror" => Some(Voice::Mirror),
            _ => None,
        }
    }
}

/// A library template the reply is (nearly) the same as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateMatch {
    pub name: String,
    /// Share of the reply's word triples the template has too, in percent.
    pub similarity: u8,
}

/// Which text a signal is looked for in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// The reply being checked.
    #[default]
    Reply,
    /// The citizen's message the reply answers.
    Incoming,
}

/// What one name in a condition refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Target {
    /// A signal, by index in the rule set's signal list. Set when the rule set is resolved.
    Signal(usize),
    Automatic,
    SignOff,
    Platform(Platform),
    /// The reply is (nearly) a library template.
    Template,
    /// The team's chosen voice.
    Voice(Voice),
    /// The text is a draft about to be sent.
    Draft,
    /// The reply is posted where everyone can read it: a public platform, or no platform
    /// given (webcare happens in public unless the team says otherwise).
    Public,
    /// A tag of phrase rules (`tag:vage-belofte`): holds when one of them has a finding.
    /// Index into the rule set's tag table.
    Tag(usize),
    /// Not resolved yet (a signal name before the rule set knows its signals).
    Unresolved,
}

/// One name in a condition, possibly negated (`!naam`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Atom {
    pub name: String,
    pub negated: bool,
    pub target: Target,
    /// Where the name stands in the rule file.
    pub span: Span,
}

/// Alternatives: the condition holds when any of its atoms holds (`a|b|!c`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Condition {
    pub any: Vec<Atom>,
    /// The condition as written.
    pub source: String,
}

/// Context names a condition may use besides signal ids.
pub const CONTEXT_NAMES: &[&str] = &[
    "automatic",
    "sign-off",
    "draft",
    "public",
    "template",
    "platform:<naam>",
    "voice:u|je|mirror",
    "tag:<tag>",
];

impl Condition {
    /// Parse `a|!b|platform:x`; `span` is where the string stands in the rule file, used to
    /// place each atom for error messages.
    pub fn parse(text: &str, span: Span, locate: impl Fn(usize, usize) -> Span) -> Result<Condition, (Span, String)> {
        let mut any = Vec::new();
        let mut at = 0;
        for part in text.split('|') {
            let start = at + (part.len() - part.trim_start().len());
            at += part.len() + 1;
            let name = part.trim();
            let (negated, name, start) = match name.strip_prefix('!') {
                Some(rest) => (
                    true,
                    rest.trim_start(),
                    start + 1 + (rest.len() - rest.trim_start().len()),
                ),
                None => (false, name, start),
            };
            let here = locate(start, start + name.len());
            if name.is_empty() {
                return Err((
                    if text.is_empty() { span } else { here },
                    "lege naam in voorwaarde".into(),
                ));
            }
            let target = match name {
                "automatic" => Target::Automatic,
                "sign-off" => Target::SignOff,
                "template" => Target::Template,
                "draft" => Target::Draft,
                "public" => Target::Public,
                _ if name.starts_with("tag:") => Target::Unresolved,
                _ if name.starts_with("voice:") => {
                    let v = &name["voice:".len()..];
                    Target::Voice(
                        Voice::parse(v).ok_or_else(|| {
                            (here, format!("onbekende aanspreekvorm `{v}`; verwacht u, je of mirror"))
                        })?,
                    )
                }
                _ => match name.strip_prefix("platform:") {
                    Some(p) => Target::Platform(Platform::parse(p).ok_or_else(|| {
                        (
                            here,
                            format!("onbekend platform `{p}`; verwacht x, instagram, facebook, whatsapp, email of dm"),
                        )
                    })?),
                    None => Target::Unresolved,
                },
            };
            any.push(Atom {
                name: name.to_string(),
                negated,
                target,
                span: here,
            });
        }
        Ok(Condition {
            any,
            source: text.to_string(),
        })
    }
}

/// Where a finding about the reply as a whole is placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Anchor {
    /// On the first sentence (where an acknowledgement belongs).
    #[default]
    Start,
    /// On the last sentence (where a next step or a signature belongs).
    End,
}

/// How far a conditional rule looks for its `then` signals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Within {
    Sentence,
    /// The sentence of the match or the one after it.
    #[default]
    NextSentence,
    Reply,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Metric {
    /// Words in one sentence.
    SentenceWords,
    /// Exclamation marks in the reply.
    Exclamations,
    /// Words in capitals in a row (shouting).
    Capitals,
    /// The reply's length by the counting of its platform (needs `limits`).
    Length,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Shape {
    /// Nothing but a link (and a few words around it).
    LinkOnly,
    /// Nothing but emoji and punctuation.
    EmojiOnly,
    /// Every placeholder (`{{naam}}`, `[NAAM]`, `%s`, or a pattern from config) left in the text.
    Placeholder,
}

/// What a rule checks.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Kind {
    /// Words: `patterns` and `regex` matches are findings. With `then`, a conditional rule:
    /// a match is a finding only when none of the `then` signals follow within reach.
    Phrase,
    /// The reply must contain every listed condition; one finding if it does not.
    Require(Vec<Condition>),
    /// Defines a dimension's verdict; fires when the verdict is `missing`.
    Verdict {
        present: Vec<Condition>,
        needed: Vec<Condition>,
        undone_by: Vec<Condition>,
        /// When all of these hold, the dimension is not needed (gratitude, a neutral question).
        not_needed_when: Vec<Condition>,
    },
    /// Fires once when `when` holds: a notice about the reply as a whole (escalate, a reused
    /// template).
    Notice,
    /// Checks the reply's suppressions (`<!-- nabij-allow rule-id: reden -->`, metadata
    /// `allow`): one finding for each that has no reason, names no rule, or suppresses nothing.
    Allow,
    /// Every question the citizen asked (hits of the `question` signal) must be answered
    /// (one of its key words comes back in the reply) or deferred (a `deferred_by` condition).
    Answers {
        question: Condition,
        deferred_by: Vec<Condition>,
        /// Words that say nothing about what a question is about, folded.
        stopwords: Vec<String>,
    },
    /// Signals that are alternatives (u or je): the forms in the minority are findings.
    Consistency(Vec<Condition>),
    Metric {
        metric: Metric,
        max: usize,
        limits: Vec<(Platform, usize)>,
    },
    Shape {
        shape: Shape,
        max_words: usize,
    },
}

impl Kind {
    /// Every condition the kind refers to, for resolving signal names.
    pub fn conditions_mut(&mut self) -> Vec<&mut Condition> {
        match self {
            Kind::Require(c) | Kind::Consistency(c) => c.iter_mut().collect(),
            Kind::Verdict {
                present,
                needed,
                undone_by,
                not_needed_when,
            } => present
                .iter_mut()
                .chain(needed)
                .chain(undone_by)
                .chain(not_needed_when)
                .collect(),
            Kind::Answers {
                question, deferred_by, ..
            } => std::iter::once(question).chain(deferred_by).collect(),
            Kind::Phrase | Kind::Notice | Kind::Allow | Kind::Metric { .. } | Kind::Shape { .. } => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Condition, (Span, String)> {
        Condition::parse(s, Span::new(0, s.len()), Span::new)
    }

    #[test]
    fn conditions_split_alternatives_and_negations() {
        let c = parse("erkenning | !automatic|platform:x").unwrap();
        let got: Vec<_> = c.any.iter().map(|a| (a.name.as_str(), a.negated, a.target)).collect();
        assert_eq!(
            got,
            [
                ("erkenning", false, Target::Unresolved),
                ("automatic", true, Target::Automatic),
                ("platform:x", false, Target::Platform(Platform::X)),
            ]
        );
        assert_eq!(c.any[1].span, Span::new(13, 22));
    }

    #[test]
    fn bad_conditions_are_errors_placed_on_the_name() {
        let (span, msg) = parse("a|platform:myspace").unwrap_err();
        assert_eq!(span, Span::new(2, 18));
        assert!(msg.contains("myspace"));
        assert!(parse("a||b").is_err());
        assert!(parse("").is_err());
    }
}
