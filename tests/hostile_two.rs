//! Hostile input, round two: one test (or more) per defect of the second outside attack,
//! named by the defect's id. Each failed before its fix.
//!
//! - H1 symlinks leading out of the repository: `h1_*` here.
//! - H2 the atomic writer following a planted symlink: `write::tests::a_planted_symlink_is_not_followed`
//!   (a unit test: the old temporary name held the process id).
//! - M1 quadratic time on many sentences: `m1_*` here, and `scaling_many_sentences` in
//!   `cargo bench` (twice the text, about twice the time).
//! - M2 unbounded reads of FIFOs, devices and growing files: `m2_*` here, and
//!   `read::tests`.
//! - M3 control characters and forged lines through paths that skipped the sanitiser:
//!   `m3_*` here (the skipped note, the citizen's message path, baseline "gone" notes,
//!   `explain`, `eval -v`, C1 controls in excerpts, a line break in a file name, and
//!   `--format github` log lines).
//! - L1 duplicate keys and further YAML documents hiding a reply: `l1_*` here.
//! - L2 a UTF-16 file skipped as binary: `l2_*` here.
//! - L3 a baseline count that overflows: `l3_*` here.
//! - L4 write errors on standard output ignored: `l4_*` here.
//! - L5 a user pattern with many gaps taking minutes: `rules::phrase::tests::gaps_that_combine_in_too_many_ways_are_an_error_at_load`.
//! - L6 `report --html X --json X` writing one, then failing: `l6_*` here.
//! - M4 memory growing with every reply (an archive of short paragraphs, a CSV library of many
//!   rows): `m4_*` here, the peak of each format against twice the input.

mod common;

use common::{nabij, stderr, temp_dir, write_arg as write};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Run nabij in `dir` with `args`; kill it (and fail) when it runs past `limit`: a hang is
/// the defect, not a slow machine, so the limit is far above the normal time.
fn run_within(dir: &Path, args: &[&str], limit: Duration) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_nabij"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("nabij runs");
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("nabij {args:?} still ran after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// `check` of `draft` against `baseline`, with no config.
fn check_with_baseline(baseline: &str, draft: &str) -> Output {
    nabij(
        &[
            "--no-config",
            "check",
            "--color",
            "never",
            "--baseline",
            baseline,
            draft,
        ],
        None,
    )
}

const SECRET: &str = "token = \"s3cr3t-uit-een-ander-bestand\"\n";

#[cfg(unix)]
#[test]
fn h1_a_rule_folder_that_is_a_symlink_out_of_the_repository_is_refused() {
    let repo = temp_dir("h1-rules-repo");
    let outside = temp_dir("h1-rules-outside");
    write(&outside, "credentials.toml", SECRET);
    std::os::unix::fs::symlink(&outside, repo.join("regels")).unwrap();
    let config = write(&repo, "nabij.toml", "rules = [\"regels\"]\n");
    let draft = write(&repo, "antwoord.txt", "Ik bel je morgen. ^MS");
    let o = run_within(
        &repo,
        &["--config", &config, "check", "--color", "never", &draft],
        Duration::from_secs(60),
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("via een symbolische koppeling buiten de map van nabij.toml"),
        "{err}"
    );
    assert!(!err.contains("s3cr3t"), "nothing outside is read or quoted: {err}");
}

#[cfg(unix)]
#[test]
fn h1_a_discovered_nabij_toml_that_links_out_of_the_repository_is_not_followed() {
    let repo = temp_dir("h1-config-repo");
    let outside = temp_dir("h1-config-outside");
    let secret = write(&outside, "credentials.toml", SECRET);
    std::os::unix::fs::symlink(&secret, repo.join("nabij.toml")).unwrap();
    let draft = write(&repo, "antwoord.txt", "Ik bel je morgen. ^MS");
    let o = run_within(&repo, &["check", "--color", "never", &draft], Duration::from_secs(60));
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("symbolische koppeling naar een bestand buiten zijn map"),
        "{err}"
    );
    assert!(!err.contains("s3cr3t"), "{err}");
    // A symlink to a file inside the repository is fine.
    let inside = temp_dir("h1-config-inside");
    write(&inside, "gedeeld.toml", "fail_on = \"error\"\n");
    std::os::unix::fs::symlink(inside.join("gedeeld.toml"), inside.join("nabij.toml")).unwrap();
    let draft = write(&inside, "antwoord.txt", "Ik bel je morgen. ^MS");
    let o = run_within(&inside, &["check", "--color", "never", &draft], Duration::from_secs(60));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn m1_many_sentences_take_linear_time() {
    // 3 MB of one-word sentences with a time in each: 0.3 s now, minutes while every
    // sentence was looked up in a list of the sentences before it.
    let dir = temp_dir("m1");
    let file = write(&dir, "morgen.txt", "Morgen.\n".repeat(3 << 17));
    let o = run_within(
        &dir,
        &["check", "--no-config", "--format", "compact", &file],
        Duration::from_secs(30),
    );
    assert!(o.status.code().is_some());
}

#[cfg(unix)]
fn fifo(dir: &Path, name: &str) -> String {
    let path = dir.join(name);
    let ok = Command::new("mkfifo")
        .arg(&path)
        .status()
        .expect("mkfifo runs")
        .success();
    assert!(ok, "mkfifo");
    path.to_str().unwrap().to_string()
}

#[cfg(unix)]
#[test]
fn m2_a_fifo_or_a_device_is_refused_not_read() {
    let dir = temp_dir("m2-fifo");
    let pipe = fifo(&dir, "pijp.txt");
    let draft = write(&dir, "antwoord.txt", "We hebben dit intern doorgezet.");
    for args in [
        vec!["check", "--no-config", "--color", "never", &pipe, &draft],
        vec!["check", "--no-config", "--color", "never", "/dev/zero"],
        vec!["check", "--no-config", "--color", "never", "--incoming", &pipe, &draft],
    ] {
        let o = run_within(&dir, &args, Duration::from_secs(30));
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("geen gewoon bestand"), "{args:?}: {err}");
    }
}

