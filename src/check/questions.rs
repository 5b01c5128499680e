//! The citizen's questions, and whether a reply answers them: a transparent heuristic. A
//! question is a sentence that ends with `?` (or opens with "ik wil graag weten" and the
//! like). It counts as answered when one of its key words (not a stopword, four letters or
//! more) comes back in the reply, allowing for inflection by comparing the first five letters.

use crate::rules::QuestionSpec;
use crate::text::Document;

/// Folded byte ranges of the questions in a text.
pub fn find(doc: &Document, spec: &QuestionSpec) -> Vec<(usize, usize)> {
    let text = doc.folded.text.as_str();
    let mut out = Vec::new();
    for (first, last) in super::sentences(doc) {
        let start = doc.tokens[first].start as usize;
        let after_last = doc.tokens[last].end as usize;
        let next = doc.tokens.get(last + 1).map_or(text.len(), |t| t.start as usize);
        let tail = &text[after_last..next];
        let sentence = &text[start..after_last];
        if let Some(q) = tail.find('?') {
            out.push((start, after_last + q + 1));
        } else if spec
            .openers
            .iter()
            // The first byte turns most openers down without a call to compare the rest.
            .any(|o| o.as_bytes().first() == sentence.as_bytes().first() && sentence.starts_with(o.as_str()))
        {
            out.push((start, after_last));
        }
    }
    out
}

fn key_words<'a>(doc: &'a Document, range: (usize, usize), stopwords: &[String]) -> Vec<&'a str> {
    // Tokens are sorted: look the range up rather than walk the whole text per question.
    let first = doc.tokens.partition_point(|t| (t.start as usize) < range.0);
    doc.tokens[first..]
        .iter()
        .enumerate()
        .take_while(|(_, t)| (t.end as usize) <= range.1)
        .filter(|(_, t)| !t.masked)
        .map(|(i, _)| doc.word(first + i))
        .filter(|w| w.chars().count() >= 4 && !stopwords.iter().any(|s| s == w))
        .collect()
}

/// The first letters of the reply's words, to tell whether a word shares a stem with one of
/// them: the same first five letters, or the whole of a shorter one (four letters at least).
///
/// Sorted lists, looked up by binary search: a reply has a few dozen words, and three hash
/// sets cost more to build, once per message, than they save.
pub struct Stems<'a> {
    /// The first four letters of words of four letters or more.
    four: Vec<&'a str>,
    /// The first five letters of words of five letters or more.
    five: Vec<&'a str>,
    /// Words of exactly four letters.
    exact_four: Vec<&'a str>,
}

fn prefix(w: &str, n: usize) -> Option<&str> {
    if w.is_ascii() {
        return w.get(..n);
    }
    let end = w.char_indices().nth(n).map_or(w.len(), |(i, _)| i);
    (w[..end].chars().count() == n).then(|| &w[..end])
}

