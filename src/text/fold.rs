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
    /// Where the folded text comes from, in runs that each start at a folded byte. Most text
    /// is one long `identity` run (ASCII maps byte for byte, a single space or line break is
    /// still one byte); a folded non-ASCII character or a collapsed whitespace run is a run of
    /// its own with the original range it came from. Keeping runs instead of a map per byte
    /// makes folding a copy, and costs memory per exception rather than per byte.
    runs: Vec<Run>,
}

#[derive(Debug, Clone, Copy)]
struct Run {
    folded: u32,
    original: u32,
    /// For a run that is not `identity`: where its original range ends.
    original_end: u32,
    identity: bool,
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

/// ASCII bytes that fold to themselves lowercased: not whitespace (nor vertical tab), not
/// a backtick.
static PLAIN: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = !(c.is_ascii_whitespace() || c == 0x0b || c == b'`');
        b += 1;
    }
    t
};

/// Builds the folded text and its runs.
struct Builder {
    text: String,
    runs: Vec<Run>,
    /// The original offset the open identity run expects next, if one is open.
    identity_next: Option<usize>,
}

impl Builder {
    /// Make sure an identity run is open that continues at original byte `at`.
    fn identity_at(&mut self, at: usize) {
        if self.identity_next != Some(at) {
            self.runs.push(Run {
                folded: self.text.len() as u32,
                original: at as u32,
                original_end: 0,
                identity: true,
            });
        }
    }

    /// An ASCII byte that stands for the single original byte at `at`.
    fn byte(&mut self, b: u8, at: usize) {
        self.identity_at(at);
        self.text.push(b as char);
        self.identity_next = Some(at + 1);
    }

    /// Plain ASCII text (no whitespace, no backtick) that stands for itself, lowercased,
    /// starting at original byte `at`.
    fn ascii(&mut self, chunk: &str, at: usize) {
        self.identity_at(at);
        let from = self.text.len();
        self.text.push_str(chunk);
        self.text[from..].make_ascii_lowercase();
        self.identity_next = Some(at + chunk.len());
    }

    /// A character that stands for the original range `[at, end)`.
    fn char(&mut self, c: char, at: usize, end: usize) {
        let folded = self.text.len() as u32;
        let continues = self
            .runs
            .last()
            .is_some_and(|r| !r.identity && r.original == at as u32 && r.original_end == end as u32);
        if !continues {
            self.runs.push(Run {
                folded,
                original: at as u32,
                original_end: end as u32,
                identity: false,
            });
        }
        self.text.push(c);
        self.identity_next = None;
    }

    /// A combining mark at `[.., end)` belongs to the character before it: widen its range.
    fn widen_last(&mut self, end: usize) {
        let Some(last) = self.runs.last().copied() else {
            return;
        };
        if last.identity {
            // Split the last byte off the identity run into a run of its own.
            let f = self.text.len() as u32 - 1;
            let o = last.original + (f - last.folded);
            let run = Run {
                folded: f,
                original: o,
                original_end: end as u32,
                identity: false,
            };
            if last.folded == f {
                *self.runs.last_mut().expect("checked") = run;
            } else {
                self.runs.push(run);
            }
        } else {
            self.runs.last_mut().expect("checked").original_end = end as u32;
        }
        self.identity_next = None;
    }

    fn whitespace(&mut self, start: usize, newlines: u32, end: usize) {
        let sep = if newlines >= 2 { '\n' } else { ' ' };
        if end - start == 1 {
            self.byte(sep as u8, start);
        } else {
            self.char(sep, start, end);
        }
    }
}

