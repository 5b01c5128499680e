//! What the integration tests share: running the `nabij` binary, scratch folders and files,
//! and reading its JSON output.

#![allow(dead_code)] // each test file uses its own part

pub mod browser;

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// Run nabij with `args`, writing `stdin` to it (nothing when `None`). Colour variables of
/// the surrounding shell are removed, so output depends on the flags alone.
pub fn nabij(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_nabij"))
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("nabij runs");
    let mut pipe = child.stdin.take().expect("stdin");
    if let Some(text) = stdin {
        // nabij may exit (a usage error) before it reads its input: a closed pipe is fine.
        if let Err(e) = pipe.write_all(text.as_bytes()) {
            assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "write stdin: {e}");
        }
    }
    drop(pipe);
    child.wait_with_output().expect("nabij finishes")
}

/// A fresh, empty scratch folder for one test (removed first if a run before left it).
pub fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("nabij-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Write `bytes` to `dir/name` (making the folders on the way); its path.
pub fn write(dir: &std::path::Path, name: &str, bytes: impl AsRef<[u8]>) -> std::path::PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("folder");
    }
    std::fs::write(&path, bytes).expect("write");
    path
}

/// `write`, with the path as a command-line argument.
pub fn write_arg(dir: &std::path::Path, name: &str, bytes: impl AsRef<[u8]>) -> String {
    write(dir, name, bytes).to_str().expect("a UTF-8 path").to_string()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `check --format json` with `args`: the document and the exit code.
pub fn json(args: &[&str], stdin: Option<&str>) -> (serde_json::Value, Option<i32>) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let o = nabij(&all, stdin);
    let doc = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&o), stderr(&o)));
    (doc, o.status.code())
}

/// (rule, `field`) of every finding in a JSON document, in order: `field` is "text" or
/// "severity" (with "severity", the rules folded into a finding as related too).
pub fn findings_with(doc: &serde_json::Value, field: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for f in doc["files"].as_array().expect("files") {
        for r in f["replies"].as_array().expect("replies") {
            for x in r["findings"].as_array().expect("findings") {
                out.push((
                    x["rule"].as_str().expect("rule").into(),
                    x[field].as_str().expect("field").into(),
                ));
                // Rules folded into this finding (they mark the same words) are found too.
                if field == "severity" {
                    for r in x["related"].as_array().into_iter().flatten() {
                        out.push((
                            r["rule"].as_str().expect("rule").into(),
                            r["severity"].as_str().expect("severity").into(),
                        ));
                    }
                }
            }
        }
    }
    out
}
