//! Reading a named file, bounded. Every file nabij reads by name (replies, templates, rule
//! files, nabij.toml, a baseline) goes through [`bounded`]: only regular files are read (a
//! FIFO would block for ever, a device such as `/dev/zero` never ends), and never more than
//! the limit plus one byte, so a file that grows while it is read, or lies about its size,
//! cannot take the memory.

use std::io::Read;
use std::path::Path;

/// The most nabij reads of a rule or lexicon file.
pub const MAX_RULE_FILE_BYTES: u64 = 1 << 20;
/// The most nabij reads of a nabij.toml.
pub const MAX_CONFIG_BYTES: u64 = 1 << 20;
/// The most nabij reads of a baseline.
pub const MAX_BASELINE_BYTES: u64 = 64 << 20;

#[derive(Debug)]
pub enum ReadError {
    /// Not a regular file: what it is instead ("a folder", "a FIFO", "a device").
    NotRegular(&'static str),
    /// Larger than the limit; the size when the file system knew it beforehand.
    TooLarge {
        limit: u64,
        size: Option<u64>,
    },
    Io(std::io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotRegular(what) => write!(f, "is {what}, geen gewoon bestand; er is niets gelezen"),
            ReadError::TooLarge { limit, size } => {
                let size = size.map_or_else(String::new, |s| format!(" ({})", human_bytes(s)));
                write!(
                    f,
                    "is groter dan de grens van {}{size}; er is niets van gebruikt",
                    human_bytes(*limit)
                )
            }
            ReadError::Io(e) => write!(f, "kan niet gelezen worden: {}", crate::diagnostic::io(e)),
        }
    }
}

/// What a file that is not a regular file is.
fn kind(m: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = m.file_type();
        if t.is_fifo() {
            return "een FIFO (named pipe)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "een apparaat";
        }
        if t.is_socket() {
            return "een socket";
        }
    }
    if m.is_dir() { "een map" } else { "geen bestand" }
}

/// The bytes of the regular file at `path` (symlinks followed), at most `limit` of them.
pub fn bounded(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    bounded_unless_over(path, limit, u64::MAX).map(|read| read.unwrap_or_default())
}

/// [`bounded`], but a file larger than `defer` is not read: `None` (its caller reads it
/// later, on its own).
pub fn bounded_unless_over(path: &Path, limit: u64, defer: u64) -> Result<Option<Vec<u8>>, ReadError> {
    let m = std::fs::metadata(path).map_err(ReadError::Io)?;
    if !m.is_file() {
        return Err(ReadError::NotRegular(kind(&m)));
    }
    if m.len() > limit {
        return Err(ReadError::TooLarge {
            limit,
            size: Some(m.len()),
        });
    }
    if m.len() > defer {
        return Ok(None);
    }
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    // Opened after the check: make sure it is still a regular file (not swapped for a FIFO).
    if !file.metadata().map_err(ReadError::Io)?.is_file() {
        return Err(ReadError::NotRegular("geen gewoon bestand meer"));
    }
    let mut bytes = Vec::with_capacity(m.len() as usize);
    // One byte past the limit tells that it was passed, without reading on.
    file.take(limit + 1).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit, size: None });
    }
    Ok(Some(bytes))
}

/// [`bounded`], as UTF-8 text.
pub fn bounded_text(path: &Path, limit: u64) -> Result<String, ReadError> {
    let bytes = bounded(path, limit)?;
    String::from_utf8(bytes).map_err(|e| {
        ReadError::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("geen UTF-8 (bij byte {})", e.utf8_error().valid_up_to()),
        ))
    })
}

/// A byte count for people: "64 MiB", "1.5 KiB", "900 bytes".
pub fn human_bytes(n: u64) -> String {
    match n {
        n if n >= 1 << 30 && n % (1 << 30) == 0 => format!("{} GiB", n >> 30),
        n if n >= 1 << 20 && n % (1 << 20) == 0 => format!("{} MiB", n >> 20),
        n if n >= 1 << 20 => format!("{:.1} MiB", n as f64 / (1u64 << 20) as f64),
        n if n >= 1 << 10 && n % (1 << 10) == 0 => format!("{} KiB", n >> 10),
        n if n >= 1 << 10 => format!("{:.1} KiB", n as f64 / 1024.0),
        n => format!("{n} bytes"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_within_the_limit_is_read_and_one_over_it_is_not() {
        let dir = std::env::temp_dir().join(format!("nabij-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("a.txt");
        std::fs::write(&p, "twaalf bytes").unwrap();
        assert_eq!(bounded(&p, 12).unwrap(), b"twaalf bytes");
        assert!(matches!(bounded(&p, 11), Err(ReadError::TooLarge { limit: 11, .. })));
        assert!(matches!(bounded(&dir, 100), Err(ReadError::NotRegular("een map"))));
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_not_read() {
        let e = bounded(Path::new("/dev/zero"), 1 << 20).unwrap_err();
        assert!(matches!(e, ReadError::NotRegular("een apparaat")), "{e}");
        assert!(e.to_string().contains("geen gewoon bestand"));
    }
}
