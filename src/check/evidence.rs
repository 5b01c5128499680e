//! What one scan of a reply (and the citizen's message) found: signal hits with their
//! sentences, near misses, and the evidence the verdicts and rule kinds are judged on.

use super::*;

/// Where a signal was seen: which text (0 the reply, 1.. the parts of the citizen's message),
/// folded byte range and sentence.
#[derive(Debug, Clone, Copy)]
pub(super) struct Hit {
    pub(super) doc: usize,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) sentence: u32,
    /// The hit starts its sentence ("Maar ...").
    pub(super) opens_sentence: bool,
}

/// Sentences `from..=to` of text `doc` (0 the reply, 1.. the citizen's message).
#[derive(Debug, Clone, Copy)]
pub(super) struct Near {
    pub(super) doc: usize,
    pub(super) from: u32,
    pub(super) to: u32,
}

/// The signals of one reply and the message it answers, per signal.
pub(super) struct Evidence<'a> {
    /// Every hit, by signal, then by text, sentence and position: one list, not one per
    /// signal, so a check allocates once for all of them.
    pub(super) hits: Vec<Hit>,
    /// Signal `i`'s hits are `hits[starts[i]..starts[i + 1]]`.
    pub(super) starts: Vec<u32>,
    /// Per signal: looked for in the citizen's message rather than the reply.
    pub(super) incoming: &'a [bool],
    /// Per tag of the rule set: whether a phrase rule with it has a finding.
    pub(super) tags: Vec<bool>,
    pub(super) context: &'a Context,
}

impl Evidence<'_> {
    /// The hits of signal `i`.
    pub(super) fn of(&self, i: usize) -> &[Hit] {
        &self.hits[self.starts[i] as usize..self.starts[i + 1] as usize]
    }

    /// Make `hits` signal `i`'s hits (sorted like all hits).
    pub(super) fn replace(&mut self, i: usize, hits: Vec<Hit>) {
        let (from, to) = (self.starts[i] as usize, self.starts[i + 1] as usize);
        let grown = hits.len() as i64 - (to - from) as i64;
        self.hits.splice(from..to, hits);
        for s in &mut self.starts[i + 1..] {
            *s = (i64::from(*s) + grown) as u32;
        }
    }

    /// Whether an atom holds. `near` limits a signal to some sentences of one text; a signal
    /// of the other text (the citizen's message, seen from the reply) counts wherever it is.
    pub(super) fn atom(&self, target: Target, negated: bool, near: Option<Near>) -> bool {
        let holds = match target {
            Target::Signal(i) => match near {
                Some(n) if self.incoming[i] == (n.doc > 0) => !self.within(i, n).is_empty(),
                _ => !self.of(i).is_empty(),
            },
            Target::Automatic => self.context.automatic,
            Target::SignOff => self.context.sign_off,
            Target::Template => self.context.template.is_some(),
            Target::Voice(v) => self.context.voice == Some(v),
            Target::Draft => self.context.draft,
            Target::Public => self.context.platform.is_none_or(|p| p.is_public()),
            Target::Platform(p) => self.context.platform == Some(p),
            Target::Tag(i) => self.tags[i],
            Target::Unresolved => false,
        };
        holds != negated
    }

    /// The hits of signal `i` within `near` (hits are sorted by text and sentence).
    pub(super) fn within(&self, i: usize, n: Near) -> &[Hit] {
        let hits = self.of(i);
        let from = hits.partition_point(|h| (h.doc, h.sentence) < (n.doc, n.from));
        let to = hits.partition_point(|h| (h.doc, h.sentence) <= (n.doc, n.to));
        &hits[from..to.max(from)]
    }

    /// Whether a condition holds in the reply, or (with `near`) within those sentences.
    pub(super) fn holds(&self, c: &Condition, near: Option<Near>) -> bool {
        c.any.iter().any(|a| self.atom(a.target, a.negated, near))
    }

    pub(super) fn all(&self, list: &[Condition]) -> bool {
        list.iter().all(|c| self.holds(c, None))
    }

    /// The hits of the signals a condition names (its non-negated signal atoms).
    pub(super) fn hits_of<'b>(&'b self, c: &'b Condition) -> impl Iterator<Item = &'b Hit> + 'b {
        c.any.iter().flat_map(move |a| match a.target {
            Target::Signal(i) if !a.negated => self.of(i),
            _ => &[],
        })
    }
}

