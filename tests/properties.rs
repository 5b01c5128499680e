//! Properties over generated replies (proptest): spans lie on character boundaries inside
//! the reply, line and column agree with the span, findings come sorted and the same every
//! time, and a masked stretch (a URL) moves no span. Texts are made of Dutch reply
//! fragments mixed with what breaks naive code: emoji sequences, combining accents, CR and
//! CRLF, zero-width and bidi characters, URLs, placeholders, quotes and random characters.

use nabij::check::{Engine, load};
use nabij::rules::{Context, Kind, LoadOptions, Platform, RuleSet, Voice};
use nabij::{LineIndex, Position};
use proptest::prelude::*;
use std::sync::LazyLock;

static SET: LazyLock<Engine> = LazyLock::new(|| {
    let (set, errors) = load(&LoadOptions::default());
    assert!(errors.is_empty());
    set
});

const FRAGMENTS: &[&str] = &[
    "We hebben dit intern doorgezet.",
    "Je vraag is doorgestuurd naar de afdeling",
    "Ik bel je morgen voor 12.00 uur.",
    "Vervelend dat je zo lang moest wachten!",
    "Excuses, maar dat kan niet.",
    "wordt zo snel mogelijk in behandeling genomen",
    "Groet, Anne",
    "^MS",
    "Beste mevrouw Jansen,",
    "Waarom duurt dit zo lang?",
    "Ik weet het niet meer",
    "u je jij uw",
    "https://www.gemeente.nl/afval?x=1",
    "{{naam}}",
    "[NAAM]",
    "\"intern doorgezet\"",
    "'s avonds",
    "zo'n",
    "👩‍👩‍👧‍👦",
    "🇳🇱",
    "🙂",
    "e\u{301}e\u{301}n",
    "\u{200b}",
    "\u{202e}",
    "مرحبا",
    "\r\n",
    "\r",
    "\n\n",
    "\u{feff}",
    " ",
    ". ",
    "<!-- nabij-allow: intern-doorgezet: citaat -->",
];

fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(FRAGMENTS).prop_map(str::to_string),
        1 => any::<char>().prop_map(|c| c.to_string()),
        1 => "[a-zA-Z ]{1,12}",
    ];
    proptest::collection::vec(piece, 0..24).prop_map(|parts| parts.join(" "))
}

fn context() -> impl Strategy<Value = Context> {
    (0..4usize, any::<bool>(), any::<bool>(), any::<bool>(), 0..4usize).prop_map(
        |(platform, automatic, sign_off, draft, voice)| Context {
            platform: [
                None,
                Some(Platform::X),
                Some(Platform::Instagram),
                Some(Platform::Whatsapp),
            ][platform],
            automatic,
            sign_off,
            draft,
            voice: [None, Some(Voice::U), Some(Voice::Je), Some(Voice::Mirror)][voice],
            ..Context::default()
        },
    )
}

