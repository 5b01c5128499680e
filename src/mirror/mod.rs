//! `nabij report`: the team's mirror over what it sent. Reads an export of sent replies (CSV
//! or JSON Lines), checks every reply against the citizen's message it answered, and counts:
//! how often empathy, ownership and follow-up were there (per week, channel and agent), which
//! rules and distancing phrases keep coming back, how the replies to a cry for help or a
//! repeated contact scored, how fast the team answered against its own principle, and which
//! complaints recur in a week.
//!
//! Rows stream through in batches that are checked in parallel and folded into counters, so
//! memory does not grow with the text of the archive. The library computes a [`Mirror`];
//! `summary` and `html` turn it into text, `serde_json` into the JSON file.

mod read;
pub mod time;

pub use read::{ColumnNames, Field, Reader, Row, RowError, Rows};

use crate::check::{Engine, PreparedReply, Verdict};
use crate::rules::{Context, Kind, Platform};
use crate::span::Span;
use crate::templates::TemplateIndex;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::Serialize;
use std::collections::BTreeMap;

/// Version of the JSON file `nabij report --json` writes.
pub const VERSION: u32 = 1;

/// Rows checked at once: enough to keep every core busy, few enough to keep memory flat.
///
/// Between two batches the cores wait for each other and for the thread that reads and
/// counts. With 4,096 rows a batch, a report took 7 % more time (200,000 rows, median of 6
/// runs side by side); a million rows peaked at 41 MB instead of 54 MB.
const BATCH: usize = 16_384;

/// Tags of the rules whose words are distancing phrases.
const DISTANCING_TAGS: &[&str] = &["afstand", "vage-belofte", "doorverwijzing"];

/// A reply sent at least this often, word for word, is a standard reply.
const STANDARD_REPEATS: u32 = 3;

/// How to read and count.
#[derive(Debug, Default)]
pub struct Options<'a> {
    /// The team's principle: answer within this many minutes.
    pub respond_within: Option<u32>,
    /// Agents as "medewerker 1", "medewerker 2"... in the order they first appear.
    pub anonymise: bool,
    /// The team's library: a reply (nearly) the same as a template is a standard reply.
    pub templates: Option<&'a TemplateIndex>,
    /// Rows checked at once; 0 for `BATCH`. The figures do not depend on it.
    pub batch_rows: usize,
}

/// A share of replies: how many had a dimension present, missing, or did not need it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Verdicts {
    pub present: u64,
    pub missing: u64,
    pub not_needed: u64,
}

impl Verdicts {
    fn add(&mut self, v: Verdict) {
        match v {
            Verdict::Present => self.present += 1,
            Verdict::Missing => self.missing += 1,
            Verdict::NotNeeded => self.not_needed += 1,
        }
    }

    /// Present among the replies that needed it, in percent; `None` when none needed it.
    pub fn share(&self) -> Option<f64> {
        let needed = self.present + self.missing;
        (needed > 0).then(|| round1(100.0 * self.present as f64 / needed as f64))
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The three verdicts over a group of replies.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Group {
    pub name: String,
    pub replies: u64,
    pub empathy: Verdicts,
    pub ownership: Verdicts,
    pub follow_up: Verdicts,
    /// Share present where needed, in percent (`null` when no reply needed it).
    pub empathy_share: Option<f64>,
    pub ownership_share: Option<f64>,
    pub follow_up_share: Option<f64>,
}

impl Group {
    fn add(&mut self, d: &crate::check::Dimensions) {
        self.replies += 1;
        self.empathy.add(d.empathy);
        self.ownership.add(d.ownership);
        self.follow_up.add(d.follow_up);
    }

    fn finish(mut self) -> Group {
        self.empathy_share = self.empathy.share();
        self.ownership_share = self.ownership.share();
        self.follow_up_share = self.follow_up.share();
        self
    }
}

/// How often a rule fired, with one real example (personal data masked).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleCount {
    pub rule: String,
    pub dimension: String,
    pub findings: u64,
    /// Replies with at least one finding of the rule.
    pub replies: u64,
    pub example: String,
}

/// A distancing phrase as the team wrote it, how often, and one reply it stood in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PhraseCount {
    pub phrase: String,
    pub rule: String,
    pub count: u64,
    pub example: String,
}

/// A signal of the citizens' messages and how the replies to those messages scored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SignalCount {
    pub signal: String,
    pub messages: u64,
    /// Replies to them that were a standard reply (sent word for word 3 times or more, or a
    /// library template).
    pub standard_replies: u64,
    pub empathy: Verdicts,
    pub ownership: Verdicts,
    pub follow_up: Verdicts,
}

/// Response times of a group, in minutes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Times {
    pub name: String,
    pub replies: u64,
    pub median_minutes: u32,
    pub p90_minutes: u32,
    /// Replies slower than the team's principle (0 without one).
    pub missed: u64,
    pub missed_share: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResponseTimes {
    pub respond_within_minutes: Option<u32>,
    pub overall: Times,
    pub by_channel: Vec<Times>,
    pub by_week: Vec<Times>,
}