/// (owner, folded start, folded end) of one match.
pub(super) type RawHit = (usize, usize, usize);

/// Every match of every rule and signal, from the phrase matches `raw`, with `unless` (per
/// overlap) applied: the rules' matches, and the signals' with owners counted from 0.
pub(super) fn scan(set: &Engine, doc: &Document, raw: Vec<RawMatch>, incoming: bool) -> Scanned {
    let matcher = &set.matcher;
    let cancelled: HashSet<(usize, u32)> = raw
        .iter()
        .filter(|m| m.role == Role::Unless)
        .map(|m| (m.rule, doc.tokens[m.first].sentence))
        .collect();
    // `except` matches by owner as folded byte ranges, sorted by start, with the longest
    // one's length: a match looks only at those that can reach it (a long text can hold
    // thousands of matches). They cancel phrase, regex and detector matches alike.
    let bytes = |m: &RawMatch| (doc.tokens[m.first].start as usize, doc.tokens[m.end - 1].end as usize);
    let mut excepts: HashMap<usize, (Vec<(usize, usize)>, usize)> = HashMap::default();
    for x in raw.iter().filter(|x| x.role == Role::Except) {
        let (start, end) = bytes(x);
        let entry = excepts.entry(x.rule).or_default();
        entry.0.push((start, end));
        entry.1 = entry.1.max(end - start);
    }
    let excepted = |owner: usize, first: usize, end: usize| {
        let Some((list, longest)) = excepts.get(&owner) else {
            return false;
        };
        let before_end = list.partition_point(|x| x.0 < end);
        list[..before_end]
            .iter()
            .rev()
            .take_while(|x| x.0 + longest > first)
            .any(|x| first < x.1)
    };
    let (detected, personal) = if matcher.has_detectors() {
        matcher.scan_detectors(doc, incoming, &set.privacy)
    } else {
        Default::default()
    };
    let regex = matcher.scan_regex(doc, incoming);
    // Sized once: a vector grown push by push is copied at every doubling.
    let mut hits: Vec<RawHit> = Vec::with_capacity(raw.len() + regex.len() + detected.len());
    hits.extend(
        raw.iter()
            .filter(|m| m.role == Role::Match && !cancelled.contains(&(m.rule, doc.tokens[m.first].sentence)))
            .map(|m| (m.rule, bytes(m)))
            .filter(|&(owner, (start, end))| !excepted(owner, start, end))
            .map(|(owner, (start, end))| (owner, start, end)),
    );
    for (owner, start, end) in regex.into_iter().chain(detected) {
        let sentence = sentence_at(doc, start).map(|s| s.0);
        if sentence.is_none_or(|s| !cancelled.contains(&(owner, s))) && !excepted(owner, start, end) {
            hits.push((owner, start, end));
        }
    }
    let n_rules = set.rules().len();
    let mut signals = Vec::with_capacity(hits.iter().filter(|h| h.0 >= n_rules).count());
    hits.retain(|&(o, s, e)| {
        if o >= n_rules {
            signals.push((o - n_rules, s, e));
        }
        o < n_rules
    });
    Scanned {
        rules: hits,
        signals,
        personal,
    }
}

/// What one scan of a text finds.
pub(super) struct Scanned {
    pub(super) rules: Vec<RawHit>,
    /// Signal matches, owners counted from 0.
    pub(super) signals: Vec<RawHit>,
    /// Personal data the detectors found (original spans), to be masked in output.
    pub(super) personal: Vec<Span>,
}

pub(super) fn hit_at(docs: &[&Document], d: usize, start: usize, end: usize) -> Hit {
    let (sentence, opens_sentence) = sentence_at(docs[d], start).unwrap_or((0, false));
    Hit {
        doc: d,
        start,
        end,
        sentence,
        opens_sentence,
    }
}

