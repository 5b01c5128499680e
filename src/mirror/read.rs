//! Reading an export of sent replies, one row at a time: CSV (comma, semicolon or tab, found
//! from the header line) or JSON Lines (found from a first `{`). Columns are found by their
//! usual Dutch and English names, or named by the team.

use super::time;
use std::borrow::Cow;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Received,
    Replied,
    Channel,
    Agent,
    Message,
    Reply,
    /// The conversation (ticket, case) a row belongs to, so a report can point at it.
    Conversation,
}

impl Field {
    pub const ALL: [Field; 7] = [
        Field::Received,
        Field::Replied,
        Field::Channel,
        Field::Agent,
        Field::Message,
        Field::Reply,
        Field::Conversation,
    ];

    /// The name used on the command line and in nabij.toml (`--column reply=tekst`).
    pub fn key(self) -> &'static str {
        match self {
            Field::Received => "received",
            Field::Replied => "replied",
            Field::Channel => "channel",
            Field::Agent => "agent",
            Field::Message => "message",
            Field::Reply => "reply",
            Field::Conversation => "conversation",
        }
    }

    pub fn parse(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.key() == key)
    }

    /// Header names that mean this column, normalised (lowercase, `_` for spaces and dashes).
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::Received => &[
                "received",
                "received_at",
                "ontvangen",
                "ontvangen_op",
                "ontvangst",
                "datum_ontvangen",
                "binnengekomen",
                "binnengekomen_op",
                "created",
                "created_at",
                "incoming_at",
            ],
            Field::Replied => &[
                "replied",
                "replied_at",
                "sent",
                "sent_at",
                "verstuurd",
                "verstuurd_op",
                "verzonden",
                "verzonden_op",
                "beantwoord",
                "beantwoord_op",
                "answered_at",
                "response_at",
            ],
            Field::Channel => &["channel", "kanaal", "platform", "medium", "bron", "source"],
            Field::Agent => &[
                "agent",
                "medewerker",
                "employee",
                "author",
                "auteur",
                "behandelaar",
                "user",
                "gebruiker",
            ],
            Field::Message => &[
                "message",
                "bericht",
                "incoming",
                "vraag",
                "bericht_burger",
                "inkomend",
                "inkomend_bericht",
                "question",
                "klantbericht",
            ],
            Field::Reply => &[
                "reply",
                "antwoord",
                "reactie",
                "response",
                "answer",
                "verstuurd_bericht",
                "tekst_antwoord",
            ],
            Field::Conversation => &[
                "conversation",
                "conversation_id",
                "gesprek",
                "gesprek_id",
                "gespreksnummer",
                "ticket",
                "ticket_id",
                "ticketnummer",
                "case",
                "case_id",
                "zaak",
                "zaaknummer",
                "thread_id",
            ],
        }
    }
}

/// Column names the team gave, over the usual ones.
#[derive(Debug, Clone, Default)]
pub struct ColumnNames {
    pub names: Vec<(Field, String)>,
}

fn normal(name: &str) -> String {
    name.trim()
        .trim_start_matches('\u{feff}')
        .to_lowercase()
        .replace([' ', '-', '.'], "_")
}

impl ColumnNames {
    /// The field a header or key names, if any.
    fn field_of(&self, header: &str) -> Option<Field> {
        let h = normal(header);
        if let Some((f, _)) = self.names.iter().find(|(_, n)| normal(n) == h) {
            return Some(*f);
        }
        // A name the team gave to another field wins over an alias.
        Field::ALL
            .into_iter()
            .find(|f| !self.names.iter().any(|(g, _)| g == f) && f.aliases().contains(&h.as_str()))
    }
}

/// One usable row, its texts borrowed from the `Rows` it was read into.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    pub line: u64,
    /// Minutes since 1970 (UTC).
    pub received: Option<i64>,
    pub replied: Option<i64>,
    pub channel: Option<&'a str>,
    pub agent: Option<&'a str>,
    pub message: Option<&'a str>,
    pub reply: &'a str,
    pub conversation: Option<&'a str>,
}

/// Rows read into one buffer: a batch of rows is two allocations, not four per row, and is
/// freed at once by whichever thread is done with it. (A `nabij report` reads rows on one
/// thread and drops them on another. glibc's allocator takes a lock for each small block
/// freed by a thread that did not make it: with four Strings per row, a report used 10 to
/// 15 % more CPU time on two cores than on one.)
#[derive(Debug, Default)]
pub struct Rows {
    text: String,
    rows: Vec<Stored>,
}

