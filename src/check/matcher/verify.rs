//! Verifying a pattern from its anchor outward: element by element within the gap limits,
//! verbs in any of their forms (split ones too), with a memo per sentence of the steps
//! that failed.

use super::*;

/// Sentences a scan may remember: more are forgotten all at once (a few MB at most).
pub(super) const MEMO_SENTENCES: usize = 8192;

/// The phrase matches of reply sentences seen before, per thread.
///
/// Replies are written from template sentences: "Ik heb je melding doorgezet naar de
/// afdeling." stands word for word in thousands of replies whose greeting and signature
/// differ. A match never leaves its sentence, and whether one starts at a token depends
/// only on the sentence's words and which of them are masked: the matches of a sentence
/// seen before are the ones found then, moved to where it stands now. (The words of the
/// whole text only let the scan skip patterns that cannot match, never change a match.)
#[derive(Default)]
pub(super) struct SentenceMemo {
    /// The matcher the memo is of (see `Matcher::id`).
    pub(super) matcher: u64,
    /// By the sentence's key (see `key`): its matches, token positions counted from its
    /// first token.
    pub(super) seen: HashMap<String, Vec<RawMatch>>,
    pub(super) key: String,
}

thread_local! {
    pub(super) static MEMO: std::cell::RefCell<SentenceMemo> = std::cell::RefCell::default();
}

impl SentenceMemo {
    pub(super) fn for_matcher(&mut self, id: u64) {
        if self.matcher != id {
            self.seen.clear();
            self.matcher = id;
        }
    }

    /// Appends the matches in `tokens` (one sentence) to `out`: remembered, or found by
    /// `scan` and remembered.
    pub(super) fn scan(
        &mut self,
        doc: &Document,
        tokens: std::ops::Range<usize>,
        out: &mut Vec<RawMatch>,
        scan: impl FnOnce(&mut Vec<RawMatch>),
    ) {
        // The words, each with a byte that says whether it is masked: no word holds a
        // control character, so two different sentences never make the same key.
        self.key.clear();
        for t in tokens.clone() {
            self.key.push(if doc.tokens[t].masked { '\u{1}' } else { '\u{2}' });
            self.key.push_str(doc.word(t));
        }
        let shift = |m: &RawMatch, by: isize| RawMatch {
            first: m.first.wrapping_add_signed(by),
            end: m.end.wrapping_add_signed(by),
            ..*m
        };
        let at = tokens.start as isize;
        if let Some(known) = self.seen.get(self.key.as_str()) {
            out.extend(known.iter().map(|m| shift(m, at)));
            return;
        }
        let from = out.len();
        scan(out);
        if self.seen.len() >= MEMO_SENTENCES {
            self.seen.clear();
        }
        let found = out[from..].iter().map(|m| shift(m, -at)).collect();
        self.seen.insert(self.key.clone(), found);
    }
}

/// Whether token `i` may take part in a match within `sentence`.
pub(super) fn usable(doc: &Document, i: usize, sentence: u32) -> bool {
    doc.tokens.get(i).is_some_and(|t| t.sentence == sentence && !t.masked)
}

/// Match `pattern.elements[e..]` from token `pos`; returns the marks and one past the last
/// token. Gaps try the shortest stretch first. The start can move left of the pattern's
/// first token when a separable verb's finite part stands earlier.
pub(super) fn match_from(
    doc: &Document,
    pattern: &Pattern,
    e: usize,
    pos: usize,
    sentence: u32,
    marks: Marks,
    failed: &mut Failed,
) -> Option<(Marks, usize)> {
    // Whether a match goes on from element `e` at token `pos` does not depend on the marks
    // so far: a place that failed once fails again. Remembering that keeps patterns with
    // several gaps or optional words polynomial ("a ...9 a ...9 a ...9 b" on a long text).
    failed.steps += 1;
    if failed.steps == Failed::BUDGET {
        failed.places = Some(Default::default());
    }
    if let Some(set) = failed.places.as_mut()
        && set.contains(&(e, pos))
    {
        return None;
    }
    let found = match_step(doc, pattern, e, pos, sentence, marks, failed);
    if found.is_none()
        && let Some(set) = failed.places.as_mut()
    {
        set.insert((e, pos));
    }
    found
}

