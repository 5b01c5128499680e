//! The commands that print as they run: `check`, `report` and `test-rules`, each ending in
//! its exit code.

use crate::cli::*;
use crate::out::{self, Out};
use crate::{EXIT_ERROR, EXIT_FINDINGS};
use nabij::Diagnostic;
use nabij::check::{Engine, load};
use nabij::lint::CheckOptions;
use nabij::mirror::{ColumnNames, Options as MirrorOptions};
use nabij::print::Printer;
use nabij::rules::LoadOptions;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// The opening hours a report counts response times in: the command line's, else
/// nabij.toml's; `--holiday` days are added to either. An error names the flag.
pub fn opening_hours(
    args: &ReportArgs,
    file: Option<&nabij::mirror::hours::OpeningHours>,
) -> Result<Option<nabij::mirror::hours::OpeningHours>, String> {
    use nabij::mirror::hours::OpeningHours;
    let (written, mut holidays) = match (&args.opening_hours, file) {
        (Some(h), _) => (h.clone(), Vec::new()),
        (None, Some(h)) => (h.written.clone(), h.holidays.clone()),
        (None, None) if args.holidays.is_empty() => return Ok(None),
        (None, None) => return Err("--holiday telt alleen met openingstijden (--opening-hours)".into()),
    };
    holidays.extend(args.holidays.iter().cloned());
    OpeningHours::parse(&written, &holidays)
        .map(Some)
        .map_err(|e| format!("--opening-hours: {e}"))
}

/// `nabij report`: read, count, print the summary, write the files asked for.
pub fn report(out: &mut Out, set: &Engine, names: &ColumnNames, options: &MirrorOptions, args: &ReportArgs) -> u8 {
    use nabij::print::{MirrorHtml, MirrorJson, MirrorText, Printer};
    let (html, json, force, archive) = (args.html.clone(), args.json.clone(), args.force, args.archive.as_path());
    let targets: Vec<(&str, &Path)> = [("--html", &html), ("--json", &json)]
        .into_iter()
        .filter_map(|(flag, p)| Some((flag, p.as_deref()?)))
        .collect();
    // Refuse to overwrite before the work, not after it; the archive itself never.
    let terminal = std::io::stderr().is_terminal();
    let size = std::fs::metadata(archive).map(|m| m.len()).unwrap_or(0);
    let mirror = nabij::write::check_targets(&targets, archive, force).and_then(|()| {
        nabij::mirror::run(set, archive, names, options, &mut |rows, bytes| {
            if terminal {
                out.eprint(&out::progress_bar(rows, bytes, size));
            }
        })
    });
    if terminal {
        out.eprint("\r\x1b[K");
    }
    let mirror = match mirror {
        Ok(m) => m,
        Err(e) => {
            out.eprint(&format!("fout: {}\n", nabij::print::untrusted(&e)));
            return EXIT_ERROR;
        }
    };
    // A report on standard output (`--json -`) is the only thing there.
    if targets.iter().all(|(_, p)| p.as_os_str() != "-") {
        MirrorText.print(&mirror, out);
    }
    let mut code = 0;
    let files: [(Option<PathBuf>, &dyn Printer<nabij::mirror::Mirror>); 2] = [(html, &MirrorHtml), (json, &MirrorJson)];
    for (path, printer) in files.iter().filter_map(|(p, printer)| Some((p.as_deref()?, printer))) {
        if let Err(e) = nabij::print::to_target(*printer, &mirror, path, force, out) {
            out.eprint(&format!("fout: {e}\n"));
            code = EXIT_ERROR;
        }
    }
    code
}

/// Run a check and print it in the format asked for; the exit code.
pub fn check(
    out: &mut Out,
    set: &Engine,
    problems: Vec<Diagnostic>,
    args: &CheckArgs,
    options: &CheckOptions,
    run: nabij::lint::RunOptions,
) -> u8 {
    // `--statistics --quiet`: only the table.
    let only_table = args.statistics && args.quiet;
    let format = Some(args.format).filter(|_| !only_table);
    if args.fix || args.diff {
        let stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
        if stdin && args.fix && args.paths.len() > 1 {
            out.eprint("fout: --fix op standaardinvoer (-) drukt de verbeterde tekst af; geef - dan als enige pad\n");
            return EXIT_ERROR;
        }
        let (fixed, problems) = nabij::lint::fix::fix_paths(set, options, &args.paths, &run, args.fix);
        out.diagnostics(&problems);
        let count: usize = fixed.iter().map(|f| f.count).sum();
        if args.diff {
            for f in &fixed {
                out.print_plain(&nabij::print::untrusted(&nabij::lint::fix::diff(f)));
            }
        } else if stdin {
            // Standard input is never written anywhere: its fixed text is the output.
            match fixed.first() {
                Some(f) => out.print_plain(&f.after),
                None => out.eprint("opmerking: niets te verbeteren\n"),
            }
            return if problems.is_empty() { 0 } else { EXIT_ERROR };
        }
        if !args.quiet {
            let verb = if args.diff { "mogelijk" } else { "toegepast" };
            out.eprint(&format!(
                "opmerking: {} {verb} in {}\n",
                nabij::diagnostic::plural(count, "fix", "fixes"),
                nabij::diagnostic::plural(fixed.len(), "bestand", "bestanden")
            ));
        }
        if !problems.is_empty() {
            return EXIT_ERROR;
        }
        if args.diff {
            return if count > 0 { EXIT_FINDINGS } else { 0 };
        }
    }
    let printer = nabij::print::check::printer(format, set, args.quiet, out.renderer.clone());
    let outcome = match nabij::print::check::check_and_print(&*printer, set, options, &args.paths, &run, problems, out)
    {
        Ok(o) => o,
        Err(e) => {
            out.eprint(&format!("fout: {e}\n"));
            return EXIT_ERROR;
        }
    };
    if args.statistics {
        nabij::print::check::Statistics {
            set,
            format: if only_table { Format::Human } else { args.format },
        }
        .print(&outcome, out);
    }
    nabij::print::check::notes(&outcome, args.quiet, out);
    if outcome.summary.problems > 0 {
        EXIT_ERROR
    } else if outcome.summary.fails_at(outcome.fail_on) && !args.exit_zero {
        EXIT_FINDINGS
    } else {
        0
    }
}

/// `nabij test-rules`: run the examples; exit 1 when one fails, 2 when a file did not load.
pub fn test_rules(out: &mut Out, options: &LoadOptions, team_only: bool) -> u8 {
    let (set, load_errors) = load(options);
    out.diagnostics(&load_errors);
    let t = nabij::check::selftest::run(&set, team_only);
    out.diagnostics(&t.failures);
    nabij::print::TestRules {
        files_not_loaded: load_errors.len(),
    }
    .print(&t, out);
    if !load_errors.is_empty() {
        EXIT_ERROR
    } else if !t.failures.is_empty() {
        EXIT_FINDINGS
    } else {
        0
    }
}
