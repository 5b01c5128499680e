//! The shape of a rule or signal file as written: what serde reads before the checks of
//! `parse` turn it into a rule.

use super::*;

/// The rule kinds as written in `kind = "..."`.
#[derive(Deserialize, Default, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "kebab-case")]
pub(super) enum KindName {
    #[default]
    Phrase,
    Conditional,
    Require,
    Verdict,
    Consistency,
    Metric,
    Shape,
    Notice,
    Answers,
    Allow,
}

impl KindName {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            KindName::Phrase => "phrase",
            KindName::Conditional => "conditional",
            KindName::Require => "require",
            KindName::Verdict => "verdict",
            KindName::Consistency => "consistency",
            KindName::Metric => "metric",
            KindName::Shape => "shape",
            KindName::Notice => "notice",
            KindName::Answers => "answers",
            KindName::Allow => "allow",
        }
    }

    /// Kinds whose findings mark words, so their `fire` examples must say which.
    pub(super) fn marks_words(self) -> bool {
        matches!(self, KindName::Phrase | KindName::Conditional | KindName::Consistency)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RuleFile {
    pub(super) id: Spanned<String>,
    pub(super) dimension: Spanned<Dimension>,
    pub(super) severity: Severity,
    pub(super) message: Spanned<String>,
    pub(super) why: Spanned<String>,
    pub(super) suggest: Spanned<Vec<String>>,
    #[serde(default)]
    pub(super) kind: KindName,
    #[serde(default)]
    pub(super) tags: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) patterns: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) regex: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) detect: Vec<Spanned<Detector>>,
    #[serde(default)]
    pub(super) unless: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) reply_max_words: Option<Spanned<usize>>,
    /// A lexicon with `[plain]` alternatives: each finding's detail names the plainer word.
    #[serde(default)]
    pub(super) plain: Option<Spanned<String>>,
    /// `[fix]`: the marked words (as the rule marks them) with the replacement that is safe
    /// to apply without judgement: `thans = "nu"`. Plain words only on both sides.
    #[serde(default)]
    pub(super) fix: Option<Spanned<BTreeMap<String, String>>>,
    #[serde(default)]
    pub(super) when: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) then: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) within: Option<Spanned<Within>>,
    #[serde(default)]
    pub(super) at: Option<Spanned<Anchor>>,
    #[serde(default)]
    pub(super) require: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) present: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) needed: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) undone_by: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) groups: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) metric: Option<Spanned<Metric>>,
    #[serde(default)]
    pub(super) max: Option<Spanned<usize>>,
    #[serde(default)]
    pub(super) limits: Option<Spanned<BTreeMap<String, usize>>>,
    #[serde(default)]
    pub(super) shape: Option<Spanned<Shape>>,
    #[serde(default)]
    pub(super) max_words: Option<Spanned<usize>>,
    #[serde(default)]
    pub(super) not_needed_when: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) question: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) deferred_by: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) stopwords: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    pub(super) escalate: Option<Spanned<EscalateFile>>,
    pub(super) examples: Spanned<ExamplesFile>,
}

/// `[escalate]`: a higher severity when conditions hold ("a minimiser after an angry message
/// is an error").
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct EscalateFile {
    pub(super) when: Vec<Spanned<String>>,
    pub(super) severity: Severity,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ExamplesFile {
    #[serde(default)]
    pub(super) fire: Vec<Spanned<ExampleEntry>>,
    #[serde(default)]
    pub(super) silent: Vec<Spanned<ExampleEntry>>,
    /// The context every example of this file is checked in.
    #[serde(flatten)]
    pub(super) context: ExampleSettings,
}

/// The context of examples: for all of a file's examples, or for one.
#[derive(Deserialize, Default, Clone)]
pub(super) struct ExampleSettings {
    #[serde(default)]
    pub(super) platform: Option<Platform>,
    /// The citizen's message the example answers.
    #[serde(default)]
    pub(super) incoming: Option<String>,
    #[serde(default)]
    pub(super) automatic: Option<bool>,
    #[serde(default)]
    pub(super) sign_off: Option<bool>,
    #[serde(default)]
    pub(super) voice: Option<Voice>,
    #[serde(default)]
    pub(super) draft: Option<bool>,
    /// The example is (nearly) this library template.
    #[serde(default)]
    pub(super) template: Option<String>,
}

impl ExampleSettings {
    /// These settings over `base`.
    pub(super) fn over(&self, base: &ExampleSettings) -> ExampleSettings {
        ExampleSettings {
            platform: self.platform.or(base.platform),
            incoming: self.incoming.clone().or_else(|| base.incoming.clone()),
            automatic: self.automatic.or(base.automatic),
            sign_off: self.sign_off.or(base.sign_off),
            voice: self.voice.or(base.voice),
            draft: self.draft.or(base.draft),
            template: self.template.clone().or_else(|| base.template.clone()),
        }
    }

    pub(super) fn resolve(self) -> ExampleContext {
        ExampleContext {
            context: Context {
                platform: self.platform,
                automatic: self.automatic.unwrap_or(false),
                sign_off: self.sign_off.unwrap_or(false),
                template: self.template.map(|name| TemplateMatch { name, similarity: 100 }),
                allow: Vec::new(),
                voice: self.voice,
                draft: self.draft.unwrap_or(false),
            },
            incoming: self.incoming,
        }
    }
}

/// An example: its text, or a table with its text and its own context
/// (`{ text = "...", incoming = "..." }`).
#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum ExampleEntry {
    Text(String),
    Case(ExampleCase),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ExampleCase {
    pub(super) text: String,
    #[serde(flatten)]
    pub(super) context: ExampleSettings,
}

impl ExampleEntry {
    pub(super) fn text(&self) -> &str {
        match self {
            ExampleEntry::Text(t) => t,
            ExampleEntry::Case(c) => &c.text,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SignalFile {
    pub(super) signal: Spanned<String>,
    pub(super) description: Spanned<String>,
    #[serde(default)]
    pub(super) patterns: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) regex: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) detect: Vec<Spanned<Detector>>,
    #[serde(default)]
    pub(super) unless: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) except: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) signature: Option<Spanned<SignatureSpec>>,
    #[serde(default)]
    pub(super) together: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) questions: Option<Spanned<QuestionSpec>>,
    #[serde(default)]
    pub(super) source: Source,
    pub(super) examples: Spanned<ExamplesFile>,
}
