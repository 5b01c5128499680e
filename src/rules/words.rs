//! The words one position of a phrase pattern accepts: whole words (packed in one string),
//! starts and ends of words, and numbers.

use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Words packed in one string, each ending where `ends` says: a word class of thousands
/// of forms is two allocations, not thousands (start-up reads them all).
#[derive(Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct WordList {
    text: String,
    ends: Vec<u32>,
}

impl WordList {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Word `i`.
    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + Clone {
        (0..self.len()).map(|i| self.get(i))
    }

    /// Whether `word` is in the list, which must be sorted.
    pub fn contains_sorted(&self, word: &str) -> bool {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.get(mid).cmp(word) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }
}

impl<S: AsRef<str>> FromIterator<S> for WordList {
    fn from_iter<I: IntoIterator<Item = S>>(words: I) -> WordList {
        let mut list = WordList::default();
        for w in words {
            list.text.push_str(w.as_ref());
            list.ends.push(list.text.len() as u32);
        }
        list
    }
}

impl std::fmt::Debug for WordList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// A set of words one pattern position accepts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WordSet {
    /// Whole words; shared with the lexicon when the set is a word class.
    #[serde(with = "super::compiled::shared_words")]
    pub exact: Arc<WordList>,
    /// Starts and ends of words and numbers, which few sets have: kept apart, so the
    /// thousands of sets in the built-in rules are a third of the size.
    pub parts: Option<Box<WordParts>>,
    /// `exact` is sorted (a word class): looked up by binary search.
    pub sorted: bool,
}

/// The rarer members of a `WordSet`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WordParts {
    pub prefixes: Vec<String>,
    pub suffixes: Vec<String>,
    /// Numbers in digits followed by one of these endings (`""`: a bare number, `"e"`: "3e").
    pub numbers: Vec<String>,
}

/// Whether `word` is a number in digits ("3", "1.500") followed by one of `endings`.
pub fn is_number_with(word: &str, endings: &[String]) -> bool {
    let digits = word
        .bytes()
        .take_while(|b| b.is_ascii_digit() || matches!(b, b'.' | b','))
        .count();
    digits > 0 && word.as_bytes()[0].is_ascii_digit() && endings.iter().any(|e| &word[digits..] == e.as_str())
}

impl WordSet {
    /// The words of a class: its single words, sorted, and its numbers.
    pub fn class(lex: &super::lexicon::Lexicon) -> WordSet {
        WordSet {
            exact: Arc::clone(&lex.words),
            parts: (!lex.numbers.is_empty()).then(|| {
                Box::new(WordParts {
                    numbers: lex.numbers.clone(),
                    ..WordParts::default()
                })
            }),
            sorted: true,
        }
    }

    /// Starts of words (`door*`).
    pub fn prefixes(&self) -> &[String] {
        self.parts.as_ref().map_or(&[], |p| &p.prefixes)
    }

    /// Ends of words (`*afdeling`).
    pub fn suffixes(&self) -> &[String] {
        self.parts.as_ref().map_or(&[], |p| &p.suffixes)
    }

    /// Endings after a number in digits.
    pub fn numbers(&self) -> &[String] {
        self.parts.as_ref().map_or(&[], |p| &p.numbers)
    }

    pub fn matches(&self, word: &str) -> bool {
        // Length and first byte before the bytes: most words differ there.
        let first = word.as_bytes().first();
        let exact = if self.sorted {
            self.exact.contains_sorted(word)
        } else {
            self.exact
                .iter()
                .any(|w| w.len() == word.len() && w.as_bytes().first() == first && w == word)
        };
        exact
            || self.parts.as_ref().is_some_and(|parts| {
                (!parts.numbers.is_empty() && is_number_with(word, &parts.numbers))
                    || (parts.prefixes.iter()).any(|p| word.len() > p.len() && word.starts_with(p.as_str()))
                    || (parts.suffixes.iter()).any(|s| word.len() > s.len() && word.ends_with(s.as_str()))
            })
    }
}
