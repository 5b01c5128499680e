//! Recurring topics: the content words of the citizens' messages (stop words left out),
//! counted per week, and the words that rise.

use super::*;

/// Words of a citizen's message that can carry a topic: lowercase, four letters or more, not
/// a common word, each once.
///
/// The words are added to `out`, each followed by a line break: no allocation per word,
/// and the words of many messages share one string.
pub(super) fn push_terms(out: &mut String, message: &str) {
    thread_local! {
        /// Where this message's words so far stand in `out`.
        static KEPT: std::cell::RefCell<Vec<(usize, usize)>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    KEPT.with_borrow_mut(|kept| {
        kept.clear();
        if message.is_ascii() {
            // A byte at a time, every test in the one pass: most messages are ASCII.
            let b = message.as_bytes();
            let mut i = 0;
            while i < b.len() {
                if !crate::text::ALNUM[b[i] as usize] {
                    i += 1;
                    continue;
                }
                let start = i;
                let mut digits = true;
                while i < b.len() && crate::text::ALNUM[b[i] as usize] {
                    digits &= b[i].is_ascii_digit();
                    i += 1;
                }
                if i - start >= 4 && !digits {
                    keep_term(out, kept, &message[start..i]);
                }
            }
            return;
        }
        for w in alphanumeric_runs(message) {
            // Four characters take at least four bytes: shorter words are turned down unread.
            if w.len() < 4 || w.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            if !w.is_ascii() && w.chars().count() < 4 {
                continue;
            }
            keep_term(out, kept, w);
        }
    });
}

/// Whether a lowercased word says nothing about what a message is about: a `STOPWORDS`
/// word, or a month or a weekday (dates say when, not what: "sinds 3 maart" is no topic).
pub(super) fn is_stopword(word: &str) -> bool {
    static STOP: std::sync::LazyLock<HashSet<&'static str>> = std::sync::LazyLock::new(|| {
        (STOPWORDS.iter().copied())
            .chain(time::MONTHS)
            .chain(time::WEEKDAYS.iter().map(|(_, long)| *long))
            .collect()
    });
    STOP.contains(word)
}

/// Adds `word` lowercased to `out` unless it is a stopword or among the message's words
/// `kept` so far. It is lowercased where it goes, and taken back if it is not kept.
pub(super) fn keep_term(out: &mut String, kept: &mut Vec<(usize, usize)>, word: &str) {
    let start = out.len();
    push_lowercase(out, word);
    let word = &out[start..];
    if is_stopword(word) || kept.iter().any(|&(s, e)| out[s..e] == *word) {
        out.truncate(start);
    } else {
        kept.push((start, out.len()));
        out.push('\n');
    }
}

/// Appends `word` lowercased; an ASCII word a byte at a time, without the Unicode tables.
pub(super) fn push_lowercase(out: &mut String, word: &str) {
    if word.is_ascii() {
        let from = out.len();
        out.push_str(word);
        out[from..].make_ascii_lowercase();
    } else {
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
}

/// The runs of letters and digits in `text` (what `text.split(|c| !c.is_alphanumeric())`
/// gives, without the empty pieces), a byte at a time where the text is ASCII.
pub(super) fn alphanumeric_runs(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            let (len, alnum) = char_at(text, i);
            if alnum {
                break;
            }
            i += len;
        }
        if i == bytes.len() {
            return None;
        }
        let start = i;
        while i < bytes.len() {
            let (len, alnum) = char_at(text, i);
            if !alnum {
                break;
            }
            i += len;
        }
        Some(&text[start..i])
    })
}

/// The length of the character at byte `i` of `text` and whether it is a letter or digit.
#[inline(always)]
pub(super) fn char_at(text: &str, i: usize) -> (usize, bool) {
    let b = text.as_bytes()[i];
    if b.is_ascii() {
        (1, b.is_ascii_alphanumeric())
    } else {
        let c = text[i..].chars().next().expect("i is a character boundary");
        (c.len_utf8(), c.is_alphanumeric())
    }
}

