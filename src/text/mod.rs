//! The Dutch text model: a reply folded for matching, split into word tokens with their
//! original spans and sentence numbers, and with the regions rules must not look into
//! (URLs, e-mail addresses, @handles, #hashtags, template placeholders, quoted words, HTML
//! comments) masked.

mod fold;

pub use fold::Folded;

use crate::span::Span;
use regex::Regex;
use std::sync::LazyLock;
use unicode_segmentation::UnicodeSegmentation;

/// One word of a reply.
#[derive(Debug, Clone)]
pub struct Token {
    /// Byte range in the folded text.
    pub start: u32,
    pub end: u32,
    /// Sentence number, counted from 0.
    pub sentence: u32,
    /// Inside a URL, handle, placeholder, quotation...: never part of a match.
    pub masked: bool,
}

/// A reply prepared for matching. Spans handed out are byte ranges of `source`.
#[derive(Debug)]
pub struct Document<'a> {
    pub source: &'a str,
    pub folded: Folded,
    pub tokens: Vec<Token>,
    /// Masked regions, as folded byte ranges.
    pub masks: Vec<(usize, usize)>,
    /// The URLs and bare domains among them.
    pub urls: Vec<(usize, usize)>,
    /// The template placeholders among them (`{{naam}}`, `[NAAM]`, `%s`).
    pub placeholders: Vec<(usize, usize)>,
}

/// Abbreviations after which a full stop does not end a sentence (folded, without the
/// final stop).
const ABBREVIATIONS: &[&str] = &[
    "bijv", "bv", "o.a", "z.s.m", "d.w.z", "m", "ca", "nr", "mr", "mevr", "dhr", "e.d", "i.p.v", "m.b.t", "n.a.v",
    "evt", "incl", "excl", "tel", "vs", "jl", "a.s", "enz", "etc", "ong", "t.a.v", "i.v.m", "m.i.v", "d.d", "z.o.z",
    "p.p", "bijl", "blz", "max", "min", "st", "vgl",
];

impl<'a> Document<'a> {
    pub fn new(source: &'a str) -> Document<'a> {
        Document::with_placeholders(source, &[])
    }

    /// A document whose placeholders include matches of `extra` (patterns from config, run
    /// on the original text).
    pub fn with_placeholders(source: &'a str, extra: &[Regex]) -> Document<'a> {
        let folded = Folded::new(source);
        let Masks {
            all: mut masks,
            urls,
            mut placeholders,
        } = find_masks(source, &folded);
        if !extra.is_empty() {
            for re in extra {
                for m in re.find_iter(source) {
                    if let Some((s, e)) = folded.folded_range(m.start(), m.end()) {
                        placeholders.push((s, e));
                        masks.push((s, e));
                    }
                }
            }
            placeholders.sort_unstable();
            masks.sort_unstable();
        }
        let mut tokens = Vec::new();
        let mut sentence = 0u32;
        let mut pending_break = false;
        let mut last_word: Option<&str> = None;
        for (at, piece) in folded.text.split_word_bound_indices() {
            if piece.chars().any(char::is_alphanumeric) {
                if pending_break {
                    sentence += 1;
                    pending_break = false;
                }
                let (start, end) = (at, at + piece.len());
                let masked = masks.iter().any(|&(ms, me)| start < me && ms < end);
                tokens.push(Token {
                    start: start as u32,
                    end: end as u32,
                    sentence,
                    masked,
                });
                last_word = Some(piece);
                continue;
            }
            let ends_sentence = piece.contains(['!', '?', '\n', '…'])
                || (piece.contains('.')
                    && !last_word.is_some_and(|w| {
                        ABBREVIATIONS.contains(&w) || (w.chars().count() == 1 && w.chars().all(char::is_alphabetic))
                    }));
            if ends_sentence && last_word.is_some() {
                pending_break = true;
            }
        }
        Document {
            source,
            folded,
            tokens,
            masks,
            urls,
            placeholders,
        }
    }

    /// The folded text of token `i`.
    pub fn word(&self, i: usize) -> &str {
        let t = &self.tokens[i];
        &self.folded.text[t.start as usize..t.end as usize]
    }

    /// The original span covering tokens `first..=last`.
    pub fn token_span(&self, first: usize, last: usize) -> Span {
        self.folded
            .original(self.tokens[first].start as usize, self.tokens[last].end as usize)
    }

    /// Whether the folded range `[start, end)` touches a masked region.
    pub fn is_masked(&self, start: usize, end: usize) -> bool {
        self.masks.iter().any(|&(ms, me)| start < me && ms < end)
    }

    /// Number of words that are not masked.
    pub fn word_count(&self) -> usize {
        self.tokens.iter().filter(|t| !t.masked).count()
    }
}

static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?:https?://|www\.)[^\s"<>]+|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:nl|com|org|net|eu|be|info|gov|nu|io|frl)\b(?:/[^\s"<>]*)?"#,
    )
    .expect("valid URL regex")
});
static EMAIL_HANDLE_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}|@\w+|#\w+").expect("valid regex"));
static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\{\{[^{}\n]{0,80}\}\}|\{[^{}\s]{1,80}\}|\[[^\[\]\n]{1,80}\]|%(?:\d+\$)?[sd]")
        .expect("valid placeholder regex")
});
/// HTML comments (`<!-- nabij-allow ... -->` and notes in Markdown templates).
static COMMENT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)<!--.{0,2000}?-->").expect("valid comment regex"));
static DOUBLE_QUOTED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#""[^"\n]{1,600}""#).expect("valid quote regex"));

