//! The phrase syntax rule authors write instead of regex. See docs/rules.md.
//!
//! ```text
//! intern door(gezet|gestuurd)     words in order; a group lists alternatives of one word
//! doorgestuur*  *afdeling         prefix and suffix words
//! (helaas)? kunnen wij            `?` makes one word optional
//! houden ... op de hoogte         `...` allows 0-3 other words in between, `...6` up to 6
//! intern door~zetten  ~kijken     a verb in all its forms; with a particle also separated:
//!                                 "we zetten het intern door", "door te zetten"
//! (we|ik) ...6 {zo snel mogelijk}  only the words in `{}` are marked; the rest is context
//! (voor de gek|kapot) (nog steeds)?  a group of several-word alternatives stands for one
//!                                 pattern per alternative
//! ```
//! Matching is on folded text, so case, diacritics and curly apostrophes never matter, and
//! on whole words unless `*` says otherwise.

use super::lexicon::Lexicons;
use super::verbs::{VerbForms, VerbSet};
use crate::text::Folded;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Largest gap a pattern may ask for, and the default for a bare `...`.
pub const MAX_GAP: u8 = 12;
/// The most ways a pattern's gaps may combine (the product of N + 1 over its gaps): each
/// is a way the matcher may try at every word, so twelve gaps of twelve would take minutes
/// on a megabyte. The built-in rules need at most a few hundred.
pub const MAX_GAP_WAYS: u64 = 2_000;
const DEFAULT_GAP: u8 = 3;
const MAX_FORMS: usize = 256;

