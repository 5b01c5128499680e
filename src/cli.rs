//! The command line's shape: subcommands, options and their values (clap). `main.rs` runs them.

use clap::{Args, Parser, Subcommand, ValueEnum};
use nabij::config::CommandLine;
use nabij::input::Limits;
use nabij::lint::RunOptions;
pub use nabij::print::check::Format;
use nabij::rules::{Platform, Severity, Voice};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "nabij",
    version,
    about = "Tone linter for Dutch webcare replies: does this reply bring the citizen nearer?"
)]
pub struct Cli {
    /// Also load rules from this folder (or file); repeatable
    #[arg(long = "rules", value_name = "DIR", global = true)]
    pub rules: Vec<PathBuf>,
    /// Do not load the built-in rules
    #[arg(long, global = true)]
    pub no_builtin: bool,
    /// When to colour output (NO_COLOR is honoured with `auto`)
    #[arg(long, value_enum, default_value_t = Color::Auto, global = true)]
    pub color: Color,
    /// Read this nabij.toml on top of the one found from the working directory
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,
    /// Do not look for a nabij.toml
    #[arg(long, global = true)]
    pub no_config: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum EvalPart {
    All,
    Tune,
    Check,
}

/// `nabij rules` lists; it has no findings to report as SARIF, GitHub or compact lines.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum RulesFormat {
    Human,
    Json,
}

