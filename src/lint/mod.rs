//! The pipeline from paths to findings, and the one finding model every printer reads: a
//! [`FileReport`] per file, a [`ReplyReport`] per reply in it, findings with byte spans of the
//! file. Reading is `input`'s, judging is `check`'s, the team's settings are `config`'s.

pub mod baseline;

use crate::check::{Dimensions, Engine, Finding, check_reply};
use crate::config::{CommandLine, Config, TemplateMeta};
use crate::diagnostic::Diagnostic;
use crate::input::{
    Format, LARGE_TEXT, Limits, Mapped, Template, Turn, decode, from_utf16, library, line_over_limit, looks_binary,
    paragraphs, read_bytes, thread_turns,
};
use crate::rules::{Context, Severity};
use crate::span::{LineIndex, Position, Span};
use crate::templates::TemplateIndex;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A signal seen in the citizen's message.
#[derive(Debug, Clone)]
pub struct IncomingSignal {
    /// Index of the signal in its `RuleSet`.
    pub signal: usize,
    /// The file the message is in, and its text.
    pub path: String,
    pub source: Arc<str>,
    /// Bytes of `source`, and their line and column there.
    pub span: Span,
    pub start: Position,
    pub end: Position,
}

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

/// Everything nabij has to say about one input file.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub path: String,
    pub source: Arc<str>,
    pub replies: Vec<ReplyReport>,
    pub errors: Vec<Diagnostic>,
    /// Why the file was not checked (a binary file, a TOML file that is no library).
    pub skipped: Option<String>,
    /// Where the lines of `source` start: every printer's positions come from here.
    pub lines: LineIndex,
    /// Bytes of `source` that hold personal data, sorted: every text shown from the file
    /// ([`FileReport::text`]) has them masked. nabij does not spread what it warns about.
    pub personal: Vec<Span>,
}

impl FileReport {
    fn new(path: String, source: Arc<str>) -> FileReport {
        FileReport {
            lines: LineIndex::new(&source),
            path,
            source,
            replies: Vec::new(),
            errors: Vec::new(),
            skipped: None,
            personal: Vec::new(),
        }
    }

    /// The file's text in `span`, as it may be shown: personal data masked, every byte
    /// offset, line and column where it was.
    pub fn text(&self, span: Span) -> std::borrow::Cow<'_, str> {
        shown(&self.source, &self.personal, span)
    }

    /// The line and column of a byte of the file.
    pub fn position(&self, offset: usize) -> Position {
        self.lines.position(&self.source, offset)
    }
}

/// `source[span]` with the `personal` bytes in it masked.
pub(crate) fn shown<'s>(source: &'s str, personal: &[Span], span: Span) -> std::borrow::Cow<'s, str> {
    if personal.iter().any(|p| p.overlaps(span)) {
        std::borrow::Cow::Owned(crate::privacy::mask_part(source, span, personal))
    } else {
        std::borrow::Cow::Borrowed(&source[span.start..span.end])
    }
}

/// The citizen's message as one reply's check sees it: the file it is in, that file's text
/// and lines, and the bytes of the message there.
struct Message {
    path: String,
    source: Arc<str>,
    lines: Arc<LineIndex>,
    span: Span,
}

impl Message {
    fn new(path: String, source: Arc<str>, span: Span) -> Message {
        Message {
            lines: Arc::new(LineIndex::new(&source)),
            path,
            source,
            span,
        }
    }
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
    /// What the command line says; `config` layers it (see [`Config::layer`]).
    pub command_line: CommandLine,
    pub incoming: Option<Incoming>,
    pub templates: Option<TemplateIndex>,
    /// The team's settings: library key names, per-path overrides, rule policies.
    pub config: Config,
    pub limits: Limits,
}

/// The options of a check: the team's settings, what the command line says, the citizen's
/// message (`--incoming`, read now) and the team's library (`--templates`, indexed now).
/// Problems reading either are returned; a check that cannot run at all is an error.
pub fn prepare(
    config: Config,
    command_line: CommandLine,
    incoming: Option<&Path>,
    templates: Option<&Path>,
    limits: Limits,
    paths: &[PathBuf],
) -> Result<(CheckOptions, Vec<Diagnostic>), String> {
    let stdin = Path::new("-");
    if incoming == Some(stdin) && paths.iter().any(|p| p == stdin) {
        return Err("standard input can be read once: give the draft or the incoming message as a file".into());
    }
    let mut problems = Vec::new();
    let incoming = match incoming.map(|p| crate::input::read_input(p, limits)) {
        None => None,
        Some(Ok((path, text))) => Some(Incoming {
            path,
            source: text.into(),
        }),
        Some(Err(d)) => {
            problems.push(*d);
            None
        }
    };
    let templates = templates.map(|dir| {
        let (index, errors) = read_templates(dir, &config);
        problems.extend(errors);
        index
    });
    let options = CheckOptions {
        command_line,
        incoming,
        templates,
        config,
        limits,
    };
    Ok((options, problems))
}

