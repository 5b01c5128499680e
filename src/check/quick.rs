//! Quick reject: for a set of plain phrase rules (a team's word list, the benchmark's 300
//! phrases), most texts of an archive hold no match at all, and a text without a match has
//! nothing to report. This turns those texts down before they are folded and tokenized.
//!
//! Why it is exact: a match of a pattern has, for every required element (a word, `word*`,
//! `*word`, a verb), one of its forms as a token of the folded text, or as the start or end
//! of one. An ASCII text folds to itself lowercased (a backtick becomes an apostrophe, a
//! whitespace run one space), and a token is one or more runs of letters and digits (joined
//! across `'`, `.`, `:`, `,` or `_`; see `text::word_spans`). So a form's longest run of
//! letters and digits is a whole run of the raw text, lowercased: or, for the last run of
//! a `word*` form, the start of one (the end of one for the first run of `*word`). One pass
//! over the runs of the raw text tells which forms it can hold; a text in which no pattern
//! has all its required elements cannot match. Forms that are not ASCII cannot occur in an
//! ASCII text; a text that is not ASCII always goes the full way.

use crate::rules::phrase::{Element, Pattern};
use crate::text::ALNUM;
use rustc_hash::FxHashMap as HashMap;

#[derive(Debug)]
pub struct QuickReject {
    /// Runs to look up whole: the keys each one is.
    whole: HashMap<Box<[u8]>, Vec<u32>>,
    /// A sieve over the whole keys: their length, first and last byte (see `sieve_bit`), so
    /// most runs of a text are passed over without hashing.
    sieve: Vec<u64>,
    /// Keys that are the start (`starts`) or the end of a run.
    starts: Vec<(String, u32)>,
    ends: Vec<(String, u32)>,
    /// Per pattern: for each required element, the keys any one of which satisfies it.
    patterns: Vec<Vec<Vec<u32>>>,
    /// Per pattern: the number the caller gave it.
    numbers: Vec<u32>,
    /// Per key: the patterns to try when the text holds it (each pattern under the keys
    /// of one of its elements: the one whose forms are longest).
    by_key: Vec<Vec<u32>>,
}

/// How a key is searched among the runs of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Fit {
    Whole,
    Start,
    End,
}

/// The forms of a required element and how each fits a token; `None` for an optional word
/// or a gap.
fn forms(e: &Element) -> Option<Vec<(&str, Fit)>> {
    fn list<'a>(words: impl Iterator<Item = &'a str>, fit: Fit) -> impl Iterator<Item = (&'a str, Fit)> {
        words.map(move |w| (w, fit))
    }
    match e {
        // A number cannot be looked up as a word: such an element does not narrow.
        Element::Word(w) if !w.numbers().is_empty() => None,
        Element::Word(w) => Some(
            list(w.exact.iter(), Fit::Whole)
                .chain(list(w.prefixes().iter().map(String::as_str), Fit::Start))
                .chain(list(w.suffixes().iter().map(String::as_str), Fit::End))
                .collect(),
        ),
        Element::Verb(verbs) => Some(verbs.keys().map(|k| (k.as_str(), Fit::Whole)).collect()),
        Element::Optional(_) | Element::Gap(_) | Element::Start => None,
    }
}

/// What to look for: the form's longest run of letters and digits, and how it must fit a
/// run of the text (a run inside the form is a whole run of the text). `None` when the
/// form has no letters or digits.
fn key((form, fit): (&str, Fit)) -> Option<(String, Fit)> {
    let runs: Vec<&str> = form.split(|c: char| !c.is_ascii_alphanumeric()).collect();
    let (i, longest) = runs.iter().enumerate().max_by_key(|(_, r)| r.len())?;
    if longest.is_empty() {
        return None;
    }
    let fit = match fit {
        Fit::Start if i + 1 == runs.len() => Fit::Start,
        Fit::End if i == 0 => Fit::End,
        _ => Fit::Whole,
    };
    Some((longest.to_string(), fit))
}