/// A word that many of one week's messages share, far more than usual: a complaint that
/// became a pattern.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Topic {
    pub week: String,
    pub term: String,
    /// Messages of that week with the word, and all messages of that week.
    pub messages: u64,
    pub week_messages: u64,
    /// How many times more often than over the whole archive.
    pub lift: f64,
}

/// A row that could not be used, and why (in Dutch).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub line: u64,
    pub reason: String,
}

/// Everything `nabij report` found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mirror {
    pub version: u32,
    pub archive: String,
    /// Data rows read (the header not counted), and the ones used.
    pub rows: u64,
    pub replies: u64,
    /// Rows left out: how many, and the first 100 with their line numbers.
    pub malformed: u64,
    pub malformed_rows: Vec<Skipped>,
    pub overall: Group,
    pub by_week: Vec<Group>,
    pub by_channel: Vec<Group>,
    pub by_agent: Vec<Group>,
    pub agents_anonymised: bool,
    pub rules: Vec<RuleCount>,
    pub phrases: Vec<PhraseCount>,
    pub incoming: Vec<SignalCount>,
    pub response_times: Option<ResponseTimes>,
    pub topics: Vec<Topic>,
}

/// What checking one row gives, before it is counted (its lists borrowed from `Found`).
struct Analysed<'a> {
    dimensions: crate::check::Dimensions,
    /// (rule, span) of each finding.
    findings: &'a [(usize, Span)],
    /// The signals of the citizen's message, each once, sorted.
    incoming: &'a [usize],
    personal: &'a [Span],
    hash: u64,
    template: bool,
    /// Topic words of the message, one per line (see `push_terms`).
    terms: &'a str,
}

/// What the checks of some rows of a batch found, in lists the rows share: a worker's
/// share of a batch is a handful of allocations, not four per row. (The rows are counted
/// on another thread than checked them; see `read::Rows` for what freeing many small
/// blocks there costs.)
#[derive(Default)]
struct Found {
    rows: Vec<FoundRow>,
    findings: Vec<(usize, Span)>,
    incoming: Vec<usize>,
    personal: Vec<Span>,
    terms: String,
}

/// One row in `Found`: where its parts of the lists end (each starts where the row
/// before it ends).
struct FoundRow {
    /// The row's place in its batch.
    row: usize,
    dimensions: crate::check::Dimensions,
    hash: u64,
    template: bool,
    ends: [usize; 4],
}

/// The platform a channel name stands for.
fn platform_of(channel: &str) -> Option<Platform> {
    let trimmed = channel.trim();
    // A channel name is short and ASCII: lowercased on the stack, not for every row anew on
    // the heap.
    let mut buf = [0u8; 32];
    let owned;
    let c: &str = if trimmed.is_ascii() && trimmed.len() <= buf.len() {
        let b = &mut buf[..trimmed.len()];
        b.copy_from_slice(trimmed.as_bytes());
        b.make_ascii_lowercase();
        std::str::from_utf8(b).expect("ASCII lowercased is ASCII")
    } else {
        owned = trimmed.to_lowercase();
        &owned
    };
    match c {
        "twitter" | "x" | "x.com" => Some(Platform::X),
        "e-mail" | "mail" | "email" => Some(Platform::Email),
        "messenger" | "dm" | "direct message" | "privebericht" | "privébericht" => Some(Platform::Dm),
        _ => Platform::parse(c).or_else(|| {
            if c.contains("whatsapp") {
                Some(Platform::Whatsapp)
            } else if c.contains("dm") || c.contains("messenger") {
                Some(Platform::Dm)
            } else if c.contains("instagram") {
                Some(Platform::Instagram)
            } else if c.contains("facebook") {
                Some(Platform::Facebook)
            } else {
                None
            }
        }),
    }
}

