//! Byte spans and the conversion to the line/column positions people see.

use serde::Serialize;

/// A byte range `[start, end)` into a source text. Every position inside nabij is one of these;
/// line and column exist only at the edges (printers, JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
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
}

impl LineIndex {
    pub fn new(source: &str) -> Self {
        let bytes = source.as_bytes();
        let mut starts = vec![0];
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                starts.push(i + 1);
            }
        }
        LineIndex { starts }
    }

    /// The position of byte `offset` (clamped to the source and to a char boundary).
    pub fn position(&self, source: &str, offset: usize) -> Position {
        let mut offset = offset.min(source.len());
        while !source.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let line_start = self.starts[line];
        let mut column = source[line_start..offset].chars().count() + 1;
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
