//! The rule model: what a rule is, how a set of rules is loaded from TOML (strictly, with
//! errors that point into the rule file) and how rules test themselves on their examples.

pub mod compiled;
mod examples;
pub mod gated;
pub mod kind;
pub mod lexicon;
pub(crate) mod load;
pub mod phrase;
pub mod signal;
mod spanned;
pub mod verbs;
mod words;

pub use examples::parse_marked;
pub use kind::{
    Anchor, Condition, Context, Kind, Metric, Platform, Shape, Source, Target, TemplateMatch, Voice, Within,
};
pub use load::{BUILTIN_RULES, LoadOptions, RuleFileContent, load, parse_rule_file, team_files};
pub use signal::{NotNames, QuestionSpec, Signal, SignatureSpec};

use crate::diagnostic::Diagnostic;
use crate::span::Span;
use gated::GatedRegex;
use phrase::Pattern;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Info,
    #[serde(alias = "waarschuwing")]
    Warning,
    #[serde(alias = "fout")]
    Error,
}

impl Severity {
    /// The word a person reads: `fout`, `waarschuwing`, `info`. (`as_str` is the name in
    /// settings and JSON.)
    pub fn dutch(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "waarschuwing",
            Severity::Error => "fout",
        }
    }

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
        // `pad`, not `write_str`: a table's `{:<9}` must line up.
        f.pad(self.as_str())
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
    /// Personal data in public, and where a conversation belongs.
    Privacy,
}

impl Dimension {
    pub const ALL: [Dimension; 6] = [
        Dimension::Empathy,
        Dimension::Ownership,
        Dimension::FollowUp,
        Dimension::Clarity,
        Dimension::Form,
        Dimension::Privacy,
    ];

    /// The name a person reads: `empathie`, `eigenaarschap`, `vervolg`, `duidelijkheid`,
    /// `vorm`, `privacy`.
    pub fn dutch(self) -> &'static str {
        match self {
            Dimension::Empathy => "empathie",
            Dimension::Ownership => "eigenaarschap",
            Dimension::FollowUp => "vervolg",
            Dimension::Clarity => "duidelijkheid",
            Dimension::Form => "vorm",
            Dimension::Privacy => "privacy",
        }
    }

    /// The Dutch name of a dimension given by its name in settings and JSON (`follow-up`);
    /// anything else as it is.
    pub fn dutch_of(name: &str) -> &str {
        Dimension::ALL
            .iter()
            .find(|d| d.as_str() == name)
            .map_or(name, |d| d.dutch())
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Empathy => "empathy",
            Dimension::Ownership => "ownership",
            Dimension::FollowUp => "follow-up",
            Dimension::Clarity => "clarity",
            Dimension::Form => "form",
            Dimension::Privacy => "privacy",
        }
    }
}

impl fmt::Display for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `pad`, not `write_str`: a table's `{:<9}` must line up.
        f.pad(self.as_str())
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
    /// The context it is checked in: the file's `[examples]` settings and its own.
    pub context: ExampleContext,
}

/// What a rule's or signal's examples are checked with: a context, and the citizen's message
/// they answer.
#[derive(Debug, Clone, Default)]
pub struct ExampleContext {
    pub context: Context,
    pub incoming: Option<String>,
}

