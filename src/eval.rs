//! Measuring a rule set against labelled replies (JSON Lines, the schema of the development
//! corpus): precision, recall and F1 per label, and how many replies labelled "near" (fine
//! to post as they are) would still get a warning. `nabij eval` prints it.
//!
//! How a label is predicted:
//! - `empathy`, `ownership`, `follow_up`: the reply's verdict is `present`;
//! - `vague_promise`, `distancing`, `link_only`, `emoji_misfit`, `x_weighted_length_over`:
//!   a finding of a rule with the tag `vage-belofte`, `afstand`, `alleen-link`,
//!   `emoji-past-niet` or `te-lang`;
//! - `automated_honest` (automatic replies only): no finding tagged `automatisch-oneerlijk`;
//! - `formality` `mixed`: a finding tagged `aanspreekvorm`.
//!
//! An item's `channel` (x, instagram, facebook, whatsapp, email) is its platform, and
//! `automated` (top level or among the labels) checks it as an automatic reply. A reply
//! with an `incoming` message is checked as the answer to it.
//!
//! Citizen messages (`signals`, or `incoming_signals` of a pair) are scored per signal:
//! `distress`, `repeated_contact`, `vulnerable`, each emotion, anger and frustration
//! together, and whether the message asks a question (see `SIGNAL_LABELS`).

use crate::check::Engine;
use crate::check::{Checked, Verdict, check_reply};
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Dimension, Kind, Platform, Severity};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The labels, in the order they are reported.
pub const LABELS: &[&str] = &[
    "empathy",
    "ownership",
    "follow_up",
    "distancing",
    "vague_promise",
    "link_only",
    "emoji_misfit",
    "x_weighted_length_over",
    "automated_honest",
    "formality_mixed",
    "empathy_needed",
    "follow_up_needed",
];

/// Which items of a labelled file are evaluated. Every item belongs to one of two parts by
/// a hash of its `id`, so the split is fixed, needs no list, and holds for new items too:
/// about two thirds `tune` (look at its errors while changing rules) and one third `check`
/// (do not look: it tells whether a change generalises). A gap between the two means the
/// rules are fitting the corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Part {
    #[default]
    All,
    Tune,
    Check,
}

impl Part {
    /// The part an item with this id belongs to (`Tune` or `Check`): FNV-1a of the id,
    /// one in three to `Check`.
    pub fn of(id: &str) -> Part {
        let h = id
            .bytes()
            .fold(0x811c_9dc5_u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193));
        if h % 3 == 0 { Part::Check } else { Part::Tune }
    }

    fn includes(self, id: &str) -> bool {
        self == Part::All || Part::of(id) == self
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Part::All => "all",
            Part::Tune => "tune",
            Part::Check => "check",
        }
    }
}

/// How often a rule or signal fired on the labelled items, and on how many of those its
/// labels back it (a rule: its tag's label is true, or for a verdict its dimension's label is
/// false; an incoming signal: the label it predicts is true). `labelled` counts the hits
/// for which a label exists at all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hits {
    pub items: usize,
    pub labelled: usize,
    pub backed: usize,
}

/// Signal labels of citizen messages, each with the incoming signals that predict it
/// (any of them). `frustration/anger` is the two together, as the targets name them.
pub const SIGNAL_LABELS: &[(&str, &[&str])] = &[
    ("distress", &["noodkreet"]),
    ("repeated_contact", &["herhaald-contact"]),
    ("vulnerable", &["kwetsbaar"]),
    ("frustration/anger", &["frustratie", "boosheid"]),
    ("anger", &["boosheid"]),
    ("frustration", &["frustratie"]),
    ("sarcasm", &["sarcasme"]),
    ("sadness", &["verdriet"]),
    ("fear", &["angst"]),
    ("worry", &["zorgen"]),
    ("gratitude", &["dankbaarheid"]),
    ("questions", &["vraag"]),
];

/// Confusion counts for one label.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Score {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    pub tn: usize,
}

