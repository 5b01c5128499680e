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
