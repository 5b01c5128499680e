//! `nabij.toml`: a team's settings. Found by walking up from the working directory
//! (`--no-config` skips it); `--config FILE` is read on top of it. Layering, lowest first:
//! built-in defaults, the discovered nabij.toml, `--config FILE`, the command line. Every key
//! is checked: an unknown key or a wrong value is an error placed in the file.
//!
//! ```toml
//! rules = ["team-regels"]          # rule folders, relative to this file
//! disable = ["minimaliseren-even"]  # rule ids
//! enable = []                       # rule ids disabled above (or by an override) that stay on
//! fail_on = "warning"               # error | warning | info
//! voice = "je"                      # u | je | mirror
//! sign_off = "^initialen"           # how the team signs: "^initialen", "voornaam", or "geen"
//! platform = "x"                    # default platform
//! placeholders = ['\$\{\w+\}']      # more placeholder patterns (regex), besides {{x}} {x} [X] %s
//! exclude = ["archief/**"]          # paths (globs) not to check in a folder
//!
//! [severity]                        # severity per rule id
//! intern-doorgezet = "error"
//!
//! [[overrides]]                     # for some paths only; later blocks win
//! paths = ["automatisch/**"]
//! automatic = true
//! platform = "email"
//! disable = ["geen-ondertekening"]
//!
//! [library]                         # key names of structured libraries, CSV columns
//! text = "tekst"
//!
//! [privacy]                         # the organisation's own data is not personal data
//! own_phones = ["14 020", "020 123 4567"]
//! own_domains = ["gemeente.nl"]
//! own_addresses = ["Stadhuisplein 1", "1011 PN"]
//! case_patterns = ['\bZ-\d{4}-\d{6}\b']   # case or file numbers (regex)
//!
//! [escalation]                      # the team's text for a message that needs a person
//! message = "Dit bericht vraagt om een mens: bel de dienstdoende teamleider (06-12345678)."
//! contacts = ["113 Zelfmoordpreventie: 113 of 0800-0113", "Bij direct gevaar: 112"]
//! ```

use crate::diagnostic::Diagnostic;
use crate::input::library::Schema;
use crate::rules::{Context, Platform, RuleSet, Severity, Voice};
use crate::span::Span;
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::Spanned;

pub const FILE_NAME: &str = "nabij.toml";

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    rules: Vec<Spanned<String>>,
    #[serde(default)]
    disable: Vec<Spanned<String>>,
    #[serde(default)]
    enable: Vec<Spanned<String>>,
    fail_on: Option<Severity>,
    voice: Option<Voice>,
    sign_off: Option<Spanned<String>>,
    platform: Option<Platform>,
    #[serde(default)]
    placeholders: Vec<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Severity>,
    #[serde(default)]
    overrides: Vec<OverrideFile>,
    library: Option<Schema>,
    escalation: Option<EscalationFile>,
    privacy: Option<PrivacyFile>,
    report: Option<ReportFile>,
}

/// `[report]`: how `nabij report` reads the team's export, and the team's principles.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportFile {
    /// Column names per field: `reply = "tekst"`.
    #[serde(default)]
    columns: BTreeMap<Spanned<String>, String>,
    respond_within: Option<Spanned<String>>,
    anonymise: Option<bool>,
    show_agents: Option<bool>,
    /// `ma-vr 08:00-20:00, za 09:00-17:00`: response times count only these hours.
    opening_hours: Option<Spanned<String>>,
    /// Days the team is closed (public holidays), as dates.
    #[serde(default)]
    holidays: Vec<String>,
}

/// The settings of `nabij report` from nabij.toml.
#[derive(Debug, Clone, Default)]
pub struct ReportSettings {
    pub columns: Vec<(crate::mirror::Field, String)>,
    pub respond_within: Option<u32>,
    /// `anonymise = true|false`, or `show_agents`: whether agents are named.
    pub anonymise: Option<bool>,
    pub opening_hours: Option<crate::mirror::hours::OpeningHours>,
}

