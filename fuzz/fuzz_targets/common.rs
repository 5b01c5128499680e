//! Shared by the fuzz targets: the built-in rules, loaded once, and the checks every
//! result must pass (spans inside the text, on character boundaries).

use nabij::check::Engine;
use nabij::rules::LoadOptions;
use std::sync::LazyLock;

pub static BUILTIN: LazyLock<Engine> = LazyLock::new(|| {
    let (set, errors) = nabij::check::load(&LoadOptions::default());
    assert!(errors.is_empty());
    set
});

pub fn assert_span_in(text: &str, start: usize, end: usize) {
    assert!(start <= end && end <= text.len(), "{start}..{end} outside {} bytes", text.len());
    assert!(text.is_char_boundary(start) && text.is_char_boundary(end), "{start}..{end} not on char boundaries");
}