struct Masks {
    all: Vec<(usize, usize)>,
    urls: Vec<(usize, usize)>,
    placeholders: Vec<(usize, usize)>,
}

fn find_masks(source: &str, folded: &Folded) -> Masks {
    let text = folded.text.as_str();
    let mut masks = Vec::new();
    for m in URL.find_iter(text) {
        let trimmed = m.as_str().trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '\'']);
        masks.push((m.start(), m.start() + trimmed.len()));
    }
    let urls = masks.clone();
    masks.extend(EMAIL_HANDLE_TAG.find_iter(text).map(|m| (m.start(), m.end())));
    let mut placeholders = Vec::new();
    for m in PLACEHOLDER.find_iter(text) {
        if m.as_str().starts_with('[') {
            // "[NAAM]" is a placeholder, "[zie bijlage]" is text: look at the original case.
            let span = folded.original(m.start(), m.end());
            if source[span.start..span.end].chars().any(char::is_lowercase) {
                continue;
            }
        }
        placeholders.push((m.start(), m.end()));
    }
    masks.extend(&placeholders);
    masks.extend(DOUBLE_QUOTED.find_iter(text).map(|m| (m.start(), m.end())));
    masks.extend(COMMENT.find_iter(text).map(|m| (m.start(), m.end())));
    let mut from = 0;
    while let Some(i) = text[from..].find('\'') {
        let open = from + i;
        from = open + 1;
        if !opens_quotation(text, open) {
            continue;
        }
        if let Some(close) = closing_single_quote(text, open + 1) {
            masks.push((open, close + 1));
            from = close + 1;
        }
    }
    masks.sort_unstable();
    Masks {
        all: masks,
        urls,
        placeholders,
    }
}

/// Whether the `'` at `at` opens a quotation: it starts a word ("zo'n" does not) and is not
/// the elided article of "'s avonds", "'t" or "'n".
fn opens_quotation(text: &str, at: usize) -> bool {
    let before = text[..at].chars().next_back();
    if before.is_some_and(char::is_alphanumeric) {
        return false;
    }
    let mut after = text[at + 1..].chars();
    let first = after.next();
    if !first.is_some_and(char::is_alphanumeric) {
        return false;
    }
    let second = after.next();
    let elided = matches!(first, Some('s' | 't' | 'n' | 'k')) && !second.is_some_and(char::is_alphanumeric);
    !elided
}