/// `[privacy]`: the organisation's own public data (never personal data) and its case-number
/// patterns.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PrivacyFile {
    #[serde(default)]
    own_phones: Vec<Spanned<String>>,
    #[serde(default)]
    own_domains: Vec<Spanned<String>>,
    #[serde(default)]
    own_addresses: Vec<Spanned<String>>,
    #[serde(default)]
    case_patterns: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OverrideFile {
    paths: Vec<Spanned<String>>,
    #[serde(default)]
    disable: Vec<Spanned<String>>,
    #[serde(default)]
    enable: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Severity>,
    automatic: Option<bool>,
    platform: Option<Platform>,
    voice: Option<Voice>,
}

#[derive(Deserialize, Clone, Debug)]
#[serde(deny_unknown_fields)]
pub struct EscalationFile {
    pub message: Option<String>,
    #[serde(default)]
    pub contacts: Vec<String>,
}

/// A rule id named in a config file, with where it stands (to report an unknown one).
#[derive(Debug, Clone)]
pub struct RuleRef {
    pub id: String,
    pub path: String,
    pub source: Arc<str>,
    pub span: Span,
}

/// What rules a set of paths changes.
#[derive(Debug, Clone, Default)]
pub struct RulePolicy {
    pub disable: Vec<RuleRef>,
    pub enable: Vec<RuleRef>,
    pub severity: Vec<(RuleRef, Severity)>,
}

#[derive(Debug, Clone)]
pub struct Override {
    pub globs: GlobSet,
    /// The file it is in and its paths, as written (for `--show-config`).
    pub origin: String,
    pub paths: Vec<String>,
    pub policy: RulePolicy,
    pub automatic: Option<bool>,
    pub platform: Option<Platform>,
    pub voice: Option<Voice>,
}

/// The settings in effect, after layering.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The files read, lowest first.
    pub files: Vec<PathBuf>,
    pub rule_dirs: Vec<PathBuf>,
    pub policy: RulePolicy,
    pub fail_on: Option<Severity>,
    pub voice: Option<Voice>,
    pub sign_off: Option<bool>,
    pub platform: Option<Platform>,
    pub placeholders: Vec<regex::Regex>,
    pub exclude: Option<GlobSet>,
    pub overrides: Vec<Override>,
    pub schema: Schema,
    pub escalation: Option<EscalationFile>,
    pub privacy: crate::privacy::Settings,
    pub report: ReportSettings,
    /// The `exclude` globs as written.
    pub exclude_globs: Vec<String>,
    /// Which file last set each top-level setting (for `--show-config`).
    pub origins: BTreeMap<&'static str, String>,
}

impl ReportSettings {
    /// The archive's column names: the config's, with those given on the command line over
    /// them.
    pub fn column_names(&self, from_command_line: Vec<(crate::mirror::Field, String)>) -> crate::mirror::ColumnNames {
        let mut names = self.columns.clone();
        for (f, n) in from_command_line {
            names.retain(|(g, _)| *g != f);
            names.push((f, n));
        }
        crate::mirror::ColumnNames { names }
    }
}

/// What the command line says about a check (each `None` or `false` leaves it to the config).
#[derive(Debug, Clone, Default)]
pub struct CommandLine {
    pub platform: Option<Platform>,
    pub automatic: bool,
    pub sign_off: bool,
    pub voice: Option<Voice>,
    /// A draft about to be sent (always so for standard input).
    pub draft: bool,
    pub fail_on: Option<Severity>,
    /// `--select`: only the rules with these ids, tags or dimensions report (all when empty).
    pub select: Vec<String>,
    /// `--ignore`: the rules with these ids, tags or dimensions do not report.
    pub ignore: Vec<String>,
}

impl CommandLine {
    /// Whether `--select` and `--ignore` let `rule` report. Like a rule disabled in
    /// nabij.toml, a rule left out still counts as evidence for the others.
    pub fn selects(&self, rule: &crate::rules::Rule) -> bool {
        let names = |n: &String| rule.id == *n || rule.dimension.as_str() == n || rule.tags.contains(n);
        (self.select.is_empty() || self.select.iter().any(names)) && !self.ignore.iter().any(names)
    }

