//! The Language Server Protocol form of a check (`nabij lsp`): a file's findings as LSP
//! diagnostics with ranges in UTF-16 code units, the profile of each reply as an
//! information diagnostic, the `explain` text of a finding as a hover, and the code actions
//! for a finding (its safe fix; a suppression with a reason to fill in). Pure: the server in
//! the binary does the reading and writing.

use crate::input::library::Format;
use crate::lint::{FileReport, ReplyReport};
use crate::rules::{RuleSet, Severity};
use crate::span::Span;
use lsp_types::{
    CodeAction, CodeActionKind, Diagnostic, DiagnosticSeverity, NumberOrString, Position, Range, TextEdit, Uri,
    WorkspaceEdit,
};
use std::collections::HashMap;

/// The LSP range of bytes `span` of the report's file.
pub fn range(report: &FileReport, span: Span) -> Range {
    let at = |offset: usize| {
        let (line, character) = report.lines.utf16(&report.source, offset);
        Position { line, character }
    };
    Range {
        start: at(span.start),
        end: at(span.end),
    }
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// The source of a diagnostic: nabij, with the template it is in.
fn source(reply: &ReplyReport) -> String {
    match &reply.name {
        Some(name) => format!("nabij [{}]", super::untrusted_name(name)),
        None => "nabij".to_string(),
    }
}

/// Every diagnostic of a checked file: its errors, each finding (rule id as the code), and
/// each reply's profile as information on the reply's first line.
pub fn diagnostics(report: &FileReport, set: &RuleSet) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for e in &report.errors {
        let span = e.span.unwrap_or(Span::new(0, 0));
        let mut message = e.message.clone();
        if let Some(label) = &e.label {
            message.push_str(&format!(" ({label})"));
        }
        out.push(Diagnostic {
            range: range(report, span),
            severity: Some(DiagnosticSeverity::ERROR),
            source: Some("nabij".into()),
            message: super::untrusted(&message),
            ..Diagnostic::default()
        });
    }
    for reply in &report.replies {
        for f in &reply.findings {
            let rule = &set.rules()[f.rule];
            let mut message = rule.message.clone();
            if let Some(d) = &f.detail {
                message.push_str(&format!(" ({d})"));
            }
            if !f.related.is_empty() {
                let ids: Vec<&str> = f.related.iter().map(|&(i, _)| set.rules()[i].id.as_str()).collect();
                message.push_str(&format!(" (ook: {})", ids.join(", ")));
            }
            out.push(Diagnostic {
                range: range(report, f.span),
                severity: Some(severity(f.severity)),
                code: Some(NumberOrString::String(rule.id.clone())),
                source: Some(source(reply)),
                message: super::untrusted(&message),
                data: Some(serde_json::json!({"start": f.span.start, "end": f.span.end, "fix": f.fix})),
                ..Diagnostic::default()
            });
        }
        // The profile, on the reply's first line.
        let start = reply.span.start.min(report.source.len());
        let line_end = report.source[start..]
            .find(['\n', '\r'])
            .map_or(report.source.len(), |i| start + i);
        let profile = super::human::profile_line("", None, &reply.dimensions);
        out.push(Diagnostic {
            range: range(report, Span::new(start, line_end)),
            severity: Some(DiagnosticSeverity::INFORMATION),
            source: Some(source(reply)),
            message: profile.trim_start_matches(": ").to_string(),
            ..Diagnostic::default()
        });
    }
    out
}

/// The findings at byte `offset`, each with its reply.
fn at_offset(report: &FileReport, offset: usize) -> impl Iterator<Item = (&ReplyReport, &crate::check::Finding)> {
    report.replies.iter().flat_map(move |r| {
        r.findings
            .iter()
            .filter(move |f| f.span.start <= offset && offset <= f.span.end)
            .map(move |f| (r, f))
    })
}

