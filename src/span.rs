//! Byte spans and the conversion to the line/column positions people see.

use serde::{Deserialize, Serialize};

/// A byte range `[start, end)` into a source text. Every position inside nabij is one of these;
/// line and column exist only at the edges (printers, JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }

    pub fn offset(self, by: usize) -> Span {
        Span::new(self.start + by, self.end + by)
    }

    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// A 1-based line and column. Columns count Unicode scalar values, the way editors and
/// SARIF consumers count, so an emoji or an accented letter never shifts what follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Start offsets of every line of a source, for turning byte offsets into positions.
/// `\n`, `\r\n` and a lone `\r` each end a line; a byte-order mark is not a column.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// In lines longer than `BLOCK`: (byte offset, characters from its line's start), every
    /// `BLOCK` bytes, so a column costs at most a block of counting, even on a line of a
    /// megabyte with thousands of findings.
    checkpoints: Vec<(usize, usize)>,
}

const BLOCK: usize = 4096;

impl LineIndex {
    pub fn new(source: &str) -> Self {
        let bytes = source.as_bytes();
        let mut starts = vec![0];
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                starts.push(i + 1);
            }
        }
        let mut checkpoints = Vec::new();
        for (i, &start) in starts.iter().enumerate() {
            let end = starts.get(i + 1).copied().unwrap_or(source.len());
            let (mut at, mut chars) = (start, 0);
            while end - at > BLOCK {
                let mut next = at + BLOCK;
                while !source.is_char_boundary(next) {
                    next += 1;
                }
                chars += source[at..next].chars().count();
                checkpoints.push((next, chars));
                at = next;
            }
        }
        LineIndex { starts, checkpoints }
    }

    /// The 0-based line and column of byte `offset` in UTF-16 code units, as the Language
    /// Server Protocol counts them (an emoji is two); a byte-order mark is not a column.
    pub fn utf16(&self, source: &str, offset: usize) -> (u32, u32) {
        let mut offset = offset.min(source.len());
        while !source.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let mut from = self.starts[line];
        if line == 0 && source.starts_with('\u{feff}') && offset >= 3 {
            from = 3;
        }
        let column = source[from..offset].encode_utf16().count();
        (line as u32, column as u32)
    }

    /// The byte offset of a 0-based line and UTF-16 column (clamped to the line's end).
    pub fn offset_of_utf16(&self, source: &str, line: u32, column: u32) -> usize {
        let Some(&start) = self.starts.get(line as usize) else {
            return source.len();
        };
        let end = self.starts.get(line as usize + 1).copied().unwrap_or(source.len());
        let start = if line == 0 && source.starts_with('\u{feff}') {
            3.min(end)
        } else {
            start
        };
        let mut units = 0u32;
        for (i, c) in source[start..end].char_indices() {
            if units >= column {
                return start + i;
            }
            units += c.len_utf16() as u32;
        }
        end
    }

    /// The position of byte `offset` (clamped to the source and to a char boundary).
    pub fn position(&self, source: &str, offset: usize) -> Position {
        let mut offset = offset.min(source.len());
        while !source.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let line_start = self.starts[line];
        let (from, before) = match self.checkpoints.partition_point(|&(at, _)| at <= offset) {
            0 => (line_start, 0),
            i if self.checkpoints[i - 1].0 > line_start => self.checkpoints[i - 1],
            _ => (line_start, 0),
        };
        let mut column = before + source[from..offset].chars().count() + 1;
        if line == 0 && source.starts_with('\u{feff}') && offset >= 3 {
            column -= 1;
        }
        Position { line: line + 1, column }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_on_a_long_line_come_from_checkpoints_and_agree_with_counting() {
        let src = format!("kop\n{}\n{}", "é🙂ab ".repeat(5000), "x".repeat(9000));
        let idx = LineIndex::new(&src);
        assert!(!idx.checkpoints.is_empty());
        for offset in (0..src.len()).step_by(997).chain([src.len()]) {
            let mut o = offset;
            while !src.is_char_boundary(o) {
                o -= 1;
            }
            let line_start = src[..o].rfind('\n').map_or(0, |i| i + 1);
            let line = src[..o].matches('\n').count() + 1;
            let column = src[line_start..o].chars().count() + 1;
            assert_eq!(idx.position(&src, offset), Position { line, column }, "at {offset}");
        }
    }

    #[test]
    fn columns_count_scalar_values_not_bytes() {
        let src = "👩‍👩‍👧‍👦 We hebben dit intern doorgezet.";
        let idx = LineIndex::new(src);
        let at = src.find("intern").unwrap();
        // The family emoji is 7 scalar values (4 people + 3 ZWJ), then a space.
        assert_eq!(idx.position(src, at), Position { line: 1, column: 23 });
    }

    #[test]
    fn crlf_lone_cr_and_bom_do_not_shift_positions() {
        let src = "\u{feff}Hallo\r\nwe kijken\rernaar";
        let idx = LineIndex::new(src);
        assert_eq!(idx.position(src, 3), Position { line: 1, column: 1 });
        let at = src.find("kijken").unwrap();
        assert_eq!(idx.position(src, at), Position { line: 2, column: 4 });
        let at = src.find("ernaar").unwrap();
        assert_eq!(idx.position(src, at), Position { line: 3, column: 1 });
    }
}
