//! Regexes compiled on first need, behind a cheap gate.
//!
//! Building a regex costs far more than running it on a 300-character draft: the built-in
//! rules' dozen regexes took a third of a short check's start-up. Most drafts cannot match
//! most of them (an emoji class on a text without emoji, "wordt ... behandeld" on a text
//! without "wordt"). So each regex carries a gate worked out from its syntax tree: the
//! literals every match starts with, or else the bytes a match can start with. A text that
//! passes no gate never pays for the regex. The gate is only a necessary condition: a text
//! that passes still runs the full regex, so matches are exactly the regex's own.

use regex::{Regex, RegexBuilder};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Class, Hir, HirKind};
use std::sync::{Arc, OnceLock};

/// Byte budget for one compiled regex (NFA and lazy DFA cache); a bigger one is refused,
/// not slowly built.
pub const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// Texts longer than this skip the gate: a literal search per literal would cost more than
/// the regex's own prefilter.
const GATE_MAX_TEXT: usize = 64 * 1024;

/// At most this many start literals make a gate.
const MAX_LITERALS: usize = 64;

/// Which byte values occur in a text: 256 bits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ByteSet([u64; 4]);

impl ByteSet {
    pub fn of(bytes: &[u8]) -> ByteSet {
        // Eight sets filled side by side, then joined: one set alone makes each byte wait
        // for the one before it to be written (this runs over every text a scan reads).
        let mut sets = [ByteSet::default(); 8];
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            for (set, &b) in sets.iter_mut().zip(chunk) {
                set.insert(b);
            }
        }
        for &b in chunks.remainder() {
            sets[0].insert(b);
        }
        let mut set = ByteSet::default();
        for other in &sets {
            for (word, o) in set.0.iter_mut().zip(other.0) {
                *word |= o;
            }
        }
        set
    }

    fn insert(&mut self, b: u8) {
        self.0[(b >> 6) as usize] |= 1 << (b & 63);
    }

    fn meets(&self, other: &ByteSet) -> bool {
        self.0.iter().zip(&other.0).any(|(a, b)| a & b != 0)
    }
}

#[derive(Debug)]
enum Gate {
    /// Every match starts with one of these byte strings (searchers built once), so with
    /// one of these bytes (a cheap first look).
    Literals(Vec<memchr::memmem::Finder<'static>>, ByteSet),
    /// Every match starts with one of these bytes.
    FirstBytes(ByteSet),
    /// No cheap condition (the regex can match the empty string, or starts too freely).
    Open,
}

#[derive(Debug)]
struct Inner {
    source: String,
    gate: Gate,
    /// Every match ends with one of these byte strings, if few and long enough to tell.
    ends: Vec<memchr::memmem::Finder<'static>>,
    /// Every match holds a byte of each of these sets (see `needs_of`).
    needs: Vec<ByteSet>,
    compiled: OnceLock<Regex>,
}

/// A rule regex: its source, its gate, and the compiled regex once some text needed it.
#[derive(Debug, Clone)]
pub struct GatedRegex(Arc<Inner>);

/// A regex as the compiled built-in rules keep it: its source and its gate (the
/// literals as bytes), so reading it parses nothing; the regex is compiled when a text
/// needs it, as always.
#[derive(serde::Serialize, serde::Deserialize)]
struct Stored {
    source: String,
    /// `Some((literals, first bytes))`, `Some(([], first bytes))` or `None` (open).
    gate: Option<(Vec<Vec<u8>>, [u64; 4])>,
    ends: Vec<Vec<u8>>,
    needs: Vec<[u64; 4]>,
}

fn finders<L: AsRef<[u8]>>(literals: impl IntoIterator<Item = L>) -> Vec<memchr::memmem::Finder<'static>> {
    (literals.into_iter())
        .map(|l| memchr::memmem::Finder::new(l.as_ref()).into_owned())
        .collect()
}

