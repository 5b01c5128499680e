//! Folding: one pass over the original text that produces the text rules match against,
//! plus a map from every folded byte back to the original.
//!
//! Folding lowercases (full Unicode), drops diacritics ("één" → "een", also when the accent
//! is a separate combining mark), unifies apostrophes and quotes, turns every run of
//! whitespace into one space (or one `\n` when the run holds a blank line, which ends a
//! sentence) and drops zero-width characters, soft hyphens and a byte-order mark.

use crate::span::Span;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

#[derive(Debug, Clone)]
pub struct Folded {
    /// The folded text.
    pub text: String,
    /// For every byte of `text`, the offset in the original of the char it came from.
    map: Vec<u32>,
    /// For every byte of `text`, the end offset in the original of the char it came from
    /// (including combining marks that were folded away after it).
    map_end: Vec<u32>,
}

/// Characters that vanish from the folded text entirely.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{00ad}' | '\u{180e}'
    )
}

fn fold_punct(c: char) -> Option<char> {
    match c {
        '\u{2019}' | '\u{2018}' | '\u{201b}' | '\u{02bc}' | '\u{00b4}' | '`' | '\u{2032}' => Some('\''),
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{00ab}' | '\u{00bb}' | '\u{2033}' => Some('"'),
        _ => None,
    }
}

impl Folded {
    pub fn new(original: &str) -> Folded {
        let mut text = String::with_capacity(original.len());
        let mut map: Vec<u32> = Vec::with_capacity(original.len());
        let mut map_end: Vec<u32> = Vec::with_capacity(original.len());
        // Whitespace run being collapsed: (start offset, newline count).
        let mut ws: Option<(usize, u32, usize)> = None;
        let mut chars = original.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            let end = at + c.len_utf8();
            if c.is_whitespace() {
                let lf = u32::from(c == '\n' || (c == '\r' && chars.peek().map(|p| p.1) != Some('\n')));
                ws = Some(match ws {
                    Some((s, n, _)) => (s, n + lf, end),
                    None => (at, lf, end),
                });
                continue;
            }
            if is_invisible(c) {
                continue;
            }
            if let Some((s, n, e)) = ws.take() {
                let sep = if n >= 2 { '\n' } else { ' ' };
                push(&mut text, &mut map, &mut map_end, sep, s, e);
            }
            if is_combining_mark(c) {
                // A combining mark belongs to the char before it: widen that char's span.
                if let Some(last) = map_end.last().copied() {
                    let from = map.last().copied().unwrap_or(0);
                    for (m, me) in map.iter().zip(map_end.iter_mut()).rev() {
                        if *m != from || *me != last {
                            break;
                        }
                        *me = end as u32;
                    }
                }
                continue;
            }
            if let Some(p) = fold_punct(c) {
                push(&mut text, &mut map, &mut map_end, p, at, end);
                continue;
            }
            if c.is_ascii() {
                push(&mut text, &mut map, &mut map_end, c.to_ascii_lowercase(), at, end);
                continue;
            }
            for lower in c.to_lowercase() {
                decompose_canonical(lower, |d| {
                    if !is_combining_mark(d) {
                        push(&mut text, &mut map, &mut map_end, d, at, end);
                    }
                });
            }
        }
        if let Some((s, n, e)) = ws.take() {
            let sep = if n >= 2 { '\n' } else { ' ' };
            push(&mut text, &mut map, &mut map_end, sep, s, e);
        }
        Folded { text, map, map_end }
    }

    /// The original span of the folded byte range `[start, end)`.
    pub fn original(&self, start: usize, end: usize) -> Span {
        if start >= end || start >= self.map.len() {
            let at = self
                .map
                .get(start)
                .copied()
                .unwrap_or_else(|| self.map_end.last().copied().unwrap_or(0));
            return Span::new(at as usize, at as usize);
        }
        Span::new(self.map[start] as usize, self.map_end[end - 1] as usize)
    }

    /// The folded byte range that covers the original range `[start, end)`, if any of it
    /// survived folding.
    pub fn folded_range(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let first = self.map.iter().position(|&o| o as usize >= start)?;
        let last = self.map.iter().rposition(|&o| (o as usize) < end)?;
        (first <= last).then(|| (first, last + 1))
    }
}

fn push(text: &mut String, map: &mut Vec<u32>, map_end: &mut Vec<u32>, c: char, at: usize, end: usize) {
    text.push(c);
    for _ in 0..c.len_utf8() {
        map.push(at as u32);
        map_end.push(end as u32);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn back<'a>(orig: &'a str, f: &Folded, needle: &str) -> &'a str {
        let at = f.text.find(needle).expect("needle in folded text");
        let s = f.original(at, at + needle.len());
        &orig[s.start..s.end]
    }

    #[test]
    fn lowercases_strips_diacritics_and_maps_back() {
        let orig = "Wij hebben u GEÏNFORMEERD over één ding";
        let f = Folded::new(orig);
        assert_eq!(f.text, "wij hebben u geinformeerd over een ding");
        assert_eq!(back(orig, &f, "geinformeerd"), "GEÏNFORMEERD");
        assert_eq!(back(orig, &f, "een"), "één");
    }

    #[test]
    fn combining_accents_fold_and_stay_inside_the_span() {
        let orig = "e\u{301}e\u{301}n keer";
        let f = Folded::new(orig);
        assert_eq!(f.text, "een keer");
        assert_eq!(back(orig, &f, "een"), "e\u{301}e\u{301}n");
    }

    #[test]
    fn whitespace_runs_collapse_and_blank_lines_become_newline() {
        let orig = "intern\r\n  doorgezet\u{a0}nu\n\nGroet";
        let f = Folded::new(orig);
        assert_eq!(f.text, "intern doorgezet nu\ngroet");
        assert_eq!(back(orig, &f, "intern doorgezet"), "intern\r\n  doorgezet");
    }

    #[test]
    fn apostrophes_quotes_and_invisible_chars() {
        let orig = "\u{feff}zo\u{2019}n \u{201c}door\u{200b}gezet\u{201d}";
        let f = Folded::new(orig);
        assert_eq!(f.text, "zo'n \"doorgezet\"");
        assert_eq!(back(orig, &f, "zo'n"), "zo\u{2019}n");
        assert_eq!(back(orig, &f, "doorgezet"), "door\u{200b}gezet");
    }
}
