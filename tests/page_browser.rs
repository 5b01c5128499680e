//! The browser page (page/, built by `scripts/build-page`) in a real browser: headless
//! Chromium, driven over the DevTools protocol, types a citizen's message and a draft and
//! sees what an employee sees; the page says what `nabij check --format json` says; nothing
//! is asked of any host but the page's own. Screenshots at 390 and 1280 px are written to
//! `target/page-390.png` and `target/page-1280.png`.
//!
//! Skipped, saying so, where no Chromium is installed (Debian: `apt-get install chromium`)
//! or the wasm target is missing (`rustup target add wasm32-unknown-unknown`); `.ci/run`
//! installs both.

mod common;

use common::browser::{Browser, Server, chromium};
use common::temp_dir;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Build the page into `target/page-test` once per test binary; `None` (with the reason
/// printed) where there is no wasm target.
fn built() -> Option<PathBuf> {
    static BUILT: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    BUILT
        .get_or_init(|| {
            let targets = Command::new("rustup").args(["target", "list", "--installed"]).output();
            let has_wasm = targets.is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("wasm32-unknown-unknown"));
            if !has_wasm {
                eprintln!("skipped: no wasm32 target (rustup target add wasm32-unknown-unknown)");
                return None;
            }
            let out = root().join("target/page-test");
            let built = Command::new(root().join("scripts/build-page"))
                .arg("--out")
                .arg(&out)
                .output()
                .expect("scripts/build-page runs");
            assert!(
                built.status.success(),
                "scripts/build-page failed:\n{}",
                String::from_utf8_lossy(&built.stderr)
            );
            Some(out)
        })
        .clone()
}

/// The browser and the built page; `None` (saying why) where either is missing.
fn page() -> Option<(PathBuf, PathBuf)> {
    let Some(browser) = chromium() else {
        eprintln!("skipped: no chromium on this machine (apt-get install chromium)");
        return None;
    };
    Some((browser, built()?))
}

/// A browser on the page served from `dir`, `width` px wide, after its first check.
fn open(browser: &Path, dir: &Path, width: u32, name: &str) -> (Browser, Server) {
    open_at(browser, dir, width, name, "index.html")
}

/// `open` at `path` of the page (a link with a case after `#`).
fn open_at(browser: &Path, dir: &Path, width: u32, name: &str, path: &str) -> (Browser, Server) {
    let server = Server::start(dir);
    let mut b = Browser::start(browser, &temp_dir(name));
    b.width(width, 900);
    b.navigate(&server.url(path));
    b.wait_for(
        "document.documentElement.dataset.state === 'ready' && window.nabij.checks > 0",
        30,
    );
    (b, server)
}

/// The findings the page lists, by rule id.
fn listed(b: &mut Browser) -> Vec<String> {
    let v = b.eval("[...document.querySelectorAll('#findings .finding')].map(li => li.dataset.rule)");
    serde_json::from_value(v).expect("a list of ids")
}

/// Replace the text of the field `id` by typing `text` into it, and wait for the check.
fn type_into(b: &mut Browser, id: &str, text: &str) {
    let before = b.eval("window.nabij.checks").as_u64().unwrap_or(0);
    b.eval(&format!(
        "(() => {{ const a = document.getElementById('{id}'); a.focus(); a.select(); return true; }})()"
    ));
    b.type_text(text);
    b.wait_for(&format!("window.nabij.checks > {before}"), 10);
    // The text the last check saw is the field's text.
    let same = b.eval(&format!(
        "document.getElementById('{id}').value === {}",
        serde_json::to_string(text).unwrap()
    ));
    assert_eq!(same, json!(true));
}