/// A row in `Rows`: its texts as byte ranges of the buffer.
#[derive(Debug)]
struct Stored {
    line: u64,
    received: Option<i64>,
    replied: Option<i64>,
    /// Channel, agent, message and conversation.
    texts: [Option<(usize, usize)>; 4],
    reply: (usize, usize),
}

impl Rows {
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Forget every row, keeping the memory for the next ones.
    pub fn clear(&mut self) {
        self.text.clear();
        self.rows.clear();
    }

    pub fn get(&self, i: usize) -> Row<'_> {
        let r = &self.rows[i];
        let text = |(s, e): (usize, usize)| &self.text[s..e];
        Row {
            line: r.line,
            received: r.received,
            replied: r.replied,
            channel: r.texts[0].map(text),
            agent: r.texts[1].map(text),
            message: r.texts[2].map(text),
            reply: text(r.reply),
            conversation: r.texts[3].map(text),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = Row<'_>> {
        (0..self.len()).map(|i| self.get(i))
    }

    fn push_text(&mut self, t: &str) -> (usize, usize) {
        let start = self.text.len();
        self.text.push_str(t);
        (start, self.text.len())
    }
}

/// A row that cannot be used: its line in the file and why, in Dutch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub reason: String,
}

enum Inner {
    Csv {
        reader: Box<csv::Reader<BufReader<Box<dyn Read + Send>>>>,
        /// Per field: the column it is in.
        columns: [Option<usize>; 7],
        headers: Vec<String>,
        record: csv::ByteRecord,
    },
    Jsonl {
        reader: BufReader<Box<dyn Read + Send>>,
        line: u64,
        buf: Vec<u8>,
        bytes: u64,
    },
}

/// Rows of an archive, streamed.
pub struct Reader {
    inner: Inner,
    names: ColumnNames,
}

impl Reader {
    /// Open an archive (`-` for standard input). An error when it cannot be read or has no
    /// column with the replies.
    pub fn open(path: &Path, names: &ColumnNames) -> Result<Reader, String> {
        let shown = path.display().to_string();
        let source: Box<dyn Read + Send> = if path.as_os_str() == "-" {
            Box::new(std::io::stdin())
        } else if path.is_dir() {
            return Err(format!("{shown}: is een map; geef het exportbestand"));
        } else {
            Box::new(
                std::fs::File::open(path)
                    .map_err(|e| format!("{shown}: kan archief niet lezen: {}", crate::diagnostic::io(&e)))?,
            )
        };
        Reader::from_read(source, &shown, names)
    }

