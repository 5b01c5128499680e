//! The printers of a check run, one per `--format`, all over the same [`Outcome`].

use super::{Printer, Sink, compact, github, human, json, sarif};
use crate::lint::Outcome;
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

/// The printer of `format`. `quiet` leaves out the summary and notes; `renderer` styles the
/// human format.
pub fn printer<'a>(
    format: Format,
    set: &'a RuleSet,
    quiet: bool,
    renderer: Renderer,
) -> Box<dyn Printer<Outcome> + 'a> {
    match format {
        Format::Human => Box::new(Human { set, quiet, renderer }),
        Format::Compact => Box::new(Compact { set, quiet }),
        Format::Json => Box::new(Json { set }),
        Format::Sarif => Box::new(Sarif { set }),
        Format::Github => Box::new(Github { set }),
    }
}

pub struct Human<'a> {
    pub set: &'a RuleSet,
    pub quiet: bool,
    pub renderer: Renderer,
}

impl Printer<Outcome> for Human<'_> {
    fn print(&self, run: &Outcome, sink: &mut dyn Sink) {
        sink.diagnostics(&run.problems);
        for r in &run.files {
            sink.diagnostics(&r.errors);
            sink.styled(&human::render_file(r, self.set, &self.renderer));
        }
        if !self.quiet {
            for r in run.files.iter().filter(|r| r.skipped.is_some()) {
                sink.note(&format!(
                    "note: skipped {}: {}\n",
                    super::untrusted_name(&r.path),
                    r.skipped.as_deref().unwrap_or("")
                ));
            }
            sink.styled(&human::summary_line(&run.summary));
            sink.styled("\n");
        }
    }
}

pub struct Compact<'a> {
    pub set: &'a RuleSet,
    pub quiet: bool,
}

impl Printer<Outcome> for Compact<'_> {
    fn print(&self, run: &Outcome, sink: &mut dyn Sink) {
        file_problems(run, sink);
        // In pieces: an archive's findings can run to tens of megabytes.
        for chunk in compact::chunks(&run.files, self.set, 1 << 16) {
            sink.plain(&chunk);
        }
        if !self.quiet {
            sink.styled(&compact::summary(&run.summary));
        }
    }
}

pub struct Github<'a> {
    pub set: &'a RuleSet,
}

impl Printer<Outcome> for Github<'_> {
    fn print(&self, run: &Outcome, sink: &mut dyn Sink) {
        file_problems(run, sink);
        sink.plain(&github::render(&run.files, self.set));
    }
}

pub struct Json<'a> {
    pub set: &'a RuleSet,
}

impl Printer<Outcome> for Json<'_> {
    fn print(&self, run: &Outcome, sink: &mut dyn Sink) {
        sink.plain(&json::render(&run.files, &run.problems, self.set, run.fail_on));
        sink.plain("\n");
    }
}

pub struct Sarif<'a> {
    pub set: &'a RuleSet,
}

impl Printer<Outcome> for Sarif<'_> {
    fn print(&self, run: &Outcome, sink: &mut dyn Sink) {
        sink.plain(&sarif::render(&run.files, &run.problems, self.set));
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
        let text = super::statistics(&run.files, self.set);
        if self.format.is_document() {
            sink.note(&text);
        } else {
            sink.styled(&text);
        }
    }
}

/// Every problem of the run, on standard error.
fn file_problems(run: &Outcome, sink: &mut dyn Sink) {
    sink.diagnostics(&run.problems);
    for r in &run.files {
        sink.diagnostics(&r.errors);
    }
}

/// The notes after a run, on standard error: what it did besides checking, and the baselined
/// findings that are gone.
pub fn notes(run: &Outcome, quiet: bool, sink: &mut dyn Sink) {
    for n in &run.notes {
        sink.note(&format!("{n}\n"));
    }
    if run.gone.is_empty() || quiet {
        return;
    }
    sink.note(&format!(
        "note: {} baselined findings are gone; write the baseline again to drop them:\n",
        run.gone.iter().map(|(_, n)| n).sum::<usize>()
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
