//! A small JSON reader that keeps the position of every value (serde_json does not), for
//! template libraries. Strict JSON; nesting deeper than `MAX_DEPTH` is an error.

use super::align::Escapes;
use super::tree::{MAX_DEPTH, Node};
use crate::span::Span;

pub struct Error {
    pub at: usize,
    pub message: String,
}

struct Reader<'a> {
    s: &'a str,
    at: usize,
}

impl Reader<'_> {
    fn err<T>(&self, message: impl Into<String>) -> Result<T, Error> {
        Err(Error {
            at: self.at,
            message: message.into(),
        })
    }

    fn ws(&mut self) {
        let rest = &self.s[self.at..];
        self.at += rest.len() - rest.trim_start_matches([' ', '\t', '\n', '\r']).len();
    }

    fn peek(&self) -> Option<u8> {
        self.s.as_bytes().get(self.at).copied()
    }

    fn value(&mut self, depth: usize) -> Result<Node, Error> {
        if depth > MAX_DEPTH {
            return self.err(format!("dieper genest dan {MAX_DEPTH} niveaus"));
        }
        self.ws();
        let start = self.at;
        match self.peek() {
            Some(b'{') => {
                self.at += 1;
                let mut entries = Vec::new();
                // A duplicate key is an error: JSON.parse keeps the last value and nabij
                // would check the first, so a reply could hide.
                let mut keys: rustc_hash::FxHashSet<String> = rustc_hash::FxHashSet::default();
                self.ws();
                if self.peek() == Some(b'}') {
                    self.at += 1;
                    return Ok(Node::Map(entries, Span::new(start, self.at)));
                }
                loop {
                    self.ws();
                    let key_start = self.at;
                    let Node::Str { value: key, .. } = self.string()? else {
                        unreachable!("string() returns strings")
                    };
                    let key_span = Span::new(key_start, self.at);
                    if !keys.insert(key.clone()) {
                        return Err(Error {
                            at: key_start,
                            message: format!("dubbele sleutel `{key}`"),
                        });
                    }
                    self.ws();
                    if self.peek() != Some(b':') {
                        return self.err("verwacht `:` na een sleutel");
                    }
                    self.at += 1;
                    let v = self.value(depth + 1)?;
                    entries.push((key, key_span, v));
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.at += 1,
                        Some(b'}') => {
                            self.at += 1;
                            return Ok(Node::Map(entries, Span::new(start, self.at)));
                        }
                        _ => return self.err("verwacht `,` of `}`"),
                    }
                }
            }
            Some(b'[') => {
                self.at += 1;
                let mut items = Vec::new();
                self.ws();
                if self.peek() == Some(b']') {
                    self.at += 1;
                    return Ok(Node::Seq(items, Span::new(start, self.at)));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.at += 1,
                        Some(b']') => {
                            self.at += 1;
                            return Ok(Node::Seq(items, Span::new(start, self.at)));
                        }
                        _ => return self.err("verwacht `,` of `]`"),
                    }
                }
            }
            Some(b'"') => self.string(),
            Some(b't') if self.s[self.at..].starts_with("true") => {
                self.at += 4;
                Ok(Node::Bool(true, Span::new(start, self.at)))
            }
            Some(b'f') if self.s[self.at..].starts_with("false") => {
                self.at += 5;
                Ok(Node::Bool(false, Span::new(start, self.at)))
            }
            Some(b'n') if self.s[self.at..].starts_with("null") => {
                self.at += 4;
                Ok(Node::Other(Span::new(start, self.at)))
            }
            Some(b'-' | b'0'..=b'9') => {
                let rest = &self.s[self.at..];
                let len = rest
                    .find(|c: char| !(c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E')))
                    .unwrap_or(rest.len());
                self.at += len;
                Ok(Node::Other(Span::new(start, self.at)))
            }
            Some(_) => self.err("verwacht een waarde"),
            None => self.err("onverwacht einde van het bestand"),
        }
    }

    fn string(&mut self) -> Result<Node, Error> {
        let start = self.at;
        if self.peek() != Some(b'"') {
            return self.err("verwacht een tekenreeks");
        }
        self.at += 1;
        let mut value = String::new();
        loop {
            let rest = &self.s[self.at..];
            let Some(c) = rest.chars().next() else {
                return self.err("tekenreeks zonder sluitend `\"`");
            };
            match c {
                '"' => {
                    self.at += 1;
                    break;
                }
                '\\' => {
                    let e = rest.as_bytes().get(1).copied();
                    let simple = match e {
                        Some(b'"') => Some('"'),
                        Some(b'\\') => Some('\\'),
                        Some(b'/') => Some('/'),
                        Some(b'b') => Some('\u{8}'),
                        Some(b'f') => Some('\u{c}'),
                        Some(b'n') => Some('\n'),
                        Some(b'r') => Some('\r'),
                        Some(b't') => Some('\t'),
                        _ => None,
                    };
                    if let Some(ch) = simple {
                        value.push(ch);
                        self.at += 2;
                        continue;
                    }
                    if e != Some(b'u') {
                        return self.err("ongeldige escape");
                    }
                    let hex = |at: usize| rest.get(at..at + 4).and_then(|h| u32::from_str_radix(h, 16).ok());
                    let Some(high) = hex(2) else {
                        return self.err("ongeldige \\u-escape");
                    };
                    let (code, len) = if (0xD800..0xDC00).contains(&high) && rest.get(6..8) == Some("\\u") {
                        match hex(8) {
                            Some(low) if (0xDC00..0xE000).contains(&low) => {
                                (0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00), 12)
                            }
                            _ => (0xFFFD, 6),
                        }
                    } else {
                        (high, 6)
                    };
                    value.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                    self.at += len;
                }
                c if (c as u32) < 0x20 => return self.err("stuurteken in een tekenreeks"),
                c => {
                    value.push(c);
                    self.at += c.len_utf8();
                }
            }
        }
        Ok(Node::Str {
            value,
            raw: Span::new(start, self.at),
            escapes: Escapes::Backslash,
        })
    }
}

/// Parse a JSON document.
pub fn parse(source: &str) -> Result<Node, Error> {
    let mut r = Reader { s: source, at: 0 };
    if source.starts_with('\u{feff}') {
        r.at = 3;
    }
    let v = r.value(0)?;
    r.ws();
    if r.at < source.len() {
        return r.err("onverwachte tekst na de JSON-waarde");
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_keep_their_positions_and_escapes_decode() {
        let src = r#"{"templates": [{"name": "a", "text": "Hallo,\nwij \u00e9\ud83d\ude00"}]}"#;
        let v = parse(src).ok().unwrap();
        let t = &v.get("templates").unwrap();
        let Node::Seq(items, _) = t else { panic!() };
        let Some(Node::Str { value, raw, .. }) = items[0].get("text") else {
            panic!()
        };
        assert_eq!(value, "Hallo,\nwij é😀");
        assert!(src[raw.start..raw.end].starts_with("\"Hallo,\\n"));
    }

    #[test]
    fn errors_name_the_byte_and_deep_nesting_is_refused() {
        let e = parse("{\"a\": [1, 2,]}").err().unwrap();
        assert_eq!(e.at, 12);
        let deep = "[".repeat(10_000);
        assert!(parse(&deep).err().unwrap().message.contains("dieper genest"));
        assert!(parse("\"abc").is_err());
        assert!(parse("{} x").is_err());
    }
}
