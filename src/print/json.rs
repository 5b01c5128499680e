//! The JSON contract, version 1. `nabij check --format json` prints one document:
//!
//! ```json
//! {
//!   "version": 1,
//!   "files": [{
//!     "path": "draft.txt",
//!     "replies": [{
//!       "name": null,                        // template name; null for a file that is one reply
//!       "span": {"start": 0, "end": 120},    // bytes of the file
//!       "dimensions": {                      // "present", "missing" or "not-needed"
//!         "empathy": "present", "ownership": "missing", "follow_up": "not-needed"
//!       },
//!       "signals": [{                        // what the citizen's message shows ([] without one)
//!         "signal": "noodkreet", "text": "ik weet het echt niet meer",
//!         "path": "message.txt",             // the file the message is in
//!         "span": {"start": 12, "end": 38},  // bytes of that file
//!         "start": {"line": 1, "column": 13}, "end": {"line": 1, "column": 39}
//!       }],
//!       "findings": [{
//!         "rule": "intern-doorgezet", "dimension": "ownership", "severity": "warning",
//!         "message": "...", "why": "...",
//!         "suggestions": ["..."],            // better phrasings, in the reply's u or je
//!         "span": {"start": 14, "end": 30},  // bytes of the file, end exclusive
//!         "start": {"line": 1, "column": 15},// 1-based; columns count Unicode scalar values
//!         "end": {"line": 1, "column": 31},  // the position just after the last character
//!         "text": "intern doorgezet",        // the exact words marked
//!         "detail": null,                    // or what exactly is wrong: "ontbreekt: ..."
//!         "fix": null,                       // or a replacement safe to apply without judgement:
//!                                            // {"span": {"start": 14, "end": 30}, "replacement": "nu"}
//!         "related": [                       // other rules that mark the same words, folded into
//!           {"rule": "geen-vervolg", "severity": "warning"}   // this finding
//!         ]
//!       }]
//!     }],
//!     "errors": [{"message": "...", "path": "...", "line": 3, "column": 1, "label": "..."}],
//!     "skipped": null                        // or why the file was not checked: "binair bestand"
//!   }],
//!   "errors": [...],                         // rule and config errors, same shape
//!   "summary": {"files": 1, "skipped": 0, "replies": 1, "findings": 1, "errors": 0,
//!               "warnings": 1, "infos": 0, "problems": 0, "fail_on": "warning", "failed": true}
//! }
//! ```
//! Fields may be added in later versions; none of these is removed or renamed.

use super::Summary;
use crate::check::Dimensions;
use crate::diagnostic::Diagnostic;
use crate::lint::FileReport;
use crate::rules::{RuleSet, Severity};
use crate::span::{Position, Span};
use serde::Serialize;

pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    files: Vec<File<'a>>,
    errors: Vec<Error<'a>>,
    summary: JsonSummary,
}

#[derive(Serialize)]
struct JsonSummary {
    #[serde(flatten)]
    counts: Summary,
    fail_on: Severity,
    failed: bool,
}

#[derive(Serialize)]
struct File<'a> {
    path: &'a str,
    replies: Vec<Reply<'a>>,
    errors: Vec<Error<'a>>,
    skipped: Option<&'a str>,
}

#[derive(Serialize)]
struct Reply<'a> {
    name: Option<&'a str>,
    span: Span,
    dimensions: Dimensions,
    signals: Vec<IncomingSignal<'a>>,
    findings: Vec<Finding<'a>>,
}

#[derive(Serialize)]
struct IncomingSignal<'a> {
    signal: &'a str,
    text: &'a str,
    path: &'a str,
    span: Span,
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct Finding<'a> {
    rule: &'a str,
    dimension: &'a str,
    severity: Severity,
    message: &'a str,
    why: &'a str,
    suggestions: Vec<String>,
    span: Span,
    start: Position,
    end: Position,
    text: std::borrow::Cow<'a, str>,
    detail: Option<&'a str>,
    fix: Option<Fix<'a>>,
    related: Vec<Related<'a>>,
}

/// Another rule that marks the same words.
#[derive(Serialize)]
struct Related<'a> {
    rule: &'a str,
    severity: Severity,
}

/// A replacement safe to apply without judgement: `span` (bytes of the file) becomes
/// `replacement`.
#[derive(Serialize)]
struct Fix<'a> {
    span: Span,
    replacement: &'a str,
}

#[derive(Serialize)]
struct Error<'a> {
    message: &'a str,
    path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<&'a str>,
}

fn error(d: &Diagnostic) -> Error<'_> {
    let pos = d.position();
    Error {
        message: &d.message,
        path: &d.path,
        line: pos.map(|p| p.line),
        column: pos.map(|p| p.column),
        label: d.label.as_deref(),
    }
}

