//! Reading what to check. A plain text file or standard input is one reply; a thread file
//! holds the citizen's message(s) and the reply. (Template libraries with many replies per
//! file arrive with the template-library work.)
//!
//! A thread file marks its turns with lines of their own, `--- burger` for the citizen and
//! `--- antwoord` for the organisation (English works too: `--- citizen`, `--- reply`). The
//! last reply turn is the draft that is checked; every citizen turn before it is the
//! message it answers. Positions in the output are positions in the thread file.
//!
//! ```text
//! --- burger
//! Ik heb al drie keer gebeld en ik weet het echt niet meer.
//! --- antwoord
//! Dank voor je bericht! We hebben het intern doorgezet.
//! ```

mod align;
mod json;
pub mod library;
mod tree;

pub use align::{Escapes, Mapped};
pub use library::{Format, Template};

use crate::diagnostic::Diagnostic;
use crate::read::{ReadError, human_bytes};
use crate::span::Span;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The name a file read from standard input is shown under.
pub const STDIN_NAME: &str = "<stdin>";

/// How much nabij reads: a larger file, or a longer line, is an error naming the limit
/// rather than minutes of work or gigabytes of memory on something that is no reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_file_bytes: u64,
    pub max_line_bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_file_bytes: 64 << 20,
            max_line_bytes: 4 << 20,
        }
    }
}

/// The first line longer than `max` bytes: (line number, its length).
fn overlong_line(bytes: &[u8], max: usize) -> Option<(usize, usize)> {
    if bytes.len() <= max {
        return None;
    }
    let mut start = 0;
    for (line, end) in (1..).zip(memchr::memchr_iter(b'\n', bytes).chain([bytes.len()])) {
        if end - start > max {
            return Some((line, end - start));
        }
        start = end + 1;
    }
    None
}

/// Whose turn a thread marker line starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Turn {
    Citizen,
    Reply,
}

pub fn marker(line: &str) -> Option<Turn> {
    let role = line
        .trim()
        .trim_start_matches('\u{feff}')
        .strip_prefix("---")?
        .trim()
        .to_lowercase();
    match role.as_str() {
        "burger" | "bericht" | "citizen" | "incoming" => Some(Turn::Citizen),
        "antwoord" | "reactie" | "reply" | "draft" | "concept" => Some(Turn::Reply),
        _ => None,
    }
}

/// The turns of a thread file (`None` when the text is not one): who, and the bytes of the
/// text between its marker line and the next.
pub fn thread_turns(source: &str) -> Option<Vec<(Turn, Span)>> {
    let mut turns: Vec<(Turn, Span)> = Vec::new();
    let mut at = 0;
    for line in source.split_inclusive('\n') {
        let end = at + line.len();
        match marker(line) {
            Some(turn) => {
                if let Some(last) = turns.last_mut() {
                    last.1.end = at;
                }
                turns.push((turn, Span::new(end, end)));
            }
            None if turns.is_empty() && !line.trim().trim_start_matches('\u{feff}').is_empty() => return None,
            None => {}
        }
        at = end;
    }
    if let Some(last) = turns.last_mut() {
        last.1.end = source.len();
    }
    (!turns.is_empty()).then_some(turns)
}

/// A file that opens with a UTF-16 byte order mark (as Windows tools save "Unicode" text),
/// as UTF-8 without the mark; other bytes as they are. Lines and columns are then those of
/// the text as an editor shows it.
pub fn from_utf16(path: &str, bytes: Vec<u8>) -> Result<Vec<u8>, Box<Diagnostic>> {
    let little = match bytes.get(..2) {
        Some([0xFF, 0xFE]) => true,
        Some([0xFE, 0xFF]) => false,
        _ => return Ok(bytes),
    };
    let units = bytes[2..].chunks(2).map(|c| match (c, little) {
        ([a, b], true) => Ok(u16::from_le_bytes([*a, *b])),
        ([a, b], false) => Ok(u16::from_be_bytes([*a, *b])),
        _ => Err(()),
    });
    let mut out = String::with_capacity(bytes.len());
    for (i, unit) in char::decode_utf16(units.map_while(Result::ok)).enumerate() {
        match unit {
            Ok(c) => out.push(c),
            Err(_) => {
                return Err(Box::new(Diagnostic::new(
                    path,
                    format!("geen geldige UTF-16 bij byte {}: een losse surrogaat", 2 + 2 * i),
                )));
            }
        }
    }
    if bytes.len() % 2 == 1 {
        return Err(Box::new(Diagnostic::new(
            path,
            "geen geldige UTF-16: een oneven aantal bytes",
        )));
    }
    Ok(out.into_bytes())
}

