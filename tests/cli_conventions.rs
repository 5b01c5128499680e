//! The command-line conventions CI engineers expect from a linter: `--output-file`,
//! completions and a man page, and pre-commit run on a real repository.

mod common;
use common::*;

#[test]
fn output_file_holds_the_report_and_replaces_nothing_unasked() {
    let dir = temp_dir("output-file");
    let draft = write_arg(&dir, "concept.txt", "Wij hebben uw melding intern doorgezet.\n");
    let report = dir.join("rapport.json");
    let report_arg = report.to_str().unwrap();
    let o = nabij(
        &["--no-config", "check", "--format", "json", "-o", report_arg, &draft],
        None,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stdout(&o).is_empty(), "the report goes to the file: {}", stdout(&o));
    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert!(doc["summary"]["findings"].as_u64().unwrap() > 0, "{doc}");
    // An existing file is kept unless --force, and no temporary file is left behind.
    let o = nabij(&["--no-config", "check", "-o", report_arg, &draft], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bestaat al"), "{}", stderr(&o));
    assert!(std::fs::read_to_string(&report).unwrap().starts_with('{'));
    let o = nabij(
        &[
            "--no-config",
            "check",
            "--color",
            "always",
            "-o",
            report_arg,
            "--force",
            &draft,
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    let text = std::fs::read_to_string(&report).unwrap();
    assert!(
        text.contains("waarschuwing[intern-doorgezet]") && !text.contains('\x1b'),
        "{text}"
    );
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    // Never over a file being checked.
    let o = nabij(&["--no-config", "check", "-o", &draft, "--force", &draft], None);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(&draft).unwrap(),
        "Wij hebben uw melding intern doorgezet.\n"
    );
}

#[test]
fn completions_for_each_shell_and_a_man_page() {
    for (shell, mark) in [
        ("bash", "_nabij()"),
        ("zsh", "#compdef nabij"),
        ("fish", "complete -c nabij"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[nabij]"),
    ] {
        let o = nabij(&["completions", shell], None);
        assert_eq!(o.status.code(), Some(0), "{shell}: {}", stderr(&o));
        let script = stdout(&o);
        assert!(script.contains(mark), "{shell}: {script}");
        assert!(
            script.contains("exit-zero") && script.contains("show-config"),
            "{shell}"
        );
    }
    assert_eq!(nabij(&["completions", "tcsh"], None).status.code(), Some(2));
    let o = nabij(&["man"], None);
    assert_eq!(o.status.code(), Some(0));
    let page = stdout(&o);
    assert!(page.contains(".TH nabij 1") && page.contains(".SH SYNOPSIS"), "{page}");
    assert!(page.contains("completions") && page.contains("report"), "{page}");
}

/// Copy the files of `tests/cmd/fix-library` (one library in every format, each with an
/// officialese word) into a fresh folder.
fn fix_library(name: &str) -> std::path::PathBuf {
    let dir = temp_dir(name);
    let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd/fix-library");
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.join(e.file_name())).unwrap();
    }
    dir
}

fn contents(dir: &std::path::Path) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| {
            let text = std::fs::read_to_string(e.path()).unwrap();
            (e.file_name().to_string_lossy().into_owned(), text)
        })
        .collect();
    all.sort();
    all
}