/// Words of a citizen's message that can carry a topic: lowercase, four letters or more, not
/// a common word, each once.
///
/// The words are added to `out`, each followed by a line break: no allocation per word,
/// and the words of many messages share one string.
fn push_terms(out: &mut String, message: &str) {
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

/// Adds `word` lowercased to `out` unless it is a stopword or among the message's words
/// `kept` so far. It is lowercased where it goes, and taken back if it is not kept.
fn keep_term(out: &mut String, kept: &mut Vec<(usize, usize)>, word: &str) {
    static STOP: std::sync::LazyLock<HashSet<&'static str>> =
        std::sync::LazyLock::new(|| STOPWORDS.iter().copied().collect());
    let start = out.len();
    push_lowercase(out, word);
    let word = &out[start..];
    if STOP.contains(word) || kept.iter().any(|&(s, e)| out[s..e] == *word) {
        out.truncate(start);
    } else {
        kept.push((start, out.len()));
        out.push('\n');
    }
}

/// Appends `word` lowercased; an ASCII word a byte at a time, without the Unicode tables.
fn push_lowercase(out: &mut String, word: &str) {
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
fn alphanumeric_runs(text: &str) -> impl Iterator<Item = &str> {
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
fn char_at(text: &str, i: usize) -> (usize, bool) {
    let b = text.as_bytes()[i];
    if b.is_ascii() {
        (1, b.is_ascii_alphanumeric())
    } else {
        let c = text[i..].chars().next().expect("i is a character boundary");
        (c.len_utf8(), c.is_alphanumeric())
    }
}

/// Dutch words too common to be a topic.
const STOPWORDS: &[&str] = &[
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
    // Dates say when, not what: "sinds 3 maart" is no topic.
    "januari",
    "februari",
    "maart",
    "april",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
];

/// What a reply is, whoever it was sent to: read and scanned, its hash, whether it is a
/// library template. The rows of one task (up to `ROWS_PER_TASK` rows of a batch that share
/// the reply word for word) share this.
struct Reply<'a> {
    prepared: PreparedReply<'a>,
    hash: u64,
    template: bool,
}

impl<'a> Reply<'a> {
    fn new(set: &Engine, reply: &'a str, options: &Options) -> Reply<'a> {
        Reply {
            prepared: PreparedReply::remembering(set, reply),
            hash: words_hash(reply),
            template: options.templates.is_some_and(|t| t.best_match(reply).is_some()),
        }
    }
}

/// A hash of `text`'s words, lowercased, without building the normalised text: replies
/// that differ only in case and spacing hash the same.
fn words_hash(text: &str) -> u64 {
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

impl Found {
    /// Check row `i` of a batch, `row`: its reply against the citizen's message, on the
    /// platform its channel is.
    fn add(&mut self, set: &Engine, reply: &Reply, i: usize, row: Row) {
        let context = Context {
            platform: row.channel.and_then(platform_of),
            ..Context::default()
        };
        let checked = reply.prepared.check_for_counts(set, row.message.as_slice(), &context);
        self.findings.extend(checked.findings.iter().map(|f| (f.rule, f.span)));
        let from = self.incoming.len();
        for h in &checked.incoming {
            if !self.incoming[from..].contains(&h.signal) {
                self.incoming.push(h.signal);
            }
        }
        self.incoming[from..].sort_unstable();
        self.personal.extend_from_slice(&checked.personal);
        if let Some(message) = row.message {
            push_terms(&mut self.terms, message);
        }
        self.rows.push(FoundRow {
            row: i,
            dimensions: checked.dimensions,
            hash: reply.hash,
            template: reply.template,
            ends: [
                self.findings.len(),
                self.incoming.len(),
                self.personal.len(),
                self.terms.len(),
            ],
        });
    }

    /// The `k`th row added.
    fn get(&self, k: usize) -> Analysed<'_> {
        let r = &self.rows[k];
        let start = |part: usize| if k == 0 { 0 } else { self.rows[k - 1].ends[part] };
        Analysed {
            dimensions: r.dimensions,
            findings: &self.findings[start(0)..r.ends[0]],
            incoming: &self.incoming[start(1)..r.ends[1]],
            personal: &self.personal[start(2)..r.ends[2]],
            hash: r.hash,
            template: r.template,
            terms: &self.terms[start(3)..r.ends[3]],
        }
    }
}

/// Rows one task checks with one preparation of their shared reply: a standard reply sent
/// to a thousand people in a batch is split over the cores, at the cost of a few more
/// preparations.
const ROWS_PER_TASK: usize = 64;

/// Tasks a core works through without a pause where the other core can take some over.
/// Left to itself rayon splits a batch's few thousand tasks into a handful of pieces per
/// core: the core that finishes first then waits for the other's last piece, at every
/// batch.
const TASKS_PER_PIECE: usize = 64;

/// A batch checked: what was found, and per row of the batch where it is (which `Found`,
/// which of its rows).
struct Checked {
    found: Vec<Found>,
    at: Vec<(usize, usize)>,
}

impl Checked {
    fn get(&self, row: usize) -> Analysed<'_> {
        let (f, k) = self.at[row];
        self.found[f].get(k)
    }
}

/// Check a batch of rows on all cores. A reply sent word for word to several people in the
/// batch (a standard reply) is read and scanned once per task, and dropped when its rows
/// are done: only the replies being worked on are held.
fn analyse_batch(set: &Engine, batch: &Rows, options: &Options) -> Checked {
    use rayon::prelude::*;
    // The rows in the order of their replies' first appearance, the rows of one reply
    // together and in their own order.
    let mut group_of: HashMap<&str, usize> = HashMap::default();
    let groups: Vec<usize> = batch
        .iter()
        .map(|row| {
            let next = group_of.len();
            *group_of.entry(row.reply).or_insert(next)
        })
        .collect();
    let mut order: Vec<usize> = (0..batch.len()).collect();
    order.sort_by_key(|&i| groups[i]);
    let tasks: Vec<&[usize]> = order
        .chunk_by(|&a, &b| groups[a] == groups[b])
        .flat_map(|rows| rows.chunks(ROWS_PER_TASK))
        .collect();
    let found: Vec<Found> = tasks
        .par_iter()
        .with_max_len(TASKS_PER_PIECE)
        .fold(Found::default, |mut found, rows| {
            let reply = Reply::new(set, batch.get(rows[0]).reply, options);
            for &i in *rows {
                found.add(set, &reply, i, batch.get(i));
            }
            found
        })
        .collect();
    let mut at = vec![(0, 0); batch.len()];
    for (f, found) in found.iter().enumerate() {
        for (k, r) in found.rows.iter().enumerate() {
            at[r.row] = (f, k);
        }
    }
    Checked { found, at }
}

/// A reply as an example in a report: whitespace collapsed, personal data masked, at most
/// 200 characters.
fn example(reply: &str, personal: &[Span]) -> String {
    let masked = crate::privacy::mask(reply, personal);
    let words: Vec<&str> = masked.split_whitespace().collect();
    let text = words.join(" ");
    if text.chars().count() > 200 {
        format!("{}…", text.chars().take(199).collect::<String>())
    } else {
        text
    }
}

/// Counters while the rows stream by.
#[derive(Default)]
struct Tally {
    rows: u64,
    replies: u64,
    malformed: u64,
    malformed_rows: Vec<Skipped>,
    overall: Group,
    /// Per ISO week (year, week): named and sorted by name at the end.
    weeks: HashMap<(i64, i64), Week>,
    /// Per channel as written: its verdicts and response times.
    /// (Hashed while counting, sorted by name at the end: a tree compares the name with
    /// several others at every row.)
    channels: HashMap<String, (Group, Minutes)>,
    by_agent: HashMap<String, Group>,
    agent_names: HashMap<String, String>,
    /// Per rule: findings, replies, example.
    rules: HashMap<usize, (u64, u64, String)>,
    /// Per rule, per phrase as written (lowercased): count, example.
    phrases: HashMap<usize, HashMap<String, (u64, String)>>,
    /// Per incoming signal: messages, verdicts, the hashes of the replies, template replies.
    /// (A list, not counts per hash: most replies are sent once, and a list of them is half
    /// the size of a map.)
    signals: HashMap<usize, (u64, [Verdicts; 3], Vec<u64>, u64)>,
    reply_counts: HashMap<u64, u32>,
    times_all: Minutes,
    /// Topic words, numbered as they first occur: a message's words are counted by number.
    term_ids: HashMap<String, u32>,
    /// Per term number: the messages it occurs in.
    all_terms: Vec<u32>,
    all_messages: u64,
    /// A phrase lowercased, reused from row to row.
    scratch: String,
    /// Per rule: whether its words are distancing phrases (a phrase rule with a distancing
    /// tag), worked out once.
    distancing: Vec<bool>,
}

/// What is counted per ISO week.
#[derive(Default)]
struct Week {
    group: Group,
    times: Minutes,
    messages: u64,
    /// Per term number: the week's messages it occurs in.
    terms: HashMap<u32, u32>,
}

/// The value under `key`, made when it is new: the key is copied only then (most rows
/// count into a group that exists).
fn entry<'m, V: Default>(map: &'m mut HashMap<String, V>, key: &str) -> &'m mut V {
    if !map.contains_key(key) {
        map.insert(key.to_string(), V::default());
    }
    map.get_mut(key).expect("inserted above")
}

