//! The Dutch text model: a reply folded for matching, split into word tokens with their
//! original spans and sentence numbers, and with the regions rules must not look into
//! (URLs, e-mail addresses, @handles, #hashtags, template placeholders, quoted words, HTML
//! comments) masked.

mod fold;
pub mod register;
pub mod safe;

pub use fold::Folded;

use crate::span::Span;
use regex::Regex;
use regex::bytes::Regex as BytesRegex;
use std::sync::LazyLock;

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
    /// Masked regions, as folded byte ranges: sorted, not overlapping.
    pub masks: Vec<(usize, usize)>,
    /// The URLs and bare domains among them.
    pub urls: Vec<(usize, usize)>,
    /// The template placeholders among them (`{{naam}}`, `[NAAM]`, `%s`).
    pub placeholders: Vec<(usize, usize)>,
}

/// Whether a full stop after `word` (folded, without the stop) does not end a sentence.
fn is_abbreviation(word: &str) -> bool {
    // A `match`, not a list search: the compiler tests the length first.
    matches!(
        word,
        "bijv"
            | "bv"
            | "o.a"
            | "z.s.m"
            | "d.w.z"
            | "m"
            | "ca"
            | "nr"
            | "mr"
            | "mevr"
            | "dhr"
            | "e.d"
            | "i.p.v"
            | "m.b.t"
            | "n.a.v"
            | "evt"
            | "incl"
            | "excl"
            | "tel"
            | "vs"
            | "jl"
            | "a.s"
            | "enz"
            | "etc"
            | "ong"
            | "t.a.v"
            | "i.v.m"
            | "m.i.v"
            | "d.d"
            | "z.o.z"
            | "p.p"
            | "bijl"
            | "blz"
            | "max"
            | "min"
            | "st"
            | "vgl"
    )
}

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
        let masks = merged(masks);
        let text = folded.text.as_str();
        let spans = word_spans(text);
        let mut tokens = Vec::with_capacity(spans.len());
        let mut sentence = 0u32;
        let mut last: Option<(usize, usize)> = None;
        let mut m = 0; // the first mask that may still touch a token
        for (start, end) in spans {
            if let Some((ls, le)) = last {
                // What stands between two words decides whether a sentence ended.
                let gap = &text[le..start];
                let word = &text[ls..le];
                let ends_sentence = gap != " "
                    && (gap.contains(['!', '?', '\n', '…'])
                        || (gap.contains('.')
                            && !(is_abbreviation(word)
                                || (word.chars().count() == 1 && word.chars().all(char::is_alphabetic)))));
                if ends_sentence {
                    sentence += 1;
                }
            }
            while m < masks.len() && masks[m].1 <= start {
                m += 1;
            }
            let masked = m < masks.len() && masks[m].0 < end;
            tokens.push(Token {
                start: start as u32,
                end: end as u32,
                sentence,
                masked,
            });
            last = Some((start, end));
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

    /// The tokens of each sentence, as (first, one past the last), in order.
    pub fn sentence_ranges(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        let mut first = 0;
        std::iter::from_fn(move || {
            let sentence = self.tokens.get(first)?.sentence;
            let end = first + self.tokens[first..].partition_point(|t| t.sentence == sentence);
            Some((std::mem::replace(&mut first, end), end))
        })
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
        let i = self.masks.partition_point(|&(_, me)| me <= start);
        self.masks.get(i).is_some_and(|&(ms, _)| ms < end)
    }

    /// Number of words that are not masked.
    pub fn word_count(&self) -> usize {
        self.tokens.iter().filter(|t| !t.masked).count()
    }
}

// The mask patterns run on bytes with ASCII classes: every one starts and ends at an ASCII
// character, so its matches are valid string ranges, and byte classes compile in a fraction
// of the time Unicode classes take (this is start-up time for every draft).
static URL: LazyLock<BytesRegex> = LazyLock::new(|| {
    BytesRegex::new(
        r#"(?-u)(?:https?://|www\.)[^\s"<>]+|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:nl|com|org|net|eu|be|info|gov|nu|io|frl)\b(?:/[^\s"<>]*)?"#,
    )
    .expect("valid URL regex")
});
static EMAIL: LazyLock<BytesRegex> =
    LazyLock::new(|| BytesRegex::new(r"(?-u)[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}").expect("valid regex"));