    /// The `--select` and `--ignore` names no rule has as id, tag or dimension: each an error,
    /// with the ids that look like it.
    pub fn unknown_selectors(&self, set: &RuleSet) -> Vec<String> {
        let known = |n: &String| {
            set.rules()
                .iter()
                .any(|r| r.id == *n || r.dimension.as_str() == n || r.tags.contains(n))
        };
        self.select
            .iter()
            .map(|n| ("--select", n))
            .chain(self.ignore.iter().map(|n| ("--ignore", n)))
            .filter(|(_, n)| !known(n))
            .map(|(flag, n)| {
                let near = crate::diagnostic::similar(n, set.rules().iter().map(|r| r.id.as_str()));
                let hint = if near.is_empty() {
                    " (`nabij rules` toont ids, dimensies en tags)".to_string()
                } else {
                    format!("; bedoelt u: {}", near.join(", "))
                };
                format!("{flag} {n}: geen regel, tag of dimensie heeft deze naam{hint}")
            })
            .collect()
    }
}

/// What a template says about itself in the library (its own `platform` and `automatic`).
#[derive(Debug, Clone, Copy, Default)]
pub struct TemplateMeta {
    pub platform: Option<Platform>,
    pub automatic: Option<bool>,
}

/// Settings after layering: see [`Config::layer`].
#[derive(Debug)]
pub struct Layered<'a> {
    pub context: Context,
    pub policies: Vec<&'a RulePolicy>,
    /// The lowest severity that fails the run.
    pub fail_on: Severity,
}

/// The nabij.toml in `dir` or the nearest folder above it. A nabij.toml that is a symlink to
/// a file outside its own folder is not followed: a checked-out repository cannot make nabij
/// read (and quote, in an error) a file elsewhere on the machine.
pub fn discover(dir: &Path) -> Result<Option<PathBuf>, Box<Diagnostic>> {
    let Some(found) = dir
        .ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.symlink_metadata().is_ok())
    else {
        return Ok(None);
    };
    let base = found.parent().unwrap_or(Path::new("."));
    if found.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) && !stays_inside(base, &found) {
        return Err(Box::new(
            Diagnostic::new(
                found.display().to_string(),
                "nabij.toml is een symbolische koppeling naar een bestand buiten zijn map; niet gevolgd",
            )
            .note("vervang de koppeling door het bestand, of geef het mee met --config"),
        ));
    }
    Ok(found.is_file().then_some(found))
}

/// Whether `path`, with every symlink resolved, lies inside `base` (resolved too). A path
/// that does not exist yet stays inside when its nearest existing ancestor does.
fn stays_inside(base: &Path, path: &Path) -> bool {
    // The parent of `nabij.toml` is "": the working directory.
    let base = if base.as_os_str().is_empty() {
        Path::new(".")
    } else {
        base
    };
    let Ok(base) = base.canonicalize() else {
        return false;
    };
    let existing = path.ancestors().find(|p| p.symlink_metadata().is_ok());
    match existing.map(Path::canonicalize) {
        Some(Ok(resolved)) => resolved.starts_with(&base),
        // Nothing of it exists (or a dangling link): nothing to read there.
        Some(Err(_)) => false,
        None => true,
    }
}

fn span_of<T>(s: &Spanned<T>) -> Span {
    Span::new(s.span().start, s.span().end)
}

impl Config {
    /// The team's settings from files: the `nabij.toml` found from `discover_from` (none when
    /// `None`), then `explicit` (`--config`) on top. Every problem is returned; what could be
    /// read is kept.
    pub fn load(discover_from: Option<&Path>, explicit: Option<&Path>) -> (Config, Vec<Diagnostic>) {
        let mut config = Config::default();
        let mut errors = Vec::new();
        let discovered = match discover_from.map(discover) {
            Some(Ok(found)) => found,
            Some(Err(e)) => {
                errors.push(*e);
                None
            }
            None => None,
        };
        for file in discovered.as_deref().into_iter().chain(explicit) {
            if let Err(e) = config.add_file(file) {
                errors.extend(e);
            }
        }
        (config, errors)
    }

