//! The printers of a check run, one per `--format`, over one model: the run's start, each
//! file (or part of one) as it is checked, and the [`Outcome`].

use super::{Printer, Sink, compact, github, human, json, sarif};
use crate::lint::{Outcome, Part};
use crate::rules::RuleSet;
use annotate_snippets::Renderer;

/// The output formats of `nabij check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Compact,
    Json,
    Sarif,
    Github,
}

impl Format {
    /// Formats a program reads: notes and statistics go to standard error, not into them.
    pub fn is_document(self) -> bool {
        matches!(self, Format::Json | Format::Sarif)
    }
}

/// The start of a check run: the problems known before the first file.
pub struct RunStart<'a> {
    pub problems: &'a [crate::diagnostic::Diagnostic],
}

/// A printer of a check run, told of it as it goes: its start, every file (or part of a
/// large one) as soon as it is checked, and its end (an [`Outcome`] without the files). The
/// printers write as they go and hold nothing of the run (GitHub sets findings aside in
/// temporary files until it knows which are the most severe).
pub trait CheckPrinter: for<'a> Printer<RunStart<'a>> + for<'a> Printer<Part<'a>> + Printer<Outcome> {}

impl<T: for<'a> Printer<RunStart<'a>> + for<'a> Printer<Part<'a>> + Printer<Outcome>> CheckPrinter for T {}

/// The printer of `format`. `quiet` leaves out the summary, the profile lines and the notes;
/// `renderer` styles the human format. `None`: print only errors (`--statistics --quiet`
/// prints only its table).
pub fn printer<'a>(
    format: Option<Format>,
    set: &'a RuleSet,
    quiet: bool,
    renderer: Renderer,
) -> Box<dyn CheckPrinter + 'a> {
    let Some(format) = format else {
        return Box::new(ErrorsOnly);
    };
    match format {
        Format::Human => Box::new(Human { set, quiet, renderer }),
        Format::Compact => Box::new(Compact { set, quiet }),
        Format::Json => Box::new(Json { set }),
        Format::Sarif => Box::new(Sarif {
            set,
            results: Default::default(),
            errors: Default::default(),
        }),
        Format::Github => Box::new(Github {
            set,
            annotations: Default::default(),
        }),
    }
}

/// Check and print as the run goes ([`crate::lint::run_each`]): each file is printed as soon
/// as it is checked, then let go. The outcome, printed too.
pub fn check_and_print(
    printer: &dyn CheckPrinter,
    set: &crate::check::Engine,
    options: &crate::lint::CheckOptions,
    paths: &[std::path::PathBuf],
    run: &crate::lint::RunOptions,
    problems: Vec<crate::diagnostic::Diagnostic>,
    sink: &mut dyn Sink,
) -> Result<Outcome, String> {
    use crate::lint::Step;
    let outcome = crate::lint::run_each(set, options, paths, run, problems, &mut |step| match step {
        Step::Start(problems) => printer.print(&RunStart { problems }, sink),
        Step::File(part) => printer.print(&part, sink),
    })?;
    printer.print(&outcome, sink);
    Ok(outcome)
}

/// Print a whole run (the files in `run.files`) with a check printer.
pub fn print_run(printer: &dyn CheckPrinter, run: &Outcome, sink: &mut dyn Sink) {
    printer.print(
        &RunStart {
            problems: &run.problems,
        },
        sink,
    );
    for (index, file) in run.files.iter().enumerate() {
        let whole = Part {
            file,
            index,
            first: true,
            last: true,
            replies_before: 0,
        };
        printer.print(&whole, sink);
    }
    printer.print(run, sink);
}

/// Only the errors of a run: its problems and the files that could not be read.
pub struct ErrorsOnly;

impl Printer<RunStart<'_>> for ErrorsOnly {
    fn print(&self, start: &RunStart<'_>, sink: &mut dyn Sink) {
        sink.diagnostics(start.problems);
    }
}

