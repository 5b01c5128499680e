//! End-to-end: the `nabij` binary as a webcare employee or a CI job runs it.

mod common;

use common::{nabij, stderr, stdout, temp_dir};
use std::process::{Command, Stdio};

fn json_check(text: &str) -> serde_json::Value {
    let o = nabij(&["check", "--format", "json", "-"], Some(text));
    serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{e}: {}", stdout(&o)))
}

/// (rule, text) of every finding for a text given on stdin.
fn findings(text: &str) -> Vec<(String, String)> {
    let doc = json_check(text);
    doc["files"][0]["replies"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["text"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn of_rule(text: &str, rule: &str) -> Vec<String> {
    findings(text)
        .into_iter()
        .filter(|(r, _)| r == rule)
        .map(|(_, t)| t)
        .collect()
}

/// The lines of one finding in human output: from its `[rule-id]` header to the blank line.
fn block<'a>(out: &'a str, rule: &str) -> Vec<&'a str> {
    let header = format!("[{rule}]");
    out.lines()
        .skip_while(|l| !l.contains(&header))
        .take_while(|l| !l.trim().is_empty())
        .collect()
}

#[test]
fn the_four_hand_off_sentences_each_give_one_finding_under_the_right_words() {
    let cases = [
        ("We hebben dit intern doorgezet.", "intern doorgezet", 15),
        ("we hebben je melding INTERN DOORGEZET", "INTERN DOORGEZET", 22),
        ("We hebben dit\nintern doorgezet", "intern doorgezet", 1),
        ("we zetten het intern door", "zetten het intern door", 4),
    ];
    for (text, marked, column) in cases {
        let o = nabij(&["check", "--color", "never", "-"], Some(text));
        assert_eq!(o.status.code(), Some(1), "{text}");
        let out = stdout(&o);
        assert_eq!(out.matches("waarschuwing[intern-doorgezet]").count(), 1, "{out}");
        // The caret line: as many ^ as characters marked, starting under the first one.
        let lines = block(&out, "intern-doorgezet");
        let source_line = lines.iter().find(|l| l.contains(marked)).expect("source line shown");
        let caret_line = lines.iter().find(|l| l.contains('^')).expect("caret line");
        let at = source_line.find(marked).unwrap();
        let carets = caret_line.trim_end().len() - caret_line.find('^').unwrap();
        assert_eq!(caret_line.find('^'), Some(at), "{out}");
        assert_eq!(carets, marked.chars().count(), "{out}");
        assert!(out.contains(&format!(":{column}")), "location column {column} in {out}");
        assert_eq!(of_rule(text, "intern-doorgezet"), [marked]);
    }
}

#[test]
fn what_must_not_match_does_not() {
    let silent = [
        "Zie https://gemeente.nl/intern-doorgezet voor uitleg.",
        "Mail intern.doorgezet@gemeente.nl of tag @interndoorgezet #interndoorgezet.",
        "Hallo {{intern doorgezet}}, {intern} [INTERN DOORGEZET] %s.",
        "Je schreef: 'het is intern doorgezet en ik hoor niks'. Ik bel je morgen.",
        "Je noemde het “intern doorgezet”, en dat klopt.",
    ];
    for text in silent {
        assert!(of_rule(text, "intern-doorgezet").is_empty(), "{text}");
    }
    // Whole words: a rule on "even" does not fire inside "evenement" or "evenwel".
    assert!(of_rule("Het evenement gaat evenwel door.", "minimaliseren-even").is_empty());
    assert_eq!(of_rule("Heb nog even geduld.", "minimaliseren-even"), ["even"]);
}

#[test]
fn diacritics_apostrophes_and_non_breaking_spaces_match_alike() {
    assert_eq!(of_rule("U wordt nader geinformeerd.", "u-wordt-geinformeerd").len(), 1);
    assert_eq!(of_rule("U wordt nader geïnformeerd.", "u-wordt-geinformeerd").len(), 1);
    assert_eq!(
        of_rule("We hebben dit intern\u{a0}doorgezet.", "intern-doorgezet"),
        ["intern\u{a0}doorgezet"]
    );
    assert_eq!(
        of_rule(
            "Het gaat maar om één formulier: zo’n klus is het alleen maar.",
            "minimaliseren-alleen-maar"
        )
        .len(),
        2
    );
}

#[test]
fn bom_and_crlf_do_not_shift_positions() {
    let plain = json_check("Hallo,\nwe hebben dit intern doorgezet.");
    let bom_crlf = json_check("\u{feff}Hallo,\r\nwe hebben dit intern doorgezet.");
    let f = |d: &serde_json::Value| {
        let all = d["files"][0]["replies"][0]["findings"].as_array().unwrap().clone();
        all.into_iter()
            .find(|f| f["rule"] == "intern-doorgezet")
            .expect("the hand-off finding")
    };
    assert_eq!(f(&plain)["start"], f(&bom_crlf)["start"]);
    assert_eq!(f(&plain)["end"], f(&bom_crlf)["end"]);
    assert_eq!(f(&plain)["start"], serde_json::json!({"line": 2, "column": 15}));
    // Byte spans are bytes of the input: the BOM and the CR count there.
    assert_eq!(
        f(&bom_crlf)["span"]["start"].as_u64().unwrap(),
        f(&plain)["span"]["start"].as_u64().unwrap() + 4
    );
}

#[test]
fn caret_stays_under_the_words_after_emoji_and_combining_accents() {
    let text = "👩‍👩‍👧‍👦 Cafe\u{301}: we hebben dit intern doorgezet.";
    let o = nabij(&["check", "--color", "never", "-"], Some(text));
    let out = stdout(&o);
    let lines = block(&out, "intern-doorgezet");
    let caret_line = lines.iter().find(|l| l.contains('^')).expect("caret line");
    let source_line = lines
        .iter()
        .find(|l| l.contains("intern doorgezet"))
        .expect("source line");
    // annotate-snippets accounts for display width: each emoji is two columns wide, the
    // joiners between them and the combining accent take none. The caret line is ASCII, so
    // its byte index is its column.
    let prefix = &source_line[..source_line.find("intern").unwrap()];
    let width: usize = prefix
        .chars()
        .map(|c| match c {
            '\u{200d}' | '\u{301}' => 0,
            '👩' | '👧' | '👦' => 2,
            _ => 1,
        })
        .sum();
    assert_eq!(caret_line.find('^'), Some(width), "{out}");
}

#[test]
fn exit_codes_follow_the_fail_level() {
    let warn = "We kijken ernaar.";
    assert_eq!(nabij(&["check", "-"], Some(warn)).status.code(), Some(1));
    assert_eq!(
        nabij(&["check", "--fail-on", "error", "-"], Some(warn)).status.code(),
        Some(0)
    );
    let info = "Het is alleen een kwestie van middels een formulier.";
    assert_eq!(nabij(&["check", "-"], Some(info)).status.code(), Some(0));
    assert_eq!(
        nabij(&["check", "--fail-on", "info", "-"], Some(info)).status.code(),
        Some(1)
    );
    let clean = "Ik bel je morgen om 10.00 uur. Groet, Anne";
    let o = nabij(&["check", "-"], Some(clean));
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("geen bevindingen"), "{}", stdout(&o));
    assert_eq!(
        nabij(&["check", "--fail-on", "never", "-"], Some(clean)).status.code(),
        Some(2)
    );
    assert_eq!(nabij(&["check"], None).status.code(), Some(2));
}

