//! Writing files nabij produces (a baseline, a starter config): whole or not at all. The
//! content goes to a temporary file next to the target, which is then renamed over it, so an
//! interrupted write leaves the old file as it was. An existing file is only replaced when
//! asked (`--force`).

use std::io::Write;
use std::path::Path;

pub fn write_atomic(path: &Path, contents: &str, force: bool) -> Result<(), String> {
    let name = path.display();
    if path.exists() && !force {
        return Err(format!("{name} exists; use --force to replace it"));
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{file_name}.nabij-{}.tmp", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(contents.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("cannot write {name}: {e}")
    })
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
            .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().contains(".tmp"))
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
        assert!(err.contains("cannot write") && err.contains("baseline.json"), "{err}");
        assert_eq!(std::fs::read_to_string(target.join("keep.txt")).unwrap(), "oud");
        let names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["baseline.json"]);
    }
}