/// Where a rule came from, for error messages.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(into = "compiled::OriginRef", from = "compiled::OriginRef")]
pub struct Origin {
    pub path: String,
    pub source: Arc<str>,
    pub builtin: bool,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Rule {
    pub id: String,
    pub dimension: Dimension,
    pub severity: Severity,
    pub message: String,
    pub why: String,
    pub suggest: Vec<String>,
    pub kind: Kind,
    /// The phrase patterns as written, for `explain`.
    pub pattern_sources: Vec<String>,
    pub patterns: Vec<Arc<Pattern>>,
    pub regex: Vec<GatedRegex>,
    /// Personal-data detectors whose findings are matches too (`detect = ["bsn"]`).
    pub detect: Vec<crate::privacy::Detector>,
    pub unless: Vec<Arc<Pattern>>,
    pub reply_max_words: Option<usize>,
    /// A lexicon whose `[plain]` alternative for the marked words is the finding's detail.
    pub plain: Option<Arc<lexicon::Lexicon>>,
    /// `[fix]`: marked words (folded, one space between words) → the replacement safe to
    /// apply without judgement; sorted by the words.
    pub fix: Vec<(String, String)>,
    /// Conditions on the whole reply and its context; all must hold for the rule to fire.
    pub when: Vec<Condition>,
    /// For a conditional rule: a match is a finding unless one of these follows `within`.
    pub then: Vec<Condition>,
    pub within: Within,
    /// Where a finding about the whole reply is placed.
    pub at: Anchor,
    /// Names that group rules, for reports and evaluation; `tag:naam` in a condition holds
    /// when a phrase rule with that tag has a finding.
    pub tags: Vec<String>,
    /// Not in the compiled built-in rules: read from the TOML when they are run.
    #[serde(skip)]
    pub fire: Vec<Example>,
    #[serde(skip)]
    pub silent: Vec<Example>,
    /// A higher severity when these conditions hold.
    pub escalate: Option<(Vec<Condition>, Severity)>,
    pub origin: Origin,
    /// Where `id = ...` stands in the rule file.
    pub id_span: Span,
}

impl Rule {
    /// The kind as written in the rule file: a phrase rule with `then` is `conditional`.
    pub fn kind_name(&self) -> &'static str {
        match &self.kind {
            Kind::Phrase if self.then.is_empty() => "phrase",
            Kind::Phrase => "conditional",
            Kind::Require(_) => "require",
            Kind::Verdict { .. } => "verdict",
            Kind::Consistency(_) => "consistency",
            Kind::Metric { .. } => "metric",
            Kind::Shape { .. } => "shape",
            Kind::Notice => "notice",
            Kind::Allow => "allow",
            Kind::Answers { .. } => "answers",
        }
    }

    /// Every condition of the rule, for resolving signal names.
    fn conditions_mut(&mut self) -> Vec<&mut Condition> {
        let mut all: Vec<&mut Condition> = self.when.iter_mut().chain(self.then.iter_mut()).collect();
        if let Some((conditions, _)) = &mut self.escalate {
            all.extend(conditions.iter_mut());
        }
        all.extend(self.kind.conditions_mut());
        all
    }
}

/// A set of rules and signals with every name resolved (signals, tags, verdicts), sorted by
/// id. `check::Engine` compiles it for checking.
#[derive(Debug)]
pub struct RuleSet {
    rules: Vec<Rule>,
    signals: Vec<Signal>,
    /// Per signal: looked for in the citizen's message rather than in the reply.
    pub(crate) incoming_signals: Vec<bool>,
    /// The rules that judge a reply as a whole (not phrase or conditional rules), the `allow`
    /// rules, and the rules that can escalate: the checker visits only these per reply.
    pub(crate) whole_reply: Vec<usize>,
    pub(crate) allow_rules: Vec<usize>,
    pub(crate) escalating: Vec<usize>,
    /// The signals of the citizen's message found by a signature or question finder, and
    /// the derived signals (`together`): the checker visits only these per message.
    pub(crate) incoming_finders: Vec<usize>,
    pub(crate) derived: Vec<usize>,
    /// Each tag and the phrase rules that carry it, sorted by tag.
    pub(crate) tags: Vec<(String, Vec<usize>)>,
    /// The verdict rule of each dimension (empathy, ownership, follow-up), by rule index.
    pub(crate) verdicts: [Option<usize>; 3],
}

/// The built-in notice a team's `[escalation]` settings change.
pub const ESCALATION_RULE: &str = "opschalen-naar-een-mens";

/// The dimensions that get a verdict, in the order of `RuleSet::verdicts`.
pub const VERDICT_DIMENSIONS: [Dimension; 3] = [Dimension::Empathy, Dimension::Ownership, Dimension::FollowUp];

