//! One scan for all rules. Every phrase pattern is indexed under one required word (its
//! anchor); the scan looks each token of a reply up once and verifies only the patterns
//! anchored on that word, outward within their gap limits. Cost grows with the text and
//! the anchor hits, not with the number of rules. Regex rules share one `RegexSet` pass.

mod verify;

use super::quick::QuickReject;
use crate::privacy::{self, Detector, Settings};
use crate::rules::gated::{ByteSet, GatedRegex};
use crate::rules::phrase::{Element, Pattern};
use crate::rules::verbs::VerbForms;
use crate::rules::{Rule, Signal};
use crate::span::Span;
use crate::text::Document;
use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;
use verify::*;

/// How far before a separable particle its verb may stand ("we zetten je vraag over de
/// WIA-keuring intern door": 7 words).
const SPLIT_VERB_REACH: usize = 10;

/// Very common words make poor anchors: a pattern is indexed under a rarer word if it has one.
/// Sorted, for a binary search.
const COMMON: &[&str] = &[
    "aan", "dat", "de", "dit", "een", "en", "er", "hebben", "heeft", "het", "ik", "in", "is", "je", "jouw", "met",
    "naar", "niet", "om", "op", "te", "u", "uw", "van", "voor", "we", "wij", "worden", "wordt", "zijn",
];
/// The length of the longest word in `COMMON`.
const COMMON_MAX_LEN: usize = 6;

/// A word of at most 8 bytes as a number, big-endian and padded with zeros, so numbers
/// sort as the words do.
const fn packed(word: &[u8]) -> u64 {
    let mut n = 0u64;
    let mut i = 0;
    while i < 8 {
        n = (n << 8) | if i < word.len() { word[i] as u64 } else { 0 };
        i += 1;
    }
    n
}

/// `COMMON` packed (sorted, as `COMMON` is): a word is looked up with one number
/// comparison per step, at every word of every anchor list at start-up.
const COMMON_PACKED: [u64; COMMON.len()] = {
    let mut out = [0u64; COMMON.len()];
    let mut i = 0;
    while i < COMMON.len() {
        out[i] = packed(COMMON[i].as_bytes());
        i += 1;
    }
    out
};

fn is_common(word: &str) -> bool {
    word.len() <= COMMON_MAX_LEN && COMMON_PACKED.binary_search(&packed(word.as_bytes())).is_ok()
}

/// What a pattern's matches do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// A match of the rule or signal.
    Match,
    /// `unless`: cancels the rule or signal in the sentence it stands in.
    Unless,
    /// `except`: cancels only the matches it overlaps ("Mijn DUO" is not a speaker).
    Except,
}

#[derive(Debug)]
struct Compiled {
    pattern: Arc<Pattern>,
    rule: usize,
    role: Role,
    /// Most tokens the elements before the anchor can cover.
    reach_before: usize,
    /// For each other element every match needs and that is a list of whole words: the
    /// bits of those words. A text that meets none of one element's bits is not verified.
    needs: Vec<WordBits>,
    /// The pattern is its anchor alone, a word: every token it is looked up under is a
    /// match of that one token, with nothing to verify ("ik", "morgen", "u").
    lone_word: bool,
}

/// A set of words as 256 bits, one per word, picked by its hash: a text's words, or the
/// words one pattern element accepts. Only a necessary condition, as a Bloom filter is:
/// two words can share a bit, a word is never missing from its own.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct WordBits([u64; 4]);

impl WordBits {
    fn insert(&mut self, word: &str) {
        // A hash of the length and three letters, not of every byte: this runs on every
        // token, and a shared bit only costs a verification.
        let b = word.as_bytes();
        let at = |i: usize| u32::from(b.get(i).copied().unwrap_or(0));
        let h = (b.len() as u32).wrapping_mul(0x9E37_79B9)
            ^ at(0).wrapping_mul(0x85EB_CA6B)
            ^ at(b.len() / 2).wrapping_mul(0xC2B2_AE35)
            ^ at(b.len().wrapping_sub(1)).wrapping_mul(0x27D4_EB2F);
        let bit = (h >> 24) as u8;
        self.0[usize::from(bit >> 6)] |= 1 << (bit & 63);
    }

    fn meets(&self, other: &WordBits) -> bool {
        self.0.iter().zip(&other.0).any(|(a, b)| a & b != 0)
    }