impl From<EvalPart> for nabij::eval::Part {
    fn from(p: EvalPart) -> Self {
        match p {
            EvalPart::All => Self::All,
            EvalPart::Tune => Self::Tune,
            EvalPart::Check => Self::Check,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum PlatformArg {
    X,
    Instagram,
    Facebook,
    Whatsapp,
    Email,
    /// A direct (private) message on any platform
    Dm,
}

impl From<PlatformArg> for Platform {
    fn from(p: PlatformArg) -> Platform {
        match p {
            PlatformArg::X => Platform::X,
            PlatformArg::Instagram => Platform::Instagram,
            PlatformArg::Facebook => Platform::Facebook,
            PlatformArg::Whatsapp => Platform::Whatsapp,
            PlatformArg::Email => Platform::Email,
            PlatformArg::Dm => Platform::Dm,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum VoiceArg {
    U,
    Je,
    Mirror,
}

impl From<VoiceArg> for Voice {
    fn from(v: VoiceArg) -> Voice {
        match v {
            VoiceArg::U => Voice::U,
            VoiceArg::Je => Voice::Je,
            VoiceArg::Mirror => Voice::Mirror,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum FailOn {
    #[value(alias = "fout")]
    Error,
    #[value(alias = "waarschuwing")]
    Warning,
    Info,
}

impl From<FailOn> for Severity {
    fn from(f: FailOn) -> Severity {
        match f {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
}

#[derive(Subcommand)]
pub enum Command {
    /// Check replies: files, or `-` for standard input
    Check(CheckArgs),
    /// The team's mirror over what it sent: read an export of replies (CSV or JSON Lines)
    /// and summarise tone, incoming signals, response times and recurring topics
    Report(ReportArgs),
    /// Write a commented starter nabij.toml in the working directory
    Init {
        /// Replace an existing nabij.toml
        #[arg(long)]
        force: bool,
    },
    /// List the loaded rules
    Rules {
        /// Output format: a table to read, or JSON
        #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
        format: RulesFormat,
    },
    /// Explain one rule (why it matters, what to write instead, its examples) or one signal
    Explain {
        /// A rule or signal id, as `nabij rules` lists them
        #[arg(value_name = "RULE-ID")]
        id: String,
    },
    /// Measure the rules on labelled replies (JSON Lines): precision, recall and F1 per label
    Eval {
        /// Labelled items, one JSON object per line (see the corpus README)
        #[arg(value_name = "FILE.jsonl", required = true)]
        files: Vec<PathBuf>,
        /// Also list every reply where nabij and the label disagree
        #[arg(long, short)]
        verbose: bool,
        /// Only the items of one part: `tune` (about two thirds, by a hash of the id) or
        /// `check` (the rest: keep it unseen while changing rules)
        #[arg(long, value_enum, default_value_t = EvalPart::All)]
        part: EvalPart,
        /// Score the tune and check parts side by side, with the gap per label
        #[arg(long, conflicts_with = "part")]
        split: bool,
        /// Also list every rule and citizen signal that fired: on how many items, and how
        /// many of those their labels back (with --split: the tune part)
        #[arg(long)]
        hits: bool,
        /// Also list the phrase patterns that match no item, or one item only (of the part
        /// evaluated): a pattern written from a single corpus sentence is a defect
        #[arg(long)]
        patterns: bool,
    },
    /// Run every rule's own examples (of DIR only, when given)
    TestRules {
        /// A folder of team rules: run only its examples (next to the built-in rules)
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Print a completion script for a shell: `nabij completions bash > /etc/bash_completion.d/nabij`
    Completions {
        /// The shell to complete in
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print nabij's man page (roff): `nabij man > nabij.1 && man ./nabij.1`
    Man,
    /// Run the language server (LSP over standard input and output) for editors
    Lsp,
}

/// The command line, parsed; a usage error is printed in Dutch (help and the version as
/// clap writes them) and ends the run with exit 2.
pub fn parse() -> Cli {
    use clap::error::ErrorKind as K;
    match <Cli as clap::Parser>::try_parse() {
        Ok(cli) => cli,
        Err(e)
            if matches!(
                e.kind(),
                K::DisplayHelp | K::DisplayVersion | K::DisplayHelpOnMissingArgumentOrSubcommand
            ) =>
        {
            e.exit()
        }
        Err(e) => {
            eprint!("{}", usage_error(&e));
            std::process::exit(2)
        }
    }
}

/// A clap usage error in Dutch: what is wrong, what is possible, where to read more.
fn usage_error(e: &clap::Error) -> String {
    use clap::error::{ContextKind as C, ContextValue, ErrorKind as K};
    let get = |kind: C| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let (arg, value) = (get(C::InvalidArg), get(C::InvalidValue));
    let mut out = match e.kind() {
        K::InvalidValue if value.is_empty() => format!("{arg} heeft een waarde nodig"),
        K::InvalidValue => format!("ongeldige waarde `{value}` voor {arg}"),
        K::ValueValidation => {
            // Our own parsers (sizes, durations, columns) say it in Dutch already.
            let why = std::error::Error::source(e).map(|s| s.to_string()).unwrap_or_default();
            format!("ongeldige waarde `{value}` voor {arg}: {why}")
        }
        K::UnknownArgument => format!("onbekende optie `{arg}`"),
        K::InvalidSubcommand => format!("onbekende opdracht `{}`", get(C::InvalidSubcommand)),
        K::MissingRequiredArgument => format!("ontbreekt: {arg}"),
        K::MissingSubcommand => "geef een opdracht: check, report, rules, explain, eval, ...".to_string(),
        K::ArgumentConflict => format!("{arg} gaat niet samen met {}", get(C::PriorArg)),
        K::NoEquals => format!("{arg} wil een waarde met `=`"),
        K::TooManyValues | K::WrongNumberOfValues | K::TooFewValues => format!("verkeerd aantal waarden voor {arg}"),
        K::InvalidUtf8 => "een argument is geen geldige UTF-8".to_string(),
        _ => e.kind().to_string(),
    };
    out = format!("fout: {out}\n");
    let valid = get(C::ValidValue);
    if !valid.is_empty() {
        out.push_str(&format!("  mogelijk: {valid}\n"));
    }
    for kind in [C::SuggestedSubcommand, C::SuggestedArg, C::SuggestedValue] {
        let suggested = get(kind);
        if !suggested.is_empty() {
            out.push_str(&format!("  bedoelt u: {suggested}\n"));
        }
    }
    out.push_str("\nMeer uitleg: nabij --help (of nabij <opdracht> --help)\n");
    nabij::print::untrusted(&out)
}

/// A size on the command line: bytes, or a number with K, M or G (binary: 1K = 1024).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let (digits, shift) = match t.char_indices().last() {
        Some((i, 'k' | 'K')) => (&t[..i], 10),
        Some((i, 'm' | 'M')) => (&t[..i], 20),
        Some((i, 'g' | 'G')) => (&t[..i], 30),
        _ => (t, 0),
    };
    digits
        .trim()
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(1 << shift))
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("`{s}` is geen grootte: schrijf bytes, of een getal met K, M of G (64M)"))
}

/// `--column reply=tekst`.
pub fn parse_column(s: &str) -> Result<(nabij::mirror::Field, String), String> {
    let (key, name) = s
        .split_once('=')
        .ok_or_else(|| format!("`{s}`: schrijf VELD=NAAM, bijvoorbeeld reply=tekst"))?;
    let field = nabij::mirror::Field::parse(key.trim()).ok_or_else(|| {
        format!("onbekend veld `{key}`: verwacht received, replied, channel, agent, message, reply of conversation")
    })?;
    Ok((field, name.trim().to_string()))
}

/// The arguments of `nabij check`.
#[derive(Args)]
pub struct CheckArgs {
    /// Files and folders to check; `-` reads a draft from standard input
    #[arg(value_name = "PATH", required_unless_present = "show_config")]
    pub paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Lowest severity that makes the run fail (exit 1); default from nabij.toml, else warning
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// The text is a draft about to be sent: an unfilled placeholder is an error (always on for `-`)
    #[arg(long)]
    pub draft: bool,
    /// Print how many findings each rule has
    #[arg(long)]
    pub statistics: bool,
    /// Print only findings and errors, no summary
    #[arg(long, short)]
    pub quiet: bool,
    /// Fail only on findings the baseline FILE does not record
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in FILE as the baseline
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Replace an existing file written by --write-baseline or --output-file
    #[arg(long)]
    pub force: bool,
    /// Where the reply will be posted: sets the length limit and how it is counted
    #[arg(long, value_enum)]
    pub platform: Option<PlatformArg>,
    /// The reply is sent automatically (auto-reply, out-of-office, chatbot)
    #[arg(long)]
    pub automatic: bool,
    /// The team signs its replies: an unsigned reply is a finding
    #[arg(long)]
    pub sign_off: bool,
    /// How the team addresses the reader: `mirror` follows the citizen's u or je
    #[arg(long, value_enum)]
    pub voice: Option<VoiceArg>,
    /// The citizen's message the reply answers (a file, or `-` for standard input)
    #[arg(long, value_name = "FILE")]
    pub incoming: Option<PathBuf>,
    /// The team's template library (a folder or a library file): spots a template
    /// sent to a message that asks for more
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Check files named here even when nabij.toml's `exclude` matches them (by default
    /// `exclude` applies to named files too, as pre-commit names every changed file)
    #[arg(long)]
    pub no_force_exclude: bool,
    /// Report only these rules: ids, tags or dimensions (empathy, ownership, follow-up,
    /// clarity, form, privacy); comma-separated or repeated
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Do not report these rules: ids, tags or dimensions; comma-separated or repeated
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Exit 0 even when there are findings (errors reading files or rules still exit 2)
    #[arg(long)]
    pub exit_zero: bool,
    /// Write the report to FILE instead of standard output (atomically; an existing file
    /// only with --force)
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    /// Apply the fixes rules declare safe (an officialese word and its plain word) to the
    /// files, in place; standard input: print the fixed text. Then check what is left
    #[arg(long, conflicts_with_all = ["diff", "write_baseline"])]
    pub fix: bool,
    /// Show the safe fixes as a unified diff and change nothing; exit 1 when there are any
    #[arg(long)]
    pub diff: bool,
    /// Print the settings in effect (for PATH, when given) and where each comes from;
    /// check nothing
    #[arg(long)]
    pub show_config: bool,
    /// Largest file nabij reads (bytes, or with K, M or G); a larger one is an error
    #[arg(long, value_name = "SIZE", value_parser = parse_size, default_value = "64M")]
    pub max_file_size: u64,
    /// Longest line nabij reads (bytes, or with K, M or G); a longer one is an error
    #[arg(long, value_name = "SIZE", value_parser = parse_size, default_value = "4M")]
    pub max_line_length: u64,
}

impl CheckArgs {
    /// What the command line says about the check, for the layering of settings.
    pub fn command_line(&self) -> CommandLine {
        CommandLine {
            platform: self.platform.map(Platform::from),
            automatic: self.automatic,
            sign_off: self.sign_off,
            voice: self.voice.map(Voice::from),
            draft: self.draft || self.paths.iter().any(|p| p.as_os_str() == "-"),
            fail_on: self.fail_on.map(Severity::from),
            select: self.select.clone(),
            ignore: self.ignore.clone(),
        }
    }

    pub fn limits(&self) -> Limits {
        Limits {
            max_file_bytes: self.max_file_size,
            max_line_bytes: usize::try_from(self.max_line_length).unwrap_or(usize::MAX),
        }
    }

    /// The baseline settings and the fail level.
    pub fn run_options(&self, fail_on: Severity) -> RunOptions {
        RunOptions {
            baseline: self.baseline.clone(),
            write_baseline: self.write_baseline.clone(),
            force: self.force,
            fail_on,
            no_force_exclude: self.no_force_exclude,
        }
    }
}

/// The arguments of `nabij report`.
#[derive(Args)]
pub struct ReportArgs {
    /// The export of sent replies: CSV or JSON Lines
    #[arg(value_name = "ARCHIVE")]
    pub archive: PathBuf,
    /// Write the report as a self-contained HTML file (`-`: standard output)
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Write the figures as JSON (`-`: standard output)
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Replace existing files given to --html and --json
    #[arg(long)]
    pub force: bool,
    /// Name the agents as the export does (by default they are "medewerker 1", "medewerker
    /// 2"...: a report about people shows no names unless asked)
    #[arg(long)]
    pub show_agents: bool,
    /// Show agents as "medewerker 1", "medewerker 2"... (the default; overrides
    /// `show_agents = true` in nabij.toml)
    #[arg(long, conflicts_with = "show_agents")]
    pub anonymise: bool,
    /// Count response times only while the team is open: "ma-vr 08:00-20:00, za 09:00-17:00"
    #[arg(long, value_name = "HOURS")]
    pub opening_hours: Option<String>,
    /// A day the team is closed (a public holiday), with --opening-hours; repeatable
    #[arg(long = "holiday", value_name = "DATE")]
    pub holidays: Vec<String>,
    /// Set these days beside the rest of the report, every rate with its difference:
    /// 2026-02-01..2026-02-28 (both days included)
    #[arg(long, value_name = "FROM..TO", value_parser = nabij::mirror::time::parse_days)]
    pub compare: Option<(i64, i64)>,
    /// With --compare: set the period beside the days of the same length just before it,
    /// not beside all other rows
    #[arg(long, requires = "compare")]
    pub compare_before: bool,
    /// Count only rows from this day on (by the citizen's message, else the reply): 2026-03-01
    #[arg(long, value_name = "DATE", value_parser = nabij::mirror::time::parse_day)]
    pub since: Option<i64>,
    /// Count only rows up to and including this day: 2026-03-31
    #[arg(long, value_name = "DATE", value_parser = nabij::mirror::time::parse_day)]
    pub until: Option<i64>,
    /// The team's principle for response times: 4h, 90m, 1d
    #[arg(long, value_name = "DURATION", value_parser = nabij::mirror::time::parse_duration)]
    pub respond_within: Option<u32>,
    /// The column holding a field, when its name is not a usual one: reply=tekst
    /// (fields: received, replied, channel, agent, message, reply, conversation); repeatable
    #[arg(long = "column", value_name = "FIELD=NAME", value_parser = parse_column)]
    pub columns: Vec<(nabij::mirror::Field, String)>,
    /// The team's template library: a reply that is a template counts as a standard reply
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    /// `--help`, completions and the man page say what every argument is for.
    #[test]
    fn every_argument_has_help_text() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for arg in cmd.get_arguments() {
                let builtin = matches!(arg.get_id().as_str(), "help" | "version");
                if !builtin && arg.get_help().is_none() && arg.get_long_help().is_none() {
                    missing.push(format!("{path} {}", arg.get_id()));
                }
            }
            for sub in cmd.get_subcommands() {
                if sub.get_about().is_none() {
                    missing.push(format!("{path} {} (the command itself)", sub.get_name()));
                }
                walk(sub, &format!("{path} {}", sub.get_name()), missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), "nabij", &mut missing);
        assert!(missing.is_empty(), "without help text: {missing:?}");
    }
}
