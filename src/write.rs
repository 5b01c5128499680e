//! Writing files nabij produces (a baseline, a starter config, a report): whole or not at
//! all. The content goes to a new temporary file next to the target, created exclusively
//! under an unpredictable name (so a symlink planted in the folder is never followed), which
//! is then renamed over the target: an interrupted write leaves the old file as it was. An
//! existing file is only replaced when asked (`--force`); without it the rename refuses to
//! replace a file that appeared in the meantime.

use std::io::Write;
use std::path::Path;

pub fn write_atomic(path: &Path, contents: &str, force: bool) -> Result<(), String> {
    let name = path.display();
    if path.symlink_metadata().is_ok() && !force {
        return Err(format!("{name} bestaat al; gebruik --force om het te vervangen"));
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let result = (|| -> std::io::Result<()> {
        let mut tmp = tempfile::Builder::new()
            .prefix(".nabij-")
            .suffix(".tmp")
            .tempfile_in(dir)?;
        tmp.write_all(contents.as_bytes())?;
        tmp.as_file().sync_all()?;
        // On error the temporary file is removed when it is dropped.
        if force {
            tmp.persist(path).map(drop).map_err(|e| e.error)
        } else {
            tmp.persist_noclobber(path).map(drop).map_err(|e| e.error)
        }
    })();
    result.map_err(|e| format!("kan {name} niet schrijven: {}", crate::diagnostic::io(&e)))
}

/// Replace the contents of the existing file `path` (a symlink: of the file it points to),
/// whole or not at all, keeping its permissions: `nabij check --fix` on a template.
pub fn replace_contents(path: &Path, contents: &str) -> Result<(), String> {
    let name = path.display();
    let io = |e: std::io::Error| format!("kan {name} niet schrijven: {}", crate::diagnostic::io(&e));
    let target = path.canonicalize().map_err(io)?;
    let permissions = std::fs::metadata(&target).map_err(io)?.permissions();
    let dir = target.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".nabij-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io)?;
    tmp.write_all(contents.as_bytes()).map_err(io)?;
    tmp.as_file().set_permissions(permissions).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    tmp.persist(&target).map(drop).map_err(|e| io(e.error))
}

/// Whether two paths, existing or not, name the same file: "rapport", "./rapport".
pub fn same_target(a: &std::path::Path, b: &std::path::Path) -> bool {
    let folder = |p: &std::path::Path| {
        p.parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(std::path::Path::new("."))
            .canonicalize()
            .ok()
    };
    a == b || same_file(a, b) || (a.file_name() == b.file_name() && folder(a).is_some() && folder(a) == folder(b))
}

/// Whether two paths name the same existing file.
pub fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
}

/// Refuse, before any work, to write reports where they would do harm: two reports to one
/// file, a report over the file being read, or over an existing file without `force`.
/// Each target comes with the option that names it (`--html`).
pub fn check_targets(targets: &[(&str, &Path)], read: &Path, force: bool) -> Result<(), String> {
    for (i, (flag, a)) in targets.iter().enumerate() {
        if let Some((other, _)) = targets[i + 1..].iter().find(|(_, b)| same_target(a, b)) {
            return Err(format!(
                "{flag} en {other} noemen allebei {}; geef elk rapport een eigen bestand",
                a.display()
            ));
        }
    }
    // `-` is standard output: nothing there to overwrite.
    for (_, path) in targets.iter().filter(|(_, p)| p.as_os_str() != "-") {
        if same_file(path, read) {
            return Err(format!(
                "{} is het archief dat gelezen wordt; schrijf het rapport ergens anders",
                path.display()
            ));
        }
        if path.exists() && !force {
            return Err(format!(
                "{} bestaat al; nabij vervangt het niet zonder --force",
                path.display()
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_existing_file_is_kept_unless_forced() {
        let dir = std::env::temp_dir().join(format!("nabij-write-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("out.json");
        write_atomic(&p, "een", false).unwrap();
        assert!(write_atomic(&p, "twee", false).unwrap_err().contains("--force"));
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "een");
        write_atomic(&p, "twee", true).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "twee");
        let leftovers = std::fs::read_dir(&dir)
            .unwrap()
            .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().contains("nabij-"))
            .count();
        assert_eq!(leftovers, 0);
    }

    /// A write that fails at the last step (here: the target is a folder with files in
    /// it, so the rename cannot replace it) leaves what was there, and no temporary file.
    #[test]
    fn a_failed_write_leaves_the_old_content_and_no_temporary_file() {
        let dir = std::env::temp_dir().join(format!("nabij-write-fail-{}", std::process::id()));
        let target = dir.join("baseline.json");
        std::fs::create_dir_all(&target).unwrap();
        std::fs::write(target.join("keep.txt"), "oud").unwrap();
        let err = write_atomic(&target, "nieuw", true).unwrap_err();
        assert!(
            err.contains("kan") && err.contains("niet schrijven") && err.contains("baseline.json"),
            "{err}"
        );
        assert_eq!(std::fs::read_to_string(target.join("keep.txt")).unwrap(), "oud");
        let names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["baseline.json"]);
    }

    /// A symlink planted where an older nabij put its temporary file (".NAME.nabij-PID.tmp")
    /// or anywhere else in the folder is never followed: the file it points at stays as it
    /// was.
    #[cfg(unix)]
    #[test]
    fn a_planted_symlink_is_not_followed() {
        let dir = std::env::temp_dir().join(format!("nabij-write-link-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let victim = dir.join("buiten.txt");
        std::fs::write(&victim, "van iemand anders").unwrap();
        let target = dir.join("baseline.json");
        std::os::unix::fs::symlink(
            &victim,
            dir.join(format!(".baseline.json.nabij-{}.tmp", std::process::id())),
        )
        .unwrap();
        write_atomic(&target, "{}", true).unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "van iemand anders");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "{}");
        // A target that is itself a symlink is replaced, not written through.
        let link = dir.join("rapport.html");
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        write_atomic(&link, "<html>", true).unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "van iemand anders");
        assert!(!link.symlink_metadata().unwrap().file_type().is_symlink());
    }
}