/// The hover at byte `offset`: for each finding there, its rule's message, why and
/// suggestions (in the reply's u or je), as Markdown.
pub fn hover(report: &FileReport, set: &RuleSet, offset: usize) -> Option<String> {
    let parts: Vec<String> = at_offset(report, offset)
        .map(|(reply, f)| {
            let rule = &set.rules()[f.rule];
            let mut s = format!(
                "**{}** `{}`\n\n{}\n",
                rule.message,
                rule.id,
                super::wrap(&rule.why, usize::MAX)
            );
            if let Some(fix) = &f.fix {
                s.push_str(&format!("\n**Fix:** vervang door \"{fix}\"\n"));
            }
            s.push_str("\n**Beter:**\n");
            for sug in super::suggestions(rule, reply.formal) {
                s.push_str(&format!("- {sug}\n"));
            }
            for &(i, sev) in &f.related {
                let other = &set.rules()[i];
                s.push_str(&format!("\nOok {}: {} `{}`\n", sev.dutch(), other.message, other.id));
            }
            super::untrusted(&s)
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join("\n---\n\n"))
}

/// The code actions for the findings in bytes `span`: each safe fix as a quick fix, and
/// "negeer hier met reden" (a suppression comment before the paragraph of a text, an `allow`
/// entry in a library template that has none yet) with `reden` to fill in.
pub fn code_actions(report: &FileReport, set: &RuleSet, uri: &Uri, span: Span) -> Vec<CodeAction> {
    let mut out = Vec::new();
    let edit = |edits: Vec<TextEdit>| WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    };
    for reply in &report.replies {
        for f in reply
            .findings
            .iter()
            .filter(|f| f.span.overlaps(span) || f.span.start == span.start)
        {
            let rule = &set.rules()[f.rule];
            if let Some(fix) = &f.fix {
                out.push(CodeAction {
                    title: format!("Vervang door \"{fix}\" ({})", rule.id),
                    kind: Some(CodeActionKind::QUICKFIX),
                    edit: Some(edit(vec![TextEdit {
                        range: range(report, f.span),
                        new_text: fix.clone(),
                    }])),
                    is_preferred: Some(true),
                    ..CodeAction::default()
                });
            }
            if let Some(e) = suppression(report, reply, &rule.id, f.span) {
                out.push(CodeAction {
                    title: format!("Negeer {} hier, met reden", rule.id),
                    kind: Some(CodeActionKind::QUICKFIX),
                    edit: Some(edit(vec![e])),
                    ..CodeAction::default()
                });
            }
        }
    }
    out
}

