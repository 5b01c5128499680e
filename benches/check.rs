//! `cargo bench`: rule-set compilation, one 300-character draft, a 10,000-template library
//! and archive throughput, each with the built-in rules and with the peer kit's 300 phrases
//! (and ten times those, to see that cost does not grow rule by rule).
//!
//! The inputs are made here, deterministically, from a list of Dutch reply sentences and
//! `benches/data/phrases.txt` (the 300 phrases of `../shared/bench`, copied so that the
//! benchmarks run from a clean checkout). A whole-process comparison with ripgrep and
//! textlint is `scripts/bench-peers`.

use divan::{Bencher, black_box, counter::BytesCount};
use nabij::check::{Engine, load};
use nabij::lint::{CheckOptions, check_source};
use nabij::rules::{Context, LoadOptions, RuleFileContent, RuleSet, parse_rule_file};
use std::sync::{Arc, LazyLock};

fn main() {
    divan::main();
}

const PHRASES: &str = include_str!("data/phrases.txt");

/// Sentences of ordinary replies, to put the phrases between.
const SENTENCES: &[&str] = &[
    "Dag Daan, stuur je ons de naam op het account even via e-mail?",
    "Fijne dag verder!",
    "Ik heb het bedrag morgen teruggestort.",
    "Ik heb een notitie gemaakt in je dossier.",
    "Ik begrijp dat de voucher belangrijk voor je is.",
    "Dat los ik graag voor je op.",
    "Ik verwacht dat het vrijdag geregeld is.",
    "Sorry dat je zo lang moest wachten.",
    "Bedankt voor je bericht over je aanvraag.",
    "Je krijgt later vandaag een bevestiging per mail.",
    "Klopt het dat je verhuizing al dagen hapert?",
    "Vervelend dat de container niet is geleegd.",
    "Ik bel je morgen voor 12.00 uur terug.",
    "Kun je me je postcode sturen in een privébericht?",
    "Dat moet verwarrend zijn geweest.",
    "Groet, Anne",
    "Met vriendelijke groet, Marloes",
    "^JO",
];

/// A tiny deterministic generator (the same input on every run and machine).
struct Lcg(u64);

impl Lcg {
    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        list[(self.0 >> 33) as usize % list.len()]
    }
}

fn phrases() -> Vec<&'static str> {
    PHRASES.lines().map(str::trim).filter(|l| !l.is_empty()).collect()
}

/// One reply: three to six sentences, one in three with a phrase from the list.
fn reply(rng: &mut Lcg, phrases: &[&str]) -> String {
    let mut out = Vec::new();
    let n = 3 + (rng.0 % 4) as usize;
    for i in 0..n {
        out.push(rng.pick(SENTENCES).to_string());
        if i == 1 && rng.0.is_multiple_of(3) {
            out.push(format!("{}.", capitalised(rng.pick(phrases))));
        }
    }
    out.join(" ")
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// Replies separated by blank lines, about `bytes` long.
fn archive(bytes: usize) -> String {
    let phrases = phrases();
    let mut rng = Lcg(20240601);
    let mut out = String::with_capacity(bytes + 1024);
    while out.len() < bytes {
        out.push_str(&reply(&mut rng, &phrases));
        out.push_str("\n\n");
    }
    out
}

/// A TOML template library of `n` templates.
fn library(n: usize) -> String {
    let phrases = phrases();
    let mut rng = Lcg(7);
    let mut out = String::new();
    for i in 0..n {
        let text = reply(&mut rng, &phrases).replace('\\', "").replace('"', "'");
        out.push_str(&format!(
            "[[templates]]\nname = \"t{i:05}\"\ntext = \"\"\"\n{text}\n\"\"\"\n\n"
        ));
    }
    out
}

/// The phrases as nabij rules, and for `times` > 1 variants of each that add a made-up
/// closing word: more patterns on the same words that never match (as
/// `scripts/phrases_to_rules.py --times`).
fn phrase_rules(times: usize) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for copy in 0..times {
        for (i, p) in phrases().iter().enumerate() {
            let id = format!("zin-{i:03}-{copy}");
            let p = if copy == 0 {
                p.to_string()
            } else {
                format!("{p} zq{copy}")
            };
            let body = format!(
                "id = \"{id}\"\ndimension = \"clarity\"\nseverity = \"warning\"\nmessage = \"Vermijd: {p}\"\n\
                 why = \"Benchmarkregel.\"\nsuggest = [\"Zeg het in je eigen woorden.\"]\npatterns = [\"{p}\"]\n\n\
                 [examples]\nfire = [\"Hallo. «{p}».\"]\nsilent = [\"Ik bel je morgen.\"]\n"
            );
            out.push((format!("{id}.toml"), body));
        }
    }
    out
}

fn compile_phrases(files: &[(String, String)]) -> Engine {
    let rules = files
        .iter()
        .map(
            |(path, text)| match parse_rule_file(path, Arc::from(text.as_str()), false) {
                Ok(RuleFileContent::Rule(r)) => r,
                other => panic!("{path}: {other:?}"),
            },
        )
        .collect();
    let (set, errors) = RuleSet::new(rules, Vec::new());
    assert!(errors.is_empty());
    Engine::new(set)
}