/// Dutch words too common to be a topic.
pub(super) const STOPWORDS: &[&str] = &[
    "deze",
    "dit",
    "dat",
    "die",
    "een",
    "het",
    "de",
    "niet",
    "maar",
    "want",
    "omdat",
    "heb",
    "hebt",
    "heeft",
    "hebben",
    "ben",
    "bent",
    "zijn",
    "was",
    "waren",
    "wordt",
    "worden",
    "werd",
    "kan",
    "kunt",
    "kunnen",
    "kon",
    "moet",
    "moeten",
    "wil",
    "wilt",
    "willen",
    "zou",
    "zouden",
    "mijn",
    "jullie",
    "jouw",
    "onze",
    "ons",
    "uw",
    "hun",
    "haar",
    "voor",
    "naar",
    "over",
    "door",
    "met",
    "van",
    "bij",
    "uit",
    "tot",
    "nog",
    "al",
    "ook",
    "wel",
    "geen",
    "niks",
    "niets",
    "meer",
    "veel",
    "weer",
    "toch",
    "even",
    "echt",
    "gewoon",
    "heel",
    "zeer",
    "erg",
    "waarom",
    "wanneer",
    "hoe",
    "wat",
    "waar",
    "wie",
    "welke",
    "graag",
    "alvast",
    "bedankt",
    "dank",
    "groet",
    "groeten",
    "vriendelijke",
    "hallo",
    "beste",
    "goedemorgen",
    "goedemiddag",
    "iemand",
    "iets",
    "alles",
    "allemaal",
    "gaat",
    "gaan",
    "ging",
    "komt",
    "komen",
    "kwam",
    "doen",
    "doet",
    "deed",
    "gedaan",
    "weet",
    "weten",
    "zeggen",
    "zegt",
    "laten",
    "vandaag",
    "gisteren",
    "morgen",
    "week",
    "weken",
    "dagen",
    "keer",
    "steeds",
    "sinds",
    "alweer",
    "daar",
    "hier",
    "zelf",
    "mensen",
    "elke",
    "iedere",
    "andere",
    "eigen",
    "zodat",
    "als",
    "dan",
    "toen",
    "terwijl",
    "nu",
    "nou",
    "krijg",
    "krijgen",
    "kreeg",
    "gekregen",
    "staat",
    "staan",
    "ligt",
    "liggen",
    "zien",
    "gezien",
    "zie",
    "helemaal",
    "eens",
    "eerst",
    "pas",
    "lang",
    "lange",
    "nooit",
    "altijd",
    "vaak",
    "soms",
    "tijd",
    "please",
    "thanks",
];

/// A hash of `text`'s words, lowercased, without building the normalised text: replies
/// that differ only in case and spacing hash the same.
pub(super) fn words_hash(text: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    if text.is_ascii() {
        // The same values as below, a byte at a time: ASCII whitespace is tab to carriage
        // return and the space, and an ASCII letter lowercases to one character.
        let mut in_word = false;
        for &b in text.as_bytes() {
            if matches!(b, b'\t'..=b'\r' | b' ') {
                if in_word {
                    h.write_u8(0);
                }
                in_word = false;
            } else {
                h.write_u32(u32::from(b.to_ascii_lowercase()));
                in_word = true;
            }
        }
        if in_word {
            h.write_u8(0);
        }
        return h.finish();
    }
    for word in text.split_whitespace() {
        for c in word.chars().flat_map(char::to_lowercase) {
            h.write_u32(c as u32);
        }
        h.write_u8(0);
    }
    h.finish()
}

/// Words that a week's messages share far more often than the archive's: at least 5
/// messages and 10 % of the week, and at least three times the archive's rate. Up to three
/// per week, most messages first.
pub(super) fn topics(
    weeks: &[(String, Week)],
    term_names: &[String],
    all_terms: &[u32],
    all_messages: u64,
) -> Vec<Topic> {
    let mut out = Vec::new();
    for (week, w) in weeks.iter().filter(|(_, w)| w.messages > 0) {
        let n = w.messages;
        let mut found: Vec<Topic> = w
            .terms
            .iter()
            .filter_map(|(&term, &df)| {
                let df = u64::from(df);
                let overall = f64::from(all_terms[term as usize]) / all_messages as f64;
                let here = df as f64 / n as f64;
                let lift = here / overall;
                (df >= 5 && df * 10 >= n && lift >= 3.0).then(|| Topic {
                    week: week.clone(),
                    term: term_names[term as usize].clone(),
                    messages: df,
                    week_messages: n,
                    lift: round1(lift),
                })
            })
            .collect();
        found.sort_by(|a, b| b.messages.cmp(&a.messages).then_with(|| a.term.cmp(&b.term)));
        found.truncate(3);
        out.extend(found);
    }
    out
}