#[test]
fn typing_a_draft_shows_findings_profile_and_the_escalation_and_is_silent_on_a_good_reply() {
    let Some((browser, dir)) = page() else { return };
    let (mut b, server) = open(&browser, &dir, 1280, "page-typing");
    let ready_ms = b.eval("window.nabij.readyMs").as_u64().expect("a start time");
    eprintln!("page interactive after {ready_ms} ms");

    // A cry for help, and a cold, passed-on draft.
    type_into(
        &mut b,
        "bericht",
        "Ik heb al vier keer gebeld over de huurtoeslag en niemand helpt me. Ik weet niet meer hoe ik de huur moet betalen, ik zie het echt niet meer zitten.",
    );
    type_into(
        &mut b,
        "concept",
        "Bedankt voor uw melding. Wij hebben het intern doorgezet naar de betreffende afdeling 😊",
    );
    let rules = listed(&mut b);
    for rule in [
        "intern-doorgezet",
        "geen-eigenaar",
        "emoji-bij-noodkreet",
        "noodkreet-vraagt-een-naam",
    ] {
        assert!(rules.contains(&rule.to_string()), "{rule} not in {rules:?}");
    }
    // The escalation notice is at the top, with the numbers, and not among the findings.
    assert!(!rules.contains(&"opschalen-naar-een-mens".to_string()));
    let escalation = b.eval(
        "(() => { const e = document.getElementById('escalation'); const first = document.querySelector('main').firstElementChild; \
         return { shown: !e.hidden, first: first === e, text: e.textContent }; })()",
    );
    assert_eq!(escalation["shown"], json!(true), "{escalation}");
    assert_eq!(escalation["first"], json!(true));
    assert!(escalation["text"].as_str().unwrap().contains("113"), "{escalation}");
    // The profile: three clear states, in words.
    let profile = b.eval("[...document.querySelectorAll('#profile li')].map(li => li.dataset.dimension + ':' + li.dataset.state + ':' + li.textContent)");
    let profile: Vec<String> = serde_json::from_value(profile).unwrap();
    assert_eq!(profile.len(), 3);
    assert!(
        profile[1].starts_with("ownership:missing:") && profile[1].contains("Eigenaarschap: ontbreekt"),
        "{profile:?}"
    );
    // The message's signals, listed and marked.
    let signals = b.eval("[...document.querySelectorAll('#signals li')].map(s => s.dataset.signal)");
    let signals: Vec<String> = serde_json::from_value(signals).unwrap();
    assert!(
        signals.contains(&"noodkreet".to_string()) && signals.contains(&"herhaald-contact".to_string()),
        "{signals:?}"
    );
    assert!(
        b.eval("document.querySelectorAll('#bericht-backdrop mark').length")
            .as_u64()
            .unwrap()
            >= 2
    );

    // Each finding is marked in the draft; the words under a mark are the finding's words.
    let marked = b.eval(
        "(() => { const id = document.querySelector('#findings .finding[data-rule=\"intern-doorgezet\"]').dataset.id; \
         return [...document.querySelectorAll('#concept-backdrop mark')].filter(m => m.dataset.ids.split(' ').includes(id)).map(m => m.textContent).join(''); })()",
    );
    assert_eq!(marked, json!("intern doorgezet"));

    // Hovering a mark shows its message and why.
    let at = b.eval(
        "(() => { const m = [...document.querySelectorAll('#concept-backdrop mark')].find(m => m.textContent.includes('intern')); \
         const r = m.getClientRects()[0]; return [r.left + r.width / 2, r.top + r.height / 2]; })()",
    );
    let (x, y) = (at[0].as_f64().unwrap(), at[1].as_f64().unwrap());
    b.call(
        "Input.dispatchMouseEvent",
        json!({"type": "mouseMoved", "x": x, "y": y}),
    );
    let tip =
        b.eval("(() => { const t = document.getElementById('tooltip'); return t.hidden ? '' : t.textContent; })()");
    assert!(tip.as_str().unwrap().contains("Doorverwijzing"), "tooltip: {tip}");

    // Keyboard only: a finding's button selects its words in the draft, and the words under
    // the cursor are explained.
    b.eval("document.querySelector('#findings .finding[data-rule=\"intern-doorgezet\"] .locate').focus()");
    b.press("Enter", 13);
    let selected = b.eval(
        "(() => { const a = document.getElementById('concept'); return [document.activeElement === a, a.value.slice(a.selectionStart, a.selectionEnd), document.getElementById('at-cursor').textContent]; })()",
    );
    assert_eq!(selected[0], json!(true), "{selected}");
    assert_eq!(selected[1], json!("intern doorgezet"));
    assert!(selected[2].as_str().unwrap().contains("Doorverwijzing"), "{selected}");
    // Every field has a label a screen reader reads.
    let unlabelled = b.eval(
        "[...document.querySelectorAll('textarea, select, input')].filter(e => !(e.labels && e.labels.length)).map(e => e.id || e.name)",
    );
    assert_eq!(unlabelled, json!([]));

    let shots = root().join("target");
    b.screenshot(&shots.join("page-1280.png"));
    b.width(390, 900);
    let wide = b.eval("document.documentElement.scrollWidth").as_u64().unwrap();
    assert!(wide <= 390, "at 390 px the page is {wide} px wide");
    b.screenshot(&shots.join("page-390.png"));
    for width in [390, 1280] {
        let png = shots.join(format!("page-{width}.png"));
        let size = std::fs::metadata(&png).map(|m| m.len()).unwrap_or(0);
        assert!(size > 20_000, "{} is {size} bytes: an empty page?", png.display());
    }

    // A good reply to an everyday complaint: no finding, no notice, three states present.
    b.width(1280, 900);
    type_into(
        &mut b,
        "bericht",
        "Mijn container is al twee weken niet geleegd en het begint echt te stinken.",
    );
    type_into(
        &mut b,
        "concept",
        "Wat vervelend dat je container al twee weken vol staat, en dat je er nu last van hebt. Ik heb het net aan de chauffeur van jouw wijk doorgegeven: hij leegt hem morgen voor 12.00 uur. Lukt dat niet, dan bel ik je zelf. Groet, Sanne",
    );
    assert_eq!(listed(&mut b), Vec::<String>::new());
    let quiet = b.eval(
        "[document.getElementById('escalation').hidden, document.querySelectorAll('#concept-backdrop mark').length, document.getElementById('findings').textContent, \
          [...document.querySelectorAll('#profile li')].map(li => li.dataset.state).join(',')]",
    );
    assert_eq!(quiet[0], json!(true), "{quiet}");
    assert_eq!(quiet[1], json!(0));
    assert!(quiet[2].as_str().unwrap().contains("Geen bevindingen"), "{quiet}");
    assert_eq!(quiet[3], json!("present,present,present"));

    // Personal data in the message: marked there, with the advice to go private.
    type_into(
        &mut b,
        "bericht",
        "Mijn BSN is 123456782 en mijn nummer 06-12345678, bel me a.u.b.",
    );
    let privacy = b.eval(
        "[document.getElementById('privacy').hidden, document.getElementById('privacy').textContent, \
          document.querySelectorAll('#bericht-backdrop mark.personal').length]",
    );
    assert_eq!(privacy[0], json!(false), "{privacy}");
    assert!(privacy[1].as_str().unwrap().contains("DM"), "{privacy}");
    assert_eq!(privacy[2], json!(2), "{privacy}");
    // The list shows where, not the number itself.
    let listed_signals = b.eval("document.getElementById('signals').textContent");
    assert!(
        !listed_signals.as_str().unwrap().contains("123456782"),
        "{listed_signals}"
    );

    // "kopieer" puts the draft on the clipboard (or says it could not).
    b.eval("document.getElementById('copy').click()");
    b.wait_for("document.getElementById('copied').textContent !== ''", 5);

    // A 1,000-character draft and message: how long one check takes in this browser.
    let ms = b.eval(
        "(() => { const d = 'Wij hebben uw melding intern doorgezet. '.repeat(25); const m = 'Ik wacht al weken en niemand belt terug. '.repeat(25); \
         const t = []; for (let i = 0; i < 15; i++) { const s = performance.now(); nabij.check({concept: d, bericht: m}); t.push(performance.now() - s); } \
         t.sort((a, b) => a - b); return t[7]; })()",
    );
    eprintln!("one check of 1,000 + 1,000 characters: median {ms} ms");

    assert_eq!(b.errors(), Vec::<String>::new(), "the page reported errors");
    let own = format!("http://127.0.0.1:{}/", server.port);
    let elsewhere: Vec<String> = (b.requested().into_iter())
        .filter(|u| !u.starts_with(&own) && !u.starts_with("data:") && u != "about:blank")
        .collect();
    assert_eq!(elsewhere, Vec::<String>::new(), "requests that left the page's host");
    let asked = server.asked.lock().unwrap().clone();
    assert!(asked.iter().any(|p| p == "/nabij.wasm"), "{asked:?}");
}