impl serde::Serialize for GatedRegex {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let needles = |f: &[memchr::memmem::Finder<'static>]| f.iter().map(|f| f.needle().to_vec()).collect();
        let gate = match &self.0.gate {
            Gate::Literals(lits, first) => Some((needles(lits), first.0)),
            Gate::FirstBytes(first) => Some((Vec::new(), first.0)),
            Gate::Open => None,
        };
        Stored {
            source: self.0.source.clone(),
            gate,
            ends: needles(&self.0.ends),
            needs: self.0.needs.iter().map(|n| n.0).collect(),
        }
        .serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for GatedRegex {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<GatedRegex, D::Error> {
        let stored = Stored::deserialize(d)?;
        let gate = match stored.gate {
            Some((lits, first)) if lits.is_empty() => Gate::FirstBytes(ByteSet(first)),
            Some((lits, first)) => Gate::Literals(finders(&lits), ByteSet(first)),
            None => Gate::Open,
        };
        Ok(GatedRegex(Arc::new(Inner {
            source: stored.source,
            gate,
            ends: finders(&stored.ends),
            needs: stored.needs.into_iter().map(ByteSet).collect(),
            compiled: OnceLock::new(),
        })))
    }
}

impl GatedRegex {
    /// Check `source` and work out its gate. With `eager`, also compile it now, so size
    /// errors surface at load (user rule files); built-in rules, whose regexes the tests
    /// compile, wait until a text needs them.
    pub fn new(source: &str, eager: bool) -> Result<GatedRegex, String> {
        let hir = regex_syntax::ParserBuilder::new()
            .build()
            .parse(source)
            .map_err(|e| e.to_string())?;
        let compiled = OnceLock::new();
        if eager {
            let _ = compiled.set(build(source)?);
        }
        Ok(GatedRegex(Arc::new(Inner {
            source: source.to_string(),
            gate: gate_of(&hir),
            ends: ends_of(&hir),
            needs: needs_of(&hir),
            compiled,
        })))
    }

    pub fn as_str(&self) -> &str {
        &self.0.source
    }

    /// The compiled regex if `text` may hold a match, else `None`. `bytes` are the byte
    /// values in `text` (`ByteSet::of`, made once for all regexes). The byte test is always
    /// made: it costs a few instructions, a regex search on a short text some hundreds. The
    /// literal search only decides whether to compile: once compiled, the regex's own
    /// prefilter does that work better.
    pub fn for_text(&self, text: &str, bytes: &ByteSet) -> Option<&Regex> {
        let first = match &self.0.gate {
            Gate::Literals(_, first) | Gate::FirstBytes(first) => Some(first),
            Gate::Open => None,
        };
        if first.is_some_and(|set| !set.meets(bytes)) || !self.0.needs.iter().all(|set| set.meets(bytes)) {
            return None;
        }
        // A text without any of the endings holds no match: a passive "(ge|be|ver...)...
        // wordt" starts almost anywhere, but ends in "wordt" or "worden".
        if !self.0.ends.is_empty() && !self.0.ends.iter().any(|l| l.find(text.as_bytes()).is_some()) {
            return None;
        }
        if let Some(compiled) = self.0.compiled.get() {
            return Some(compiled);
        }
        let open = text.len() > GATE_MAX_TEXT
            || match &self.0.gate {
                Gate::Literals(lits, _) => lits.iter().any(|l| l.find(text.as_bytes()).is_some()),
                Gate::FirstBytes(_) | Gate::Open => true,
            };
        open.then(|| {
            self.0
                .compiled
                .get_or_init(|| build(&self.0.source).expect("rule regexes compile at load or in the rule tests"))
        })
    }
}

fn build(source: &str) -> Result<Regex, String> {
    RegexBuilder::new(source)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|e| e.to_string())
}

/// Most endings worth searching for one by one; shorter ones than `MIN_ENDING` bytes are
/// in nearly every text and tell nothing.
const MAX_ENDINGS: usize = 16;
const MIN_ENDING: usize = 3;

/// The byte strings every match ends with, when there are few of them and all are long
/// enough to be rare; otherwise none (no ending test).
fn ends_of(hir: &Hir) -> Vec<memchr::memmem::Finder<'static>> {
    match literals(hir, ExtractKind::Suffix, MAX_ENDINGS).literals() {
        Some(lits)
            if !lits.is_empty()
                && lits.len() <= MAX_ENDINGS
                && lits.iter().all(|l| l.as_bytes().len() >= MIN_ENDING) =>
        {
            finders(lits.iter().map(|l| l.as_bytes()))
        }
        _ => Vec::new(),
    }
}

