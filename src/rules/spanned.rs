//! A value with the byte range it came from in a rule file.
//!
//! Rule files are TOML, and `toml::Spanned` records where each value stands so every error
//! points into the file. The built-in rules are also embedded as JSON (see `build.rs`),
//! which reads several times faster; JSON has no spans, so while such a file is read
//! (`plain`), values get an empty span. Built-in rules are checked by the test suite, and
//! a built-in file that fails to load is read again from its TOML for exact errors.

use serde::{Deserialize, Deserializer};
use std::cell::Cell;
use std::ops::Range;

thread_local! {
    static PLAIN: Cell<bool> = const { Cell::new(false) };
}

/// Run `read` with spans off: for a format without them (JSON).
pub fn plain<R>(read: impl FnOnce() -> R) -> R {
    struct Reset(bool);
    impl Drop for Reset {
        fn drop(&mut self) {
            PLAIN.with(|p| p.set(self.0));
        }
    }
    let _reset = Reset(PLAIN.with(|p| p.replace(true)));
    read()
}

/// Whether values are being read without spans (inside `plain`).
pub fn is_plain() -> bool {
    PLAIN.with(Cell::get)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    span: Range<usize>,
    value: T,
}

impl<T> Spanned<T> {
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    pub fn get_ref(&self) -> &T {
        &self.value
    }

    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if is_plain() {
            T::deserialize(deserializer).map(|value| Spanned { span: 0..0, value })
        } else {
            toml::Spanned::<T>::deserialize(deserializer).map(|s| Spanned {
                span: s.span(),
                value: s.into_inner(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct File {
        id: Spanned<String>,
    }

    #[test]
    fn toml_gives_spans_and_plain_json_gives_the_same_values() {
        let from_toml: File = toml::from_str("id = \"noem-een-naam\"").unwrap();
        assert_eq!(from_toml.id.span(), 5..20);
        let from_json: File = plain(|| serde_json::from_str(r#"{"id": "noem-een-naam"}"#)).unwrap();
        assert_eq!(from_json.id.get_ref(), from_toml.id.get_ref());
        assert_eq!(from_json.id.span(), 0..0);
        // Outside `plain`, JSON is rejected rather than read without spans by accident.
        assert!(serde_json::from_str::<File>(r#"{"id": "x"}"#).is_err());
    }
}
