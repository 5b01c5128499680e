//! Errors that point into a file: a broken rule file, a failing rule example, a file that
//! cannot be read. The library returns them; printers render them.

use crate::span::{LineIndex, Position, Span};
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// The file the error is about.
    pub path: String,
    /// That file's text, when the error points into it.
    pub source: Option<Arc<str>>,
    pub span: Option<Span>,
    /// What is wrong, in one line.
    pub message: String,
    /// Shown at the caret.
    pub label: Option<String>,
    /// Extra lines: what was expected, how to fix it.
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            source: None,
            span: None,
            message: message.into(),
            label: None,
            notes: Vec::new(),
        }
    }

    pub fn at(mut self, source: Arc<str>, span: Span) -> Self {
        self.source = Some(source);
        self.span = Some(span);
        self
    }

    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = message.into();
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Line and column of the error's start, when it points into its file.
    pub fn position(&self) -> Option<Position> {
        let (source, span) = (self.source.as_deref()?, self.span?);
        Some(LineIndex::new(source).position(source, span.start))
    }
}

/// Names among `candidates` that share a word (of three or more letters) with `name`:
/// the suggestions after "no rule with id" or "unknown signal".
pub fn similar<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    candidates
        .filter(|c| name.split('-').any(|part| part.len() > 2 && c.contains(part)))
        .collect()
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.position() {
            Some(p) => write!(f, "{}:{}:{}: {}", self.path, p.line, p.column, self.message)?,
            None => write!(f, "{}: {}", self.path, self.message)?,
        }
        if let Some(label) = &self.label {
            write!(f, " ({label})")?;
        }
        Ok(())
    }
}
