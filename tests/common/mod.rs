//! Running the `nabij` binary from the integration tests.

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
#[allow(dead_code)]
pub fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("nabij-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}
