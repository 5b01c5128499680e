//! CSV libraries: a header row, then a template per row. The csv crate reads the rows; this
//! module adds what it does not give: each field's bytes in the file, and errors for a quoted
//! field left open or with text after its closing quote (the crate accepts both). Rows are
//! read one at a time ([`CsvTemplates`]), so a library of a million rows is never held whole.

use super::{Schema, Template};
use crate::input::align::{Escapes, Mapped, align};
use crate::rules::Platform;
use crate::span::Span;
use std::sync::Arc;

/// A field's value and the bytes it takes in the file, quotes included.
pub(super) type Field = (String, Span);

/// The file's text as a reader for the csv crate, from a byte on.
struct Bytes {
    text: Arc<str>,
    at: usize,
}

impl std::io::Read for Bytes {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let rest = &self.text.as_bytes()[self.at..];
        let n = rest.len().min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        self.at += n;
        Ok(n)
    }
}

/// The rows of a CSV text from byte `from` on, one at a time; after an error, none.
struct Rows {
    reader: ::csv::Reader<Bytes>,
    record: ::csv::StringRecord,
    text: Arc<str>,
    from: usize,
    sep: u8,
    failed: bool,
}

impl Rows {
    fn new(text: Arc<str>, from: usize, sep: u8) -> Rows {
        let reader = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(sep)
            .from_reader(Bytes {
                text: text.clone(),
                at: from,
            });
        Rows {
            reader,
            record: ::csv::StringRecord::new(),
            text,
            from,
            sep,
            failed: false,
        }
    }

    /// The fields of the record just read, each with its bytes in the file.
    fn fields(&self) -> Result<Vec<Field>, (Span, String)> {
        let bytes = self.text.as_bytes();
        let mut at = self.from + self.record.position().map_or(0, |p| p.byte() as usize);
        // After a `\r\n`, the crate places the next record on the `\n`.
        while matches!(bytes.get(at), Some(b'\r' | b'\n')) {
            at += 1;
        }
        let mut row = Vec::with_capacity(self.record.len());
        for value in &self.record {
            let start = at;
            let end = if bytes.get(at) == Some(&b'"') {
                // The closing quote is the first one that is not doubled.
                let mut i = at + 1;
                loop {
                    let Some(k) = memchr::memchr(b'"', &bytes[i..]) else {
                        return Err((
                            Span::new(start, start + 1),
                            "veld tussen aanhalingstekens zonder sluitend `\"`".into(),
                        ));
                    };
                    i += k;
                    if bytes.get(i + 1) != Some(&b'"') {
                        break i + 1;
                    }
                    i += 2;
                }
            } else {
                at + value.len()
            };
            match bytes.get(end) {
                None | Some(b'\n' | b'\r') => {}
                Some(&b) if b == self.sep => {}
                Some(_) => {
                    return Err((
                        Span::new(end, end + 1),
                        "onverwachte tekst na een veld tussen aanhalingstekens".into(),
                    ));
                }
            }
            row.push((value.to_string(), Span::new(start, end)));
            at = end + 1;
        }
        Ok(row)
    }
}

impl Iterator for Rows {
    type Item = Result<Vec<Field>, (Span, String)>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let row = match self.reader.read_record(&mut self.record) {
            Ok(false) => return None,
            Ok(true) => self.fields(),
            Err(e) => {
                let at = e.position().map_or(self.from, |p| self.from + p.byte() as usize);
                Err((Span::new(at, at + 1), format!("ongeldige CSV: {e}")))
            }
        };
        self.failed = row.is_err();
        Some(row)
    }
}

/// Every row of `source` from byte `from` on, fields with their bytes (for tests).
#[cfg(test)]
pub(super) fn rows(source: &str, from: usize, sep: char) -> Result<Vec<Vec<Field>>, (Span, String)> {
    Rows::new(Arc::from(source), from, sep as u8).collect()
}

