//! Printers: one per output format, behind one trait. They turn a model (a check run's
//! [`crate::lint::Outcome`], the team mirror) into text for a [`Sink`] and never decide
//! anything about it.

pub mod check;
pub mod compact;
pub mod config;
pub mod eval;
pub mod github;
pub mod human;
pub mod json;
pub mod lsp;
pub mod mirror_html;
pub mod mirror_text;
pub mod rules;
pub mod sarif;

use crate::lint::FileReport;
use crate::rules::{Condition, Kind, Rule, RuleSet, Severity, Signal};

/// Where printers write: the report to standard output, problems and notes to standard
/// error (the command line's streams, or a string in a test).
pub trait Sink {
    /// Report text that may carry styling (the human format).
    fn styled(&mut self, s: &str);
    /// Report text without styling (JSON, SARIF, compact and GitHub lines), written as it is.
    fn plain(&mut self, s: &str);
    /// A note for the person at the terminal.
    fn note(&mut self, s: &str);
    /// Errors about files, rules or settings.
    fn diagnostics(&mut self, list: &[crate::diagnostic::Diagnostic]);
}

/// An output format of a model `M`.
pub trait Printer<M: ?Sized> {
    fn print(&self, model: &M, sink: &mut dyn Sink);
}

/// The team mirror as text for the terminal.
pub struct MirrorText;

impl Printer<crate::mirror::Mirror> for MirrorText {
    fn print(&self, m: &crate::mirror::Mirror, sink: &mut dyn Sink) {
        sink.styled(&untrusted(&mirror_text::render(m)));
    }
}

/// The team mirror as one self-contained HTML page.
pub struct MirrorHtml;

impl Printer<crate::mirror::Mirror> for MirrorHtml {
    fn print(&self, m: &crate::mirror::Mirror, sink: &mut dyn Sink) {
        sink.plain(&mirror_html::render(m));
    }
}

/// The team mirror's figures as JSON (the versioned model).
pub struct MirrorJson;

impl Printer<crate::mirror::Mirror> for MirrorJson {
    fn print(&self, m: &crate::mirror::Mirror, sink: &mut dyn Sink) {
        sink.plain(&json_text(
            serde_json::to_string_pretty(m).expect("plain data serialises"),
        ));
    }
}

/// Print `model` to `path`: standard output for `-` (through `sink`), else a file written
/// whole and atomically (replacing one only with `force`), with a note that says so.
pub fn to_target<M: ?Sized>(
    printer: &dyn Printer<M>,
    model: &M,
    path: &std::path::Path,
    force: bool,
    sink: &mut dyn Sink,
) -> Result<(), String> {
    if path.as_os_str() == "-" {
        printer.print(model, sink);
        return Ok(());
    }
    let mut text = Captured::default();
    printer.print(model, &mut text);
    crate::write::write_atomic(path, &text.out, force).map_err(|e| e.to_string())?;
    sink.styled(&format!("{} geschreven\n", path.display()));
    Ok(())
}

/// A sink that keeps everything in strings: files written whole (`--html`), tests.
#[derive(Debug, Default)]
pub struct Captured {
    pub out: String,
    pub err: String,
}

impl Sink for Captured {
    fn styled(&mut self, s: &str) {
        self.out.push_str(s);
    }
    fn plain(&mut self, s: &str) {
        self.out.push_str(s);
    }
    fn note(&mut self, s: &str) {
        self.err.push_str(s);
    }
    fn diagnostics(&mut self, list: &[crate::diagnostic::Diagnostic]) {
        for d in list {
            self.err.push_str(&d.to_string());
            self.err.push('\n');
        }
    }
}

/// One finding with everything a printer needs, positions resolved.
pub struct Located<'a> {
    pub path: &'a str,
    pub template: Option<&'a str>,
    pub rule: &'a Rule,
    pub rule_index: usize,
    pub finding: &'a crate::check::Finding,
    pub start: crate::span::Position,
    pub end: crate::span::Position,
    pub text: std::borrow::Cow<'a, str>,
    /// The ids of the other rules that mark the same words.
    pub related: Vec<&'a str>,
}

