//! Metrics and shapes: what is judged by counting rather than by words. Sentence length,
//! exclamation marks, words in capitals, platform length limits (with X's own weighted
//! count), and replies that are nothing but a link or nothing but emoji.

use crate::rules::{Context, Metric, Platform, Shape};
use crate::span::Span;
use crate::text::Document;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// How X counts a URL, whatever its length (twitter-text v3, `transformedURLLength`).
const X_URL_WEIGHT: usize = 23;

/// Whether a grapheme cluster is an emoji (a pictograph, a flag, a keycap sequence).
pub fn is_emoji(g: &str) -> bool {
    let mut chars = g.chars();
    let first = chars.next();
    g.chars().any(|c| {
        let u = c as u32;
        (0x1F000..=0x1FAFF).contains(&u)       // pictographs, emoticons, transport, flags
            || (0x2600..=0x27BF).contains(&u)  // miscellaneous symbols, dingbats
            || (0x2B00..=0x2BFF).contains(&u)  // arrows and stars (⭐)
            || (0x2190..=0x21FF).contains(&u) && g.contains('\u{FE0F}')
            || u == 0x20E3 // keycap
    }) || (first.is_some_and(|c| matches!(c, '©' | '®' | '‼' | '⁉' | '™')) && g.contains('\u{FE0F}'))
}

/// twitter-text v3 weight of one character: 1 for Latin and common punctuation, 2 for
/// everything else (CJK, most symbols). Ranges from twitter-text's v3 configuration.
fn x_char_weight(c: char) -> usize {
    let u = c as u32;
    if u <= 4351 || (8192..=8205).contains(&u) || (8208..=8223).contains(&u) || (8242..=8247).contains(&u) {
        1
    } else {
        2
    }
}

/// A text's length as a platform counts it, and the byte where it first goes over `limit`.
/// Trailing whitespace is not counted: an editor's final line break (or a YAML `|` block's)
/// is not part of the reply, and the platforms trim it too.
pub fn platform_length(doc: &Document, platform: Platform, limit: usize) -> (usize, Option<usize>) {
    let source = doc.source.trim_end();
    let urls: Vec<Span> = doc.urls.iter().map(|&(s, e)| doc.folded.original(s, e)).collect();
    let mut total = 0;
    let mut over = None;
    let mut at = 0;
    let mut url = urls.iter().peekable();
    while at < source.len() {
        // Skip URLs whole: X counts each as 23, the others count their characters.
        if let Some(u) = url.peek().filter(|u| u.start <= at) {
            let u = **u;
            url.next();
            if u.end > at {
                total += match platform {
                    Platform::X => X_URL_WEIGHT,
                    _ => source[u.start..u.end].chars().count(),
                };
                if total > limit && over.is_none() {
                    over = Some(u.start);
                }
                at = u.end;
                continue;
            }
        }
        let next_url = url.peek().map_or(source.len(), |u| u.start.clamp(at, source.len()));
        let chunk = &source[at..next_url];
        // Plain ASCII without a carriage return: every byte is one character of weight 1 on
        // every platform, so it is counted without grapheme segmentation.
        if chunk.is_ascii() && !chunk.contains('\r') {
            if over.is_none() && total + chunk.len() > limit {
                over = Some(at + limit.saturating_sub(total));
            }
            total += chunk.len();
            at = next_url;
            continue;
        }
        for (i, g) in chunk.grapheme_indices(true) {
            total += match platform {
                Platform::X if is_emoji(g) => 2,
                Platform::X => g.nfc().map(x_char_weight).sum(),
                _ => g.chars().count(),
            };
            if total > limit && over.is_none() {
                over = Some(at + i);
            }
        }
        at = next_url;
    }
    (total, over)
}

/// An upper bound of `platform_length`'s count, in one pass over the bytes: a text whose
/// bound is within a limit is within it. Off X a character takes at least a byte. On X an ASCII
/// byte weighs 1, and a non-ASCII character at most 2 for each of the (at most 3)
/// characters NFC makes of it, so at most 3 per byte; a link weighs 23 besides.
fn length_bound(doc: &Document, platform: Platform) -> usize {
    match platform {
        Platform::X => {
            let ascii = doc.source.bytes().filter(u8::is_ascii).count();
            ascii + 3 * (doc.source.len() - ascii) + X_URL_WEIGHT * doc.urls.len()
        }
        _ => doc.source.len(),
    }
}

