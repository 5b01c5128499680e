//! From evidence to findings: phrase rules mark their words, the other kinds judge the
//! reply as a whole, and the three dimensions get their verdict.

use super::*;

/// Phrase and conditional rules: their matches within reach of the reply's conditions,
/// overlapping matches of one rule merged into one finding.
/// `hits` are sorted (see `PreparedReply::scanned`).
pub(super) fn phrase_findings(
    set: &Engine,
    doc: &Document,
    evidence: &Evidence,
    hits: &[RawHit],
    details: bool,
) -> Vec<Finding> {
    let rules = set.rules();
    let words = doc.word_count();
    let kept = hits.iter().copied().filter(|&(rule, start, _)| {
        let r = &rules[rule];
        if r.reply_max_words.is_some_and(|max| words > max) || !evidence.all(&r.when) {
            return false;
        }
        if r.then.is_empty() {
            return true;
        }
        let s = sentence_at(doc, start).map_or(0, |s| s.0);
        let (from, to) = match r.within {
            Within::Sentence => (s, s),
            Within::NextSentence => (s, s + 1),
            Within::Reply => (0, u32::MAX),
        };
        let near = Near { doc: 0, from, to };
        !r.then.iter().any(|c| evidence.holds(c, Some(near)))
    });
    // Room for the findings about the reply as a whole too.
    let mut findings = Vec::with_capacity(hits.len() + 4);
    let mut last: Option<RawHit> = None;
    for (rule, start, end) in kept {
        match &mut last {
            Some((r, _, e)) if *r == rule && start < *e => *e = (*e).max(end),
            _ => {
                if let Some(done) = last.replace((rule, start, end)) {
                    findings.push(word_finding(set, doc, done, details));
                }
            }
        }
    }
    if let Some(done) = last {
        findings.push(word_finding(set, doc, done, details));
    }
    findings
}

/// The kinds that judge the reply as a whole: require, verdict, consistency, metric, shape.
#[allow(clippy::too_many_arguments)]
pub(super) fn whole_reply_findings(
    set: &Engine,
    docs: &[&Document],
    details: bool,
    anchors: &Anchors,
    // Personal data in the reply, and in the parts of the citizen's message (by part).
    (personal, incoming_personal): (&[Span], &[(usize, Span)]),
    evidence: &Evidence,
    verdicts: &[Verdict; 3],
    findings: &mut Vec<Finding>,
) {
    let doc = docs[0];
    for &ri in &set.whole_reply {
        let rule = &set.rules()[ri];
        if !evidence.all(&rule.when) {
            continue;
        }
        let at = |span: Span, detail: Option<String>| Finding {
            rule: ri,
            severity: rule.severity,
            span,
            detail,
            fix: None,
            related: Vec::new(),
        };
        match &rule.kind {
            Kind::Phrase => {}
            Kind::Require(required) => {
                let mut missing = required.iter().filter(|c| !evidence.holds(c, None)).peekable();
                if missing.peek().is_some() {
                    let detail = details.then(|| {
                        let missing: Vec<String> = missing.map(|c| describe(set, c)).collect();
                        format!("ontbreekt: {}", missing.join("; "))
                    });
                    findings.push(at(anchors.span(doc, rule.at), detail));
                }
            }
            Kind::Verdict { .. } => {
                let slot = VERDICT_DIMENSIONS.iter().position(|d| *d == rule.dimension);
                if slot.is_some_and(|d| set.verdicts[d] == Some(ri) && verdicts[d] == Verdict::Missing) {
                    findings.push(at(anchors.span(doc, rule.at), None));
                }
            }
            Kind::Consistency(groups) => {
                for (start, end) in minority(evidence, groups) {
                    findings.push(at(doc.folded.original(start, end), None));
                }
            }
            Kind::Metric { metric, max, limits } => {
                for (span, detail) in measure::metric(doc, evidence.context, *metric, *max, limits) {
                    findings.push(at(span, details.then_some(detail)));
                }
            }
            Kind::Shape {
                shape: Shape::Placeholder,
                ..
            } => {
                for &(s, e) in &doc.placeholders {
                    findings.push(at(doc.folded.original(s, e), None));
                }
            }
            Kind::Shape { shape, max_words } => {
                if measure::shape(doc, *shape, *max_words) {
                    findings.push(at(anchors.span(doc, rule.at), None));
                }
            }
            // Suppressions are checked after all other findings are in.
            Kind::Allow => {}
            Kind::Notice => {
                // A notice about a reused template says which one.
                let detail = evidence
                    .context
                    .template
                    .as_ref()
                    .filter(|_| details && mentions_template(rule))
                    .map(|t| format!("lijkt op sjabloon «{}» ({} % gelijk)", t.name, t.similarity));
                findings.push(at(anchors.span(doc, rule.at), detail));
            }
            Kind::Answers {
                question,
                deferred_by,
                stopwords,
            } => {
                if deferred_by.iter().any(|c| evidence.holds(c, None)) {
                    continue;
                }
                if evidence.hits_of(question).next().is_none() {
                    continue;
                }
                // Once per reply, not per question: a message can hold thousands.
                let stems = questions::Stems::of(doc);
                let anchor = anchors.span(doc, rule.at);
                for q in evidence.hits_of(question) {
                    if questions::answered(docs[q.doc], (q.start, q.end), &stems, stopwords) {
                        continue;
                    }
                    let detail = details.then(|| {
                        let span = docs[q.doc].folded.original(q.start, q.end);
                        // The detail quotes the citizen: personal data in it stays masked.
                        let in_doc: Vec<Span> = match q.doc {
                            0 => personal.to_vec(),
                            d => (incoming_personal.iter())
                                .filter(|(part, _)| *part == d - 1)
                                .map(|&(_, s)| s)
                                .collect(),
                        };
                        let quoted = crate::privacy::mask_part(docs[q.doc].source, span, &in_doc);
                        let text: String = quoted.chars().take(140).collect();
                        format!(
                            "vraag zonder antwoord: «{}»",
                            text.split_whitespace().collect::<Vec<_>>().join(" ")
                        )
                    });
                    findings.push(at(anchor, detail));
                }
            }
        }
    }
}

