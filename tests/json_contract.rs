//! The JSON contract v1, tested by parsing real output into types declared here, apart from
//! the printer's own: a field the printer renames or drops breaks this test.

mod common;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Output {
    version: u32,
    files: Vec<File>,
    errors: Vec<Error>,
    summary: Summary,
}

#[derive(Debug, Deserialize)]
struct File {
    path: String,
    replies: Vec<Reply>,
    errors: Vec<Error>,
}

#[derive(Debug, Deserialize)]
struct Reply {
    name: Option<String>,
    span: Span,
    dimensions: Dimensions,
    signals: Vec<IncomingSignal>,
    findings: Vec<Finding>,
}

#[derive(Debug, Deserialize)]
struct IncomingSignal {
    signal: String,
    text: String,
    path: String,
    span: Span,
    start: Position,
    end: Position,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Dimensions {
    empathy: String,
    ownership: String,
    follow_up: String,
}

#[derive(Debug, Deserialize)]
struct Finding {
    rule: String,
    dimension: String,
    severity: String,
    message: String,
    why: String,
    suggestions: Vec<String>,
    span: Span,
    start: Position,
    end: Position,
    text: String,
    detail: Option<String>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Span {
    start: usize,
    end: usize,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Position {
    line: usize,
    column: usize,
}

#[derive(Debug, Deserialize)]
struct Error {
    message: String,
    path: String,
}

#[derive(Debug, Deserialize)]
struct Summary {
    files: usize,
    replies: usize,
    findings: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    problems: usize,
    fail_on: String,
    failed: bool,
}

fn run(args: &[&str], stdin: &str) -> (Output, Option<i32>) {
    let out = common::nabij(args, Some(stdin));
    let parsed =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}\n{}", String::from_utf8_lossy(&out.stdout)));
    (parsed, out.status.code())
}

#[test]
fn every_contract_field_is_present_with_positions_after_a_leading_emoji() {
    let text = "Goedemorgen!\n🙏 We hebben dit intern doorgezet.\nGroet";
    let (out, code) = run(&["check", "--format", "json", "-"], text);
    assert_eq!(code, Some(1));
    assert_eq!(out.version, 1);
    assert!(out.errors.is_empty());
    let file = &out.files[0];
    assert_eq!(file.path, "<stdin>");
    assert!(file.errors.is_empty());
    assert_eq!(file.replies.len(), 1);
    let reply = &file.replies[0];
    assert_eq!(reply.name, None);
    assert_eq!(
        reply.span,
        Span {
            start: 0,
            end: text.len()
        }
    );
    let f = reply
        .findings
        .iter()
        .find(|f| f.rule == "intern-doorgezet")
        .expect("hand-off finding");
    assert_eq!(f.dimension, "ownership");
    assert_eq!(f.severity, "warning");
    assert!(!f.message.is_empty() && !f.why.is_empty() && !f.suggestions.is_empty());
    assert_eq!(f.text, "intern doorgezet");
    assert_eq!(&text[f.span.start..f.span.end], "intern doorgezet");
    // Line 2 starts with 🙏 (one scalar value, four bytes): "intern" is character 17.
    assert_eq!(f.start, Position { line: 2, column: 17 });
    assert_eq!(f.end, Position { line: 2, column: 33 });
    assert_eq!(f.detail, None);
    assert!(reply.signals.is_empty(), "no incoming message, no signals");
    let verdicts = &reply.dimensions;
    assert_eq!(
        (
            verdicts.empathy.as_str(),
            verdicts.ownership.as_str(),
            verdicts.follow_up.as_str()
        ),
        ("not-needed", "missing", "missing")
    );
    let s = &out.summary;
    assert_eq!((s.files, s.replies, s.problems), (1, 1, 0));
    assert_eq!(s.findings, s.errors + s.warnings + s.infos);
    assert_eq!(s.findings, reply.findings.len());
    assert_eq!((s.fail_on.as_str(), s.failed), ("warning", true));
}

#[test]
fn read_and_rule_errors_appear_in_the_document() {
    let (out, code) = run(
        &[
            "check",
            "--format",
            "json",
            "--rules",
            "/nonexistent/nabij-rules",
            "-",
            "/nonexistent/draft.txt",
        ],
        "Alles goed.",
    );
    assert_eq!(code, Some(2));
    assert_eq!(out.errors.len(), 1);
    assert!(out.errors[0].message.contains("regelmap niet gevonden"));
    assert_eq!(out.errors[0].path, "/nonexistent/nabij-rules");
    assert_eq!(out.files.len(), 2);
    assert_eq!(out.files[1].path, "/nonexistent/draft.txt");
    assert!(out.files[1].errors[0].message.contains("kan bestand niet lezen"));
    assert_eq!(out.files[1].errors[0].path, "/nonexistent/draft.txt");
    assert!(out.files[0].replies[0].findings.is_empty());
    assert_eq!(out.summary.problems, 2);
}

#[test]
fn incoming_signals_carry_their_file_span_and_positions() {
    let text = "--- burger\nHoi!\n🙏 Ik weet het niet meer.\n--- antwoord\nIk bel je vandaag om 15.00 uur. ^MS\n";
    let (out, _) = run(&["check", "--format", "json", "-"], text);
    let reply = &out.files[0].replies[0];
    let s = reply
        .signals
        .iter()
        .find(|s| s.signal == "noodkreet")
        .expect("distress");
    assert_eq!(s.text, "Ik weet het niet meer");
    assert_eq!(s.path, "<stdin>");
    assert_eq!(&text[s.span.start..s.span.end], s.text);
    assert_eq!(s.start, Position { line: 3, column: 3 });
    assert_eq!(s.end, Position { line: 3, column: 24 });
    assert!(reply.span.start > 0 && text[reply.span.start..reply.span.end].starts_with("Ik bel je"));
}
