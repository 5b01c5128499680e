//! One small tree for the structured library formats (TOML, YAML, JSON), with the file
//! position of every value, so a finding in a template's text can be placed in the file.

use super::align::Escapes;
use crate::span::Span;

/// Deepest nesting a library file may have; deeper is refused, not recursed into.
pub const MAX_DEPTH: usize = 128;

#[derive(Debug, Clone)]
pub enum Node {
    /// A string: its value, the raw text of it in the file (quotes included) and how that
    /// raw text escapes.
    Str {
        value: String,
        raw: Span,
        escapes: Escapes,
    },
    Bool(bool, Span),
    Seq(Vec<Node>, Span),
    /// Entries with the span of their key.
    Map(Vec<(String, Span, Node)>, Span),
    /// A number, null, date, alias or anything else a template does not use.
    Other(Span),
}

impl Node {
    pub fn span(&self) -> Span {
        match self {
            Node::Str { raw, .. } => *raw,
            Node::Bool(_, s) | Node::Seq(_, s) | Node::Map(_, s) | Node::Other(s) => *s,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Map(entries, _) => entries.iter().find(|(k, _, _)| k == key).map(|(_, _, v)| v),
            _ => None,
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Node::Str { .. } => "tekst",
            Node::Bool(..) => "true of false",
            Node::Seq(..) => "een lijst",
            Node::Map(..) => "een tabel",
            Node::Other(..) => "een ander soort waarde",
        }
    }
}