    /// The words of `doc` a pattern can use (masked tokens are never part of a match).
    fn of(doc: &Document) -> WordBits {
        let mut bits = WordBits::default();
        for (i, t) in doc.tokens.iter().enumerate() {
            if !t.masked {
                bits.insert(doc.word(i));
            }
        }
        bits
    }

    /// The bits of the words `e` can match, if it is required and made of whole words
    /// only (a word's start or end cannot be looked up by hash).
    fn of_element(e: &Element) -> Option<WordBits> {
        let words: Vec<&str> = match e {
            Element::Word(set) if set.parts.is_none() => set.exact.iter().collect(),
            // A verb is met as one of its joined forms, or by its particle ("door te
            // zetten", "zetten het door").
            Element::Verb(verbs) => verbs.keys().map(String::as_str).collect(),
            _ => return None,
        };
        let mut bits = WordBits::default();
        words.iter().for_each(|w| bits.insert(w));
        // No words would turn every text down: never the case for a parsed pattern.
        (!words.is_empty()).then_some(bits)
    }
}

/// Which patterns a scan verifies: all, or only these (by number, sorted), when the quick
/// reject has shown that no other can match the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Candidates {
    All,
    Only(Vec<u32>),
}

impl Candidates {
    fn includes(&self, pattern: u32) -> bool {
        match self {
            Candidates::All => true,
            Candidates::Only(only) => only.binary_search(&pattern).is_ok(),
        }
    }
}

/// A phrase pattern matched on tokens `first..end` of a document (its marked part; the
/// context words around a `{...}` focus are not included).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct RawMatch {
    pub rule: usize,
    pub role: Role,
    pub first: usize,
    pub end: usize,
}

/// Token positions of a match in progress: where the whole match starts, and where the
/// focus starts and ends.
#[derive(Debug, Clone, Copy)]
struct Marks {
    first: usize,
    focus_start: usize,
    focus_end: usize,
}

/// Patterns by their anchor: a whole word, or a word's start or end.
#[derive(Debug, Default)]
struct Index {
    /// Per word: the patterns anchored on it, and (with `SHARED`) the shared lists holding it.
    by_word: HashMap<String, Postings>,
    /// Per shared list (a word class, a class of verbs): the patterns anchored on it. Its
    /// words are indexed once, however many patterns name it.
    by_list: Vec<Vec<u32>>,
    /// Build time only: the slot in `by_list` of each shared list, by its address.
    lists: HashMap<usize, u32>,
    by_prefix: Vec<(String, u32)>,
    by_suffix: Vec<(String, u32)>,
    /// Patterns anchored on a word class with numbers: tried at every token that starts
    /// with a digit (the class's word set tells whether its ending fits).
    by_number: Vec<u32>,
}

impl Index {
    /// File `entry` under `word` (the word is copied only the first time).
    fn file(&mut self, word: &str, entry: u32) {
        match self.by_word.get_mut(word) {
            Some(Postings::One(first)) => {
                let first = *first;
                self.by_word
                    .insert(word.to_string(), Postings::Many(vec![first, entry]));
            }
            Some(Postings::Many(list)) => list.push(entry),
            None => {
                self.by_word.insert(word.to_string(), Postings::One(entry));
            }
        }
    }
}

/// The entries filed under one word: most words have one, kept without a list of its own
/// (thousands of words are filed at every start-up).
#[derive(Debug)]
enum Postings {
    One(u32),
    Many(Vec<u32>),
}

impl Postings {
    fn as_slice(&self) -> &[u32] {
        match self {
            Postings::One(one) => std::slice::from_ref(one),
            Postings::Many(many) => many,
        }
    }
}

/// The compiled patterns of one text (the reply, or the citizen's message) and their index.
/// Patterns are numbered within their side.
#[derive(Debug, Default)]
struct Side {
    compiled: Vec<Compiled>,
    index: Index,
}