impl std::ops::AddAssign for Score {
    fn add_assign(&mut self, b: Score) {
        self.tp += b.tp;
        self.fp += b.fp;
        self.fn_ += b.fn_;
        self.tn += b.tn;
    }
}

impl Score {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
    pub fn total(&self) -> usize {
        self.tp + self.fp + self.fn_ + self.tn
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// One disagreement between a label and nabij.
#[derive(Debug, Clone)]
pub struct Miss {
    pub label: &'static str,
    pub id: String,
    /// What the label says.
    pub expected: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    /// Organisation texts with labels that were checked.
    pub items: usize,
    pub scores: Vec<(&'static str, Score)>,
    /// Replies labelled `near`; those among them with any warning or error; and those with a
    /// warning or error their own labels do not back (false alarms: a length finding on a
    /// reply labelled too long is no false alarm).
    pub near: usize,
    pub near_any: Vec<String>,
    pub near_warned: Vec<String>,
    pub misses: Vec<Miss>,
    /// Citizen messages with signal labels that were analysed.
    pub messages: usize,
    pub signal_scores: Vec<(&'static str, Score)>,
    /// Labelled questions, and how many of them a `vraag` signal covers.
    pub questions: (usize, usize),
    /// Per rule id and per incoming signal id: how often it fired and was backed.
    pub rule_hits: std::collections::BTreeMap<String, Hits>,
    pub signal_hits: std::collections::BTreeMap<String, Hits>,
}

/// Which tag stands for which label.
const TAG_LABELS: &[(&str, &str)] = &[
    ("afstand", "distancing"),
    ("vage-belofte", "vague_promise"),
    ("alleen-link", "link_only"),
    ("emoji-past-niet", "emoji_misfit"),
    ("te-lang", "x_weighted_length_over"),
    ("aanspreekvorm", "formality_mixed"),
];

/// Whether an item's labels back a finding: its rule carries a tag whose label is true,
/// or it is a verdict rule and the label of its dimension is false. A warning on a "near"
/// reply that its labels do not back is a false alarm.
fn backed(set: &Engine, f: &crate::check::Finding, labels: &Value) -> bool {
    let rule = &set.rules()[f.rule];
    let by_tag = rule.tags.iter().any(|t| {
        TAG_LABELS
            .iter()
            .any(|(tag, label)| tag == t && expected(labels, label) == Some(true))
    });
    let dimension = match rule.dimension {
        Dimension::Empathy => "empathy",
        Dimension::Ownership => "ownership",
        Dimension::FollowUp => "follow_up",
        _ => "",
    };
    let by_verdict = matches!(rule.kind, Kind::Verdict { .. }) && expected(labels, dimension) == Some(false);
    by_tag || by_verdict
}

fn has_tag(set: &Engine, checked: &Checked, tag: &str) -> bool {
    checked
        .findings
        .iter()
        .any(|f| set.rules()[f.rule].tags.iter().any(|t| t == tag))
}

impl Evaluation {
    /// Add another file's counts to these.
    pub fn merge(&mut self, other: &Evaluation) {
        self.items += other.items;
        for ((_, a), (_, b)) in self.scores.iter_mut().zip(&other.scores) {
            *a += *b;
        }
        self.near += other.near;
        self.near_any.extend(other.near_any.iter().cloned());
        self.near_warned.extend(other.near_warned.iter().cloned());
        self.misses.extend(other.misses.iter().cloned());
        self.messages += other.messages;
        for ((_, a), (_, b)) in self.signal_scores.iter_mut().zip(&other.signal_scores) {
            *a += *b;
        }
        self.questions.0 += other.questions.0;
        self.questions.1 += other.questions.1;
        for (mine, theirs) in [
            (&mut self.rule_hits, &other.rule_hits),
            (&mut self.signal_hits, &other.signal_hits),
        ] {
            for (id, h) in theirs {
                let m = mine.entry(id.clone()).or_default();
                m.items += h.items;
                m.labelled += h.labelled;
                m.backed += h.backed;
            }
        }
    }

    pub fn empty() -> Evaluation {
        Evaluation {
            scores: LABELS.iter().map(|&l| (l, Score::default())).collect(),
            signal_scores: SIGNAL_LABELS.iter().map(|&(l, _)| (l, Score::default())).collect(),
            ..Evaluation::default()
        }
    }
}

/// What nabij says about a label for one checked reply; `None` when the label does not apply.
fn predict(set: &Engine, checked: &Checked, label: &str, automatic: bool) -> Option<bool> {
    let d = &checked.dimensions;
    Some(match label {
        "empathy" => d.empathy == Verdict::Present,
        "ownership" => d.ownership == Verdict::Present,
        "follow_up" => d.follow_up == Verdict::Present,
        "distancing" => has_tag(set, checked, "afstand"),
        "vague_promise" => has_tag(set, checked, "vage-belofte"),
        "link_only" => has_tag(set, checked, "alleen-link"),
        "emoji_misfit" => has_tag(set, checked, "emoji-past-niet"),
        "x_weighted_length_over" => has_tag(set, checked, "te-lang"),
        "automated_honest" if automatic => !has_tag(set, checked, "automatisch-oneerlijk"),
        "formality_mixed" => has_tag(set, checked, "aanspreekvorm"),
        "empathy_needed" => d.empathy != Verdict::NotNeeded,
        "follow_up_needed" => d.follow_up != Verdict::NotNeeded,
        _ => return None,
    })
}

/// What the item's labels say; `None` when the item has no (boolean) value for it.
/// Count one prediction of `label` for item `id`; a wrong one is also a miss.
fn count(score: &mut Score, misses: &mut Vec<Miss>, (label, id): (&'static str, &str), want: bool, got: bool) {
    match (want, got) {
        (true, true) => score.tp += 1,
        (false, true) => score.fp += 1,
        (true, false) => score.fn_ += 1,
        (false, false) => score.tn += 1,
    }
    if want != got {
        misses.push(Miss {
            label,
            id: id.to_string(),
            expected: want,
        });
    }
}

/// What a citizen message's labels say about a signal label.
fn expected_signal(labels: &Value, label: &str) -> Option<bool> {
    let emotions = |names: &[&str]| {
        labels
            .get("emotions")
            .and_then(Value::as_array)
            .map(|list| list.iter().any(|e| e.as_str().is_some_and(|e| names.contains(&e))))
    };
    match label {
        "frustration/anger" => emotions(&["frustration", "anger"]),
        "questions" => labels.get("questions")?.as_array().map(|q| !q.is_empty()),
        "distress" | "repeated_contact" | "vulnerable" => labels.get(label)?.as_bool(),
        emotion => emotions(&[emotion]),
    }
}

/// Score the incoming signals of one citizen message against its labels.
fn score_message(set: &Engine, eval: &mut Evaluation, id: &str, message: &str, labels: &Value, checked: &Checked) {
    eval.messages += 1;
    let seen = |names: &[&str]| {
        checked
            .incoming
            .iter()
            .any(|h| names.contains(&set.signals()[h.signal].id.as_str()))
    };
    let mut fired: Vec<usize> = checked.incoming.iter().map(|h| h.signal).collect();
    fired.sort_unstable();
    fired.dedup();
    for s in fired {
        let id = set.signals()[s].id.as_str();
        // The label a signal predicts: the first (most specific) that names it alone.
        let label = SIGNAL_LABELS
            .iter()
            .filter(|(_, names)| names.contains(&id))
            .min_by_key(|(_, names)| names.len())
            .and_then(|(label, _)| expected_signal(labels, label));
        let h = eval.signal_hits.entry(id.to_string()).or_default();
        h.items += 1;
        h.labelled += usize::from(label.is_some());
        h.backed += usize::from(label == Some(true));
    }
    for ((label, score), (_, names)) in eval.signal_scores.iter_mut().zip(SIGNAL_LABELS) {
        let Some(want) = expected_signal(labels, label) else {
            continue;
        };
        let got = seen(names);
        count(score, &mut eval.misses, (label, id), want, got);
    }
    // Question level: a labelled question is found when a `vraag` hit overlaps it.
    for q in labels.get("questions").and_then(Value::as_array).into_iter().flatten() {
        let Some(at) = q.as_str().and_then(|q| message.find(q).map(|i| (i, i + q.len()))) else {
            continue;
        };
        eval.questions.0 += 1;
        let found = checked
            .incoming
            .iter()
            .any(|h| set.signals()[h.signal].id == "vraag" && h.span.start < at.1 && at.0 < h.span.end);
        eval.questions.1 += usize::from(found);
    }
}

fn expected(labels: &Value, label: &str) -> Option<bool> {
    match label {
        "formality_mixed" => labels.get("formality")?.as_str().map(|f| f == "mixed"),
        _ => labels.get(label)?.as_bool(),
    }
}

/// Evaluate `set` on JSON Lines text. Lines that are not organisation texts with labels
/// (citizen messages) are skipped; a line that is not JSON is an error naming its number.
pub fn evaluate(set: &Engine, jsonl: &str) -> Result<Evaluation, String> {
    evaluate_part(set, jsonl, Part::All)
}

/// `evaluate`, on the items of one part only (see `Part`).
pub fn evaluate_part(set: &Engine, jsonl: &str, part: Part) -> Result<Evaluation, String> {
    let mut eval = Evaluation::empty();
    for (n, line) in jsonl.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let item: Value = serde_json::from_str(line).map_err(|e| format!("regel {}: {e}", n + 1))?;
        let id = item.get("id").and_then(Value::as_str).unwrap_or("?").to_string();
        if !part.includes(&id) {
            continue;
        }
        let text = item.get("text").and_then(Value::as_str).unwrap_or("");
        // A citizen's message: alone (`signals`), or with the reply to it (`incoming_signals`).
        let message = match (item.get("signals"), item.get("incoming_signals")) {
            (Some(signals), _) => Some((text, signals)),
            (None, Some(signals)) => item.get("incoming").and_then(Value::as_str).map(|m| (m, signals)),
            _ => None,
        };
        let labels = item.get("labels");
        if let Some((message, signal_labels)) = message {
            let reply = if labels.is_some() { text } else { "" };
            let checked = check_reply(set, reply, &[message], &Context::default());
            score_message(set, &mut eval, &id, message, signal_labels, &checked);
        }
        let Some(labels) = labels else {
            continue;
        };
        let automatic = [item.get("automated"), labels.get("automated")]
            .into_iter()
            .flatten()
            .any(|v| v.as_bool() == Some(true));
        let platform = item.get("channel").and_then(Value::as_str).and_then(Platform::parse);
        let context = Context {
            platform,
            automatic,
            ..Context::default()
        };
        let incoming: Vec<&str> = item.get("incoming").and_then(Value::as_str).into_iter().collect();
        let checked = check_reply(set, text, &incoming, &context);
        eval.items += 1;
        let mut rules: Vec<usize> = checked.findings.iter().map(|f| f.rule).collect();
        rules.sort_unstable();
        rules.dedup();
        for r in rules {
            let f = checked
                .findings
                .iter()
                .find(|f| f.rule == r)
                .expect("listed from the findings");
            let h = eval.rule_hits.entry(set.rules()[r].id.clone()).or_default();
            h.items += 1;
            h.labelled += 1;
            h.backed += usize::from(backed(set, f, labels));
        }
        for (label, score) in &mut eval.scores {
            let (Some(want), Some(got)) = (expected(labels, label), predict(set, &checked, label, automatic)) else {
                continue;
            };
            count(score, &mut eval.misses, (label, &id), want, got);
        }
        if labels.get("overall").and_then(Value::as_str) == Some("near") {
            eval.near += 1;
            if checked.findings.iter().any(|f| f.severity >= Severity::Warning) {
                eval.near_any.push(id.clone());
            }
            if checked
                .findings
                .iter()
                .any(|f| f.severity >= Severity::Warning && !backed(set, f, labels))
            {
                eval.near_warned.push(id);
            }
        }
    }
    Ok(eval)
}

/// One phrase pattern as written in a rule or signal file, and the items it matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternHits {
    /// `rule <id>` or `signal <id>`.
    pub owner: String,
    pub pattern: String,
    /// Ids of the items (part `part`) whose reply, or citizen's message for an incoming
    /// signal, it matched; each once.
    pub items: Vec<String>,
}

/// How often each phrase pattern of `set` matches on its own (without `unless`, `except`
/// or conditions) in the items of `jsonl`: the patterns that never fire, or fire on one
/// item only, are the ones to question (one written from a single corpus sentence is a
/// defect). Patterns are parsed again from their sources with the built-in word classes;
/// one that does not parse so (a team's own class) is left out.
pub fn pattern_hits(set: &Engine, jsonl: &str, part: Part) -> Result<Vec<PatternHits>, String> {
    use crate::check::matcher::{Candidates, Matcher};
    let mut out: Vec<PatternHits> = Vec::new();
    let mut patterns = Vec::new();
    let mut owner_of = Vec::new();
    let owners = (set
        .rules()
        .iter()
        .map(|r| (format!("rule {}", r.id), &r.pattern_sources, false)))
    .chain(set.signals().iter().map(|s| {
        let incoming = s.source == crate::rules::Source::Incoming;
        (format!("signal {}", s.id), &s.pattern_sources, incoming)
    }));
    for (owner, sources, incoming) in owners {
        for source in sources {
            let Ok(parsed) = crate::rules::phrase::parse_all(source) else {
                continue;
            };
            for p in parsed {
                patterns.push((std::sync::Arc::new(p), incoming));
                owner_of.push(out.len());
            }
            out.push(PatternHits {
                owner: owner.clone(),
                pattern: source.clone(),
                items: Vec::new(),
            });
        }
    }
    let matcher = Matcher::each_pattern(patterns);
    for (n, line) in jsonl.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let item: Value = serde_json::from_str(line).map_err(|e| format!("regel {}: {e}", n + 1))?;
        let id = item.get("id").and_then(Value::as_str).unwrap_or("?");
        if !part.includes(id) {
            continue;
        }
        let text = item.get("text").and_then(Value::as_str).unwrap_or("");
        let is_message = item.get("signals").is_some();
        let reply = (!is_message).then_some(text);
        let message = if is_message {
            Some(text)
        } else {
            item.get("incoming").and_then(Value::as_str)
        };
        let mut hit: Vec<usize> = Vec::new();
        for (text, incoming) in [(reply, false), (message, true)] {
            let Some(text) = text else { continue };
            let doc = crate::text::Document::new(text);
            hit.extend(
                matcher
                    .scan(&doc, &Candidates::All, incoming)
                    .iter()
                    .map(|m| owner_of[m.rule]),
            );
        }
        hit.sort_unstable();
        hit.dedup();
        for h in hit {
            out[h].items.push(id.to_string());
        }
    }
    Ok(out)
}

/// A labelled corpus file's text, or the error that names it.
fn read_corpus(path: &Path) -> Result<String, Box<Diagnostic>> {
    crate::input::read_input(path, crate::input::Limits::default()).map(|(_, text)| text)
}

/// Every file evaluated on `part`: (path, evaluation) for those that could be read and
/// parsed, an error for each that could not.
pub fn evaluate_files(set: &Engine, files: &[PathBuf], part: Part) -> (Vec<(String, Evaluation)>, Vec<Diagnostic>) {
    let mut done = Vec::new();
    let mut errors = Vec::new();
    for path in files {
        let shown = path.display().to_string();
        match read_corpus(path)
            .and_then(|text| evaluate_part(set, &text, part).map_err(|m| Box::new(Diagnostic::new(&shown, m))))
        {
            Ok(e) => done.push((shown, e)),
            Err(d) => errors.push(*d),
        }
    }
    (done, errors)
}

/// All evaluations as one.
pub fn merged(done: &[(String, Evaluation)]) -> Evaluation {
    let mut all = Evaluation::empty();
    for (_, e) in done {
        all.merge(e);
    }
    all
}

/// The phrase patterns and the items of `part` they match, over all `files`.
pub fn pattern_hits_files(set: &Engine, files: &[PathBuf], part: Part) -> (Vec<PatternHits>, Vec<Diagnostic>) {
    let mut all: Vec<PatternHits> = Vec::new();
    let mut errors = Vec::new();
    for path in files {
        let shown = path.display().to_string();
        match read_corpus(path)
            .and_then(|text| pattern_hits(set, &text, part).map_err(|m| Box::new(Diagnostic::new(&shown, m))))
        {
            // Every file lists the same patterns in the same order.
            Ok(hits) if all.is_empty() => all = hits,
            Ok(hits) => {
                for (a, h) in all.iter_mut().zip(hits) {
                    a.items.extend(h.items);
                }
            }
            Err(d) => errors.push(*d),
        }
    }
    (all, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_compute_precision_recall_and_f1() {
        let s = Score {
            tp: 8,
            fp: 2,
            fn_: 2,
            tn: 5,
        };
        assert!((s.precision() - 0.8).abs() < 1e-9);
        assert!((s.recall() - 0.8).abs() < 1e-9);
        assert!((s.f1() - 0.8).abs() < 1e-9);
        assert_eq!(Score::default().f1(), 1.0, "nothing to find, nothing found");
    }

    #[test]
    fn labelled_lines_are_scored_and_others_skipped() {
        let (set, errors) = crate::check::load(&crate::rules::LoadOptions::default());
        assert!(errors.is_empty());
        let jsonl = concat!(
            r#"{"id":"a","text":"Wij hebben uw melding intern doorgezet. We kijken ernaar.","labels":{"empathy":false,"ownership":false,"follow_up":false,"distancing":true,"vague_promise":true,"overall":"distant"}}"#,
            "\n",
            r#"{"id":"b","text":"Vervelend dat je zo lang moest wachten. Ik bel je morgen. ^MS","labels":{"empathy":true,"ownership":true,"follow_up":true,"distancing":false,"vague_promise":false,"overall":"near"}}"#,
            "\n",
            r#"{"id":"c","kind":"incoming","text":"Ik wacht al weken!"}"#,
            "\n",
        );
        let e = evaluate(&set, jsonl).unwrap();
        assert_eq!(e.items, 2);
        for (label, score) in &e.scores[..5] {
            assert_eq!(score.total(), 2, "{label}");
            assert_eq!(score.tp + score.tn, 2, "{label}: {:?}", e.misses);
        }
        assert_eq!((e.near, e.near_any.len(), e.near_warned.len()), (1, 0, 0));
        assert!(evaluate(&set, "{not json").unwrap_err().starts_with("regel 1:"));
    }

    #[test]
    fn pattern_hits_name_the_items_each_pattern_matched() {
        let (set, _) = crate::check::load(&crate::rules::LoadOptions::default());
        let jsonl = concat!(
            r#"{"id":"a","text":"We kijken ernaar.","labels":{}}"#,
            "\n",
            r#"{"id":"b","text":"Ik bel je morgen.","labels":{}}"#,
            "\n",
            r#"{"id":"c","kind":"incoming","text":"Voor de 3e keer: waar blijft mijn pas?","signals":{}}"#,
            "\n",
        );
        let hits = pattern_hits(&set, jsonl, Part::All).unwrap();
        let of = |owner: &str, pattern: &str| {
            hits.iter()
                .find(|h| h.owner == owner && h.pattern == pattern)
                .unwrap_or_else(|| panic!("{owner}: {pattern}"))
                .items
                .clone()
        };
        assert_eq!(of("signal herhaald-contact", "voor de <rangtelwoord> keer"), ["c"]);
        // "kijken" and "bellen" are both next-step verbs; only a time makes them a follow-up.
        assert_eq!(of("signal volgende-stap", "<actie-werkwoord>"), ["a", "b"]);
        // A reply pattern is not looked for in a citizen's message, nor the other way round.
        assert!(of("signal herhaald-contact", "(weer|wederom|alweer) (niet|geen)").is_empty());
        assert!(
            hits.iter()
                .filter(|h| h.items.iter().any(|i| i == "a"))
                .all(|h| !h.owner.contains("herhaald"))
        );
    }
}
