//! Rules test themselves: `fire` examples must be marked exactly where «» says, `silent`
//! examples must not be marked at all.

use super::Engine;
use crate::diagnostic::Diagnostic;
use crate::rules::load::span_in_string;
use crate::rules::{Example, Origin, Rule, Signal, Source};
use crate::span::Span;

fn quoted(text: &str, spans: &[Span]) -> String {
    if spans.is_empty() {
        return "nothing".into();
    }
    spans
        .iter()
        .map(|s| format!("«{}»", &text[s.start..s.end]))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Run `rule`'s examples through `set` and describe every example that does not behave.
/// A `fire` example without marks (for rules about the reply as a whole) only has to
/// make the rule fire.
pub fn check_examples(set: &Engine, rule: &Rule) -> Vec<Diagnostic> {
    let run = |ex: &Example| -> Vec<Span> {
        let ec = &ex.context;
        let incoming: Vec<&str> = ec.incoming.iter().map(String::as_str).collect();
        crate::check::check_reply(set, &ex.text, &incoming, &ec.context)
            .findings
            .into_iter()
            .filter(|f| set.rules()[f.rule].id == rule.id)
            .map(|f| f.span)
            .collect()
    };
    let mut out = compare(
        &rule.origin,
        &format!("regel `{}`", rule.id),
        &rule.fire,
        &rule.silent,
        run,
    );
    out.extend(check_fixes(set, rule));
    out
}

/// A rule's `[fix]` is tested on its own `fire` examples: where it marks words it has a fix
/// for, the fixed example is one the rule no longer marks there.
fn check_fixes(set: &Engine, rule: &Rule) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if rule.fix.is_empty() {
        return out;
    }
    let fixable = |text: &str, ex: &Example| -> Vec<(Span, String)> {
        let incoming: Vec<&str> = ex.context.incoming.iter().map(String::as_str).collect();
        crate::check::check_reply(set, text, &incoming, &ex.context.context)
            .findings
            .into_iter()
            .filter(|f| set.rules()[f.rule].id == rule.id)
            .filter_map(|f| Some((f.span, f.fix?)))
            .collect()
    };
    for ex in &rule.fire {
        let fixes = fixable(&ex.text, ex);
        if fixes.is_empty() {
            continue;
        }
        let mut fixed = ex.text.clone();
        for (span, replacement) in fixes.iter().rev() {
            fixed.replace_range(span.start..span.end, replacement);
        }
        if !fixable(&fixed, ex).is_empty() {
            out.push(
                Diagnostic::new(
                    &rule.origin.path,
                    format!("regel `{}`: de fix lost de bevinding niet op", rule.id),
                )
                .at(rule.origin.source.clone(), ex.span)
                .label(format!("na de fix: {fixed}")),
            );
        }
    }
    out
}

/// Run a signal's examples: `fire` marks are exactly where the signal is seen (touching
/// hits merged), `silent` examples show no sign of it.
pub fn check_signal_examples(set: &Engine, signal: &Signal) -> Vec<Diagnostic> {
    let run = |ex: &Example| -> Vec<Span> {
        // An incoming signal's examples are citizens' messages; a reply signal's are replies.
        let ec = &ex.context;
        let checked = match signal.source {
            Source::Incoming => crate::check::check_reply(set, "", &[&ex.text], &ec.context).incoming,
            Source::Reply => {
                let incoming: Vec<&str> = ec.incoming.iter().map(String::as_str).collect();
                crate::check::check_reply(set, &ex.text, &incoming, &ec.context).signals
            }
        };
        let mut spans: Vec<Span> = checked
            .into_iter()
            .filter(|h| set.signals()[h.signal].id == signal.id)
            .map(|h| h.span)
            .collect();
        spans.sort_by_key(|s| (s.start, s.end));
        let mut merged: Vec<Span> = Vec::new();
        for s in spans {
            match merged.last_mut() {
                Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
                _ => merged.push(s),
            }
        }
        merged
    };
    compare(
        &signal.origin,
        &format!("signaal `{}`", signal.id),
        &signal.fire,
        &signal.silent,
        run,
    )
}