impl Side {
    fn add(&mut self, cache: &mut SharedCache, pattern: Arc<Pattern>, rule: usize, role: Role) {
        let idx = self.compiled.len() as u32;
        let (anchor, _) = pattern
            .elements
            .iter()
            .enumerate()
            .filter_map(|(i, e)| {
                let score = match shared_list(e) {
                    Some(key) => *cache.score.entry(key).or_insert_with(|| anchor_score(e)),
                    None => anchor_score(e),
                };
                score.map(|s| (i, s))
            })
            .max_by_key(|&(i, s)| (s, std::cmp::Reverse(i)))
            .expect("a parsed pattern has a required element");
        let reach_before = pattern.elements[..anchor].iter().map(Element::max_width).sum();
        let needs = (pattern.elements.iter().enumerate())
            .filter(|&(i, _)| i != anchor)
            .filter_map(|(_, e)| match shared_list(e) {
                Some(key) => *cache.bits.entry(key).or_insert_with(|| WordBits::of_element(e)),
                None => WordBits::of_element(e),
            })
            .collect();
        let index = &mut self.index;
        if let Some(key) = shared_list(&pattern.elements[anchor]) {
            // A shared list's words go into the index once; later patterns join its slot.
            let slot = match index.lists.get(&key) {
                Some(&slot) => slot,
                None => {
                    let slot = index.by_list.len() as u32;
                    index.lists.insert(key, slot);
                    index.by_list.push(Vec::new());
                    let words: Vec<&str> = match &pattern.elements[anchor] {
                        Element::Word(w) => w.exact.iter().collect(),
                        Element::Verb(v) => v.keys().map(String::as_str).collect(),
                        Element::Optional(_) | Element::Gap(_) | Element::Start => {
                            unreachable!("anchors are required elements")
                        }
                    };
                    // Each once: a class's words are deduplicated, and so are a verb set's keys.
                    for w in words {
                        index.file(w, slot | SHARED);
                    }
                    slot
                }
            };
            index.by_list[slot as usize].push(idx);
            if matches!(&pattern.elements[anchor], Element::Word(w) if !w.numbers().is_empty()) {
                index.by_number.push(idx);
            }
        } else {
            match &pattern.elements[anchor] {
                Element::Word(set) => {
                    let (exact, prefixes, suffixes, numbers) =
                        (&set.exact, set.prefixes(), set.suffixes(), set.numbers());
                    for w in exact.iter() {
                        index.file(w, idx);
                    }
                    if !numbers.is_empty() {
                        index.by_number.push(idx);
                    }
                    index.by_prefix.extend(prefixes.iter().map(|p| (p.clone(), idx)));
                    index.by_suffix.extend(suffixes.iter().map(|s| (s.clone(), idx)));
                }
                Element::Verb(v) => {
                    for k in v.keys() {
                        index.file(k, idx);
                    }
                }
                Element::Optional(_) | Element::Gap(_) | Element::Start => {
                    unreachable!("anchors are required elements")
                }
            }
        }
        // The scan looks a word up under the same test `WordSet::matches` makes.
        let lone_word =
            matches!(&pattern.elements[..], [Element::Word(w)] if w.numbers().is_empty()) && pattern.focus == (0, 1);
        self.compiled.push(Compiled {
            pattern,
            rule,
            role,
            reach_before,
            needs,
            lone_word,
        });
    }
}

/// In `Index::by_word`, an entry with this bit is a shared list's slot, not a pattern.
const SHARED: u32 = 1 << 31;

/// The address of a word list many patterns share (a word class, a class of verbs), which
/// the matcher indexes, scores and hashes once; `None` for a pattern's own words.
fn shared_list(e: &Element) -> Option<usize> {
    match e {
        Element::Word(w) | Element::Optional(w) if w.sorted => Some(Arc::as_ptr(&w.exact) as usize),
        Element::Verb(v) if v.len() > 1 => Some(Arc::as_ptr(v) as usize),
        _ => None,
    }
}

/// What `Matcher::new` works out once per shared list: its anchor score and its word bits.
#[derive(Debug, Default)]
struct SharedCache {
    score: HashMap<usize, Option<usize>>,
    bits: HashMap<usize, Option<WordBits>>,
}

#[derive(Debug, Default)]
pub struct Matcher {
    /// Tells matchers apart for the sentence memo: set by `new` (never 0 there), so a
    /// matcher built field by field (0) is never remembered for.
    id: u64,
    /// The reply's patterns (rules and reply signals), compiled and indexed.
    reply: Side,
    /// The citizen's message's patterns (incoming signals): indexed the first time a
    /// message is scanned (a draft checked alone never needs them: half the index's
    /// start-up).
    message: std::sync::OnceLock<Side>,
    message_patterns: Vec<(Arc<Pattern>, usize, Role)>,

    /// For each regex in the set: its rule and the compiled regex.
    regexes: Vec<(usize, GatedRegex)>,

    /// Personal-data detectors, by owner.
    detectors: Vec<(usize, Detector)>,
    /// The detectors a reply ([0]) and a message ([1]) are searched with, each once.
    wanted: [Vec<Detector>; 2],

