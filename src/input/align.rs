//! Mapping a decoded string back to the characters of the file it came from. A TOML, YAML,
//! JSON or CSV string is read with its escapes (`\n`, `\u00e9`, `""`), its quotes, its line
//! folding and its indentation; nabij checks the decoded text and must report positions in
//! the file. `align` walks the decoded text and the raw text together: a character that
//! stands as itself is mapped to itself, an escape sequence to the whole sequence, and
//! anything in the raw text that produced no character (quotes, indentation, a line
//! continuation) is stepped over.

use crate::span::Span;

/// Which escapes the raw text uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escapes {
    /// None: literal strings, plain and block YAML, CSV, Markdown.
    None,
    /// Backslash escapes (JSON, TOML basic strings, YAML double-quoted strings), including
    /// `\uXXXX` (with surrogate pairs), `\UXXXXXXXX`, `\xXX` and a backslash before a line
    /// break (a line continuation).
    Backslash,
}

/// A decoded text with, for each of its bytes, the byte range in the file that produced it.
#[derive(Debug, Clone, Default)]
pub struct Mapped {
    pub text: String,
    /// Empty for a verbatim text: its bytes stand at `offset..` in the file.
    starts: Vec<usize>,
    ends: Vec<usize>,
    offset: usize,
    /// Where the raw text ends in the file (for an empty text).
    end: usize,
}

impl Mapped {
    /// A text that stands in the file as it is, from byte `offset`.
    pub fn verbatim(text: &str, offset: usize) -> Mapped {
        Mapped {
            text: text.to_string(),
            starts: Vec::new(),
            ends: Vec::new(),
            offset,
            end: offset + text.len(),
        }
    }

    /// The file range of `text[span]`. Spans of a whole character or more map to the raw
    /// characters that produced them, escapes included.
    pub fn to_file(&self, span: Span) -> Span {
        if self.text.is_empty() {
            return Span::new(self.end, self.end);
        }
        if self.starts.is_empty() {
            return Span::new(self.offset + span.start, self.offset + span.end);
        }
        let start = self.starts.get(span.start).copied().unwrap_or(self.end);
        let end = if span.end > span.start {
            self.ends[(span.end - 1).min(self.ends.len() - 1)]
        } else {
            start
        };
        Span::new(start, end.max(start))
    }
}

/// How far ahead to look for a character before giving up and mapping it in place.
const LOOKAHEAD: usize = 64;

/// Decode one backslash escape at the start of `raw` (which begins with `\`): the character
/// it stands for (`None` for a line continuation) and its length in bytes.
fn escape(raw: &str) -> Option<(Option<char>, usize)> {
    let mut chars = raw.char_indices().skip(1);
    let (_, c) = chars.next()?;
    let hex = |n: usize| -> Option<(u32, usize)> {
        let digits = raw.get(2..2 + n)?;
        u32::from_str_radix(digits, 16).ok().map(|v| (v, 2 + n))
    };
    let simple = |ch: char| Some((Some(ch), 1 + c.len_utf8()));
    match c {
        'n' => simple('\n'),
        't' => simple('\t'),
        'r' => simple('\r'),
        'b' => simple('\u{8}'),
        'f' => simple('\u{c}'),
        'e' => simple('\u{1b}'),
        '0' => simple('\0'),
        'a' => simple('\u{7}'),
        'v' => simple('\u{b}'),
        ' ' => simple(' '),
        '_' => simple('\u{a0}'),
        'N' => simple('\u{85}'),
        'L' => simple('\u{2028}'),
        'P' => simple('\u{2029}'),
        '"' | '\\' | '/' | '\'' => simple(c),
        'x' => hex(2).map(|(v, n)| (char::from_u32(v), n)),
        'U' => hex(8).map(|(v, n)| (char::from_u32(v), n)),
        'u' => {
            let (v, n) = hex(4)?;
            if (0xD800..0xDC00).contains(&v) && raw.get(n..n + 2) == Some("\\u") {
                // A surrogate pair: \uD83D\uDE00.
                let low = u32::from_str_radix(raw.get(n + 2..n + 6)?, 16).ok()?;
                let combined = 0x10000 + ((v - 0xD800) << 10) + (low.wrapping_sub(0xDC00) & 0x3FF);
                return Some((char::from_u32(combined), n + 6));
            }
            Some((char::from_u32(v), n))
        }
        '\n' | '\r' => {
            // A line continuation: the break and the whitespace after it produce nothing.
            let rest = &raw[1..];
            let skipped = rest.len() - rest.trim_start().len();
            Some((None, 1 + skipped))
        }
        _ => None,
    }
}