#[test]
fn m2_rule_config_and_baseline_files_have_limits_of_their_own() {
    let dir = temp_dir("m2-limits");
    let big = format!("# {}\n", "x".repeat(2 << 20));
    let rules = temp_dir("m2-limits-rules");
    write(&rules, "groot.toml", &big);
    let elsewhere = temp_dir("m2-limits-config");
    let config = write(&elsewhere, "nabij.toml", &big);
    let baseline = write(
        &dir,
        "baseline.json",
        format!("{{\"x\": \"{}\"}}", "x".repeat(65 << 20)),
    );
    let draft = write(&dir, "antwoord.txt", "Ik bel je morgen. ^MS");
    for (args, what) in [
        (
            vec!["--no-config", "--rules", rules.to_str().unwrap(), "check", &draft],
            "groot.toml",
        ),
        (vec!["--config", &config, "check", &draft], "nabij.toml"),
        (
            vec!["--no-config", "check", "--baseline", &baseline, &draft],
            "baseline.json",
        ),
    ] {
        let o = run_within(&dir, &args, Duration::from_secs(60));
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains(what) && err.contains("groter dan de grens"),
            "{args:?}: {err}"
        );
    }
    let _ = std::fs::remove_file(&baseline);
}

#[test]
fn l3_a_baseline_count_that_overflows_is_an_error_not_a_panic() {
    let dir = temp_dir("l3");
    let draft = write(&dir, "antwoord.txt", "We hebben dit intern doorgezet.");
    let entry = |count: &str| {
        format!(
            "{{\"path\": {draft:?}, \"template\": null, \"rule\": \"intern-doorgezet\", \"text\": \"intern doorgezet\", \"count\": {count}}}"
        )
    };
    let baseline = write(
        &dir,
        "baseline.json",
        format!(
            "{{\"version\": 1, \"findings\": [{}, {}]}}",
            entry(&u64::MAX.to_string()),
            entry("1")
        ),
    );
    let o = check_with_baseline(&baseline, &draft);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("baseline.json") && err.contains("te groot"), "{err}");
}

#[cfg(target_os = "linux")]
#[test]
fn l4_output_that_cannot_be_written_is_an_error() {
    let dir = temp_dir("l4");
    let draft = write(&dir, "antwoord.txt", "We hebben dit intern doorgezet.");
    for format in ["human", "json", "compact"] {
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
        let o = Command::new(env!("CARGO_BIN_EXE_nabij"))
            .args(["--no-config", "check", "--color", "never", "--format", format, &draft])
            .stdout(full)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{format}: {err}");
        assert!(
            err.contains("kan niet naar standaarduitvoer schrijven"),
            "{format}: {err}"
        );
    }
}