pub use super::words::{WordList, WordParts, WordSet, is_number_with};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Element {
    Word(WordSet),
    Optional(WordSet),
    /// Up to this many other words.
    Gap(u8),
    /// `^`: the start of a sentence (zero width).
    Start,
    /// One verb in all its forms, or a class of verbs: any one of them.
    Verb(#[serde(with = "super::compiled::shared_verbs")] Arc<VerbSet>),
}

impl Element {
    /// The most tokens this element can cover.
    pub fn max_width(&self) -> usize {
        match self {
            Element::Word(_) | Element::Optional(_) => 1,
            Element::Gap(n) => *n as usize,
            Element::Start => 0,
            Element::Verb(_) => 3, // "door te zetten"
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pattern {
    pub elements: Vec<Element>,
    /// The elements `focus.0..focus.1` are what a match marks; the others are context.
    pub focus: (usize, usize),
}

/// A syntax error at a byte offset of the pattern as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhraseError {
    pub start: usize,
    pub end: usize,
    pub message: String,
}

/// Split `text` into folded word tokens the way documents are split.
fn words_of(text: &str) -> Vec<&str> {
    // Most words are plain letters: one token, no need to run the tokenizer.
    if !text.is_empty() && text.chars().all(char::is_alphabetic) {
        return vec![text];
    }
    crate::text::word_spans(text)
        .into_iter()
        .map(|(s, e)| &text[s..e])
        .collect()
}

/// Expand the groups of one word expression: `door(gezet|gestuurd|)` → three words.
fn expand(expr: &str) -> Result<Vec<String>, String> {
    if !expr.contains(['(', ')', '|']) {
        return Ok(vec![expr.to_string()]);
    }
    let mut out = vec![String::new()];
    let mut rest = expr;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('(') {
            let close = after.find(')').ok_or("`(` zonder sluitend `)`")?;
            let inner = &after[..close];
            if inner.contains('(') {
                return Err("groepen kunnen niet genest worden".into());
            }
            let alts: Vec<&str> = inner.split('|').collect();
            out = out
                .iter()
                .flat_map(|o| {
                    alts.iter().map(move |a| {
                        // (not `format!`: this runs for every alternative at start-up)
                        let mut w = String::with_capacity(o.len() + a.len() + 8);
                        w.push_str(o);
                        w.push_str(a);
                        w
                    })
                })
                .collect();
            if out.len() > MAX_FORMS {
                return Err(format!("levert meer dan {MAX_FORMS} woorden op"));
            }
            rest = &after[close + 1..];
        } else if rest.starts_with([')', '|']) {
            return Err(format!("`{}` buiten een groep", &rest[..1]));
        } else {
            let lit_end = rest.find(['(', ')', '|']).unwrap_or(rest.len());
            for o in &mut out {
                o.push_str(&rest[..lit_end]);
            }
            rest = &rest[lit_end..];
        }
    }
    Ok(out)
}

fn word_set(expr: &str) -> Result<Vec<WordSet>, String> {
    let (body, prefix, suffix) = match (expr.strip_prefix('*'), expr.strip_suffix('*')) {
        (Some(_), Some(_)) if expr.len() > 1 => {
            return Err("`*` aan beide kanten kan niet".into());
        }
        (Some(b), None) => (b, false, true),
        (None, Some(b)) => (b, true, false),
        _ => (expr, false, false),
    };
    if body.contains('*') {
        return Err("`*` staat alleen aan het begin of eind van een woord".into());
    }
    if body.contains(['<', '>']) {
        return Err("een woordklasse staat alleen, `<naam>` of `<naam>?`, niet in een woord of groep".into());
    }
    let forms = expand(body)?;
    let split: Vec<Vec<&str>> = forms.iter().map(|f| words_of(f)).collect();
    if split.iter().all(|w| w.len() == 1) {
        let words: Vec<String> = split.iter().map(|w| w[0].to_string()).collect();
        let mut set = WordSet::default();
        match (prefix, suffix) {
            (true, _) => {
                set.parts = Some(Box::new(WordParts {
                    prefixes: words,
                    ..WordParts::default()
                }))
            }
            (_, true) => {
                set.parts = Some(Box::new(WordParts {
                    suffixes: words,
                    ..WordParts::default()
                }))
            }
            _ => set.exact = Arc::new(words.iter().collect()),
        }
        return Ok(vec![set]);
    }
    // A hyphenated or slashed word ("e-mail", "t/m") is several tokens in a text.
    if forms.len() == 1 && !prefix && !suffix && !split[0].is_empty() {
        return Ok(split[0]
            .iter()
            .map(|w| WordSet {
                exact: Arc::new([w].into_iter().collect()),
                ..WordSet::default()
            })
            .collect());
    }
    if split.iter().any(|w| w.is_empty()) {
        return Err("een alternatief is leeg; maak het hele woord facultatief met `?`".into());
    }
    Err("alternatieven in een groep zijn elk één woord (schrijf aparte patronen voor langere)".into())
}

fn verb(expr: &str) -> Result<Element, String> {
    let (particle, inf) = expr.split_once('~').expect("caller checked for ~");
    let is_word = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_alphanumeric() || c == '\'');
    if !is_word(inf) || (!particle.is_empty() && !is_word(particle)) {
        return Err(
            "een werkwoord schrijf je als `partikel~infinitief` of `~infinitief`, alleen gewone woorden".into(),
        );
    }
    let particle = (!particle.is_empty()).then_some(particle);
    Ok(Element::Verb(Arc::new(VerbSet::new(vec![VerbForms::new(
        particle, inf,
    )?]))))
}

/// Most patterns one written pattern may expand into (groups of several words multiply).
const MAX_VARIANTS: usize = 64;

/// Expand standalone groups whose alternatives have several words, such as
/// `(voor de gek|kapot)` or `(nog steeds)?`, into one pattern text per alternative. Groups
/// of single words stay as they are: `parse` handles those itself.
fn expand_phrases(pattern: &str) -> Result<Vec<String>, String> {
    let bytes = pattern.as_bytes();
    let mut at = 0;
    while let Some(i) = pattern[at..].find('(').map(|i| at + i) {
        at = i + 1;
        let standalone_start = i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'\n' | b'{');
        let Some(close) = pattern[i..].find(')').map(|c| i + c) else {
            return Err("`(` zonder sluitend `)`".into());
        };
        let inner = &pattern[i + 1..close];
        let optional = pattern[close + 1..].starts_with('?');
        let end = close + 1 + usize::from(optional);
        let standalone_end = end == pattern.len() || matches!(bytes[end], b' ' | b'\t' | b'\n' | b'}');
        if !standalone_start
            || !standalone_end
            || !inner
                .split('|')
                .any(|a| a.trim().contains(|c: char| c.is_whitespace() || c == '-'))
        {
            continue;
        }
        let mut alternatives: Vec<&str> = inner.split('|').map(str::trim).collect();
        if optional {
            alternatives.push("");
        }
        let mut out = Vec::new();
        for alt in alternatives {
            for rest in expand_phrases(&format!("{}{alt}{}", &pattern[..i], &pattern[end..]))? {
                out.push(rest);
                if out.len() > MAX_VARIANTS {
                    return Err(format!(
                        "de groepen leveren meer dan {MAX_VARIANTS} patronen op; splits het patroon"
                    ));
                }
            }
        }
        return Ok(out);
    }
    Ok(vec![pattern.to_string()])
}