/// Map `decoded` onto `raw`, which stands in the file from byte `offset`.
pub fn align(decoded: &str, raw: &str, offset: usize, escapes: Escapes) -> Mapped {
    let mut m = Mapped {
        text: decoded.to_string(),
        starts: Vec::with_capacity(decoded.len()),
        ends: Vec::with_capacity(decoded.len()),
        offset,
        end: offset + raw.len(),
    };
    let mut at = 0; // in raw
    for c in decoded.chars() {
        let (start, end) = find(c, raw, at, escapes).unwrap_or((at, at));
        at = end;
        for _ in 0..c.len_utf8() {
            m.starts.push(offset + start);
            m.ends.push(offset + end);
        }
    }
    m
}

/// Where `c` stands in `raw` from byte `from`: as itself, as an escape, or (whitespace) as
/// any whitespace. Raw text that produces nothing on the way is stepped over.
fn find(c: char, raw: &str, from: usize, escapes: Escapes) -> Option<(usize, usize)> {
    let mut at = from;
    for _ in 0..LOOKAHEAD {
        let rest = raw.get(at..)?;
        let r = rest.chars().next()?;
        if escapes == Escapes::Backslash && r == '\\' {
            match escape(rest) {
                Some((Some(e), n)) if e == c => return Some((at, at + n)),
                Some((_, n)) => {
                    at += n;
                    continue;
                }
                None => {}
            }
        }
        if r == c || (c.is_whitespace() && r.is_whitespace()) {
            return Some((at, at + r.len_utf8()));
        }
        at += r.len_utf8();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapped(decoded: &str, raw: &str, escapes: Escapes, word: &str) -> String {
        let m = align(decoded, raw, 0, escapes);
        let at = decoded.find(word).unwrap();
        let span = m.to_file(Span::new(at, at + word.len()));
        raw[span.start..span.end].to_string()
    }

    #[test]
    fn escapes_map_to_their_sequences() {
        let raw = r#""Hallo,\nwe hebben het intern doorgezet""#;
        assert_eq!(
            mapped(
                "Hallo,\nwe hebben het intern doorgezet",
                raw,
                Escapes::Backslash,
                "intern"
            ),
            "intern"
        );
        let raw = r#""caf\u00e9 intern doorgezet""#;
        assert_eq!(
            mapped("café intern doorgezet", raw, Escapes::Backslash, "café"),
            r"caf\u00e9"
        );
        let raw = r#""\ud83d\ude00 intern""#;
        assert_eq!(mapped("😀 intern", raw, Escapes::Backslash, "😀"), r"\ud83d\ude00");
        let raw = "\"\"\"\nEen \\\n    twee\"\"\"";
        assert_eq!(mapped("Een twee", raw, Escapes::Backslash, "twee"), "twee");
    }

    #[test]
    fn indentation_quotes_and_folding_are_stepped_over() {
        let raw = "|\n      Regel een\n      intern doorgezet\n";
        assert_eq!(
            mapped("Regel een\nintern doorgezet\n", raw, Escapes::None, "intern doorgezet"),
            "intern doorgezet"
        );
        let raw = ">\n  gevouwen\n  intern doorgezet\n";
        assert_eq!(
            mapped("gevouwen intern doorgezet\n", raw, Escapes::None, "gevouwen intern"),
            "gevouwen\n  intern"
        );
        let raw = "\"Hij zei \"\"hoi\"\" en is intern doorgezet\"";
        assert_eq!(
            mapped("Hij zei \"hoi\" en is intern doorgezet", raw, Escapes::None, "intern"),
            "intern"
        );
        assert_eq!(Mapped::verbatim("", 7).to_file(Span::new(0, 0)), Span::new(7, 7));
    }
}
