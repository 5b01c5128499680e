//! Loading rule and signal files: strict TOML (unknown keys, wrong types and keys that do
//! not apply to a rule's kind are errors), patterns compiled with errors placed on the
//! exact characters, duplicate ids refused. (`check::load` then runs the examples of every
//! rule from outside the binary before it is accepted.)

mod files;
mod parse;
use files::*;
use parse::*;

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
            Diagnostic::new(
                path,
                format!(
                    "ongeldig {what}bestand: {}",
                    crate::diagnostic::dutch(e.message().trim_end())
                ),
            )
            .at(text.clone(), span)
            .label("hier"),
        ]
    };
    // Parse the document once; a `[signal]` table says which kind of file it is.
    let table = toml::de::DeTable::parse(&text).map_err(|e| toml_error(e, "regel"))?;
    let is_signal = table.get_ref().keys().any(|k| k.get_ref() == "signal");
    let document = toml::de::Deserializer::from(table);
    if is_signal {
        let file = SignalFile::deserialize(document).map_err(|e| toml_error(e, "signaal"))?;
        return parse_signal(path, &text, builtin, file, lex).map(RuleFileContent::Signal);
    }
    let file = RuleFile::deserialize(document).map_err(|e| toml_error(e, "regel"))?;
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
    /// The team's rule files already read (name, text), loaded with the files of `dirs`:
    /// for a host with no file system, such as the browser page.
    pub files: Vec<(String, String)>,
}

/// Every `.toml` file below `dir`, sorted. Symlinked folders are not followed, so a link
/// loop cannot make the walk endless.
fn rule_files(dir: &Path, out: &mut Vec<PathBuf>, errors: &mut Vec<Diagnostic>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(Diagnostic::new(
                dir.display().to_string(),
                format!("kan regelmap niet lezen: {}", crate::diagnostic::io(&e)),
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
                Diagnostic::new(
                    path.display().to_string(),
                    "symbolische koppeling in een regelmap, niet gevolgd",
                )
                .note("nabij leest alleen de bestanden in een regelmap; kopieer de regel erin"),
            );
        } else if kind.is_dir() {
            rule_files(&path, out, errors);
        } else if path.extension().is_some_and(|x| x == "toml") {
            out.push(path);
        }
    }
}

/// The rule files of a team's `dirs`, in the order they are loaded: a folder's `.toml`
/// files (sorted, links not followed), a file as it is. A folder that is not there or
/// cannot be read is an error in `errors`.
pub fn team_files(dirs: &[PathBuf], errors: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in dirs {
        if dir.is_file() {
            files.push(dir.clone());
        } else if dir.is_dir() {
            rule_files(dir, &mut files, errors);
        } else {
            errors.push(Diagnostic::new(dir.display().to_string(), "regelmap niet gevonden"));
        }
    }
    files
}

/// Load the built-in rules and the given folders. Returns the rules that loaded and an
/// error for every file or example that did not: a broken rule is left out, never guessed at.
pub fn load(options: &LoadOptions) -> (RuleSet, Vec<Diagnostic>) {
    let mut errors = Vec::new();
    // The compiled form parses nothing (see `compiled.rs`); without it (a rule file edited
    // since it was made, or `explain` and `test-rules`, which need the examples and every
    // position) the files are parsed.
    let compiled = (!options.no_builtin && !options.full_builtins)
        .then(super::compiled::builtin)
        .flatten();
    let parse_builtins = !options.no_builtin && compiled.is_none();
    let (mut rules, mut signals): (Vec<Rule>, Vec<Signal>) = compiled.unwrap_or_default();
    let mut add = |parsed: Result<RuleFileContent, Vec<Diagnostic>>, errors: &mut Vec<Diagnostic>| match parsed {
        Ok(RuleFileContent::Rule(r)) => rules.push(r),
        Ok(RuleFileContent::Signal(s)) => signals.push(s),
        Err(e) => errors.extend(e),
    };
    if parse_builtins {
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
    team.extend(
        options
            .files
            .iter()
            .map(|(name, text)| (name.clone(), Ok(text.clone()))),
    );
    for file in team_files(&options.dirs, &mut errors) {
        let read =
            crate::read::bounded_text(&file, crate::read::MAX_RULE_FILE_BYTES).map_err(|e| format!("regelbestand {e}"));
        team.push((file.display().to_string(), read));
    }
    // The built-in word classes are vocabulary, not rules: a team's rules may name them
    // with or without the built-in rules. (Without team files they are never built: the
    // compiled rules hold the words they use.)
    if !team.is_empty() {
        let lexicon: Vec<bool> = (team.iter())
            .map(|(_, read)| read.as_ref().is_ok_and(|t| is_lexicon_text(t)))
            .collect();
        let (lexicons, lexicon_errors) = BUILTIN_LEXICONS.with_files(
            team.iter()
                .zip(&lexicon)
                .filter(|(_, is)| **is)
                .filter_map(|((name, read), _)| read.as_ref().ok().map(|t| (name.clone(), t.clone()))),
        );
        for e in lexicon_errors {
            let text: Option<&String> = team
                .iter()
                .find(|(n, _)| *n == e.path)
                .and_then(|(_, r)| r.as_ref().ok());
            let mut d = Diagnostic::new(&e.path, e.message);
            if let (Some(text), Some((s, end))) = (text, e.span) {
                d = d.at(Arc::from(text.as_str()), Span::new(s, end)).label("hier");
            }
            errors.push(d);
        }
        {
            use rayon::prelude::*;
            let parsed: Vec<_> = team
                .par_iter()
                .zip(&lexicon)
                .filter(|(_, is)| !**is)
                .map(|((name, read), _)| match read {
                    Ok(text) => parse_rule_file_in(name, Arc::from(text.as_str()), false, &lexicons),
                    Err(e) => Err(vec![Diagnostic::new(name, e.clone())]),
                })
                .collect();
            for p in parsed {
                add(p, &mut errors);
            }
        }
    }
    // Duplicate ids: the first one loaded wins, the later one is an error in its own file.
    unique_ids(&mut rules, "regel", |r| (&r.id, &r.origin, r.id_span), &mut errors);
    unique_ids(&mut signals, "signaal", |s| (&s.id, &s.origin, s.id_span), &mut errors);
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
                    Diagnostic::new(&origin.path, format!("dubbele {what}-id `{id}`"))
                        .at(origin.source.clone(), span)
                        .label("deze id is al in gebruik")
                        .note(format!("eerst gedefinieerd in {path}:{line}")),
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