impl Tally {
    fn skip(&mut self, line: u64, reason: String) {
        self.malformed += 1;
        if self.malformed_rows.len() < 100 {
            self.malformed_rows.push(Skipped { line, reason });
        }
    }

    fn add(&mut self, row: Row, a: Analysed, options: &Options) {
        self.replies += 1;
        let d = &a.dimensions;
        self.overall.add(d);
        let mut week = row
            .received
            .map(|r| self.weeks.entry(time::iso_week_number(r)).or_default());
        if let Some(w) = &mut week {
            w.group.add(d);
        }
        let mut channel = row.channel.map(|c| entry(&mut self.channels, c));
        if let Some((group, _)) = &mut channel {
            group.add(d);
        }
        if let Some(agent) = row.agent {
            let group = if options.anonymise {
                let name = match self.agent_names.get(agent) {
                    Some(name) => name,
                    None => {
                        let name = format!("medewerker {}", self.agent_names.len() + 1);
                        self.agent_names.entry(agent.to_string()).or_insert(name)
                    }
                };
                entry(&mut self.by_agent, name)
            } else {
                entry(&mut self.by_agent, agent)
            };
            group.add(d);
        }
        // A reply's findings are few: a list tells which rules were counted already.
        let mut seen_rules: Vec<usize> = Vec::new();
        for &(rule, span) in a.findings {
            let entry = self
                .rules
                .entry(rule)
                .or_insert_with(|| (0, 0, example(row.reply, a.personal)));
            entry.0 += 1;
            if !seen_rules.contains(&rule) {
                seen_rules.push(rule);
                entry.1 += 1;
            }
            if self.distancing[rule] && span.end <= row.reply.len() {
                // Personal data inside a phrase stays masked here too.
                let written: std::borrow::Cow<str> = if a.personal.iter().any(|p| p.overlaps(span)) {
                    crate::privacy::mask_part(row.reply, span, a.personal).into()
                } else {
                    row.reply[span.start..span.end].into()
                };
                let phrase = &mut self.scratch;
                phrase.clear();
                for word in written.split_whitespace() {
                    if !phrase.is_empty() {
                        phrase.push(' ');
                    }
                    push_lowercase(phrase, word);
                }
                let of_rule = self.phrases.entry(rule).or_default();
                match of_rule.get_mut(phrase.as_str()) {
                    Some(e) => e.0 += 1,
                    None => {
                        of_rule.insert(phrase.clone(), (1, example(row.reply, a.personal)));
                    }
                }
            }
        }
        *self.reply_counts.entry(a.hash).or_default() += 1;
        for &s in a.incoming {
            let e = self.signals.entry(s).or_default();
            e.0 += 1;
            e.1[0].add(d.empathy);
            e.1[1].add(d.ownership);
            e.1[2].add(d.follow_up);
            if a.template {
                e.3 += 1;
            } else {
                e.2.push(a.hash);
            }
        }
        if let (Some(received), Some(replied)) = (row.received, row.replied)
            && replied >= received
        {
            let minutes = u32::try_from(replied - received).unwrap_or(u32::MAX);
            self.times_all.add(minutes);
            if let Some((_, times)) = &mut channel {
                times.add(minutes);
            }
            if let Some(w) = &mut week {
                w.times.add(minutes);
            }
        }
        if row.message.is_some() {
            self.all_messages += 1;
            if let Some(w) = &mut week {
                w.messages += 1;
            }
            for t in a.terms.split('\n').filter(|t| !t.is_empty()) {
                let id = match self.term_ids.get(t) {
                    Some(&id) => id,
                    None => {
                        let id = self.all_terms.len() as u32;
                        self.term_ids.insert(t.to_string(), id);
                        self.all_terms.push(0);
                        id
                    }
                };
                self.all_terms[id as usize] += 1;
                if let Some(w) = &mut week {
                    *w.terms.entry(id).or_default() += 1;
                }
            }
        }
    }