/// Line and column of `offset`, counted the plain way: a line ends at `\n`, `\r\n` or a
/// lone `\r`; columns count characters, and a byte-order mark at the start is not one.
fn counted(text: &str, offset: usize) -> Position {
    let before = &text[..offset];
    let mut line = 1;
    let mut column = 1;
    let mut chars = before.chars().peekable();
    let mut first = true;
    while let Some(c) = chars.next() {
        if first && c == '\u{feff}' {
            first = false;
            continue;
        }
        first = false;
        match c {
            '\n' => {
                line += 1;
                column = 1;
            }
            '\r' if chars.peek() != Some(&'\n') && !(chars.peek().is_none() && text[offset..].starts_with('\n')) => {
                line += 1;
                column = 1;
            }
            '\r' => column += 1,
            _ => column += 1,
        }
    }
    Position { line, column }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn spans_are_char_boundaries_inside_the_reply_and_findings_are_sorted(text in text(), context in context()) {
        let checked = nabij::check::check_reply(&SET, &text, &[&text], &context);
        for f in &checked.findings {
            prop_assert!(f.span.start <= f.span.end && f.span.end <= text.len());
            prop_assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
        }
        for s in checked.signals.iter().chain(&checked.incoming) {
            prop_assert!(s.span.end <= text.len() && text.is_char_boundary(s.span.start) && text.is_char_boundary(s.span.end));
        }
        let keys: Vec<_> = checked.findings.iter().map(|f| (f.span.start, f.span.end, f.rule)).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        prop_assert_eq!(keys, sorted);
    }

    #[test]
    fn compact_output_in_pieces_is_the_whole_output(texts in prop::collection::vec(text(), 1..4), size in 1usize..400) {
        let options = nabij::lint::CheckOptions::default();
        let files: Vec<_> = texts
            .into_iter()
            .enumerate()
            .map(|(i, t)| nabij::lint::check_source(&SET, &options, format!("{i}.txt"), t))
            .collect();
        let whole = nabij::print::compact::render(&files, &SET);
        let pieces: Vec<String> = nabij::print::compact::chunks(&files, &SET, size).collect();
        prop_assert_eq!(pieces.concat(), whole);
        // Every piece holds whole lines, and only the last is shorter than asked.
        for (i, p) in pieces.iter().enumerate() {
            prop_assert!(p.ends_with('\n'));
            prop_assert!(i + 1 == pieces.len() || p.len() >= size);
        }
    }

    #[test]
    fn line_and_column_agree_with_the_span(text in text(), context in context()) {
        let checked = nabij::check::check_text(&SET, &text, &context);
        let lines = LineIndex::new(&text);
        for f in &checked.findings {
            for offset in [f.span.start, f.span.end] {
                prop_assert_eq!(lines.position(&text, offset), counted(&text, offset), "at {} in {:?}", offset, text);
            }
        }
    }

    #[test]
    fn checking_twice_gives_the_same(text in text(), context in context()) {
        let a = nabij::check::check_reply(&SET, &text, &[&text], &context);
        let b = nabij::check::check_reply(&SET, &text, &[&text], &context);
        prop_assert_eq!(&a.findings, &b.findings);
        prop_assert_eq!(format!("{:?}", a.dimensions), format!("{:?}", b.dimensions));
        prop_assert_eq!(format!("{:?}{:?}", a.signals, a.incoming), format!("{:?}{:?}", b.signals, b.incoming));
    }

    /// A URL before the text is masked: the word findings of the text are the same, moved
    /// by exactly the URL's length (rules that judge the whole reply may change, and do).
    #[test]
    fn a_masked_url_moves_no_span(text in text()) {
        let prefix = "https://www.gemeente.nl/afval/ophalen ";
        let shifted = format!("{prefix}{text}");
        let plain_words = |set: &RuleSet, checked: nabij::Checked| -> Vec<(usize, usize, usize)> {
            checked
                .findings
                .iter()
                .filter(|f| {
                    let r = &set.rules()[f.rule];
                    matches!(r.kind, Kind::Phrase) && r.when.is_empty() && r.then.is_empty() && r.reply_max_words.is_none()
                })
                .map(|f| (f.rule, f.span.start, f.span.end))
                .collect()
        };
        let context = Context::default();
        let before = plain_words(&SET, nabij::check::check_text(&SET, &text, &context));
        let after: Vec<_> = plain_words(&SET, nabij::check::check_text(&SET, &shifted, &context))
            .into_iter()
            .map(|(r, s, e)| (r, s - prefix.len(), e - prefix.len()))
            .collect();
        prop_assert_eq!(before, after);
    }
}

/// The same folder gives byte-for-byte the same report on one thread and on four.
#[test]
fn output_is_the_same_on_any_number_of_threads() {
    let dir = std::env::temp_dir().join(format!("nabij-threads-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for i in 0..60 {
        let text = format!(
            "{} {} {}",
            FRAGMENTS[i % FRAGMENTS.len()],
            FRAGMENTS[(i * 7) % FRAGMENTS.len()],
            FRAGMENTS[(i * 13) % FRAGMENTS.len()]
        );
        std::fs::write(dir.join(format!("r{i:02}.txt")), text).unwrap();
    }
    // Over 1 MiB: an archive, checked paragraph by paragraph in parallel.
    let mut archive = String::new();
    let mut i = 0;
    while archive.len() < 1_100_000 {
        archive.push_str(FRAGMENTS[i % FRAGMENTS.len()]);
        archive.push_str(if i % 3 == 2 { "\n\n" } else { " " });
        i += 1;
    }
    std::fs::write(dir.join("archief.txt"), archive).unwrap();
    let run = |threads: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_nabij"))
            .args([
                "check",
                "--format",
                "json",
                "--max-line-length",
                "64M",
                dir.to_str().unwrap(),
            ])
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap()
            .stdout
    };
    let one = run("1");
    assert!(one.len() > 10_000, "a real report");
    assert_eq!(one, run("4"));
    assert_eq!(one, run("2"));
}
