//! Loading rule and signal files: strict TOML (unknown keys, wrong types and keys that do
//! not apply to a rule's kind are errors), patterns compiled with errors placed on the
//! exact characters, duplicate ids refused, and every example run before a rule from
//! outside the binary is accepted.

use super::gated::GatedRegex;
use super::kind::{
    Anchor, CONTEXT_NAMES, Condition, Context, Kind, Metric, Platform, Shape, Source, TemplateMatch, Voice, Within,
};
use super::lexicon::{BUILTIN as BUILTIN_LEXICONS, Lexicons, is_lexicon_path, is_lexicon_text};
use super::phrase::{self, Pattern};
use super::spanned::{Spanned, is_plain, plain};
use super::{
    Dimension, Example, ExampleContext, Origin, QuestionSpec, Rule, RuleSet, Severity, Signal, SignatureSpec,
    parse_marked,
};
use crate::diagnostic::Diagnostic;
use crate::privacy::Detector;
use crate::span::Span;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// The built-in files with their JSON form (see build.rs): (path, TOML text, JSON).
pub(crate) fn builtin_files() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    BUILTIN_RULES
        .iter()
        .zip(BUILTIN_RULES_JSON)
        .map(|((path, text), json)| (*path, *text, *json))
}

/// The rule kinds as written in `kind = "..."`.
#[derive(Deserialize, Default, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "kebab-case")]
enum KindName {
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
    fn as_str(self) -> &'static str {
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
    fn marks_words(self) -> bool {
        matches!(self, KindName::Phrase | KindName::Conditional | KindName::Consistency)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    id: Spanned<String>,
    dimension: Spanned<Dimension>,
    severity: Severity,
    message: Spanned<String>,
    why: Spanned<String>,
    suggest: Spanned<Vec<String>>,
    #[serde(default)]
    kind: KindName,
    #[serde(default)]
    tags: Vec<Spanned<String>>,
    #[serde(default)]
    patterns: Vec<Spanned<String>>,
    #[serde(default)]
    regex: Vec<Spanned<String>>,
    #[serde(default)]
    detect: Vec<Spanned<Detector>>,
    #[serde(default)]
    unless: Vec<Spanned<String>>,
    #[serde(default)]
    reply_max_words: Option<Spanned<usize>>,
    /// A lexicon with `[plain]` alternatives: each finding's detail names the plainer word.
    #[serde(default)]
    plain: Option<Spanned<String>>,
    #[serde(default)]
    when: Vec<Spanned<String>>,
    #[serde(default)]
    then: Vec<Spanned<String>>,
    #[serde(default)]
    within: Option<Spanned<Within>>,
    #[serde(default)]
    at: Option<Spanned<Anchor>>,
    #[serde(default)]
    require: Vec<Spanned<String>>,
    #[serde(default)]
    present: Vec<Spanned<String>>,
    #[serde(default)]
    needed: Vec<Spanned<String>>,
    #[serde(default)]
    undone_by: Vec<Spanned<String>>,
    #[serde(default)]
    groups: Vec<Spanned<String>>,
    #[serde(default)]
    metric: Option<Spanned<Metric>>,
    #[serde(default)]
    max: Option<Spanned<usize>>,
    #[serde(default)]
    limits: Option<Spanned<BTreeMap<String, usize>>>,
    #[serde(default)]
    shape: Option<Spanned<Shape>>,
    #[serde(default)]
    max_words: Option<Spanned<usize>>,
    #[serde(default)]
    not_needed_when: Vec<Spanned<String>>,
    #[serde(default)]
    question: Option<Spanned<String>>,
    #[serde(default)]
    deferred_by: Vec<Spanned<String>>,
    #[serde(default)]
    stopwords: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    escalate: Option<Spanned<EscalateFile>>,
    examples: Spanned<ExamplesFile>,
}

/// `[escalate]`: a higher severity when conditions hold ("a minimiser after an angry message
/// is an error").
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EscalateFile {
    when: Vec<Spanned<String>>,
    severity: Severity,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExamplesFile {
    #[serde(default)]
    fire: Vec<Spanned<ExampleEntry>>,
    #[serde(default)]
    silent: Vec<Spanned<ExampleEntry>>,
    /// The context every example of this file is checked in.
    #[serde(flatten)]
    context: ExampleSettings,
}

/// The context of examples: for all of a file's examples, or for one.
#[derive(Deserialize, Default, Clone)]
struct ExampleSettings {
    #[serde(default)]
    platform: Option<Platform>,
    /// The citizen's message the example answers.
    #[serde(default)]
    incoming: Option<String>,
    #[serde(default)]
    automatic: Option<bool>,
    #[serde(default)]
    sign_off: Option<bool>,
    #[serde(default)]
    voice: Option<Voice>,
    #[serde(default)]
    draft: Option<bool>,
    /// The example is (nearly) this library template.
    #[serde(default)]
    template: Option<String>,
}

impl ExampleSettings {
    /// These settings over `base`.
    fn over(&self, base: &ExampleSettings) -> ExampleSettings {
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

    fn resolve(self) -> ExampleContext {
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
enum ExampleEntry {
    Text(String),
    Case(ExampleCase),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExampleCase {
    text: String,
    #[serde(flatten)]
    context: ExampleSettings,
}

impl ExampleEntry {
    fn text(&self) -> &str {
        match self {
            ExampleEntry::Text(t) => t,
            ExampleEntry::Case(c) => &c.text,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SignalFile {
    signal: Spanned<String>,
    description: Spanned<String>,
    #[serde(default)]
    patterns: Vec<Spanned<String>>,
    #[serde(default)]
    regex: Vec<Spanned<String>>,
    #[serde(default)]
    detect: Vec<Spanned<Detector>>,
    #[serde(default)]
    unless: Vec<Spanned<String>>,
    #[serde(default)]
    except: Vec<Spanned<String>>,
    #[serde(default)]
    signature: Option<Spanned<SignatureSpec>>,
    #[serde(default)]
    together: Vec<Spanned<String>>,
    #[serde(default)]
    questions: Option<Spanned<QuestionSpec>>,
    #[serde(default)]
    source: Source,
    examples: Spanned<ExamplesFile>,
}

/// A parsed rule or signal file.
#[derive(Debug)]
pub enum RuleFileContent {
    Rule(Rule),
    Signal(Signal),
}

/// The span of `value[start..end]` inside the file, when the string was written without
/// escapes (so its characters stand in the file as they are); else the whole string.
pub(crate) fn span_in_string(source: &str, whole: Span, value: &str, start: usize, end: usize) -> Span {
    let raw = &source[whole.start..whole.end];
    let quote = raw.len().saturating_sub(value.len()) / 2;
    if quote > 0 && raw.len() == value.len() + 2 * quote && &raw[quote..raw.len() - quote] == value {
        Span::new(whole.start + quote + start, whole.start + quote + end)
    } else {
        whole
    }
}

fn span_of<T>(s: &Spanned<T>) -> Span {
    Span::new(s.span().start, s.span().end)
}

fn is_kebab_case(id: &str) -> bool {
    !id.is_empty()
        && id
            .split('-')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
}

/// The parts of a file being parsed that every check needs: where it is, and the errors so far.
struct FileParse<'a> {
    path: &'a str,
    text: &'a Arc<str>,
    errors: Vec<Diagnostic>,
    /// The word classes patterns may name.
    lex: &'a Lexicons,
}

impl FileParse<'_> {
    fn at(&self, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.path, message).at(self.text.clone(), span)
    }

    fn error(&mut self, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        let d = self.at(span, message);
        self.errors.push(d);
        self.errors.last_mut().expect("just pushed")
    }

    fn id(&mut self, id: &Spanned<String>, example: &str) {
        if !is_kebab_case(id.get_ref()) {
            self.error(span_of(id), format!("`{}` is not kebab-case", id.get_ref()))
                .label = Some(format!("like `{example}`: lowercase words joined by `-`"));
        }
    }

    fn not_empty(&mut self, name: &str, field: &Spanned<String>) {
        if field.get_ref().trim().is_empty() {
            self.error(span_of(field), format!("`{name}` must not be empty"));
        }
    }

    fn phrases(&mut self, list: &[Spanned<String>]) -> Vec<Arc<Pattern>> {
        let mut out = Vec::new();
        for p in list {
            match phrase::parse_all_in(p.get_ref(), self.lex) {
                Ok(pats) => out.extend(pats.into_iter().map(Arc::new)),
                Err(e) => {
                    let span = span_in_string(self.text, span_of(p), p.get_ref(), e.start, e.end);
                    let d = self.error(span, "invalid phrase pattern");
                    d.label = Some(e.message);
                    d.notes.push("see docs/rules.md for the phrase syntax".into());
                }
            }
        }
        out
    }

    /// Regexes of a user's file compile now, so every error points into the file; built-in
    /// ones (compiled by the rule tests) wait until a text needs them.
    fn regexes(&mut self, list: &[Spanned<String>], builtin: bool) -> Vec<GatedRegex> {
        let mut out = Vec::new();
        for r in list {
            match GatedRegex::new(r.get_ref(), !builtin) {
                Ok(re) => out.push(re),
                Err(e) => self.error(span_of(r), "invalid regex").label = Some(e),
            }
        }
        out
    }

    fn conditions(&mut self, list: &[Spanned<String>]) -> Vec<Condition> {
        let mut out = Vec::new();
        for c in list {
            let (whole, value) = (span_of(c), c.get_ref());
            let locate = |s, e| span_in_string(self.text, whole, value, s, e);
            match Condition::parse(value, whole, locate) {
                Ok(cond) => out.push(cond),
                Err((span, message)) => {
                    let d = self.error(span, "invalid condition");
                    d.label = Some(message);
                    d.notes.push(format!(
                        "a condition names signals or one of {}; `|` separates alternatives, `!` negates",
                        CONTEXT_NAMES.join(", ")
                    ));
                }
            }
        }
        out
    }

    /// The examples; `need_marks`: `fire` examples must mark words (else they may).
    fn examples(&mut self, examples: Spanned<ExamplesFile>, need_marks: bool) -> (Vec<Example>, Vec<Example>) {
        let examples_span = span_of(&examples);
        let examples = examples.into_inner();
        // The JSON form of the built-in rules leaves the examples out (see build.rs).
        if is_plain() && examples.fire.is_empty() && examples.silent.is_empty() {
            return (Vec::new(), Vec::new());
        }
        let base = &examples.context;
        let context_of = |e: &ExampleEntry| match e {
            ExampleEntry::Text(_) => base.clone().resolve(),
            ExampleEntry::Case(c) => c.context.over(base).resolve(),
        };
        let mut fire = Vec::new();
        for e in &examples.fire {
            match parse_marked(e.get_ref().text()) {
                Ok((_, marks)) if marks.is_empty() && need_marks => {
                    self.error(span_of(e), "a `fire` example must mark the expected words")
                        .label = Some("put «» around the words the rule should mark".into());
                }
                Ok((text, marks)) => fire.push(Example {
                    text,
                    marks,
                    written: e.get_ref().text().to_string(),
                    span: span_of(e),
                    context: context_of(e.get_ref()),
                }),
                Err(m) => self.error(span_of(e), "invalid example").label = Some(m),
            }
        }
        let mut silent = Vec::new();
        for e in &examples.silent {
            match parse_marked(e.get_ref().text()) {
                Ok((text, marks)) if marks.is_empty() => silent.push(Example {
                    text,
                    marks,
                    written: e.get_ref().text().to_string(),
                    span: span_of(e),
                    context: context_of(e.get_ref()),
                }),
                Ok(_) => {
                    self.error(span_of(e), "a `silent` example must not contain «» marks")
                        .label = Some("a must-stay-silent example marks nothing".into());
                }
                Err(m) => self.error(span_of(e), "invalid example").label = Some(m),
            }
        }
        for (kind, list) in [("fire", &examples.fire), ("silent", &examples.silent)] {
            if list.is_empty() {
                self.error(examples_span, format!("at least one `{kind}` example is needed"))
                    .notes
                    .push("every rule and signal carries texts it must mark (`fire`) and texts it must leave alone (`silent`)".into());
            }
        }
        (fire, silent)
    }
}

fn printable(s: &str) -> String {
    crate::text::safe::untrusted(s)
}

/// Parse and validate one rule or signal file. Errors are every problem found, each placed
/// in the file.
pub fn parse_rule_file(path: &str, text: Arc<str>, builtin: bool) -> Result<RuleFileContent, Vec<Diagnostic>> {
    parse_rule_file_in(path, text, builtin, &BUILTIN_LEXICONS)
}

/// `parse_rule_file`, with the word classes of `lex`.
pub fn parse_rule_file_in(
    path: &str,
    text: Arc<str>,
    builtin: bool,
    lex: &Lexicons,
) -> Result<RuleFileContent, Vec<Diagnostic>> {
    let toml_error = |e: toml::de::Error, what: &str| {
        let span = e.span().map(|r| Span::new(r.start, r.end)).unwrap_or(Span::new(0, 0));
        vec![
            Diagnostic::new(path, format!("invalid {what} file: {}", e.message().trim_end()))
                .at(text.clone(), span)
                .label("here"),
        ]
    };
    // Parse the document once; a `[signal]` table says which kind of file it is.
    let table = toml::de::DeTable::parse(&text).map_err(|e| toml_error(e, "rule"))?;
    let is_signal = table.get_ref().keys().any(|k| k.get_ref() == "signal");
    let document = toml::de::Deserializer::from(table);
    if is_signal {
        let file = SignalFile::deserialize(document).map_err(|e| toml_error(e, "signal"))?;
        return parse_signal(path, &text, builtin, file, lex).map(RuleFileContent::Signal);
    }
    let file = RuleFile::deserialize(document).map_err(|e| toml_error(e, "rule"))?;
    parse_rule(path, &text, builtin, file, lex).map(RuleFileContent::Rule)
}

/// Parse a built-in rule file from the JSON form `build.rs` made of it (values without
/// spans). If that fails, or there is no JSON form, the TOML is parsed instead, so every
/// error still points at its place.
fn parse_builtin(path: &str, text: &'static str, json: &str) -> Result<RuleFileContent, Vec<Diagnostic>> {
    #[derive(Deserialize)]
    struct Peek {
        signal: Option<serde::de::IgnoredAny>,
    }
    let text: Arc<str> = Arc::from(text);
    let fast = (!json.is_empty())
        .then(|| {
            plain(|| {
                let peek: Peek = serde_json::from_str(json).ok()?;
                let parsed = if peek.signal.is_some() {
                    let file: SignalFile = serde_json::from_str(json).ok()?;
                    parse_signal(path, &text, true, file, &BUILTIN_LEXICONS).map(RuleFileContent::Signal)
                } else {
                    let file: RuleFile = serde_json::from_str(json).ok()?;
                    parse_rule(path, &text, true, file, &BUILTIN_LEXICONS).map(RuleFileContent::Rule)
                };
                parsed.ok()
            })
        })
        .flatten();
    match fast {
        Some(parsed) => Ok(parsed),
        None => parse_rule_file(path, text, true),
    }
}

/// The detectors a rule or signal names, each once, in a fixed order.
fn detectors(list: &[Spanned<Detector>]) -> Vec<Detector> {
    let mut out: Vec<Detector> = list.iter().map(|d| *d.get_ref()).collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn parse_signal(
    path: &str,
    text: &Arc<str>,
    builtin: bool,
    file: SignalFile,
    lex: &Lexicons,
) -> Result<Signal, Vec<Diagnostic>> {
    let mut p = FileParse {
        path,
        text,
        errors: Vec::new(),
        lex,
    };
    let id_span = span_of(&file.signal);
    p.id(&file.signal, "concrete-tijd");
    if CONTEXT_NAMES.iter().any(|n| n == file.signal.get_ref()) {
        p.error(id_span, "this name is reserved for the reply's context");
    }
    p.not_empty("description", &file.description);
    let patterns = p.phrases(&file.patterns);
    let unless = p.phrases(&file.unless);
    let except = p.phrases(&file.except);
    let regex = p.regexes(&file.regex, builtin);
    let sources = [
        !file.patterns.is_empty() || !file.regex.is_empty() || !file.detect.is_empty(),
        file.signature.is_some(),
        !file.together.is_empty(),
        file.questions.is_some(),
    ];
    match sources.iter().filter(|&&x| x).count() {
        0 => {
            p.error(
                id_span,
                "a signal needs `patterns`, `regex` or `detect`, `[signature]`, `[questions]` or `together`",
            );
        }
        1 => {}
        _ => {
            p.error(
                id_span,
                "a signal is one of: words (`patterns`, `regex`, `detect`), `[signature]`, `[questions]`, `together`",
            );
        }
    }
    if !file.together.is_empty() && file.together.len() < 2 {
        p.error(span_of(&file.together[0]), "`together` names two or more signals");
    }
    let together = p.conditions(&file.together);
    let (fire, silent) = p.examples(file.examples, true);
    if !p.errors.is_empty() {
        return Err(p.errors);
    }
    Ok(Signal {
        id: file.signal.into_inner(),
        description: printable(file.description.get_ref()),
        pattern_sources: file.patterns.into_iter().map(Spanned::into_inner).collect(),
        patterns,
        regex,
        detect: detectors(&file.detect),
        unless,
        except,
        signature: file.signature.map(Spanned::into_inner),
        together,
        questions: file.questions.map(Spanned::into_inner),
        source: file.source,
        fire,
        silent,
        origin: Origin {
            path: path.to_string(),
            source: text.clone(),
            builtin,
        },
        id_span,
    })
}

fn parse_rule(
    path: &str,
    text: &Arc<str>,
    builtin: bool,
    file: RuleFile,
    lex: &Lexicons,
) -> Result<Rule, Vec<Diagnostic>> {
    let mut p = FileParse {
        path,
        text,
        errors: Vec::new(),
        lex,
    };
    let id_span = span_of(&file.id);
    p.id(&file.id, "intern-doorgezet");
    p.not_empty("message", &file.message);
    p.not_empty("why", &file.why);
    if file.suggest.get_ref().is_empty() {
        p.error(span_of(&file.suggest), "`suggest` needs at least one better phrasing");
    }
    let kind_name = file.kind;
    use KindName as K;
    // Which keys each kind accepts: a key that does nothing for this kind is an error.
    let first = |v: &[Spanned<String>]| v.first().map(span_of);
    let keys: [(&str, Option<Span>, &[KindName]); 23] = [
        ("plain", file.plain.as_ref().map(span_of), &[K::Phrase, K::Conditional]),
        ("not_needed_when", first(&file.not_needed_when), &[K::Verdict]),
        ("question", file.question.as_ref().map(span_of), &[K::Answers]),
        ("deferred_by", first(&file.deferred_by), &[K::Answers]),
        ("stopwords", file.stopwords.as_ref().map(span_of), &[K::Answers]),
        ("patterns", first(&file.patterns), &[K::Phrase, K::Conditional]),
        ("regex", first(&file.regex), &[K::Phrase, K::Conditional]),
        ("detect", file.detect.first().map(span_of), &[K::Phrase, K::Conditional]),
        ("unless", first(&file.unless), &[K::Phrase, K::Conditional]),
        (
            "reply_max_words",
            file.reply_max_words.as_ref().map(span_of),
            &[K::Phrase, K::Conditional],
        ),
        ("then", first(&file.then), &[K::Conditional]),
        ("within", file.within.as_ref().map(span_of), &[K::Conditional]),
        (
            "at",
            file.at.as_ref().map(span_of),
            &[K::Require, K::Verdict, K::Shape, K::Notice, K::Answers],
        ),
        ("require", first(&file.require), &[K::Require]),
        ("present", first(&file.present), &[K::Verdict]),
        ("needed", first(&file.needed), &[K::Verdict]),
        ("undone_by", first(&file.undone_by), &[K::Verdict]),
        ("groups", first(&file.groups), &[K::Consistency]),
        ("metric", file.metric.as_ref().map(span_of), &[K::Metric]),
        ("max", file.max.as_ref().map(span_of), &[K::Metric]),
        ("limits", file.limits.as_ref().map(span_of), &[K::Metric]),
        ("shape", file.shape.as_ref().map(span_of), &[K::Shape]),
        ("max_words", file.max_words.as_ref().map(span_of), &[K::Shape]),
    ];
    for (key, span, kinds) in keys {
        if let Some(span) = span
            && !kinds.contains(&kind_name)
        {
            let d = p.error(
                span,
                format!("`{key}` does not apply to a `{}` rule", kind_name.as_str()),
            );
            d.notes.push(format!(
                "`{key}` belongs to {} rules",
                kinds
                    .iter()
                    .map(|k| format!("`{}`", k.as_str()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    for t in &file.tags {
        p.id(t, "vage-belofte");
    }
    let patterns = p.phrases(&file.patterns);
    let unless = p.phrases(&file.unless);
    let regex = p.regexes(&file.regex, builtin);
    let when = p.conditions(&file.when);
    let then = p.conditions(&file.then);
    let missing = |p: &mut FileParse, what: &str| {
        p.error(id_span, format!("a `{}` rule needs {what}", kind_name.as_str()));
    };
    let kind = match kind_name {
        K::Phrase | K::Conditional => {
            if file.patterns.is_empty() && file.regex.is_empty() && file.detect.is_empty() {
                missing(&mut p, "`patterns`, `regex` or `detect`");
            }
            if kind_name == K::Conditional && file.then.is_empty() {
                missing(&mut p, "`then`: the signals that must follow a match");
            }
            Kind::Phrase
        }
        K::Require => {
            if file.require.is_empty() {
                missing(&mut p, "`require`: the signals a reply must contain");
            }
            Kind::Require(p.conditions(&file.require))
        }
        K::Verdict => {
            if file.present.is_empty() {
                missing(&mut p, "`present`: the signals that make the dimension present");
            }
            if !matches!(
                file.dimension.get_ref(),
                Dimension::Empathy | Dimension::Ownership | Dimension::FollowUp
            ) {
                p.error(
                    span_of(&file.dimension),
                    "a `verdict` rule decides empathy, ownership or follow-up",
                );
            }
            Kind::Verdict {
                present: p.conditions(&file.present),
                needed: p.conditions(&file.needed),
                undone_by: p.conditions(&file.undone_by),
                not_needed_when: p.conditions(&file.not_needed_when),
            }
        }
        K::Allow => Kind::Allow,
        K::Notice => {
            if file.when.is_empty() {
                missing(&mut p, "`when`: the conditions under which the notice is shown");
            }
            Kind::Notice
        }
        K::Answers => {
            let question = match &file.question {
                Some(q) => p.conditions(std::slice::from_ref(q)).pop(),
                None => {
                    missing(&mut p, "`question`: the signal that finds the citizen's questions");
                    None
                }
            };
            Kind::Answers {
                question: question.unwrap_or(Condition {
                    any: Vec::new(),
                    source: String::new(),
                }),
                deferred_by: p.conditions(&file.deferred_by),
                stopwords: file.stopwords.map(|s| s.into_inner()).unwrap_or_default(),
            }
        }
        K::Consistency => {
            if file.groups.len() < 2 {
                missing(&mut p, "two or more `groups`: signals that are alternatives");
            }
            Kind::Consistency(p.conditions(&file.groups))
        }
        K::Metric => {
            let metric = file.metric.as_ref().map(|m| *m.get_ref());
            let mut limits = Vec::new();
            if let Some(l) = &file.limits {
                for (name, &max) in l.get_ref() {
                    match Platform::parse(name) {
                        Some(platform) => limits.push((platform, max)),
                        None => {
                            p.error(span_of(l), format!("unknown platform `{name}` in `limits`"))
                                .label = Some("expected x, instagram, facebook, whatsapp, email or dm".into());
                        }
                    }
                }
            }
            match metric {
                None => missing(&mut p, "`metric`"),
                Some(Metric::Length) if limits.is_empty() => missing(&mut p, "`limits` per platform"),
                Some(Metric::Length) => {}
                Some(_) if file.max.is_none() => missing(&mut p, "`max`"),
                Some(_) => {}
            }
            Kind::Metric {
                metric: metric.unwrap_or(Metric::Length),
                max: file.max.as_ref().map_or(0, |m| *m.get_ref()),
                limits,
            }
        }
        K::Shape => {
            if file.shape.is_none() {
                missing(&mut p, "`shape`");
            }
            Kind::Shape {
                shape: file.shape.as_ref().map_or(Shape::LinkOnly, |s| *s.get_ref()),
                max_words: file.max_words.as_ref().map_or(6, |m| *m.get_ref()),
            }
        }
    };
    let escalate = file.escalate.map(|e| {
        let e = e.into_inner();
        (p.conditions(&e.when), e.severity)
    });
    let plain = file.plain.as_ref().and_then(|name| match p.lex.get(name.get_ref()) {
        Some(lex) if !lex.plain.is_empty() => Some(Arc::clone(lex)),
        found => {
            let message = if found.is_some() {
                format!("lexicon `{}` has no `[plain]` alternatives", name.get_ref())
            } else {
                format!("unknown lexicon `{}`", name.get_ref())
            };
            p.error(span_of(name), message);
            None
        }
    });
    let (fire, silent) = p.examples(file.examples, kind_name.marks_words());
    if !p.errors.is_empty() {
        return Err(p.errors);
    }
    Ok(Rule {
        plain,
        id: file.id.into_inner(),
        dimension: file.dimension.into_inner(),
        severity: file.severity,
        // A rule file from someone else's repository is printed on a terminal: its texts
        // cannot carry escape sequences or bidi overrides.
        message: printable(file.message.get_ref()),
        why: printable(file.why.get_ref()),
        suggest: file.suggest.get_ref().iter().map(|s| printable(s)).collect(),
        kind,
        pattern_sources: file.patterns.into_iter().map(Spanned::into_inner).collect(),
        patterns,
        regex,
        detect: detectors(&file.detect),
        unless,
        reply_max_words: file.reply_max_words.map(Spanned::into_inner),
        when,
        then,
        within: file.within.map_or(Within::default(), Spanned::into_inner),
        at: file.at.map_or(Anchor::default(), Spanned::into_inner),
        tags: file.tags.into_iter().map(Spanned::into_inner).collect(),
        escalate,
        fire,
        silent,
        origin: Origin {
            path: path.to_string(),
            source: text.clone(),
            builtin,
        },
        id_span,
    })
}

/// Which rules to load.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Leave out the rules built into nabij.
    pub no_builtin: bool,
    /// Rule folders (or single rule files) of the team's own, loaded after the built-ins.
    pub dirs: Vec<PathBuf>,
    /// Load rules without running their examples (for `test-rules`, which runs them all).
    pub skip_examples: bool,
    /// Read the built-in rules from their TOML, with their examples and every position
    /// (for `explain` and `test-rules`). By default they are read from the JSON form
    /// `build.rs` makes of them, without examples or positions: several times faster, and
    /// checking a text needs neither.
    pub full_builtins: bool,
}

/// Every `.toml` file below `dir`, sorted. Symlinked folders are not followed, so a link
/// loop cannot make the walk endless.
fn rule_files(dir: &Path, out: &mut Vec<PathBuf>, errors: &mut Vec<Diagnostic>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(Diagnostic::new(
                dir.display().to_string(),
                format!("cannot read rule folder: {e}"),
            ));
            return;
        }
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_symlink() {
            // A link could lead out of the folder (or round in a loop): rules are read only
            // from files that are in the folder itself.
            errors.push(
                Diagnostic::new(path.display().to_string(), "symlink in a rule folder, not followed")
                    .note("nabij reads only the files inside a rule folder; copy the rule in instead"),
            );
        } else if kind.is_dir() {
            rule_files(&path, out, errors);
        } else if path.extension().is_some_and(|x| x == "toml") {
            out.push(path);
        }
    }
}

/// Load the built-in rules and the given folders. Returns the rules that loaded and an
/// error for every file or example that did not: a broken rule is left out, never guessed at.
pub fn load(options: &LoadOptions) -> (RuleSet, Vec<Diagnostic>) {
    let mut errors = Vec::new();
    let mut rules: Vec<Rule> = Vec::new();
    let mut signals: Vec<Signal> = Vec::new();
    let mut add = |parsed: Result<RuleFileContent, Vec<Diagnostic>>, errors: &mut Vec<Diagnostic>| match parsed {
        Ok(RuleFileContent::Rule(r)) => rules.push(r),
        Ok(RuleFileContent::Signal(s)) => signals.push(s),
        Err(e) => errors.extend(e),
    };
    if !options.no_builtin {
        // Parsing and compiling a hundred rule files is most of nabij's start-up: spread it
        // over the cores (the order of the results stays the order of the files).
        use rayon::prelude::*;
        let parsed: Vec<_> = BUILTIN_RULES
            .par_iter()
            .zip(BUILTIN_RULES_JSON)
            .filter(|((path, _), _)| !is_lexicon_path(path))
            .map(|((path, text), json)| {
                if options.full_builtins {
                    parse_rule_file(path, Arc::from(*text), true)
                } else {
                    parse_builtin(path, text, json)
                }
            })
            .collect();
        for p in parsed {
            add(p, &mut errors);
        }
    }
    // A team's files: its lexicons first (every rule of every folder may name them), then
    // its rules and signals.
    let mut team: Vec<(String, Result<String, String>)> = Vec::new();
    for dir in &options.dirs {
        let mut files = Vec::new();
        if dir.is_file() {
            files.push(dir.clone());
        } else if dir.is_dir() {
            rule_files(dir, &mut files, &mut errors);
        } else {
            errors.push(Diagnostic::new(dir.display().to_string(), "rule folder not found"));
        }
        for file in files {
            let read = crate::read::bounded_text(&file, crate::read::MAX_RULE_FILE_BYTES)
                .map_err(|e| format!("rule file {e}"));
            team.push((file.display().to_string(), read));
        }
    }
    // The built-in word classes are vocabulary, not rules: a team's rules may name them
    // with or without the built-in rules.
    let (lexicons, lexicon_errors) = BUILTIN_LEXICONS.with_files(team.iter().filter_map(|(name, read)| {
        read.as_ref()
            .ok()
            .filter(|t| is_lexicon_text(t))
            .map(|t| (name.clone(), t.clone()))
    }));
    for e in lexicon_errors {
        let text: Option<&String> = team
            .iter()
            .find(|(n, _)| *n == e.path)
            .and_then(|(_, r)| r.as_ref().ok());
        let mut d = Diagnostic::new(&e.path, e.message);
        if let (Some(text), Some((s, end))) = (text, e.span) {
            d = d.at(Arc::from(text.as_str()), Span::new(s, end)).label("here");
        }
        errors.push(d);
    }
    {
        use rayon::prelude::*;
        let parsed: Vec<_> = team
            .par_iter()
            .filter(|(_, read)| !read.as_ref().is_ok_and(|t| is_lexicon_text(t)))
            .map(|(name, read)| match read {
                Ok(text) => parse_rule_file_in(name, Arc::from(text.as_str()), false, &lexicons),
                Err(e) => Err(vec![Diagnostic::new(name, e.clone())]),
            })
            .collect();
        for p in parsed {
            add(p, &mut errors);
        }
    }
    // Duplicate ids: the first one loaded wins, the later one is an error in its own file.
    unique_ids(&mut rules, "rule", |r| (&r.id, &r.origin, r.id_span), &mut errors);
    unique_ids(&mut signals, "signal", |s| (&s.id, &s.origin, s.id_span), &mut errors);
    let (set, more) = RuleSet::new(rules, signals);
    errors.extend(more);
    (set, errors)
}

/// Keep the first of every id; each later one is an error placed on its id.
fn unique_ids<T>(
    items: &mut Vec<T>,
    what: &str,
    key: impl Fn(&T) -> (&String, &Origin, Span),
    errors: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<String, (String, Arc<str>, Span)> = HashMap::new();
    items.retain(|item| {
        let (id, origin, span) = key(item);
        match seen.get(id) {
            Some((path, src, first)) => {
                let line = crate::span::LineIndex::new(src).position(src, first.start).line;
                errors.push(
                    Diagnostic::new(&origin.path, format!("duplicate {what} id `{id}`"))
                        .at(origin.source.clone(), span)
                        .label("this id is already taken")
                        .note(format!("first defined in {path}:{line}")),
                );
                false
            }
            None => {
                seen.insert(id.clone(), (origin.path.clone(), origin.source.clone(), span));
                true
            }
        }
    });
}