/// Most patterns one written pattern may expand into through its word classes (each phrase
/// or verb of a class is a pattern of its own).
const MAX_CLASS_VARIANTS: usize = 512;

/// The class a pattern item names, `<name>`, with the item's `{`, `}` and `?` around it:
/// (prefix, name, suffix).
fn class_item(item: &str) -> Option<(&str, &str, &str)> {
    let open = item.find('<')?;
    let close = item.rfind('>')?;
    let (pre, post) = (&item[..open], &item[close + 1..]);
    (close > open + 1 && pre.chars().all(|c| c == '{') && post.chars().all(|c| matches!(c, '}' | '?')))
        .then(|| (pre, &item[open + 1..close], post))
}

/// Expand the word classes a pattern names: each phrase of a class into a pattern text of
/// its own; the class's single words stay as `<name>` and its verbs become `<name>~`, for
/// `parse_in` to make one element of each.
/// Errors: (start, end, message) in the pattern as written.
fn expand_classes(pattern: &str, lex: &Lexicons, from: usize) -> Result<Vec<String>, (usize, usize, String)> {
    let mut offset = 0;
    for item in pattern.split(' ') {
        let start = offset;
        offset += item.len() + 1;
        if start < from {
            continue;
        }
        let Some((pre, name, post)) = class_item(item) else {
            continue;
        };
        let Some(class) = lex.get(name) else {
            let known = lex.names().join(", ");
            return Err((
                start,
                start + item.len(),
                format!("onbekende woordklasse `<{name}>` (bekend: {known})"),
            ));
        };
        let has_words = !class.words.is_empty() || !class.numbers.is_empty();
        if class.phrases.is_empty() && class.verbs.is_empty() {
            // The class's words are one element (`parse_in`).
            continue;
        }
        let (head, tail) = (&pattern[..start], &pattern[start + item.len()..]);
        let optional = post.contains('?');
        let plain_post: String = post.chars().filter(|&c| c != '?').collect();
        let mut alternatives: Vec<String> = class.phrases.iter().map(|p| format!("{pre}{p}{plain_post}")).collect();
        if !class.verbs.is_empty() {
            // `<name>~`: the class's verbs, as one element (`parse_in`).
            alternatives.push(format!("{pre}<{name}>~{plain_post}"));
        }
        if has_words {
            alternatives.push(item.to_string());
        } else if optional {
            if !pre.is_empty() || !plain_post.is_empty() {
                return Err((
                    start,
                    start + item.len(),
                    format!(
                        "`<{name}>` heeft geen losse woorden en kan dus niet facultatief zijn aan de rand van `{{...}}`"
                    ),
                ));
            }
            alternatives.push(String::new());
        }
        let mut out = Vec::new();
        for alt in alternatives {
            // Go on after the item (or what stands in its place): it is expanded already.
            let (text, next) = if alt.is_empty() {
                let head = head.trim_end();
                let tail = if head.is_empty() { tail.trim_start() } else { tail };
                (format!("{head}{tail}"), head.len())
            } else {
                (format!("{head}{alt}{tail}"), head.len() + alt.len())
            };
            for v in expand_classes(&text, lex, next)? {
                out.push(v);
                if out.len() > MAX_CLASS_VARIANTS {
                    return Err((
                        0,
                        pattern.len(),
                        format!(
                            "de woordklassen leveren meer dan {MAX_CLASS_VARIANTS} patronen op; splits het patroon"
                        ),
                    ));
                }
            }
        }
        return Ok(out);
    }
    Ok(vec![pattern.to_string()])
}