/// The closing `'` of a quotation opened just before `from`: one that follows a non-space
/// and is not followed by a letter (so "zo'n" inside the quotation does not close it).
fn closing_single_quote(text: &str, from: usize) -> Option<usize> {
    let rest = &text[from..];
    let mut prev: Option<char> = None;
    for (i, c) in rest.char_indices() {
        if c == '\n' || i > 600 {
            return None;
        }
        if c == '\'' && prev.is_some_and(|p| !p.is_whitespace()) {
            let next = rest[i + 1..].chars().next();
            if !next.is_some_and(char::is_alphanumeric) {
                return Some(from + i);
            }
        }
        prev = Some(c);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(doc: &Document) -> Vec<String> {
        (0..doc.tokens.len()).map(|i| doc.word(i).to_string()).collect()
    }

    fn masked_words(doc: &Document) -> Vec<String> {
        (0..doc.tokens.len())
            .filter(|&i| doc.tokens[i].masked)
            .map(|i| doc.word(i).to_string())
            .collect()
    }

    #[test]
    fn tokens_keep_contractions_and_numbers_whole() {
        let doc = Document::new("Zo’n melding om 15.00 uur, WIA-keuring.");
        assert_eq!(words(&doc), ["zo'n", "melding", "om", "15.00", "uur", "wia", "keuring"]);
    }

    #[test]
    fn sentences_split_on_stops_but_not_on_abbreviations_or_times() {
        let doc = Document::new("We bellen je o.a. morgen om 15.00 uur. Groet!\n\nAnne");
        let sent: Vec<u32> = doc.tokens.iter().map(|t| t.sentence).collect();
        assert_eq!(sent, [0, 0, 0, 0, 0, 0, 0, 0, 1, 2]);
    }

    #[test]
    fn single_line_break_does_not_end_a_sentence_but_a_blank_line_does() {
        let doc = Document::new("We hebben dit\nintern doorgezet\n\nGroet");
        let sent: Vec<u32> = doc.tokens.iter().map(|t| t.sentence).collect();
        assert_eq!(sent, [0, 0, 0, 0, 0, 1]);
    }

    #[test]
    fn urls_mails_handles_tags_and_placeholders_are_masked() {
        let doc = Document::new(
            "Zie https://x.nl/intern-doorgezet of gemeente.nl/mee, mail info@mee.nl, @mee #mee {{naam}} {mee} [NAAM] %s en [zie bijlage].",
        );
        assert_eq!(
            masked_words(&doc),
            [
                "https",
                "x.nl",
                "intern",
                "doorgezet",
                "gemeente.nl",
                "mee",
                "info",
                "mee.nl",
                "mee",
                "mee",
                "naam",
                "mee",
                "naam",
                "s"
            ]
        );
        assert!(!doc.tokens.last().unwrap().masked, "[zie bijlage] is ordinary text");
    }

    #[test]
    fn single_quoted_words_are_quotations_but_elisions_are_not() {
        let doc = Document::new("U kreeg drie keer 'zo snel mogelijk' als antwoord, 's avonds en 's ochtends.");
        assert_eq!(masked_words(&doc), ["zo", "snel", "mogelijk"]);
        let doc = Document::new("Het is 's avonds druk en zo'n rij is lang.");
        assert!(masked_words(&doc).is_empty());
    }

    #[test]
    fn quotations_are_masked_but_apostrophes_are_not() {
        let doc = Document::new("Je schreef: 'het is intern doorgezet, zo'n gedoe'. Dat klopt, 's avonds.");
        assert_eq!(
            masked_words(&doc),
            ["het", "is", "intern", "doorgezet", "zo'n", "gedoe"]
        );
        let doc = Document::new("Je noemt het “intern doorgezet”.");
        assert_eq!(masked_words(&doc), ["intern", "doorgezet"]);
    }
}
