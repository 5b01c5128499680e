//! Running a rule set over a reply. First the signals: every pattern of every rule and
//! signal in one scan, `unless` phrases cancelling in their sentence. Then the dimension
//! verdicts, built from signals. Then each rule by its kind: phrase and conditional rules
//! mark words, the others judge the reply as a whole. Findings come out sorted.

mod allow;
mod engine;
mod evidence;
mod findings;
pub(crate) mod matcher;
mod measure;
mod questions;
mod quick;
pub mod selftest;
mod signature;

pub use engine::{Engine, load};
use evidence::*;
use findings::*;
pub(crate) use matcher::Matcher;
use matcher::{Candidates, RawMatch, Role};
pub use selftest::{SelfTest, check_examples, check_signal_examples};

use crate::rules::{Anchor, Condition, Context, Kind, Severity, Shape, Source, Target, VERDICT_DIMENSIONS, Within};
use crate::span::Span;
use crate::text::Document;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::Serialize;

/// One thing a rule found in a reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Index of the rule in its `RuleSet`.
    pub rule: usize,
    pub severity: Severity,
    /// Byte range of the words that triggered it, in the text that was checked. For a
    /// finding about the reply as a whole: the sentence where the missing part belongs.
    pub span: Span,
    /// What exactly is wrong here, in Dutch, when the rule's message does not say it all
    /// ("ontbreekt: ...", "312 gewogen tekens").
    pub detail: Option<String>,
    /// The replacement for the marked words that is safe to apply without judgement (the
    /// rule's `[fix]`), in the case of the words it replaces.
    pub fix: Option<String>,
    /// Other rules that mark the very same words (by index, with their severity here),
    /// shown with this one rather than as findings of their own (see `lint`).
    pub related: Vec<(usize, Severity)>,
}

/// A dimension's verdict on one reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Present,
    Missing,
    NotNeeded,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Present => "present",
            Verdict::Missing => "missing",
            Verdict::NotNeeded => "not-needed",
        }
    }
}

/// The three verdicts of a reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Dimensions {
    pub empathy: Verdict,
    pub ownership: Verdict,
    pub follow_up: Verdict,
}

impl Dimensions {
    fn from_array(v: [Verdict; 3]) -> Dimensions {
        Dimensions {
            empathy: v[0],
            ownership: v[1],
            follow_up: v[2],
        }
    }
}

/// A signal seen in a reply or in the citizen's message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignalHit {
    /// Index of the signal in its `RuleSet`.
    pub signal: usize,
    /// Bytes of the text it was seen in: the reply, or part `incoming` of the citizen's message.
    pub span: Span,
    pub incoming: Option<usize>,
}

/// What checking one reply gives.
#[derive(Debug, Clone)]
pub struct Checked {
    pub findings: Vec<Finding>,
    pub dimensions: Dimensions,
    /// Every signal seen in the reply, sorted by position.
    pub signals: Vec<SignalHit>,
    /// Every signal seen in the citizen's message, by part and position.
    pub incoming: Vec<SignalHit>,
    /// Personal data in the reply (BSN, IBAN, phone numbers...), as byte spans: whatever
    /// shows the reply to people should mask these (`privacy::mask`).
    pub personal: Vec<Span>,
    /// Personal data in the citizen's message: (part, span in that part).
    pub incoming_personal: Vec<(usize, Span)>,
}

/// Check one reply. Spans are byte ranges of `text`.
pub fn check_text(set: &Engine, text: &str, context: &Context) -> Checked {
    check_reply(set, text, &[], context)
}

/// Check a reply to a citizen's message (given in one or more parts, e.g. the turns of a
/// thread). Finding spans are bytes of `reply`; incoming signal spans are bytes of their part.
pub fn check_reply(set: &Engine, reply: &str, incoming: &[&str], context: &Context) -> Checked {
    // A set of plain phrase rules reports nothing on a text where none of its patterns can
    // match: such a text is not even folded (see `quick`).
    let candidates = set.matcher.candidates(reply);
    if incoming.is_empty() && candidates == Candidates::Only(Vec::new()) {
        return Checked {
            findings: Vec::new(),
            dimensions: Dimensions::from_array([Verdict::NotNeeded; 3]),
            signals: Vec::new(),
            incoming: Vec::new(),
            personal: Vec::new(),
            incoming_personal: Vec::new(),
        };
    }
    PreparedReply::with_candidates(set, reply, candidates).check(set, incoming, context)
}

