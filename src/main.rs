//! The `nabij` command line: parses arguments, loads rules, runs the library and prints.
//! The only place that writes to the terminal and picks the exit code.

use clap::Parser;
use nabij::Diagnostic;
use nabij::check::{Engine, load};
use nabij::config::Config;
use nabij::eval::{Part, merged};
use nabij::lint::{CheckOptions, read_templates};
use nabij::mirror::{ColumnNames, Options as MirrorOptions};
use nabij::print::Printer;
use nabij::rules::LoadOptions;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Exit codes: 0 clean, 1 findings at or above the fail level, 2 usage/rule/config/read errors.
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

mod cli;
mod out;
use cli::*;
use out::Out;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut out = Out::new(cli.color);
    // The team's settings: the discovered nabij.toml, then --config on top.
    let here = std::env::current_dir().ok().filter(|_| !cli.no_config);
    let (config, config_errors) = Config::load(here.as_deref(), cli.config.as_deref());
    let options = LoadOptions {
        no_builtin: cli.no_builtin,
        dirs: config.rule_dirs.iter().cloned().chain(cli.rules.clone()).collect(),
        ..LoadOptions::default()
    };
    let code = match cli.command {
        Command::Check(_) | Command::Report(_) if !config_errors.is_empty() => {
            out.diagnostics(&config_errors);
            EXIT_ERROR
        }
        Command::Check(args) => {
            let command_line = args.command_line();
            let fail_on = config.layer(&command_line, None, Default::default()).fail_on;
            let (set, mut problems) = load(&options);
            problems.extend(config.unknown_rules(&set));
            let set = config.apply(set);
            let (incoming, templates) = (args.incoming.as_deref(), args.templates.as_deref());
            let prepared = nabij::lint::prepare(config, command_line, incoming, templates, args.limits(), &args.paths);
            let (options, more) = match prepared {
                Ok(p) => p,
                Err(e) => {
                    out.eprint(&format!("fout: {e}\n"));
                    return ExitCode::from(EXIT_ERROR);
                }
            };
            problems.extend(more);
            let code = check(&mut out, &set, problems, &args, &options, args.run_options(fail_on));
            // The process ends here: freeing the compiled rules piece by piece would only
            // cost time (a noticeable share of a single draft's run).
            std::mem::forget(set);
            std::mem::forget(options);
            code
        }
        Command::Report(args) => {
            let (set, mut errors) = load(&options);
            errors.extend(config.unknown_rules(&set));
            out.diagnostics(&errors);
            let set = config.apply(set);
            let names = config.report.column_names(args.columns.clone());
            let index = args.templates.as_deref().map(|dir| {
                let (index, errors) = read_templates(dir, &config);
                out.diagnostics(&errors);
                index
            });
            let report_options = nabij::mirror::Options {
                respond_within: args.respond_within.or(config.report.respond_within),
                anonymise: args.anonymise || config.report.anonymise.unwrap_or(false),
                templates: index.as_ref(),
                ..Default::default()
            };
            let code = report(&mut out, &set, &names, &report_options, &args);
            if errors.is_empty() { code } else { EXIT_ERROR }
        }
        Command::Init { force } => {
            let path = PathBuf::from(nabij::config::FILE_NAME);
            match nabij::write::write_atomic(&path, nabij::config::STARTER, force) {
                Ok(()) => {
                    out.print(&format!("{} geschreven\n", path.display()));
                    0
                }
                Err(e) => {
                    out.eprint(&format!("fout: {e}\n"));
                    EXIT_ERROR
                }
            }
        }
        Command::Rules { format } => {
            let (set, errors) = load(&options);
            out.diagnostics(&errors);
            match format {
                RulesFormat::Human => nabij::print::rules::Table.print(&set, &mut out),
                RulesFormat::Json => nabij::print::rules::Json.print(&set, &mut out),
            }
            if errors.is_empty() { 0 } else { EXIT_ERROR }
        }
        Command::Explain { id } => {
            let options = LoadOptions {
                full_builtins: true,
                ..options
            };
            let (set, errors) = load(&options);
            out.diagnostics(&errors);
            match nabij::print::find_item(&set, &id) {
                Ok(item) => {
                    nabij::print::Explain { set: &set }.print(&item, &mut out);
                    if errors.is_empty() { 0 } else { EXIT_ERROR }
                }
                Err(e) => {
                    out.eprint(&e);
                    EXIT_ERROR
                }
            }
        }
        Command::Eval {
            files,
            verbose,
            part,
            split,
            hits,
            patterns,
        } => {
            let (set, mut problems) = load(&options);
            let part = Part::from(part);
            if split {
                let (tune, e1) = nabij::eval::evaluate_files(&set, &files, Part::Tune);
                let (check, e2) = nabij::eval::evaluate_files(&set, &files, Part::Check);
                problems.extend(e1.into_iter().chain(e2));
                nabij::print::eval::Split { verbose, hits }.print(&(merged(&tune), merged(&check)), &mut out);
            } else {
                let (done, e) = nabij::eval::evaluate_files(&set, &files, part);
                problems.extend(e);
                nabij::print::eval::Tables { part, verbose, hits }.print(done.as_slice(), &mut out);
            }
            if patterns {
                // With --split, only the tune part: the check part stays unseen.
                let part = if split { Part::Tune } else { part };
                let (all, e) = nabij::eval::pattern_hits_files(&set, &files, part);
                problems.extend(e);
                nabij::print::eval::Patterns { part }.print(all.as_slice(), &mut out);
            }
            out.diagnostics(&problems);
            if problems.is_empty() { 0 } else { EXIT_ERROR }
        }
        Command::TestRules { dir } => {
            // A team folder is tested next to the built-in rules: its rules may name the
            // built-in signals and lexicons, only its own examples run.
            let team_only = dir.is_some();
            let options = LoadOptions {
                dirs: dir.map_or(options.dirs, |d| vec![d]),
                skip_examples: true,
                full_builtins: true,
                ..options
            };
            test_rules(&mut out, &options, team_only)
        }
    };
    ExitCode::from(out.finish(code))
}

/// `nabij report`: read, count, print the summary, write the files asked for.
fn report(out: &mut Out, set: &Engine, names: &ColumnNames, options: &MirrorOptions, args: &ReportArgs) -> u8 {
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
fn check(
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
    } else if outcome.summary.fails_at(outcome.fail_on) {
        EXIT_FINDINGS
    } else {
        0
    }
}

/// `nabij test-rules`: run the examples; exit 1 when one fails, 2 when a file did not load.
fn test_rules(out: &mut Out, options: &LoadOptions, team_only: bool) -> u8 {
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