#[test]
fn l6_the_same_file_for_html_and_json_is_refused_before_anything_is_written() {
    let dir = temp_dir("l6");
    let archive = write(
        &dir,
        "archief.csv",
        "ontvangen,verstuurd,kanaal,medewerker,bericht,antwoord\n2026-03-02 09:00,2026-03-02 10:00,X,Anne,Waar blijft mijn pas?,Ik bel je morgen. ^AK\n",
    );
    let o = run_within(
        &dir,
        &[
            "--no-config",
            "report",
            &archive,
            "--html",
            "rapport",
            "--json",
            "./rapport",
        ],
        Duration::from_secs(60),
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("--html en --json"), "{err}");
    assert!(!dir.join("rapport").exists(), "nothing is written");
}

#[test]
fn l1_a_duplicate_key_or_a_second_yaml_document_is_an_error_at_its_place() {
    let dir = temp_dir("l1");
    let hidden = "We hebben dit intern doorgezet.";
    let cases = [
        (
            "dubbel.json",
            format!(
                "{{\"templates\": [{{\"name\": \"a\", \"text\": \"Ik bel je morgen. ^MS\",\n \"text\": \"{hidden}\"}}]}}\n"
            ),
            "dubbel.json:2:2",
            "dubbele sleutel `text`",
        ),
        (
            "dubbel.yaml",
            format!("templates:\n  - name: a\n    text: \"Ik bel je morgen. ^MS\"\n    text: \"{hidden}\"\n"),
            "dubbel.yaml:4:5",
            "dubbele sleutel `text`",
        ),
        (
            "twee.yaml",
            format!(
                "templates:\n  - name: a\n    text: \"Ik bel je morgen. ^MS\"\n---\ntemplates:\n  - name: b\n    text: \"{hidden}\"\n"
            ),
            "twee.yaml:5:1",
            "een tweede YAML-document",
        ),
    ];
    for (name, text, place, message) in cases {
        let file = write(&dir, name, text);
        let o = nabij(&["--no-config", "check", "--color", "never", &file], None);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{name}: {err}");
        assert!(err.contains(place) && err.contains(message), "{name}: {err}");
    }
}

#[test]
fn l2_a_utf16_file_with_a_bom_is_read_and_checked() {
    let dir = temp_dir("l2");
    let text = "Hallo,\nWe hebben dit intern doorgezet.\n";
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut be = vec![0xFE, 0xFF];
    be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    for (name, bytes) in [("le.txt", le), ("be.txt", be)] {
        let file = write(&dir, name, bytes);
        let o = nabij(
            &["--no-config", "check", "--format", "compact", "--color", "never", &file],
            None,
        );
        let out = String::from_utf8_lossy(&o.stdout).into_owned();
        assert_eq!(o.status.code(), Some(1), "{name}: {out}{}", stderr(&o));
        assert!(
            out.contains(&format!("{name}:2:15: waarschuwing[intern-doorgezet]")),
            "{name}: {out}"
        );
    }
    // Broken UTF-16 is an error naming the byte, not a skip.
    let file = write(&dir, "kapot.txt", [0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00]);
    let o = nabij(&["--no-config", "check", "--color", "never", &file], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("geen geldige UTF-16 bij byte 2"), "{}", stderr(&o));
}

/// No escape character, C1 control or bidirectional override in `out`.
fn clean(out: &str) -> bool {
    !out.chars()
        .any(|c| c == '\u{1b}' || ('\u{80}'..='\u{9f}').contains(&c) || ('\u{202a}'..='\u{202e}').contains(&c))
}

const EVIL: &str = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\u{202e}";

#[cfg(unix)]
#[test]
fn m3_names_from_outside_reach_no_terminal_as_controls_or_forged_lines() {
    let dir = temp_dir("m3-names");
    // A binary file is skipped with a note naming it.
    let binary = write(&dir, &format!("bin{EVIL}\nnabij: vervalst.bin"), b"\0\0\0");
    // The citizen's message named in the signal lines.
    let incoming = write(&dir, &format!("burger{EVIL}.txt"), "Ik heb al drie keer gebeld!");
    // A finding in a file whose name holds a line break.
    let reply = write(
        &dir,
        &format!("a{EVIL}\nnabij: vervalst.txt"),
        "We hebben dit intern doorgezet.",
    );
    for args in [
        vec!["--no-config", "check", "--color", "never", &binary],
        vec![
            "--no-config",
            "check",
            "--color",
            "never",
            "--incoming",
            &incoming,
            &reply,
        ],
        vec![
            "--no-config",
            "check",
            "--color",
            "never",
            "--format",
            "compact",
            &reply,
        ],
    ] {
        let o = nabij(&args, None);
        let (out, err) = (String::from_utf8_lossy(&o.stdout).into_owned(), stderr(&o));
        assert!(clean(&out) && clean(&err), "{args:?}: {out:?} {err:?}");
        for line in out.lines().chain(err.lines()) {
            assert!(!line.starts_with("nabij: vervalst"), "a forged line: {out}{err}");
        }
    }
}

