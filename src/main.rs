//! The `nabij` command line: parses arguments, loads rules, runs the library and prints.
//! The only place that writes to the terminal and picks the exit code.

use nabij::check::load;
use nabij::config::Config;
use nabij::eval::{Part, merged};
use nabij::lint::read_templates;
use nabij::print::Printer;
use nabij::rules::LoadOptions;
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit codes: 0 clean, 1 findings at or above the fail level, 2 usage/rule/config/read errors.
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

mod cli;
mod commands;
mod lsp;
mod out;
use cli::*;
use commands::{check, report, test_rules};
use out::Out;

fn main() -> ExitCode {
    let cli = cli::parse();
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
            if args.show_config {
                let path = args.paths.first().map(PathBuf::as_path);
                let shown = nabij::print::config::show(&config, &command_line, path);
                out.print(&shown);
                return ExitCode::from(out.finish(0));
            }
            let fail_on = config.layer(&command_line, None, Default::default()).fail_on;
            let (set, mut problems) = load(&options);
            problems.extend(config.unknown_rules(&set));
            let unknown = command_line.unknown_selectors(&set);
            let output = args.output_file.as_deref();
            let taken = output.filter(|o| args.paths.iter().any(|p| nabij::write::same_file(p, o)));
            let refused = match (unknown.first(), taken, output) {
                (Some(_), _, _) => Err(unknown.join("\nfout: ")),
                (None, Some(o), _) => Err(format!(
                    "{} wordt gecontroleerd; schrijf het rapport ergens anders",
                    o.display()
                )),
                (None, None, Some(o)) => out.send_to_file(o, args.force),
                (None, None, None) => Ok(()),
            };
            if let Err(e) = refused {
                out.eprint(&format!("fout: {e}\n"));
                return ExitCode::from(out.finish(EXIT_ERROR));
            }
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
            let opening_hours = match commands::opening_hours(&args, config.report.opening_hours.as_ref()) {
                Ok(hours) => hours,
                Err(e) => {
                    out.eprint(&format!("fout: {e}\n"));
                    return ExitCode::from(out.finish(EXIT_ERROR));
                }
            };
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
                // Agents are not named unless the team asks for it.
                anonymise: args.anonymise || (!args.show_agents && config.report.anonymise.unwrap_or(true)),
                since: args.since,
                until: args.until.map(|day| day + 1440),
                opening_hours,
                compare: args.compare,
                compare_before: args.compare_before,
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
        Command::Completions { shell } => {
            let mut text = Vec::new();
            clap_complete::generate(shell, &mut <Cli as clap::CommandFactory>::command(), "nabij", &mut text);
            out.print_plain(&String::from_utf8_lossy(&text));
            0
        }
        Command::Lsp => return ExitCode::from(lsp::run()),
        Command::Man => {
            let mut page = Vec::new();
            let man = clap_mangen::Man::new(<Cli as clap::CommandFactory>::command());
            match man.render(&mut page) {
                Ok(()) => {
                    out.print_plain(&String::from_utf8_lossy(&page));
                    0
                }
                Err(e) => {
                    out.eprint(&format!("fout: {e}\n"));
                    EXIT_ERROR
                }
            }
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