/// Decode file contents, naming the byte where UTF-8 breaks.
pub fn decode(path: &str, bytes: Vec<u8>) -> Result<String, Box<Diagnostic>> {
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        Box::new(Diagnostic::new(
            path,
            format!("geen geldige UTF-8 bij byte {at}; nabij leest UTF-8-tekst"),
        ))
    })
}

/// Read a path (or `-` for standard input) as text, within `limits`.
pub fn read_input(path: &Path, limits: Limits) -> Result<(String, String), Box<Diagnostic>> {
    let (name, bytes) = read_bytes(path, limits)?;
    if let Some(d) = line_over_limit(&name, &bytes, limits) {
        return Err(Box::new(d));
    }
    let text = decode(&name, bytes)?;
    Ok((name, text))
}

/// Read a path (or `-` for standard input) as bytes. A file over the size limit is not read.
pub fn read_bytes(path: &Path, limits: Limits) -> Result<(String, Vec<u8>), Box<Diagnostic>> {
    read_bytes_unless_over(path, limits, u64::MAX).map(|read| read.expect("nothing is deferred"))
}

/// [`read_bytes`], but a file (not standard input) larger than `defer` bytes is not read:
/// `None`.
pub fn read_bytes_unless_over(
    path: &Path,
    limits: Limits,
    defer: u64,
) -> Result<Option<(String, Vec<u8>)>, Box<Diagnostic>> {
    let too_large = |name: &str, what: &str, size: Option<u64>| {
        let size = size.map_or_else(String::new, |s| format!(" ({})", human_bytes(s)));
        Box::new(
            Diagnostic::new(
                name,
                format!(
                    "{what} is groter dan de grens van {}{size}; er is niets in gecontroleerd",
                    human_bytes(limits.max_file_bytes)
                ),
            )
            .note("verhoog de grens met --max-file-size, of splits het bestand"),
        )
    };
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        // Read one byte past the limit, to know it was passed without reading on.
        std::io::stdin()
            .take(limits.max_file_bytes + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| {
                Box::new(Diagnostic::new(
                    STDIN_NAME,
                    format!("kan standaardinvoer niet lezen: {}", crate::diagnostic::io(&e)),
                ))
            })?;
        if bytes.len() as u64 > limits.max_file_bytes {
            return Err(too_large(STDIN_NAME, "standaardinvoer", None));
        }
        return Ok(Some((STDIN_NAME.to_string(), bytes)));
    }
    let name = path.display().to_string();
    match crate::read::bounded_unless_over(path, limits.max_file_bytes, defer) {
        Ok(None) => Ok(None),
        Ok(Some(bytes)) => {
            let bytes = from_utf16(&name, bytes)?;
            Ok(Some((name, bytes)))
        }
        Err(ReadError::NotRegular("een map")) => Err(Box::new(Diagnostic::new(
            name,
            "is een map; geef de bestanden die gecontroleerd moeten worden",
        ))),
        Err(e @ ReadError::NotRegular(_)) => Err(Box::new(
            Diagnostic::new(&name, e.to_string()).note("geef een bestand, of stuur de tekst via standaardinvoer (-)"),
        )),
        Err(ReadError::TooLarge { size, .. }) => Err(too_large(&name, "het bestand", size)),
        Err(ReadError::Io(e)) => Err(Box::new(Diagnostic::new(
            &name,
            format!("kan bestand niet lezen: {}", crate::diagnostic::io(&e)),
        ))),
    }
}

/// An error when a line of `bytes` is longer than the limit.
pub fn line_over_limit(name: &str, bytes: &[u8], limits: Limits) -> Option<Diagnostic> {
    let (line, len) = overlong_line(bytes, limits.max_line_bytes)?;
    Some(
        Diagnostic::new(
            name,
            format!(
                "regel {line} is {} lang, over de grens van {}; er is niets in het bestand gecontroleerd",
                human_bytes(len as u64),
                human_bytes(limits.max_line_bytes as u64)
            ),
        )
        .note("verhoog de grens met --max-line-length"),
    )
}