/// The sieve bit of a run of lowercase letters and digits (`run` is not empty).
fn sieve_bit(run: &[u8]) -> usize {
    let fold = |b: u8| usize::from(b.to_ascii_lowercase() & 63);
    (run.len() & 31) << 12 | fold(run[0]) << 6 | fold(run[run.len() - 1])
}

impl QuickReject {
    /// `None` when some pattern could match without any word to look for.
    /// Patterns come numbered; `candidates` names them by these numbers.
    pub fn new<'a>(patterns: impl IntoIterator<Item = (u32, &'a Pattern)>) -> Option<QuickReject> {
        let mut keys: HashMap<(String, Fit), u32> = HashMap::default();
        let mut out = QuickReject {
            whole: HashMap::default(),
            sieve: vec![0; (32 << 12) / 64],
            starts: Vec::new(),
            ends: Vec::new(),
            patterns: Vec::new(),
            numbers: Vec::new(),
            by_key: Vec::new(),
        };
        for (number, pattern) in patterns {
            let mut required: Vec<Vec<u32>> = Vec::new();
            let mut possible = true;
            for e in &pattern.elements {
                let Some(forms) = forms(e) else { continue };
                let ascii: Vec<(&str, Fit)> = forms.into_iter().filter(|f| f.0.is_ascii()).collect();
                if ascii.is_empty() {
                    // No form can stand in an ASCII text: neither can the pattern.
                    possible = false;
                    break;
                }
                // A form without letters or digits satisfies the element anywhere.
                let Some(wanted) = ascii.into_iter().map(key).collect::<Option<Vec<_>>>() else {
                    continue;
                };
                let mut ids: Vec<u32> = wanted
                    .into_iter()
                    .map(|k| {
                        let next = keys.len() as u32;
                        *keys.entry(k.clone()).or_insert_with(|| {
                            match k.1 {
                                Fit::Whole => {
                                    let bit = sieve_bit(k.0.as_bytes());
                                    out.sieve[bit / 64] |= 1 << (bit % 64);
                                    out.whole.entry(k.0.into_bytes().into()).or_default().push(next)
                                }
                                Fit::Start => out.starts.push((k.0, next)),
                                Fit::End => out.ends.push((k.0, next)),
                            }
                            next
                        })
                    })
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                required.push(ids);
            }
            if !possible {
                continue;
            }
            if required.is_empty() {
                return None;
            }
            out.patterns.push(required);
            out.numbers.push(number);
        }
        let len_of: HashMap<u32, usize> = keys.iter().map(|((k, _), &id)| (id, k.len())).collect();
        out.by_key = vec![Vec::new(); keys.len()];
        for (p, required) in out.patterns.iter().enumerate() {
            let trigger = required
                .iter()
                .max_by_key(|ids| ids.iter().map(|k| len_of[k]).min())
                .expect("a pattern here has a required element");
            for &k in trigger {
                out.by_key[k as usize].push(p as u32);
            }
        }
        Some(out)
    }

    /// The patterns that can match in `text`, by number and sorted (every required element
    /// has a form in it); `None` when any pattern may (a text that is not ASCII).
    pub fn candidates(&self, text: &str) -> Option<Vec<u32>> {
        if !text.is_ascii() {
            return None;
        }
        let mut present = vec![0u64; self.by_key.len().div_ceil(64)];
        let mut found = Vec::new();
        let mut mark = |k: u32| {
            let (word, bit) = (k as usize / 64, 1u64 << (k % 64));
            if present[word] & bit == 0 {
                present[word] |= bit;
                found.push(k);
            }
        };
        let bytes = text.as_bytes();
        // The run being looked at, lowercased (longer runs than any key need no look-up).
        let mut run = [0u8; 64];
        let mut long: Vec<u8>;
        let mut i = 0;
        while i < bytes.len() {
            if !ALNUM[bytes[i] as usize] {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && ALNUM[bytes[i] as usize] {
                i += 1;
            }
            let bit = sieve_bit(&bytes[start..i]);
            let sifted = self.sieve[bit / 64] & (1 << (bit % 64)) == 0;
            if sifted && self.starts.is_empty() && self.ends.is_empty() {
                continue;
            }
            let len = i - start;
            let lower = if len <= run.len() {
                for (d, s) in run.iter_mut().zip(&bytes[start..i]) {
                    *d = s.to_ascii_lowercase();
                }
                &run[..len]
            } else {
                long = bytes[start..i].to_ascii_lowercase();
                &long[..]
            };
            if !sifted && let Some(ids) = self.whole.get(lower) {
                ids.iter().for_each(|&k| mark(k));
            }
            for (s, k) in &self.starts {
                if lower.starts_with(s.as_bytes()) {
                    mark(*k);
                }
            }
            for (e, k) in &self.ends {
                if lower.ends_with(e.as_bytes()) {
                    mark(*k);
                }
            }
        }
        let has = |k: u32| present[k as usize / 64] & (1u64 << (k % 64)) != 0;
        let mut out: Vec<u32> = found
            .iter()
            .flat_map(|&k| &self.by_key[k as usize])
            .filter(|&&p| self.patterns[p as usize].iter().all(|ids| ids.iter().any(|&k| has(k))))
            .map(|&p| self.numbers[p as usize])
            .collect();
        out.sort_unstable();
        out.dedup();
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::phrase::parse_all;

    struct Quick(QuickReject);

    impl Quick {
        fn may_match(&self, text: &str) -> bool {
            self.0.candidates(text).is_none_or(|c| !c.is_empty())
        }
    }

    fn quick(patterns: &[&str]) -> Option<Quick> {
        let parsed: Vec<Pattern> = patterns.iter().flat_map(|p| parse_all(p).unwrap()).collect();
        QuickReject::new(parsed.iter().enumerate().map(|(i, p)| (i as u32, p))).map(Quick)
    }

    #[test]
    fn candidates_are_the_patterns_with_every_required_word() {
        let q = quick(&["intern door~zetten", "intern doorgezet zq3", "zo'n"]).unwrap();
        assert_eq!(q.0.candidates("Intern doorgezet, zo`n gedoe"), Some(vec![0, 2]));
        assert_eq!(q.0.candidates("intern doorgezet zq3"), Some(vec![0, 1]));
        assert_eq!(q.0.candidates("niets"), Some(vec![]));
        assert_eq!(q.0.candidates("één"), None);
    }

    #[test]
    fn a_text_needs_every_required_word_of_some_pattern() {
        let q = quick(&["intern door~zetten", "het is niet aan ons om"]).unwrap();
        assert!(q.may_match("We hebben het INTERN doorgezet."));
        assert!(q.may_match("We zetten je vraag intern door"));
        assert!(q.may_match("Het is, eerlijk gezegd, niet aan ons om"));
        assert!(!q.may_match("Intern is alles goed."), "the verb is missing");
        assert!(!q.may_match("Het is niet aan mij om"), "ons is missing");
        assert!(
            !q.may_match("internationaal doorgezet"),
            "intern only as part of a word"
        );
        // Not ASCII: always the full way.
        assert!(q.may_match("Één ding: niets"));
    }

    #[test]
    fn stars_check_one_edge_and_apostrophes_are_cut() {
        let q = quick(&["doorgestuur*", "*afdeling", "zo'n"]).unwrap();
        assert!(q.may_match("Ik heb het doorgestuurd"));
        assert!(!q.may_match("Ik heb het nadoorgestuurd"));
        assert!(q.may_match("de klantenafdeling"));
        assert!(!q.may_match("de afdelingen"));
        assert!(q.may_match("zo`n dag"), "a backtick folds to an apostrophe");
    }

    #[test]
    fn optional_words_and_gaps_are_not_required() {
        let q = quick(&["(helaas)? kunnen ...3 niet"]).unwrap();
        assert!(q.may_match("wij kunnen dat echt niet"));
        assert!(!q.may_match("helaas niet"));
    }
}