impl Printer<Part<'_>> for ErrorsOnly {
    fn print(&self, part: &Part<'_>, sink: &mut dyn Sink) {
        sink.diagnostics(&part.file.errors);
    }
}

impl Printer<Outcome> for ErrorsOnly {
    fn print(&self, _: &Outcome, _: &mut dyn Sink) {}
}

pub struct Human<'a> {
    pub set: &'a RuleSet,
    pub quiet: bool,
    pub renderer: Renderer,
}

impl Printer<RunStart<'_>> for Human<'_> {
    fn print(&self, start: &RunStart<'_>, sink: &mut dyn Sink) {
        sink.diagnostics(start.problems);
    }
}

impl Printer<Part<'_>> for Human<'_> {
    fn print(&self, part: &Part<'_>, sink: &mut dyn Sink) {
        sink.diagnostics(&part.file.errors);
        // In pieces of about 64 KiB: a large archive's report runs to hundreds of megabytes.
        let mut piece = String::new();
        human::render_each(part.file, self.set, &self.renderer, !self.quiet, &mut |s| {
            piece.push_str(s);
            if piece.len() > 1 << 16 {
                sink.styled(&std::mem::take(&mut piece));
            }
        });
        sink.styled(&piece);
    }
}

impl Printer<Outcome> for Human<'_> {
    fn print(&self, run: &Outcome, sink: &mut dyn Sink) {
        if !self.quiet {
            sink.styled(&human::summary_line(&run.summary));
            sink.styled("\n");
        }
    }
}

pub struct Compact<'a> {
    pub set: &'a RuleSet,
    pub quiet: bool,
}

impl Printer<RunStart<'_>> for Compact<'_> {
    fn print(&self, start: &RunStart<'_>, sink: &mut dyn Sink) {
        sink.diagnostics(start.problems);
    }
}

impl Printer<Part<'_>> for Compact<'_> {
    fn print(&self, part: &Part<'_>, sink: &mut dyn Sink) {
        sink.diagnostics(&part.file.errors);
        for chunk in compact::chunks(std::slice::from_ref(part.file), self.set, 1 << 16) {
            sink.plain(&chunk);
        }
    }
}

impl Printer<Outcome> for Compact<'_> {
    fn print(&self, run: &Outcome, sink: &mut dyn Sink) {
        if !self.quiet {
            sink.styled(&compact::summary(&run.summary));
        }
    }
}

pub struct Json<'a> {
    pub set: &'a RuleSet,
}

impl Printer<RunStart<'_>> for Json<'_> {
    fn print(&self, _: &RunStart<'_>, sink: &mut dyn Sink) {
        sink.plain(&json::start());
    }
}

impl Printer<Part<'_>> for Json<'_> {
    fn print(&self, part: &Part<'_>, sink: &mut dyn Sink) {
        json::part(part, self.set, &mut |s| sink.plain(s));
    }
}

impl Printer<Outcome> for Json<'_> {
    fn print(&self, run: &Outcome, sink: &mut dyn Sink) {
        let files = run.summary.files + run.summary.skipped;
        sink.plain(&json::end(&run.problems, run.summary, run.fail_on, files));
        sink.plain("\n");
    }
}

/// GitHub workflow commands: the most severe findings become annotations, so they are
/// sorted out as they come (see [`github::Annotations`]) and written at the end.
pub struct Github<'a> {
    pub set: &'a RuleSet,
    pub annotations: std::cell::RefCell<github::Annotations>,
}

impl Printer<RunStart<'_>> for Github<'_> {
    fn print(&self, start: &RunStart<'_>, sink: &mut dyn Sink) {
        sink.diagnostics(start.problems);
    }
}