impl RuleSet {
    /// Resolve the names rules and signals use. Ids must be unique (the loader checks).
    /// Rules that name an unknown signal, and a second verdict rule for one dimension, are
    /// left out with an error each.
    pub fn new(mut rules: Vec<Rule>, mut signals: Vec<Signal>) -> (RuleSet, Vec<Diagnostic>) {
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        signals.sort_by(|a, b| a.id.cmp(&b.id));
        let mut errors = Vec::new();
        // Start from names: indices from an earlier round are stale once anything was dropped.
        for rule in &mut rules {
            for cond in rule.conditions_mut() {
                for atom in &mut cond.any {
                    if matches!(atom.target, Target::Signal(_) | Target::Tag(_)) {
                        atom.target = Target::Unresolved;
                    }
                }
            }
        }
        for atom in signals
            .iter_mut()
            .flat_map(|s| s.together.iter_mut())
            .flat_map(|c| c.any.iter_mut())
        {
            if matches!(atom.target, Target::Signal(_)) {
                atom.target = Target::Unresolved;
            }
        }
        // Derived signals name base signals only, so one pass after the base signals finds them.
        let derived: Vec<bool> = signals.iter().map(|s| !s.together.is_empty()).collect();
        let ids: Vec<String> = signals.iter().map(|s| s.id.clone()).collect();
        let mut broken_signals = Vec::new();
        for (si, signal) in signals.iter_mut().enumerate() {
            for atom in signal.together.iter_mut().flat_map(|c| c.any.iter_mut()) {
                if atom.target != Target::Unresolved {
                    continue;
                }
                let problem = match ids.binary_search(&atom.name) {
                    Ok(i) if derived[i] => Some("een `together`-signaal kan geen ander `together`-signaal noemen"),
                    Ok(i) => {
                        atom.target = Target::Signal(i);
                        None
                    }
                    Err(_) => Some("geen signaal heeft deze naam"),
                };
                if let Some(label) = problem {
                    broken_signals.push(si);
                    errors.push(
                        Diagnostic::new(
                            &signal.origin.path,
                            format!("signaal `{}` kan hier niet gebruikt worden", atom.name),
                        )
                        .at(signal.origin.source.clone(), atom.span)
                        .label(label),
                    );
                }
            }
        }
        if !broken_signals.is_empty() {
            // Drop them and start over: indices of the other signals change.
            let mut i = 0;
            signals.retain(|_| {
                i += 1;
                !broken_signals.contains(&(i - 1))
            });
            let (set, more) = RuleSet::new(rules, signals);
            errors.extend(more);
            return (set, errors);
        }
        let mut tag_names: Vec<String> = rules
            .iter()
            .filter(|r| matches!(r.kind, Kind::Phrase))
            .flat_map(|r| r.tags.iter().cloned())
            .collect();
        tag_names.sort();
        tag_names.dedup();
        rules.retain_mut(|rule| {
            let mut ok = true;
            let origin = rule.origin.clone();
            let phrase = matches!(rule.kind, Kind::Phrase);
            for cond in rule.conditions_mut() {
                for atom in &mut cond.any {
                    if atom.target != Target::Unresolved {
                        continue;
                    }
                    if let Some(tag) = atom.name.strip_prefix("tag:") {
                        let d = Diagnostic::new(&origin.path, format!("onbekende tag `{tag}`"))
                            .at(origin.source.clone(), atom.span);
                        match tag_names.binary_search_by(|t| t.as_str().cmp(tag)) {
                            Ok(_) if phrase => errors.push(
                                d.label("een phrase-regel kan niet afhangen van bevindingen van andere regels")
                                    .note("gebruik signalen in de voorwaarden van phrase- en conditional-regels")
                                    .with_message(format!("`tag:{tag}` in een phrase-regel")),
                            ),
                            Ok(i) => {
                                atom.target = Target::Tag(i);
                                continue;
                            }
                            Err(_) => errors.push(d.label("geen phrase-regel draagt deze tag")),
                        }
                        ok = false;
                        continue;
                    }
                    match signals.binary_search_by(|s| s.id.as_str().cmp(&atom.name)) {
                        Ok(i) => atom.target = Target::Signal(i),
                        Err(_) => {
                            ok = false;
                            let mut d = Diagnostic::new(&origin.path, format!("onbekend signaal `{}`", atom.name))
                                .at(origin.source.clone(), atom.span)
                                .label("geen signaal heeft deze naam");
                            let near = crate::diagnostic::similar(&atom.name, signals.iter().map(|s| s.id.as_str()));
                            if !near.is_empty() {
                                d = d.note(format!("bedoelt u: {}", near.join(", ")));
                            }
                            errors.push(d.note(format!("context names: {}", kind::CONTEXT_NAMES.join(", "))));
                        }
                    }
                }
            }
            ok
        });
        let mut verdicts = [None; 3];
        let mut keep = vec![true; rules.len()];
        for (i, rule) in rules.iter().enumerate() {
            if !matches!(rule.kind, Kind::Verdict { .. }) {
                continue;
            }
            let slot = VERDICT_DIMENSIONS
                .iter()
                .position(|d| *d == rule.dimension)
                .expect("checked on load");
            match verdicts[slot] {
                None => verdicts[slot] = Some(i),
                Some(first) => {
                    keep[i] = false;
                    let first: &Rule = &rules[first];
                    errors.push(
                        Diagnostic::new(
                            &rule.origin.path,
                            format!("een tweede verdict-regel voor {}", rule.dimension),
                        )
                        .at(rule.origin.source.clone(), rule.id_span)
                        .label("één regel beslist over het oordeel van een dimensie")
                        .note(format!("`{}` in {} beslist er al over", first.id, first.origin.path)),
                    );
                }
            }
        }
        if keep.contains(&false) {
            let mut k = keep.into_iter();
            rules.retain(|_| k.next().unwrap_or(true));
            return {
                let (set, more) = RuleSet::new(rules, signals);
                errors.extend(more);
                (set, errors)
            };
        }
        let tags = tag_names
            .into_iter()
            .map(|t| {
                let members = (0..rules.len())
                    .filter(|&i| matches!(rules[i].kind, Kind::Phrase) && rules[i].tags.contains(&t))
                    .collect();
                (t, members)
            })
            .collect();
        let incoming_signals = signals.iter().map(|s| s.source == Source::Incoming).collect();
        let indices = |f: &dyn Fn(&Rule) -> bool| (0..rules.len()).filter(|&i| f(&rules[i])).collect::<Vec<_>>();
        let whole_reply = indices(&|r| !matches!(r.kind, Kind::Phrase | Kind::Allow));
        let allow_rules = indices(&|r| matches!(r.kind, Kind::Allow));
        let escalating = indices(&|r| r.escalate.is_some());
        let incoming_finders = (0..signals.len())
            .filter(|&i| {
                let s = &signals[i];
                s.source == Source::Incoming && (s.signature.is_some() || s.questions.is_some())
            })
            .collect();
        let derived = (0..signals.len())
            .filter(|&i| !signals[i].together.is_empty())
            .collect();
        (
            RuleSet {
                rules,
                signals,
                incoming_signals,
                whole_reply,
                allow_rules,
                escalating,
                incoming_finders,
                derived,
                tags,
                verdicts,
            },
            errors,
        )
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    pub fn signals(&self) -> &[Signal] {
        &self.signals
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules
            .binary_search_by(|r| r.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.rules[i])
    }

    pub(crate) fn get_mut(&mut self, id: &str) -> Option<&mut Rule> {
        self.rules
            .binary_search_by(|r| r.id.as_str().cmp(id))
            .ok()
            .map(|i| &mut self.rules[i])
    }

    pub fn signal(&self, id: &str) -> Option<&Signal> {
        self.signals
            .binary_search_by(|r| r.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.signals[i])
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// A condition's name in words (Dutch), for "ontbreekt: ..." and `explain`.
    pub fn describe(&self, a: &kind::Atom) -> String {
        let what = match a.target {
            Target::Signal(i) => self.signals[i].description.clone(),
            Target::Automatic => "een automatisch antwoord".into(),
            Target::SignOff => "het team ondertekent".into(),
            Target::Platform(p) => format!("platform {p}"),
            Target::Template => "een standaardreactie uit de bibliotheek".into(),
            Target::Draft => "een concept dat verstuurd gaat worden".into(),
            Target::Public => "een openbaar bericht".into(),
            Target::Voice(v) => format!(
                "het team spreekt aan met {}",
                match v {
                    kind::Voice::U => "u",
                    kind::Voice::Je => "je",
                    kind::Voice::Mirror => "de vorm van de burger",
                }
            ),
            Target::Tag(_) => format!("een bevinding van een regel met {}", a.name),
            Target::Unresolved => a.name.clone(),
        };
        if a.negated { format!("niet: {what}") } else { what }
    }

    /// Take the set apart again (to drop rules and rebuild).
    pub fn into_parts(self) -> (Vec<Rule>, Vec<Signal>) {
        (self.rules, self.signals)
    }
}