/// `nabij check --format json --draft` on `concept` with `bericht` as the citizen's message
/// (none when empty), and `flags` before the command: its document.
fn cli_check(scratch: &Path, k: usize, concept: &str, bericht: &str, flags: &[&str]) -> Value {
    let draft = common::write(scratch, &format!("concept-{k}"), concept);
    let message = common::write(scratch, &format!("bericht-{k}"), bericht);
    let mut args: Vec<&str> = flags.to_vec();
    args.push("--draft");
    let (draft, message) = (draft.to_str().unwrap(), message.to_str().unwrap());
    if !bericht.trim().is_empty() {
        args.extend(["--incoming", message]);
    }
    args.push(draft);
    common::json(&args, None).0
}

/// The page's document for the same check.
fn page_check(b: &mut Browser, request: Value) -> Value {
    let page = b.eval(&format!("JSON.stringify(nabij.check({request}))"));
    serde_json::from_str(page.as_str().expect("a JSON text")).unwrap()
}

/// A case for both the page and the command line.
struct Case {
    name: String,
    concept: String,
    bericht: String,
    platform: String,
    automatic: bool,
}

/// The rule ids, severities and spans of a `nabij check --format json` document's first
/// file, the signals of its message, and its profile.
fn summary(doc: &Value) -> Value {
    let replies = doc["files"][0]["replies"].as_array().cloned().unwrap_or_default();
    let findings: Vec<Value> = (replies.iter())
        .flat_map(|r| r["findings"].as_array().cloned().unwrap_or_default())
        .map(|f| json!([f["rule"], f["severity"], f["span"]["start"], f["span"]["end"]]))
        .collect();
    let signals: Vec<Value> = (replies.iter())
        .flat_map(|r| r["signals"].as_array().cloned().unwrap_or_default())
        .map(|s| json!([s["signal"], s["span"]["start"], s["span"]["end"]]))
        .collect();
    let dimensions: Vec<Value> = replies.iter().map(|r| r["dimensions"].clone()).collect();
    json!({"findings": findings, "signals": signals, "dimensions": dimensions})
}

