#![no_main]
//! Any text as a reply, in a context picked by the first byte, with the built-in rules.

use libfuzzer_sys::fuzz_target;
use nabij::rules::{Context, Platform, Voice};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let context = Context {
        platform: [None, Some(Platform::X), Some(Platform::Instagram), Some(Platform::Whatsapp)][(flags & 3) as usize],
        automatic: flags & 4 != 0,
        sign_off: flags & 8 != 0,
        draft: flags & 16 != 0,
        voice: [None, Some(Voice::U), Some(Voice::Je), Some(Voice::Mirror)][((flags >> 5) & 3) as usize],
        ..Context::default()
    };
    let checked = nabij::check::check_text(&common::BUILTIN, text, &context);
    for f in &checked.findings {
        common::assert_span_in(text, f.span.start, f.span.end);
    }
    for s in &checked.signals {
        common::assert_span_in(text, s.span.start, s.span.end);
    }
    let again = nabij::check::check_text(&common::BUILTIN, text, &context);
    assert_eq!(checked.findings, again.findings);
});