impl Located<'_> {
    /// The rule's message with the finding's detail, if any, and the other rules that mark
    /// the same words: "... (ontbreekt: ...) (ook: geen-vervolg)".
    pub fn message(&self) -> String {
        let mut m = match &self.finding.detail {
            Some(d) => format!("{} ({d})", self.rule.message),
            None => self.rule.message.clone(),
        };
        if !self.related.is_empty() {
            m.push_str(&format!(" (ook: {})", self.related.join(", ")));
        }
        m
    }

    /// `path:line:col: severity[rule] message`, on one line and safe to print.
    pub fn compact(&self) -> String {
        let line = format!(
            "{}:{}:{}: {}[{}] {}",
            self.path,
            self.start.line,
            self.start.column,
            self.finding.severity.dutch(),
            self.rule.id,
            self.message()
        );
        untrusted(&line).replace('\n', " ")
    }
}

/// Every finding of a run, in report order.
pub fn located<'a>(files: &'a [FileReport], set: &'a RuleSet) -> Vec<Located<'a>> {
    each_located(files, set).collect()
}

/// The findings of a run one at a time, in report order: a printer that needs no sorting
/// streams them rather than holding them all (an archive can have 100,000).
pub fn each_located<'a>(files: &'a [FileReport], set: &'a RuleSet) -> impl Iterator<Item = Located<'a>> + 'a {
    files.iter().flat_map(move |f| {
        f.replies.iter().flat_map(move |r| {
            r.findings.iter().map(move |x| Located {
                path: &f.path,
                template: r.name.as_deref(),
                rule: &set.rules()[x.rule],
                rule_index: x.rule,
                finding: x,
                start: f.position(x.span.start),
                end: f.position(x.span.end),
                text: f.text(x.span),
                related: x.related.iter().map(|&(i, _)| set.rules()[i].id.as_str()).collect(),
            })
        })
    })
}

pub use crate::lint::Summary;
pub use crate::text::safe::{json_text, untrusted, untrusted_name};

/// A share in percent as a Dutch reader writes it: `69,6 %`.
pub fn percent(v: f64) -> String {
    format!("{} %", decimal1(v))
}

/// A number with one decimal and a decimal comma: `8,0`.
pub fn decimal1(v: f64) -> String {
    format!("{v:.1}").replace('.', ",")
}

/// Findings per rule, most first: `--statistics`.
pub fn statistics(by_rule: &std::collections::BTreeMap<usize, (usize, Severity)>, set: &RuleSet) -> String {
    let mut rows: Vec<(&str, (usize, Severity))> =
        by_rule.iter().map(|(&r, &n)| (set.rules()[r].id.as_str(), n)).collect();
    rows.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(b.0)));
    let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
    rows.iter()
        .map(|(id, (n, sev))| format!("{n:>6}  {id:<width$}  {}\n", sev.dutch()))
        .collect()
}