/// From this size on, a text file is an archive: one reply per paragraph.
pub const LARGE_TEXT: usize = 1 << 20;

/// The paragraphs of a text: runs of non-blank lines, as byte ranges.
pub fn paragraphs(text: &str) -> Vec<Span> {
    let mut at = 0;
    std::iter::from_fn(|| next_paragraph(text, &mut at)).collect()
}

/// The next paragraph of `text` from byte `at` on (a run of non-blank lines), with `at`
/// moved past it: an archive is read one paragraph at a time.
pub fn next_paragraph(text: &str, at: &mut usize) -> Option<Span> {
    let mut start: Option<usize> = None;
    for line in text[*at..].split_inclusive('\n') {
        let blank = line.trim().is_empty();
        match (blank, start) {
            (false, None) => start = Some(*at),
            (true, Some(s)) => {
                *at += line.len();
                return Some(Span::new(s, *at - line.len()));
            }
            _ => {}
        }
        *at += line.len();
    }
    start.map(|s| Span::new(s, text.len()))
}

/// Whether bytes look like a binary file: a NUL byte early on.
pub fn looks_binary(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(8192)].contains(&0)
}

/// Extensions of the files a folder walk checks.
pub const EXTENSIONS: &[&str] = &["txt", "md", "markdown", "toml", "yaml", "yml", "json", "csv"];

/// The files to check for the paths given: files as they are, folders walked (respecting
/// .gitignore and .ignore, skipping hidden files and what `excluded` says, relative to the
/// folder or as found), sorted.
/// A file named is excluded too when `exclude_named` (as ruff's `--force-exclude`).
pub fn collect_files(
    paths: &[PathBuf],
    excluded: &dyn Fn(&Path) -> bool,
    exclude_named: bool,
) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p == Path::new("-") || !p.is_dir() {
            // A file named on the command line (pre-commit names every changed file) is
            // excluded like one found in a folder, unless `exclude_named` is off.
            // Its path as given, or relative to the working directory when absolute.
            let cwd = std::env::current_dir().ok();
            let relative = cwd.as_deref().and_then(|d| p.strip_prefix(d).ok());
            let as_given = relative.unwrap_or(p);
            let as_given = as_given.strip_prefix(".").unwrap_or(as_given);
            if p == Path::new("-") || !exclude_named || !excluded(as_given) {
                out.push(p.clone());
            }
            continue;
        }
        let mut found = Vec::new();
        for entry in ignore::WalkBuilder::new(p).follow_links(false).build() {
            match entry {
                Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                    let path = e.into_path();
                    let rel = path.strip_prefix(p).unwrap_or(&path);
                    let ext_ok = path
                        .extension()
                        .and_then(|x| x.to_str())
                        .is_some_and(|x| EXTENSIONS.contains(&x.to_ascii_lowercase().as_str()));
                    if ext_ok && !excluded(rel) && !excluded(&path) {
                        found.push(path);
                    }
                }
                Ok(_) => {}
                Err(e) => errors.push(Diagnostic::new(
                    p.display().to_string(),
                    format!("kan map niet doorlopen: {e}"),
                )),
            }
        }
        found.sort();
        out.extend(found);
    }
    (out, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thread_turns_are_found_by_their_marker_lines() {
        let text = "--- burger\nIk wacht al weken.\n--- antwoord\nIk bel je morgen.\n";
        let turns = thread_turns(text).unwrap();
        let got: Vec<(Turn, &str)> = turns.iter().map(|(t, s)| (*t, &text[s.start..s.end])).collect();
        assert_eq!(
            got,
            [
                (Turn::Citizen, "Ik wacht al weken.\n"),
                (Turn::Reply, "Ik bel je morgen.\n")
            ]
        );
        assert!(
            thread_turns("Ik bel je morgen.\n--- burger\nhoi").is_none(),
            "text before the first marker"
        );
        assert!(thread_turns("--- iets anders\nhoi").is_none());
        let crlf = "\u{feff}\r\n--- Burger\r\nHelp\r\n--- Reply\r\nJa";
        let turns = thread_turns(crlf).unwrap();
        assert_eq!(&crlf[turns[1].1.start..turns[1].1.end], "Ja");
    }
}
