//! Hostile and odd input, one test each: a correct result, or an error that names the file
//! and what is wrong with exit 2, and the other files still checked. Nothing panics, hangs,
//! reaches the terminal as a control sequence, or is written to a file nabij checks.

mod common;

use common::{json, nabij, stderr, stdout, temp_dir, write_arg as write};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// (rule, text) of every finding in the document.
fn findings(doc: &Value) -> Vec<(String, String)> {
    common::findings_with(doc, "text")
}

fn errors(doc: &Value) -> Vec<String> {
    let mut out: Vec<String> = doc["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{}: {}",
                e["path"].as_str().unwrap_or(""),
                e["message"].as_str().unwrap()
            )
        })
        .collect();
    for f in doc["files"].as_array().unwrap() {
        for e in f["errors"].as_array().unwrap() {
            out.push(format!(
                "{}: {}",
                e["path"].as_str().unwrap_or(""),
                e["message"].as_str().unwrap()
            ));
        }
    }
    out
}

fn has(doc: &Value, rule: &str, text: &str) -> bool {
    findings(doc).iter().any(|(r, t)| r == rule && t == text)
}

/// A file with a finding, to show that the other files are still checked.
fn good(dir: &Path) -> String {
    write(dir, "goed.txt", "We hebben dit intern doorgezet.")
}

#[test]
fn invalid_utf8_names_the_byte_offset() {
    let dir = temp_dir("utf8");
    let bad = write(&dir, "latin1.txt", b"Hallo caf\xe9 intern doorgezet");
    let (doc, code) = json(&[&bad, &good(&dir)], None);
    assert_eq!(code, Some(2));
    assert!(
        errors(&doc)
            .iter()
            .any(|e| e.contains("latin1.txt") && e.contains("geen geldige UTF-8 bij byte 9")),
        "{:?}",
        errors(&doc)
    );
    assert!(has(&doc, "intern-doorgezet", "intern doorgezet"));
}

