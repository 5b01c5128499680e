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

use crate::check::Engine;
use crate::check::{Dimensions, Finding, check_reply};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::read::ReadError;
use crate::rules::Context;
use crate::span::Span;
use crate::templates::TemplateIndex;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The name a file read from standard input is shown under.
pub const STDIN_NAME: &str = "<stdin>";

/// One reply inside a checked file, with findings whose spans are bytes of the file.
#[derive(Debug, Clone)]
pub struct ReplyReport {
    /// The template's name; `None` for a file that is one reply.
    pub name: Option<String>,
    pub span: Span,
    pub findings: Vec<Finding>,
    pub dimensions: Dimensions,
    /// What the citizen's message shows, each signal in the text it was seen in.
    pub incoming: Vec<IncomingSignal>,
}

/// A signal seen in the citizen's message.
#[derive(Debug, Clone)]
pub struct IncomingSignal {
    /// Index of the signal in its `RuleSet`.
    pub signal: usize,
    /// The file the message is in, and its text.
    pub path: String,
    pub source: Arc<str>,
    /// Bytes of `source`.
    pub span: Span,
}

/// The citizen's message a reply answers: a file of its own (`--incoming`).
#[derive(Debug, Clone)]
pub struct Incoming {
    pub path: String,
    pub source: Arc<str>,
}

/// How to check: the context of every reply, the message they answer, the team's library.
#[derive(Debug, Default)]
pub struct CheckOptions {
    pub context: Context,
    pub incoming: Option<Incoming>,
    pub templates: Option<TemplateIndex>,
    /// The team's settings: library key names, per-path overrides, rule policies.
    pub config: Config,
    pub limits: Limits,
}

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