    /// Rows from any reader; `shown` names it in errors.
    pub fn from_read(source: Box<dyn Read + Send>, shown: &str, names: &ColumnNames) -> Result<Reader, String> {
        let mut buffered = BufReader::with_capacity(1 << 16, source);
        let head = buffered
            .fill_buf()
            .map_err(|e| format!("{shown}: kan archief niet lezen: {}", crate::diagnostic::io(&e)))?;
        let first_line = head.split(|&b| b == b'\n').next().unwrap_or(&[]);
        let json = head
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|&b| b == b'{');
        if json {
            return Ok(Reader {
                inner: Inner::Jsonl {
                    reader: buffered,
                    line: 0,
                    buf: Vec::new(),
                    bytes: 0,
                },
                names: names.clone(),
            });
        }
        let count = |c: u8| first_line.iter().filter(|&&b| b == c).count();
        let delimiter = [b';', b'\t', b',']
            .into_iter()
            .max_by_key(|&c| (count(c), c == b','))
            .unwrap_or(b',');
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .from_reader(buffered);
        let headers: Vec<String> = reader
            .byte_headers()
            .map_err(|e| format!("{shown}: kan de kopregel niet lezen: {e}"))?
            .iter()
            .map(|h| String::from_utf8_lossy(h).into_owned())
            .collect();
        let mut columns = [None; 7];
        for (i, h) in headers.iter().enumerate() {
            if let Some(f) = names.field_of(h) {
                let slot = &mut columns[f as usize];
                slot.get_or_insert(i);
            }
        }
        if columns[Field::Reply as usize].is_none() {
            return Err(format!(
                "{shown}: geen kolom met de antwoorden; de kopregel heeft: {}. Noem hem met --column reply=NAAM of [report] in nabij.toml",
                headers.join(", ")
            ));
        }
        Ok(Reader {
            inner: Inner::Csv {
                reader: Box::new(reader),
                columns,
                headers,
                record: csv::ByteRecord::new(),
            },
            names: names.clone(),
        })
    }

    /// Bytes of the archive read so far (for a progress bar).
    pub fn bytes_read(&self) -> u64 {
        match &self.inner {
            Inner::Csv { reader, .. } => reader.position().byte(),
            Inner::Jsonl { bytes, .. } => *bytes,
        }
    }

    fn next_csv(&mut self, rows: &mut Rows) -> Option<Result<(), RowError>> {
        let Inner::Csv {
            reader,
            columns,
            headers,
            record,
        } = &mut self.inner
        else {
            unreachable!("called for CSV");
        };
        let read = reader.read_byte_record(record);
        let line = record.position().map_or(0, |p| p.line());
        match read {
            Ok(false) => return None,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(line, |p| p.line());
                return Some(Err(RowError {
                    line,
                    reason: format!("onleesbare CSV: {e}"),
                }));
            }
        }
        if record.len() == 1 && record[0].is_empty() {
            return self.next_csv(rows);
        }
        // Borrowed from the record: a date is read from it in place, and only the texts
        // the row keeps are copied.
        let mut values: [Option<Cow<str>>; 7] = Default::default();
        for f in Field::ALL {
            let Some(col) = columns[f as usize] else { continue };
            let Some(bytes) = record.get(col) else {
                return Some(Err(RowError {
                    line,
                    reason: format!(
                        "{} kolommen, de kop heeft er {}: kolom `{}` ontbreekt",
                        record.len(),
                        headers.len(),
                        headers[col]
                    ),
                }));
            };
            match std::str::from_utf8(bytes) {
                Ok(s) => values[f as usize] = Some(Cow::Borrowed(s)),
                Err(e) => {
                    return Some(Err(RowError {
                        line,
                        reason: format!(
                            "geen geldige UTF-8 in kolom `{}` (byte {})",
                            headers[col],
                            e.valid_up_to()
                        ),
                    }));
                }
            }
        }
        let names = |f: Field| headers[columns[f as usize].unwrap_or(0)].clone();
        Some(row(line, values, &names, rows))
    }

    fn next_jsonl(&mut self, rows: &mut Rows) -> Option<Result<(), RowError>> {
        let Inner::Jsonl {
            reader,
            line,
            buf,
            bytes,
        } = &mut self.inner
        else {
            unreachable!("called for JSON Lines");
        };
        loop {
            buf.clear();
            match reader.read_until(b'\n', buf) {
                Ok(0) => return None,
                Ok(n) => *bytes += n as u64,
                Err(e) => {
                    return Some(Err(RowError {
                        line: *line + 1,
                        reason: format!("kan niet verder lezen: {e}"),
                    }));
                }
            }
            *line += 1;
            if buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let at = *line;
            let object: serde_json::Map<String, serde_json::Value> = match serde_json::from_slice(buf) {
                Ok(o) => o,
                Err(e) => {
                    let reason = if std::str::from_utf8(buf).is_err() {
                        "geen geldige UTF-8".to_string()
                    } else {
                        format!("geen JSON-object: {e}")
                    };
                    return Some(Err(RowError { line: at, reason }));
                }
            };
            let mut values: [Option<Cow<str>>; 7] = Default::default();
            let mut keys: [String; 7] = Default::default();
            for (k, v) in &object {
                let Some(f) = self.names.field_of(k) else { continue };
                if values[f as usize].is_some() {
                    continue;
                }
                keys[f as usize] = k.clone();
                values[f as usize] = match v {
                    serde_json::Value::String(s) => Some(Cow::Borrowed(s.as_str())),
                    serde_json::Value::Null => None,
                    other => Some(Cow::Owned(other.to_string())),
                };
            }
            let names = |f: Field| {
                if keys[f as usize].is_empty() {
                    f.key().to_string()
                } else {
                    keys[f as usize].clone()
                }
            };
            return Some(row(at, values, &names, rows));
        }
    }
}

/// A row from its values, checked (a reply is required, dates must be dates), added to
/// `rows`.
fn row<'a>(
    line: u64,
    values: [Option<Cow<'a, str>>; 7],
    name: &dyn Fn(Field) -> String,
    rows: &mut Rows,
) -> Result<(), RowError> {
    let [received, replied, channel, agent, message, reply, conversation] = values;
    let present = |v: Option<Cow<'a, str>>| v.filter(|s| !s.trim().is_empty());
    let Some(reply) = present(reply) else {
        return Err(RowError {
            line,
            reason: format!("geen antwoord in kolom `{}`", name(Field::Reply)),
        });
    };
    let date = |v: Option<Cow<'a, str>>, f: Field| -> Result<Option<i64>, RowError> {
        match present(v) {
            None => Ok(None),
            Some(s) => time::parse(&s).map(Some).map_err(|e| RowError {
                line,
                reason: format!("kolom `{}`: {e}", name(f)),
            }),
        }
    };
    let received = date(received, Field::Received)?;
    let replied = date(replied, Field::Replied)?;
    // Names without the spaces around them; texts as written.
    let texts = [
        present(channel).map(|c| rows.push_text(c.trim())),
        present(agent).map(|a| rows.push_text(a.trim())),
        present(message).map(|m| rows.push_text(&m)),
        present(conversation).map(|c| rows.push_text(c.trim())),
    ];
    let reply = rows.push_text(&reply);
    rows.rows.push(Stored {
        line,
        received,
        replied,
        texts,
        reply,
    });
    Ok(())
}