static PLACEHOLDER: LazyLock<BytesRegex> = LazyLock::new(|| {
    BytesRegex::new(r"(?-u)\{\{[^{}\n]{0,80}\}\}|\{[^{}\s]{1,80}\}|\[[^\[\]\n]{1,80}\]|%(?:[0-9]+\$)?[sd]")
        .expect("valid placeholder regex")
});
static DOUBLE_QUOTED: LazyLock<BytesRegex> =
    LazyLock::new(|| BytesRegex::new(r#"(?-u)"[^"\n]{1,600}""#).expect("valid quote regex"));

/// The top-level domains of bare domains (`gemeente.nl`), as in `URL`.
const TLDS: &[&[u8]] = &[
    b"nl", b"com", b"org", b"net", b"eu", b"be", b"info", b"gov", b"nu", b"io", b"frl",
];

/// Whether folded `text` may hold a match of `URL`: a `://`, a `www.`, or a dot before one
/// of its domains and a word boundary. Most replies have none, and skip the regex.
fn may_hold_url(text: &[u8]) -> bool {
    let boundary = |c: Option<&u8>| c.is_none_or(|&c| !(c.is_ascii_alphanumeric() || c == b'_'));
    // Searchers built once: building one costs more than searching a reply with it.
    static SCHEME: LazyLock<memchr::memmem::Finder<'static>> = LazyLock::new(|| memchr::memmem::Finder::new(b"://"));
    static WWW: LazyLock<memchr::memmem::Finder<'static>> = LazyLock::new(|| memchr::memmem::Finder::new(b"www."));
    SCHEME.find(text).is_some()
        || WWW.find(text).is_some()
        || memchr::memchr_iter(b'.', text).any(|i| {
            let rest = &text[i + 1..];
            TLDS.iter().any(|t| rest.starts_with(t) && boundary(rest.get(t.len())))
        })
}

/// `@handle` and `#hashtag`: the sign and the letters, digits and underscores after it.
fn handles_and_tags(text: &str, out: &mut Vec<(usize, usize)>) {
    for (at, c) in text.match_indices(['@', '#']) {
        let rest = &text[at + c.len()..];
        let len = rest
            .char_indices()
            .find(|&(_, ch)| !(ch.is_alphanumeric() || ch == '_'))
            .map_or(rest.len(), |(i, _)| i);
        if len > 0 {
            out.push((at, at + c.len() + len));
        }
    }
}

/// HTML comments (`<!-- nabij-allow ... -->`, notes in Markdown templates), up to 4 KiB long.
fn comments(text: &str, out: &mut Vec<(usize, usize)>) {
    let mut from = 0;
    if memchr::memchr(b'<', text.as_bytes()).is_none() {
        return;
    }
    while let Some(i) = text[from..].find("<!--") {
        let open = from + i;
        let window = &text[open..text.len().min(open + 4096)];
        match window.find("-->") {
            Some(close) => {
                out.push((open, open + close + 3));
                from = open + close + 3;
            }
            None => from = open + 4,
        }
    }
}

/// Sorted ranges, overlapping or touching ones joined.
fn merged(mut ranges: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    ranges.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (s, e) in ranges {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// Word tokens of a (folded) text, as byte ranges: runs of letters and digits, joined across
/// `'`, `.` or `:` between two letters ("zo'n", "z.s.m") and across `.`, `,` or `'` between two
/// digits ("15.00", "1.500"), and across `_` between any two. This follows Unicode word
/// segmentation (UAX #29) where Dutch text needs it, at a fraction of its cost; documents and
/// phrase patterns are split by this same function, so they always agree.
pub fn word_spans(text: &str) -> Vec<(usize, usize)> {
    if text.is_ascii() {
        return ascii_word_spans(text.as_bytes());
    }
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        if c.is_ascii_alphanumeric() || (!c.is_ascii() && c.is_alphanumeric()) {
            if start.is_none() {
                start = Some(i);
            }
            prev = Some(c);
            continue;
        }
        if let (Some(_), Some(p)) = (start, prev) {
            let next = text[i + c.len_utf8()..].chars().next();
            let joins = next.is_some_and(|n| {
                (p.is_alphabetic() && n.is_alphabetic() && matches!(c, '\'' | '.' | ':' | '\u{b7}'))
                    || (p.is_numeric() && n.is_numeric() && matches!(c, '.' | ',' | '\''))
                    || (c == '_' && n.is_alphanumeric())
            });
            if joins {
                continue;
            }
        }
        if let Some(s) = start.take() {
            out.push((s, i));
        }
        prev = Some(c);
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// ASCII letters and digits, by byte: one load instead of three range tests per byte.
pub(crate) static ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// `word_spans` for ASCII text, byte by byte (the same rules).
fn ascii_word_spans(b: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(b.len() / 5);
    let mut i = 0;
    while i < b.len() {
        if !ALNUM[b[i] as usize] {
            i += 1;
            continue;
        }
        let start = i;
        loop {
            while i < b.len() && ALNUM[b[i] as usize] {
                i += 1;
            }
            let (Some(&j), Some(&n)) = (b.get(i), b.get(i + 1)) else {
                break;
            };
            let p = b[i - 1];
            let joins = (p.is_ascii_alphabetic() && n.is_ascii_alphabetic() && matches!(j, b'\'' | b'.' | b':'))
                || (p.is_ascii_digit() && n.is_ascii_digit() && matches!(j, b'.' | b',' | b'\''))
                || (j == b'_' && n.is_ascii_alphanumeric());
            if !joins {
                break;
            }
            i += 1;
        }
        out.push((start, i));
    }
    out
}

struct Masks {
    all: Vec<(usize, usize)>,
    urls: Vec<(usize, usize)>,
    placeholders: Vec<(usize, usize)>,
}

fn find_masks(source: &str, folded: &Folded) -> Masks {
    let text = folded.text.as_str();
    let bytes = text.as_bytes();
    let mut masks = Vec::new();
    // Each pattern only runs when what it needs is there at all.
    if may_hold_url(bytes) {
        for m in URL.find_iter(bytes) {
            let found = &text[m.start()..m.end()];
            let trimmed = found.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '\'']);
            masks.push((m.start(), m.start() + trimmed.len()));
        }
    }
    let urls = masks.clone();
    if memchr::memchr2(b'@', b'#', bytes).is_some() {
        masks.extend(EMAIL.find_iter(bytes).map(|m| (m.start(), m.end())));
        handles_and_tags(text, &mut masks);
    }
    let mut placeholders = Vec::new();
    let candidates = if memchr::memchr3(b'{', b'[', b'%', bytes).is_some() {
        PLACEHOLDER.find_iter(bytes).collect()
    } else {
        Vec::new()
    };
    for m in candidates {
        if bytes[m.start()] == b'[' {
            // "[NAAM]" is a placeholder, "[zie bijlage]" is text: look at the original case.
            let span = folded.original(m.start(), m.end());
            if source[span.start..span.end].chars().any(char::is_lowercase) {
                continue;
            }
        }
        placeholders.push((m.start(), m.end()));
    }
    masks.extend(&placeholders);
    if memchr::memchr(b'"', bytes).is_some() {
        masks.extend(DOUBLE_QUOTED.find_iter(bytes).map(|m| (m.start(), m.end())));
    }
    comments(text, &mut masks);
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
    fn the_ascii_tokenizer_agrees_with_the_general_one() {
        let texts = [
            "zo'n z.s.m. 15.00 uur, 1.500 a_b a:b e-mail 'S avonds... x1 _a a_ 5'6",
            "",
            "a",
            ".",
            "a.",
            ".a",
            "a.b",
            "1,",
            "1,2",
            "a'",
            "x_",
            "_x",
            "a__b",
            "ab. cd!ef?\n\ngh",
            "  hoi  ",
        ];
        for text in texts {
            assert_eq!(
                ascii_word_spans(text.as_bytes()),
                {
                    // Force the general path with a non-ASCII character that is no word.
                    let t = format!("{text} —");
                    word_spans(&t)
                },
                "{text:?}"
            );
        }
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
        assert_eq!(doc.sentence_ranges().collect::<Vec<_>>(), [(0, 8), (8, 9), (9, 10)]);
        assert_eq!(Document::new("").sentence_ranges().count(), 0);
        assert_eq!(Document::new("?! ...").sentence_ranges().count(), 0);
        assert_eq!(Document::new("Hoi").sentence_ranges().collect::<Vec<_>>(), [(0, 1)]);
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