/// A byte count for people: "64 MiB", "1.5 KiB", "900 bytes".
pub fn human_bytes(n: u64) -> String {
    match n {
        n if n >= 1 << 30 && n % (1 << 30) == 0 => format!("{} GiB", n >> 30),
        n if n >= 1 << 20 && n % (1 << 20) == 0 => format!("{} MiB", n >> 20),
        n if n >= 1 << 20 => format!("{:.1} MiB", n as f64 / (1u64 << 20) as f64),
        n if n >= 1 << 10 && n % (1 << 10) == 0 => format!("{} KiB", n >> 10),
        n if n >= 1 << 10 => format!("{:.1} KiB", n as f64 / 1024.0),
        n => format!("{n} bytes"),
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
enum Turn {
    Citizen,
    Reply,
}

fn marker(line: &str) -> Option<Turn> {
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
fn thread_turns(source: &str) -> Option<Vec<(Turn, Span)>> {
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

/// Shift a span that is relative to `base`.
fn shifted(span: Span, base: usize) -> Span {
    Span::new(span.start + base, span.end + base)
}

/// Everything nabij has to say about one input file.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub path: String,
    pub source: Arc<str>,
    pub replies: Vec<ReplyReport>,
    pub errors: Vec<Diagnostic>,
    /// Why the file was not checked (a binary file, a TOML file that is no library).
    pub skipped: Option<String>,
}

/// A file that opens with a UTF-16 byte order mark (as Windows tools save "Unicode" text),
/// as UTF-8 without the mark; other bytes as they are. Lines and columns are then those of
/// the text as an editor shows it.
fn from_utf16(path: &str, bytes: Vec<u8>) -> Result<Vec<u8>, Box<Diagnostic>> {
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
                    format!("not valid UTF-16 at byte {}: a lone surrogate", 2 + 2 * i),
                )));
            }
        }
    }
    if bytes.len() % 2 == 1 {
        return Err(Box::new(Diagnostic::new(
            path,
            "not valid UTF-16: an odd number of bytes",
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
            format!("not valid UTF-8 at byte {at}; nabij reads UTF-8 text"),
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
fn read_bytes(path: &Path, limits: Limits) -> Result<(String, Vec<u8>), Box<Diagnostic>> {
    let too_large = |name: &str, what: &str, size: Option<u64>| {
        let size = size.map_or_else(String::new, |s| format!(" ({})", human_bytes(s)));
        Box::new(
            Diagnostic::new(
                name,
                format!(
                    "{what} is larger than the limit of {}{size}; nothing in it was checked",
                    human_bytes(limits.max_file_bytes)
                ),
            )
            .note("raise the limit with --max-file-size, or split the file"),
        )
    };
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        // Read one byte past the limit, to know it was passed without reading on.
        std::io::stdin()
            .take(limits.max_file_bytes + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Box::new(Diagnostic::new(STDIN_NAME, format!("cannot read standard input: {e}"))))?;
        if bytes.len() as u64 > limits.max_file_bytes {
            return Err(too_large(STDIN_NAME, "standard input", None));
        }
        return Ok((STDIN_NAME.to_string(), bytes));
    }
    let name = path.display().to_string();
    match crate::read::bounded(path, limits.max_file_bytes) {
        Ok(bytes) => {
            let bytes = from_utf16(&name, bytes)?;
            Ok((name, bytes))
        }
        Err(ReadError::NotRegular("a folder")) => Err(Box::new(Diagnostic::new(
            name,
            "is a directory; give the files to check",
        ))),
        Err(e @ ReadError::NotRegular(_)) => Err(Box::new(
            Diagnostic::new(&name, e.to_string()).note("give a file, or pipe the text in through standard input (-)"),
        )),
        Err(ReadError::TooLarge { size, .. }) => Err(too_large(&name, "the file", size)),
        Err(ReadError::Io(e)) => Err(Box::new(Diagnostic::new(&name, format!("cannot read file: {e}")))),
    }
}

/// An error when a line of `bytes` is longer than the limit.
fn line_over_limit(name: &str, bytes: &[u8], limits: Limits) -> Option<Diagnostic> {
    let (line, len) = overlong_line(bytes, limits.max_line_bytes)?;
    Some(
        Diagnostic::new(
            name,
            format!(
                "line {line} is {} long, over the limit of {}; nothing in the file was checked",
                human_bytes(len as u64),
                human_bytes(limits.max_line_bytes as u64)
            ),
        )
        .note("raise the limit with --max-line-length"),
    )
}

/// Check a file: one reply, a thread of the citizen's message(s) and a reply, or a library
/// of templates (by its extension; see `library`).
pub fn check_source(set: &Engine, options: &CheckOptions, path: String, source: String) -> FileReport {
    let source: Arc<str> = Arc::from(source);
    let format = Format::of(&path);
    let mut errors = Vec::new();
    // The citizen's message(s): (path, text, where the message stands in it).
    let mut incoming: Vec<(String, Arc<str>, Span)> = Vec::new();
    let large = format == Format::Text && source.len() > LARGE_TEXT && thread_turns(&source).is_none();
    let templates = match thread_turns(&source).filter(|_| format == Format::Text) {
        Some(turns) => {
            let draft = turns.iter().rposition(|(t, _)| *t == Turn::Reply);
            if draft.is_none() {
                errors.push(Diagnostic::new(&path, "thread has no `--- antwoord` turn to check"));
            }
            incoming.extend(
                turns[..draft.unwrap_or(turns.len())]
                    .iter()
                    .filter(|(t, _)| *t == Turn::Citizen)
                    .map(|(_, span)| (path.clone(), source.clone(), *span)),
            );
            draft
                .map(|i| {
                    let span = turns[i].1;
                    vec![Template {
                        name: None,
                        text: Mapped::verbatim(&source[span.start..span.end], span.start),
                        entry: span,
                        platform: None,
                        automatic: None,
                        allow: Vec::new(),
                    }]
                })
                .unwrap_or_default()
        }
        None if large => Vec::new(),
        None => match library::read(&path, &source, format, &options.config.schema) {
            Ok(t) => t,
            Err(e) => {
                errors.extend(e);
                Vec::new()
            }
        },
    };
    if let Some(i) = &options.incoming {
        incoming.push((i.path.clone(), i.source.clone(), Span::new(0, i.source.len())));
    }
    // The team's settings for this path.
    let (policies, automatic, platform, voice) = options.config.for_path(Path::new(&path));
    let mut context = options.context.clone();
    context.automatic = automatic.unwrap_or(context.automatic);
    context.platform = platform.or(context.platform);
    context.voice = voice.or(context.voice);
    // Personal data found in the file, for masking (rare: no room for it in every reply).
    let personal: std::sync::Mutex<Vec<Span>> = std::sync::Mutex::default();
    let check_one = |t: &Template| {
        let (mut reply, found) = check_template(set, options, &context, t, &incoming, &source);
        if !found.is_empty() {
            personal.lock().unwrap_or_else(|e| e.into_inner()).extend(found);
        }
        reply.findings.retain_mut(|f| {
            let rule = &set.rules()[f.rule];
            match crate::config::severity_of(&policies, &rule.id, f.severity) {
                Some(s) => {
                    f.severity = s;
                    true
                }
                None => false,
            }
        });
        reply
    };
    use rayon::prelude::*;
    let replies: Vec<ReplyReport> = if large {
        // A large text file is an archive of replies, one per paragraph: each is read from the
        // file only while it is checked, so memory stays near the size of the file.
        paragraphs(&source)
            .par_iter()
            .map(|span| check_one(&Template::plain(None, &source[span.start..span.end], span.start)))
            .collect()
    } else {
        templates.par_iter().map(check_one).collect()
    };
    // Personal data is masked in the text every printer quotes from: nabij does not spread
    // what it warns about. Masking keeps every byte offset, line and column.
    let personal = personal.into_inner().unwrap_or_else(|e| e.into_inner());
    let source = if personal.is_empty() {
        source
    } else {
        Arc::from(crate::privacy::mask(&source, &personal))
    };
    FileReport {
        path,
        source,
        replies,
        errors,
        skipped: None,
    }
}

/// From this size on, a text file is an archive: one reply per paragraph.
pub const LARGE_TEXT: usize = 1 << 20;

/// The paragraphs of a text: runs of non-blank lines, as byte ranges.
fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let blank = line.trim().is_empty();
        match (blank, start) {
            (false, None) => start = Some(at),
            (true, Some(s)) => {
                out.push(Span::new(s, at));
                start = None;
            }
            _ => {}
        }
        at += line.len();
    }
    if let Some(s) = start {
        out.push(Span::new(s, text.len()));
    }
    out
}

/// Check one template (or reply) with its own metadata over the run's context: its report,
/// and the bytes of the file that hold personal data (to be masked).
fn check_template(
    set: &Engine,
    options: &CheckOptions,
    context: &Context,
    template: &Template,
    incoming: &[(String, Arc<str>, Span)],
    file_source: &Arc<str>,
) -> (ReplyReport, Vec<Span>) {
    let text = &template.text.text;
    let mut context = context.clone();
    if let Some(p) = template.platform {
        context.platform = Some(p);
    }
    if let Some(a) = template.automatic {
        context.automatic = a;
    }
    context.template = options.templates.as_ref().and_then(|t| t.best_match(text));
    context.allow = template.allow.iter().map(|(id, _)| id.clone()).collect();
    let parts: Vec<&str> = incoming
        .iter()
        .map(|(_, src, span)| &src[span.start..span.end])
        .collect();
    let checked = check_reply(set, text, &parts, &context);
    let findings = checked
        .findings
        .into_iter()
        .map(|mut f| {
            f.span = template.text.to_file(f.span);
            f
        })
        .collect();
    let mut personal: Vec<Span> = checked.personal.iter().map(|&s| template.text.to_file(s)).collect();
    // The citizen's message as it may be shown: personal data in it masked. A message that
    // is a turn of the checked file itself is masked in the file's text too.
    let mut shown: Vec<Arc<str>> = incoming.iter().map(|(_, src, _)| src.clone()).collect();
    for (i, (_, src, span)) in incoming.iter().enumerate() {
        let spans: Vec<Span> = checked
            .incoming_personal
            .iter()
            .filter(|(part, _)| *part == i)
            .map(|&(_, s)| shifted(s, span.start))
            .collect();
        if !spans.is_empty() {
            shown[i] = Arc::from(crate::privacy::mask(src, &spans));
            if Arc::ptr_eq(src, file_source) {
                personal.extend(spans);
            }
        }
    }
    let signals = checked
        .incoming
        .into_iter()
        .map(|h| {
            let part = h.incoming.expect("an incoming signal names its part");
            let (path, _, span) = &incoming[part];
            IncomingSignal {
                signal: h.signal,
                path: path.clone(),
                source: shown[part].clone(),
                span: shifted(h.span, span.start),
            }
        })
        .collect();
    let reply = ReplyReport {
        name: template.name.clone(),
        span: template.entry,
        findings,
        dimensions: checked.dimensions,
        incoming: signals,
    };
    (reply, personal)
}

/// Read a template library (a folder, walked like `check` walks one, or a single file) into
/// an index. A template is named by its file's path below the folder, and its entry's name
/// for a library file (`sjablonen.toml#doorgezet`). Unreadable files are errors; the rest is
/// indexed.
pub fn read_templates(dir: &Path, config: &Config) -> (TemplateIndex, Vec<Diagnostic>) {
    if !dir.exists() {
        return (
            TemplateIndex::default(),
            vec![Diagnostic::new(dir.display().to_string(), "template library not found")],
        );
    }
    let (files, mut errors) = collect_files(&[dir.to_path_buf()], config);
    let mut texts = Vec::new();
    for (f, _) in files {
        let shown = f.display().to_string();
        let bytes = match crate::read::bounded(&f, Limits::default().max_file_bytes).map(|b| from_utf16(&shown, b)) {
            Ok(Err(d)) => {
                errors.push(*d);
                continue;
            }
            Ok(Ok(b)) if !looks_binary(&b) => b,
            Ok(_) => continue,
            Err(e) => {
                errors.push(Diagnostic::new(shown, format!("template file {e}")));
                continue;
            }
        };
        let source: Arc<str> = match decode(&shown, bytes) {
            Ok(t) => t.into(),
            Err(d) => {
                errors.push(*d);
                continue;
            }
        };
        let name = f.strip_prefix(dir).unwrap_or(&f).display().to_string();
        let name = if name.is_empty() { shown.clone() } else { name };
        match library::read(&shown, &source, Format::of(&shown), &config.schema) {
            Ok(templates) => texts.extend(templates.into_iter().map(|t| {
                let full = match &t.name {
                    Some(n) => format!("{name}#{n}"),
                    None => name.clone(),
                };
                (full, t.text.text)
            })),
            // Not every TOML, YAML or JSON file is a library.
            Err(e) if e.len() == 1 && e[0].message.starts_with(library::NOT_A_LIBRARY) => {}
            Err(e) => errors.extend(e),
        }
    }
    let index = TemplateIndex::new(texts.iter().map(|(n, t)| (n.clone(), t.as_str())));
    (index, errors)
}

/// Whether bytes look like a binary file: a NUL byte early on.
fn looks_binary(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(8192)].contains(&0)
}