#[test]
fn m3_baseline_entries_explain_and_eval_ids_are_made_safe() {
    let dir = temp_dir("m3-texts");
    let draft = write(&dir, "antwoord.txt", "Ik bel je morgen. ^MS");
    let evil_json: String = EVIL.chars().map(|c| format!("\\u{:04x}", c as u32)).collect();
    let baseline = write(
        &dir,
        "baseline.json",
        format!(
            "{{\"version\": 1, \"findings\": [{{\"path\": {draft:?}, \"template\": \"t{evil_json}\", \"rule\": \"r{evil_json}\\nnabij: vervalst\", \"text\": \"x{evil_json}\", \"count\": 1}}]}}"
        ),
    );
    let o = check_with_baseline(&baseline, &draft);
    let err = stderr(&o);
    assert!(err.contains("uit de baseline") && err.contains("verdwenen"), "{err}");
    assert!(clean(&err), "{err:?}");
    assert!(!err.lines().any(|l| l.starts_with("nabij: vervalst")), "{err}");
    // explain shows a team rule's texts and examples.
    let rules = temp_dir("m3-rules");
    write(
        &rules,
        "eigen.toml",
        format!(
            "id = \"eigen\"\ndimension = \"ownership\"\nseverity = \"warning\"\nmessage = \"m{evil_json}\"\nwhy = \"w{evil_json}\"\nsuggest = [\"s{evil_json}\"]\npatterns = [\"eigen regel\"]\n[examples]\nfire = [\"«eigen regel» {evil_json}\"]\nsilent = [\"y{evil_json}\"]\n"
        ),
    );
    let o = nabij(
        &["--no-config", "--rules", rules.to_str().unwrap(), "explain", "eigen"],
        None,
    );
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(out.contains("eigen regel"), "{out}{}", stderr(&o));
    assert!(clean(&out), "{out:?}");
    // eval -v lists item ids.
    let corpus = write(
        &dir,
        "corpus.jsonl",
        format!(
            "{{\"id\": \"i{evil_json}\\nnabij: vervalst\", \"kind\": \"reply\", \"text\": \"We hebben dit intern doorgezet.\", \"labels\": {{\"empathy\": true, \"ownership\": true, \"follow_up\": true, \"distancing\": false, \"overall\": \"near\"}}}}\n"
        ),
    );
    let o = nabij(&["--no-config", "eval", "-v", &corpus], None);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(out.contains("gemist"), "{out}{}", stderr(&o));
    assert!(clean(&out), "{out:?}");
    assert!(!out.lines().any(|l| l.starts_with("nabij: vervalst")), "{out}");
}

#[test]
fn m3_c1_controls_in_an_excerpt_are_neutralised_and_the_mark_stays_on_the_words() {
    let o = nabij(
        &["--no-config", "check", "--color", "never", "-"],
        Some("We \u{9b}31m\u{9d}hebben dit intern doorgezet."),
    );
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(clean(&out), "{out:?}");
    let mut block = out.lines().skip_while(|l| !l.contains("[intern-doorgezet]"));
    let line = block.find(|l| l.contains("intern doorgezet")).expect("the excerpt");
    let marks = block.next().expect("the mark line");
    // In characters: each U+FFFD is one column, as each control was one character.
    let col = line[..line.find("intern").unwrap()].chars().count();
    assert_eq!(marks.chars().position(|c| c == '^'), Some(col), "{out}");
}