/// The findings of a metric rule: where, and what was counted.
pub fn metric(
    doc: &Document,
    context: &Context,
    metric: Metric,
    max: usize,
    limits: &[(Platform, usize)],
) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    match metric {
        Metric::SentenceWords => {
            for (first, last) in super::sentences(doc) {
                let words = (first..=last).filter(|&i| !doc.tokens[i].masked).count();
                if words > max {
                    out.push((
                        doc.token_span(first, last),
                        format!("{words} woorden in één zin; streef naar hoogstens {max}"),
                    ));
                }
            }
        }
        Metric::Exclamations => {
            if memchr::memchr_iter(b'!', doc.source.as_bytes()).count() <= max {
                return out;
            }
            let marks: Vec<usize> = doc.source.match_indices('!').map(|(i, _)| i).collect();
            if marks.len() > max {
                let at = marks[max];
                out.push((
                    Span::new(at, at + 1),
                    format!(
                        "{} uitroeptekens; hoogstens {max} past bij een rustig antwoord",
                        marks.len()
                    ),
                ));
            }
        }
        Metric::Capitals => {
            // Each shouting word has two letters or more and none in lower case: a text with
            // fewer such letters than `max + 1` words need has no run to report.
            // An ASCII character is a letter and not lower case when it is an ASCII capital:
            // the Unicode tables are asked only about the others.
            let upper = if doc.source.is_ascii() {
                doc.source.bytes().filter(u8::is_ascii_uppercase).count()
            } else {
                doc.source
                    .chars()
                    .filter(|c| {
                        if c.is_ascii() {
                            c.is_ascii_uppercase()
                        } else {
                            c.is_alphabetic() && !c.is_lowercase()
                        }
                    })
                    .count()
            };
            if upper < 2 * (max + 1) {
                return out;
            }
            let mut run: Vec<usize> = Vec::new();
            let mut flush = |run: &mut Vec<usize>| {
                if run.len() > max {
                    out.push((
                        doc.token_span(run[0], run[run.len() - 1]),
                        format!("{} woorden achter elkaar in hoofdletters", run.len()),
                    ));
                }
                run.clear();
            };
            for (i, t) in doc.tokens.iter().enumerate() {
                let span = doc.token_span(i, i);
                let word = &doc.source[span.start..span.end];
                let letters = word.chars().filter(|c| c.is_alphabetic()).count();
                let shouting = !t.masked && letters >= 2 && !word.chars().any(char::is_lowercase);
                let same_sentence = run.last().is_none_or(|&l| doc.tokens[l].sentence == t.sentence);
                if !shouting || !same_sentence {
                    flush(&mut run);
                }
                if shouting {
                    run.push(i);
                }
            }
            flush(&mut run);
        }
        Metric::Length => {
            let Some(platform) = context.platform else {
                return out;
            };
            let Some(&(_, limit)) = limits.iter().find(|(p, _)| *p == platform) else {
                return out;
            };
            if length_bound(doc, platform) <= limit {
                return out;
            }
            let (total, over) = platform_length(doc, platform, limit);
            if let Some(at) = over {
                let unit = if platform == Platform::X {
                    "gewogen tekens"
                } else {
                    "tekens"
                };
                let end = doc.source.trim_end().len().max(at + 1).min(doc.source.len());
                let end = (end..=doc.source.len())
                    .find(|&e| doc.source.is_char_boundary(e))
                    .unwrap_or(doc.source.len());
                out.push((
                    Span::new(at, end),
                    format!(
                        "{total} {unit}; {} staat er {limit} toe. Dit deel valt buiten de grens",
                        platform.display_name()
                    ),
                ));
            }
        }
    }
    out
}

