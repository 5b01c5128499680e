//! `nabij lsp`: a language server over standard input and output, for the editors of the
//! people who keep a template library (VS Code, Neovim, Helix, Zed). Built on `lsp-server`
//! and `lsp-types`, the crates rust-analyzer uses: a synchronous loop over a channel is all
//! nabij needs (a check takes milliseconds), without an async runtime.
//!
//! Documents are synced whole. A change marks its document; once no message has come for
//! [`DEBOUNCE`], the marked documents (only those) are checked and their diagnostics
//! published. Settings come from the `nabij.toml` found from each document's folder, read
//! again when it changes on disk, with the team's rule folders; its errors (and those of a
//! rule file) are diagnostics in that file.

use lsp_server::{Connection, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
    Notification as _, PublishDiagnostics,
};
use lsp_types::request::{CodeActionRequest, HoverRequest, Request as _};
use lsp_types::{
    CodeActionProviderCapability, Diagnostic, DiagnosticSeverity, Hover, HoverContents, HoverProviderCapability,
    MarkupContent, MarkupKind, Position, PublishDiagnosticsParams, Range, ServerCapabilities,
    TextDocumentSyncCapability, TextDocumentSyncKind, Uri,
};
use nabij::check::Engine;
use nabij::config::Config;
use nabij::lint::{CheckOptions, FileReport};
use nabij::span::{LineIndex, Span};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// How long the editor must be quiet before a changed document is checked.
const DEBOUNCE: Duration = Duration::from_millis(80);

/// An open document: its text and its last check.
struct Doc {
    text: String,
    report: Option<FileReport>,
}

/// The rules and settings for the documents below one `nabij.toml` (or none), kept while
/// the files they were read from do not change.
struct Settings {
    key: Vec<(PathBuf, Option<SystemTime>)>,
    config: Config,
    engine: Arc<Engine>,
}

struct Server {
    connection: Connection,
    docs: HashMap<String, (Uri, Doc)>,
    dirty: BTreeSet<String>,
    settings: HashMap<Option<PathBuf>, Settings>,
    /// Files outside the open documents that got diagnostics (a broken nabij.toml or rule
    /// file), so they can be cleared once fixed.
    elsewhere: BTreeSet<String>,
}

/// Run the server until the client says `exit`: 0 after `shutdown`, 1 without it.
pub fn run() -> u8 {
    let (connection, io_threads) = Connection::stdio();
    let capabilities = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    };
    let capabilities = serde_json::to_value(capabilities).expect("plain data");
    if let Err(e) = connection.initialize(capabilities) {
        eprintln!("fout: nabij lsp: {e}");
        return crate::EXIT_ERROR;
    }
    let mut server = Server {
        connection,
        docs: HashMap::new(),
        dirty: BTreeSet::new(),
        settings: HashMap::new(),
        elsewhere: BTreeSet::new(),
    };
    let code = server.serve();
    let Server { connection, .. } = server;
    drop(connection);
    let _ = io_threads.join();
    code
}

impl Server {
    fn serve(&mut self) -> u8 {
        loop {
            let message = if self.dirty.is_empty() {
                match self.connection.receiver.recv() {
                    Ok(m) => m,
                    Err(_) => return 1,
                }
            } else {
                match self.connection.receiver.recv_timeout(DEBOUNCE) {
                    Ok(m) => m,
                    Err(crossbeam_channel::RecvTimeoutError::Timeout) => {
                        self.check_dirty();
                        continue;
                    }
                    Err(crossbeam_channel::RecvTimeoutError::Disconnected) => return 1,
                }
            };
            match message {
                Message::Request(req) => match self.connection.handle_shutdown(&req) {
                    Ok(true) => return 0,
                    Ok(false) => self.request(req),
                    Err(_) => return 1,
                },
                Message::Notification(n) if n.method == "exit" => return 1,
                Message::Notification(n) => self.notification(n),
                Message::Response(_) => {}
            }
        }
    }

    fn send(&self, message: Message) {
        let _ = self.connection.sender.send(message);
    }