fn compare(
    origin: &Origin,
    what: &str,
    fire: &[Example],
    silent: &[Example],
    run: impl Fn(&Example) -> Vec<Span>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let src = &origin.source;
    for ex in fire {
        let got = run(ex);
        let ok = if ex.marks.is_empty() {
            !got.is_empty()
        } else {
            got == ex.marks
        };
        if ok {
            continue;
        }
        let label = if got.is_empty() {
            "hier wordt niets gemarkeerd".to_string()
        } else {
            format!("gemarkeerd: {}", quoted(&ex.text, &got))
        };
        // Point at the first expected mark inside the example string when we can.
        let span = match ex.marks.first() {
            Some(&first) => {
                let (s, e) = offset_in_written(&ex.marks, first);
                span_in_string(src, ex.span, &ex.written, s, e)
            }
            None => ex.span,
        };
        let expected = if ex.marks.is_empty() {
            "hier werd een bevinding verwacht".to_string()
        } else {
            format!("verwacht: {}", quoted(&ex.text, &ex.marks))
        };
        out.push(
            Diagnostic::new(&origin.path, format!("{what}: `fire`-voorbeeld faalt"))
                .at(src.clone(), span)
                .label(label)
                .note(expected),
        );
    }
    for ex in silent {
        let got = run(ex);
        if !got.is_empty() {
            out.push(
                Diagnostic::new(&origin.path, format!("{what}: `silent`-voorbeeld faalt"))
                    .at(src.clone(), ex.span)
                    .label(format!("gemarkeerd: {}", quoted(&ex.text, &got)))
                    .note("een `silent`-voorbeeld mag niets laten markeren"),
            );
        }
    }
    out
}

/// Where mark `m` of a marked example stands in the example as written (with «» marks:
/// every earlier mark adds two chars of two bytes, the current opening one).
fn offset_in_written(marks: &[Span], m: Span) -> (usize, usize) {
    let before = marks.iter().take_while(|x| x.start < m.start).count();
    let shift = before * 4 + 2; // « and » are two bytes each
    (m.start + shift, m.end + shift)
}

/// The ids of the items from outside the binary whose examples fail; the failures go to `errors`.
pub(crate) fn failing<T: Sync>(
    items: &[T],
    key: impl Fn(&T) -> (&String, &Origin) + Sync,
    check: impl Fn(&T) -> Vec<Diagnostic> + Sync,
    errors: &mut Vec<Diagnostic>,
) -> Vec<String> {
    use rayon::prelude::*;
    let outside: Vec<&T> = items.iter().filter(|item| !key(item).1.builtin).collect();
    if outside.is_empty() {
        // (Built-in rules only: the thread pool is not started for nothing.)
        return Vec::new();
    }
    let results: Vec<(String, Vec<Diagnostic>)> = outside
        .par_iter()
        .map(|item| (key(item).0.clone(), check(item)))
        .collect();
    let mut ids = Vec::new();
    for (id, failures) in results {
        if !failures.is_empty() {
            ids.push(id);
            errors.extend(failures);
        }
    }
    ids
}

/// What running the examples of a rule set found.
#[derive(Debug, Default)]
pub struct SelfTest {
    pub rules: usize,
    pub signals: usize,
    pub examples: usize,
    /// One per example that does not behave.
    pub failures: Vec<Diagnostic>,
}

/// Run the examples of every rule and signal; with `team_only`, only of those from outside
/// the binary (the built-in signals and lexicons stay loaded for them to use).
pub fn run(set: &Engine, team_only: bool) -> SelfTest {
    let mut out = SelfTest::default();
    for rule in set.rules().iter().filter(|r| !(team_only && r.origin.builtin)) {
        out.rules += 1;
        out.examples += rule.fire.len() + rule.silent.len();
        out.failures.extend(check_examples(set, rule));
    }
    for signal in set.signals().iter().filter(|s| !(team_only && s.origin.builtin)) {
        out.signals += 1;
        out.examples += signal.fire.len() + signal.silent.len();
        out.failures.extend(check_signal_examples(set, signal));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::parse_marked;

    #[test]
    fn offsets_in_raw_account_for_earlier_marks() {
        let raw = "a «bc» d «ef»";
        let (_, marks) = parse_marked(raw).unwrap();
        let (s, e) = offset_in_written(&marks, marks[1]);
        assert_eq!(&raw[s..e], "ef");
    }
}