/// Whether a reply has the shape.
pub fn shape(doc: &Document, shape: Shape, max_words: usize) -> bool {
    match shape {
        Shape::LinkOnly => !doc.urls.is_empty() && doc.word_count() <= max_words,
        Shape::EmojiOnly => {
            // A word with a letter in it is no emoji: most replies end here.
            if doc.source.is_ascii()
                || (0..doc.tokens.len()).any(|i| doc.word(i).bytes().any(|b| b.is_ascii_alphabetic()))
            {
                return false;
            }
            let graphemes: Vec<&str> = doc.source.graphemes(true).filter(|g| !g.trim().is_empty()).collect();
            graphemes.iter().any(|g| is_emoji(g))
                && graphemes
                    .iter()
                    .all(|g| is_emoji(g) || !g.chars().any(char::is_alphanumeric))
        }
        // Marked per placeholder by the checker, not a shape of the whole reply.
        Shape::Placeholder => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn x_len(text: &str) -> usize {
        platform_length(&Document::new(text), Platform::X, 280).0
    }

    #[test]
    fn x_counts_urls_as_23_emoji_as_2_and_cjk_as_2() {
        assert_eq!(x_len("Hallo"), 5);
        assert_eq!(
            x_len("Zie https://www.rijksoverheid.nl/onderwerpen/toeslagen/heel-lang-pad"),
            4 + 23
        );
        assert_eq!(x_len("Top 👍"), 4 + 2);
        assert_eq!(x_len("👨‍👩‍👧"), 2, "a ZWJ family is one emoji");
        assert_eq!(x_len("🇳🇱"), 2, "a flag is one emoji");
        assert_eq!(x_len("日本"), 4);
        assert_eq!(x_len("e\u{301}"), 1, "counted after NFC: é is one character");
        assert_eq!(x_len("café — “zo”"), 11);
    }

    #[test]
    fn the_point_where_a_text_goes_over_its_limit() {
        let text = format!("{} en nog wat", "a".repeat(278));
        let (total, over) = platform_length(&Document::new(&text), Platform::X, 280);
        assert_eq!(total, 289);
        assert_eq!(&text[over.unwrap()..], "n nog wat");
        let (total, over) = platform_length(&Document::new("kort"), Platform::Instagram, 2200);
        assert_eq!((total, over), (4, None));
    }

    #[test]
    fn trailing_whitespace_and_the_final_line_break_are_not_counted() {
        let reply = "a".repeat(280);
        for saved in [format!("{reply}\n"), format!("{reply}  \r\n"), format!("{reply}\n\n\t")] {
            let (total, over) = platform_length(&Document::new(&saved), Platform::X, 280);
            assert_eq!((total, over), (280, None), "{saved:?}");
        }
        // Whitespace inside the reply still counts.
        assert_eq!(x_len("a\n\nb\n"), 4);
        let (_, over) = platform_length(&Document::new(&format!("{reply}b\n")), Platform::X, 280);
        assert_eq!(over, Some(280));
    }

    #[test]
    fn plain_ascii_is_counted_like_the_grapheme_path() {
        // The same text with one accented letter takes the grapheme path for its chunk.
        for (ascii, accented) in [
            (
                "Dank voor je bericht. Ik bel je morgen.",
                "Dank voor je bericht. Ik bel je mórgen.",
            ),
            ("a\r\nb https://x.nl/a c", "a\r\nb https://x.nl/a ç"),
        ] {
            for platform in [Platform::X, Platform::Whatsapp] {
                for limit in [0, 5, 20, 38, 80] {
                    let a = platform_length(&Document::new(ascii), platform, limit);
                    let b = platform_length(&Document::new(accented), platform, limit);
                    assert_eq!(a.0, b.0, "{ascii} {platform} {limit}");
                    // The accent adds a byte after the point where it stands.
                    let at = accented.find(['ó', 'ç']).unwrap();
                    assert_eq!(
                        a.1.map(|o| if o > at { o + 1 } else { o }),
                        b.1,
                        "{ascii} {platform} {limit}"
                    );
                }
            }
        }
    }

    #[test]
    fn shapes() {
        let d = Document::new("Zie https://www.ns.nl/geld-terug");
        assert!(shape(&d, Shape::LinkOnly, 6));
        let d = Document::new(
            "Geld terug vraag je aan met het formulier; dat duurt vijf minuten: https://www.ns.nl/geld-terug",
        );
        assert!(!shape(&d, Shape::LinkOnly, 6));
        assert!(shape(&Document::new("👍"), Shape::EmojiOnly, 0));
        assert!(shape(&Document::new(" 👍👍 !"), Shape::EmojiOnly, 0));
        assert!(!shape(&Document::new("Top 👍"), Shape::EmojiOnly, 0));
        assert!(!shape(&Document::new("..."), Shape::EmojiOnly, 0));
    }

    fn piece() -> impl proptest::strategy::Strategy<Value = &'static str> {
        proptest::sample::select(vec![
            "Ik bel je morgen. ",
            "geïnformeerd ",
            "e\u{301}",
            "\u{344}",
            "\u{1f82}",
            "\u{fb1f}",
            "👍",
            "🇳🇱",
            "👩‍👩‍👧",
            "中文",
            "\r\n",
            "https://x.nl/a ",
            "www.gemeente.nl ",
            "ß",
        ])
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config { cases: 512, ..Default::default() })]

        /// The quick bound never says "within the limit" of a text that is over it.
        #[test]
        fn the_length_bound_is_never_below_the_length(pieces in proptest::collection::vec(piece(), 0..40)) {
            let text = pieces.concat();
            let doc = Document::new(&text);
            for platform in [Platform::X, Platform::Facebook, Platform::Instagram, Platform::Whatsapp] {
                let (length, _) = platform_length(&doc, platform, usize::MAX);
                proptest::prop_assert!(length_bound(&doc, platform) >= length, "{}: {:?}", platform, text);
            }
        }
    }
}
