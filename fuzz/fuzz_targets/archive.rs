#![no_main]
//! Any bytes as a `nabij report` archive (CSV or JSON Lines), counted with the built-in
//! rules: no panic, every row is either counted or skipped with a line number, and the
//! summary and the HTML render.

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let names = nabij::mirror::ColumnNames::default();
    let source: Box<dyn std::io::Read + Send> = Box::new(std::io::Cursor::new(data.to_vec()));
    let Ok(mut reader) = nabij::mirror::Reader::from_read(source, "fuzz", &names) else {
        return;
    };
    let options = nabij::mirror::Options {
        respond_within: Some(240),
        ..Default::default()
    };
    let mirror = nabij::mirror::mirror(&common::BUILTIN, &mut reader, "fuzz".into(), &options, &mut |_, _| {});
    assert_eq!(mirror.rows, mirror.replies + mirror.malformed);
    assert!(mirror.malformed_rows.iter().all(|r| r.line >= 1));
    let _ = nabij::print::mirror_text::render(&mirror);
    let _ = nabij::print::mirror_html::render(&mirror);
});
