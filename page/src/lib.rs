//! nabij in the browser: the library and the built-in rules (their compiled form, so the
//! start parses nothing) behind five plain WebAssembly exports. No wasm-bindgen: the page
//! passes one JSON text in and gets one JSON text back, so the glue is twenty lines of
//! JavaScript (`static/page.js`) and the build needs no tool beyond cargo and the wasm target.
//!
//! The protocol:
//! - `nabij_alloc(len) -> ptr`: room for `len` bytes the page writes its input to;
//! - `nabij_setup(ptr, len) -> len`: load the rules and the team's bundle at `ptr` (the
//!   `team.json` beside the page, see `src/bundle.rs`; `{}` for none), and write what the
//!   page shows before a check (see [`Setup`]);
//! - `nabij_check(ptr, len) -> len`: check the input at `ptr` (a [`Request`] as JSON; the
//!   module frees it) and write the result: the same JSON document `nabij check --format
//!   json` prints, with the draft as the file `concept` and the message as `bericht`;
//! - `nabij_output() -> ptr`: where the last output is, valid until the next call.
//!
//! Spans in the output are bytes of the UTF-8 text, as everywhere in nabij; the page turns
//! them into string positions.

use nabij::check::Engine;
use nabij::config::{CommandLine, Config};
use nabij::diagnostic::Diagnostic;
use nabij::input::Limits;
use nabij::lint::{CheckOptions, Incoming, check_source};
use nabij::rules::{LoadOptions, Platform, Severity, Voice};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::path::Path;
use std::sync::Arc;

/// The file name the draft has in findings, errors and the JSON document.
pub const DRAFT: &str = "concept";
/// The file name of the citizen's message.
pub const MESSAGE: &str = "bericht";

/// A team's settings and rule files, as `team.json` holds them.
#[derive(Serialize, Deserialize, Default)]
pub struct Bundle {
    pub config: Option<BundledFile>,
    #[serde(default)]
    pub rules: Vec<BundledFile>,
}

#[derive(Serialize, Deserialize)]
pub struct BundledFile {
    /// The path as the team knows it (relative to its nabij.toml), for errors.
    pub name: String,
    pub text: String,
}

/// What one check is about: the draft, the citizen's message, and the choices on the page.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Request {
    pub concept: String,
    pub bericht: String,
    /// `x`, `instagram`, `facebook`, `whatsapp`, `email`, `dm`; empty: the team's default.
    pub platform: String,
    pub automatic: bool,
    /// `u`, `je`, `mirror`; empty: the team's default.
    pub voice: String,
}

/// What the page shows before the first check: the team's defaults for its choices, and
/// problems with the bundled settings or rules (each with its file and place).
#[derive(Serialize)]
pub struct Setup {
    pub platform: Option<Platform>,
    pub voice: Option<Voice>,
    pub rules: usize,
    pub team_rules: usize,
    pub config: Option<String>,
    pub escalation_rule: &'static str,
    /// What each signal means, by id (`noodkreet`: "een noodkreet: wanhoop, ...").
    pub signals: std::collections::BTreeMap<String, String>,
    pub errors: Vec<String>,
}

/// The rules, the team's settings and the run's problems, made once.
pub struct Page {
    engine: Engine,
    options: CheckOptions,
    problems: Vec<Diagnostic>,
    fail_on: Severity,
    setup: Setup,
}

impl Page {
    /// Load the built-in rules and the team's bundle (`team.json`); a bundle that is no
    /// bundle is a problem the page shows, and the page goes on with nabij's own settings.
    pub fn new(bundle: &str) -> Page {
        let mut problems = Vec::new();
        let bundle: Bundle = serde_json::from_str(bundle).unwrap_or_else(|e| {
            problems.push(Diagnostic::new("team.json", format!("ongeldige bundel: {e}")));
            Bundle::default()
        });
        let mut config = Config::default();
        if let Some(file) = &bundle.config
            && let Err(e) = config.layer_bundled_text(Path::new(&file.name), Arc::from(file.text.as_str()))
        {
            problems.extend(e);
        }
        let options = LoadOptions {
            files: bundle.rules.iter().map(|f| (f.name.clone(), f.text.clone())).collect(),
            ..LoadOptions::default()
        };
        let (engine, errors) = nabij::check::load(&options);
        problems.extend(errors);
        problems.extend(config.unknown_rules(&engine));
        let engine = config.apply(engine);
        let fail_on = config.layer(&CommandLine::default(), None, Default::default()).fail_on;
        let setup = Setup {
            platform: config.platform,
            voice: config.voice,
            rules: engine.rules().len(),
            team_rules: engine.rules().iter().filter(|r| !r.origin.builtin).count(),
            config: bundle.config.as_ref().map(|f| f.name.clone()),
            escalation_rule: nabij::rules::ESCALATION_RULE,
            signals: (engine.signals().iter())
                .map(|s| (s.id.clone(), s.description.clone()))
                .collect(),
            errors: problems.iter().map(describe).collect(),
        };
        let options = CheckOptions {
            config,
            limits: Limits::default(),
            ..CheckOptions::default()
        };
        Page {
            engine,
            options,
            problems,
            fail_on,
            setup,
        }
    }

