//! Masking personal data in text that is shown: every byte offset, line and column stays
//! where it was.

use super::*;

/// Replacements of one character by the same number of bytes, so that every byte offset and
/// every column stays where it was.
pub(super) fn mask_char(c: char) -> char {
    match c.len_utf8() {
        1 => '*',
        2 => '\u{00b7}',
        3 => '\u{2217}',
        _ => '\u{1f784}',
    }
}

/// `text[part]`, masked where `spans` (byte ranges of the whole `text`) overlap it.
pub fn mask_part(text: &str, part: Span, spans: &[Span]) -> String {
    let inside: Vec<Span> = spans
        .iter()
        .filter(|s| s.overlaps(part))
        .map(|s| Span::new(s.start.max(part.start) - part.start, s.end.min(part.end) - part.start))
        .collect();
    mask(&text[part.start..part.end], &inside)
}

/// `text` with the letters and digits inside `spans` masked. Separators stay (`***.***.***`),
/// so the shape shows what was found; byte offsets, lines and columns do not move.
pub fn mask(text: &str, spans: &[Span]) -> String {
    let mut spans: Vec<Span> = spans
        .iter()
        .copied()
        .filter(|s| s.start < s.end && s.end <= text.len())
        .collect();
    spans.sort_unstable();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    for (at, c) in text.char_indices() {
        while i < spans.len() && spans[i].end <= at {
            i += 1;
        }
        let inside = i < spans.len() && spans[i].start <= at;
        out.push(if inside && c.is_alphanumeric() { mask_char(c) } else { c });
    }
    out
}