/// A rule's suggestions in the reply's register (u-form for a reply that says "u"), each
/// once.
pub fn suggestions(rule: &Rule, formal: bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(rule.suggest.len());
    for s in &rule.suggest {
        let s = crate::text::register::in_register(s, formal);
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// `nabij explain`: a rule as a small page, in the shape of ruff's and clippy's rule docs.
pub fn explain(set: &RuleSet, rule: &Rule) -> String {
    let mut s = format!(
        "{}  [{}, {}, {}]\n\n{}\n\nWaarom\n",
        rule.id,
        rule.dimension,
        rule.severity.dutch(),
        rule.kind_name(),
        rule.message
    );
    for line in wrap(&rule.why, 88).lines() {
        s.push_str(&format!("  {line}\n"));
    }
    s.push_str("\nBeter\n");
    for sug in &rule.suggest {
        s.push_str(&format!("  - {sug}\n"));
    }
    if !rule.pattern_sources.is_empty() {
        s.push_str("\nPatronen\n");
        for p in &rule.pattern_sources {
            s.push_str(&format!("  {p}\n"));
        }
    }
    detectors(&rule.detect, &mut s);
    // Each condition in words, its name as written in the rule file after it. `all`: every
    // condition must hold (`when`, `require`), one per line joined by "en"; else any one
    // will do. Alternatives (`a|b`) are listed under "een van".
    let conditions = |label: &str, list: &[Condition], all: bool, s: &mut String| {
        if list.is_empty() {
            return;
        }
        s.push_str(&format!("\n{label}\n"));
        let line = |a: &crate::rules::kind::Atom| {
            let name = if a.negated {
                format!("!{}", a.name)
            } else {
                a.name.clone()
            };
            format!("{}  [{name}]", set.describe(a))
        };
        let groups: Vec<Vec<&crate::rules::kind::Atom>> = if all {
            list.iter().map(|c| c.any.iter().collect()).collect()
        } else {
            vec![list.iter().flat_map(|c| &c.any).collect()]
        };
        for (i, atoms) in groups.iter().enumerate() {
            let and = if i > 0 { "en " } else { "" };
            match atoms.as_slice() {
                [one] => s.push_str(&format!("  {and}{}\n", line(one))),
                many => {
                    s.push_str(&format!("  {and}een van:\n"));
                    for a in many {
                        s.push_str(&format!("    - {}\n", line(a)));
                    }
                }
            }
        }
    };
    conditions("Alleen als (when)", &rule.when, true, &mut s);
    conditions("Tenzij binnen bereik (then)", &rule.then, false, &mut s);
    if let Some((when, severity)) = &rule.escalate {
        conditions(
            &format!("Wordt {} als (escalate)", severity.dutch()),
            when,
            true,
            &mut s,
        );
    }
    match &rule.kind {
        Kind::Require(list) => conditions("Vereist (require)", list, true, &mut s),
        Kind::Verdict {
            present,
            needed,
            undone_by,
            not_needed_when,
        } => {
            conditions("Aanwezig bij (present)", present, false, &mut s);
            conditions("Teruggenomen door (undone_by)", undone_by, false, &mut s);
            conditions("Nodig bij (needed)", needed, false, &mut s);
            conditions("Niet nodig als (not_needed_when)", not_needed_when, false, &mut s);
        }
        Kind::Answers {
            question, deferred_by, ..
        } => {
            conditions("Vragen (question)", std::slice::from_ref(question), false, &mut s);
            conditions("Uitgesteld met (deferred_by)", deferred_by, false, &mut s);
        }
        Kind::Notice | Kind::Allow => {}
        Kind::Consistency(groups) => conditions("Vormen (groups)", groups, true, &mut s),
        Kind::Metric { metric, max, limits } => {
            use crate::rules::kind::Metric;
            let what = match metric {
                Metric::SentenceWords => "woorden per zin",
                Metric::Exclamations => "uitroeptekens in het antwoord",
                Metric::Capitals => "woorden achter elkaar in hoofdletters",
                Metric::Length => "lengte zoals het platform telt",
            };
            s.push_str(&format!("\nMeting: {what}"));
            if limits.is_empty() {
                s.push_str(&format!(", hoogstens {max}\n"));
            } else {
                let l: Vec<String> = limits.iter().map(|(p, n)| format!("{p} {n}")).collect();
                s.push_str(&format!(", grenzen: {}\n", l.join(", ")));
            }
        }
        Kind::Shape { shape, max_words } => {
            use crate::rules::kind::Shape;
            let what = match shape {
                Shape::LinkOnly => "alleen een link",
                Shape::EmojiOnly => "alleen emoji",
                Shape::Placeholder => "een niet ingevuld invulveld",
            };
            s.push_str(&format!("\nVorm: {what} (hoogstens {max_words} woorden eromheen)\n"));
        }
        Kind::Phrase => {}
    }
    if let Some(n) = rule.reply_max_words {
        s.push_str(&format!("\nAlleen bij antwoorden van hoogstens {n} woorden.\n"));
    }
    // The context most examples (over half) share is said once; another one is said where
    // it applies.
    let contexts: Vec<String> = rule.fire.iter().chain(&rule.silent).map(example_context).collect();
    let shared = |c: &String| contexts.iter().filter(|d| *d == c).count();
    let usual = contexts
        .iter()
        .find(|c| 2 * shared(c) > contexts.len())
        .cloned()
        .unwrap_or_default();
    let own = |e: &crate::rules::Example| {
        let c = example_context(e);
        if c == usual { String::new() } else { format!("  ({c})") }
    };
    s.push_str("\nVoorbeelden die de regel markeert\n");
    if !usual.is_empty() {
        s.push_str(&format!("  (de voorbeelden: {usual}, tenzij anders vermeld)\n"));
    }
    for e in &rule.fire {
        s.push_str(&format!("  ✗ {}{}\n", e.written.replace('\n', "⏎"), own(e)));
    }
    s.push_str("\nVoorbeelden die goed zijn\n");
    for e in &rule.silent {
        s.push_str(&format!("  ✓ {}{}\n", e.written.replace('\n', "⏎"), own(e)));
    }
    s.push_str(&format!("\nBron: {}\n", rule.origin.path));
    s
}

/// Where an example is checked (`explain` may show the same sentence marked in public and
/// fine in a private message): `in een privébericht op WhatsApp; automatisch antwoord`.
fn example_context(e: &crate::rules::Example) -> String {
    let c = &e.context.context;
    let mut parts = Vec::new();
    if let Some(p) = c.platform {
        parts.push(if p.is_public() {
            format!("openbaar op {}", p.display_name())
        } else if p == crate::rules::Platform::Dm {
            "in een privébericht".to_string()
        } else {
            format!("in een privébericht op {}", p.display_name())
        });
    }
    if c.automatic {
        parts.push("automatisch antwoord".to_string());
    }
    if c.sign_off {
        parts.push("het team ondertekent".to_string());
    }
    if c.draft {
        parts.push("concept".to_string());
    }
    if let Some(v) = c.voice {
        parts.push(match v {
            crate::rules::Voice::U => "het team zegt u".to_string(),
            crate::rules::Voice::Je => "het team zegt je".to_string(),
            crate::rules::Voice::Mirror => "het team volgt de burger in u of je".to_string(),
        });
    }
    if c.template.is_some() {
        parts.push("een standaardreactie".to_string());
    }
    if let Some(m) = &e.context.incoming {
        let m: String = m.replace('\n', " ");
        let short: String = m.chars().take(60).collect();
        let more = if short.len() < m.len() { "…" } else { "" };
        parts.push(format!("op het bericht \"{short}{more}\""));
    }
    parts.join("; ")
}

/// The personal-data detectors of a rule or signal, for `explain`.
fn detectors(list: &[crate::privacy::Detector], s: &mut String) {
    if list.is_empty() {
        return;
    }
    s.push_str("\nHerkent (detect)\n");
    for d in list {
        s.push_str(&format!("  {d}: {}\n", d.describe()));
    }
}

/// `nabij explain` for a signal: what it means, its patterns and examples.
pub fn explain_signal(signal: &Signal) -> String {
    let mut s = format!("{}  [signaal]\n\n{}\n", signal.id, signal.description);
    if !signal.pattern_sources.is_empty() {
        s.push_str("\nPatronen\n");
        for p in &signal.pattern_sources {
            s.push_str(&format!("  {p}\n"));
        }
    }
    detectors(&signal.detect, &mut s);
    if !signal.together.is_empty() {
        let names: Vec<&str> = signal.together.iter().map(|c| c.source.as_str()).collect();
        s.push_str(&format!("\nSamen in één zin: {}\n", names.join(" + ")));
    }
    if signal.signature.is_some() {
        s.push_str("\nHerkent een persoonlijke ondertekening (zie [signature] in het bestand).\n");
    }
    s.push_str("\nVoorbeelden\n");
    for e in &signal.fire {
        s.push_str(&format!("  ✓ {}\n", e.written.replace('\n', "⏎")));
    }
    for e in &signal.silent {
        s.push_str(&format!("  ✗ {}\n", e.written.replace('\n', "⏎")));
    }
    s.push_str(&format!("\nBron: {}\n", signal.origin.path));
    s
}

/// Re-flow prose (a rule's `why`, written over several TOML lines) to lines of at most
/// `width` characters.
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut len = 0;
    for word in text.split_whitespace() {
        let n = word.chars().count();
        if len > 0 && len + 1 + n > width {
            out.push('\n');
            len = 0;
        } else if len > 0 {
            out.push(' ');
            len += 1;
        }
        out.push_str(word);
        len += n;
    }
    out
}

/// `nabij explain ID`: the rule or signal with that id, or the error to show (with the ids
/// that look like it).
pub fn find_item<'a>(set: &'a RuleSet, id: &str) -> Result<Item<'a>, String> {
    match (set.get(id), set.signal(id)) {
        (Some(rule), _) => Ok(Item::Rule(rule)),
        (None, Some(signal)) => Ok(Item::Signal(signal)),
        (None, None) => {
            let names = set.rules().iter().map(|r| r.id.as_str());
            let close = crate::diagnostic::similar(id, names.chain(set.signals().iter().map(|s| s.id.as_str())));
            let mut msg = format!("fout: geen regel of signaal met id `{id}`\n");
            if !close.is_empty() {
                msg.push_str(&format!("  bedoelt u: {}\n", close.join(", ")));
            }
            msg.push_str("  `nabij rules` toont alle regels\n");
            Err(msg)
        }
    }
}