/// Where the header puts the library's columns.
struct Columns {
    text: usize,
    name: Option<usize>,
    platform: Option<usize>,
    automatic: Option<usize>,
    allow: Option<usize>,
}

/// The templates of a CSV library, one row at a time. An error (a broken field) ends them.
pub struct CsvTemplates {
    rows: Rows,
    columns: Columns,
}

/// Read the header of a CSV library: `,` or `;` between fields (whichever the header uses
/// most), `"` around fields that hold either or a line break, `""` for a quote inside. `None`
/// for a file without rows.
pub fn templates(source: Arc<str>, schema: &Schema) -> Result<Option<CsvTemplates>, (Span, String)> {
    let from = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let first_line = source[from..].lines().next().unwrap_or("");
    let sep = if first_line.matches(';').count() > first_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut rows = Rows::new(source, from, sep);
    let Some(header) = rows.next().transpose()? else {
        return Ok(None);
    };
    let column = |name: &str| header.iter().position(|(v, _)| v.trim().eq_ignore_ascii_case(name));
    let Some(text) = column(&schema.text) else {
        let span = header.first().map_or(Span::new(0, 0), |(_, s)| *s);
        return Err((span, format!("no column `{}` with the template text", schema.text)));
    };
    let columns = Columns {
        text,
        name: column(&schema.name),
        platform: column(&schema.platform),
        automatic: column(&schema.automatic),
        allow: column(&schema.allow),
    };
    Ok(Some(CsvTemplates { rows, columns }))
}

/// All templates of a CSV library, or its first error.
pub(super) fn read_all(source: &Arc<str>, schema: &Schema) -> Result<Vec<Template>, (Span, String)> {
    match templates(source.clone(), schema)? {
        Some(t) => t.collect(),
        None => Ok(Vec::new()),
    }
}

impl Iterator for CsvTemplates {
    type Item = Result<Template, (Span, String)>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let row = match self.rows.next()? {
                Ok(row) => row,
                Err(e) => return Some(Err(e)),
            };
            if row.iter().all(|(v, _)| v.trim().is_empty()) {
                continue;
            }
            let Some((value, raw)) = row.get(self.columns.text) else {
                continue;
            };
            let c = &self.columns;
            let entry = Span::new(row[0].1.start, row.last().map_or(raw.end, |f| f.1.end));
            let cell = |c: Option<usize>| c.and_then(|c| row.get(c)).map(|(v, s)| (v.trim().to_string(), *s));
            let source = &self.rows.text;
            return Some(Ok(Template {
                name: cell(c.name).map(|(v, _)| v).filter(|v| !v.is_empty()),
                text: text(value, &source[raw.start..raw.end], raw.start),
                entry,
                platform: cell(c.platform).and_then(|(v, _)| Platform::parse(&v.to_lowercase())),
                automatic: cell(c.automatic).and_then(|(v, _)| truthy(&v)),
                allow: cell(c.allow)
                    .map(|(v, s)| {
                        v.split([',', ' '])
                            .filter(|r| !r.is_empty())
                            .map(|r| (r.to_string(), s))
                            .collect()
                    })
                    .unwrap_or_default(),
            }));
        }
    }
}

/// A field's text mapped back to the file: as it stands (no quotes, or quotes without a
/// doubled `""` inside), or aligned character by character.
fn text(value: &str, raw: &str, offset: usize) -> Mapped {
    if raw == value {
        Mapped::verbatim(value, offset)
    } else if raw.len() == value.len() + 2 && raw[1..raw.len() - 1] == *value {
        Mapped::verbatim(value, offset + 1)
    } else {
        align(value, raw, offset, Escapes::None)
    }
}

fn truthy(v: &str) -> Option<bool> {
    match v.to_lowercase().as_str() {
        "true" | "ja" | "yes" | "1" | "waar" => Some(true),
        "false" | "nee" | "no" | "0" | "onwaar" | "" => Some(false),
        _ => None,
    }
}