    /// See `enable_quick_reject`.
    quick: Option<QuickReject>,
    /// Per owner: a signal of the citizen's message (looked for only there; rules and the
    /// other signals only in the reply).
    incoming_owner: Vec<bool>,
    /// Build time only (emptied when `new` is done).
    cache: SharedCache,
}

fn anchor_score(e: &Element) -> Option<usize> {
    let rarity = |words: &mut dyn Iterator<Item = &str>| {
        words
            // (every common word is short: the length test spares a class of hundreds of
            // long forms the list scan, at every start-up)
            .map(|w| if is_common(w) { 0 } else { 10 + w.len() })
            .min()
            .unwrap_or(0)
    };
    match e {
        // A class with numbers is tried at every number: a poor anchor.
        Element::Word(w) if !w.numbers().is_empty() => Some(2),
        Element::Word(w) if !w.exact.is_empty() && w.prefixes().is_empty() && w.suffixes().is_empty() => {
            Some(100 + rarity(&mut w.exact.iter()))
        }
        Element::Word(w) if w.exact.is_empty() && w.suffixes().is_empty() => {
            Some(50 + rarity(&mut w.prefixes().iter().map(String::as_str)))
        }
        Element::Word(_) => Some(1),
        // A verb is looked up by every form it can take where the match meets it (its
        // joined forms, or the particle of a split one): as rare as the commonest of those.
        Element::Verb(verbs) => Some(100 + rarity(&mut verbs.keys().map(String::as_str))),
        Element::Optional(_) | Element::Gap(_) | Element::Start => None,
    }
}

impl Matcher {
    /// One matcher for the patterns of all rules and signals. Matches name their owner:
    /// rule `i` is owner `i`, signal `j` is owner `rules.len() + j`.
    pub fn new(rules: &[Rule], signals: &[Signal]) -> Matcher {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let mut m = Matcher {
            id: NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            ..Matcher::default()
        };
        let owners: Vec<(&[_], &[_], &[_], &[GatedRegex])> = rules
            .iter()
            .map(|r| (&r.patterns[..], &r.unless[..], &[][..], &r.regex[..]))
            .chain(
                signals
                    .iter()
                    .map(|s| (&s.patterns[..], &s.unless[..], &s.except[..], &s.regex[..])),
            )
            .collect();
        // About one word per pattern is filed in each index: room for them from the start.
        let patterns: usize = owners.iter().map(|(p, u, e, _)| p.len() + u.len() + e.len()).sum();
        m.reply.index.by_word.reserve(patterns + patterns / 2);
        m.reply.compiled.reserve(patterns);
        m.incoming_owner = std::iter::repeat_n(false, rules.len())
            .chain(signals.iter().map(|s| s.source == crate::rules::Source::Incoming))
            .collect();
        for (owner, (patterns, unless, except, _)) in owners.iter().enumerate() {
            let all = patterns
                .iter()
                .map(|p| (p, Role::Match))
                .chain(unless.iter().map(|p| (p, Role::Unless)))
                .chain(except.iter().map(|p| (p, Role::Except)));
            for (pattern, role) in all {
                m.add(Arc::clone(pattern), owner, role);
            }
        }
        m.cache = SharedCache::default();
        m.reply.index.lists = HashMap::default();
        // Each regex runs on its own: a combined set as a prefilter cost more to build (at
        // every start) than it saved on the few regex rules there are.
        m.regexes = owners
            .iter()
            .enumerate()
            .flat_map(|(owner, (_, _, _, regex))| regex.iter().map(move |re| (owner, re.clone())))
            .collect();
        m.detectors = rules
            .iter()
            .map(|r| &r.detect[..])
            .chain(signals.iter().map(|s| &s.detect[..]))
            .enumerate()
            .flat_map(|(owner, list)| list.iter().map(move |&d| (owner, d)))
            .collect();
        for side in [false, true] {
            let mut wanted: Vec<Detector> = m
                .detectors
                .iter()
                .filter(|(o, _)| m.incoming_owner[*o] == side)
                .map(|&(_, d)| d)
                .collect();
            wanted.sort_unstable();
            wanted.dedup();
            m.wanted[usize::from(side)] = wanted;
        }
        m
    }

    /// A matcher in which pattern `i` is owner `i`, looked for in the citizen's message
    /// when its flag says so: for measuring patterns one by one (`eval::pattern_hits`).
    pub fn each_pattern(patterns: Vec<(Arc<Pattern>, bool)>) -> Matcher {
        let mut m = Matcher {
            incoming_owner: patterns.iter().map(|(_, incoming)| *incoming).collect(),
            ..Matcher::default()
        };
        for (i, (pattern, _)) in patterns.into_iter().enumerate() {
            m.add(pattern, i, Role::Match);
        }
        m.cache = SharedCache::default();
        m
    }