/// A reply read and scanned once, to be checked against any number of messages: a
/// standard reply sent word for word to many people is prepared once (`nabij report`).
/// Everything that depends on the reply alone is here; what depends on the message or
/// the context is done by `check`.
pub struct PreparedReply<'a> {
    doc: Document<'a>,
    scanned: Scanned,
    /// Per reply signal with a signature or question finder: what it found.
    found: Vec<(usize, Vec<(usize, usize)>)>,
    /// Where findings about the reply as a whole stand (see `Anchors`).
    anchors: Anchors,
}

/// The span of each `Anchor` of a reply, worked out when a finding first needs it: a
/// reply prepared once and checked against many messages finds its sentences once.
#[derive(Default)]
struct Anchors([std::cell::OnceCell<Span>; 2]);

impl Anchors {
    fn span(&self, doc: &Document, at: Anchor) -> Span {
        *self.0[at as usize].get_or_init(|| anchor_span(doc, at))
    }
}

impl<'a> PreparedReply<'a> {
    pub fn new(set: &Engine, reply: &'a str) -> PreparedReply<'a> {
        PreparedReply::with_candidates(set, reply, set.matcher.candidates(reply))
    }

    /// `new` for one of many replies written from the same template sentences (`nabij
    /// report`): the phrase matches of a sentence this thread has scanned before are
    /// remembered, not found again (see `Matcher::scan_remembering`). It costs a few MB
    /// per thread, which a single draft or a varied archive does not win back.
    pub fn remembering(set: &Engine, reply: &'a str) -> PreparedReply<'a> {
        let candidates = set.matcher.candidates(reply);
        PreparedReply::scanned(set, reply, |doc| set.matcher.scan_remembering(doc, &candidates))
    }

    /// Only `candidates` are verified in the reply (see `quick`).
    fn with_candidates(set: &Engine, reply: &'a str, candidates: Candidates) -> PreparedReply<'a> {
        PreparedReply::scanned(set, reply, |doc| set.matcher.scan(doc, &candidates, false))
    }

    /// The reply prepared with its phrase matches found by `phrases`.
    fn scanned(set: &Engine, reply: &'a str, phrases: impl FnOnce(&Document) -> Vec<RawMatch>) -> PreparedReply<'a> {
        let doc = Document::with_placeholders(reply, &set.placeholders);
        let mut scanned = scan(set, &doc, phrases(&doc), false);
        scanned.signals.retain(|h| !set.incoming_signals[h.0]);
        // Sorted once here rather than for every message the reply is checked against.
        scanned.rules.sort_unstable();
        let found = reply_finds(set, &doc);
        PreparedReply {
            doc,
            scanned,
            found,
            anchors: Anchors::default(),
        }
    }

    /// Check the reply against the citizen's message (in parts) in `context`.
    pub fn check(&self, set: &Engine, incoming: &[&str], context: &Context) -> Checked {
        self.check_listing(set, incoming, context, Listing::Full)
    }

    /// `check` for counting (`nabij report`): the same findings, dimensions, signals of the
    /// citizen's message and personal data, but `signals` is left empty and findings carry
    /// no `detail`. Where the reply's own signals stand and what a finding's detail says are
    /// shown to a writer, never counted; listing the signals (each mapped back to the
    /// original text, sorted and merged) and writing the details cost a report time.
    pub fn check_for_counts(&self, set: &Engine, incoming: &[&str], context: &Context) -> Checked {
        self.check_listing(set, incoming, context, Listing::ForCounts)
    }

    fn check_listing(&self, set: &Engine, incoming: &[&str], context: &Context, listing: Listing) -> Checked {
        let incoming: Vec<Document> = incoming.iter().map(|t| Document::new(t)).collect();
        check_prepared(set, self, &incoming, context, listing)
    }
}

/// What a check lists: everything, or what is counted (see `check_for_counts`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Listing {
    Full,
    /// Without the reply's own signals and the findings' details.
    ForCounts,
}

/// The first and last token of each sentence.
fn sentences<'d>(doc: &'d Document<'_>) -> impl Iterator<Item = (usize, usize)> + 'd {
    doc.sentence_ranges().map(|(first, end)| (first, end - 1))
}

/// Words that open a salutation ("Beste mevrouw Jansen,", "Hoi!").
const SALUTATIONS: &[&str] = &[
    "beste",
    "geachte",
    "hoi",
    "hallo",
    "hey",
    "hee",
    "hi",
    "dag",
    "goedemorgen",
    "goedemiddag",
    "goedenavond",
    "goedendag",
    "lieve",
    "ha",
];

/// The original span of a whole-reply finding: the first sentence after a salutation, or the
/// last sentence; the trimmed text when there are no words.
fn anchor_span(doc: &Document, at: Anchor) -> Span {
    let s: Vec<(usize, usize)> = sentences(doc).collect();
    let salutation = |&(first, last): &(usize, usize)| last - first < 5 && SALUTATIONS.contains(&doc.word(first));
    let pick = match at {
        Anchor::Start if s.len() > 1 && salutation(&s[0]) => s.get(1),
        Anchor::Start => s.first(),
        Anchor::End => s.last(),
    };
    match pick {
        Some(&(first, last)) => doc.token_span(first, last),
        None => {
            let start = doc.source.len() - doc.source.trim_start().len();
            let end = doc.source.trim_end().len().max(start);
            Span::new(start, end)
        }
    }
}

fn sentence_at(doc: &Document, folded: usize) -> Option<(u32, bool)> {
    let i = doc.tokens.partition_point(|t| (t.end as usize) <= folded);
    let t = doc.tokens.get(i)?;
    let opens = i == 0 || doc.tokens[i - 1].sentence != t.sentence;
    Some((t.sentence, opens && t.start as usize >= folded))
}

/// The reply signals a signature or question finder finds in the reply.
fn reply_finds(set: &Engine, doc: &Document) -> Vec<(usize, Vec<(usize, usize)>)> {
    let mut out = Vec::new();
    for (i, signal) in set.signals().iter().enumerate() {
        if signal.source == Source::Incoming {
            continue;
        }
        let found = match (&signal.signature, &signal.questions) {
            (Some(spec), _) => signature::find(doc, spec),
            (_, Some(spec)) => questions::find(doc, spec),
            _ => continue,
        };
        out.push((i, found));
    }
    out
}

/// Check a prepared reply against the parts of the citizen's message: gather the signals,
/// mark words, judge the reply as a whole, then raise severities where the context asks.
fn check_prepared(
    set: &Engine,
    prepared: &PreparedReply,
    incoming: &[Document],
    context: &Context,
    listing: Listing,
) -> Checked {
    let doc = &prepared.doc;
    // The reply and the message's parts; a message in one part (a report's row) needs no
    // vector for that.
    let pair: [&Document; 2];
    let many: Vec<&Document>;
    let docs: &[&Document] = match incoming {
        [] | [_] => {
            pair = [doc, incoming.first().unwrap_or(doc)];
            &pair[..1 + incoming.len()]
        }
        _ => {
            many = std::iter::once(doc).chain(incoming).collect();
            &many
        }
    };
    let mut incoming_hits = Vec::with_capacity(incoming.len());
    let mut incoming_personal = Vec::new();
    for (i, part) in incoming.iter().enumerate() {
        let raw = set.matcher.scan(part, &Candidates::All, true);
        let mut scanned = scan(set, part, raw, true);
        scanned.signals.retain(|h| set.incoming_signals[h.0]);
        incoming_hits.push(scanned.signals);
        incoming_personal.extend(scanned.personal.into_iter().map(|s| (i, s)));
    }
    let reply = &prepared.scanned;
    let mut evidence = gather_evidence(set, docs, context, &reply.signals, &incoming_hits, &prepared.found);
    let mut findings = phrase_findings(set, doc, &evidence, &reply.rules, listing == Listing::Full);
    for (tag, (_, members)) in evidence.tags.iter_mut().zip(&set.tags) {
        *tag = findings.iter().any(|f| members.contains(&f.rule));
    }
    let verdicts: [Verdict; 3] = std::array::from_fn(|d| {
        set.verdicts[d].map_or(Verdict::NotNeeded, |r| verdict(&set.rules()[r].kind, &evidence))
    });
    whole_reply_findings(
        set,
        docs,
        listing == Listing::Full,
        &prepared.anchors,
        (&reply.personal, &incoming_personal),
        &evidence,
        &verdicts,
        &mut findings,
    );
    if !set.escalating.is_empty() {
        for f in &mut findings {
            if let Some((when, severity)) = &set.rules()[f.rule].escalate
                && evidence.all(when)
            {
                f.severity = f.severity.max(*severity);
            }
        }
    }
    // Suppressions, then the findings about suppressions themselves.
    let mut allows = allow::find(doc.source, &context.allow);
    allow::apply(set, &mut findings, &mut allows);
    for &ri in &set.allow_rules {
        let rule = &set.rules()[ri];
        if !evidence.all(&rule.when) {
            continue;
        }
        for a in &allows {
            if let Some(detail) = allow::problem(set, a) {
                findings.push(Finding {
                    rule: ri,
                    severity: rule.severity,
                    span: a.at.unwrap_or_else(|| prepared.anchors.span(doc, rule.at)),
                    detail: (listing == Listing::Full).then_some(detail),
                    fix: None,
                    related: Vec::new(),
                });
            }
        }
    }
    // `RuleSet` keeps its rules sorted by id, so the rule index orders ties by id.
    findings.sort_by_key(|f| (f.span.start, f.span.end, f.rule));
    let mut signals = Vec::new();
    let mut seen_incoming = Vec::new();
    for signal in 0..set.signals().len() {
        for h in evidence.of(signal) {
            if h.doc == 0 && listing == Listing::ForCounts {
                continue;
            }
            let hit = SignalHit {
                signal,
                span: docs[h.doc].folded.original(h.start, h.end),
                incoming: (h.doc > 0).then(|| h.doc - 1),
            };
            if h.doc == 0 {
                signals.push(hit)
            } else {
                seen_incoming.push(hit)
            }
        }
    }
    // Overlapping hits of one signal are one sighting ("al drie keer gebeld").
    let merge = |mut hits: Vec<SignalHit>| {
        hits.sort_by_key(|h| (h.incoming, h.signal, h.span.start, h.span.end));
        let mut out: Vec<SignalHit> = Vec::new();
        for h in hits {
            match out.last_mut() {
                Some(last)
                    if last.signal == h.signal && last.incoming == h.incoming && h.span.start < last.span.end =>
                {
                    last.span.end = last.span.end.max(h.span.end)
                }
                _ => out.push(h),
            }
        }
        out.sort_by_key(|h| (h.incoming, h.span.start, h.span.end, h.signal));
        out
    };
    let signals = merge(signals);
    let seen_incoming = merge(seen_incoming);
    Checked {
        findings,
        dimensions: Dimensions::from_array(verdicts),
        signals,
        incoming: seen_incoming,
        personal: reply.personal.clone(),
        incoming_personal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{Platform, RuleFileContent, parse_rule_file};
    use std::sync::Arc;

    /// A rule set from rule bodies (`id`, `kind` and the rest) and signal bodies.
    fn set_of(rules: &[(&str, &str)], signals: &[(&str, &str)]) -> Engine {
        let parse = |text: String| match parse_rule_file("test.toml", Arc::from(text), true) {
            Ok(c) => c,
            Err(e) => panic!("{}", e[0]),
        };
        let rules = rules
            .iter()
            .map(|(id, body)| {
                let dimension = if body.contains("dimension") { "" } else { "dimension = \"clarity\"\n" };
                let text = format!(
                    "id = \"{id}\"\n{dimension}severity = \"warning\"\nmessage = \"m\"\nwhy = \"w\"\nsuggest = [\"s\"]\n{body}\n[examples]\nfire = [\"«x»\"]\nsilent = [\"y\"]\n"
                );
                match parse(text) {
                    RuleFileContent::Rule(r) => r,
                    RuleFileContent::Signal(_) => unreachable!(),
                }
            })
            .collect();
        let signals = signals
            .iter()
            .map(|(id, body)| {
                let text = format!(
                    "signal = \"{id}\"\ndescription = \"{id}\"\n{body}\n[examples]\nfire = [\"«x»\"]\nsilent = [\"y\"]\n"
                );
                match parse(text) {
                    RuleFileContent::Signal(s) => s,
                    RuleFileContent::Rule(_) => unreachable!(),
                }
            })
            .collect();
        let (set, errors) = crate::rules::RuleSet::new(rules, signals);
        assert!(errors.is_empty(), "{}", errors[0]);
        Engine::new(set)
    }

    fn phrase_set(id: &str, body: &str) -> Engine {
        set_of(&[(id, body)], &[])
    }

    fn marked_in(set: &Engine, text: &str, context: &Context) -> Vec<(String, String)> {
        check_text(set, text, context)
            .findings
            .into_iter()
            .map(|f| {
                (
                    set.rules()[f.rule].id.clone(),
                    text[f.span.start..f.span.end].to_string(),
                )
            })
            .collect()
    }

    fn marked(set: &Engine, text: &str) -> Vec<(String, String)> {
        marked_in(set, text, &Context::default())
    }

    /// Plain phrase rules with a verb, stars, an optional group and an `unless`.
    fn quick_set() -> Engine {
        set_of(
            &[
                (
                    "doorgezet",
                    "patterns = [\"intern door~zetten\", \"het is niet aan ons om\"]",
                ),
                ("afdeling", "patterns = [\"*afdeling ...2 gestuur*\"]"),
                ("zon", "patterns = [\"zo'n (lange|korte)? wachttijd\"]"),
                ("behandeling", "patterns = [\"in behandeling\"]\nunless = [\"morgen\"]"),
            ],
            &[],
        )
    }

    /// Words of those rules in every case and shape, words around them, and what folding
    /// and tokenising treat specially (apostrophes, backticks, hyphens, underscores, accents).
    const QUICK_WORDS: &[&str] = &[
        "intern",
        "INTERN",
        "Intern",
        "doorgezet",
        "DoorGezet",
        "zetten",
        "zet",
        "door",
        "te",
        "het",
        "is",
        "niet",
        "aan",
        "ons",
        "om",
        "klantenafdeling",
        "afdeling",
        "afdelingen",
        "gestuurd",
        "doorgestuurd",
        "zo'n",
        "zo`n",
        "zo",
        "n",
        "lange",
        "korte",
        "wachttijd",
        "in",
        "behandeling",
        "morgen",
        "we",
        "je",
        "vraag",
        "Één",
        "één",
        "internationaal",
        "intern_doorgezet",
        "intern-doorgezet",
        "t/m",
        "3e",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]
        /// On generated texts: the quick reject turns down only texts where the full check
        /// finds nothing, and a text it lets through gets exactly the full check's findings.
        #[test]
        fn the_quick_reject_agrees_with_the_full_check_on_generated_texts(
            words in proptest::collection::vec(proptest::sample::select(QUICK_WORDS), 0..16),
            seps in proptest::collection::vec(proptest::sample::select(&[" ", "  ", ", ", ". ", "\n", "\t", "-", "'"][..]), 16),
        ) {
            static SET: std::sync::LazyLock<Engine> = std::sync::LazyLock::new(quick_set);
            let text: String = words.iter().zip(&seps).flat_map(|(w, s)| [*w, *s]).collect();
            let quick = check_reply(&SET, &text, &[], &Context::default());
            let full = PreparedReply::with_candidates(&SET, &text, Candidates::All).check(&SET, &[], &Context::default());
            proptest::prop_assert_eq!(quick.findings, full.findings, "{:?}", text);
        }
    }

    /// A set of plain phrase rules turns texts without a possible match down unread
    /// (`QuickReject`). Whatever it turns down, the full check must find nothing in either.
    #[test]
    fn the_quick_reject_never_drops_a_finding() {
        let set = quick_set();
        let may_match = |text: &str| set.matcher.candidates(text) != Candidates::Only(Vec::new());
        assert!(may_match("intern doorgezet") && !may_match("ik bel je morgen"));
        let texts = [
            "We hebben het INTERN doorgezet.",
            "We zetten je vraag\n\nintern door",
            "We  zetten   je vraag intern\tdoor",
            "Het is niet aan ons om.",
            "Het is,   niet aan  ons om",
            "naar de klantenafdeling gestuurd",
            "naar de afdeling gestuurd",
            "Zo`n lange wachttijd",
            "zo'n wachttijd",
            "Z o'n wachttijd",
            "Ik bel je morgen.",
            "intern_doorgezet",
            "Één keer intern doorgezet",
            "internationaal doorgezet",
            "intern-doorgezet",
            "Je aanvraag is in behandeling.",
            "Je aanvraag is in behandeling, ik bel je morgen.",
            "",
        ];
        let mut found = 0;
        for text in texts {
            let quick = check_reply(&set, text, &[], &Context::default());
            let full =
                PreparedReply::with_candidates(&set, text, Candidates::All).check(&set, &[], &Context::default());
            assert_eq!(quick.findings, full.findings, "{text:?}");
            if !full.findings.is_empty() {
                assert!(may_match(text), "{text:?}");
            }
            found += full.findings.len();
        }
        assert!(found >= 8, "the texts hold matches to lose: {found}");
    }

    #[test]
    fn regex_rules_match_folded_text_outside_masks() {
        let set = phrase_set("kenmerk", r#"regex = ['kenmerk \d{4}']"#);
        assert_eq!(
            marked(&set, "Uw KENMERK 1234 is bekend."),
            [("kenmerk".into(), "KENMERK 1234".into())]
        );
        assert!(
            marked(&set, "Zie https://x.nl/kenmerk 1234").is_empty(),
            "a match touching a URL is dropped"
        );
        assert!(
            marked(&set, "Zie \"kenmerk 1234\" in de brief.").is_empty(),
            "quoted text is masked"
        );
    }

    #[test]
    fn overlapping_matches_of_one_rule_merge_and_unless_cancels_per_sentence() {
        let set = phrase_set(
            "doorgezet",
            "patterns = [\"intern doorgezet\", \"doorgezet naar de afdeling\"]\nunless = [\"morgen\"]",
        );
        assert_eq!(
            marked(&set, "Het is intern doorgezet naar de afdeling."),
            [("doorgezet".into(), "intern doorgezet naar de afdeling".into())]
        );
        assert!(marked(&set, "Het is intern doorgezet, je hoort morgen meer.").is_empty());
        assert_eq!(marked(&set, "Je hoort morgen meer. Het is intern doorgezet.").len(), 1);
    }

    #[test]
    fn matches_do_not_cross_sentences_and_gaps_are_bounded() {
        let set = phrase_set("hoogte", "patterns = [\"houden ...3 op de hoogte\"]");
        assert_eq!(marked(&set, "We houden je graag op de hoogte.").len(), 1);
        assert!(marked(&set, "We houden je. Op de hoogte.").is_empty());
        assert!(marked(&set, "We houden je echt heel erg graag op de hoogte.").is_empty());
    }

    const TIME: (&str, &str) = ("tijd", "patterns = [\"(morgen|vrijdag)\"]");

    #[test]
    fn a_conditional_rule_is_silenced_by_its_signal_within_reach() {
        let rule = "kind = \"conditional\"\npatterns = [\"we kijken ernaar\"]\nthen = [\"tijd\"]";
        let next = set_of(&[("vaag", rule)], &[TIME]);
        assert_eq!(marked(&next, "We kijken ernaar.").len(), 1);
        assert!(marked(&next, "We kijken ernaar en bellen je morgen.").is_empty());
        assert!(marked(&next, "We kijken ernaar. Morgen bel ik je.").is_empty());
        assert_eq!(
            marked(&next, "We kijken ernaar. Ik bel je. Morgen weet ik meer.").len(),
            1
        );
        let same = set_of(&[("vaag", &format!("{rule}\nwithin = \"sentence\""))], &[TIME]);
        assert_eq!(marked(&same, "We kijken ernaar. Morgen bel ik je.").len(), 1);
    }

    #[test]
    fn a_finding_about_the_start_skips_the_salutation() {
        let set = set_of(&[("r", "kind = \"require\"\nrequire = [\"tijd\"]")], &[TIME]);
        let text = "Beste mevrouw Jansen,\n\nBedankt voor uw bericht. Wij zoeken het uit.";
        let f = &check_text(&set, text, &Context::default()).findings[0];
        assert_eq!(&text[f.span.start..f.span.end], "Bedankt voor uw bericht");
        let text = "Goedemiddag, wij hebben uw vraag ontvangen en zoeken het uit.";
        let f = &check_text(&set, text, &Context::default()).findings[0];
        assert_eq!(f.span.start, 0, "a long first sentence is not a salutation");
    }

    #[test]
    fn a_require_rule_names_what_is_missing_and_respects_its_context() {
        let rule = "kind = \"require\"\nrequire = [\"tijd\", \"naam\"]\nwhen = [\"automatic\"]\nat = \"end\"";
        let set = set_of(&[("eerlijk", rule)], &[TIME, ("naam", "patterns = [\"anne\"]")]);
        let auto = Context {
            automatic: true,
            ..Context::default()
        };
        let checked = check_text(&set, "Dank je. We lezen het vrijdag.", &auto);
        assert_eq!(checked.findings.len(), 1);
        assert_eq!(checked.findings[0].detail.as_deref(), Some("ontbreekt: naam"));
        let text = "Dank je. We lezen het vrijdag.";
        let span = checked.findings[0].span;
        assert_eq!(
            &text[span.start..span.end],
            "We lezen het vrijdag",
            "placed on the last sentence"
        );
        assert!(
            check_text(&set, "Dank je. Anne leest het vrijdag.", &auto)
                .findings
                .is_empty()
        );
        assert!(
            check_text(&set, "Dank je.", &Context::default()).findings.is_empty(),
            "not automatic"
        );
    }

    fn verdict_set() -> Engine {
        let rule = "dimension = \"empathy\"\nkind = \"verdict\"\npresent = [\"erkenning\"]\nundone_by = [\"maar\"]\nneeded = [\"probleem\"]";
        set_of(
            &[("erkenning-ontbreekt", rule)],
            &[
                ("erkenning", "patterns = [\"vervelend\"]"),
                ("maar", "patterns = [\"maar\"]"),
                ("probleem", "patterns = [\"(kapot|helaas)\"]"),
            ],
        )
    }

    #[test]
    fn verdicts_are_present_missing_or_not_needed() {
        let set = verdict_set();
        let v = |text: &str| check_text(&set, text, &Context::default()).dimensions.empathy;
        assert_eq!(v("Vervelend dat je lamp kapot is."), Verdict::Present);
        assert_eq!(v("Je lamp is kapot."), Verdict::Missing);
        assert_eq!(v("De milieustraat is zaterdag open."), Verdict::NotNeeded);
        assert_eq!(
            v("Vervelend dat je lamp kapot is, maar zo is het."),
            Verdict::Missing,
            "taken back"
        );
        assert_eq!(
            v("Vervelend dat je lamp kapot is. Maar zo is het."),
            Verdict::Missing,
            "next sentence"
        );
        assert_eq!(
            v("Maar dat is vervelend, je lamp is kapot."),
            Verdict::Present,
            "a maar before it"
        );
        assert_eq!(v("Vervelend dat je lamp kapot is. Ik maar ook."), Verdict::Present);
    }

    #[test]
    fn consistency_marks_the_minority_and_a_tie_goes_to_the_first_form() {
        let set = set_of(
            &[("u-je", "kind = \"consistency\"\ngroups = [\"u\", \"je\"]")],
            &[("u", "patterns = [\"(u|uw)\"]"), ("je", "patterns = [\"(je|jouw)\"]")],
        );
        assert_eq!(
            marked(&set, "Kunt u je BSN sturen? Dan zoek ik uw vraag uit."),
            [("u-je".into(), "je".into())]
        );
        assert_eq!(marked(&set, "Kun je uw BSN sturen?"), [("u-je".into(), "uw".into())]);
        assert!(marked(&set, "Kun je je BSN sturen?").is_empty());
    }

    #[test]
    fn tags_let_a_rule_depend_on_phrase_findings() {
        let set = set_of(
            &[
                (
                    "doorgezet",
                    "patterns = [\"intern doorgezet\"]\ntags = [\"doorverwijzing\"]",
                ),
                (
                    "wie",
                    "kind = \"require\"\nrequire = [\"ik\"]\nwhen = [\"tag:doorverwijzing\"]",
                ),
            ],
            &[("ik", "patterns = [\"ik\"]")],
        );
        let ids: Vec<String> = marked(&set, "Het is intern doorgezet.")
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        assert_eq!(
            ids,
            ["wie", "doorgezet"],
            "the require finding is placed on the whole first sentence"
        );
        assert_eq!(marked(&set, "Ik heb het intern doorgezet.").len(), 1);
        assert!(marked(&set, "Het is geregeld.").is_empty());
    }

    #[test]
    fn a_derived_signal_needs_its_parts_in_one_sentence() {
        let set = set_of(
            &[("vervolg", "kind = \"require\"\nrequire = [\"bel-met-tijd\"]")],
            &[
                TIME,
                ("bel", "patterns = [\"~bellen\"]"),
                ("bel-met-tijd", "together = [\"tijd\", \"bel\"]"),
            ],
        );
        assert!(marked(&set, "Ik bel je morgen.").is_empty());
        assert_eq!(marked(&set, "Ik bel je. Morgen is het vrijdag.").len(), 1);
        let checked = check_text(&set, "Het is geregeld. Ik bel je morgen.", &Context::default());
        let derived = checked
            .signals
            .iter()
            .find(|h| set.signals()[h.signal].id == "bel-met-tijd")
            .unwrap();
        assert_eq!(
            &"Het is geregeld. Ik bel je morgen."[derived.span.start..derived.span.end],
            "bel je morgen"
        );
    }

    #[test]
    fn metric_rules_count_by_platform_and_say_what_they_counted() {
        let set = phrase_set("lengte", "kind = \"metric\"\nmetric = \"length\"\n[limits]\nx = 10");
        let x = Context {
            platform: Some(Platform::X),
            ..Context::default()
        };
        let checked = check_text(&set, "Een zin van twintig.", &x);
        assert_eq!(checked.findings.len(), 1);
        let f = &checked.findings[0];
        assert_eq!(
            &"Een zin van twintig."[f.span.start..f.span.end],
            "n twintig.",
            "from the 11th character"
        );
        assert!(
            f.detail
                .as_deref()
                .unwrap()
                .starts_with("20 gewogen tekens; X staat er 10 toe")
        );
        assert!(
            check_text(&set, "Een zin van twintig.", &Context::default())
                .findings
                .is_empty(),
            "no platform"
        );
    }

    #[test]
    fn checking_for_counts_gives_the_same_judgement_without_reply_signal_spans_and_details() {
        let (set, errors) = super::load(&crate::rules::LoadOptions::default());
        assert!(errors.is_empty());
        let cases = [
            (
                "Beste Sanne, wat vervelend! Ik zoek het uit. Groet, Ahmed",
                "Ik heb al 3 keer gebeld en niemand helpt me. Ik weet het niet meer. Wanneer komt er iemand?",
            ),
            (
                "Uw melding is intern doorgezet naar de betreffende afdeling.",
                "Mijn BSN is 111222333, bel me op 06-12345678.",
            ),
            ("Dank voor je bericht. We kijken ernaar.", ""),
            // A metric (exclamation marks) and a suppression without a reason: findings
            // with a detail of their own kind.
            (
                "<!-- nabij-allow intern-doorgezet -->\nWat fijn!!! Echt super!!!! Wij kijken ernaar!!!",
                "Hoi",
            ),
        ];
        let x = Context {
            platform: Some(Platform::X),
            ..Context::default()
        };
        let (mut seen_reply_signals, mut seen_details) = (0, 0);
        for (reply, message) in cases {
            for context in [&Context::default(), &x] {
                let prepared = PreparedReply::new(&set, reply);
                let incoming: Vec<&str> = [message].into_iter().filter(|m| !m.is_empty()).collect();
                let full = prepared.check(&set, &incoming, context);
                let counted = prepared.check_for_counts(&set, &incoming, context);
                let without_details: Vec<Finding> = (full.findings.iter())
                    .map(|f| Finding {
                        detail: None,
                        ..f.clone()
                    })
                    .collect();
                assert_eq!(counted.findings, without_details, "{reply}");
                seen_details += full.findings.iter().filter(|f| f.detail.is_some()).count();
                assert_eq!(counted.dimensions, full.dimensions, "{reply}");
                assert_eq!(counted.incoming, full.incoming, "{reply}");
                assert_eq!(counted.personal, full.personal, "{reply}");
                assert_eq!(counted.incoming_personal, full.incoming_personal, "{reply}");
                assert!(counted.signals.is_empty());
                seen_reply_signals += full.signals.len();
            }
        }
        assert!(seen_reply_signals > 0, "the cases must have reply signals to leave out");
        assert!(seen_details > 0, "the cases must have details to leave out");
        let kinds_with_details: std::collections::BTreeSet<&str> = cases
            .iter()
            .flat_map(|(reply, message)| PreparedReply::new(&set, reply).check(&set, &[message], &x).findings)
            .filter(|f| f.detail.is_some())
            .map(|f| set.rules()[f.rule].kind_name())
            .collect();
        for kind in ["metric", "allow", "require"] {
            assert!(
                kinds_with_details.contains(kind),
                "no {kind} detail in {kinds_with_details:?}"
            );
        }
    }
}