pub(super) fn mentions_template(rule: &crate::rules::Rule) -> bool {
    rule.when
        .iter()
        .flat_map(|c| &c.any)
        .any(|a| a.target == Target::Template && !a.negated)
}

/// A dimension's verdict from its verdict rule: present when a `present` signal occurs and
/// is not taken back (an `undone_by` signal later in its sentence, or opening the next:
/// "Vervelend voor u, maar de regels zijn de regels"); otherwise missing when the reply
/// needs it (any `needed` condition holds, or there are none), else not needed.
pub(super) fn verdict(kind: &Kind, evidence: &Evidence) -> Verdict {
    let Kind::Verdict {
        present,
        needed,
        undone_by,
        not_needed_when,
    } = kind
    else {
        return Verdict::NotNeeded;
    };
    let undone = |h: &Hit| {
        undone_by.iter().flat_map(|c| evidence.hits_of(c)).any(|u| {
            u.doc == h.doc
                && ((u.sentence == h.sentence && u.start >= h.end)
                    || (u.sentence == h.sentence + 1 && u.opens_sentence))
        })
    };
    let by_context = present.iter().any(|c| {
        c.any
            .iter()
            .any(|a| !matches!(a.target, Target::Signal(_)) && evidence.atom(a.target, a.negated, None))
    });
    if by_context || present.iter().flat_map(|c| evidence.hits_of(c)).any(|h| !undone(h)) {
        Verdict::Present
    } else if !not_needed_when.is_empty() && evidence.all(not_needed_when) {
        Verdict::NotNeeded
    } else if needed.is_empty() || needed.iter().any(|c| evidence.holds(c, None)) {
        Verdict::Missing
    } else {
        Verdict::NotNeeded
    }
}

/// The hits of the groups in the minority: the group with the most hits wins, a tie goes
/// to the group used first.
pub(super) fn minority(evidence: &Evidence, groups: &[Condition]) -> Vec<(usize, usize)> {
    // Per group: how many hits, and where the first one is. Counted, not collected: most
    // replies use one form or none, and then nothing is allocated.
    let winner = (groups.iter().enumerate())
        .filter_map(|(i, g)| {
            let (n, first) =
                (evidence.hits_of(g)).fold((0usize, usize::MAX), |(n, first), h| (n + 1, first.min(h.start)));
            (n > 0).then_some((i, n, first))
        })
        .max_by_key(|&(_, n, first)| (n, std::cmp::Reverse(first)))
        .map(|(i, _, _)| i);
    let Some(winner) = winner else {
        return Vec::new();
    };
    let mut out: Vec<(usize, usize)> = (groups.iter().enumerate())
        .filter(|&(i, _)| i != winner)
        .flat_map(|(_, g)| evidence.hits_of(g).map(|x| (x.start, x.end)))
        .collect();
    out.sort_unstable();
    out.dedup();
    // Overlapping forms ("kunt u" and "u") are one finding.
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in out {
        match merged.last_mut() {
            Some(last) if s < last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

/// A condition in words, for "ontbreekt: ...".
pub(super) fn describe(set: &Engine, c: &Condition) -> String {
    let words: Vec<String> = c.any.iter().map(|a| set.describe(a)).collect();
    words.join(" of ")
}

pub(super) fn word_finding(
    set: &Engine,
    doc: &Document,
    (rule, start, end): (usize, usize, usize),
    details: bool,
) -> Finding {
    let r = &set.rules()[rule];
    // The marked words, folded, one space between them: the key of `[plain]` and `[fix]`.
    let key = || {
        let marked = &doc.folded.text[start..end];
        let words: Vec<&str> = crate::text::word_spans(marked)
            .into_iter()
            .map(|(s, e)| &marked[s..e])
            .collect();
        words.join(" ")
    };
    // A rule with plain alternatives names the one for the words it marked.
    let detail = r
        .plain
        .as_ref()
        .filter(|_| details)
        .and_then(|lex| lex.plain_for(&key()).map(|p| format!("eenvoudiger: {p}")));
    let span = doc.folded.original(start, end);
    let fix = (!r.fix.is_empty())
        .then(|| {
            let key = key();
            let i = r.fix.binary_search_by(|(k, _)| k.as_str().cmp(&key)).ok()?;
            Some(same_case(&doc.source[span.start..span.end], &r.fix[i].1))
        })
        .flatten();
    Finding {
        rule,
        severity: r.severity,
        span,
        detail,
        fix,
        related: Vec::new(),
    }
}

/// `replacement` in the case of `marked`: capitalised when `marked` starts a sentence
/// ("Thans" → "Nu"), as written otherwise.
pub(super) fn same_case(marked: &str, replacement: &str) -> String {
    let upper = marked.chars().next().is_some_and(char::is_uppercase);
    let mut chars = replacement.chars();
    match chars.next() {
        Some(first) if upper => first.to_uppercase().chain(chars).collect(),
        _ => replacement.to_string(),
    }
}
