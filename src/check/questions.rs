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
        } else if spec.openers.iter().any(|o| sentence.starts_with(o.as_str())) {
            out.push((start, after_last));
        }
    }
    out
}

fn key_words<'a>(doc: &'a Document, range: (usize, usize), stopwords: &[String]) -> Vec<&'a str> {
    (0..doc.tokens.len())
        .filter(|&i| {
            let t = &doc.tokens[i];
            (t.start as usize) >= range.0 && (t.end as usize) <= range.1 && !t.masked
        })
        .map(|i| doc.word(i))
        .filter(|w| w.chars().count() >= 4 && !stopwords.iter().any(|s| s == w))
        .collect()
}

/// Whether two words share a stem: the same first five letters (or the whole of a shorter one).
fn same_stem(a: &str, b: &str) -> bool {
    let n = a.chars().count().min(b.chars().count()).min(5);
    n >= 4 && a.chars().take(n).eq(b.chars().take(n))
}

/// Whether the reply takes up the question in `question_doc[range]`. A question without key
/// words ("Hoe kan dit?") counts as answered: there is nothing to check it by.
pub fn answered(question_doc: &Document, range: (usize, usize), reply: &Document, stopwords: &[String]) -> bool {
    let keys = key_words(question_doc, range, stopwords);
    keys.is_empty()
        || (0..reply.tokens.len())
            .filter(|&i| !reply.tokens[i].masked)
            .any(|i| keys.iter().any(|k| same_stem(k, reply.word(i))))
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
        assert!(answered(
            &q,
            range,
            &Document::new("Ja, kleine honden reizen gratis mee."),
            &stop
        ));
        assert!(!answered(&q, range, &Document::new("Bedankt voor je bericht!"), &stop));
        let q = Document::new("Hoe kan dit?");
        assert!(
            answered(&q, (0, q.folded.text.len()), &Document::new("Dank je."), &stop),
            "no key words"
        );
    }
}
