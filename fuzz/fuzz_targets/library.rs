#![no_main]
//! Any text as a template library in each format (picked by the first byte): it reads or
//! gives errors; every template's text maps back inside the file.

use libfuzzer_sys::fuzz_target;
use nabij::lint::{CheckOptions, check_source};

#[path = "common.rs"]
mod common;

const NAMES: [&str; 7] = ["lib.toml", "lib.yaml", "lib.json", "lib.csv", "lib.md", "lib.txt", "lib.yml"];

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let name = NAMES[which as usize % NAMES.len()];
    let report = check_source(&common::BUILTIN, &CheckOptions::default(), name.to_string(), text.to_string());
    for r in &report.replies {
        for f in &r.findings {
            common::assert_span_in(text, f.span.start, f.span.end);
        }
    }
    for e in &report.errors {
        let _ = e.to_string();
    }
});
