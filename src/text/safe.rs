//! Text from outside (a reply, a path, a rule file) made safe to show on a terminal: no
//! control characters, no bidirectional overrides that reorder what follows.

/// Text from a template or a message, safe to print on a terminal or in a workflow command:
/// control characters (escape sequences, carriage returns) and bidirectional overrides
/// become U+FFFD, so input can neither move the cursor nor hide what follows.
pub fn untrusted(s: &str) -> String {
    // Nearly always there is nothing to replace: printable ASCII passes as it is.
    if s.bytes().all(|b| (0x20..0x7f).contains(&b) || b == b'\n' || b == b'\t') {
        return s.to_string();
    }
    s.chars()
        .map(|c| {
            let bidi = ('\u{202a}'..='\u{202e}').contains(&c) || ('\u{2066}'..='\u{2069}').contains(&c);
            if (c.is_control() && c != '\n' && c != '\t') || bidi {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}

/// A name from outside (a path, a template name, a rule id from a baseline, an item id) for
/// one line of output: as `untrusted`, and line breaks and tabs too, so a name cannot end
/// the line and forge the next ("nabij: no findings").
pub fn untrusted_name(s: &str) -> String {
    untrusted(s).replace(['\n', '\t'], "\u{fffd}")
}

/// JSON text with bidirectional controls written as `\uXXXX` escapes: the same strings for
/// every JSON reader, but a report shown on a terminal (`cat report.json`) cannot reorder
/// what follows. (Control characters are escaped by serde_json already.) They can only
/// occur inside strings, so replacing them keeps the JSON valid.
pub fn json_text(json: String) -> String {
    let bidi = |c: char| ('\u{202a}'..='\u{202e}').contains(&c) || ('\u{2066}'..='\u{2069}').contains(&c);
    if !json.contains(bidi) {
        return json;
    }
    json.chars()
        .map(|c| {
            if bidi(c) {
                format!("\\u{:04x}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}