/// Every example text in `examples/`: the draft, each conversation split into the citizen's
/// message and the reply, and every template of the example libraries.
fn example_cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for name in ["draft.txt", "thread.txt", "privacy-thread.txt"] {
        let text = std::fs::read_to_string(root().join("examples").join(name)).unwrap();
        let (mut citizen, mut reply, mut turn) = (String::new(), String::new(), "");
        if !text.starts_with("--- ") {
            reply = text.clone();
        }
        for line in text.lines() {
            match line.trim() {
                "--- burger" => turn = "burger",
                "--- antwoord" => turn = "antwoord",
                _ if turn == "burger" => citizen.push_str(&format!("{line}\n")),
                _ if turn == "antwoord" => reply.push_str(&format!("{line}\n")),
                _ => {}
            }
        }
        for platform in ["", "x"] {
            cases.push(Case {
                name: format!("examples/{name} ({platform})"),
                concept: reply.clone(),
                bericht: citizen.clone(),
                platform: platform.into(),
                automatic: false,
            });
        }
    }
    // Every template of the example libraries (TOML and YAML), read by nabij's own reader,
    // with its platform and whether it is automatic.
    for name in ["webcare.toml", "automatisch.yaml"] {
        let path = root().join("examples/library").join(name);
        let source: std::sync::Arc<str> = std::fs::read_to_string(&path).unwrap().into();
        let format = nabij::input::Format::of(name);
        let templates = nabij::input::library::read(name, &source, format, &Default::default()).unwrap();
        assert!(!templates.is_empty(), "{name}");
        for t in templates {
            cases.push(Case {
                name: format!("{name}: {}", t.name.unwrap_or_default()),
                concept: t.text.text.clone(),
                bericht: String::new(),
                platform: t.platform.map(|p| p.as_str().to_string()).unwrap_or_default(),
                automatic: t.automatic.unwrap_or(false),
            });
        }
    }
    cases
}

