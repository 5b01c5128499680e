//! `nabij lsp` spoken to over standard input and output, as an editor does: initialize,
//! didOpen, diagnostics with exact UTF-16 ranges, hover, a code action with its edit,
//! didChange, the diagnostics gone once the text is fixed, shutdown and exit.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_nabij"))
            .args(["--no-config", "lsp"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("nabij lsp starts");
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (tx, incoming) = channel();
        std::thread::spawn(move || {
            loop {
                // Content-Length framing.
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    if stdout.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = n.parse().unwrap();
                    }
                }
                let mut body = vec![0; length];
                stdout.read_exact(&mut body).unwrap();
                if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        Client { child, stdin, incoming }
    }

    /// Started, initialized, and told so: ready for documents.
    fn initialized() -> Client {
        let mut client = Client::start();
        client.request(
            1,
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": {}}),
        );
        client.notify("initialized", json!({}));
        client
    }

    /// Shutdown and exit, as an editor ends a session: the server exits 0.
    fn shut_down(mut self) {
        assert!(self.request(99, "shutdown", Value::Null).is_null());
        self.notify("exit", Value::Null);
        assert_eq!(self.child.wait().unwrap().code(), Some(0));
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn request(&mut self, id: u64, method: &str, params: Value) -> Value {
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait(|m| m["id"] == id)["result"].clone()
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// The next message that `wanted` accepts (others are passed over).
    fn wait(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        loop {
            let m = self
                .incoming
                .recv_timeout(Duration::from_secs(20))
                .expect("a message from the server");
            if wanted(&m) {
                return m;
            }
        }
    }

    /// didOpen of version 1, and the diagnostics the server publishes for it.
    fn open(&mut self, uri: &str, language: &str, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        );
        self.diagnostics_for(uri)
    }

    fn diagnostics_for(&mut self, uri: &str) -> Vec<Value> {
        let m = self.wait(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri);
        m["params"]["diagnostics"].as_array().unwrap().clone()
    }
}

fn of_rule<'a>(diagnostics: &'a [Value], rule: &str) -> Option<&'a Value> {
    diagnostics.iter().find(|d| d["code"] == rule)
}

#[test]
fn a_session_gives_exact_diagnostics_hover_and_a_fix_and_ends_cleanly() {
    let dir = std::env::temp_dir().join(format!("nabij-lsp-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let uri = format!("file://{}/concept.txt", dir.display());
    let mut client = Client::start();
    let init = client.request(
        1,
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    assert_eq!(init["capabilities"]["hoverProvider"], true, "{init}");
    client.notify("initialized", json!({}));
    // An emoji before the finding: two UTF-16 code units, one character, four bytes.
    let text = "😀 Wij zijn thans bezig met je aanvraag. Ik bel je morgen voor 12 uur. ^MS\n";
    let diagnostics = client.open(&uri, "plaintext", text);
    let thans = of_rule(&diagnostics, "ambtelijk-woord").unwrap_or_else(|| panic!("{diagnostics:#?}"));
    assert_eq!(
        thans["range"],
        json!({"start": {"line": 0, "character": 12}, "end": {"line": 0, "character": 17}})
    );
    assert_eq!(thans["severity"], 3, "info");
    assert!(
        diagnostics
            .iter()
            .any(|d| d["message"].as_str().unwrap().contains("profiel: empathie") && d["severity"] == 3),
        "the profile, as information: {diagnostics:#?}"
    );
    // Hover on the word: the rule's message and why.
    let hover = client.request(
        2,
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 14}}),
    );
    let shown = hover["contents"]["value"].as_str().unwrap_or_else(|| panic!("{hover}"));
    assert!(
        shown.contains("ambtelijk-woord") && shown.contains("Ambtelijke woorden"),
        "{shown}"
    );
    // The code action: replace "thans" by "nu", at the same UTF-16 range.
    let actions = client.request(
        3,
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": thans["range"], "context": {"diagnostics": [thans]}}),
    );
    let fix = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Vervang door"))
        .unwrap_or_else(|| panic!("{actions}"));
    let edit = &fix["edit"]["changes"][&uri][0];
    assert_eq!(edit["newText"], "nu");
    assert_eq!(edit["range"], thans["range"]);
    assert!(
        actions
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["title"].as_str().unwrap().starts_with("Negeer ambtelijk-woord")),
        "{actions}"
    );
    // The text fixed: the finding is gone after the change.
    let fixed = text.replace("thans", "nu");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    let diagnostics = client.diagnostics_for(&uri);
    assert!(of_rule(&diagnostics, "ambtelijk-woord").is_none(), "{diagnostics:#?}");
    // Shutdown and exit: exit 0.
    let done = client.request(4, "shutdown", Value::Null);
    assert!(done.is_null());
    client.notify("exit", Value::Null);
    let status = client.child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
}

#[test]
fn a_broken_nabij_toml_is_a_diagnostic_in_that_file() {
    let dir = std::env::temp_dir().join(format!("nabij-lsp-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let uri = format!("file://{}/nabij.toml", dir.display());
    let mut client = Client::initialized();
    let diagnostics = client.open(&uri, "toml", "voice = \"je\"\nkleur = \"blauw\"\n");
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0]["range"]["start"]["line"], 1);
    assert!(diagnostics[0]["message"].as_str().unwrap().contains("kleur"));
    client.shut_down();
}

#[test]
fn a_thread_file_is_checked_as_a_thread_with_the_citizens_message() {
    let dir = std::env::temp_dir().join(format!("nabij-lsp-thread-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let uri = format!("file://{}/gesprek.txt", dir.display());
    let mut client = Client::initialized();
    let thread = "--- burger\nIk kan niet meer, ik zie het niet meer zitten.\n--- antwoord\nBedankt voor uw bericht. Wij nemen uw melding in behandeling.\n";
    let diagnostics = client.open(&uri, "plaintext", thread);
    // The cry for help in the citizen's message asks for a person, not a template.
    let escalate = of_rule(&diagnostics, "opschalen-naar-een-mens").expect("escalation notice");
    assert!(escalate["message"].as_str().unwrap().contains("mens"), "{escalate:#?}");
    // Findings sit on the reply (line 3), never on the citizen's words.
    for d in &diagnostics {
        assert!(d["range"]["start"]["line"].as_u64().unwrap() >= 3, "{d:#?}");
    }
    // The same reply alone, without the citizen's message, has no escalation.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2},
               "contentChanges": [{"text": "Bedankt voor uw bericht. Wij nemen uw melding in behandeling.\n"}]}),
    );
    let diagnostics = client.diagnostics_for(&uri);
    assert!(
        of_rule(&diagnostics, "opschalen-naar-een-mens").is_none(),
        "{diagnostics:#?}"
    );
    client.shut_down();
}