    fn notification(&mut self, n: Notification) {
        let params = n.params;
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(params) {
                    let uri = p.text_document.uri;
                    let key = uri.as_str().to_string();
                    self.docs.insert(
                        key.clone(),
                        (
                            uri,
                            Doc {
                                text: p.text_document.text,
                                report: None,
                            },
                        ),
                    );
                    // A newly opened document is checked at once, not after a pause.
                    self.dirty.insert(key);
                    self.check_dirty();
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(params) {
                    let key = p.text_document.uri.as_str().to_string();
                    if let (Some((_, doc)), Some(change)) =
                        (self.docs.get_mut(&key), p.content_changes.into_iter().last())
                    {
                        doc.text = change.text;
                        doc.report = None;
                        self.dirty.insert(key);
                    }
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(params) {
                    let key = p.text_document.uri.as_str().to_string();
                    self.docs.remove(&key);
                    self.dirty.remove(&key);
                    self.publish(p.text_document.uri, Vec::new());
                }
            }
            DidSaveTextDocument::METHOD | DidChangeWatchedFiles::METHOD => {
                // A saved nabij.toml or rule file: every open document may read differently.
                self.settings.clear();
                self.dirty.extend(self.docs.keys().cloned());
            }
            _ => {}
        }
    }

    fn request(&mut self, req: Request) {
        let id = req.id.clone();
        let result = match req.method.as_str() {
            HoverRequest::METHOD => serde_json::from_value::<lsp_types::HoverParams>(req.params)
                .map(|p| serde_json::to_value(self.hover(p)).expect("plain data")),
            CodeActionRequest::METHOD => serde_json::from_value::<lsp_types::CodeActionParams>(req.params)
                .map(|p| serde_json::to_value(self.code_actions(p)).expect("plain data")),
            _ => {
                self.reply(Response::new_err(
                    id,
                    -32601,
                    format!("onbekende methode {}", req.method),
                ));
                return;
            }
        };
        match result {
            Ok(value) => self.reply(Response::new_ok(id, value)),
            Err(e) => self.reply(Response::new_err(id, -32602, format!("ongeldige parameters: {e}"))),
        }
    }

    fn reply(&self, response: Response) {
        self.send(Message::Response(response));
    }

    /// The document's last check, made now when it is out of date.
    fn report(&mut self, uri: &Uri) -> Option<(&FileReport, Arc<Engine>)> {
        let key = uri.as_str().to_string();
        if self.dirty.contains(&key) {
            self.dirty.remove(&key);
            self.check(&key);
        }
        let path = path_of(uri);
        let engine = self.settings_for(&path).engine.clone();
        let report = self.docs.get(&key)?.1.report.as_ref()?;
        Some((report, engine))
    }