/// Check every file, in parallel; reports come back in the order of `files`.
pub fn check_files(set: &Engine, options: &CheckOptions, files: &[(PathBuf, bool)]) -> Vec<FileReport> {
    use rayon::prelude::*;
    files
        .par_iter()
        .map(|(path, explicit)| check_path(set, options, path, *explicit))
        .collect()
}

/// Read and check one path; a read error becomes the report's error. A file found by walking
/// a folder (`explicit` false) that is binary, or a TOML/YAML/JSON file that holds no
/// template list, is skipped with a note rather than reported as an error.
pub fn check_path(set: &Engine, options: &CheckOptions, path: &Path, explicit: bool) -> FileReport {
    let failed = |d: Diagnostic| FileReport {
        errors: vec![d.clone()],
        ..FileReport::new(d.path, Arc::from(""))
    };
    let skipped = |name: String, why: &str| FileReport {
        skipped: Some(why.to_string()),
        ..FileReport::new(name, Arc::from(""))
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

/// Check a file: one reply, a thread of the citizen's message(s) and a reply, or a library
/// of templates (by its extension; see `library`).
pub fn check_source(set: &Engine, options: &CheckOptions, path: String, source: String) -> FileReport {
    let source: Arc<str> = Arc::from(source);
    let format = Format::of(&path);
    let mut errors = Vec::new();
    // The citizen's message(s).
    let mut incoming: Vec<Message> = Vec::new();
    let large = format == Format::Text && source.len() > LARGE_TEXT && thread_turns(&source).is_none();
    let templates = match thread_turns(&source).filter(|_| format == Format::Text) {
        Some(turns) => {
            let draft = turns.iter().rposition(|(t, _)| *t == Turn::Reply);
            if draft.is_none() {
                errors.push(Diagnostic::new(&path, "thread has no `--- antwoord` turn to check"));
            }
            let lines = Arc::new(LineIndex::new(&source));
            incoming.extend(
                turns[..draft.unwrap_or(turns.len())]
                    .iter()
                    .filter(|(t, _)| *t == Turn::Citizen)
                    .map(|(_, span)| Message {
                        path: path.clone(),
                        source: source.clone(),
                        lines: lines.clone(),
                        span: *span,
                    }),
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
        incoming.push(Message::new(
            i.path.clone(),
            i.source.clone(),
            Span::new(0, i.source.len()),
        ));
    }
    // Personal data found in the file, for masking (rare: no room for it in every reply).
    let personal: std::sync::Mutex<Vec<Span>> = std::sync::Mutex::default();
    let check_one = |t: &Template| {
        // The team's settings for this path and this template.
        let meta = TemplateMeta {
            platform: t.platform,
            automatic: t.automatic,
        };
        let layered = options
            .config
            .layer(&options.command_line, Some(Path::new(&path)), meta);
        let policies = layered.policies;
        let (mut reply, found) = check_template(set, options, layered.context, t, &incoming, &source);
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
    // Personal data is masked in every text a printer quotes from the file.
    let mut personal = personal.into_inner().unwrap_or_else(|e| e.into_inner());
    personal.sort_unstable_by_key(|s| (s.start, s.end));
    FileReport {
        replies,
        errors,
        personal,
        ..FileReport::new(path, source)
    }
}

/// Check one template (or reply) in its layered context: its report,
/// and the bytes of the file that hold personal data (to be masked).
fn check_template(
    set: &Engine,
    options: &CheckOptions,
    mut context: Context,
    template: &Template,
    incoming: &[Message],
    file_source: &Arc<str>,
) -> (ReplyReport, Vec<Span>) {
    let text = &template.text.text;
    context.template = options.templates.as_ref().and_then(|t| t.best_match(text));
    context.allow = template.allow.iter().map(|(id, _)| id.clone()).collect();
    let parts: Vec<&str> = incoming.iter().map(|m| &m.source[m.span.start..m.span.end]).collect();
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
    let mut shown: Vec<Arc<str>> = incoming.iter().map(|m| m.source.clone()).collect();
    for (i, Message { source: src, span, .. }) in incoming.iter().enumerate() {
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
            let m = &incoming[part];
            let span = shifted(h.span, m.span.start);
            IncomingSignal {
                signal: h.signal,
                path: m.path.clone(),
                source: shown[part].clone(),
                span,
                // Masking keeps every offset: the lines of the message as read still hold.
                start: m.lines.position(&m.source, span.start),
                end: m.lines.position(&m.source, span.end),
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

/// Shift a span that is relative to `base`.
fn shifted(span: Span, base: usize) -> Span {
    Span::new(span.start + base, span.end + base)
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

/// The files to check for the paths given (see [`crate::input::collect_files`]): folders are
/// walked without `nabij.toml` and the team's `exclude` globs.
pub fn collect_files(paths: &[PathBuf], config: &Config) -> (Vec<(PathBuf, bool)>, Vec<Diagnostic>) {
    let excluded = |p: &Path| p.file_name().is_some_and(|n| n == crate::config::FILE_NAME) || config.excluded(p);
    crate::input::collect_files(paths, &excluded)
}

/// Counts over a whole run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    /// Files passed over (binary, a TOML file that is no library).
    pub skipped: usize,
    pub replies: usize,
    pub findings: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Read, rule and config errors (not findings).
    pub problems: usize,
}

impl Summary {
    pub fn of(files: &[FileReport], other_problems: usize) -> Summary {
        let mut s = Summary {
            problems: other_problems,
            ..Summary::default()
        };
        for f in files {
            if f.skipped.is_some() {
                s.skipped += 1;
                continue;
            }
            s.files += 1;
            s.problems += f.errors.len();
            s.replies += f.replies.len();
            for finding in f.replies.iter().flat_map(|r| &r.findings) {
                s.findings += 1;
                match finding.severity {
                    Severity::Error => s.errors += 1,
                    Severity::Warning => s.warnings += 1,
                    Severity::Info => s.infos += 1,
                }
            }
        }
        s
    }

    /// Whether any finding is at or above `level`.
    pub fn fails_at(&self, level: Severity) -> bool {
        match level {
            Severity::Error => self.errors > 0,
            Severity::Warning => self.errors + self.warnings > 0,
            Severity::Info => self.findings > 0,
        }
    }
}

/// What to do with a baseline in a run, and when it fails.
#[derive(Debug)]
pub struct RunOptions {
    /// Findings this baseline records do not fail the run.
    pub baseline: Option<PathBuf>,
    /// Record the run's findings here.
    pub write_baseline: Option<PathBuf>,
    /// Replace an existing `write_baseline` file.
    pub force: bool,
    pub fail_on: crate::rules::Severity,
}

/// A finished check run: what every check printer prints.
#[derive(Debug)]
pub struct Outcome {
    pub files: Vec<FileReport>,
    /// Problems not tied to a checked file (rules, config, walking folders, the baseline).
    pub problems: Vec<Diagnostic>,
    pub summary: Summary,
    pub fail_on: crate::rules::Severity,
    /// Baselined findings that are gone, each with how many times it was recorded.
    pub gone: Vec<(baseline::Key, usize)>,
    /// What the run did besides checking ("wrote 12 findings to the baseline ...").
    pub notes: Vec<String>,
}

/// Check `paths` and apply the baseline settings. An error is a run that cannot go on (the
/// baseline would overwrite a checked file, or cannot be written).
pub fn run(
    set: &Engine,
    options: &CheckOptions,
    paths: &[PathBuf],
    run: &RunOptions,
    mut problems: Vec<Diagnostic>,
) -> Result<Outcome, String> {
    use baseline::Baseline;
    let (files, walk_errors) = collect_files(paths, &options.config);
    problems.extend(walk_errors);
    if let Some(path) = &run.write_baseline
        && let Some((checked, _)) = files.iter().find(|(f, _)| crate::write::same_file(f, path))
    {
        return Err(format!(
            "{} is a file being checked; write the baseline elsewhere",
            checked.display()
        ));
    }
    let mut reports = check_files(set, options, &files);
    let mut notes = Vec::new();
    if let Some(path) = &run.write_baseline {
        let baseline = Baseline::of(&reports, set);
        crate::write::write_atomic(path, &baseline.to_json(), run.force).map_err(|e| e.to_string())?;
        notes.push(format!(
            "wrote {} findings to the baseline {}",
            baseline.len(),
            path.display()
        ));
    }
    let mut gone = Vec::new();
    if let Some(path) = &run.baseline {
        match crate::read::bounded_text(path, crate::read::MAX_BASELINE_BYTES)
            .map_err(|e| format!("the file {e}"))
            .and_then(|t| Baseline::parse(&t))
        {
            Ok(b) => gone = b.apply(&mut reports, set),
            Err(e) => problems.push(Diagnostic::new(
                path.display().to_string(),
                format!("cannot use baseline: {e}"),
            )),
        }
    }
    let summary = Summary::of(&reports, problems.len());
    Ok(Outcome {
        files: reports,
        problems,
        summary,
        fail_on: run.fail_on,
        gone,
        notes,
    })
}
