//! Recognising a reply that is (nearly) a template of the team's library, placeholders
//! aside. A text becomes the set of its word triples (folded). In a template, a placeholder
//! (`{{naam}}`, `[NAAM]`) is a wildcard: triples that touch it are left out, since the draft
//! has a name there. An inverted index from triple to templates finds the candidates
//! sharing any triple, so a lookup costs what the reply's triples cost, not what the
//! library's size costs. Similarity is the share of the template's triples the reply has,
//! for a reply not much longer than the template.

use crate::rules::TemplateMatch;
use crate::text::Document;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

/// From this similarity on (Jaccard, in percent), a reply counts as the template.
pub const THRESHOLD: u8 = 70;

/// A masked word (placeholder, URL) in a template's word list.
const WILDCARD: &str = "\u{0}";

/// The words of a text: folded, masked words as one wildcard (templates) or left out (drafts).
fn words<'a>(doc: &'a Document, wildcards: bool) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for (i, t) in doc.tokens.iter().enumerate() {
        match (t.masked, wildcards) {
            (false, _) => out.push(doc.word(i)),
            (true, true) if out.last() != Some(&WILDCARD) => out.push(WILDCARD),
            (true, _) => {}
        }
    }
    out
}

/// The word triples of a word list, hashed and deduplicated, without any that touch a
/// wildcard. A list of one or two words counts as one "triple".
fn shingles(words: &[&str]) -> Vec<u64> {
    let windows: Vec<&[&str]> = if words.len() < 3 {
        vec![words]
    } else {
        words.windows(3).collect()
    };
    let mut out: Vec<u64> = windows
        .into_iter()
        .filter(|w| !w.is_empty() && !w.contains(&WILDCARD))
        .map(|w| {
            let mut h = DefaultHasher::new();
            w.hash(&mut h);
            h.finish()
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

#[derive(Debug, Default)]
pub struct TemplateIndex {
    names: Vec<String>,
    /// Per template: its number of triples and of words.
    sizes: Vec<(u32, u32)>,
    postings: HashMap<u64, Vec<u32>>,
}

impl TemplateIndex {
    /// Index `(name, text)` templates.
    pub fn new<'a>(templates: impl IntoIterator<Item = (String, &'a str)>) -> TemplateIndex {
        let mut index = TemplateIndex::default();
        for (name, text) in templates {
            let id = index.names.len() as u32;
            let doc = Document::new(text);
            let words = words(&doc, true);
            let set = shingles(&words);
            index.sizes.push((set.len() as u32, words.len() as u32));
            for s in set {
                index.postings.entry(s).or_default().push(id);
            }
            index.names.push(name);
        }
        index
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The template most like `text`, if it is at least `THRESHOLD` % alike.
    pub fn best_match(&self, text: &str) -> Option<TemplateMatch> {
        let doc = Document::new(text);
        let words = words(&doc, false);
        let query = shingles(&words);
        if query.is_empty() {
            return None;
        }
        let mut shared: HashMap<u32, u32> = HashMap::new();
        for s in &query {
            for &id in self.postings.get(s).map_or(&[][..], Vec::as_slice) {
                *shared.entry(id).or_default() += 1;
            }
        }
        // A reply much longer than the template has been written around it, not sent as is.
        let (id, percent) = shared
            .into_iter()
            .filter(|&(id, _)| {
                let template_words = self.sizes[id as usize].1 as usize;
                words.len() <= template_words + template_words / 2 + 5
            })
            .map(|(id, n)| (id, (100 * n / self.sizes[id as usize].0.max(1)).min(100) as u8))
            .max_by_key(|&(id, p)| (p, std::cmp::Reverse(id)))?;
        (percent >= THRESHOLD).then(|| TemplateMatch {
            name: self.names[id as usize].clone(),
            similarity: percent,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filled_in_template_matches_and_another_text_does_not() {
        let index = TemplateIndex::new([
            (
                "doorgezet".to_string(),
                "Dank voor je bericht, {{naam}}! We hebben het intern doorgezet 😊",
            ),
            (
                "openingstijden".to_string(),
                "De milieustraat is op zaterdag open van 9.00 tot 16.00 uur.",
            ),
        ]);
        let m = index
            .best_match("Dank voor je bericht, Sanne! We hebben het intern doorgezet 😊")
            .unwrap();
        assert_eq!(m.name, "doorgezet");
        assert!(m.similarity >= 80, "{m:?}");
        let near = index
            .best_match("Dank voor je bericht! We hebben het intern doorgezet.")
            .unwrap();
        assert_eq!(near.name, "doorgezet", "a small edit is still the template");
        assert_eq!(
            index.best_match("Wat naar dat je zo lang moest wachten. Ik bel je morgen."),
            None
        );
        let longer = "Dank voor je bericht, Sanne! We hebben het intern doorgezet. Wat vervelend dat het al drie keer \
                      misging; ik bel je morgen zelf om te horen hoe het nu gaat en wat ik verder voor je kan doen.";
        assert_eq!(index.best_match(longer), None, "written around the template");
        assert_eq!(index.best_match(""), None);
    }
}