    fn finish(self, set: &Engine, archive: String, options: &Options) -> Mirror {
        let groups = |m: BTreeMap<String, Group>| -> Vec<Group> {
            m.into_iter().map(|(name, g)| Group { name, ..g }.finish()).collect()
        };
        let mut rules: Vec<RuleCount> = self
            .rules
            .into_iter()
            .map(|(i, (findings, replies, example))| RuleCount {
                rule: set.rules()[i].id.clone(),
                dimension: set.rules()[i].dimension.as_str().to_string(),
                findings,
                replies,
                example,
            })
            .collect();
        rules.sort_by(|a, b| b.replies.cmp(&a.replies).then_with(|| a.rule.cmp(&b.rule)));
        let mut phrases: Vec<PhraseCount> = self
            .phrases
            .into_iter()
            .flat_map(|(rule, of_rule)| {
                of_rule.into_iter().map(move |(phrase, (count, example))| PhraseCount {
                    phrase,
                    rule: set.rules()[rule].id.clone(),
                    count,
                    example,
                })
            })
            .collect();
        phrases.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| a.phrase.cmp(&b.phrase))
                .then_with(|| a.rule.cmp(&b.rule))
        });
        phrases.truncate(25);
        let counts = &self.reply_counts;
        let mut incoming: Vec<SignalCount> = self
            .signals
            .into_iter()
            .map(|(s, (messages, v, hashes, templates))| SignalCount {
                signal: set.signals()[s].id.clone(),
                messages,
                standard_replies: templates
                    + hashes
                        .iter()
                        .filter(|h| counts.get(h).is_some_and(|&n| n >= STANDARD_REPEATS))
                        .count() as u64,
                empathy: v[0],
                ownership: v[1],
                follow_up: v[2],
            })
            .collect();
        incoming.sort_by(|a, b| b.messages.cmp(&a.messages).then_with(|| a.signal.cmp(&b.signal)));
        let within = options.respond_within;
        // Weeks by name, as they sort in every list of the report.
        let mut weeks: Vec<(String, Week)> = self
            .weeks
            .into_iter()
            .map(|(key, w)| (time::week_name(key), w))
            .collect();
        weeks.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut term_names = vec![String::new(); self.all_terms.len()];
        for (term, id) in self.term_ids {
            term_names[id as usize] = term;
        }
        let topics = topics(&weeks, &term_names, &self.all_terms, self.all_messages);
        // Each week and channel gives a group, and its response times when it has any.
        let split = |named: Vec<(String, Group, Minutes)>| -> (Vec<Group>, Vec<Times>) {
            let mut groups = Vec::with_capacity(named.len());
            let mut response = Vec::new();
            for (name, group, t) in named {
                if t.count > 0 {
                    response.push(times(name.clone(), t, within));
                }
                groups.push(Group { name, ..group }.finish());
            }
            (groups, response)
        };
        let (by_week, times_by_week) = split(weeks.into_iter().map(|(n, w)| (n, w.group, w.times)).collect());
        let channels: BTreeMap<String, (Group, Minutes)> = self.channels.into_iter().collect();
        let (by_channel, times_by_channel) = split(channels.into_iter().map(|(n, (g, t))| (n, g, t)).collect());
        let response_times = (self.times_all.count > 0).then(|| ResponseTimes {
            respond_within_minutes: within,
            overall: times("alle kanalen".into(), self.times_all, within),
            by_channel: times_by_channel,
            by_week: times_by_week,
        });
        Mirror {
            version: VERSION,
            archive,
            rows: self.rows,
            replies: self.replies,
            malformed: self.malformed,
            malformed_rows: self.malformed_rows,
            overall: Group {
                name: "alle antwoorden".into(),
                ..self.overall
            }
            .finish(),
            by_week,
            by_channel,
            by_agent: groups(self.by_agent.into_iter().collect()),
            agents_anonymised: options.anonymise,
            rules,
            phrases,
            incoming,
            response_times,
            topics,
        }
    }
}