/// The literals every match starts (or ends) with, up to `limit` of them.
fn literals(hir: &Hir, kind: ExtractKind, limit: usize) -> regex_syntax::hir::literal::Seq {
    let mut extractor = Extractor::new();
    extractor.kind(kind).limit_class(limit).limit_total(limit);
    extractor.extract(hir)
}

fn gate_of(hir: &Hir) -> Gate {
    let seq = literals(hir, ExtractKind::Prefix, MAX_LITERALS);
    if let Some(lits) = seq.literals()
        && !lits.is_empty()
        && lits.iter().all(|l| !l.as_bytes().is_empty())
    {
        let mut first = ByteSet::default();
        for l in lits {
            first.insert(l.as_bytes()[0]);
        }
        return Gate::Literals(finders(lits.iter().map(|l| l.as_bytes())), first);
    }
    first_byte_set(hir).map_or(Gate::Open, Gate::FirstBytes)
}

/// The bytes a match of `hir` can start with, or `None` if it can match the empty string.
fn first_byte_set(hir: &Hir) -> Option<ByteSet> {
    let mut set = [false; 256];
    if first_bytes(hir, &mut set) {
        return None;
    }
    let mut bytes = ByteSet::default();
    (0..=255u8).filter(|&b| set[b as usize]).for_each(|b| bytes.insert(b));
    Some(bytes)
}

/// For each part every match of `hir` contains and that takes at least one byte, the bytes
/// it can start with: a text must hold one byte of each set. "(al|heb) [0-9]+ keer" needs
/// a digit, so a text without digits is turned down though "al" and "heb" are everywhere.
fn needs_of(hir: &Hir) -> Vec<ByteSet> {
    fn parts<'h>(hir: &'h Hir, out: &mut Vec<&'h Hir>) {
        match hir.kind() {
            HirKind::Concat(items) => items.iter().for_each(|h| parts(h, out)),
            HirKind::Capture(cap) => parts(&cap.sub, out),
            HirKind::Repetition(rep) if rep.min > 0 => parts(&rep.sub, out),
            _ => out.push(hir),
        }
    }
    let mut all = Vec::new();
    parts(hir, &mut all);
    let mut needs: Vec<ByteSet> = Vec::new();
    for bytes in all.into_iter().filter_map(first_byte_set) {
        if !needs.contains(&bytes) {
            needs.push(bytes);
        }
    }
    needs
}

/// Adds to `set` every byte a match of `hir` can start with; returns whether `hir` can
/// match without consuming a byte (then what follows it can start the match too).
fn first_bytes(hir: &Hir, set: &mut [bool; 256]) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => true,
        HirKind::Literal(lit) => match lit.0.first() {
            Some(&b) => {
                set[b as usize] = true;
                false
            }
            None => true,
        },
        HirKind::Class(Class::Bytes(c)) => {
            for r in c.ranges() {
                for b in r.start()..=r.end() {
                    set[b as usize] = true;
                }
            }
            false
        }
        HirKind::Class(Class::Unicode(c)) => {
            // UTF-8 lead bytes grow with the code point, so the bytes from the lead of a
            // range's start to the lead of its end cover every character in it.
            for r in c.ranges() {
                for b in lead_byte(r.start())..=lead_byte(r.end()) {
                    set[b as usize] = true;
                }
            }
            false
        }
        HirKind::Repetition(rep) => first_bytes(&rep.sub, set) || rep.min == 0,
        HirKind::Capture(cap) => first_bytes(&cap.sub, set),
        HirKind::Concat(items) => items.iter().all(|h| first_bytes(h, set)),
        HirKind::Alternation(items) => {
            // Every alternative adds its bytes: no short cut.
            let mut empty = false;
            for h in items {
                empty |= first_bytes(h, set);
            }
            empty
        }
    }
}

