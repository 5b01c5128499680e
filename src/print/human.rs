//! The human format: rustc-style annotated findings (annotate-snippets), then a summary.
//! Not a contract: use `--format json` to read nabij's output from a program.

use super::Summary;
use crate::check::{Dimensions, Verdict};
use crate::diagnostic::Diagnostic;
use crate::lint::FileReport;
use crate::rules::{RuleSet, Severity};
use crate::span::Span;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

fn level(sev: Severity) -> Level<'static> {
    match sev {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
    .with_name(sev.dutch())
}

/// The whole lines of `source` around `span` (as bytes of `source`) and `span` relative to
/// that excerpt. Rendering an excerpt keeps long files cheap to print; its first line's
/// number comes from the model.
fn excerpt(source: &str, span: Span) -> (Span, Span) {
    let mut start = source[..span.start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    if start == 0 && source.starts_with('\u{feff}') {
        start = 3;
    }
    let end = source[span.end..]
        .find(['\n', '\r'])
        .map_or(source.len(), |i| span.end + i);
    let rel = Span::new(span.start.max(start) - start, span.end.max(start) - start);
    (Span::new(start, end), rel)
}

/// An excerpt made safe to print: every control character (C0 and C1, such as the one-byte
/// CSI U+009B) and bidirectional override becomes U+FFFD, with the marked span `rel` moved
/// along. `line` is the line the excerpt starts on.
fn safe_excerpt(text: &str, rel: Span, line: usize) -> (std::borrow::Cow<'_, str>, usize, Span) {
    let safe = super::untrusted(text);
    if safe == text {
        return (std::borrow::Cow::Borrowed(text), line, rel);
    }
    let before = super::untrusted(&text[..rel.start]);
    let marked = super::untrusted(&text[rel.start..rel.end]);
    let after = super::untrusted(&text[rel.end..]);
    let rel = Span::new(before.len(), before.len() + marked.len());
    (std::borrow::Cow::Owned(before + &marked + &after), line, rel)
}

/// The signals of the citizen's message, one line each with where they stand and the words
/// that carry them.
fn incoming_lines(reply: &crate::lint::ReplyReport, set: &RuleSet) -> String {
    let Some(first) = reply.incoming.first() else {
        return String::new();
    };
    let mut out = format!(
        "signalen in het bericht van de burger ({}):\n",
        super::untrusted_name(&first.path)
    );
    let width = reply
        .incoming
        .iter()
        .map(|h| set.signals()[h.signal].id.len())
        .max()
        .unwrap_or(0);
    for h in &reply.incoming {
        let pos = h.start;
        let words: String = h.source[h.span.start..h.span.end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let words: String = words.chars().take(80).collect();
        out.push_str(&format!(
            "  {:<width$}  {}:{}  \"{}\"\n",
            set.signals()[h.signal].id,
            pos.line,
            pos.column,
            super::untrusted(&words)
        ));
    }
    out.push('\n');
    out
}

/// Render every finding of one file.
pub fn render_file(report: &FileReport, set: &RuleSet, renderer: &Renderer) -> String {
    let mut out = String::new();
    render_each(report, set, renderer, true, &mut |s| out.push_str(s));
    out
}

/// Render one file's findings, a reply at a time into `write`; each reply's profile line
/// after them when `profile`.
pub fn render_each(
    report: &FileReport,
    set: &RuleSet,
    renderer: &Renderer,
    profile: bool,
    write: &mut dyn FnMut(&str),
) {
    // A path is text from the file system: it may hold escape sequences too.
    let path = super::untrusted_name(&report.path);
    for reply in &report.replies {
        let mut out = incoming_lines(reply, set);
        // Notices (escalate, a reused template) come first: they change what to do next.
        let notice = |f: &&crate::check::Finding| matches!(set.rules()[f.rule].kind, crate::rules::Kind::Notice);
        let ordered = reply
            .findings
            .iter()
            .filter(notice)
            .chain(reply.findings.iter().filter(|f| !notice(f)));
        for f in ordered {
            let rule = &set.rules()[f.rule];
            let (lines, rel) = excerpt(&report.source, f.span);
            let shown = report.text(lines);
            let (text, line, rel) = safe_excerpt(&shown, rel, report.position(f.span.start).line);
            let snippet = Snippet::source(text.as_ref())
                .line_start(line)
                .path(path.as_str())
                .annotation(AnnotationKind::Primary.span(rel.start..rel.end));
            let mut group = level(f.severity)
                .primary_title(rule.message.as_str())
                .id(rule.id.as_str())
                .element(snippet);
            // With a fix, the plainer word is said there: not twice.
            let said_by_fix = |d: &&str| f.fix.is_some() && d.starts_with("eenvoudiger:");
            let detail = f.detail.as_deref().filter(|d| !said_by_fix(d)).map(super::untrusted);
            if let Some(detail) = &detail {
                group = group.element(Level::NOTE.no_name().message(detail.as_str()));
            }
            let fix = f.fix.as_deref().map(|r| {
                format!(
                    "vervang door \"{}\" (`nabij check --fix` doet dit)",
                    super::untrusted(r)
                )
            });
            if let Some(fix) = &fix {
                group = group.element(Level::HELP.with_name("fix").message(fix.as_str()));
            }
            let related: Vec<String> = f
                .related
                .iter()
                .map(|&(i, severity)| {
                    let other = &set.rules()[i];
                    format!("{}[{}]: {}", severity.dutch(), other.id, other.message)
                })
                .collect();
            for r in &related {
                group = group.element(Level::NOTE.with_name("ook").message(r.as_str()));
            }
            group = group.element(Level::NOTE.with_name("waarom").message(super::wrap(&rule.why, 90)));
            // A notice's lines say what to do ("Bel de teamleider"); other rules' lines are
            // better phrasings.
            let help = if matches!(rule.kind, crate::rules::Kind::Notice) {
                "tip"
            } else {
                "beter"
            };
            let suggestions = super::suggestions(rule, reply.formal);
            for s in &suggestions {
                group = group.element(Level::HELP.with_name(help).message(s.as_str()));
            }
            out.push_str(&renderer.render(&[group]));
            out.push_str("\n\n");
        }
        if profile {
            out.push_str(&profile_line(&report.path, reply.name.as_deref(), &reply.dimensions));
            out.push('\n');
        }
        write(&out);
    }
}

fn verdict_word(v: Verdict) -> &'static str {
    match v {
        Verdict::Present => "aanwezig",
        Verdict::Missing => "ontbreekt",
        Verdict::NotNeeded => "niet nodig",
    }
}

/// One line per reply with its three verdicts, in the words of the people who read it:
/// `draft.txt: profiel: empathie aanwezig · eigenaarschap ontbreekt · vervolg niet nodig`.
pub fn profile_line(path: &str, name: Option<&str>, d: &Dimensions) -> String {
    let at = super::untrusted_name(&match name {
        Some(n) => format!("{path} [{n}]"),
        None => path.to_string(),
    });
    format!(
        "{at}: profiel: empathie {} · eigenaarschap {} · vervolg {}",
        verdict_word(d.empathy),
        verdict_word(d.ownership),
        verdict_word(d.follow_up)
    )
}

/// Render an error about a file (rule file, input file), pointing into it when it can.
pub fn render_diagnostic(d: &Diagnostic, renderer: &Renderer) -> String {
    // Messages quote what was read (a key, a name, a path): none of it may reach the
    // terminal as control characters.
    let safe = super::untrusted;
    let (message, path) = (safe(&d.message), super::untrusted_name(&d.path));
    let label = d.label.as_deref().map(safe);
    let notes: Vec<String> = d.notes.iter().map(|n| safe(n)).collect();
    let title = Level::ERROR.with_name("fout").primary_title(message.as_str());
    let excerpt = match (&d.source, d.span) {
        (Some(source), Some(span)) => d.position().map(|p| {
            let (lines, rel) = excerpt(source, span);
            safe_excerpt(&source[lines.start..lines.end], rel, p.line)
        }),
        _ => None,
    };
    let mut group = match &excerpt {
        Some((text, line, rel)) => {
            let (line, rel) = (*line, *rel);
            let mut ann = AnnotationKind::Primary.span(rel.start..rel.end);
            if let Some(label) = &label {
                ann = ann.label(label.as_str());
            }
            title.element(
                Snippet::source(text.as_ref())
                    .line_start(line)
                    .path(path.as_str())
                    .annotation(ann),
            )
        }
        _ => {
            let mut g = Group::with_title(title).element(Level::NOTE.with_name("bestand").message(path.as_str()));
            if let Some(label) = &label {
                g = g.element(Level::NOTE.no_name().message(label.as_str()));
            }
            g
        }
    };
    for n in &notes {
        group = group.element(Level::NOTE.with_name("let op").message(n.as_str()));
    }
    let mut out = renderer.render(&[group]);
    out.push('\n');
    out
}

pub use crate::diagnostic::plural;

/// A severity counted: `1 fout`, `2 waarschuwingen`, `3 info`.
pub fn severities(n: usize, severity: Severity) -> String {
    match severity {
        Severity::Error => plural(n, "fout", "fouten"),
        Severity::Warning => plural(n, "waarschuwing", "waarschuwingen"),
        Severity::Info => plural(n, "info", "info"),
    }
}

/// The closing line of a run: `nabij: 4 bevindingen in 1 bestand (1 antwoord): 3
/// waarschuwingen, 1 info`.
pub fn summary_line(s: &Summary) -> String {
    let mut checked = format!(
        "{} ({})",
        plural(s.files, "bestand", "bestanden"),
        plural(s.replies, "antwoord", "antwoorden")
    );
    if s.skipped > 0 {
        checked.push_str(&format!(", {} overgeslagen", s.skipped));
    }
    let mut line = if s.findings == 0 {
        format!("nabij: geen bevindingen in {checked}")
    } else {
        let parts: Vec<String> = [
            (s.errors, Severity::Error),
            (s.warnings, Severity::Warning),
            (s.infos, Severity::Info),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, sev)| severities(n, sev))
        .collect();
        format!(
            "nabij: {} in {checked}: {}",
            plural(s.findings, "bevinding", "bevindingen"),
            parts.join(", ")
        )
    };
    if s.problems > 0 {
        line.push_str(&format!(
            "; {} met bestanden of instellingen",
            plural(s.problems, "probleem", "problemen")
        ));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_takes_whole_lines_and_skips_a_bom() {
        let src = "\u{feff}eerste regel\r\ntweede intern doorgezet\rderde";
        let at = src.find("intern").unwrap();
        let (lines, rel) = excerpt(src, Span::new(at, at + 6));
        let text = &src[lines.start..lines.end];
        assert_eq!(text, "tweede intern doorgezet");
        assert_eq!(&text[rel.start..rel.end], "intern");
        let (lines, _) = excerpt(src, Span::new(3, 9));
        assert_eq!(&src[lines.start..lines.end], "eerste regel");
    }
}