    /// Read `path` on top of what is set already. Errors name the file and the place.
    pub fn add_file(&mut self, path: &Path) -> Result<(), Vec<Diagnostic>> {
        let name = path.display().to_string();
        let text: Arc<str> = crate::read::bounded_text(path, crate::read::MAX_CONFIG_BYTES)
            .map_err(|e| vec![Diagnostic::new(&name, format!("instellingenbestand {e}"))])?
            .into();
        self.layer_text(path, text)
    }

    /// `layer` for the text of `path`, already read.
    pub fn layer_text(&mut self, path: &Path, text: Arc<str>) -> Result<(), Vec<Diagnostic>> {
        self.layer_text_with(path, text, true)
    }

    /// `layer_text` for a config whose rule folders were read when it was bundled (the
    /// browser page, which has no files): its `rules` key is checked, not followed.
    pub fn layer_bundled_text(&mut self, path: &Path, text: Arc<str>) -> Result<(), Vec<Diagnostic>> {
        self.layer_text_with(path, text, false)
    }

    fn layer_text_with(&mut self, path: &Path, text: Arc<str>, follow_rules: bool) -> Result<(), Vec<Diagnostic>> {
        let name = path.display().to_string();
        let at = |span: Span, message: String| Diagnostic::new(&name, message).at(text.clone(), span);
        let file: File = toml::from_str(&text).map_err(|e| {
            let span = e.span().map_or(Span::new(0, 0), |r| Span::new(r.start, r.end));
            vec![
                at(
                    span,
                    format!(
                        "ongeldige instelling: {}",
                        crate::diagnostic::dutch(e.message().trim_end())
                    ),
                )
                .label("hier"),
            ]
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        let mut errors = Vec::new();
        let refs = |list: &[Spanned<String>]| -> Vec<RuleRef> {
            list.iter()
                .map(|s| RuleRef {
                    id: s.get_ref().clone(),
                    path: name.clone(),
                    source: text.clone(),
                    span: span_of(s),
                })
                .collect()
        };
        let severities = |map: &BTreeMap<Spanned<String>, Severity>| -> Vec<(RuleRef, Severity)> {
            map.iter()
                .map(|(k, v)| {
                    let r = RuleRef {
                        id: k.get_ref().clone(),
                        path: name.clone(),
                        source: text.clone(),
                        span: span_of(k),
                    };
                    (r, *v)
                })
                .collect()
        };
        let globs = |list: &[Spanned<String>], errors: &mut Vec<Diagnostic>| -> GlobSet {
            let mut b = GlobSetBuilder::new();
            for g in list {
                match Glob::new(g.get_ref()) {
                    Ok(glob) => {
                        b.add(glob);
                    }
                    Err(e) => errors.push(at(span_of(g), "ongeldig globpatroon".into()).label(e.kind().to_string())),
                }
            }
            b.build().unwrap_or_else(|_| GlobSet::empty())
        };
        self.files.push(path.to_path_buf());
        // A repository's config may only point at rule folders inside its own folder: a
        // checked-out repository cannot make nabij read (and quote) files elsewhere.
        for r in file.rules.iter().filter(|_| follow_rules) {
            let dir = base.join(r.get_ref());
            let escapes = Path::new(r.get_ref()).is_absolute()
                || Path::new(r.get_ref())
                    .components()
                    .any(|c| matches!(c, std::path::Component::ParentDir));
            // The text may stay inside while a symlink on the way leads out: resolve it.
            let leaves = !escapes && !stays_inside(base, &dir);
            if escapes || leaves {
                let message = if leaves {
                    "regelmap leidt via een symbolische koppeling buiten de map van nabij.toml"
                } else {
                    "regelmap buiten de map van nabij.toml"
                };
                errors.push(
                    at(span_of(r), message.into())
                        .label("niet gevolgd")
                        .note("geef regelmappen als paden onder nabij.toml, of gebruik --rules op de opdrachtregel"),
                );
            } else {
                self.rule_dirs.push(dir);
            }
        }
        let set_here = [
            ("fail_on", file.fail_on.is_some()),
            ("voice", file.voice.is_some()),
            ("platform", file.platform.is_some()),
            ("sign_off", file.sign_off.is_some()),
            ("placeholders", !file.placeholders.is_empty()),
            ("exclude", !file.exclude.is_empty()),
            ("library", file.library.is_some()),
            ("escalation", file.escalation.is_some()),
            ("privacy", file.privacy.is_some()),
            ("report", file.report.is_some()),
        ];
        for (key, set) in set_here {
            if set {
                self.origins.insert(key, name.clone());
            }
        }
        self.policy.disable.extend(refs(&file.disable));
        self.policy.enable.extend(refs(&file.enable));
        self.policy.severity.extend(severities(&file.severity));
        self.fail_on = file.fail_on.or(self.fail_on);
        self.voice = file.voice.or(self.voice);
        self.platform = file.platform.or(self.platform);
        if let Some(s) = &file.sign_off {
            self.sign_off = match s.get_ref().to_lowercase().as_str() {
                "geen" | "none" | "nee" | "" => Some(false),
                _ => Some(true),
            };
        }
        for p in &file.placeholders {
            match regex::Regex::new(p.get_ref()) {
                Ok(re) => self.placeholders.push(re),
                Err(e) => errors.push(at(span_of(p), "ongeldig patroon voor invulvelden".into()).label(e.to_string())),
            }
        }
        if !file.exclude.is_empty() {
            self.exclude = Some(globs(&file.exclude, &mut errors));
            self.exclude_globs = file.exclude.iter().map(|g| g.get_ref().clone()).collect();
        }
        for o in &file.overrides {
            self.overrides.push(Override {
                globs: globs(&o.paths, &mut errors),
                origin: name.clone(),
                paths: o.paths.iter().map(|g| g.get_ref().clone()).collect(),
                policy: RulePolicy {
                    disable: refs(&o.disable),
                    enable: refs(&o.enable),
                    severity: severities(&o.severity),
                },
                automatic: o.automatic,
                platform: o.platform,
                voice: o.voice,
            });
        }
        if let Some(schema) = file.library {
            self.schema = schema;
        }
        if file.escalation.is_some() {
            self.escalation = file.escalation;
        }
        if let Some(r) = &file.report {
            for (key, name) in &r.columns {
                match crate::mirror::Field::parse(key.get_ref()) {
                    Some(f) => {
                        self.report.columns.retain(|(g, _)| *g != f);
                        self.report.columns.push((f, name.clone()));
                    }
                    None => errors.push(
                        at(span_of(key), format!("onbekende kolom `{}`", key.get_ref()))
                            .label("verwacht received, replied, channel, agent, message, reply of conversation"),
                    ),
                }
            }
            if let Some(w) = &r.respond_within {
                match crate::mirror::time::parse_duration(w.get_ref()) {
                    Ok(m) => self.report.respond_within = Some(m),
                    Err(e) => errors.push(at(span_of(w), "ongeldige duur".into()).label(e)),
                }
            }
            if let Some(h) = &r.opening_hours {
                match crate::mirror::hours::OpeningHours::parse(h.get_ref(), &r.holidays) {
                    Ok(hours) => self.report.opening_hours = Some(hours),
                    Err(e) => errors.push(at(span_of(h), "ongeldige openingstijden".into()).label(e)),
                }
            }
            self.report.anonymise = (r.show_agents.map(|show| !show))
                .or(r.anonymise)
                .or(self.report.anonymise);
        }
        if let Some(p) = &file.privacy {
            for n in &p.own_phones {
                if !self.privacy.add_phone(n.get_ref()) {
                    errors.push(at(span_of(n), "geen telefoonnummer".into()).label("verwacht drie cijfers of meer"));
                }
            }
            for d in &p.own_domains {
                self.privacy.add_domain(d.get_ref());
            }
            for a in &p.own_addresses {
                self.privacy.add_address(a.get_ref());
            }
            for c in &p.case_patterns {
                match regex::RegexBuilder::new(c.get_ref()).size_limit(1 << 20).build() {
                    Ok(re) => self.privacy.case_patterns.push(re),
                    Err(e) => {
                        errors.push(at(span_of(c), "ongeldig patroon voor zaaknummers".into()).label(e.to_string()))
                    }
                }
            }
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }

    /// The team's settings the checker reads: placeholder patterns, the organisation's public
    /// data, and its own text and numbers for the escalation notice.
    pub fn apply(&self, engine: crate::check::Engine) -> crate::check::Engine {
        let mut engine = engine.with_settings(self.placeholders.clone(), self.privacy.clone());
        if let Some(e) = &self.escalation
            && let Some((message, suggest)) = engine.rule_words_mut(crate::rules::ESCALATION_RULE)
        {
            if let Some(m) = &e.message {
                message.clone_from(m);
            }
            if !e.contacts.is_empty() {
                suggest.clone_from(&e.contacts);
            }
        }
        engine
    }

    /// Every rule id the config names that the rule set does not have.
    pub fn unknown_rules(&self, set: &RuleSet) -> Vec<Diagnostic> {
        let policies = std::iter::once(&self.policy).chain(self.overrides.iter().map(|o| &o.policy));
        let mut out = Vec::new();
        for p in policies {
            let named = p
                .disable
                .iter()
                .chain(&p.enable)
                .chain(p.severity.iter().map(|(r, _)| r));
            for r in named {
                if set.get(&r.id).is_none() {
                    let mut d = Diagnostic::new(&r.path, format!("onbekende regel `{}`", r.id))
                        .at(r.source.clone(), r.span)
                        .label("geen regel heeft deze id");
                    let near = crate::diagnostic::similar(&r.id, set.rules().iter().map(|x| x.id.as_str()));
                    if !near.is_empty() {
                        d = d.note(format!("bedoelt u: {}", near.join(", ")));
                    }
                    out.push(d);
                }
            }
        }
        out
    }

    /// The one layering of settings, lowest first: nabij's defaults, the discovered
    /// `nabij.toml`, `--config` (both already layered into `self`, in that order), the command
    /// line, the `[[overrides]]` whose globs match `path`, and the template's own metadata.
    /// It gives the context of one reply's check and the rule policies (disable, enable,
    /// severity) that apply to its findings, lowest first.
    pub fn layer<'a>(&'a self, cli: &CommandLine, path: Option<&Path>, template: TemplateMeta) -> Layered<'a> {
        let mut context = Context {
            platform: cli.platform.or(self.platform),
            automatic: cli.automatic,
            sign_off: cli.sign_off || self.sign_off.unwrap_or(false),
            template: None,
            voice: cli.voice.or(self.voice),
            draft: cli.draft,
            allow: Vec::new(),
        };
        let mut policies = vec![&self.policy];
        for o in self
            .overrides
            .iter()
            .filter(|o| path.is_some_and(|p| o.globs.is_match(p)))
        {
            policies.push(&o.policy);
            context.automatic = o.automatic.unwrap_or(context.automatic);
            context.platform = o.platform.or(context.platform);
            context.voice = o.voice.or(context.voice);
        }
        context.platform = template.platform.or(context.platform);
        context.automatic = template.automatic.unwrap_or(context.automatic);
        Layered {
            context,
            policies,
            fail_on: cli.fail_on.or(self.fail_on).unwrap_or(Severity::Warning),
        }
    }

    pub fn excluded(&self, path: &Path) -> bool {
        self.exclude.as_ref().is_some_and(|g| g.is_match(path))
    }
}

/// Apply rule policies, lowest first, to one rule: `None` when it is disabled, else its
/// severity.
pub fn severity_of(policies: &[&RulePolicy], id: &str, base: Severity) -> Option<Severity> {
    let mut on = true;
    let mut severity = base;
    for p in policies {
        if p.disable.iter().any(|r| r.id == id) {
            on = false;
        }
        if p.enable.iter().any(|r| r.id == id) {
            on = true;
        }
        if let Some((_, s)) = p.severity.iter().rev().find(|(r, _)| r.id == id) {
            severity = *s;
        }
    }
    on.then_some(severity)
}

/// The commented starter file `nabij init` writes.
pub const STARTER: &str = r#"# nabij.toml: how nabij checks this team's replies and templates.
# Every key is optional. Layering, lowest first: nabij's defaults, this file (found by
# walking up from where nabij runs), `--config FILE`, the command line.

# Rule folders of the team's own, relative to this file.
# rules = ["team-regels"]

# Rules to leave out, or to keep on after all (ids as `nabij rules` lists them).
# disable = ["minimaliseren-even"]
# enable = []

# The lowest severity that fails a run: error, warning or info.
fail_on = "warning"

# How the team addresses the reader: "u", "je", or "mirror" (follow the citizen).
# voice = "je"

# How the team signs: "^initialen", "voornaam", or "geen". With a convention, an unsigned
# reply is a finding.
# sign_off = "^initialen"

# Where replies go when a template does not say: x, instagram, facebook (public), whatsapp,
# email, dm (private). Without a platform, a reply counts as public.
# platform = "x"

# More placeholder patterns (regular expressions), besides {{naam}}, {naam}, [NAAM] and %s.
# placeholders = ['\$\{\w+\}']

# Paths (globs) to leave out when checking a folder.
# exclude = ["archief/**"]

# A different severity for some rules.
# [severity]
# intern-doorgezet = "error"

# Settings for some paths only; later blocks win.
# [[overrides]]
# paths = ["automatisch/**"]
# automatic = true
# platform = "email"
# disable = ["geen-ondertekening"]

# Key names of structured libraries (TOML, YAML, JSON) and the CSV columns.
# [library]
# list = "templates"
# name = "name"
# text = "text"
# platform = "platform"
# automatic = "automatic"
# allow = "allow"

# The team's own text for a message that needs a person, and its numbers.
# [escalation]
# message = "Dit bericht vraagt om een mens: bel de dienstdoende teamleider."
# contacts = ["113 Zelfmoordpreventie: bel 113 of 0800-0113", "Bij direct gevaar: 112"]

# How `nabij report` reads the team's export (when its column names are not the usual
# ones), and the team's own principles.
# [report]
# respond_within = "4h"
# show_agents = false   # agents are "medewerker 1", "medewerker 2"... unless true
# opening_hours = "ma-vr 08:00-20:00, za 09:00-17:00"   # response times in open time
# holidays = ["2026-04-27", "2026-12-25"]
# [report.columns]
# reply = "tekst"
# received = "datum_in"

# The organisation's own public data, which is never personal data, and the shape of its
# case numbers.
# [privacy]
# own_phones = ["14 020", "020 123 4567"]
# own_domains = ["gemeente.nl"]
# own_addresses = ["Stadhuisplein 1", "1011 PN"]
# case_patterns = ['\bZ-\d{4}-\d{6}\b']
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn later_layers_win_and_unknown_keys_are_placed_errors() {
        let dir = std::env::temp_dir().join(format!("nabij-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let a = write(
            &dir,
            "a.toml",
            "voice = \"je\"\nfail_on = \"error\"\ndisable = [\"x\"]\n",
        );
        let b = write(&dir, "b.toml", "voice = \"u\"\nenable = [\"x\"]\n");
        let mut c = Config::default();
        c.add_file(&a).unwrap();
        c.add_file(&b).unwrap();
        assert_eq!(c.voice, Some(Voice::U));
        assert_eq!(c.fail_on, Some(Severity::Error));
        let p = c
            .layer(
                &CommandLine::default(),
                Some(Path::new("t.txt")),
                TemplateMeta::default(),
            )
            .policies;
        assert_eq!(
            severity_of(&p, "x", Severity::Info),
            Some(Severity::Info),
            "enabled again"
        );
        let bad = write(&dir, "bad.toml", "voice = \"je\"\nkleur = \"blauw\"\n");
        let e = Config::default().add_file(&bad).unwrap_err();
        assert_eq!(e[0].position().unwrap().line, 2);
        assert!(e[0].message.contains("kleur"), "{}", e[0]);
        assert!(STARTER.parse::<toml::Table>().is_ok(), "the starter file is valid TOML");
        let starter = write(&dir, "starter.toml", STARTER);
        Config::default().add_file(&starter).unwrap();
    }

    #[test]
    fn overrides_apply_by_glob() {
        let dir = std::env::temp_dir().join(format!("nabij-config-o-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = write(
            &dir,
            "c.toml",
            "[[overrides]]\npaths = [\"auto/**\"]\nautomatic = true\ndisable = [\"y\"]\n[overrides.severity]\nz = \"error\"\n",
        );
        let mut c = Config::default();
        c.add_file(&f).unwrap();
        let at = |path: &str| c.layer(&CommandLine::default(), Some(Path::new(path)), TemplateMeta::default());
        let l = at("auto/welkom.txt");
        let (p, automatic) = (l.policies, l.context.automatic);
        assert!(automatic);
        assert_eq!(severity_of(&p, "y", Severity::Warning), None);
        assert_eq!(severity_of(&p, "z", Severity::Info), Some(Severity::Error));
        let l = at("handmatig/welkom.txt");
        let (p, automatic) = (l.policies, l.context.automatic);
        assert_eq!(
            (automatic, severity_of(&p, "y", Severity::Warning)),
            (false, Some(Severity::Warning))
        );
    }

    #[test]
    fn settings_layer_from_defaults_to_the_template() {
        let dir = std::env::temp_dir().join(format!("nabij-layer-{}", std::process::id()));
        let sub = dir.join("sub");
        std::fs::create_dir_all(&sub).unwrap();
        // The discovered file sets every setting; --config replaces some of them.
        std::fs::write(
            dir.join(FILE_NAME),
            "platform = \"x\"\nvoice = \"u\"\nsign_off = \"voornaam\"\nfail_on = \"info\"\n",
        )
        .unwrap();
        let explicit = dir.join("team.toml");
        std::fs::write(
            &explicit,
            "platform = \"facebook\"\n[[overrides]]\npaths = [\"auto/*\"]\nautomatic = true\nplatform = \"whatsapp\"\n",
        )
        .unwrap();
        let (config, errors) = Config::load(Some(&sub), Some(&explicit));
        assert!(errors.is_empty(), "{errors:?}");
        let none = CommandLine::default();
        let meta = TemplateMeta::default();
        // Defaults only.
        let defaults = Config::default();
        let d = defaults.layer(&none, None, meta);
        assert_eq!(
            (d.context.platform, d.context.voice, d.fail_on),
            (None, None, Severity::Warning)
        );
        // Discovered file < --config.
        let l = config.layer(&none, Some(Path::new("a.txt")), meta);
        assert_eq!(
            l.context.platform,
            Some(Platform::Facebook),
            "--config over the discovered file"
        );
        assert_eq!(
            l.context.voice,
            Some(Voice::U),
            "the discovered file where --config is silent"
        );
        assert!(l.context.sign_off);
        assert_eq!(l.fail_on, Severity::Info);
        // Command line over both.
        let cli = CommandLine {
            platform: Some(Platform::Instagram),
            voice: Some(Voice::Je),
            fail_on: Some(Severity::Error),
            ..CommandLine::default()
        };
        let l = config.layer(&cli, Some(Path::new("a.txt")), meta);
        assert_eq!(
            (l.context.platform, l.context.voice, l.fail_on),
            (Some(Platform::Instagram), Some(Voice::Je), Severity::Error)
        );
        assert!(!l.context.automatic);
        // A path override over the command line, only for its paths.
        let l = config.layer(&cli, Some(Path::new("auto/welkom.txt")), meta);
        assert_eq!(l.context.platform, Some(Platform::Whatsapp));
        assert!(l.context.automatic);
        assert_eq!(l.policies.len(), 2, "the override's rule policy comes on top");
        // The template's own metadata over everything.
        let own = TemplateMeta {
            platform: Some(Platform::X),
            automatic: Some(false),
        };
        let l = config.layer(&cli, Some(Path::new("auto/welkom.txt")), own);
        assert_eq!(l.context.platform, Some(Platform::X));
        assert!(!l.context.automatic);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