#[test]
fn fix_rewrites_the_officialese_word_in_place_in_every_format_and_diff_changes_nothing() {
    let dir = fix_library("fix");
    let d = dir.to_str().unwrap();
    let before = contents(&dir);
    // --diff: the diff, exit 1, and not one byte changed.
    let o = nabij(&["--no-config", "check", "--diff", d], None);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stdout(&o).contains("+Als u vragen heeft"), "{}", stdout(&o));
    assert_eq!(contents(&dir), before);
    // --fix: each file fixed in place, the rest of it as it was.
    let o = nabij(&["--no-config", "check", "--fix", "--format", "compact", d], None);
    assert!(
        stderr(&o).contains("6 fixes toegepast in 6 bestanden"),
        "{}",
        stderr(&o)
    );
    let after = contents(&dir);
    let expected = [
        ("bibliotheek.csv", "Wellicht staat", "Misschien staat"),
        ("bibliotheek.json", "Uw vraag inzake de pas", "Uw vraag over de pas"),
        ("bibliotheek.toml", "ligt reeds klaar", "ligt al klaar"),
        ("bibliotheek.yaml", "Gaarne maak ik", "Graag maak ik"),
        ("concept.txt", "zijn thans bezig", "zijn nu bezig"),
        ("sjabloon.md", "Indien u vragen", "Als u vragen"),
    ];
    for ((name, old), (new_name, new)) in before.iter().zip(&after) {
        assert_eq!(name, new_name);
        let (_, from, to) = expected.iter().find(|(n, _, _)| n == name).unwrap();
        assert_eq!(&old.replace(from, to), new, "{name}");
    }
    // The JSON quotes around "aangaande" are a citation: left alone, escapes and all.
    assert!(after.iter().any(|(_, t)| t.contains("\\\"aangaande\\\"")));
    // A second check finds nothing left to fix.
    let o = nabij(&["--no-config", "check", "--diff", d], None);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).is_empty());
    assert!(stderr(&o).contains("0 fixes mogelijk in 0 bestanden"), "{}", stderr(&o));
    let o = nabij(&["--no-config", "check", "--format", "json", d], None);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let fixable = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["replies"].as_array().unwrap())
        .flat_map(|r| r["findings"].as_array().unwrap())
        .filter(|x| !x["fix"].is_null())
        .count();
    assert_eq!(fixable, 0, "{doc}");
}

#[test]
fn fix_on_standard_input_prints_the_fixed_text_and_writes_nothing() {
    let o = nabij(
        &["--no-config", "check", "--fix", "-"],
        Some("Thans kijk ik ernaar. Ik bel u morgen. ^MS\n"),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "Nu kijk ik ernaar. Ik bel u morgen. ^MS\n");
}