    pub fn setup(&self) -> &Setup {
        &self.setup
    }

    /// Check a draft as `nabij check --draft --format json` does, with the message as
    /// `--incoming` and the page's choices as flags: the same JSON document.
    pub fn check(&mut self, request: Request) -> String {
        self.options.command_line = CommandLine {
            platform: Platform::parse(&request.platform),
            automatic: request.automatic,
            voice: Voice::parse(&request.voice),
            draft: true,
            ..CommandLine::default()
        };
        self.options.incoming = (!request.bericht.trim().is_empty())
            .then(|| Incoming::new(MESSAGE.to_string(), Arc::from(request.bericht.as_str())));
        let report = check_source(&self.engine, &self.options, DRAFT.to_string(), request.concept);
        nabij::print::json::render(&[report], &self.problems, &self.engine, self.fail_on)
    }
}

/// One line for a problem with the team's settings: file, place, message.
pub fn describe(d: &Diagnostic) -> String {
    match d.position() {
        Some(p) => format!("{}:{}:{}: {}", d.path, p.line, p.column, d.message),
        None => format!("{}: {}", d.path, d.message),
    }
}

thread_local! {
    static PAGE: RefCell<Option<Page>> = const { RefCell::new(None) };
    static OUTPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Keep `text` as the output and return its length.
fn output(text: String) -> usize {
    let len = text.len();
    OUTPUT.with_borrow_mut(|o| *o = text.into_bytes());
    len
}

/// The bytes at `ptr` from [`nabij_alloc`], taken back.
///
/// # Safety
/// `ptr` must come from `nabij_alloc(len)`, with `len` bytes written.
unsafe fn take(ptr: *mut u8, len: usize) -> Vec<u8> {
    // SAFETY: as the caller promises, a buffer of capacity `len.max(1)` with `len` bytes.
    unsafe { Vec::from_raw_parts(ptr, len, len.max(1)) }
}

/// Room for `len` bytes of input; [`nabij_check`] takes it back.
#[unsafe(no_mangle)]
pub extern "C" fn nabij_alloc(len: usize) -> *mut u8 {
    let mut buffer = Vec::<u8>::with_capacity(len.max(1));
    let ptr = buffer.as_mut_ptr();
    std::mem::forget(buffer);
    ptr
}

/// Load the rules and the team's bundle (JSON, `len` bytes at `ptr`, from
/// [`nabij_alloc`]; freed here) and write the [`Setup`] as JSON; returns its length.
///
/// # Safety
/// `ptr` must come from `nabij_alloc(len)`, with `len` bytes written.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn nabij_setup(ptr: *mut u8, len: usize) -> usize {
    // SAFETY: passed on from the caller.
    let bundle = unsafe { take(ptr, len) };
    let page = Page::new(&String::from_utf8_lossy(&bundle));
    let setup = serde_json::to_string(page.setup()).expect("plain data");
    PAGE.with_borrow_mut(|p| *p = Some(page));
    output(setup)
}

/// Check the [`Request`] (JSON, `len` bytes at `ptr`, from [`nabij_alloc`]) and write the
/// result; returns its length. Input that is no request gives `{"error": "..."}`.
///
/// # Safety
/// `ptr` must come from `nabij_alloc(len)`, with `len` bytes written; it is freed here.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn nabij_check(ptr: *mut u8, len: usize) -> usize {
    // SAFETY: passed on from the caller.
    let bytes = unsafe { take(ptr, len) };
    let result = match serde_json::from_slice::<Request>(&bytes) {
        Ok(request) => PAGE.with_borrow_mut(|p| match p {
            Some(page) => page.check(request),
            None => serde_json::json!({ "error": "nabij_setup is nog niet aangeroepen" }).to_string(),
        }),
        Err(e) => serde_json::json!({ "error": format!("ongeldige invoer: {e}") }).to_string(),
    };
    output(result)
}

/// Where the last output is.
#[unsafe(no_mangle)]
pub extern "C" fn nabij_output() -> *const u8 {
    OUTPUT.with_borrow(|o| o.as_ptr())
}