impl<'a> Stems<'a> {
    pub fn of(reply: &'a Document) -> Stems<'a> {
        let mut stems = Stems {
            four: Vec::new(),
            five: Vec::new(),
            exact_four: Vec::new(),
        };
        for i in (0..reply.tokens.len()).filter(|&i| !reply.tokens[i].masked) {
            let w = reply.word(i);
            if let Some(p) = prefix(w, 4) {
                stems.four.push(p);
                if p.len() == w.len() {
                    stems.exact_four.push(w);
                }
            }
            if let Some(p) = prefix(w, 5) {
                stems.five.push(p);
            }
        }
        for list in [&mut stems.four, &mut stems.five, &mut stems.exact_four] {
            list.sort_unstable();
            list.dedup();
        }
        stems
    }

    /// Whether some word of the reply shares a stem with `key` (four letters or more).
    fn has(&self, key: &str) -> bool {
        match (prefix(key, 4), prefix(key, 5)) {
            (Some(k4), None) => self.four.binary_search(&k4).is_ok(),
            (Some(k4), Some(k5)) => self.exact_four.binary_search(&k4).is_ok() || self.five.binary_search(&k5).is_ok(),
            _ => false,
        }
    }
}

/// Whether two words share a stem: the same first five letters (or the whole of a shorter one).
#[cfg(test)]
fn same_stem(a: &str, b: &str) -> bool {
    let n = a.chars().count().min(b.chars().count()).min(5);
    n >= 4 && a.chars().take(n).eq(b.chars().take(n))
}

/// Whether the reply takes up the question in `question_doc[range]`. A question without key
/// words ("Hoe kan dit?") counts as answered: there is nothing to check it by.
pub fn answered(question_doc: &Document, range: (usize, usize), reply: &Stems, stopwords: &[String]) -> bool {
    let keys = key_words(question_doc, range, stopwords);
    keys.is_empty() || keys.iter().any(|k| reply.has(k))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn questions(text: &str) -> Vec<String> {
        let doc = Document::new(text);
        let spec = QuestionSpec {
            openers: vec!["ik wil graag weten".into()],
        };
        find(&doc, &spec)
            .into_iter()
            .map(|(s, e)| {
                let span = doc.folded.original(s, e);
                text[span.start..span.end].to_string()
            })
            .collect()
    }

    #[test]
    fn a_prefix_is_counted_in_characters_with_or_without_accents() {
        for (w, four, five) in [
            ("pas", None, None),
            ("paspoort", Some("pasp"), Some("paspo")),
            ("rijbewijs", Some("rijb"), Some("rijbe")),
            ("café", Some("café"), None),
            ("ééné", Some("ééné"), None),
            ("naïeve", Some("naïe"), Some("naïev")),
            ("", None, None),
        ] {
            assert_eq!((prefix(w, 4), prefix(w, 5)), (four, five), "{w}");
        }
    }

    #[test]
    fn questions_are_sentences_ending_in_a_question_mark_or_opening_with_an_opener() {
        assert_eq!(
            questions("Ik heb drie keer gebeld. Wanneer krijg ik mijn geld?? En hoe lang duurt het?"),
            ["Wanneer krijg ik mijn geld?", "En hoe lang duurt het?"]
        );
        assert_eq!(
            questions("Ik wil graag weten of mijn aanvraag binnen is."),
            ["Ik wil graag weten of mijn aanvraag binnen is"]
        );
        assert!(questions("Ik heb drie keer gebeld.").is_empty());
    }

    #[test]
    fn a_question_is_answered_when_its_key_words_come_back() {
        let stop = vec!["wanneer".to_string(), "krijg".to_string()];
        let q = Document::new("Mag mijn hond mee in de trein?");
        let range = (0, q.folded.text.len());
        let answers = |reply: &str| answered(&q, range, &Stems::of(&Document::new(reply)), &stop);
        assert!(answers("Ja, kleine honden reizen gratis mee."));
        assert!(!answers("Bedankt voor je bericht!"));
        let q = Document::new("Hoe kan dit?");
        let reply = Document::new("Dank je.");
        assert!(
            answered(&q, (0, q.folded.text.len()), &Stems::of(&reply), &stop),
            "no key words"
        );
    }

    #[test]
    fn the_stem_index_agrees_with_comparing_word_by_word() {
        let words = [
            "hond",
            "honden",
            "hondje",
            "hon",
            "trein",
            "treinen",
            "trei",
            "kabel",
            "kabels",
            "kab",
            "geld",
            "gelden",
            "ge\u{0301}ld",
            "één",
            "eenmaal",
            "wachttijd",
            "wacht",
        ];
        for reply in words {
            let doc = Document::new(reply);
            let stems = Stems::of(&doc);
            for key in words
                .iter()
                .map(|k| Document::new(k).folded.text)
                .filter(|k| k.chars().count() >= 4)
            {
                assert_eq!(stems.has(&key), same_stem(&key, doc.word(0)), "{key} / {reply}");
            }
        }
    }
}