/// The places (element, token) where a match was tried and failed. Nearly every
/// verification takes a handful of steps; only one that goes past `BUDGET` starts keeping
/// them, so the common case pays a counter and nothing more.
#[derive(Default)]
pub(crate) struct Failed {
    pub(super) steps: u32,
    pub(super) places: Option<rustc_hash::FxHashSet<(usize, usize)>>,
}

impl Failed {
    const BUDGET: u32 = 256;
}

pub(super) fn match_step(
    doc: &Document,
    pattern: &Pattern,
    e: usize,
    pos: usize,
    sentence: u32,
    mut marks: Marks,
    failed: &mut Failed,
) -> Option<(Marks, usize)> {
    if e == pattern.focus.0 {
        marks.focus_start = pos;
    }
    if e == pattern.focus.1 {
        marks.focus_end = pos;
    }
    let Some(head) = pattern.elements.get(e) else {
        return Some((marks, pos));
    };
    let word_at = |i: usize| usable(doc, i, sentence).then(|| doc.word(i));
    match head {
        Element::Word(set) => {
            let w = word_at(pos)?;
            set.matches(w)
                .then(|| match_from(doc, pattern, e + 1, pos + 1, sentence, marks, failed))?
        }
        Element::Optional(set) => {
            if word_at(pos).is_some_and(|w| set.matches(w))
                && let Some(m) = match_from(doc, pattern, e + 1, pos + 1, sentence, marks, failed)
            {
                return Some(m);
            }
            match_from(doc, pattern, e + 1, pos, sentence, marks, failed)
        }
        // Zero width: the next element opens the sentence.
        Element::Start => (pos == 0 || doc.tokens.get(pos - 1).is_none_or(|t| t.sentence != sentence))
            .then(|| match_from(doc, pattern, e + 1, pos, sentence, marks, failed))?,
        Element::Gap(n) => (0..=*n as usize).find_map(|g| {
            if g > 0 && doc.tokens.get(pos + g - 1).is_none_or(|t| t.sentence != sentence) {
                return None;
            }
            match_from(doc, pattern, e + 1, pos + g, sentence, marks, failed)
        }),
        // Only the verbs this word can be a form or the particle of.
        Element::Verb(verbs) => verbs
            .with_key(word_at(pos)?)
            .find_map(|v| match_verb(doc, v, pattern, e, pos, sentence, marks, failed)),
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) fn match_verb(
    doc: &Document,
    v: &VerbForms,
    pattern: &Pattern,
    e: usize,
    pos: usize,
    sentence: u32,
    mut marks: Marks,
    failed: &mut Failed,
) -> Option<(Marks, usize)> {
    let word_at = |i: usize| usable(doc, i, sentence).then(|| doc.word(i));
    let w = word_at(pos)?;
    if v.joined.iter().any(|f| f == w)
        && let Some(m) = match_from(doc, pattern, e + 1, pos + 1, sentence, marks, failed)
    {
        return Some(m);
    }
    let particle = v.particle.as_deref()?;
    if w != particle {
        return None;
    }
    // "door te zetten"
    if word_at(pos + 1) == Some("te")
        && word_at(pos + 2) == Some(v.infinitive.as_str())
        && let Some(m) = match_from(doc, pattern, e + 1, pos + 3, sentence, marks, failed)
    {
        return Some(m);
    }
    // "we zetten het (intern) door": the finite verb stands earlier in the sentence, and
    // the match (and the focus, when the verb is in it) reaches back to it.
    let finite = (pos.saturating_sub(SPLIT_VERB_REACH)..pos)
        .rev()
        .find(|&q| word_at(q).is_some_and(|fw| v.finite.iter().any(|f| f == fw)))?;
    marks.first = marks.first.min(finite);
    if (pattern.focus.0..pattern.focus.1).contains(&e) {
        marks.focus_start = marks.focus_start.min(finite);
    }
    match_from(doc, pattern, e + 1, pos + 1, sentence, marks, failed)
}