#[test]
fn m3_github_log_lines_cannot_be_workflow_commands() {
    let dir = temp_dir("m3-github");
    let file = write(
        &dir,
        "::error title=nep::x.txt",
        "We hebben dit intern doorgezet. ".repeat(70),
    );
    let o = nabij(&["--no-config", "check", "--format", "github", &file], None);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    let stop = out
        .lines()
        .position(|l| l.starts_with("::stop-commands::"))
        .expect("commands stopped");
    let token = out
        .lines()
        .nth(stop)
        .unwrap()
        .trim_start_matches("::stop-commands::")
        .to_string();
    assert!(token.len() >= 16, "{token}");
    let resume = out
        .lines()
        .position(|l| l == format!("::{token}::"))
        .expect("commands resumed");
    for (i, line) in out.lines().enumerate() {
        if line.contains("title=nep") && line.starts_with("::error title=nep") {
            assert!(
                stop < i && i < resume,
                "line {i} is a forged command outside the stop: {line}"
            );
        }
    }
}

/// Run nabij with `args` (standard output discarded) and return its peak memory (resident
/// set, in bytes) and exit code, from the kernel's record of that one child.
#[allow(clippy::zombie_processes)] // reaped by `wait4`, which also gives its peak memory
fn peak_memory(args: &[&str]) -> (u64, Option<i32>) {
    let child = Command::new(env!("CARGO_BIN_EXE_nabij"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("nabij runs");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: `usage` is a plain C struct, zeroed is a valid value for it; `wait4` reaps the
    // child this function spawned and fills both out-parameters.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4");
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    // Linux reports kilobytes.
    (usage.ru_maxrss as u64 * 1024, code)
}

/// Peak memory grows with the input by at most about twice its size: 2x the input plus the
/// memory nabij takes on a draft, plus a margin for the work on one part of the file.
fn assert_near_input(args_for: impl Fn(&str) -> Vec<String>, big: &str, small: &str, what: &str) {
    let run = |file: &str| {
        let args = args_for(file);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        peak_memory(&args)
    };
    let (base, _) = run(small);
    let (peak, code) = run(big);
    assert!(matches!(code, Some(0 | 1)), "{what}: exit {code:?}");
    let input = std::fs::metadata(big).unwrap().len();
    let allowed = base + 2 * input + (16 << 20);
    eprintln!(
        "{what}: base {} KiB, peak {} KiB, input {} KiB",
        base >> 10,
        peak >> 10,
        input >> 10
    );
    assert!(
        peak <= allowed,
        "{what}: peak {} MiB for {} MiB of input; at most {} MiB",
        peak >> 20,
        input >> 20,
        allowed >> 20
    );
}

#[test]
fn m4_an_archive_of_short_paragraphs_is_checked_in_parts_in_every_format() {
    let dir = temp_dir("m4-archive");
    // Just over 1 MiB of short replies, one per paragraph (an archive; some with a finding).
    let replies = [
        "Dank je wel.",
        "We kijken ernaar.",
        "Ik bel je morgen voor 12 uur. ^MS",
        "Uw melding is doorgezet.",
        "Sorry voor het wachten!",
    ];
    let mut text = String::new();
    let mut i = 0;
    while text.len() <= 1 << 20 {
        text.push_str(replies[i % replies.len()]);
        text.push_str("\n\n");
        i += 1;
    }
    let big = write(&dir, "archief.txt", &text);
    let small = write(&dir, "concept.txt", "Wij kijken ernaar.");
    // Each child's peak is its own (wait4), so the formats run side by side.
    std::thread::scope(|s| {
        for format in ["compact", "json", "human", "sarif", "github"] {
            let (big, small) = (&big, &small);
            s.spawn(move || {
                let args = |file: &str| {
                    ["--no-config", "check", "--format", format, file]
                        .map(String::from)
                        .to_vec()
                };
                assert_near_input(args, big, small, format);
            });
        }
    });
}

#[test]
fn m4_a_csv_library_of_many_rows_is_read_and_checked_row_by_row() {
    let dir = temp_dir("m4-csv");
    let mut text = String::from("name,text\n");
    let mut i = 0;
    while text.len() <= 1 << 20 {
        text.push_str(&format!("t{i},\"We kijken ernaar, echt.\"\n"));
        i += 1;
    }
    let big = write(&dir, "sjablonen.csv", &text);
    let small = write(&dir, "klein.csv", "name,text\nt,Wij kijken ernaar.\n");
    let args = |file: &str| {
        ["--no-config", "check", "--format", "json", file]
            .map(String::from)
            .to_vec()
    };
    assert_near_input(args, &big, &small, "csv");
}