static BUILTIN: LazyLock<Engine> = LazyLock::new(|| load(&LoadOptions::default()).0);
static PHRASES_300: LazyLock<Engine> = LazyLock::new(|| compile_phrases(&phrase_rules(1)));
static PHRASES_3000: LazyLock<Engine> = LazyLock::new(|| compile_phrases(&phrase_rules(10)));

fn set(name: &str) -> &'static Engine {
    match name {
        "builtin" => &BUILTIN,
        "phrases300" => &PHRASES_300,
        "phrases3000" => &PHRASES_3000,
        _ => unreachable!(),
    }
}

mod compile {
    use super::*;

    #[divan::bench]
    fn builtin() -> Engine {
        load(&LoadOptions::default()).0
    }

    #[divan::bench(args = [1, 10])]
    fn phrases(bencher: Bencher, times: usize) {
        let files = phrase_rules(times);
        bencher.bench(|| compile_phrases(black_box(&files)));
    }
}

/// The draft a webcare employee checks before posting (about 300 characters).
const DRAFT: &str = "Beste mevrouw Jansen, bedankt voor uw bericht. Uw melding over de kapotte lantaarnpaal is \
intern doorgezet naar de betreffende afdeling en wordt zo snel mogelijk in behandeling genomen. \
U wordt nader geïnformeerd. Wij vertrouwen erop u hiermee voldoende te hebben geïnformeerd. Team Webcare";

#[divan::bench(args = ["builtin", "phrases300"])]
fn draft(bencher: Bencher, rules: &str) {
    let set = set(rules);
    let context = Context::default();
    bencher
        .counter(BytesCount::of_str(DRAFT))
        .bench(|| nabij::check::check_reply(set, black_box(DRAFT), &[], &context));
}

#[divan::bench(args = ["builtin", "phrases300"], sample_count = 10)]
fn library_10k(bencher: Bencher, rules: &str) {
    let set = set(rules);
    let source = library(10_000);
    let options = CheckOptions::default();
    bencher.counter(BytesCount::of_str(&source)).bench(|| {
        let report = check_source(set, &options, "library.toml".into(), black_box(source.clone()));
        assert_eq!(report.replies.len(), 10_000);
        report
    });
}

/// `nabij lsp` after an edit to a 2,000-template library: the whole file checked again and
/// its diagnostics made (UTF-16 ranges, profiles). The target is under 100 ms.
#[divan::bench(sample_count = 10)]
fn lsp_recheck_library_2000(bencher: Bencher) {
    let set = set("builtin");
    let source = library(2_000);
    let options = CheckOptions::default();
    bencher.counter(BytesCount::of_str(&source)).bench(|| {
        let report = check_source(set, &options, "library.toml".into(), black_box(source.clone()));
        let diagnostics = nabij::print::lsp::diagnostics(&report, set);
        assert!(diagnostics.len() >= 2_000, "a profile per template at least");
        diagnostics
    });
}

/// Throughput over a 5 MB archive (one reply per paragraph), as a team lead's run over a
/// year of sent replies.
#[divan::bench(args = ["builtin", "phrases300", "phrases3000"], sample_count = 10)]
fn archive_5mb(bencher: Bencher, rules: &str) {
    let set = set(rules);
    let source = archive(5 << 20);
    let options = CheckOptions::default();
    bencher.counter(BytesCount::of_str(&source)).bench(|| {
        let report = check_source(set, &options, "archive.txt".into(), black_box(source.clone()));
        assert!(report.replies.len() > 10_000);
        report
    });
}

/// One reply of a megabyte, and the same text as the citizen's message: thousands of
/// sentences, questions and findings in one text. Everything that looks across a reply
/// (questions answered, signals in one sentence, columns on one line) must stay linear;
/// each of these once took 10 to 20 seconds.
#[divan::bench(args = ["Waarom duurt dit zo lang? ", "Ik weet het niet meer. Al 3 keer gebeld! ", "u je jij uw "], sample_count = 3)]
fn one_long_reply(bencher: Bencher, sentence: &str) {
    let set = set("builtin");
    let text = sentence.repeat((1 << 20) / sentence.len());
    let context = Context::default();
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| nabij::check::check_reply(set, black_box(&text), &[&text], &context));
}

/// Twice the text must take about twice the time: 1 and 2 MB of one-word sentences with a
/// time in each ("Morgen."), which every derived signal looks at sentence by sentence (a
/// list of sentences seen made this quadratic: 2 MB took 43 s). Compare the two rows' times.
#[divan::bench(args = [1 << 20, 2 << 20], sample_count = 3)]
fn scaling_many_sentences(bencher: Bencher, bytes: usize) {
    let set = set("builtin");
    let text = "Morgen.\n".repeat(bytes / "Morgen.\n".len());
    let context = Context::default();
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| nabij::check::check_reply(set, black_box(&text), &[&text], &context));
}