#[test]
fn binary_files_and_nul_bytes_are_skipped_with_a_note() {
    let dir = temp_dir("binary");
    let png = write(&dir, "logo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
    let nul = write(&dir, "nul.txt", b"We hebben dit\x00 intern doorgezet.");
    let o = nabij(&["check", "--color", "never", &png, &nul, &good(&dir)], None);
    assert_eq!(o.status.code(), Some(1), "findings in the good file, no error");
    let err = stderr(&o);
    assert!(
        err.contains("logo.txt overgeslagen: binair bestand") && err.contains("nul.txt overgeslagen: binair bestand"),
        "{err}"
    );
    assert!(stdout(&o).contains("waarschuwing[intern-doorgezet]"));
}

#[test]
fn an_empty_file_is_an_empty_reply() {
    let dir = temp_dir("empty");
    let empty = write(&dir, "leeg.txt", "");
    let (doc, code) = json(&[&empty], None);
    assert_eq!(code, Some(0));
    assert!(findings(&doc).is_empty() && errors(&doc).is_empty());
    let (doc, code) = json(&["-"], Some(""));
    assert_eq!(code, Some(0), "{doc}");
}

#[test]
fn a_file_over_the_size_limit_is_an_error_naming_the_limit() {
    let dir = temp_dir("big");
    let big = dir.join("archief.txt");
    // 100 MB without writing them: a sparse file.
    std::fs::File::create(&big).unwrap().set_len(100_000_000).unwrap();
    let (doc, code) = json(&[big.to_str().unwrap(), &good(&dir)], None);
    assert_eq!(code, Some(2));
    let errs = errors(&doc);
    assert!(
        errs.iter().any(
            |e| e.contains("archief.txt") && e.contains("het bestand is groter dan de grens van 64 MiB (95.4 MiB)")
        ),
        "{errs:?}"
    );
    assert!(
        has(&doc, "intern-doorgezet", "intern doorgezet"),
        "the other file is still checked"
    );
    // The limit is the user's to set, for standard input too.
    let (doc, code) = json(&["--max-file-size", "10", "-"], Some("We hebben dit intern doorgezet."));
    assert_eq!(code, Some(2));
    assert!(
        errors(&doc)
            .iter()
            .any(|e| e.contains("standaardinvoer is groter dan de grens van 10 bytes")),
        "{:?}",
        errors(&doc)
    );
    // The citizen's message is held to the same limit.
    let o = nabij(
        &[
            "check",
            "--color",
            "never",
            "--incoming",
            big.to_str().unwrap(),
            &good(&dir),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("archief.txt") && stderr(&o).contains("groter dan de grens"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_single_line_of_a_megabyte_is_checked_with_exact_columns() {
    let dir = temp_dir("line");
    let sentence = "Wij hebben uw vraag intern doorgezet naar de afdeling. ";
    let n = 1_000_000 / sentence.len() + 1;
    let file = write(&dir, "regel.txt", sentence.repeat(n));
    let (doc, code) = json(&[&file], None);
    assert_eq!(code, Some(1));
    let reply = &doc["files"][0]["replies"][0];
    let hits: Vec<&Value> = reply["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "intern-doorgezet")
        .collect();
    assert_eq!(hits.len(), n, "one finding per sentence");
    let last = hits.last().unwrap();
    let at = (n - 1) * sentence.len() + sentence.find("intern").unwrap();
    assert_eq!(last["span"]["start"], at);
    assert_eq!(last["start"]["line"], 1);
    assert_eq!(
        last["start"]["column"],
        at + 1,
        "ASCII: the column is the byte offset + 1"
    );
    // A longer line than the limit is an error that says which line.
    let (doc, code) = json(&["--max-line-length", "100K", &file], None);
    assert_eq!(code, Some(2));
    assert!(
        errors(&doc)
            .iter()
            .any(|e| e.contains("regel 1 is") && e.contains("over de grens van 100 KiB")),
        "{:?}",
        errors(&doc)
    );
}

#[test]
fn crlf_and_a_lone_cr_end_lines_without_shifting_columns() {
    let (doc, _) = json(
        &["-"],
        Some("Hallo\r\nDit is intern doorgezet.\rEn nog iets intern doorgezet."),
    );
    let f: Vec<(u64, u64)> = doc["files"][0]["replies"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "intern-doorgezet")
        .map(|f| {
            (
                f["start"]["line"].as_u64().unwrap(),
                f["start"]["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(f, [(2, 8), (3, 13)]);
}

#[test]
fn a_bom_is_not_a_column() {
    let (doc, _) = json(&["-"], Some("\u{feff}Intern doorgezet."));
    let f = &doc["files"][0]["replies"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "intern-doorgezet")
        .cloned()
        .unwrap();
    assert_eq!(
        (f["start"]["line"].as_u64(), f["start"]["column"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(f["text"], "Intern doorgezet");
}

#[test]
fn right_to_left_text_and_bidi_overrides_are_checked_and_neutralised() {
    let text = "مرحبا \u{202e}We hebben dit intern doorgezet\u{202c} שלום";
    let (doc, _) = json(&["-"], Some(text));
    assert!(has(&doc, "intern-doorgezet", "intern doorgezet"));
    let raw = nabij(&["check", "--format", "json", "-"], Some(text)).stdout;
    assert!(
        !String::from_utf8_lossy(&raw).contains('\u{202e}'),
        "JSON writes the override as \\u202e"
    );
    for format in ["human", "compact"] {
        let o = nabij(&["--color", "always", "check", "--format", format, "-"], Some(text));
        assert!(!stdout(&o).contains('\u{202e}'), "{format}: {}", stdout(&o));
    }
}

#[test]
fn zwj_sequences_and_flags_are_one_column_each_before_the_finding() {
    let (doc, _) = json(&["-"], Some("👩‍👩‍👧‍👦🇳🇱 intern doorgezet"));
    let f = findings(&doc);
    assert!(
        f.contains(&("intern-doorgezet".into(), "intern doorgezet".into())),
        "{f:?}"
    );
    let start = &doc["files"][0]["replies"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "intern-doorgezet")
        .unwrap()["start"];
    // Columns count scalar values: 7 for the family, 2 for the flag, then a space.
    assert_eq!(start["column"], 11);
}

#[test]
fn combining_accents_fold_like_precomposed_letters() {
    let (doc, _) = json(&["-"], Some("We he\u{301}bben dit intern doorgezet."));
    assert!(has(&doc, "intern-doorgezet", "intern doorgezet"));
    let (doc, _) = json(&["-"], Some("Dit is inte\u{301}rn doorgezet."));
    assert!(
        has(&doc, "intern-doorgezet", "inte\u{301}rn doorgezet"),
        "{:?}",
        findings(&doc)
    );
}

#[test]
fn a_zero_width_space_inside_a_phrase_does_not_hide_it() {
    let (doc, _) = json(&["-"], Some("We hebben dit intern door\u{200b}gezet."));
    assert!(
        has(&doc, "intern-doorgezet", "intern door\u{200b}gezet"),
        "{:?}",
        findings(&doc)
    );
}

#[test]
fn ten_thousand_emoji_are_checked() {
    let text = "🙂".repeat(10_000);
    let (doc, code) = json(&["--platform", "x", "-"], Some(&text));
    assert_eq!(code, Some(1), "findings, no processing error");
    let f = findings(&doc);
    assert!(f.iter().any(|(r, _)| r == "te-lang-voor-platform"), "{f:?}");
    assert!(errors(&doc).is_empty());
}

#[test]
fn deeply_nested_toml_yaml_and_json_are_errors_not_stack_overflows() {
    let dir = temp_dir("nested");
    let deep = 100_000;
    let files = [
        write(
            &dir,
            "diep.toml",
            format!("templates = {}{}\n", "[".repeat(deep), "]".repeat(deep)),
        ),
        write(
            &dir,
            "diep.yaml",
            format!("templates: {}{}\n", "[".repeat(deep), "]".repeat(deep)),
        ),
        write(
            &dir,
            "diep.json",
            format!("{{\"templates\": {}{}}}", "[".repeat(deep), "]".repeat(deep)),
        ),
    ];
    let mut args: Vec<&str> = files.iter().map(String::as_str).collect();
    let g = good(&dir);
    args.push(&g);
    let (doc, code) = json(&args, None);
    assert_eq!(code, Some(2));
    let errs = errors(&doc);
    for name in ["diep.toml", "diep.yaml", "diep.json"] {
        assert!(errs.iter().any(|e| e.contains(name)), "{name}: {errs:?}");
    }
    assert!(has(&doc, "intern-doorgezet", "intern doorgezet"));
    // A huge flat library is fine: 20,000 templates.
    let many: String = (0..20_000)
        .map(|i| format!("[[templates]]\nname = \"t{i}\"\ntext = \"Ik bel je morgen. Groet, Anne\"\n"))
        .collect();
    let lib = write(&dir, "veel.toml", many);
    let (doc, _) = json(&[&lib], None);
    assert_eq!(doc["files"][0]["replies"].as_array().unwrap().len(), 20_000);
}

/// Ten levels of nine aliases each: a billion "lol"s if expanded.
fn bomb_lines() -> String {
    let mut bomb =
        String::from("a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
    for i in 1..10u8 {
        let (prev, cur) = ((b'a' + i - 1) as char, (b'a' + i) as char);
        bomb.push_str(&format!("{cur}: &{cur} [{}]\n", vec![format!("*{prev}"); 9].join(", ")));
    }
    bomb
}

#[test]
fn a_yaml_alias_bomb_is_not_expanded() {
    let dir = temp_dir("bomb");
    let mut bomb = bomb_lines();
    bomb.push_str("templates:\n  - name: bom\n    text: *j\n");
    let lib = write(&dir, "bom.yaml", bomb);
    let (doc, code) = json(&[&lib, &good(&dir)], None);
    assert_eq!(code, Some(2));
    assert!(
        errors(&doc)
            .iter()
            .any(|e| e.contains("bom.yaml") && e.contains("moet tekst zijn")),
        "{:?}",
        errors(&doc)
    );
    assert!(
        has(&doc, "intern-doorgezet", "intern doorgezet"),
        "the other file is checked"
    );
    // An alias elsewhere in the file is passed over, not expanded, and the library reads.
    let mut quiet = bomb_lines();
    quiet.push_str("extra: *j\ntemplates:\n  - name: echt\n    text: \"We hebben dit intern doorgezet.\"\n");
    let lib = write(&dir, "stil.yaml", quiet);
    let (doc, code) = json(&[&lib], None);
    assert_eq!(code, Some(1), "{:?}", errors(&doc));
    assert!(has(&doc, "intern-doorgezet", "intern doorgezet"));
}

/// A rule file in a folder of its own.
fn rule_dir(name: &str, rules: &[(&str, &str)]) -> PathBuf {
    let dir = temp_dir(name);
    for (file, body) in rules {
        write(&dir, file, body);
    }
    dir
}

const RULE_HEAD: &str =
    "dimension = \"clarity\"\nseverity = \"warning\"\nmessage = \"m\"\nwhy = \"w\"\nsuggest = [\"s\"]\n";

#[test]
fn a_regex_over_the_size_limit_is_an_error_in_its_file() {
    let body = format!(
        "id = \"groot\"\n{RULE_HEAD}regex = ['\\w{{1000}}\\w{{1000}}\\w{{1000}}']\n[examples]\nfire = [\"«x»\"]\nsilent = [\"y\"]\n"
    );
    let dir = rule_dir("regex", &[("groot.toml", &body)]);
    let o = nabij(
        &["--rules", dir.to_str().unwrap(), "check", "--color", "never", "-"],
        Some("We hebben dit intern doorgezet."),
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("groot.toml:7:") && err.contains("ongeldige regex") && err.contains("size limit"),
        "{err}"
    );
    assert!(stdout(&o).contains("intern-doorgezet"), "the built-in rules still run");
}

#[test]
fn catastrophic_looking_patterns_finish() {
    let regex = format!(
        "id = \"regex\"\n{RULE_HEAD}regex = ['(a+)+$', '(a|aa)*d']\n[examples]\nfire = [\"«aaa»\"]\nsilent = [\"b\"]\n"
    );
    let gaps = format!(
        "id = \"gaten\"\n{RULE_HEAD}patterns = [\"a ...9 a ...9 a ...9 b\"]\n[examples]\nfire = [\"«a a a a b»\"]\nsilent = [\"a\"]\n"
    );
    let dir = rule_dir("catastrophic", &[("regex.toml", &regex), ("gaten.toml", &gaps)]);
    let text = format!("{}b {}", "a".repeat(5000), "a ".repeat(400) + &"c ".repeat(20) + "b");
    let (doc, code) = json(&["--no-builtin", "--rules", dir.to_str().unwrap(), "-"], Some(&text));
    assert_eq!(code, Some(0), "{:?}", findings(&doc));
    assert!(
        findings(&doc).is_empty(),
        "no b within reach, and the regexes need a's at the end"
    );
    let (doc, _) = json(
        &["--no-builtin", "--rules", dir.to_str().unwrap(), "-"],
        Some("a a a a b en aaaa"),
    );
    let f = findings(&doc);
    assert!(
        f.contains(&("gaten".into(), "a a a a b".into())) && f.contains(&("regex".into(), "aaaa".into())),
        "{f:?}"
    );
}

#[test]
fn duplicate_rule_ids_are_an_error_in_the_second_file() {
    let body = format!(
        "id = \"dubbel\"\n{RULE_HEAD}patterns = [\"dubbel\"]\n[examples]\nfire = [\"«dubbel»\"]\nsilent = [\"y\"]\n"
    );
    let dir = rule_dir("dup", &[("a.toml", &body), ("b.toml", &body)]);
    let o = nabij(
        &[
            "--no-builtin",
            "--rules",
            dir.to_str().unwrap(),
            "check",
            "--color",
            "never",
            "-",
        ],
        Some("dubbel"),
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("b.toml") && err.contains("dubbel"), "{err}");
    assert_eq!(
        stdout(&o).matches("[dubbel]").count(),
        1,
        "the first one loads: {}",
        stdout(&o)
    );
}

#[cfg(unix)]
#[test]
fn symlinks_in_a_rule_folder_are_reported_and_not_followed() {
    let body = format!(
        "id = \"eigen\"\n{RULE_HEAD}patterns = [\"eigen regel\"]\n[examples]\nfire = [\"«eigen regel»\"]\nsilent = [\"y\"]\n"
    );
    let dir = rule_dir("symlink", &[("eigen.toml", &body)]);
    std::os::unix::fs::symlink(&dir, dir.join("lus")).unwrap();
    let outside = temp_dir("symlink-outside");
    let secret = write(&outside, "geheim.toml", "token = \"s3cr3t\"\n");
    std::os::unix::fs::symlink(&secret, dir.join("geheim.toml")).unwrap();
    let o = nabij(
        &["--rules", dir.to_str().unwrap(), "check", "--color", "never", "-"],
        Some("Een eigen regel."),
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("lus")
            && err.contains("geheim.toml")
            && err.contains("symbolische koppeling in een regelmap, niet gevolgd"),
        "{err}"
    );
    assert!(!err.contains("s3cr3t"), "nothing outside the folder is read");
    assert!(
        stdout(&o).contains("[eigen]"),
        "the folder's own rule loads: {}",
        stdout(&o)
    );
}

#[test]
fn a_config_cannot_point_at_rule_folders_outside_its_folder() {
    let dir = temp_dir("config-escape");
    write(&dir, "nabij.toml", "rules = [\"../elders\", \"/etc\"]\n");
    let o = nabij(
        &[
            "--config",
            dir.join("nabij.toml").to_str().unwrap(),
            "check",
            "--color",
            "never",
            "-",
        ],
        Some("Ik bel je morgen."),
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.matches("regelmap buiten de map van nabij.toml").count(), 2, "{err}");
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_an_error_and_the_others_are_checked() {
    let dir = temp_dir("unreadable");
    let dangling = dir.join("weg.txt");
    std::os::unix::fs::symlink(dir.join("bestaat-niet"), &dangling).unwrap();
    let (doc, code) = json(&[dangling.to_str().unwrap(), &good(&dir)], None);
    assert_eq!(code, Some(2));
    assert!(
        errors(&doc)
            .iter()
            .any(|e| e.contains("weg.txt") && e.contains("kan bestand niet lezen")),
        "{:?}",
        errors(&doc)
    );
    assert!(has(&doc, "intern-doorgezet", "intern doorgezet"));
}

#[test]
fn a_directory_as_incoming_is_an_error() {
    let dir = temp_dir("incoming-dir");
    let o = nabij(
        &[
            "check",
            "--color",
            "never",
            "--incoming",
            dir.to_str().unwrap(),
            &good(&dir),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is een map"), "{}", stderr(&o));
}

#[test]
fn a_template_cannot_send_escape_sequences_to_the_terminal() {
    let dir = temp_dir("escape");
    let lib = write(
        &dir,
        "sjablonen.toml",
        "[[templates]]\nname = \"t\\u001b[2J\"\ntext = \"We hebben dit \\u001b]0;pwned\\u0007intern doorgezet.\\u001b[2J\"\n",
    );
    let txt = write(
        &dir,
        "concept.txt",
        "Titel\x1b]0;pwned\x07 We hebben dit intern doorgezet.\x1b[2J\x1b[8m",
    );
    for format in ["human", "compact", "github"] {
        let o = nabij(&["--color", "always", "check", "--format", format, &lib, &txt], None);
        let out = stdout(&o) + &stderr(&o);
        assert!(out.contains("intern-doorgezet"), "{format}: {out}");
        for escape in ["\x1b]0;", "\x07", "\x1b[2J", "\x1b[8m"] {
            assert!(!out.contains(escape), "{format} prints {escape:?}: {out}");
        }
    }
    for format in ["json", "sarif"] {
        let o = nabij(&["check", "--format", format, &lib, &txt], None);
        let out = stdout(&o);
        let _: Value = serde_json::from_str(&out).unwrap();
        assert!(
            !out.contains('\x1b') && out.contains("\\u001b"),
            "{format}: escaped, not raw"
        );
    }
}

fn digest(path: &str) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn nothing_checked_is_written_and_nothing_is_overwritten_without_force() {
    let dir = temp_dir("nothing-lost");
    let lib = write(
        &dir,
        "sjablonen.toml",
        "[[templates]]\nname = \"a\"\ntext = \"We hebben dit intern doorgezet.\"\n",
    );
    let before = digest(&lib);
    let baseline = dir.join("baseline.json");
    let b = baseline.to_str().unwrap();
    let o = nabij(&["check", "--write-baseline", b, &lib], None);
    assert!(baseline.exists(), "{}", stderr(&o));
    assert_eq!(digest(&lib), before, "the checked file is untouched");
    // A second write is refused without --force, and the first baseline stays whole.
    let first = digest(b);
    std::fs::write(
        &lib,
        "[[templates]]\nname = \"a\"\ntext = \"Nu iets anders, in behandeling genomen.\"\n",
    )
    .unwrap();
    let o = nabij(&["check", "--write-baseline", b, &lib], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_eq!(digest(b), first);
    let o = nabij(&["check", "--write-baseline", b, "--force", &lib], None);
    assert_ne!(digest(b), first, "{}", stderr(&o));
    // No temporary files are left behind.
    let left: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left.len(), 2, "{left:?}");
    // init does not replace a nabij.toml.
    let config = write(&dir, "nabij.toml", "# van het team\n");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_nabij"))
        .arg("init")
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&config).unwrap(), "# van het team\n");
}

#[test]
fn a_text_file_over_a_mebibyte_is_an_archive_of_paragraphs() {
    let dir = temp_dir("archive");
    let replies = [
        "Ik bel je morgen. Groet, Anne",
        "We hebben dit intern doorgezet.\nJe hoort nog van ons.",
        "Dank je wel voor je bericht!",
    ];
    let mut text = String::new();
    let mut n = 0;
    while text.len() <= 1 << 20 {
        text.push_str(replies[n % 3]);
        text.push_str("\n\n");
        n += 1;
    }
    let file = write(&dir, "verzonden.txt", &text);
    let (doc, _) = json(&[&file], None);
    let replies_out = doc["files"][0]["replies"].as_array().unwrap();
    assert_eq!(replies_out.len(), n, "one reply per paragraph");
    // The last hand-off sits in the last paragraph with one: its line counts every line before.
    let last = (0..n).rev().find(|i| i % 3 == 1).unwrap();
    let f = replies_out[last]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "intern-doorgezet")
        .unwrap();
    let line_of_paragraph = 1 + (0..last).map(|i| if i % 3 == 1 { 3 } else { 2 }).sum::<usize>();
    assert_eq!(f["start"]["line"], line_of_paragraph);
    assert_eq!(f["start"]["column"], 15);
}