fn lead_byte(c: char) -> u8 {
    let mut buf = [0; 4];
    c.encode_utf8(&mut buf);
    buf[0]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_set_holds_every_byte_of_its_text_and_no_other() {
        // Every length around the pieces of eight, and every byte value.
        let all: Vec<u8> = (0..=255u8).rev().chain(0..=255).collect();
        for len in (0..40).chain([255, 511, 512]) {
            for start in [0, 3, 100] {
                let bytes = &all[start..(start + len).min(all.len())];
                let mut one = ByteSet::default();
                bytes.iter().for_each(|&b| one.insert(b));
                assert_eq!(ByteSet::of(bytes), one, "{len} from {start}");
            }
        }
    }

    fn gated(source: &str) -> GatedRegex {
        GatedRegex::new(source, false).expect("valid")
    }

    #[test]
    fn a_text_without_any_ending_is_turned_down_even_once_compiled() {
        let re = gated(r"(?:ge|be|ver)[a-z]{2,12}[dt] (?:wordt|worden)(?-u:\b)");
        assert_eq!(re.0.ends.len(), 4, "[dt] and the two verbs: {:?}", re.0.ends);
        let hit = "je aanvraag behandeld wordt nu";
        let found = re
            .for_text(hit, &ByteSet::of(hit.as_bytes()))
            .expect("passes both gates");
        assert_eq!(found.find(hit).map(|m| m.as_str()), Some("behandeld wordt"));
        let miss = "het is gemeld en bekeken";
        assert!(re.for_text(miss, &ByteSet::of(miss.as_bytes())).is_none());
        // Endings that tell nothing are not tested: one byte, or too many of them.
        assert!(gated(r"[a-z]+[dt]").0.ends.is_empty());
        assert!(gated(r"ge[a-z]+(?:[a-z]{3})").0.ends.is_empty());
    }

    #[test]
    fn a_text_without_the_start_literals_never_compiles_the_regex() {
        let re = gated(r"(?-u:\b)(?:wordt|worden) [a-z]+d");
        assert!(
            re.for_text("ik bel je morgen", &ByteSet::of("ik bel je morgen".as_bytes()))
                .is_none()
        );
        assert!(re.0.compiled.get().is_none());
        let found = re
            .for_text("dit wordt behandeld", &ByteSet::of("dit wordt behandeld".as_bytes()))
            .expect("passes the gate");
        assert_eq!(
            found.find("dit wordt behandeld").map(|m| m.as_str()),
            Some("wordt behandeld")
        );
    }

    #[test]
    fn a_text_without_a_byte_every_match_needs_is_turned_down() {
        // "al" and "heb" start matches nearly everywhere; the digits are what is rare.
        let re = gated(r"(?-u:\b)(al|heb) [0-9]+ ?(keer|x)(?-u:\b)");
        let bytes = |t: &str| ByteSet::of(t.as_bytes());
        let miss = "ik heb al vaak gebeld";
        assert!(re.for_text(miss, &bytes(miss)).is_none());
        let hit = "ik heb al 3 keer gebeld";
        assert_eq!(
            re.for_text(hit, &bytes(hit))
                .and_then(|r| r.find(hit))
                .map(|m| m.as_str()),
            Some("al 3 keer")
        );
        // An optional part is needed by no match; an alternative adds its own bytes.
        let re = gated(r"(werk)?dag|€ ?[0-9]+");
        let text = "een dag";
        assert!(re.for_text(text, &bytes(text)).is_some());
    }

    #[test]
    fn an_emoji_class_is_gated_on_its_lead_bytes() {
        let re = gated(r"[\x{1F300}-\x{1FAFF}\x{2600}-\x{27BF}]");
        assert!(matches!(re.0.gate, Gate::FirstBytes(_)));
        assert!(
            re.for_text("één café, geen emoji", &ByteSet::of("één café, geen emoji".as_bytes()))
                .is_none()
        );
        assert!(re.for_text("top 👍", &ByteSet::of("top 👍".as_bytes())).is_some());
    }

    #[test]
    fn a_regex_that_can_match_nothing_is_always_run() {
        let re = gated(r"x*");
        assert!(matches!(re.0.gate, Gate::Open));
        assert!(re.for_text("abc", &ByteSet::of("abc".as_bytes())).is_some());
        // An optional start lets what follows start the match too.
        let re = gated(r"(?:al )?[0-9]+ keer");
        assert!(re.for_text("al vaak", &ByteSet::of("al vaak".as_bytes())).is_none());
        assert!(re.for_text("3 keer", &ByteSet::of("3 keer".as_bytes())).is_some());
    }

    #[test]
    fn errors_are_reported_at_creation_and_size_only_when_eager() {
        assert!(GatedRegex::new("(unclosed", false).is_err());
        let huge = r"\w{1000}\w{1000}";
        assert!(GatedRegex::new(huge, true).is_err());
        assert!(GatedRegex::new(huge, false).is_ok());
    }
}
