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

/// A count with its noun: `1 bevinding`, `2 bevindingen`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// An operating-system error in Dutch: the common kinds in words, any other as the system
/// says it.
pub fn io(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "bestaat niet".to_string(),
        K::PermissionDenied => "geen toegang".to_string(),
        K::AlreadyExists => "bestaat al".to_string(),
        K::IsADirectory => "is een map".to_string(),
        K::NotADirectory => "een deel van het pad is geen map".to_string(),
        K::InvalidData => format!("ongeldige inhoud ({e})"),
        _ => e.to_string(),
    }
}

/// A message of serde or the TOML reader in Dutch, for the mistakes people make in a
/// settings or rule file: an unknown key or value, a missing key, a wrong type. Other
/// messages (syntax) keep the parser's words.
pub fn dutch(message: &str) -> String {
    let rewrites: [(&str, &str); 15] = [
        ("unknown field ", "onbekende sleutel "),
        ("unknown variant ", "onbekende waarde "),
        (", expected one of ", "; verwacht een van "),
        (", expected ", "; verwacht "),
        (", there are no fields", "; hier horen geen sleutels"),
        ("missing field ", "ontbrekende sleutel "),
        ("duplicate key", "dubbele sleutel"),
        ("invalid type: ", "verkeerd type: "),
        ("invalid value: ", "ongeldige waarde: "),
        ("verwacht a boolean", "verwacht true of false"),
        ("verwacht a string", "verwacht tekst"),
        ("verwacht a sequence", "verwacht een lijst"),
        ("verwacht an integer", "verwacht een geheel getal"),
        ("type: string ", "type: tekst "),
        ("type: sequence", "type: lijst"),
    ];
    let mut out = message.to_string();
    for (en, nl) in rewrites {
        out = out.replace(en, nl);
    }
    out
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

#[cfg(test)]
mod dutch_tests {
    #[test]
    fn serde_messages_read_in_dutch() {
        assert_eq!(
            super::dutch("unknown field `kleur`, expected one of `voice`, `platform`"),
            "onbekende sleutel `kleur`; verwacht een van `voice`, `platform`"
        );
        assert_eq!(
            super::dutch("invalid type: string \"ja\", expected a boolean"),
            "verkeerd type: tekst \"ja\"; verwacht true of false"
        );
        let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(super::io(&missing), "bestaat niet");
    }
}