/// Read and check one path; a read error becomes the report's error. A file found by walking
/// a folder (`explicit` false) that is binary, or a TOML/YAML/JSON file that holds no
/// template list, is skipped with a note rather than reported as an error.
pub fn check_path(set: &Engine, options: &CheckOptions, path: &Path, explicit: bool) -> FileReport {
    let failed = |d: Diagnostic| FileReport {
        path: d.path.clone(),
        source: Arc::from(""),
        replies: Vec::new(),
        errors: vec![d],
        skipped: None,
    };
    let skipped = |name: String, why: &str| FileReport {
        path: name,
        source: Arc::from(""),
        replies: Vec::new(),
        errors: Vec::new(),
        skipped: Some(why.to_string()),
    };
    let (name, bytes) = match read_bytes(path, options.limits) {
        Ok(read) => read,
        Err(d) => return failed(*d),
    };
    if looks_binary(&bytes) {
        return skipped(name, "binary file");
    }
    if let Some(d) = line_over_limit(&name, &bytes, options.limits) {
        return failed(d);
    }
    let text = match decode(&name, bytes) {
        Ok(t) => t,
        Err(d) => return failed(*d),
    };
    let report = check_source(set, options, name, text);
    let not_a_library = report.errors.len() == 1 && report.errors[0].message.starts_with(library::NOT_A_LIBRARY);
    if !explicit && not_a_library {
        return skipped(report.path, "no template list");
    }
    report
}

