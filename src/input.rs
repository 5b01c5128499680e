//! Reading what to check. A plain text file or standard input is one reply. (Template
//! libraries with many replies per file arrive with the template-library work.)

use crate::check::{Dimensions, Finding, check_text};
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, RuleSet};
use crate::span::Span;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

/// The name a file read from standard input is shown under.
pub const STDIN_NAME: &str = "<stdin>";

/// One reply inside a checked file, with findings whose spans are bytes of the file.
#[derive(Debug, Clone)]
pub struct ReplyReport {
    /// The template's name; `None` for a file that is one reply.
    pub name: Option<String>,
    pub span: Span,
    pub findings: Vec<Finding>,
    pub dimensions: Dimensions,
}

/// Everything nabij has to say about one input file.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub path: String,
    pub source: Arc<str>,
    pub replies: Vec<ReplyReport>,
    pub errors: Vec<Diagnostic>,
}

/// Decode file contents, naming the byte where UTF-8 breaks.
pub fn decode(path: &str, bytes: Vec<u8>) -> Result<String, Box<Diagnostic>> {
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        Box::new(Diagnostic::new(
            path,
            format!("not valid UTF-8 at byte {at}; nabij reads UTF-8 text"),
        ))
    })
}

/// Read a path (or `-` for standard input) as text.
pub fn read_input(path: &Path) -> Result<(String, String), Box<Diagnostic>> {
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| Box::new(Diagnostic::new(STDIN_NAME, format!("cannot read standard input: {e}"))))?;
        return Ok((STDIN_NAME.to_string(), decode(STDIN_NAME, bytes)?));
    }
    let name = path.display().to_string();
    if path.is_dir() {
        return Err(Box::new(Diagnostic::new(
            name,
            "is a directory; give the files to check",
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| Box::new(Diagnostic::new(&name, format!("cannot read file: {e}"))))?;
    let text = decode(&name, bytes)?;
    Ok((name, text))
}

/// Check a text that is one reply.
pub fn check_source(set: &RuleSet, context: &Context, path: String, source: String) -> FileReport {
    let checked = check_text(set, &source, context);
    let span = Span::new(0, source.len());
    FileReport {
        path,
        source: Arc::from(source),
        replies: vec![ReplyReport {
            name: None,
            span,
            findings: checked.findings,
            dimensions: checked.dimensions,
        }],
        errors: Vec::new(),
    }
}

/// Read and check one path; a read error becomes the report's error.
pub fn check_path(set: &RuleSet, context: &Context, path: &Path) -> FileReport {
    match read_input(path) {
        Ok((name, text)) => check_source(set, context, name, text),
        Err(d) => FileReport {
            path: d.path.clone(),
            source: Arc::from(""),
            replies: Vec::new(),
            errors: vec![*d],
        },
    }
}
