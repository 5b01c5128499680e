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

pub mod hours;
mod read;
pub mod time;

pub use read::{ColumnNames, Field, Reader, Row, RowError, Rows};

mod model;
mod tally;
mod topics;
pub use model::*;
use tally::*;
use topics::*;

use crate::check::{Engine, PreparedReply, Verdict};
use crate::rules::{Context, Kind, Platform};
use crate::span::Span;
use crate::templates::TemplateIndex;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::Serialize;
use std::collections::BTreeMap;

/// Rows checked at once: enough to keep every core busy, few enough to keep memory flat.
///
/// Between two batches the cores wait for each other and for the thread that reads and
/// counts. With 4,096 rows a batch, a report took 7 % more time (200,000 rows, median of 6
/// runs side by side); a million rows peaked at 41 MB instead of 54 MB.
const BATCH: usize = 16_384;

/// The side of a comparison a moment is on: 0 the chosen days, 1 the others (all other
/// rows, or with `before` only the days just before), `None` for neither.
pub(crate) fn compare_side(at: Option<i64>, options: &Options) -> Option<usize> {
    let (from, to) = options.compare?;
    match at {
        Some(t) if t >= from && t < to => Some(0),
        Some(t) if options.compare_before => (t >= from - (to - from) && t < from).then_some(1),
        _ if options.compare_before => None,
        _ => Some(1),
    }
}

/// Tags of the rules whose words are distancing phrases.
const DISTANCING_TAGS: &[&str] = &["afstand", "vage-belofte", "doorverwijzing"];

/// The signals of a message that must not get a standard reply or a reply without a person:
/// a cry for help, and someone who has asked before. Their rows come first in the report.
pub const ALARM_SIGNALS: [&str; 2] = ["noodkreet", "herhaald-contact"];

/// A reply sent at least this often, word for word, is a standard reply.
const STANDARD_REPEATS: u32 = 3;

/// How to read and count.
#[derive(Debug, Default)]
pub struct Options<'a> {
    /// The team's principle: answer within this many minutes.
    pub respond_within: Option<u32>,
    /// Agents as "medewerker 1", "medewerker 2"... in the order they first appear. The
    /// command line makes this the default (`--show-agents` to name them).
    pub anonymise: bool,
    /// Count only rows from this moment on, and before this one (minutes; by the citizen's
    /// message, else the reply).
    pub since: Option<i64>,
    pub until: Option<i64>,
    /// Set these days (minutes, from inclusive, to exclusive) beside the other rows.
    pub compare: Option<(i64, i64)>,
    /// Compare with the period of the same length just before it, not all other rows.
    pub compare_before: bool,
    /// Count response times only in these hours (else on the calendar's clock).
    pub opening_hours: Option<hours::OpeningHours>,
    /// The team's library: a reply (nearly) the same as a template is a standard reply.
    pub templates: Option<&'a TemplateIndex>,
    /// Rows checked at once; 0 for `BATCH`. The figures do not depend on it.
    pub batch_rows: usize,
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
struct AnalysedBatch {
    found: Vec<Found>,
    at: Vec<(usize, usize)>,
}

impl AnalysedBatch {
    fn get(&self, row: usize) -> Analysed<'_> {
        let (f, k) = self.at[row];
        self.found[f].get(k)
    }
}

/// Check a batch of rows on all cores. A reply sent word for word to several people in the
/// batch (a standard reply) is read and scanned once per task, and dropped when its rows
/// are done: only the replies being worked on are held.
fn analyse_batch(set: &Engine, batch: &Rows, options: &Options) -> AnalysedBatch {
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
    AnalysedBatch { found, at }
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
        alarm_signals: ALARM_SIGNALS.map(|id| set.signals().iter().position(|s| s.id == id)),
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
    let mut counted: Option<(Rows, AnalysedBatch)> = None;
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
                conversation: None,
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
                || super::is_stopword(&lower)
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
