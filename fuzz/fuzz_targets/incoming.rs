#![no_main]
//! Any text as the citizen's message (and a reply after a NUL byte), with the built-in rules.

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &str| {
    let (message, reply) = data.split_once('\0').unwrap_or((data, "Ik bel je morgen. Groet, Anne"));
    let checked = nabij::check::check_reply(&common::BUILTIN, reply, &[message], &Default::default());
    for s in &checked.incoming {
        assert_eq!(s.incoming, Some(0));
        common::assert_span_in(message, s.span.start, s.span.end);
    }
    for f in &checked.findings {
        common::assert_span_in(reply, f.span.start, f.span.end);
    }
});