    /// Whether any rule or signal detects personal data.
    pub fn has_detectors(&self) -> bool {
        !self.detectors.is_empty()
    }

    /// Personal data found by the detectors of the rules and reply signals (or, `incoming`,
    /// of the citizen's signals): matches as (owner, folded start, folded end), and every
    /// original span found, for masking. Numbers inside a URL are part of the URL.
    pub fn scan_detectors(
        &self,
        doc: &Document,
        incoming: bool,
        settings: &Settings,
    ) -> (Vec<(usize, usize, usize)>, Vec<Span>) {
        let wanted = &self.wanted[usize::from(incoming)];
        if wanted.is_empty() {
            return Default::default();
        }
        let in_url = |s: usize, e: usize| {
            let i = doc.urls.partition_point(|&(_, ue)| ue <= s);
            doc.urls.get(i).is_some_and(|&(us, _)| us < e)
        };
        // Per detector: each original span found, with its folded range.
        type Found = Vec<(Span, (usize, usize))>;
        let found: Vec<(Detector, Found)> = privacy::find_all(wanted, doc.source, settings)
            .into_iter()
            .map(|(d, spans)| {
                let spans = spans
                    .into_iter()
                    .filter_map(|span| {
                        let (s, e) = doc.folded.folded_range(span.start, span.end)?;
                        (d == Detector::Email || !in_url(s, e)).then_some((span, (s, e)))
                    })
                    .collect();
                (d, spans)
            })
            .collect();
        let mut out = Vec::new();
        for &(owner, d) in self
            .detectors
            .iter()
            .filter(|(o, _)| self.incoming_owner[*o] == incoming)
        {
            // A detector that found nothing is not in the list.
            if let Some((_, spans)) = found.iter().find(|(x, _)| *x == d) {
                out.extend(spans.iter().map(|&(_, (s, e))| (owner, s, e)));
            }
        }
        let spans = found
            .into_iter()
            .flat_map(|(_, s)| s.into_iter().map(|(span, _)| span))
            .collect();
        (out, spans)
    }

    /// Add a pattern of `rule`: to the reply's index, or set aside for the message's.
    fn add(&mut self, pattern: Arc<Pattern>, rule: usize, role: Role) {
        if self.incoming_owner[rule] {
            self.message_patterns.push((pattern, rule, role));
        } else {
            self.reply.add(&mut self.cache, pattern, rule, role);
        }
    }

    /// The compiled patterns and index of the reply, or of the citizen's message (built
    /// now, the first time).
    fn side(&self, incoming: bool) -> &Side {
        if !incoming {
            return &self.reply;
        }
        self.message.get_or_init(|| {
            let mut side = Side::default();
            let mut cache = SharedCache::default();
            side.index.by_word.reserve(self.message_patterns.len() * 3 / 2);
            for (pattern, rule, role) in &self.message_patterns {
                side.add(&mut cache, Arc::clone(pattern), *rule, *role);
            }
            side.index.lists = HashMap::default();
            side
        })
    }

    /// Let `may_match` turn texts down unread (see `QuickReject`): only for a set of plain
    /// phrase rules, where a text without a match has nothing to report.
    pub fn enable_quick_reject(&mut self) {
        let compiled = &self.reply.compiled;
        let matching = (0..compiled.len() as u32).filter(|&i| compiled[i as usize].role == Role::Match);
        self.quick = QuickReject::new(matching.map(|i| (i, compiled[i as usize].pattern.as_ref())));
    }

    /// The patterns that can match in `text` (see `QuickReject`); all of them for a set
    /// without a quick reject, or a text it cannot judge.
    pub fn candidates(&self, text: &str) -> Candidates {
        match self.quick.as_ref().and_then(|q| q.candidates(text)) {
            Some(only) => Candidates::Only(only),
            None => Candidates::All,
        }
    }

    /// Every phrase-pattern match in `doc`, sorted and without duplicates: of the rules and
    /// reply signals in a reply, of the citizen's signals in a message (`incoming`).
    pub fn scan(&self, doc: &Document, candidates: &Candidates, incoming: bool) -> Vec<RawMatch> {
        self.scan_with(doc, candidates, incoming, false)
    }