/// The signals of a reply (`docs[0]`) and the message it answers (`docs[1..]`): pattern
/// matches, signatures and questions, then the derived signals (seen in every sentence
/// where all their conditions hold together).
pub(super) fn gather_evidence<'a>(
    set: &'a Engine,
    docs: &[&Document],
    context: &'a Context,
    reply_matches: &[RawHit],
    incoming_matches: &[Vec<RawHit>],
    reply_found: &[(usize, Vec<(usize, usize)>)],
) -> Evidence<'a> {
    let matches = std::iter::once(reply_matches).chain(incoming_matches.iter().map(Vec::as_slice));
    let count = reply_matches.len() + incoming_matches.iter().map(Vec::len).sum::<usize>();
    let mut all: Vec<(usize, Hit)> = Vec::with_capacity(count + 8);
    for (d, hits) in matches.enumerate() {
        for &(signal, start, end) in hits {
            all.push((signal, hit_at(docs, d, start, end)));
        }
    }
    for (i, found) in reply_found {
        all.extend(found.iter().map(|&(s, e)| (*i, hit_at(docs, 0, s, e))));
    }
    for &i in &set.incoming_finders {
        let signal = &set.signals()[i];
        for d in 1..docs.len() {
            let found = match (&signal.signature, &signal.questions) {
                (Some(spec), _) => signature::find(docs[d], spec),
                (_, Some(spec)) => questions::find(docs[d], spec),
                _ => continue,
            };
            all.extend(found.into_iter().map(|(s, e)| (i, hit_at(docs, d, s, e))));
        }
    }
    // By signal, then text and sentence (then position): `Evidence::within` looks sentences
    // up. (Hits with the same text and place are the same hit: the order among them is moot.)
    all.sort_unstable_by_key(|(signal, h)| (*signal, h.doc, h.sentence, h.start, h.end));
    let n = set.signals().len();
    // Not `vec![0; n]`: zeroed memory comes from calloc, which glibc serves without its
    // per-thread cache, and these small vectors are made for every message.
    let mut starts: Vec<u32> = std::iter::repeat_n(0, n + 1).collect();
    for (signal, _) in &all {
        starts[signal + 1] += 1;
    }
    for i in 0..n {
        starts[i + 1] += starts[i];
    }
    // Room for the derived signals' hits (see `Evidence::replace`).
    let mut hits = Vec::with_capacity(all.len() + 8);
    hits.extend(all.iter().map(|&(_, h)| h));
    let mut evidence = Evidence {
        hits,
        starts,
        incoming: &set.incoming_signals,
        tags: std::iter::repeat_n(false, set.tags.len()).collect(),
        context,
    };
    // The sentences already looked at, per derived signal. A set: a long text has as many
    // sentences as lines, and a list made this quadratic (2 MB of "Morgen." took 43 s).
    let mut seen: rustc_hash::FxHashSet<(usize, u32)> = rustc_hash::FxHashSet::default();
    for &i in &set.derived {
        let signal = &set.signals()[i];
        let mut derived: Vec<Hit> = Vec::new();
        seen.clear();
        for h in evidence.hits_of(&signal.together[0]) {
            let (d, s) = (h.doc, h.sentence);
            let near = Near { doc: d, from: s, to: s };
            if !seen.insert((d, s)) {
                continue;
            }
            if !signal.together.iter().all(|c| evidence.holds(c, Some(near))) {
                continue;
            }
            // The parts' hits in this sentence: the derived hit runs from the first to the
            // furthest end.
            let mut parts = signal
                .together
                .iter()
                .flat_map(|c| c.any.iter())
                .filter_map(|a| match a.target {
                    Target::Signal(i) if !a.negated => Some(evidence.within(i, near)),
                    _ => None,
                })
                .flatten();
            let first = parts.next().expect("a condition held in this sentence");
            let (first, end) = parts.fold((first, first.end), |(first, end), h| {
                (if h.start < first.start { h } else { first }, end.max(h.end))
            });
            derived.push(Hit {
                doc: d,
                start: first.start,
                end,
                sentence: s,
                opens_sentence: first.opens_sentence,
            });
        }
        derived.sort_by_key(|h| (h.doc, h.sentence, h.start, h.end));
        evidence.replace(i, derived);
    }
    evidence
}