#[test]
fn a_read_error_exits_2_and_other_files_are_still_checked() {
    let dir = temp_dir("read");
    let good = dir.join("draft.txt");
    std::fs::write(&good, "We hebben dit intern doorgezet.").unwrap();
    let bad = dir.join("latin1.txt");
    std::fs::write(&bad, b"caf\xe9 intern doorgezet").unwrap();
    let missing = dir.join("missing.txt");
    let o = nabij(
        &[
            "check",
            "--color",
            "never",
            bad.to_str().unwrap(),
            missing.to_str().unwrap(),
            good.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("latin1.txt") && err.contains("geen geldige UTF-8 bij byte 3"),
        "{err}"
    );
    assert!(
        err.contains("missing.txt") && err.contains("kan bestand niet lezen"),
        "{err}"
    );
    assert!(
        stdout(&o).contains("waarschuwing[intern-doorgezet]"),
        "the good file is still checked"
    );
    // A folder is walked: the bad file is an error, the good one is still checked.
    let o = nabij(&["check", "--color", "never", dir.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("latin1.txt"), "{}", stderr(&o));
    assert!(stdout(&o).contains("waarschuwing[intern-doorgezet]"), "{}", stdout(&o));
}

#[test]
fn a_broken_rule_file_exits_2_with_path_line_and_caret() {
    let dir = temp_dir("rules-unknown-key");
    let rule = dir.join("kapot.toml");
    std::fs::write(
        &rule,
        "id = \"kapot\"\ndimension = \"empathy\"\nseverity = \"warning\"\nmessage = \"m\"\nwhy = \"w\"\nsuggest = [\"s\"]\npatterns = [\"kapot\"]\nsevrity = \"error\"\n\n[examples]\nfire = [\"«kapot»\"]\nsilent = [\"heel\"]\n",
    )
    .unwrap();
    let o = nabij(
        &["check", "--color", "never", "--rules", dir.to_str().unwrap(), "-"],
        Some("Alles is heel."),
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("kapot.toml:8:1"), "{err}");
    assert!(err.contains("onbekende sleutel `sevrity`"), "{err}");
    assert!(err.contains("^^^^^^^"), "{err}");
}

#[test]
fn a_failing_rule_example_exits_2_and_test_rules_reports_it() {
    let dir = temp_dir("rules-failing-example");
    let rule = dir.join("nog-even.toml");
    std::fs::write(
        &rule,
        "id = \"nog-even\"\ndimension = \"empathy\"\nseverity = \"warning\"\nmessage = \"m\"\nwhy = \"w\"\nsuggest = [\"s\"]\npatterns = [\"nog even\"]\n\n[examples]\nfire = [\n  \"Heb «nog even» geduld.\",\n  \"Wacht «nog» even.\",\n]\nsilent = [\"Wacht maar.\", \"nog even\"]\n",
    )
    .unwrap();
    let o = nabij(
        &["check", "--color", "never", "--rules", dir.to_str().unwrap(), "-"],
        Some("Dag."),
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("nog-even.toml:12:"), "fire example on line 12: {err}");
    assert!(err.contains("verwacht: «nog»"), "{err}");
    assert!(err.contains("nog-even.toml:14:"), "silent example on line 14: {err}");
    let o = nabij(&["test-rules", "--color", "never", dir.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("1 regel, 0 signalen, 4 voorbeelden: 2 geslaagd, 2 mislukt"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn rules_missing_examples_duplicates_and_bad_patterns_do_not_load() {
    let dir = temp_dir("rules-invalid");
    let head = "dimension = \"empathy\"\nseverity = \"info\"\nmessage = \"m\"\nwhy = \"w\"\nsuggest = [\"s\"]\n";
    std::fs::write(
        dir.join("a.toml"),
        format!(
            "id = \"intern-doorgezet\"\n{head}patterns = [\"x\"]\n[examples]\nfire = [\"«x»\"]\nsilent = [\"y\"]\n"
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("b.toml"),
        format!("id = \"geen-silent\"\n{head}patterns = [\"x\"]\n[examples]\nfire = [\"«x»\"]\n"),
    )
    .unwrap();
    std::fs::write(dir.join("c.toml"), format!("id = \"slecht-patroon\"\n{head}patterns = [\"door(gezet\"]\n[examples]\nfire = [\"«x»\"]\nsilent = [\"y\"]\n")).unwrap();
    let o = nabij(&["rules", "--color", "never", "--rules", dir.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("a.toml:1:6") && err.contains("dubbele regel-id `intern-doorgezet`"),
        "{err}"
    );
    assert!(
        err.contains("eerst gedefinieerd in rules/ownership/intern-doorgezet.toml:1"),
        "{err}"
    );
    assert!(
        err.contains("b.toml") && err.contains("minstens één `silent`-voorbeeld"),
        "{err}"
    );
    assert!(err.contains("c.toml:7:14") && err.contains("zonder sluitend"), "{err}");
    let listed = stdout(&o);
    assert!(!listed.contains("geen-silent") && !listed.contains("slecht-patroon"));
}

#[test]
fn team_rules_add_to_builtins_and_no_builtin_drops_them() {
    let dir = temp_dir("rules-team");
    std::fs::write(
        dir.join("hoi-hoi.toml"),
        "id = \"hoi-hoi\"\ndimension = \"form\"\nseverity = \"error\"\nmessage = \"Dubbele groet\"\nwhy = \"Eén groet is genoeg.\"\nsuggest = [\"Hoi!\"]\npatterns = [\"hoi hoi\"]\n[examples]\nfire = [\"«Hoi hoi», ...\"]\nsilent = [\"Hoi!\"]\n",
    )
    .unwrap();
    let text = "Hoi hoi, we kijken ernaar.";
    let o = nabij(
        &["check", "--format", "json", "--rules", dir.to_str().unwrap(), "-"],
        Some(text),
    );
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rules: Vec<&str> = doc["files"][0]["replies"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(
        rules.contains(&"hoi-hoi") && rules.contains(&"we-kijken-ernaar"),
        "{rules:?}"
    );
    let o = nabij(
        &[
            "check",
            "--format",
            "json",
            "--no-builtin",
            "--rules",
            dir.to_str().unwrap(),
            "-",
        ],
        Some(text),
    );
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["files"][0]["replies"][0]["findings"].as_array().unwrap().len(), 1);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn a_team_lexicon_is_a_word_class_its_rules_and_the_builtin_ones_can_name() {
    let dir = temp_dir("rules-lexicon");
    std::fs::write(
        dir.join("wijk.toml"),
        "lexicon = \"wijk\"\ndescription = \"onze wijken\"\nwords = [\"Noordhoek\", \"Zuiderpark\"]\n",
    )
    .unwrap();
    // The team's class and a built-in one (`<telwoord>`), in a team rule without the built-ins.
    std::fs::write(
        dir.join("wijk-genoemd.toml"),
        "id = \"wijk-genoemd\"\ndimension = \"form\"\nseverity = \"warning\"\nmessage = \"Wijk\"\nwhy = \"Omdat.\"\nsuggest = [\"x\"]\npatterns = [\"<telwoord> ...2 in <wijk>\"]\n[examples]\nfire = [\"«Drie lantaarnpalen in Noordhoek» zijn kapot.\"]\nsilent = [\"Een lantaarnpaal in Utrecht.\"]\n",
    )
    .unwrap();
    let o = nabij(
        &[
            "check",
            "--format",
            "json",
            "--no-builtin",
            "--rules",
            dir.to_str().unwrap(),
            "-",
        ],
        Some("Er staan 4 bomen in Zuiderpark."),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        doc["files"][0]["replies"][0]["findings"][0]["text"],
        "4 bomen in Zuiderpark"
    );
    let o = nabij(&["test-rules", dir.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));

    // An unknown class is an error placed on it; a broken lexicon names its file.
    std::fs::write(
        dir.join("wijk-genoemd.toml"),
        "id = \"wijk-genoemd\"\ndimension = \"form\"\nseverity = \"warning\"\nmessage = \"Wijk\"\nwhy = \"Omdat.\"\nsuggest = [\"x\"]\npatterns = [\"in <stadsdeel>\"]\n[examples]\nfire = [\"«in Noordhoek»\"]\nsilent = [\"x\"]\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("kapot.toml"),
        "lexicon = \"kapot\"\ndescription = \"x\"\nverbs = [\"zet\"]\n",
    )
    .unwrap();
    let o = nabij(
        &["check", "--color", "never", "--rules", dir.to_str().unwrap(), "-"],
        Some("Hoi"),
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("wijk-genoemd.toml:7:"), "{err}");
    assert!(err.contains("onbekende woordklasse `<stadsdeel>`"), "{err}");
    assert!(err.contains("kapot.toml") && err.contains("`zet`"), "{err}");
}

#[test]
fn rules_and_explain_describe_the_loaded_rules() {
    let o = nabij(&["rules"], None);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    let line = out
        .lines()
        .find(|l| l.starts_with("intern-doorgezet "))
        .expect("listed");
    assert!(
        line.contains("ownership") && line.contains("waarschuwing") && line.contains("Doorverwijzing"),
        "{line}"
    );
    let o = nabij(&["explain", "we-kijken-ernaar"], None);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    for part in [
        "Waarom",
        "Beter",
        "✗ «We kijken ernaar»!",
        "✓ Ik kijk met je mee en bel je morgen.",
        "[follow-up, waarschuwing, conditional]",
        "Tenzij binnen bereik (then)\n  een concreet moment",
        "[concrete-tijd]",
        "Wordt fout als (escalate)\n  een van:\n    - herhaald contact",
    ] {
        assert!(out.contains(part), "{part} in {out}");
    }
    let o = nabij(&["explain", "kijken-ernaar"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bedoelt u: we-kijken-ernaar"), "{}", stderr(&o));
    // Signals are explained too.
    let o = nabij(&["explain", "concrete-tijd"], None);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(
        out.starts_with("concrete-tijd  [signaal]") && out.contains("uiterlijk"),
        "{out}"
    );
}

#[test]
fn builtin_rules_pass_test_rules() {
    let o = nabij(&["test-rules"], None);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains(" 0 mislukt"));
}

#[test]
fn color_always_never_and_no_color() {
    let text = "We kijken ernaar.";
    assert!(stdout(&nabij(&["check", "--color", "always", "-"], Some(text))).contains("\x1b["));
    assert!(!stdout(&nabij(&["check", "--color", "never", "-"], Some(text))).contains("\x1b["));
    // auto: not a terminal here, so no colour either way; NO_COLOR must not break anything.
    let o = Command::new(env!("CARGO_BIN_EXE_nabij"))
        .args(["check", "-"])
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&o.stdout).contains("\x1b["));
}

#[test]
fn the_shipped_example_runs_from_any_directory() {
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/draft.txt");
    let o = Command::new(env!("CARGO_BIN_EXE_nabij"))
        .args(["check", "--color", "never", example])
        .current_dir(std::env::temp_dir())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("waarschuwing[intern-doorgezet]") && out.contains("nabij: "),
        "{out}"
    );
}

#[test]
fn rule_kinds_are_strict_and_unknown_signals_are_placed_with_a_suggestion() {
    let dir = temp_dir("rules-kinds");
    let head = "dimension = \"follow-up\"\nseverity = \"warning\"\nmessage = \"m\"\nwhy = \"w\"\nsuggest = [\"s\"]\n";
    std::fs::write(
        dir.join("a.toml"),
        format!("id = \"vereist\"\n{head}kind = \"require\"\nrequire = [\"concrete-tijd\"]\npatterns = [\"x\"]\n[examples]\nfire = [\"x\"]\nsilent = [\"morgen\"]\n"),
    )
    .unwrap();
    std::fs::write(
        dir.join("b.toml"),
        format!("id = \"vaag\"\n{head}kind = \"conditional\"\npatterns = [\"ooit\"]\nthen = [\"concrete-tyd\"]\n[examples]\nfire = [\"«ooit»\"]\nsilent = [\"y\"]\n"),
    )
    .unwrap();
    std::fs::write(
        dir.join("c.toml"),
        format!("id = \"platform\"\n{head}kind = \"require\"\nrequire = [\"platform:myspace\"]\n[examples]\nfire = [\"x\"]\nsilent = [\"y\"]\n"),
    )
    .unwrap();
    let o = nabij(&["rules", "--color", "never", "--rules", dir.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("`patterns` geldt niet voor een `require`-regel") && err.contains("a.toml:9:13"),
        "{err}"
    );
    assert!(
        err.contains("onbekend signaal `concrete-tyd`") && err.contains("b.toml:9:10"),
        "{err}"
    );
    assert!(err.contains("bedoelt u: concrete-tijd"), "{err}");
    assert!(
        err.contains("onbekend platform `myspace`") && err.contains("c.toml:8:13"),
        "{err}"
    );
    let listed = stdout(&o);
    for id in ["vereist ", "vaag ", "platform "] {
        assert!(
            !listed.lines().any(|l| l.starts_with(id)),
            "{id} must not load: {listed}"
        );
    }
}

#[test]
fn the_shipped_thread_example_escalates() {
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/thread.txt");
    let o = nabij(&["check", "--color", "never", example], None);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    for part in [
        "signalen in het bericht van de burger",
        "noodkreet",
        "info[opschalen-naar-een-mens]",
        "fout[intern-doorgezet]",
        "fout[emoji-bij-noodkreet]",
    ] {
        assert!(out.contains(part), "{part} in {out}");
    }
}

/// `--config nabij.toml` names a file in the working directory: its rule folders are found
/// there (the file's parent is "", which is the working directory, not an escape).
#[test]
fn a_config_named_without_a_folder_finds_its_rule_folders() {
    let dir = temp_dir("config-here");
    common::write(&dir, "nabij.toml", "rules = [\"regels\"]\n");
    common::write(
        &dir,
        "regels/plechtig.toml",
        "id = \"team-plechtig\"\ndimension = \"clarity\"\nseverity = \"warning\"\nmessage = \"Te plechtig\"\n\
         why = \"Leest als een loket.\"\nsuggest = [\"Dag meneer,\"]\npatterns = [\"geachte\"]\n\n[examples]\nfire = [\"«Geachte» heer,\"]\nsilent = [\"Dag meneer,\"]\n",
    );
    let out = Command::new(env!("CARGO_BIN_EXE_nabij"))
        .args([
            "--no-config",
            "--config",
            "nabij.toml",
            "check",
            "--format",
            "compact",
            "-",
        ])
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(b"Geachte heer, ik bel u morgen. Anne")?;
            child.wait_with_output()
        })
        .expect("nabij runs");
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    assert!(stdout(&out).contains("team-plechtig"), "{}", stdout(&out));
}