/// Median, 90th percentile (nearest rank) and misses of a list of response times.
/// Response times of a group, counted per minute: exact medians and percentiles in memory
/// that does not grow with the rows (a day has 1,440 minutes; replies do not spread over
/// millions of distinct delays).
#[derive(Default)]
struct Minutes {
    count: u64,
    /// Replies per delay, in no order: a hash map takes a row faster than a tree, and the
    /// percentiles sort its few keys once, at the end.
    by_minute: HashMap<u32, u64>,
}

impl Minutes {
    fn add(&mut self, minutes: u32) {
        self.count += 1;
        *self.by_minute.entry(minutes).or_default() += 1;
    }

    /// The delays with their counts, shortest first.
    fn sorted(&self) -> Vec<(u32, u64)> {
        let mut list: Vec<(u32, u64)> = self.by_minute.iter().map(|(&m, &n)| (m, n)).collect();
        list.sort_unstable();
        list
    }

    /// The nearest-rank percentile `p`: the smallest time with at least p % of the times at
    /// or below it.
    fn rank(sorted: &[(u32, u64)], count: u64, p: u64) -> u32 {
        let k = (p * count).div_ceil(100).max(1);
        let mut seen = 0;
        for &(m, n) in sorted {
            seen += n;
            if seen >= k {
                return m;
            }
        }
        0
    }
}

fn times(name: String, t: Minutes, within: Option<u32>) -> Times {
    let missed = within.map_or(0, |w| {
        t.by_minute.iter().filter(|&(&m, _)| m > w).map(|(_, &n)| n).sum()
    });
    let sorted = t.sorted();
    Times {
        name,
        replies: t.count,
        median_minutes: Minutes::rank(&sorted, t.count, 50),
        p90_minutes: Minutes::rank(&sorted, t.count, 90),
        missed,
        missed_share: within.map(|_| round1(100.0 * missed as f64 / t.count as f64)),
    }
}