/// Parse one written pattern into the patterns it stands for: one, unless a group lists
/// alternatives of several words (`(voor de gek|kapot)`), which become one pattern each.
/// Word classes (`<name>`) are the built-in lexicons.
pub fn parse_all(pattern: &str) -> Result<Vec<Pattern>, PhraseError> {
    parse_all_in(pattern, &super::lexicon::BUILTIN)
}

/// `parse_all`, with the word classes of `lex`.
pub fn parse_all_in(pattern: &str, lex: &Lexicons) -> Result<Vec<Pattern>, PhraseError> {
    let whole = |message: String| PhraseError {
        start: 0,
        end: pattern.len(),
        message,
    };
    let texts = if pattern.contains('<') {
        expand_classes(pattern, lex, 0).map_err(|(start, end, message)| PhraseError { start, end, message })?
    } else {
        vec![pattern.to_string()]
    };
    let mut out = Vec::new();
    for text in &texts {
        let variants = expand_phrases(text).map_err(whole)?;
        if texts.len() == 1 && variants.len() == 1 && variants[0] == pattern {
            return parse_in(pattern, lex).map(|p| vec![p]);
        }
        for v in &variants {
            out.push(parse_in(v, lex).map_err(|e| whole(format!("in `{v}`: {}", e.message)))?);
        }
    }
    Ok(out)
}

/// Parse one phrase pattern (word classes: the built-in lexicons).
pub fn parse(pattern: &str) -> Result<Pattern, PhraseError> {
    parse_in(pattern, &super::lexicon::BUILTIN)
}