/// `nabij explain`: the page of one rule or signal.
pub struct Explain<'a> {
    pub set: &'a RuleSet,
}

/// What `explain` shows: a rule or a signal.
pub enum Item<'a> {
    Rule(&'a Rule),
    Signal(&'a Signal),
}

impl Printer<Item<'_>> for Explain<'_> {
    fn print(&self, item: &Item<'_>, sink: &mut dyn Sink) {
        let page = match item {
            Item::Rule(rule) => explain(self.set, rule),
            Item::Signal(signal) => explain_signal(signal),
        };
        sink.styled(&untrusted(&page));
    }
}

/// `nabij test-rules`: the closing line, with how many rule files did not load.
pub struct TestRules {
    pub files_not_loaded: usize,
}

impl Printer<crate::check::SelfTest> for TestRules {
    fn print(&self, t: &crate::check::SelfTest, sink: &mut dyn Sink) {
        sink.styled(&test_rules_line(t, self.files_not_loaded));
    }
}

/// The closing line of `nabij test-rules`.
pub fn test_rules_line(t: &crate::check::SelfTest, files_not_loaded: usize) -> String {
    use human::plural;
    format!(
        "test-rules: {}, {}, {}: {} geslaagd, {} mislukt{}\n",
        plural(t.rules, "regel", "regels"),
        plural(t.signals, "signaal", "signalen"),
        plural(t.examples, "voorbeeld", "voorbeelden"),
        t.examples - t.failures.len(),
        t.failures.len(),
        if files_not_loaded == 0 {
            String::new()
        } else {
            format!(
                "; {} niet geladen",
                plural(files_not_loaded, "regelbestand", "regelbestanden")
            )
        }
    )
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrap_reflows_to_the_width() {
        assert_eq!(wrap("een twee\n  drie vier vijf", 9), "een twee\ndrie vier\nvijf");
    }
}