fn finding<'a>(set: &'a RuleSet, f: &'a crate::check::Finding, file: &'a FileReport, formal: bool) -> Finding<'a> {
    let rule = &set.rules()[f.rule];
    Finding {
        rule: &rule.id,
        dimension: rule.dimension.as_str(),
        severity: f.severity,
        message: &rule.message,
        why: &rule.why,
        suggestions: super::suggestions(rule, formal),
        span: f.span,
        start: file.position(f.span.start),
        end: file.position(f.span.end),
        text: file.text(f.span),
        detail: f.detail.as_deref(),
        fix: f.fix.as_deref().map(|replacement| Fix {
            span: f.span,
            replacement,
        }),
        related: (f.related.iter())
            .map(|&(i, severity)| Related {
                rule: &set.rules()[i].id,
                severity,
            })
            .collect(),
    }
}

fn reply<'a>(r: &'a crate::lint::ReplyReport, f: &'a FileReport, set: &'a RuleSet) -> Reply<'a> {
    Reply {
        name: r.name.as_deref(),
        span: r.span,
        dimensions: r.dimensions,
        signals: r
            .incoming
            .iter()
            .map(|h| IncomingSignal {
                signal: &set.signals()[h.signal].id,
                text: &h.source[h.span.start..h.span.end],
                path: &h.path,
                span: h.span,
                start: h.start,
                end: h.end,
            })
            .collect(),
        findings: r.findings.iter().map(|x| finding(set, x, f, r.formal)).collect(),
    }
}

pub(super) fn pretty<T: Serialize>(value: &T) -> String {
    super::json_text(serde_json::to_string_pretty(value).expect("serialising plain data cannot fail"))
}

/// Every line of `text` indented by `by` spaces: a value printed on its own, as it stands
/// nested `by / 2` levels deep in the document (serde_json indents by two spaces a level,
/// and a JSON string holds no line break).
pub(super) fn indented(text: &str, by: usize) -> String {
    let pad = " ".repeat(by);
    text.split('\n')
        .map(|l| format!("{pad}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `value` printed with its array `key` left empty, split where the array's items go: the
/// text up to and including its `[`, and from its `]` on.
pub(super) fn around<T: Serialize>(value: &T, key: &str, by: usize) -> (String, String) {
    let text = indented(&pretty(value), by);
    let marker = format!("\"{key}\": []");
    let at = text.find(&marker).expect("the empty array is printed") + marker.len() - 1;
    (text[..at].to_string(), text[at..].to_string())
}

fn document(problems: &[Diagnostic], counts: Summary, fail_on: Severity) -> Output<'_> {
    Output {
        version: VERSION,
        files: Vec::new(),
        errors: problems.iter().map(error).collect(),
        summary: JsonSummary {
            counts,
            fail_on,
            failed: counts.fails_at(fail_on),
        },
    }
}

/// The document's opening, up to the `[` of its files.
pub fn start() -> String {
    around(&document(&[], Summary::default(), Severity::Warning), "files", 0).0
}

/// One file, or one part of a large one, as it continues the document: the file's opening
/// with its first part, its replies, and its closing with its last part. `write` gets it
/// in pieces, a reply at a time.
pub fn part(p: &crate::lint::Part<'_>, set: &RuleSet, write: &mut dyn FnMut(&str)) {
    let f = p.file;
    let file = File {
        path: &f.path,
        replies: Vec::new(),
        errors: f.errors.iter().map(error).collect(),
        skipped: f.skipped.as_deref(),
    };
    // The file's opening and closing, printed once, for its first and last part only.
    let (open, close) = if p.first || p.last {
        around(&file, "replies", 4)
    } else {
        Default::default()
    };
    if p.first {
        write(if p.index > 0 { ",\n" } else { "\n" });
        write(&open);
    }
    for (k, r) in f.replies.iter().enumerate() {
        write(if p.replies_before + k > 0 { ",\n" } else { "\n" });
        write(&indented(&pretty(&reply(r, f, set)), 8));
    }
    if p.last {
        if p.replies_before + f.replies.len() > 0 {
            write("\n      ");
        }
        write(&close);
    }
}

/// The document's closing: the run's problems and its summary (`files`: how many files it
/// had).
pub fn end(problems: &[Diagnostic], counts: Summary, fail_on: Severity, files: usize) -> String {
    let (_, close) = around(&document(problems, counts, fail_on), "files", 0);
    if files > 0 { format!("\n  {close}") } else { close }
}

/// The whole run as one JSON document.
pub fn render(files: &[FileReport], problems: &[Diagnostic], set: &RuleSet, fail_on: Severity) -> String {
    let mut out = start();
    for (index, file) in files.iter().enumerate() {
        let whole = crate::lint::Part {
            file,
            index,
            first: true,
            last: true,
            replies_before: 0,
        };
        part(&whole, set, &mut |s| out.push_str(s));
    }
    out.push_str(&end(problems, Summary::of(files, problems.len()), fail_on, files.len()));
    out
}