#[test]
fn a_team_rule_fix_is_tested_on_its_examples_and_must_be_plain_words() {
    let dir = temp_dir("fix-rule");
    let rule = |fix: &str| {
        format!(
            "id = \"ambtelijk-ter-attentie\"\ndimension = \"clarity\"\nseverity = \"info\"\n\
             message = \"Ambtelijk\"\nwhy = \"Klinkt als een brief.\"\nsuggest = [\"Voor Anne.\"]\n\
             patterns = [\"ter attentie van\"]\n\n[fix]\n{fix}\n\n[examples]\n\
             fire = [\"Een brief «ter attentie van» Anne.\"]\nsilent = [\"Een brief voor Anne.\"]\n"
        )
    };
    write(&dir, "regels/ok.toml", rule("\"ter attentie van\" = \"voor\""));
    let o = nabij(&["test-rules", dir.join("regels").to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    // A fix that leaves the words the rule marks does not fix anything: the example says so.
    write(
        &dir,
        "regels/ok.toml",
        rule("\"ter attentie van\" = \"ter attentie van\""),
    );
    let o = nabij(&["test-rules", dir.join("regels").to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stderr(&o).contains("de fix lost de bevinding niet op"),
        "{}",
        stderr(&o)
    );
    // A replacement with punctuation would need escaping in a library: refused at load.
    write(&dir, "regels/ok.toml", rule("\"ter attentie van\" = \"t.a.v.\""));
    let o = nabij(&["test-rules", dir.join("regels").to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(2), "{}{}", stdout(&o), stderr(&o));
    assert!(stderr(&o).contains("gewone woorden"), "{}", stderr(&o));
}

#[test]
fn rules_that_mark_the_same_words_give_one_finding_with_the_others_related() {
    let draft = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/draft.txt");
    let (doc, code) = json(&["--no-config", draft], None);
    assert_eq!(code, Some(1));
    let findings: Vec<&serde_json::Value> = doc["files"][0]["replies"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .collect();
    let by_rule = |id: &str| findings.iter().find(|f| f["rule"] == id).copied();
    // "betreffende afdeling" lies inside "doorgezet naar de betreffende afdeling": one finding.
    let hand_off = by_rule("doorgestuurd-naar-afdeling").expect("the longer words");
    assert_eq!(
        hand_off["related"],
        serde_json::json!([{"rule": "betreffende-afdeling", "severity": "warning"}])
    );
    assert!(by_rule("betreffende-afdeling").is_none(), "{findings:?}");
    // No two findings mark the same words.
    let mut spans: Vec<(u64, u64)> = findings
        .iter()
        .map(|f| (f["span"]["start"].as_u64().unwrap(), f["span"]["end"].as_u64().unwrap()))
        .collect();
    let n = spans.len();
    spans.dedup();
    assert_eq!(spans.len(), n);
    assert_eq!(doc["summary"]["findings"].as_u64().unwrap() as usize, n);
    // The compact line names the related rules.
    let o = nabij(&["--no-config", "check", "--format", "compact", draft], None);
    assert!(stdout(&o).contains("(ook: betreffende-afdeling)"), "{}", stdout(&o));
}

/// The `pre-commit` program: on the PATH, or where `pip install --user` puts it (`.ci/run`
/// installs it there).
fn pre_commit() -> Option<std::path::PathBuf> {
    let home = std::env::var_os("HOME").map(|h| std::path::Path::new(&h).join(".local/bin/pre-commit"));
    let on_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|d| d.join("pre-commit"));
    on_path.chain(home).find(|p| p.is_file())
}

fn git(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    let o = std::process::Command::new("git")
        .args([
            "-c",
            "user.name=nabij",
            "-c",
            "user.email=nabij@example.org",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(o.status.success(), "git {args:?}: {}", stderr(&o));
    o
}

/// pre-commit with this repository's `.pre-commit-hooks.yaml`, on a template repository with
/// a README, a package.json and a nabij.toml: good templates pass, a bad one stops the commit.
#[test]
fn pre_commit_passes_good_templates_and_stops_a_bad_one() {
    let Some(pre_commit) = pre_commit() else {
        eprintln!("SKIPPED: pre-commit is not installed (`python3 -m pip install --user pre-commit`; .ci/run does it)");
        return;
    };
    let root = temp_dir("pre-commit");
    // The hook repository: this repository's hooks file, committed.
    let hooks = root.join("hooks");
    std::fs::create_dir_all(&hooks).unwrap();
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/.pre-commit-hooks.yaml"),
        hooks.join(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    git(&hooks, &["init", "-q"]);
    git(&hooks, &["add", "."]);
    git(&hooks, &["commit", "-qm", "hooks"]);
    let rev = String::from_utf8(git(&hooks, &["rev-parse", "HEAD"]).stdout).unwrap();
    // The team's template repository.
    let repo = root.join("team");
    write(
        &repo,
        ".pre-commit-config.yaml",
        format!(
            "repos:\n  - repo: {}\n    rev: {}\n    hooks:\n      - id: nabij\n",
            hooks.display(),
            rev.trim()
        ),
    );
    write(
        &repo,
        "README.md",
        "# Sjablonen\n\nWij hebben uw melding intern doorgezet. U wordt nader geïnformeerd.\n",
    );
    write(&repo, "package.json", "{\"name\": \"sjablonen\", \"private\": true}\n");
    write(&repo, "nabij.toml", "fail_on = \"warning\"\n");
    write(
        &repo,
        "sjablonen/wachten.txt",
        "Wat vervelend dat je al drie weken wacht. Ik bel je morgen voor 12 uur. ^Sanne\n",
    );
    write(
        &repo,
        "sjablonen/afval.json",
        "{\"templates\": [{\"name\": \"container\", \"text\": \"Vervelend dat de container weer vol staat. Ik laat je morgen voor 12 uur weten wanneer hij geleegd wordt. ^Anne\"}]}\n",
    );
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "."]);
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_nabij"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = std::env::join_paths(
        std::iter::once(bin).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )
    .unwrap();
    let run = || {
        std::process::Command::new(&pre_commit)
            .args(["run", "--all-files", "--color", "never"])
            .current_dir(&repo)
            .env("PATH", &path)
            .env("PRE_COMMIT_HOME", root.join("cache"))
            .output()
            .expect("pre-commit runs")
    };
    let o = run();
    assert_eq!(
        o.status.code(),
        Some(0),
        "good templates pass: {}{}",
        stdout(&o),
        stderr(&o)
    );
    assert!(stdout(&o).contains("Passed"), "{}", stdout(&o));
    // A bad template stops the commit, with the finding in the output.
    write(
        &repo,
        "sjablonen/doorgezet.txt",
        "Wij hebben uw melding intern doorgezet. U wordt nader geïnformeerd.\n",
    );
    git(&repo, &["add", "."]);
    let o = run();
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("sjablonen/doorgezet.txt") && out.contains("intern-doorgezet"),
        "{out}"
    );
    assert!(!out.contains("README.md"), "the README is no template: {out}");
}
