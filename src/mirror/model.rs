//! The mirror as data: the versioned model `nabij report --json` writes and every printer of
//! the mirror reads.

use super::*;

/// Version of the JSON file `nabij report --json` writes.
pub const VERSION: u32 = 1;

/// A share of replies: how many had a dimension present, missing, or did not need it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Verdicts {
    pub present: u64,
    pub missing: u64,
    pub not_needed: u64,
}

impl Verdicts {
    pub(super) fn add(&mut self, v: Verdict) {
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

pub(super) fn round1(x: f64) -> f64 {
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
    pub(super) fn add(&mut self, d: &crate::check::Dimensions) {
        self.replies += 1;
        self.empathy.add(d.empathy);
        self.ownership.add(d.ownership);
        self.follow_up.add(d.follow_up);
    }

    pub(super) fn finish(mut self) -> Group {
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
    /// `calendar` (every minute counts) or `opening_hours` (only the minutes the team is
    /// open, see `opening_hours`).
    pub clock: &'static str,
    pub opening_hours: Option<super::hours::OpeningHours>,
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

/// A message that needed a person (a cry for help, a repeated contact) and got a standard
/// reply or a reply in which no one speaks as a person: a row for the team to follow up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alarm {
    /// The row's line in the export (the header is line 1).
    pub line: u64,
    /// The conversation (ticket, case) id, when the export has that column.
    pub conversation: Option<String>,
    pub channel: Option<String>,
    /// When the citizen wrote (else when the reply was sent): `2026-03-02T10:15`.
    pub at: Option<String>,
    /// Which of the alarm signals the message had (`noodkreet`, `herhaald-contact`).
    pub signals: Vec<String>,
    /// The reply was a standard reply (sent word for word 3 times or more, or a template).
    pub standard_reply: bool,
    /// No one in the reply speaks as a person (the ownership verdict is missing).
    pub without_person: bool,
}

/// The alarm list: how many rows, of each signal, and the first of them (`ALARMS_LISTED`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Alarms {
    /// Rows in the alarm (a row with both signals counts once here, in both below).
    pub total: u64,
    pub cries_for_help: u64,
    pub repeated_contacts: u64,
    pub rows: Vec<Alarm>,
}

/// One side of a comparison: the rates of its rows.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CompareSide {
    pub replies: u64,
    pub empathy_share: Option<f64>,
    pub ownership_share: Option<f64>,
    pub follow_up_share: Option<f64>,
    pub median_minutes: Option<u32>,
    /// Share of replies slower than the team's norm (`null` without a norm).
    pub missed_share: Option<f64>,
    /// Alarm rows (see `Alarms`) per 100 replies.
    pub alarms_per_100: Option<f64>,
}

/// `--compare FROM..TO`: that period beside the other rows of the report, each rate with
/// its difference (the period minus the rest, in percentage points; `difference` has no
/// replies or median of its own: the medians stand side by side).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Compare {
    pub period: Period,
    /// With `--compare-before`: the days of the same length just before it (else `null`:
    /// all other rows).
    pub against: Option<Period>,
    pub chosen: CompareSide,
    pub rest: CompareSide,
    pub difference: CompareSide,
}

/// The days the counted rows cover (by the citizen's message, else the reply), as ISO dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    pub from: String,
    pub to: String,
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
    /// The first and last day counted (`null` when no row has a date).
    pub period: Option<Period>,
    /// Rows left out by `--since` / `--until` (a row without a date is left out by either).
    pub outside_period: u64,
    /// Cries for help and repeated contacts answered with a standard reply or without a
    /// person, in the order of the export.
    pub alarms: Alarms,
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
    pub compare: Option<Compare>,
}