/// Words that a week's messages share far more often than the archive's: at least 5
/// messages and 10 % of the week, and at least three times the archive's rate. Up to three
/// per week, most messages first.
fn topics(weeks: &[(String, Week)], term_names: &[String], all_terms: &[u32], all_messages: u64) -> Vec<Topic> {
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

/// Read, check and count every row of an archive. `progress` is told how many rows and
/// bytes have been read, after every batch.
pub fn mirror(
    set: &Engine,
    reader: &mut Reader,
    archive: String,
    options: &Options,
    progress: &mut dyn FnMut(u64, u64),
) -> Mirror {
    let mut tally = Tally {
        distancing: set
            .rules()
            .iter()
            .map(|r| matches!(r.kind, Kind::Phrase) && r.tags.iter().any(|t| DISTANCING_TAGS.contains(&t.as_str())))
            .collect(),
        ..Tally::default()
    };
    // One batch is checked on all cores while this thread counts the batch before it and
    // reads the next one: reading and counting cost no wall time of their own.
    // Rows are read into a batch whose rows were counted: its buffers are reused.
    let batch_rows = if options.batch_rows == 0 {
        BATCH
    } else {
        options.batch_rows
    };
    let read_batch = |reader: &mut Reader, tally: &mut Tally, mut batch: Rows| -> Rows {
        batch.clear();
        while batch.len() < batch_rows {
            match reader.read_into(&mut batch) {
                None => break,
                Some(Ok(())) => tally.rows += 1,
                Some(Err(e)) => {
                    tally.rows += 1;
                    tally.skip(e.line, e.reason);
                }
            }
        }
        batch
    };
    let mut batch = read_batch(reader, &mut tally, Rows::default());
    let mut counted: Option<(Rows, Checked)> = None;
    while !batch.is_empty() || counted.is_some() {
        let (next, analysed) = rayon::join(
            || {
                let mut spare = Rows::default();
                if let Some((rows, checked)) = counted.take() {
                    for (i, row) in rows.iter().enumerate() {
                        tally.add(row, checked.get(i), options);
                    }
                    spare = rows;
                }
                if batch.is_empty() {
                    Rows::default()
                } else {
                    read_batch(reader, &mut tally, spare)
                }
            },
            || analyse_batch(set, &batch, options),
        );
        progress(tally.rows, reader.bytes_read());
        counted = (!batch.is_empty()).then(|| (std::mem::take(&mut batch), analysed));
        batch = next;
    }
    tally.finish(set, archive, options)
}

/// Open `archive` (or `-` for standard input) and make its mirror. `progress` hears the rows
/// and bytes read so far.
pub fn run(
    set: &Engine,
    archive: &std::path::Path,
    names: &ColumnNames,
    options: &Options,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Mirror, String> {
    let mut reader = Reader::open(archive, names)?;
    let shown = if archive.as_os_str() == "-" {
        "<stdin>".to_string()
    } else {
        archive.display().to_string()
    };
    Ok(mirror(set, &mut reader, shown, options, progress))
}

#[cfg(test)]
mod tests {
    use super::{Found, Minutes, Options, Reader, Reply, Row, alphanumeric_runs, push_terms, times, words_hash};
    use crate::rules::Context;

    /// Where batches begin and end changes nothing: an archive counted in batches of 1, 7
    /// and 64 rows gives the figures of one batch for all. The archive repeats replies
    /// (shared within a batch), has malformed rows, and rules and phrases whose first
    /// example is kept.
    #[test]
    fn the_figures_do_not_depend_on_the_batch_size() {
        let (set, errors) = crate::check::load(&Default::default());
        assert!(errors.is_empty());
        let mut archive = String::from("ontvangen,verstuurd,kanaal,medewerker,bericht,antwoord\n");
        let replies = [
            "We hebben dit intern doorgezet.",
            "Dit is heel zwaar. Ik bel je vandaag voor 15.00 uur zelf. ^MS",
            "Komt goed 👍 Wij kijken ernaar.",
            "Excuses voor het ongemak. Zie onze website voor meer informatie.",
        ];
        let messages = [
            "Ik weet het echt niet meer, de huur moet betaald worden.",
            "Al 3 keer gebeld!! Wanneer wordt het grofvuil opgehaald?",
            "De lantaarnpaal aan de Schoolstraat is kapot.",
        ];
        for i in 0..150 {
            let (reply, message) = (replies[i * 7 % 4], messages[i % 3]);
            let day = 1 + i % 28;
            let received = if i % 37 == 5 {
                "gisteren".to_string()
            } else {
                format!("2026-03-{day:02} 10:00")
            };
            archive.push_str(&format!(
                "{received},2026-03-{day:02} 1{}:30,{},Agent {},\"{message} #{i}\",\"{reply}\"\n",
                i % 10,
                ["X", "WhatsApp", "Facebook"][i % 3],
                i % 4
            ));
        }
        let figures = |batch_rows: usize| {
            let source: Box<dyn std::io::Read + Send> = Box::new(std::io::Cursor::new(archive.clone().into_bytes()));
            let mut reader = Reader::from_read(source, "archief.csv", &Default::default()).unwrap();
            let options = Options {
                respond_within: Some(120),
                batch_rows,
                ..Options::default()
            };
            let m = super::mirror(&set, &mut reader, "archief.csv".into(), &options, &mut |_, _| {});
            serde_json::to_string(&m).unwrap()
        };
        let whole = figures(1000);
        assert!(whole.contains("\"malformed\":4") && whole.contains("intern"), "{whole}");
        for batch_rows in [1, 7, 64] {
            assert_eq!(figures(batch_rows), whole, "batches of {batch_rows}");
        }
    }

    /// Rows checked into one `Found` share its lists: each comes back with its own part,
    /// the same as checking it alone gives (lists of different lengths, some empty).
    #[test]
    fn rows_checked_into_one_found_come_back_each_with_their_own_lists() {
        let (set, errors) = crate::check::load(&Default::default());
        assert!(errors.is_empty());
        let rows = [
            (
                "Komt goed 👍 Ik bel je vandaag op 06-12345678.",
                Some("Ik weet het echt niet meer, de huur moet betaald worden."),
            ),
            ("We hebben dit intern doorgezet.", None),
            (
                "Dit is heel zwaar. Ik bel je vandaag voor 15.00 uur zelf. ^MS",
                Some("Al 3 keer gebeld!! Wanneer wordt het grofvuil opgehaald? Grofvuil!"),
            ),
        ];
        let mut found = Found::default();
        for (i, &(reply, message)) in rows.iter().enumerate() {
            let row = Row {
                line: i as u64 + 2,
                received: None,
                replied: None,
                channel: Some("X"),
                agent: None,
                message,
                reply,
            };
            found.add(&set, &Reply::new(&set, reply, &Options::default()), 10 + i, row);
        }
        let mut any_findings = 0;
        for (k, &(reply, message)) in rows.iter().enumerate() {
            let context = Context {
                platform: Some(crate::rules::Platform::X),
                ..Context::default()
            };
            let alone =
                crate::check::PreparedReply::new(&set, reply).check_for_counts(&set, message.as_slice(), &context);
            let got = found.get(k);
            assert_eq!(found.rows[k].row, 10 + k);
            assert_eq!(got.dimensions, alone.dimensions, "{reply}");
            let findings: Vec<_> = alone.findings.iter().map(|f| (f.rule, f.span)).collect();
            assert_eq!(got.findings, findings.as_slice(), "{reply}");
            any_findings += findings.len();
            let mut signals: Vec<usize> = alone.incoming.iter().map(|h| h.signal).collect();
            signals.sort_unstable();
            signals.dedup();
            assert_eq!(got.incoming, signals.as_slice(), "{reply}");
            assert_eq!(got.personal, alone.personal.as_slice(), "{reply}");
            let mut terms = String::new();
            if let Some(m) = message {
                push_terms(&mut terms, m);
            }
            assert_eq!(got.terms, terms, "{reply}");
        }
        assert!(any_findings > 0 && !found.incoming.is_empty() && !found.personal.is_empty());
    }

    #[test]
    fn times_counted_per_minute_give_the_sorted_list_s_percentiles() {
        // A simple generator, so the lists are the same on every run.
        let mut x: u64 = 7;
        let mut next = |bound: u64| {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (x >> 33) % bound
        };
        for len in [1usize, 2, 3, 9, 10, 11, 100, 1001] {
            let list: Vec<u32> = (0..len).map(|_| next(600) as u32).collect();
            let mut counted = Minutes::default();
            list.iter().for_each(|&m| counted.add(m));
            let mut sorted = list.clone();
            sorted.sort_unstable();
            let rank = |p: usize| sorted[((p * len).div_ceil(100)).max(1) - 1];
            let t = times("x".into(), counted, Some(240));
            assert_eq!((t.median_minutes, t.p90_minutes), (rank(50), rank(90)), "{len}");
            assert_eq!(t.missed, sorted.iter().filter(|&&m| m > 240).count() as u64);
            assert_eq!(t.replies, len as u64);
        }
    }

    /// Texts with what a byte-at-a-time shortcut can get wrong: accents, capitals that
    /// lowercase to more than one character, digits of other scripts, combining marks, emoji.
    const MIXED: &[&str] = &[
        "",
        "Bedankt VOOR je  bericht!",
        "Één lantaarnpaal   kapot,de CONTAINER vol",
        "İstanbul ẞtraße ǅemal",
        "e\u{301}e\u{301}n naïef café-terras ٣٤ 12ab",
        "👍🏽 ok?\t\nnee…ja",
        "  ",
        " Tab\tVT\u{b}FF\u{c}CR\r\nEnd. ",
        "a\u{85}b\u{a0}c\u{2003}d",
    ];

    #[test]
    fn the_words_hash_is_the_same_as_hashing_each_lowercased_character() {
        use std::hash::Hasher;
        for text in MIXED {
            let mut h = rustc_hash::FxHasher::default();
            for word in text.split_whitespace() {
                for c in word.chars().flat_map(char::to_lowercase) {
                    h.write_u32(c as u32);
                }
                h.write_u8(0);
            }
            assert_eq!(words_hash(text), h.finish(), "{text:?}");
        }
        assert_eq!(
            words_hash("Bedankt  voor JE bericht"),
            words_hash("bedankt voor je bericht")
        );
        assert_ne!(
            words_hash("bedankt voor je bericht"),
            words_hash("bedankt voor je berichten")
        );
    }

    #[test]
    fn alphanumeric_runs_are_the_non_empty_pieces_of_a_split() {
        for text in MIXED {
            let expected: Vec<&str> = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            assert_eq!(alphanumeric_runs(text).collect::<Vec<_>>(), expected, "{text:?}");
        }
    }

    /// The topic words of `message` as the doc comment of `push_terms` defines them.
    fn terms_by_definition(message: &str) -> String {
        let mut out = String::new();
        let mut seen: Vec<String> = Vec::new();
        for w in message.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
            let lower = w.to_lowercase();
            if w.chars().count() < 4
                || w.chars().all(|c| c.is_ascii_digit())
                || super::STOPWORDS.contains(&lower.as_str())
                || seen.contains(&lower)
            {
                continue;
            }
            out += &lower;
            out.push('\n');
            seen.push(lower);
        }
        out
    }

    #[test]
    fn terms_are_found_by_their_definition_in_ascii_and_other_text() {
        let messages = [
            "Waarom is het GROFVUIL niet opgehaald? Grofvuil staat er al 3 dagen, 2026 ook.",
            "Ik heb al 4 keer gebeld over mijn huurtoeslag_aanvraag (nr 12345678)!!",
            "a1b2c3d4 1234 12345 abc4 ABCD abcd",
        ];
        for m in messages.iter().chain(MIXED) {
            let mut out = String::new();
            push_terms(&mut out, m);
            assert_eq!(out, terms_by_definition(m), "{m:?}");
        }
    }

    #[test]
    fn terms_are_the_content_words_of_a_message_once_each() {
        let mut out = String::new();
        push_terms(
            &mut out,
            "Sinds 3 maart staat de CONTAINER vol, de container! Al 1234 dagen, maandag ook.",
        );
        assert_eq!(
            out, "container\n",
            "short words, numbers, stopwords, months and weekdays are no topic"
        );
        // A word is once per message: the next message's words follow, its own repeats not.
        push_terms(&mut out, "Één lantaarnpaal kapot, de container ook, lantaarnpaal!");
        assert_eq!(out, "container\nlantaarnpaal\nkapot\ncontainer\n");
    }
}