/// Parse one phrase pattern whose word classes are `lex`. A class item stands for the
/// class's single words; `parse_all_in` has expanded its phrases already.
pub fn parse_in(pattern: &str, lex: &Lexicons) -> Result<Pattern, PhraseError> {
    let folded = Folded::new(pattern);
    let text = folded.text.as_str();
    let err = |start: usize, end: usize, message: String| {
        // Some errors mark the character after a word ("`{` and `}` go around whole
        // words"), which at the end of the pattern is past it.
        let span = folded.original(start.min(text.len()), end.min(text.len()));
        PhraseError {
            start: span.start,
            end: span.end,
            message,
        }
    };
    let mut elements = Vec::new();
    let mut focus: (Option<usize>, Option<usize>) = (None, None);
    let mut offset = 0;
    for item in text.split(' ') {
        let (mut start, mut end) = (offset, offset + item.len());
        offset = end + 1;
        let mut item = item;
        let opens = item.starts_with('{');
        if let Some(rest) = item.strip_prefix('{') {
            if focus.0.is_some() {
                return Err(err(start, start + 1, "een patroon heeft hoogstens één `{...}`".into()));
            }
            focus.0 = Some(elements.len());
            item = rest;
            start += 1;
        }
        let closes = item.ends_with('}');
        if closes {
            item = &item[..item.len() - 1];
            end -= 1;
        }
        if item.contains(['{', '}']) {
            return Err(err(start, end, "`{` en `}` staan om hele woorden".into()));
        }
        if item.is_empty() {
            if opens || closes {
                return Err(err(
                    start.saturating_sub(1),
                    end + 1,
                    "`{` en `}` staan om hele woorden".into(),
                ));
            }
            continue;
        }
        if item == "^" {
            if !elements.is_empty() || opens || closes {
                return Err(err(
                    start,
                    end,
                    "`^` (het begin van een zin) staat vooraan, buiten `{...}`".into(),
                ));
            }
            elements.push(Element::Start);
            continue;
        }
        if let Some(n) = item.strip_prefix("...").or_else(|| item.strip_prefix('…')) {
            let n: u8 = if n.is_empty() {
                DEFAULT_GAP
            } else {
                n.parse().ok().filter(|&n| (1..=MAX_GAP).contains(&n)).ok_or_else(|| {
                    err(
                        start,
                        end,
                        format!("een gat is `...` of `...N` met N van 1 tot {MAX_GAP}"),
                    )
                })?
            };
            if matches!(elements.last(), Some(Element::Gap(_)) | None) {
                return Err(err(start, end, "een gat staat tussen twee woorden".into()));
            }
            if closes || focus.0 == Some(elements.len()) {
                return Err(err(
                    start,
                    end,
                    "`{...}` kan niet met een gat beginnen of eindigen".into(),
                ));
            }
            elements.push(Element::Gap(n));
            let ways: u64 = elements
                .iter()
                .filter_map(|e| match e {
                    Element::Gap(n) => Some(u64::from(*n) + 1),
                    _ => None,
                })
                .product();
            if ways > MAX_GAP_WAYS {
                return Err(err(
                    start,
                    end,
                    format!(
                        "de gaten van dit patroon combineren op {ways} manieren, boven de grens van {MAX_GAP_WAYS}: gebruik minder of kortere gaten"
                    ),
                ));
            }
            continue;
        }
        if let Some(name) = item.strip_prefix('<').and_then(|n| n.strip_suffix(">~")) {
            // The verbs of a class (see `expand_classes`).
            let class = lex
                .get(name)
                .ok_or_else(|| err(start, end, format!("onbekende woordklasse `<{name}>`")))?;
            elements.push(Element::Verb(Arc::clone(&class.verbs)));
            if closes {
                close_focus(&mut focus, elements.len()).map_err(|m| err(start, end + 1, m))?;
            }
            continue;
        }
        if let Some(name) = item
            .strip_suffix('?')
            .unwrap_or(item)
            .strip_prefix('<')
            .and_then(|n| n.strip_suffix('>'))
        {
            let class = lex
                .get(name)
                .ok_or_else(|| err(start, end, format!("onbekende woordklasse `<{name}>`")))?;
            if class.words.is_empty() && class.numbers.is_empty() {
                return Err(err(start, end, format!("`<{name}>` heeft hier geen losse woorden")));
            }
            let set = WordSet::class(class);
            elements.push(if item.ends_with('?') {
                Element::Optional(set)
            } else {
                Element::Word(set)
            });
            if closes {
                close_focus(&mut focus, elements.len()).map_err(|m| err(start, end + 1, m))?;
            }
            continue;
        }
        if item.contains('~') {
            elements.push(verb(item).map_err(|m| err(start, end, m))?);
            if closes {
                close_focus(&mut focus, elements.len()).map_err(|m| err(start, end + 1, m))?;
            }
            continue;
        }
        let (expr, optional) = match item.strip_suffix('?') {
            Some(e) => (e, true),
            None => (item, false),
        };
        let sets = word_set(expr).map_err(|m| err(start, end, m))?;
        if optional && sets.len() > 1 {
            return Err(err(
                start,
                end,
                "`?` geldt voor één woord; dit woord valt in meerdere uiteen".into(),
            ));
        }
        for set in sets {
            elements.push(if optional {
                Element::Optional(set)
            } else {
                Element::Word(set)
            });
        }
        if closes {
            close_focus(&mut focus, elements.len()).map_err(|m| err(start, end + 1, m))?;
        }
    }
    if focus.0.is_some() && focus.1.is_none() {
        return Err(err(0, text.len(), "`{` zonder sluitend `}`".into()));
    }
    let focus = (focus.0.unwrap_or(0), focus.1.unwrap_or(elements.len()));
    if !elements[focus.0..focus.1]
        .iter()
        .any(|e| matches!(e, Element::Word(_) | Element::Verb(_)))
    {
        return Err(err(
            0,
            text.len(),
            "het gemarkeerde deel `{...}` heeft een woord nodig dat niet facultatief is".into(),
        ));
    }
    if matches!(elements.last(), Some(Element::Gap(_))) {
        return Err(err(0, text.len(), "een gat staat tussen twee woorden".into()));
    }
    if !elements
        .iter()
        .any(|e| matches!(e, Element::Word(_) | Element::Verb(_)))
    {
        return Err(err(
            0,
            text.len(),
            "een patroon heeft minstens één woord nodig dat niet facultatief is".into(),
        ));
    }
    Ok(Pattern { elements, focus })
}