    /// `scan` of a reply that looks its sentences up in the sentence memo first (see
    /// `SentenceMemo`): for many replies written from the same template sentences.
    pub fn scan_remembering(&self, doc: &Document, candidates: &Candidates) -> Vec<RawMatch> {
        self.scan_with(doc, candidates, false, true)
    }

    fn scan_with(&self, doc: &Document, candidates: &Candidates, incoming: bool, remember: bool) -> Vec<RawMatch> {
        // Most texts have a few matches: room for them from the start.
        let mut out = Vec::with_capacity(8);
        // Only replies are remembered (`scan_remembering`), so the memo needs no side. With
        // fewer candidates than all, matches depend on more than the sentence.
        if remember && self.id != 0 && *candidates == Candidates::All {
            // The text's words are looked at only if a sentence is new.
            let present = std::cell::OnceCell::new();
            MEMO.with_borrow_mut(|memo| {
                memo.for_matcher(self.id);
                for (first, end) in doc.sentence_ranges() {
                    memo.scan(doc, first..end, &mut out, |out| {
                        let present = present.get_or_init(|| WordBits::of(doc));
                        self.scan_tokens(doc, first..end, candidates, incoming, present, out)
                    });
                }
            });
        } else {
            let present = WordBits::of(doc);
            self.scan_tokens(doc, 0..doc.tokens.len(), candidates, incoming, &present, &mut out);
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The matches anchored on `tokens` (unsorted; a match never leaves its sentence).
    fn scan_tokens(
        &self,
        doc: &Document,
        tokens: std::ops::Range<usize>,
        candidates: &Candidates,
        incoming: bool,
        present: &WordBits,
        out: &mut Vec<RawMatch>,
    ) {
        // `unless` and `except` patterns are not candidates: they always run.
        let side = self.side(incoming);
        let index = &side.index;
        let verify = |p: u32, t: usize, out: &mut Vec<RawMatch>| {
            let c = &side.compiled[p as usize];
            if c.role == Role::Match && !candidates.includes(p) {
                return;
            }
            if c.lone_word {
                out.push(RawMatch {
                    rule: c.rule,
                    role: c.role,
                    first: t,
                    end: t + 1,
                });
            } else if c.needs.iter().all(|n| present.meets(n)) {
                Self::verify(side, doc, p, t, out);
            }
        };
        for t in tokens {
            if doc.tokens[t].masked {
                continue;
            }
            let word = doc.word(t);
            if let Some(list) = index.by_word.get(word) {
                for &p in list.as_slice() {
                    if p & SHARED == 0 {
                        verify(p, t, out);
                    } else {
                        for &q in &index.by_list[(p & !SHARED) as usize] {
                            verify(q, t, out);
                        }
                    }
                }
            }
            for (prefix, p) in &index.by_prefix {
                if word.len() > prefix.len() && word.starts_with(prefix.as_str()) {
                    verify(*p, t, out);
                }
            }
            for (suffix, p) in &index.by_suffix {
                if word.len() > suffix.len() && word.ends_with(suffix.as_str()) {
                    verify(*p, t, out);
                }
            }
            if word.as_bytes()[0].is_ascii_digit() {
                for &p in &index.by_number {
                    verify(p, t, out);
                }
            }
        }
    }

    /// Regex matches as (rule, folded start, folded end), masks excluded.
    pub fn scan_regex(&self, doc: &Document, incoming: bool) -> Vec<(usize, usize, usize)> {
        let text = doc.folded.text.as_str();
        let mut out = Vec::new();
        let bytes = ByteSet::of(text.as_bytes());
        for (owner, gated) in self.regexes.iter().filter(|(o, _)| self.incoming_owner[*o] == incoming) {
            let Some(re) = gated.for_text(text, &bytes) else {
                continue;
            };
            for m in re.find_iter(text) {
                if m.start() < m.end() && !doc.is_masked(m.start(), m.end()) {
                    out.push((*owner, m.start(), m.end()));
                }
            }
        }
        out
    }

    fn verify(side: &Side, doc: &Document, p: u32, anchor: usize, out: &mut Vec<RawMatch>) {
        let c = &side.compiled[p as usize];
        let sentence = doc.tokens[anchor].sentence;
        let mut failed = Failed::default();
        for start in anchor.saturating_sub(c.reach_before)..=anchor {
            if doc.tokens[start].sentence != sentence {
                continue;
            }
            let marks = Marks {
                first: start,
                focus_start: start,
                focus_end: start,
            };
            let found = match_from(doc, &c.pattern, 0, start, sentence, marks, &mut failed);
            if let Some((m, end)) = found.filter(|&(m, end)| end > anchor && m.first <= anchor) {
                let (first, end) = if c.pattern.focus == (0, c.pattern.elements.len()) {
                    (m.first, end)
                } else {
                    (m.focus_start, m.focus_end)
                };
                if first < end {
                    out.push(RawMatch {
                        rule: c.rule,
                        role: c.role,
                        first,
                        end,
                    });
                }
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::phrase::WordSet;

    #[test]
    fn common_max_len_covers_every_common_word() {
        assert_eq!(COMMON.iter().map(|w| w.len()).max(), Some(COMMON_MAX_LEN));
        assert!(COMMON.is_sorted(), "binary search needs it");
        assert!(COMMON.iter().all(|w| is_common(w)));
        assert!(!is_common("dee") && !is_common("d") && !is_common("heb") && !is_common("wordtje"));
    }

    #[test]
    fn a_text_meets_the_bits_of_every_word_a_pattern_can_use() {
        let text = "We hebben je melding over de lantaarnpaal intern doorgezet, zie https://x.nl/wordt ok";
        let doc = Document::new(text);
        let present = WordBits::of(&doc);
        for (i, t) in doc.tokens.iter().enumerate() {
            let alone = Element::Word(WordSet {
                exact: Arc::new([doc.word(i)].into_iter().collect()),
                ..WordSet::default()
            });
            let bits = WordBits::of_element(&alone).expect("whole words");
            assert!(t.masked || present.meets(&bits), "{}", doc.word(i));
        }
        // The URL's words are masked: no pattern can use them.
        let url = doc.tokens.iter().position(|t| t.masked).expect("the URL is masked");
        assert_eq!(doc.word(url), "https");
        // Parts of words, optional words and gaps are never required by the bits.
        let prefix = WordSet {
            parts: Some(Box::new(crate::rules::phrase::WordParts {
                prefixes: vec!["door".into()],
                ..Default::default()
            })),
            ..WordSet::default()
        };
        assert!(WordBits::of_element(&Element::Word(prefix.clone())).is_none());
        assert!(WordBits::of_element(&Element::Optional(prefix)).is_none());
        assert!(WordBits::of_element(&Element::Gap(3)).is_none());
    }

    #[test]
    fn patterns_whose_other_words_are_missing_are_not_verified_and_found_when_present() {
        let pattern = crate::rules::phrase::parse("(u|je|jij) (wordt|word|werd) geholpen").expect("valid");
        let mut m = Matcher {
            incoming_owner: vec![false],
            ..Matcher::default()
        };
        m.add(Arc::new(pattern), 0, Role::Match);
        let c = &m.reply.compiled[0];
        assert_eq!(c.needs.len(), 2, "the two words besides the anchor");
        let without = Document::new("Je hoort morgen van me.");
        assert!(!c.needs.iter().all(|n| WordBits::of(&without).meets(n)));
        let with = Document::new("Morgen? Je wordt geholpen.");
        assert!(c.needs.iter().all(|n| WordBits::of(&with).meets(n)));
        let found = m.scan(&with, &Candidates::All, false);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].first, found[0].end), (1, 4));
    }

    #[test]
    fn a_lone_word_pattern_finds_what_verifying_it_finds() {
        let sources = ["ik", "(u|uw)", "doorgestuur*", "*afdeling", "{morgen}"];
        let mut m = Matcher {
            incoming_owner: vec![false; sources.len()],
            ..Matcher::default()
        };
        for (i, source) in sources.iter().enumerate() {
            let pattern = crate::rules::phrase::parse(source).expect("valid");
            m.add(Arc::new(pattern), i, Role::Match);
        }
        assert!(m.reply.compiled.iter().all(|c| c.lone_word), "each is one word");
        let text = "Ik heb uw vraag doorgestuurd naar de afdeling, ik bel u morgen. Zie https://x.nl/ik of \
                    de ikafdeling; Doorgestuurd! door Uw";
        let doc = Document::new(text);
        let mut verified = Vec::new();
        for t in (0..doc.tokens.len()).filter(|&t| !doc.tokens[t].masked) {
            for p in 0..m.reply.compiled.len() as u32 {
                Matcher::verify(&m.reply, &doc, p, t, &mut verified);
            }
        }
        verified.sort_unstable();
        verified.dedup();
        let found = m.scan(&doc, &Candidates::All, false);
        assert_eq!(found, verified);
        // "ik", "uw", "doorgestuurd", "ik", "u", "morgen", "ikafdeling", "doorgestuurd",
        // "uw": not the "ik" in the URL, nor "door", nor "afdeling" (a suffix needs a start).
        assert_eq!(found.len(), 9, "{found:?}");
    }

    #[test]
    fn patterns_sharing_a_class_are_all_found_through_its_one_index_entry() {
        // Three patterns anchored on the same class of words, two on the same class of verbs
        // and numbers: the scan through the shared lists finds what verifying every pattern
        // at every token finds.
        // (Anchors go to the rarest element: the others here are common words.)
        let sources = [
            "<naar-gevoel> dat",
            "<naar-gevoel> en",
            "<naar-gevoel> voor",
            "<actie-werkwoord> het",
            "<actie-werkwoord> je ...3 morgen",
            "voor de <rangtelwoord> keer",
        ];
        let mut m = Matcher {
            incoming_owner: vec![false; sources.len()],
            ..Matcher::default()
        };
        for (i, source) in sources.iter().enumerate() {
            for pattern in crate::rules::phrase::parse_all(source).expect("valid") {
                m.add(Arc::new(pattern), i, Role::Match);
            }
        }
        let shared: usize = m.reply.index.by_list.iter().map(Vec::len).sum();
        assert!(shared >= 4, "patterns on shared lists: {shared}");
        let text = "Het is zwaar en vervelend voor je, vervelend dat het voor de 3e keer misging. Ik los het op en \
                    haal hem morgen op. Ik regel het. Vervelend dat je belde; ik bel je morgen.";
        let doc = Document::new(text);
        let mut verified = Vec::new();
        for t in (0..doc.tokens.len()).filter(|&t| !doc.tokens[t].masked) {
            for p in 0..m.reply.compiled.len() as u32 {
                Matcher::verify(&m.reply, &doc, p, t, &mut verified);
            }
        }
        verified.sort_unstable();
        verified.dedup();
        let found = m.scan(&doc, &Candidates::All, false);
        assert_eq!(found, verified);
        let owners: std::collections::BTreeSet<usize> = found.iter().map(|f| f.rule).collect();
        assert_eq!(owners.len(), sources.len(), "every pattern found something: {found:?}");
    }

    #[test]
    fn remembered_sentences_give_the_matches_a_fresh_scan_gives() {
        let sources = [
            "(ik|wij|we) ...3 doorgezet",
            "{ik} bel",
            "zetten ...3 door",
            "morgen",
            "afdeling",
        ];
        let build = |id: u64| {
            let mut m = Matcher {
                id,
                incoming_owner: vec![false; sources.len()],
                ..Matcher::default()
            };
            for (i, source) in sources.iter().enumerate() {
                let pattern = crate::rules::phrase::parse(source).expect("valid");
                m.add(Arc::new(pattern), i, Role::Match);
            }
            m
        };
        // An id no matcher made by `new` has; 0 never remembers.
        let remembering = build(u64::MAX);
        let fresh = build(0);
        let texts = [
            "Beste Anna, wij hebben het doorgezet naar de afdeling. Ik bel je morgen.",
            // The same sentences at other token positions, and twice in one text.
            "Hoi Bram! Ik bel je morgen. Wij hebben het doorgezet naar de afdeling. Ik bel je morgen.",
            // The same words, some of them masked (quoted), must not reuse the matches.
            "Ik bel je 'morgen'. Wij hebben het doorgezet naar de \u{201c}afdeling\u{201d}.",
            "We zetten je vraag intern door. We zetten je vraag intern door.",
        ];
        for round in 0..2 {
            for text in texts {
                let doc = Document::new(text);
                let expected = fresh.scan(&doc, &Candidates::All, false);
                assert!(!expected.is_empty());
                assert_eq!(
                    remembering.scan_remembering(&doc, &Candidates::All),
                    expected,
                    "{round}: {text}"
                );
            }
        }
        let remembered = MEMO.with_borrow(|memo| (memo.matcher, memo.seen.len()));
        assert_eq!(remembered.0, u64::MAX);
        assert!(remembered.1 >= 6, "{remembered:?}");
        // A plain scan neither reads nor fills the memo.
        MEMO.with_borrow_mut(|memo| memo.seen.clear());
        remembering.scan(&Document::new(texts[0]), &Candidates::All, false);
        assert!(MEMO.with_borrow(|memo| memo.seen.is_empty()));
    }
}