impl Reader {
    /// Read the next row into `rows`: `None` at the end of the archive, an error for a row
    /// that cannot be used (nothing is added then).
    pub fn read_into(&mut self, rows: &mut Rows) -> Option<Result<(), RowError>> {
        match self.inner {
            Inner::Csv { .. } => self.next_csv(rows),
            Inner::Jsonl { .. } => self.next_jsonl(rows),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rows read from `text`, and per row read its index there or its error.
    fn rows(text: &str, names: &ColumnNames) -> (Rows, Vec<Result<usize, RowError>>) {
        let dir = std::env::temp_dir().join(format!("nabij-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("a{}.txt", text.len()));
        std::fs::write(&path, text).unwrap();
        let mut reader = Reader::open(&path, names).unwrap();
        let mut rows = Rows::default();
        let mut got = Vec::new();
        while let Some(read) = reader.read_into(&mut rows) {
            got.push(read.map(|()| rows.len() - 1));
        }
        (rows, got)
    }

    #[test]
    fn csv_with_dutch_headers_semicolons_and_quoted_newlines() {
        let text = "Ontvangen;Verstuurd;Kanaal;Medewerker;Bericht;Antwoord\n\
                    2026-03-02 10:00;2026-03-02 11:30;X;Anne;\"Waar blijft\nmijn pas?\";Ik kijk het na.\n\
                    31-02-2026;;X;Anne;Hoi;Dag\n\
                    2026-03-02 10:00;;X;Anne;Hoi;\n";
        let (read, got) = rows(text, &ColumnNames::default());
        assert_eq!(got.len(), 3);
        assert_eq!(read.len(), 1, "only the good row is kept");
        let first = read.get(*got[0].as_ref().unwrap());
        assert_eq!(first.replied.unwrap() - first.received.unwrap(), 90);
        assert_eq!(first.message, Some("Waar blijft\nmijn pas?"));
        assert_eq!(
            (first.channel, first.agent, first.reply),
            (Some("X"), Some("Anne"), "Ik kijk het na.")
        );
        assert_eq!(first.line, 2);
        let bad_date = got[1].as_ref().unwrap_err();
        assert_eq!(bad_date.line, 4, "the quoted newline counts");
        assert!(bad_date.reason.contains("Ontvangen"), "{}", bad_date.reason);
        assert!(got[2].as_ref().unwrap_err().reason.contains("geen antwoord"));
    }

    #[test]
    fn jsonl_with_english_keys_and_named_columns() {
        let text = "{\"received\": \"2026-03-02T10:00:00Z\", \"tekst\": \"Ik bel je.\", \"channel\": \"facebook\"}\n\n\
                    not json\n\
                    {\"tekst\": \"Dag\", \"agent\": 7}\n";
        let names = ColumnNames {
            names: vec![(Field::Reply, "tekst".into())],
        };
        let (read, got) = rows(text, &names);
        assert_eq!(got.len(), 3);
        let first = read.get(*got[0].as_ref().unwrap());
        assert_eq!(
            (first.reply, first.channel, first.agent),
            ("Ik bel je.", Some("facebook"), None)
        );
        assert_eq!(got[1].as_ref().unwrap_err().line, 3);
        let last = read.get(*got[2].as_ref().unwrap());
        assert_eq!((last.reply, last.agent, last.message), ("Dag", Some("7"), None));
    }

    #[test]
    fn a_csv_without_a_reply_column_is_an_error_naming_the_headers() {
        let dir = std::env::temp_dir().join(format!("nabij-read-none-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("x.csv");
        std::fs::write(&path, "datum,tekst\n1,2\n").unwrap();
        let err = Reader::open(&path, &ColumnNames::default()).err().unwrap();
        assert!(err.contains("datum, tekst") && err.contains("--column reply="), "{err}");
    }
}