/// Extensions of the files a folder walk checks.
pub const EXTENSIONS: &[&str] = &["txt", "md", "markdown", "toml", "yaml", "yml", "json", "csv"];

/// The files to check for the paths given: files as they are, folders walked (respecting
/// .gitignore and .ignore, skipping hidden files, nabij.toml and `exclude` globs), sorted.
/// Each with whether it was named on the command line.
pub fn collect_files(paths: &[PathBuf], config: &Config) -> (Vec<(PathBuf, bool)>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p == Path::new("-") || !p.is_dir() {
            out.push((p.clone(), true));
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
                    let is_config = path.file_name().is_some_and(|n| n == crate::config::FILE_NAME);
                    if ext_ok && !is_config && !config.excluded(rel) && !config.excluded(&path) {
                        found.push(path);
                    }
                }
                Ok(_) => {}
                Err(e) => errors.push(Diagnostic::new(
                    p.display().to_string(),
                    format!("cannot walk folder: {e}"),
                )),
            }
        }
        found.sort();
        out.extend(found.into_iter().map(|f| (f, false)));
    }
    (out, errors)
}

/// Check every file, in parallel; reports come back in the order of `files`.
pub fn check_files(set: &Engine, options: &CheckOptions, files: &[(PathBuf, bool)]) -> Vec<FileReport> {
    use rayon::prelude::*;
    files
        .par_iter()
        .map(|(path, explicit)| check_path(set, options, path, *explicit))
        .collect()
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
