//! Where the command line writes: standard output and standard error, coloured or not, and
//! the exit code a failed write turns into.

use crate::cli::Color;
use annotate_snippets::Renderer;
use anstream::{AutoStream, ColorChoice};
use nabij::Diagnostic;
use nabij::print::human;
use std::io::Write;

pub struct Out {
    stdout: AutoStream<std::io::Stdout>,
    stderr: AutoStream<std::io::Stderr>,
    pub renderer: Renderer,
    /// The first failed write to standard output (a full disk, `> /dev/full`): the run then
    /// ends with exit 2, since its output is incomplete. A closed pipe (`| head`) is not one.
    write_error: Option<std::io::Error>,
    /// Output not yet written, and whether it is styled: written in pieces of 64 KiB rather
    /// than a system call for every file of a large folder.
    pending: String,
    pending_styled: bool,
    /// `--output-file`: the report goes to a temporary file next to the target, renamed over
    /// it when the run is done (whether to replace an existing file).
    file: Option<(tempfile::NamedTempFile, std::path::PathBuf, bool)>,
}

/// How much output is gathered before it is written.
const PIECE: usize = 1 << 16;

impl Out {
    pub fn new(color: Color) -> Out {
        let choice = match color {
            Color::Auto => ColorChoice::Auto,
            Color::Always => ColorChoice::Always,
            Color::Never => ColorChoice::Never,
        };
        Out {
            stdout: AutoStream::new(std::io::stdout(), choice),
            stderr: AutoStream::new(std::io::stderr(), choice),
            renderer: Renderer::styled(),
            write_error: None,
            pending: String::new(),
            pending_styled: false,
            file: None,
        }
    }

    /// Send what would go to standard output to `path` instead, uncoloured. Nothing is
    /// written there until [`Out::finish`]; an existing file is replaced only when `force`.
    pub fn send_to_file(&mut self, path: &std::path::Path, force: bool) -> Result<(), String> {
        if path.symlink_metadata().is_ok() && !force {
            return Err(format!(
                "{} bestaat al; gebruik --force om het te vervangen",
                path.display()
            ));
        }
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(std::path::Path::new("."));
        let tmp = tempfile::Builder::new()
            .prefix(".nabij-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| format!("kan {} niet schrijven: {}", path.display(), nabij::diagnostic::io(&e)))?;
        self.renderer = Renderer::plain();
        self.file = Some((tmp, path.to_path_buf(), force));
        Ok(())
    }

    /// Write what is gathered: styled text through the colour-aware stream, plain text
    /// straight to standard output (without the scan for escape codes a styled stream does;
    /// input text in it is already neutralised by the printers).
    fn write_pending(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.pending);
        let result = if let Some((tmp, _, _)) = &mut self.file {
            tmp.write_all(text.as_bytes())
        } else if self.pending_styled {
            self.stdout.write_all(text.as_bytes())
        } else {
            self.stdout
                .flush()
                .and_then(|()| std::io::stdout().lock().write_all(text.as_bytes()))
        };
        self.note_write(result);
    }

    fn gather(&mut self, s: &str, styled: bool) {
        if styled != self.pending_styled {
            self.write_pending();
            self.pending_styled = styled;
        }
        self.pending.push_str(s);
        if self.pending.len() >= PIECE {
            self.write_pending();
        }
    }

    pub fn note_write(&mut self, result: std::io::Result<()>) {
        if let Err(e) = result
            && e.kind() != std::io::ErrorKind::BrokenPipe
            && self.write_error.is_none()
        {
            self.write_error = Some(e);
        }
    }

    pub fn print(&mut self, s: &str) {
        self.gather(s, true);
    }

    /// Flush standard output; the exit code, made 2 when any output could not be written.
    pub fn finish(&mut self, code: u8) -> u8 {
        self.write_pending();
        let result = self.stdout.flush().and_then(|()| std::io::stdout().lock().flush());
        self.note_write(result);
        if let Some((tmp, path, force)) = self.file.take() {
            // Whole or not at all: a failed run's partial report is dropped with `tmp`.
            let kept = if self.write_error.is_some() {
                Ok(())
            } else if force {
                tmp.persist(&path).map(drop).map_err(|e| e.error)
            } else {
                tmp.persist_noclobber(&path).map(drop).map_err(|e| e.error)
            };
            if let Err(e) = kept {
                let why = nabij::diagnostic::io(&e);
                self.eprint(&format!("fout: kan {} niet schrijven: {why}\n", path.display()));
                return crate::EXIT_ERROR;
            }
        }
        match self.write_error.take() {
            Some(e) => {
                self.eprint(&format!("fout: kan niet naar standaarduitvoer schrijven: {e}\n"));
                crate::EXIT_ERROR
            }
            None => code,
        }
    }

    /// Output that carries no styling (JSON, SARIF, compact and GitHub lines).
    pub fn print_plain(&mut self, s: &str) {
        self.gather(s, false);
    }

    /// A note or an error: what standard output has gathered goes first, so that on one
    /// terminal the two stay in order.
    pub fn eprint(&mut self, s: &str) {
        self.write_pending();
        let _ = self.stderr.write_all(s.as_bytes());
    }

    pub fn diagnostics(&mut self, list: &[Diagnostic]) {
        for d in list {
            let text = human::render_diagnostic(d, &self.renderer);
            self.eprint(&text);
        }
    }
}

impl nabij::print::Sink for Out {
    fn styled(&mut self, s: &str) {
        self.print(s);
    }
    fn plain(&mut self, s: &str) {
        self.print_plain(s);
    }
    fn note(&mut self, s: &str) {
        self.eprint(s);
    }
    fn diagnostics(&mut self, list: &[Diagnostic]) {
        Out::diagnostics(self, list);
    }
}

/// One line of the report's progress on a terminal: rows read, and how far through the file.
pub fn progress_bar(rows: u64, bytes: u64, size: u64) -> String {
    if size == 0 {
        return format!("\r{rows} rijen gelezen...");
    }
    let done = (bytes.min(size) * 30 / size) as usize;
    format!(
        "\r[{}{}] {:>3} %  {rows} rijen",
        "#".repeat(done),
        " ".repeat(30 - done),
        bytes.min(size) * 100 / size
    )
}
