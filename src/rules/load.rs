//! Loading rule files: strict TOML (unknown keys and wrong types are errors), patterns
//! compiled with errors placed on the exact characters, duplicate ids refused, and every
//! rule's examples run before a rule from outside the binary is accepted.

use super::phrase::{self, Pattern};
use super::{Dimension, Example, Origin, Rule, RuleSet, Severity, check_examples, parse_marked};
use crate::diagnostic::Diagnostic;
use crate::span::Span;
use regex::RegexBuilder;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::Spanned;

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// Byte budget for one compiled regex; a bigger one is refused, not slowly built.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    id: Spanned<String>,
    dimension: Dimension,
    severity: Severity,
    message: Spanned<String>,
    why: Spanned<String>,
    suggest: Spanned<Vec<String>>,
    #[serde(default)]
    patterns: Vec<Spanned<String>>,
    #[serde(default)]
    regex: Vec<Spanned<String>>,
    #[serde(default)]
    unless: Vec<Spanned<String>>,
    #[serde(default)]
    reply_max_words: Option<usize>,
    examples: Spanned<ExamplesFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExamplesFile {
    #[serde(default)]
    fire: Vec<Spanned<String>>,
    #[serde(default)]
    silent: Vec<Spanned<String>>,
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

/// Parse and validate one rule file. Errors are every problem found, each placed in the file.
pub fn parse_rule_file(path: &str, text: Arc<str>, builtin: bool) -> Result<Rule, Vec<Diagnostic>> {
    let source = text.as_ref();
    let at = |span: Span, message: String| Diagnostic::new(path, message).at(text.clone(), span);
    let file: RuleFile = toml::from_str(source).map_err(|e| {
        let span = e.span().map(|r| Span::new(r.start, r.end)).unwrap_or(Span::new(0, 0));
        vec![at(span, format!("invalid rule file: {}", e.message().trim_end())).label("here")]
    })?;
    let mut errors = Vec::new();
    let id_span = span_of(&file.id);
    if !is_kebab_case(file.id.get_ref()) {
        errors.push(
            at(id_span, "rule id must be kebab-case".into())
                .label("like `intern-doorgezet`: lowercase words joined by `-`"),
        );
    }
    for (name, field) in [("message", &file.message), ("why", &file.why)] {
        if field.get_ref().trim().is_empty() {
            errors.push(at(span_of(field), format!("`{name}` must not be empty")));
        }
    }
    if file.suggest.get_ref().is_empty() {
        errors.push(at(
            span_of(&file.suggest),
            "`suggest` needs at least one better phrasing".into(),
        ));
    }
    let compile = |list: &[Spanned<String>], errors: &mut Vec<Diagnostic>| -> Vec<Pattern> {
        let mut out = Vec::new();
        for p in list {
            match phrase::parse(p.get_ref()) {
                Ok(pat) => out.push(pat),
                Err(e) => errors.push(
                    at(
                        span_in_string(source, span_of(p), p.get_ref(), e.start, e.end),
                        "invalid phrase pattern".into(),
                    )
                    .label(e.message)
                    .note("see docs/rules.md for the phrase syntax"),
                ),
            }
        }
        out
    };
    let patterns = compile(&file.patterns, &mut errors);
    let unless = compile(&file.unless, &mut errors);
    let mut regex = Vec::new();
    for r in &file.regex {
        match RegexBuilder::new(r.get_ref())
            .size_limit(REGEX_SIZE_LIMIT)
            .dfa_size_limit(REGEX_SIZE_LIMIT)
            .build()
        {
            Ok(re) => regex.push(re),
            Err(e) => errors.push(at(span_of(r), "invalid regex".into()).label(e.to_string())),
        }
    }
    if file.patterns.is_empty() && file.regex.is_empty() {
        errors.push(at(id_span, "a rule needs `patterns` or `regex`".into()));
    }
    let examples_span = span_of(&file.examples);
    let examples = file.examples.into_inner();
    let mut fire = Vec::new();
    for e in &examples.fire {
        match parse_marked(e.get_ref()) {
            Ok((text, marks)) if !marks.is_empty() => fire.push(Example {
                text,
                marks,
                written: e.get_ref().clone(),
                span: span_of(e),
            }),
            Ok(_) => errors.push(
                at(span_of(e), "a `fire` example must mark the expected words".into())
                    .label("put «» around the words the rule should mark"),
            ),
            Err(m) => errors.push(at(span_of(e), "invalid example".into()).label(m)),
        }
    }
    let mut silent = Vec::new();
    for e in &examples.silent {
        match parse_marked(e.get_ref()) {
            Ok((text, marks)) if marks.is_empty() => silent.push(Example {
                text,
                marks,
                written: e.get_ref().clone(),
                span: span_of(e),
            }),
            Ok(_) => errors.push(
                at(span_of(e), "a `silent` example must not contain «» marks".into())
                    .label("a must-stay-silent example marks nothing"),
            ),
            Err(m) => errors.push(at(span_of(e), "invalid example".into()).label(m)),
        }
    }
    for (kind, list) in [("fire", &examples.fire), ("silent", &examples.silent)] {
        if list.is_empty() {
            errors.push(
                at(examples_span, format!("a rule needs at least one `{kind}` example"))
                    .note("every rule carries texts it must mark (`fire`) and texts it must leave alone (`silent`)"),
            );
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Rule {
        id: file.id.into_inner(),
        dimension: file.dimension,
        severity: file.severity,
        message: file.message.into_inner(),
        why: file.why.into_inner(),
        suggest: file.suggest.into_inner(),
        pattern_sources: file.patterns.into_iter().map(Spanned::into_inner).collect(),
        patterns,
        regex,
        unless,
        reply_max_words: file.reply_max_words,
        fire,
        silent,
        origin: Origin {
            path: path.to_string(),
            source: text,
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
        if kind.is_dir() {
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
    if !options.no_builtin {
        for (path, text) in BUILTIN_RULES {
            match parse_rule_file(path, Arc::from(*text), true) {
                Ok(rule) => rules.push(rule),
                Err(e) => errors.extend(e),
            }
        }
    }
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
            let name = file.display().to_string();
            match std::fs::read_to_string(&file) {
                Ok(text) => match parse_rule_file(&name, Arc::from(text), false) {
                    Ok(rule) => rules.push(rule),
                    Err(e) => errors.extend(e),
                },
                Err(e) => errors.push(Diagnostic::new(name, format!("cannot read rule file: {e}"))),
            }
        }
    }
    // Duplicate ids: the first one loaded wins, the later one is an error in its own file.
    let mut seen: HashMap<String, (String, Arc<str>, Span)> = HashMap::new();
    rules.retain(|r| match seen.get(&r.id) {
        Some((path, src, span)) => {
            let line = crate::span::LineIndex::new(src).position(src, span.start).line;
            errors.push(
                Diagnostic::new(&r.origin.path, format!("duplicate rule id `{}`", r.id))
                    .at(r.origin.source.clone(), r.id_span)
                    .label("this id is already taken")
                    .note(format!("first defined in {path}:{line}")),
            );
            false
        }
        None => {
            seen.insert(
                r.id.clone(),
                (r.origin.path.clone(), r.origin.source.clone(), r.id_span),
            );
            true
        }
    });
    let set = RuleSet::new(rules);
    // Built-in examples are run by the test suite; a team's rules are checked as they load.
    let failing: Vec<String> = set
        .rules()
        .iter()
        .filter(|r| !r.origin.builtin && !options.skip_examples)
        .filter_map(|r| {
            let failures = check_examples(&set, r);
            let id = (!failures.is_empty()).then(|| r.id.clone());
            errors.extend(failures);
            id
        })
        .collect();
    if failing.is_empty() {
        return (set, errors);
    }
    let RuleSet { rules, .. } = set;
    let rules = rules.into_iter().filter(|r| !failing.contains(&r.id)).collect();
    (RuleSet::new(rules), errors)
}