impl Printer<Part<'_>> for Github<'_> {
    fn print(&self, part: &Part<'_>, sink: &mut dyn Sink) {
        sink.diagnostics(&part.file.errors);
        if let Err(e) = self.annotations.borrow_mut().add(part.file, self.set) {
            sink.note(&format!(
                "fout: kan de bevindingen niet apart zetten voor de annotaties: {e}\n"
            ));
        }
    }
}

impl Printer<Outcome> for Github<'_> {
    fn print(&self, _: &Outcome, sink: &mut dyn Sink) {
        let annotations = self.annotations.take();
        if let Err(e) = annotations.finish(&mut |s| sink.plain(s)) {
            sink.note(&format!(
                "fout: kan de apart gezette bevindingen niet teruglezen: {e}\n"
            ));
        }
    }
}

/// SARIF: the results as they come; the files' errors, which become notifications after
/// them, are kept until the end.
pub struct Sarif<'a> {
    pub set: &'a RuleSet,
    pub results: std::cell::Cell<usize>,
    pub errors: std::cell::RefCell<Vec<crate::diagnostic::Diagnostic>>,
}

impl Printer<RunStart<'_>> for Sarif<'_> {
    fn print(&self, _: &RunStart<'_>, sink: &mut dyn Sink) {
        sink.plain(&sarif::start(self.set));
    }
}

impl Printer<Part<'_>> for Sarif<'_> {
    fn print(&self, part: &Part<'_>, sink: &mut dyn Sink) {
        let before = self.results.get();
        sarif::part(part.file, self.set, before, &mut |s| sink.plain(s));
        let found: usize = part.file.replies.iter().map(|r| r.findings.len()).sum();
        self.results.set(before + found);
        self.errors.borrow_mut().extend(part.file.errors.iter().cloned());
    }
}

impl Printer<Outcome> for Sarif<'_> {
    fn print(&self, run: &Outcome, sink: &mut dyn Sink) {
        let errors = self.errors.take();
        sink.plain(&sarif::end(
            self.set,
            run.problems.iter().chain(&errors),
            self.results.get(),
        ));
    }
}

/// `--statistics`: findings per rule, after the report (on standard error when the report is
/// a document a program reads).
pub struct Statistics<'a> {
    pub set: &'a RuleSet,
    pub format: Format,
}

impl Printer<Outcome> for Statistics<'_> {
    fn print(&self, run: &Outcome, sink: &mut dyn Sink) {
        let text = super::statistics(&run.by_rule, self.set);
        if self.format.is_document() {
            sink.note(&text);
        } else {
            sink.styled(&text);
        }
    }
}

/// The notes after a run, on standard error: what it did besides checking, the files passed
/// over, and the baselined findings that are gone.
pub fn notes(run: &Outcome, quiet: bool, sink: &mut dyn Sink) {
    for n in &run.notes {
        sink.note(&format!("{n}\n"));
    }
    if !quiet {
        for (path, why) in &run.skipped {
            sink.note(&format!(
                "opmerking: {} overgeslagen: {why}\n",
                super::untrusted_name(path)
            ));
        }
    }
    if run.gone.is_empty() || quiet {
        return;
    }
    let gone = run.gone.iter().map(|(_, n)| n).sum::<usize>();
    sink.note(&format!(
        "opmerking: {} uit de baseline {} verdwenen; schrijf de baseline opnieuw om {} te schrappen:\n",
        super::human::plural(gone, "bevinding", "bevindingen"),
        if gone == 1 { "is" } else { "zijn" },
        if gone == 1 { "haar" } else { "ze" }
    ));
    // A baseline is input like any other: every part of its entries is made safe.
    let name = super::untrusted_name;
    for (k, n) in &run.gone {
        let template = k
            .template
            .as_deref()
            .map(|t| format!(" [{}]", name(t)))
            .unwrap_or_default();
        sink.note(&format!(
            "  {}{}: {} \"{}\" ({}x)\n",
            name(&k.path),
            template,
            name(&k.rule),
            name(&k.text),
            n
        ));
    }
}