    fn hover(&mut self, p: lsp_types::HoverParams) -> Option<Hover> {
        let uri = p.text_document_position_params.text_document.uri;
        let at = p.text_document_position_params.position;
        let (report, engine) = self.report(&uri)?;
        let offset = report.lines.offset_of_utf16(&report.source, at.line, at.character);
        let text = nabij::print::lsp::hover(report, &engine, offset)?;
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: text,
            }),
            range: None,
        })
    }

    fn code_actions(&mut self, p: lsp_types::CodeActionParams) -> Vec<lsp_types::CodeAction> {
        let uri = p.text_document.uri;
        let Some((report, engine)) = self.report(&uri) else {
            return Vec::new();
        };
        let offset = |at: Position| report.lines.offset_of_utf16(&report.source, at.line, at.character);
        let span = Span::new(offset(p.range.start), offset(p.range.end));
        nabij::print::lsp::code_actions(report, &engine, &uri, span)
    }

    /// The settings and rules for a document at `path`: from the nabij.toml found from its
    /// folder, read again when that file or a rule file changed.
    fn settings_for(&mut self, path: &Path) -> &Settings {
        let folder = path.parent().map(Path::to_path_buf);
        let (config, errors) = Config::load(folder.as_deref(), None);
        let found = config.files.first().cloned();
        let mtime = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
        let key: Vec<(PathBuf, Option<SystemTime>)> = (config.files.iter().chain(&config.rule_dirs))
            .map(|p| (p.clone(), mtime(p)))
            .collect();
        let stale = self.settings.get(&found).is_none_or(|s| s.key != key);
        if stale {
            let options = nabij::rules::LoadOptions {
                dirs: config.rule_dirs.clone(),
                ..nabij::rules::LoadOptions::default()
            };
            let (engine, mut problems) = nabij::check::load(&options);
            problems.extend(config.unknown_rules(&engine));
            problems.extend(errors);
            let engine = config.apply(engine);
            self.publish_elsewhere(&problems);
            self.settings.insert(
                found.clone(),
                Settings {
                    key,
                    config,
                    engine: Arc::new(engine),
                },
            );
        }
        &self.settings[&found]
    }

    /// Check every marked document and publish its diagnostics.
    fn check_dirty(&mut self) {
        let keys: Vec<String> = std::mem::take(&mut self.dirty).into_iter().collect();
        for key in keys {
            self.check(&key);
        }
    }

    fn check(&mut self, key: &str) {
        let Some((uri, doc)) = self.docs.get(key) else {
            return;
        };
        let (uri, text) = (uri.clone(), doc.text.clone());
        let path = path_of(&uri);
        // nabij.toml itself: its own errors, read from the editor's text.
        if path.file_name().is_some_and(|n| n == nabij::config::FILE_NAME) {
            let errors = Config::default()
                .layer_text(&path, Arc::from(text.as_str()))
                .err()
                .unwrap_or_default();
            let diagnostics = errors.iter().map(|d| error_diagnostic(d, &text)).collect();
            self.publish(uri, diagnostics);
            return;
        }
        let settings = self.settings_for(&path);
        let engine = settings.engine.clone();
        // Paths in overrides and messages are relative to the folder of nabij.toml.
        let base = settings
            .config
            .files
            .first()
            .and_then(|f| f.parent())
            .map(Path::to_path_buf);
        let shown = base
            .and_then(|b| path.strip_prefix(b).ok().map(Path::to_path_buf))
            .unwrap_or_else(|| path.clone());
        let options = CheckOptions {
            config: settings.config.clone(),
            ..CheckOptions::default()
        };
        let report = nabij::lint::check_source(&engine, &options, shown.display().to_string(), text);
        let diagnostics = if report.skipped.is_some() {
            Vec::new()
        } else {
            nabij::print::lsp::diagnostics(&report, &engine)
        };
        if let Some((_, doc)) = self.docs.get_mut(key) {
            doc.report = Some(report);
        }
        self.publish(uri, diagnostics);
    }

    fn publish(&self, uri: Uri, diagnostics: Vec<Diagnostic>) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version: None,
        };
        self.send(Message::Notification(Notification::new(
            PublishDiagnostics::METHOD.to_string(),
            params,
        )));
    }

    /// Errors in files that are not being edited (a rule file, nabij.toml on disk), each in
    /// its file; files that had errors before and have none now are cleared.
    fn publish_elsewhere(&mut self, problems: &[nabij::Diagnostic]) {
        let mut by_file: HashMap<String, Vec<Diagnostic>> = HashMap::new();
        for d in problems {
            let text = d.source.as_deref().unwrap_or("");
            by_file
                .entry(d.path.clone())
                .or_default()
                .push(error_diagnostic(d, text));
        }
        let now: BTreeSet<String> = by_file.keys().cloned().collect();
        for gone in self.elsewhere.difference(&now) {
            if let Some(uri) = uri_of(Path::new(gone)) {
                self.publish(uri, Vec::new());
            }
        }
        for (path, diagnostics) in by_file {
            if let Some(uri) = uri_of(Path::new(&path)) {
                self.publish(uri, diagnostics);
            }
        }
        self.elsewhere = now;
    }
}

/// An error of nabij's (a config or rule file) as a diagnostic in `text`, its file.
fn error_diagnostic(d: &nabij::Diagnostic, text: &str) -> Diagnostic {
    let lines = LineIndex::new(text);
    let at = |offset: usize| {
        let (line, character) = lines.utf16(text, offset);
        Position { line, character }
    };
    let span = d.span.unwrap_or(Span::new(0, 0));
    let mut message = d.message.clone();
    if let Some(label) = &d.label {
        message.push_str(&format!(" ({label})"));
    }
    for n in &d.notes {
        message.push_str(&format!("\n{n}"));
    }
    Diagnostic {
        range: Range {
            start: at(span.start),
            end: at(span.end),
        },
        severity: Some(DiagnosticSeverity::ERROR),
        source: Some("nabij".into()),
        message: nabij::print::untrusted(&message),
        ..Diagnostic::default()
    }
}

/// The file a `file:` URI names (percent-decoded); for another scheme, the URI's path.
fn path_of(uri: &Uri) -> PathBuf {
    let raw = uri.path().as_str();
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    PathBuf::from(String::from_utf8_lossy(&out).into_owned())
}

/// The `file:` URI of a path (absolute, or made so), percent-encoded.
fn uri_of(path: &Path) -> Option<Uri> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(path)
    };
    let mut encoded = String::from("file://");
    for b in absolute.to_string_lossy().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => encoded.push(b as char),
            _ => encoded.push_str(&format!("%{b:02X}")),
        }
    }
    encoded.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_and_paths_round_trip_with_spaces_and_accents() {
        let path = Path::new("/tmp/sjablonen map/café.toml");
        let uri = uri_of(path).unwrap();
        assert_eq!(uri.as_str(), "file:///tmp/sjablonen%20map/caf%C3%A9.toml");
        assert_eq!(path_of(&uri), path);
    }
}