fn close_focus(focus: &mut (Option<usize>, Option<usize>), at: usize) -> Result<(), String> {
    match focus {
        (Some(_), None) => {
            focus.1 = Some(at);
            Ok(())
        }
        _ => Err("`}` zonder openend `{`".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact(p: &Pattern, i: usize) -> Vec<&str> {
        match &p.elements[i] {
            Element::Word(w) | Element::Optional(w) => w.exact.iter().collect(),
            other => panic!("not a word: {other:?}"),
        }
    }

    #[test]
    fn groups_expand_and_fold() {
        let p = parse("Intern DOOR(gezet|gestuurd|)").unwrap();
        assert_eq!(exact(&p, 0), ["intern"]);
        assert_eq!(exact(&p, 1), ["doorgezet", "doorgestuurd", "door"]);
        let p = parse("één").unwrap();
        assert_eq!(exact(&p, 0), ["een"]);
    }

    #[test]
    fn optional_gap_prefix_and_hyphen() {
        let p = parse("(helaas)? kunnen ...5 doorgestuur* e-mail").unwrap();
        assert!(matches!(p.elements[0], Element::Optional(_)));
        assert_eq!(p.elements[2], Element::Gap(5));
        match &p.elements[3] {
            Element::Word(w) => assert_eq!(w.prefixes(), ["doorgestuur"]),
            e => panic!("{e:?}"),
        }
        assert_eq!(exact(&p, 4), ["e"]);
        assert_eq!(exact(&p, 5), ["mail"]);
    }

    /// L5 (hostile input, round two): twelve gaps of twelve took 50 s on a megabyte. The
    /// limit is on how the gaps combine, and the error marks the gap that passes it.
    #[test]
    fn gaps_that_combine_in_too_many_ways_are_an_error_at_load() {
        let many = "a ...12 b ...12 c ...12 d ...12 e";
        let e = parse(many).unwrap_err();
        assert!(
            e.message.contains("combineren op") && e.message.contains("2000"),
            "{}",
            e.message
        );
        assert_eq!(&many[e.start..e.end], "...12", "the gap that passes the limit");
        assert_eq!(e.start, many.find("d ...12").unwrap() - 6, "the third gap: 13^3 > 2000");
        parse("weet ...3 niet ...2 hoe ...6 geld ...4 betalen").expect("a built-in sized pattern");
    }

    #[test]
    fn word_sets_match_whole_words_unless_starred() {
        let p = parse("mee doorgestuur* *afdeling").unwrap();
        let Element::Word(mee) = &p.elements[0] else { panic!() };
        assert!(mee.matches("mee") && !mee.matches("meer"));
        let Element::Word(pre) = &p.elements[1] else { panic!() };
        assert!(pre.matches("doorgestuurd") && !pre.matches("doorgestuur"));
        let Element::Word(suf) = &p.elements[2] else { panic!() };
        assert!(suf.matches("klantenafdeling") && !suf.matches("afdelingen"));
    }

    #[test]
    fn braces_mark_the_focus_and_the_rest_is_context() {
        let p = parse("(we|ik) ...6 {zo snel mogelijk}").unwrap();
        assert_eq!(p.focus, (2, 5));
        assert_eq!(parse("intern door~zetten").unwrap().focus, (0, 2));
        assert_eq!(parse("{mee~nemen} ...2 naar").unwrap().focus, (0, 1));
        for bad in [
            "{we} {zo}",
            "we {zo",
            "we} zo",
            "{we ...} zo",
            "{(we)?} zo",
            "we z{o}",
            "(we|ik) ...2 {",
            "zo }",
        ] {
            let e = parse(bad).expect_err(bad);
            assert!(e.start <= e.end && e.end <= bad.len(), "{bad}: {}..{}", e.start, e.end);
        }
    }

    #[test]
    fn errors_point_at_the_item_as_written() {
        let e = parse("wij ÉÉN (a|b").unwrap_err();
        assert_eq!((e.start, e.end), (10, 14));
        assert!(e.message.contains("sluitend"), "{}", e.message);
        assert!(parse("... intern").is_err());
        assert!(parse("intern ...").is_err());
        assert!(parse("intern ...99 door").is_err());
        assert!(parse("a? b?").is_err());
        assert!(parse("(door gezet|x)").is_err());
        assert!(parse("~zet").is_err());
        let e = parse_all("al (<telwoord>)? weken").unwrap_err();
        assert!(e.message.contains("staat alleen"), "{}", e.message);
        let e = parse_all("voor de <geen-klasse> keer").unwrap_err();
        assert!(e.message.contains("onbekende woordklasse"), "{}", e.message);
        assert_eq!((e.start, e.end), (8, 21));
    }

    #[test]
    fn a_caret_is_the_start_of_a_sentence_and_stands_first() {
        let p = parse("^ kom dan").unwrap();
        assert_eq!(p.elements[0], Element::Start);
        assert_eq!(p.elements[0].max_width(), 0);
        for bad in ["kom ^ dan", "{^ kom}", "^"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn word_classes_expand_into_words_numbers_and_patterns() {
        // Single words and numbers stay one word set; each verb or phrase of a class is a
        // pattern of its own.
        let p = parse_all("voor de <rangtelwoord> keer").unwrap();
        assert_eq!(p.len(), 1);
        let Element::Word(set) = &p[0].elements[2] else {
            panic!()
        };
        for w in ["derde", "3e", "12de", "zoveelste"] {
            assert!(set.matches(w), "{w}");
        }
        for w in ["3", "drie", "e", "3x"] {
            assert!(!set.matches(w), "{w}");
        }
        // A class's verbs are one element holding them all; its phrases a pattern each.
        let p = parse_all("<contact-werkwoord> ...3 <keer-getal>").unwrap();
        let verbs: Vec<usize> = (p.iter())
            .filter_map(|p| match &p.elements[0] {
                Element::Verb(v) => Some(v.len()),
                _ => None,
            })
            .collect();
        assert_eq!(verbs.len(), 1, "one pattern for all the verbs");
        assert!(verbs[0] > 10, "{verbs:?}");
        assert!(p.len() > 1, "and one per phrase (\"contact opgenomen\")");
        let optional = parse_all("voor <telwoord>? keer").unwrap();
        assert!(optional.iter().any(|p| matches!(p.elements[1], Element::Optional(_))));
        assert!(
            optional.iter().any(|p| p.elements.len() == 4),
            "a phrase of the class: een paar"
        );
    }

    #[test]
    fn groups_of_several_words_expand_into_patterns() {
        assert_eq!(parse_all("(jullie|ze) ...3 (kapot|voor de gek)").unwrap().len(), 2);
        assert_eq!(parse_all("(kan|kon) (nog steeds)? niet").unwrap().len(), 2);
        assert_eq!(
            parse_all("door(gezet|gestuurd)").unwrap().len(),
            1,
            "a one-word group is not expanded"
        );
        let e = parse_all("(a b|c) (d e").unwrap_err();
        assert!(e.message.contains("zonder sluitend"), "{}", e.message);
        let many = "(a b|c d|e f|g h) (a b|c d|e f|g h) (a b|c d|e f|g h) (a b|c d|e f|g h)";
        assert!(parse_all(many).unwrap_err().message.contains("meer dan 64"));
    }
}
