//! The pipeline from paths to findings, and the one finding model every printer reads: a
//! [`FileReport`] per file, a [`ReplyReport`] per reply in it, findings with byte spans of the
//! file. Reading is `input`'s, judging is `check`'s, the team's settings are `config`'s.

pub mod baseline;
mod file;
pub mod fix;

pub use file::{
    check_path, check_path_in_parts, check_path_unless_over, check_source, check_source_in_parts, read_templates,
};

use crate::check::{Dimensions, Engine, Finding, check_reply};
use crate::config::{CommandLine, Config, TemplateMeta};
use crate::diagnostic::Diagnostic;
use crate::input::{
    Format, LARGE_TEXT, Limits, Mapped, Template, Turn, decode, from_utf16, library, line_over_limit, looks_binary,
    next_paragraph, read_bytes_unless_over, thread_turns,
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
    /// The reply says "u" (by the team's `voice`, or more u than je): its suggestions are
    /// given in u-form.
    pub formal: bool,
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
    pub lines: Arc<LineIndex>,
    /// Bytes of `source` that hold personal data, sorted: every text shown from the file
    /// ([`FileReport::text`]) has them masked. nabij does not spread what it warns about.
    pub personal: Vec<Span>,
}

impl FileReport {
    fn new(path: String, source: Arc<str>) -> FileReport {
        FileReport {
            lines: Arc::new(LineIndex::new(&source)),
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

    /// A file's report from its parts (there is at least one).
    pub fn whole(mut parts: impl Iterator<Item = FileReport>) -> FileReport {
        let mut whole = parts.next().expect("a file has at least one part");
        for part in parts {
            whole.join(part);
        }
        whole
    }

    /// Add the next part of the same file: its replies, personal data and errors.
    pub fn join(&mut self, part: FileReport) {
        self.replies.extend(part.replies);
        self.errors.extend(part.errors);
        self.personal.extend(part.personal);
    }

    /// The line and column of a byte of the file.
    pub fn position(&self, offset: usize) -> Position {
        self.lines.position(&self.source, offset)
    }
}

/// `items` mapped by `f`, in order: in parallel when there are several, on this thread when
/// there is one (a single draft would otherwise start the thread pool, which costs more
/// than checking it).
pub(crate) fn map_each<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    use rayon::prelude::*;
    if items.len() < 2 {
        items.iter().map(f).collect()
    } else {
        items.par_iter().map(f).collect()
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

/// The citizen's message a reply answers: a file of its own (`--incoming`).
#[derive(Debug, Clone)]
pub struct Incoming {
    pub path: String,
    pub source: Arc<str>,
    /// Where its lines start, made once for every file it is checked with.
    pub lines: Arc<LineIndex>,
}

impl Incoming {
    pub fn new(path: String, source: Arc<str>) -> Incoming {
        Incoming {
            lines: Arc::new(LineIndex::new(&source)),
            path,
            source,
        }
    }
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
        return Err(
            "standaardinvoer kan één keer gelezen worden: geef het concept of het bericht van de burger als bestand"
                .into(),
        );
    }
    let mut problems = Vec::new();
    let incoming = match incoming.map(|p| crate::input::read_input(p, limits)) {
        None => None,
        Some(Ok((path, text))) => Some(Incoming::new(path, text.into())),
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

/// One checked file, or one part of a large one, as the run hands it on: a large file comes
/// in parts of at most [`PART_REPLIES`] replies, in order, so it is never held whole. Its
/// errors come with its last part.
#[derive(Debug, Clone, Copy)]
pub struct Part<'a> {
    pub file: &'a FileReport,
    /// The file's number in the run, from 0.
    pub index: usize,
    pub first: bool,
    pub last: bool,
    /// How many of the file's replies came in its earlier parts.
    pub replies_before: usize,
}

/// The most replies in one part of a file.
pub const PART_REPLIES: usize = 8192;

/// Small files (each at most [`LARGE_TEXT`]) checked in parallel at a time.
const FILES_PER_BATCH: usize = 256;

/// Check every file and hand each on (in the order of `files`) as soon as it is checked: small
/// files in parallel batches, a large one (over [`LARGE_TEXT`], or standard input) alone,
/// part by part. A batch does not read its large files: they wait for their turn.
pub fn check_files_each(
    set: &Engine,
    options: &CheckOptions,
    files: &[PathBuf],
    each: &mut dyn FnMut(FileReport, usize, bool, bool),
) {
    let mut emit = |parts: Box<dyn Iterator<Item = FileReport> + '_>, index: usize| {
        let mut parts = parts.peekable();
        let mut first = true;
        while let Some(file) = parts.next() {
            each(file, index, first, parts.peek().is_none());
            first = false;
        }
    };
    for (b, batch) in files.chunks(FILES_PER_BATCH).enumerate() {
        // Small files read and checked in parallel; `None` for one too large for a batch.
        let checked: Vec<Option<FileReport>> = map_each(batch, |path| {
            if path == Path::new("-") {
                return None;
            }
            let parts = check_path_unless_over(set, options, path, LARGE_TEXT as u64)?;
            Some(FileReport::whole(parts))
        });
        for (k, (checked, path)) in checked.into_iter().zip(batch).enumerate() {
            let index = b * FILES_PER_BATCH + k;
            match checked {
                Some(file) => emit(Box::new(std::iter::once(file)), index),
                None => emit(check_path_in_parts(set, options, path), index),
            }
        }
    }
}

/// The files to check for the paths given (see [`crate::input::collect_files`]): folders are
/// walked without `nabij.toml` and the team's `exclude` globs, which also apply to the files
/// named unless `exclude_named` is off.
pub fn collect_files(paths: &[PathBuf], config: &Config, exclude_named: bool) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let excluded = |p: &Path| p.file_name().is_some_and(|n| n == crate::config::FILE_NAME) || config.excluded(p);
    crate::input::collect_files(paths, &excluded, exclude_named)
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
            s.add(f, true);
        }
        s
    }

    /// Count one file, or one part of it (`first`: the file's first part).
    pub fn add(&mut self, f: &FileReport, first: bool) {
        if f.skipped.is_some() {
            self.skipped += 1;
            return;
        }
        self.files += usize::from(first);
        self.problems += f.errors.len();
        self.replies += f.replies.len();
        for finding in f.replies.iter().flat_map(|r| &r.findings) {
            self.findings += 1;
            match finding.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
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
    /// Check a file named on the command line even when `exclude` matches it.
    pub no_force_exclude: bool,
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
    /// Findings per rule (by index): how many, and the most severe.
    pub by_rule: std::collections::BTreeMap<usize, (usize, Severity)>,
    /// The files passed over, and why.
    pub skipped: Vec<(String, String)>,
}

/// Check `paths` and apply the baseline settings; the reports whole, in `Outcome::files`.
/// An error is a run that cannot go on (the baseline would overwrite a checked file, or
/// cannot be written).
pub fn run(
    set: &Engine,
    options: &CheckOptions,
    paths: &[PathBuf],
    run: &RunOptions,
    problems: Vec<Diagnostic>,
) -> Result<Outcome, String> {
    let mut files: Vec<FileReport> = Vec::new();
    let mut outcome = run_each(set, options, paths, run, problems, &mut |step| {
        if let Step::File(part) = step {
            match files.last_mut() {
                Some(whole) if !part.first => whole.join(part.file.clone()),
                _ => files.push(part.file.clone()),
            }
        }
    })?;
    outcome.files = files;
    Ok(outcome)
}

/// What a run hands on as it goes.
#[derive(Debug, Clone, Copy)]
pub enum Step<'a> {
    /// Before the first file: the problems known then (rules, settings, walking folders,
    /// the baseline).
    Start(&'a [Diagnostic]),
    /// A file, or a part of a large one, as soon as it is checked.
    File(Part<'a>),
}

/// [`run`], handing each file (or part of a large one) to `each` as soon as it is checked
/// and then letting it go: a printer that writes as it goes holds nothing of the run.
/// `Outcome::files` stays empty.
pub fn run_each(
    set: &Engine,
    options: &CheckOptions,
    paths: &[PathBuf],
    run: &RunOptions,
    mut problems: Vec<Diagnostic>,
    each: &mut dyn FnMut(Step<'_>),
) -> Result<Outcome, String> {
    use baseline::Baseline;
    let (files, walk_errors) = collect_files(paths, &options.config, !run.no_force_exclude);
    problems.extend(walk_errors);
    if let Some(path) = &run.write_baseline
        && let Some(checked) = files.iter().find(|f| crate::write::same_file(f, path))
    {
        return Err(format!(
            "{} is een bestand dat gecontroleerd wordt; schrijf de baseline ergens anders",
            checked.display()
        ));
    }
    let mut applying = None;
    if let Some(path) = &run.baseline {
        match crate::read::bounded_text(path, crate::read::MAX_BASELINE_BYTES)
            .map_err(|e| format!("het bestand {e}"))
            .and_then(|t| Baseline::parse(&t))
        {
            Ok(b) => applying = Some(b),
            Err(e) => problems.push(Diagnostic::new(
                path.display().to_string(),
                format!("kan de baseline niet gebruiken: {e}"),
            )),
        }
    }
    each(Step::Start(&problems));
    let mut recording = run.write_baseline.as_ref().map(|_| Baseline::default());
    let mut summary = Summary {
        problems: problems.len(),
        ..Summary::default()
    };
    let mut by_rule = std::collections::BTreeMap::new();
    // Files named on the command line that `exclude` (or being nabij.toml) leaves out.
    let mut skipped: Vec<(String, String)> = paths
        .iter()
        .filter(|p| p.as_os_str() != "-" && !p.is_dir() && !files.contains(p))
        .map(|p| {
            let why = if p.file_name().is_some_and(|n| n == crate::config::FILE_NAME) {
                "de instellingen van nabij"
            } else {
                "valt onder `exclude` in nabij.toml (--no-force-exclude controleert het toch)"
            };
            (p.display().to_string(), why.to_string())
        })
        .collect();
    summary.skipped += skipped.len();
    // The files checked, for the baseline's gone findings.
    let mut checked = std::collections::BTreeSet::new();
    let (mut replies_before, mut replies_last) = (0, 0);
    check_files_each(set, options, &files, &mut |mut file, index, first, last| {
        if let Some(b) = &mut recording {
            b.record(&file, set);
        }
        if let Some(b) = &mut applying {
            b.take(&mut file, set);
        }
        summary.add(&file, first);
        for f in file.replies.iter().flat_map(|r| &r.findings) {
            let e = by_rule.entry(f.rule).or_insert((0, f.severity));
            e.0 += 1;
            e.1 = e.1.max(f.severity);
        }
        if let Some(why) = &file.skipped {
            skipped.push((file.path.clone(), why.clone()));
        } else if first && applying.is_some() {
            checked.insert(file.path.clone());
        }
        replies_before = if first { 0 } else { replies_before + replies_last };
        replies_last = file.replies.len();
        each(Step::File(Part {
            file: &file,
            index,
            first,
            last,
            replies_before,
        }));
    });
    let mut notes = Vec::new();
    if let (Some(path), Some(baseline)) = (&run.write_baseline, recording) {
        crate::write::write_atomic(path, &baseline.to_json(), run.force).map_err(|e| e.to_string())?;
        notes.push(format!(
            "{} vastgelegd in de baseline {}",
            crate::diagnostic::plural(baseline.len(), "bevinding", "bevindingen"),
            path.display()
        ));
    }
    Ok(Outcome {
        files: Vec::new(),
        problems,
        summary,
        fail_on: run.fail_on,
        gone: applying
            .map(|b| {
                // A file checked now, or one that is no longer there in a folder walked now.
                let walked: Vec<&PathBuf> = paths.iter().filter(|p| p.is_dir()).collect();
                b.gone(&|path| {
                    checked.contains(path)
                        || (walked.iter().any(|d| Path::new(path).starts_with(d)) && !Path::new(path).exists())
                })
            })
            .unwrap_or_default(),
        notes,
        by_rule,
        skipped,
    })
}