impl Folded {
    pub fn new(original: &str) -> Folded {
        let mut f = Builder {
            text: String::with_capacity(original.len()),
            runs: Vec::new(),
            identity_next: None,
        };
        // Whitespace run being collapsed: (start offset, newline count, end offset).
        let mut ws: Option<(usize, u32, usize)> = None;
        let bytes = original.as_bytes();
        let mut next = 0;
        while next < bytes.len() {
            let at = next;
            let b = bytes[at];
            // Most text is ASCII: plain ASCII characters take no table lookups.
            if b.is_ascii() && !b.is_ascii_whitespace() && b != 0x0b {
                if let Some((s, n, e)) = ws.take() {
                    f.whitespace(s, n, e);
                }
                if b == b'`' {
                    f.char('\'', at, at + 1);
                    next = at + 1;
                } else {
                    // Also over single spaces between such bytes: they fold to themselves.
                    next = at + 1;
                    while next < bytes.len() {
                        let c = bytes[next];
                        if PLAIN[c as usize] || (c == b' ' && bytes.get(next + 1).is_some_and(|&n| PLAIN[n as usize])) {
                            next += 1;
                        } else {
                            break;
                        }
                    }
                    f.ascii(&original[at..next], at);
                }
                continue;
            }
            let c = original[at..].chars().next().expect("at a char boundary");
            let end = at + c.len_utf8();
            next = end;
            if c.is_whitespace() {
                let lf = u32::from(c == '\n' || (c == '\r' && bytes.get(end) != Some(&b'\n')));
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
                f.whitespace(s, n, e);
            }
            if is_combining_mark(c) {
                f.widen_last(end);
                continue;
            }
            if let Some(p) = fold_punct(c) {
                f.char(p, at, end);
                continue;
            }
            for lower in c.to_lowercase() {
                decompose_canonical(lower, |d| {
                    if !is_combining_mark(d) {
                        f.char(d, at, end);
                    }
                });
            }
        }
        if let Some((s, n, e)) = ws.take() {
            f.whitespace(s, n, e);
        }
        Folded {
            text: f.text,
            runs: f.runs,
        }
    }

    fn run_at(&self, folded: usize) -> Run {
        let i = self.runs.partition_point(|r| r.folded as usize <= folded);
        self.runs[i.saturating_sub(1)]
    }

    fn start_of(&self, folded: usize) -> usize {
        let r = self.run_at(folded);
        if r.identity {
            (r.original + (folded as u32 - r.folded)) as usize
        } else {
            r.original as usize
        }
    }

    fn end_of(&self, folded: usize) -> usize {
        let r = self.run_at(folded);
        if r.identity {
            (r.original + (folded as u32 - r.folded)) as usize + 1
        } else {
            r.original_end as usize
        }
    }

    /// The original span of the folded byte range `[start, end)`.
    pub fn original(&self, start: usize, end: usize) -> Span {
        if self.runs.is_empty() {
            return Span::new(0, 0);
        }
        if start >= end || start >= self.text.len() {
            let at = if start < self.text.len() {
                self.start_of(start)
            } else {
                self.end_of(self.text.len() - 1)
            };
            return Span::new(at, at);
        }
        Span::new(self.start_of(start), self.end_of(end - 1))
    }

    /// The folded byte range that covers the original range `[start, end)`, if any of it
    /// survived folding.
    pub fn folded_range(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let n = self.text.len();
        // `start_of` never decreases along the folded text, so both ends are binary searches.
        let first_where = |pred: &dyn Fn(usize) -> bool| {
            let (mut lo, mut hi) = (0, n);
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                if pred(mid) { hi = mid } else { lo = mid + 1 }
            }
            lo
        };
        let mut first = first_where(&|f| self.start_of(f) >= start);
        while first < n && !self.text.is_char_boundary(first) {
            first += 1;
        }
        if first >= n {
            return None;
        }
        let last = first_where(&|f| self.start_of(f) >= end).checked_sub(1)?;
        let mut after = last + 1;
        while after < n && !self.text.is_char_boundary(after) {
            after += 1;
        }
        (first < after).then_some((first, after))
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

    #[test]
    fn folded_range_agrees_with_a_scan_of_every_byte() {
        let orig = "\u{feff}Één  ZWJ\u{200d}x, ‘quote’ \n\n e\u{301} 123.456.782 \u{1f1f3}\u{1f1f1} end";
        let f = Folded::new(orig);
        let n = f.text.len();
        for start in (0..=orig.len()).filter(|&i| orig.is_char_boundary(i)) {
            for end in (start..=orig.len()).filter(|&i| orig.is_char_boundary(i)) {
                let first = (0..n).find(|&x| f.text.is_char_boundary(x) && f.start_of(x) >= start);
                let last = (0..n).rev().find(|&x| f.start_of(x) < end);
                let expected = first.zip(last).and_then(|(first, last)| {
                    let mut after = last + 1;
                    while after < n && !f.text.is_char_boundary(after) {
                        after += 1;
                    }
                    (first < after).then_some((first, after))
                });
                assert_eq!(f.folded_range(start, end), expected, "{start}..{end}");
            }
        }
    }
}