/// Every third example of the built-in rules (fire and silent), with its message and
/// platform.
fn rule_example_cases() -> Vec<Case> {
    let mut files = Vec::new();
    let mut dirs = vec![root().join("rules")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() && !path.ends_with("lexicon") {
                dirs.push(path);
            } else if path.extension().is_some_and(|x| x == "toml") {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut cases = Vec::new();
    for file in files {
        let table: toml::Table = toml::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let Some(examples) = table.get("examples").and_then(|e| e.as_table()) else {
            continue;
        };
        for kind in ["fire", "silent"] {
            for (k, e) in examples
                .get(kind)
                .and_then(|x| x.as_array())
                .into_iter()
                .flatten()
                .enumerate()
            {
                let (text, incoming, platform) = match e {
                    toml::Value::String(s) => (s.as_str(), "", ""),
                    toml::Value::Table(t) => (
                        t.get("text").and_then(|v| v.as_str()).unwrap_or(""),
                        t.get("incoming").and_then(|v| v.as_str()).unwrap_or(""),
                        t.get("platform").and_then(|v| v.as_str()).unwrap_or(""),
                    ),
                    _ => continue,
                };
                cases.push(Case {
                    name: format!("{} {kind} {k}", file.file_name().unwrap().to_string_lossy()),
                    concept: text.replace(['«', '»'], ""),
                    bericht: incoming.to_string(),
                    platform: platform.to_string(),
                    automatic: false,
                });
            }
        }
    }
    cases.into_iter().step_by(3).collect()
}

#[test]
fn the_page_finds_what_the_command_line_finds() {
    let Some((browser, dir)) = page() else { return };
    let (mut b, _server) = open(&browser, &dir, 1280, "page-agree");
    let scratch = temp_dir("page-agree");
    let cases: Vec<Case> = example_cases().into_iter().chain(rule_example_cases()).collect();
    assert!(cases.len() > 100, "{} cases", cases.len());
    let mut differ = Vec::new();
    for (k, case) in cases.iter().enumerate() {
        let request = json!({"concept": case.concept, "bericht": case.bericht, "platform": case.platform,
                             "automatic": case.automatic});
        let page = page_check(&mut b, request);
        let mut flags = vec!["--no-config"];
        if !case.platform.is_empty() {
            flags.extend(["--platform", &case.platform]);
        }
        if case.automatic {
            flags.push("--automatic");
        }
        let cli = cli_check(&scratch, k, &case.concept, &case.bericht, &flags);
        let (page, cli) = (summary(&page), summary(&cli));
        if page != cli {
            differ.push(format!("{}:\n  page {page}\n  cli  {cli}", case.name));
        }
    }
    assert!(
        differ.is_empty(),
        "{} of {} cases differ:\n{}",
        differ.len(),
        cases.len(),
        differ.join("\n")
    );
    assert_eq!(b.errors(), Vec::<String>::new());
}

#[test]
fn the_wasm_is_at_most_4_mb() {
    let Some(dir) = built() else { return };
    let size = std::fs::metadata(dir.join("nabij.wasm")).unwrap().len();
    assert!(size <= 4 << 20, "nabij.wasm is {size} bytes");
    for file in ["index.html", "page.js", "page.css"] {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        // Nothing from another host: no absolute URL in what the page loads.
        let external: Vec<&str> = (text.match_indices("://"))
            .filter(|(at, _)| text[*at + 3..].starts_with(|c: char| c.is_ascii_alphanumeric()))
            .map(|(at, _)| &text[at.saturating_sub(8)..(at + 20).min(text.len())])
            .collect();
        assert!(external.is_empty(), "{file} names {external:?}");
    }
}

#[test]
fn a_link_carries_a_case() {
    let Some((browser, dir)) = page() else { return };
    let concept = "Wij hebben uw melding intern doorgezet.";
    let bericht = "Al drie weken ligt er afval naast de container.";
    let encode = |t: &str| {
        (t.bytes())
            .map(|b| {
                if b.is_ascii_alphanumeric() {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect::<String>()
    };
    let path = format!(
        "index.html#concept={}&bericht={}&platform=x",
        encode(concept),
        encode(bericht)
    );
    let (mut b, _server) = open_at(&browser, &dir, 1280, "page-link", &path);
    let fields = b.eval(
        "[document.getElementById('concept').value, document.getElementById('bericht').value, document.getElementById('platform').value]",
    );
    assert_eq!(fields, json!([concept, bericht, "x"]));
    assert!(listed(&mut b).contains(&"intern-doorgezet".to_string()));
}

#[test]
fn a_page_built_with_a_teams_settings_says_what_the_command_line_says() {
    let Some((browser, _)) = page() else { return };
    let team = temp_dir("page-team");
    let config = common::write(
        &team,
        "nabij.toml",
        "voice = \"u\"\nrules = [\"regels\"]\ndisable = [\"minimaliseren-even\"]\n\n[escalation]\n\
         message = \"Noodkreet: zet het bericht in #spoed en bel de dienstdoende teamleider.\"\n\
         contacts = [\"Dienstdoende teamleider: 06-11122233\"]\n",
    );
    let rule = "id = \"team-geachte\"\ndimension = \"clarity\"\nseverity = \"warning\"\n\
                message = \"Te plechtig voor webcare: begin met de naam of met wat er speelt\"\n\
                why = \"Op sociale media leest het als een brief van een loket.\"\nsuggest = [\"Dag meneer De Vries,\"]\n\
                patterns = [\"geachte\"]\n\n[examples]\nfire = [\"«Geachte» heer, dank voor uw bericht.\"]\n\
                silent = [\"Dag meneer De Vries, dank voor uw bericht.\"]\n";
    common::write(&team, "regels/geachte.toml", rule);
    let build = |out: &str| {
        Command::new(root().join("scripts/build-page"))
            .args(["--config", config.to_str().unwrap(), "--out"])
            .arg(team.join(out))
            .output()
            .expect("scripts/build-page runs")
    };
    let built = build("page");
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));

    let (mut b, _server) = open(&browser, &team.join("page"), 1280, "page-team-browser");
    let shown = b.eval(
        "[document.getElementById('rules-info').textContent, document.querySelector('input[name=\"voice\"][value=\"\"]').parentElement.textContent]",
    );
    assert!(
        shown[0]
            .as_str()
            .unwrap()
            .contains("waarvan 1 van het team (nabij.toml)"),
        "{shown}"
    );
    assert!(shown[1].as_str().unwrap().contains("standaard (u)"), "{shown}");
    let bericht = "Ik heb al drie keer gebeld en ik weet het echt niet meer.";
    let concept = "Geachte heer, wij kijken even naar uw vraag.";
    type_into(&mut b, "bericht", bericht);
    type_into(&mut b, "concept", concept);
    let rules = listed(&mut b);
    assert!(rules.contains(&"team-geachte".to_string()), "{rules:?}");
    assert!(!rules.contains(&"minimaliseren-even".to_string()), "{rules:?}");
    let notice = b.eval("document.getElementById('escalation').textContent");
    assert!(notice.as_str().unwrap().contains("#spoed"), "{notice}");
    assert!(notice.as_str().unwrap().contains("06-11122233"), "{notice}");
    let page = page_check(&mut b, json!({"concept": concept, "bericht": bericht}));
    let flags = ["--no-config", "--config", config.to_str().unwrap()];
    let cli = cli_check(&temp_dir("page-team-cli"), 0, concept, bericht, &flags);
    assert_eq!(summary(&page), summary(&cli));

    // A broken team rule: the page is not built, and the error names the file.
    common::write(&team, "regels/kapot.toml", "id = \"team-kapot\"\npatterns = [\"x\"]\n");
    let broken = build("page2");
    let err = String::from_utf8_lossy(&broken.stderr);
    assert_eq!(broken.status.code(), Some(2), "{err}");
    assert!(err.contains("kapot.toml") && err.contains("niets geschreven"), "{err}");
    assert!(!team.join("page2/team.json").exists());
}