/// The edit that allows `rule` for this finding, with a reason to fill in: a comment line
/// before the finding's paragraph in a text or Markdown file, an `allow` key in a library
/// entry that has none. `None` where nabij cannot place one safely (a CSV row, an entry
/// that has an `allow` already: add the rule there by hand).
fn suppression(report: &FileReport, reply: &ReplyReport, rule: &str, at: Span) -> Option<TextEdit> {
    let source: &str = &report.source;
    let insert = |offset: usize, text: String| {
        let r = range(report, Span::new(offset, offset));
        TextEdit {
            range: r,
            new_text: text,
        }
    };
    let entry = &source[reply.span.start.min(source.len())..reply.span.end.min(source.len())];
    match Format::of(&report.path) {
        Format::Text | Format::Markdown => {
            // The start of the paragraph: after the last blank line before the finding.
            let before = &source[..at.start];
            let start = before.rfind("\n\n").map_or(0, |i| i + 2);
            Some(insert(start, format!("<!-- nabij-allow {rule}: reden -->\n")))
        }
        Format::Toml => {
            // The entry's table: from its `[[templates]]` header to the next header. The key
            // goes on the line after the header, unless the table has an `allow` already.
            let from = reply.span.start.min(source.len());
            if !source[from..].starts_with("[[") {
                return None; // an inline table: add the key by hand
            }
            let table_end = source[from + 1..].find("\n[").map_or(source.len(), |i| from + 1 + i);
            let table = &source[from..table_end];
            if table.lines().any(|l| l.trim_start().starts_with("allow")) {
                return None;
            }
            let line_end = from + table.find('\n')? + 1;
            Some(insert(line_end, format!("allow = [\"{rule}: reden\"]\n")))
        }
        Format::Yaml if !entry.contains("allow") => {
            // Before the entry's first key, at that key's indentation.
            let first = entry.trim_start_matches(['-', ' ']);
            let key_at = reply.span.start + (entry.len() - first.len());
            let line_start = source[..key_at].rfind('\n').map_or(0, |i| i + 1);
            let indent = " ".repeat(key_at - line_start);
            Some(insert(key_at, format!("allow: [\"{rule}: reden\"]\n{indent}")))
        }
        Format::Json if !entry.contains("\"allow\"") => {
            let brace = reply.span.start + entry.find('{')? + 1;
            Some(insert(brace, format!("\"allow\": [\"{rule}: reden\"], ")))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{CheckOptions, check_source};

    /// Apply the "negeer hier met reden" action to the first finding of `rule` and check again.
    fn suppressed(path: &str, text: &str, rule: &str) -> (String, bool) {
        let (set, errors) = crate::check::load(&crate::rules::LoadOptions::default());
        assert!(errors.is_empty());
        let options = CheckOptions::default();
        let report = check_source(&set, &options, path.to_string(), text.to_string());
        let found = |r: &FileReport| {
            r.replies
                .iter()
                .flat_map(|x| &x.findings)
                .find(|f| set.rules()[f.rule].id == rule)
                .map(|f| f.span)
        };
        let span = found(&report).unwrap_or_else(|| panic!("{rule} in {text}"));
        let uri: Uri = "file:///t".parse().unwrap();
        let action = code_actions(&report, &set, &uri, span)
            .into_iter()
            .find(|a| a.title.starts_with("Negeer"))
            .unwrap_or_else(|| panic!("no suppression for {path}"));
        let edit = &action.edit.unwrap().changes.unwrap()[&uri][0];
        let at = report
            .lines
            .offset_of_utf16(text, edit.range.start.line, edit.range.start.character);
        let mut edited = text.to_string();
        edited.insert_str(at, &edit.new_text);
        let again = check_source(&set, &options, path.to_string(), edited.clone());
        assert!(again.errors.is_empty(), "{edited}: {:?}", again.errors);
        (edited, found(&again).is_some())
    }

    #[test]
    fn the_suppression_action_lands_in_every_format_and_silences_the_finding() {
        let cases = [
            ("a.txt", "Hallo,\n\nWij begrijpen uw frustratie. Ik bel u morgen. ^MS\n"),
            (
                "a.md",
                "## Doorgezet\n\nWij begrijpen uw frustratie. Ik bel u morgen. ^MS\n",
            ),
            (
                "a.toml",
                "[[templates]]\nname = \"a\"\ntext = \"Wij begrijpen uw frustratie. Ik bel u morgen. ^MS\"\n",
            ),
            (
                "a.yaml",
                "templates:\n  - name: a\n    text: Wij begrijpen uw frustratie. Ik bel u morgen. ^MS\n",
            ),
            (
                "a.json",
                "{\"templates\": [{\"name\": \"a\", \"text\": \"Wij begrijpen uw frustratie. Ik bel u morgen. ^MS\"}]}\n",
            ),
        ];
        for (path, text) in cases {
            let (edited, still) = suppressed(path, text, "wij-begrijpen-uw-frustratie");
            assert!(!still, "{path}: still found after\n{edited}");
            assert!(edited.contains("wij-begrijpen-uw-frustratie: reden"), "{edited}");
        }
    }

    #[test]
    fn ranges_count_utf16_code_units() {
        let (set, _) = crate::check::load(&crate::rules::LoadOptions::default());
        let text = "👨‍👩‍👧 Wij zijn thans bezig.\n";
        let report = check_source(&set, &CheckOptions::default(), "a.txt".into(), text.into());
        let d = diagnostics(&report, &set);
        let thans = d
            .iter()
            .find(|d| d.code == Some(NumberOrString::String("ambtelijk-woord".into())))
            .unwrap();
        // The family is 8 code units (three emoji of two, two joiners of one), then a space.
        assert_eq!(thans.range.start, Position { line: 0, character: 18 });
        assert_eq!(thans.range.end, Position { line: 0, character: 23 });
    }
}
