//! The tables of `nabij eval`: scores per label, the tune and check parts side by side, hits
//! per rule and signal, and the patterns that match one item or none.

use crate::eval::{Evaluation, Part, PatternHits, Score};

/// Every rule and citizen signal that fired: items, how many of those have a label for it,
/// and how many the labels back.
pub fn hits_table(e: &Evaluation) -> String {
    let mut s = format!(
        "  {:<36} {:>6} {:>8} {:>7} {:>9}\n",
        "regel of signaal", "items", "gelabeld", "gedekt", "precisie"
    );
    for (kind, list) in [("regel", &e.rule_hits), ("signaal", &e.signal_hits)] {
        for (id, h) in list {
            let precision = if h.labelled == 0 {
                "-".to_string()
            } else {
                format!("{:.2}", h.backed as f64 / h.labelled as f64)
            };
            s.push_str(&format!(
                "  {:<36} {:>6} {:>8} {:>7} {:>9}\n",
                format!("{kind} {id}"),
                h.items,
                h.labelled,
                h.backed,
                precision
            ));
        }
    }
    s
}

pub fn eval_table(name: &str, e: &Evaluation, verbose: bool) -> String {
    let mut s = format!("{name}: {} gelabelde antwoorden\n", e.items);
    s.push_str(&format!(
        "  {:<24} {:>5} {:>9} {:>7} {:>6}   tp  fp  fn  tn\n",
        "label", "n", "precisie", "recall", "F1"
    ));
    for (label, sc) in &e.scores {
        if sc.total() > 0 {
            s.push_str(&score_row(label, sc));
        }
    }
    if e.messages > 0 {
        s.push_str(&format!("{name}: {} gelabelde berichten van burgers\n", e.messages));
        s.push_str(&format!(
            "  {:<24} {:>5} {:>9} {:>7} {:>6}   tp  fp  fn  tn\n",
            "signaal", "n", "precisie", "recall", "F1"
        ));
        for (label, sc) in &e.signal_scores {
            if sc.total() > 0 {
                s.push_str(&score_row(label, sc));
            }
        }
        s.push_str(&format!(
            "  gelabelde vragen gevonden: {}/{}\n",
            e.questions.1, e.questions.0
        ));
    }
    let share = |ids: &[String]| {
        let pct = if e.near == 0 {
            0.0
        } else {
            100.0 * ids.len() as f64 / e.near as f64
        };
        let list = if ids.is_empty() {
            String::new()
        } else {
            let ids: Vec<String> = ids.iter().map(|i| super::untrusted_name(i)).collect();
            format!(": {}", ids.join(", "))
        };
        format!("{}/{} ({pct:.1} %){list}", ids.len(), e.near)
    };
    s.push_str(&format!(
        "  nabije antwoorden met een waarschuwing: {}\n",
        share(&e.near_any)
    ));
    s.push_str(&format!(
        "  nabije antwoorden met een waarschuwing die hun labels niet dekken (vals alarm): {}\n",
        share(&e.near_warned)
    ));
    if verbose {
        for m in &e.misses {
            let what = if m.expected { "gemist" } else { "vals alarm" };
            s.push_str(&format!(
                "  {:<24} {:<12} {}\n",
                m.label,
                what,
                super::untrusted_name(&m.id)
            ));
        }
    }
    s
}

pub fn score_row(label: &str, sc: &Score) -> String {
    format!(
        "  {:<24} {:>5} {:>9.2} {:>7.2} {:>6.2}  {:>3} {:>3} {:>3} {:>3}\n",
        label,
        sc.total(),
        sc.precision(),
        sc.recall(),
        sc.f1(),
        sc.tp,
        sc.fp,
        sc.fn_,
        sc.tn
    )
}

/// `nabij eval`: a table per file, one over all files when there are more, and the hits.
pub fn report(done: &[(String, Evaluation)], all: &Evaluation, part: Part, verbose: bool, hits: bool) -> String {
    let suffix = if part == Part::All {
        String::new()
    } else {
        format!(" (deel {})", part.as_str())
    };
    let mut s = String::new();
    for (path, e) in done {
        s.push_str(&eval_table(&format!("{path}{suffix}"), e, verbose));
    }
    if done.len() > 1 {
        s.push_str(&eval_table(&format!("alle bestanden{suffix}"), all, false));
    }
    if hits {
        s.push_str(&hits_table(all));
    }
    s
}

/// The tune and check parts side by side: both tables, then F1 per label in each part and
/// the gap, and the hits of the tune part.
pub fn split(tune: &Evaluation, check: &Evaluation, verbose: bool, hits: bool) -> String {
    let mut s = eval_table("deel tune", tune, verbose);
    s.push_str(&eval_table("deel check", check, false));
    s.push_str(&format!(
        "  {:<24} {:>8} {:>8} {:>8}\n",
        "F1", "tune", "check", "verschil"
    ));
    let rows = (tune.scores.iter().zip(&check.scores)).chain(tune.signal_scores.iter().zip(&check.signal_scores));
    for ((label, t), (_, c)) in rows {
        if t.total() + c.total() > 0 {
            s.push_str(&format!(
                "  {:<24} {:>8.2} {:>8.2} {:>+8.2}\n",
                label,
                t.f1(),
                c.f1(),
                c.f1() - t.f1()
            ));
        }
    }
    let near = |e: &Evaluation| {
        if e.near == 0 {
            0.0
        } else {
            100.0 * e.near_any.len() as f64 / e.near as f64
        }
    };
    s.push_str(&format!(
        "  {:<24} {:>7.1}% {:>7.1}% {:>+7.1}%\n",
        "nabij met waarschuwing",
        near(tune),
        near(check),
        near(check) - near(tune)
    ));
    if hits {
        s.push_str(&hits_table(tune));
    }
    s
}

/// The phrase patterns that match no item or one item only.
pub fn patterns(all: &[PatternHits], part: Part) -> String {
    let never: Vec<_> = all.iter().filter(|h| h.items.is_empty()).collect();
    let once: Vec<_> = all.iter().filter(|h| h.items.len() == 1).collect();
    let mut s = format!(
        "patronen (deel {}): {}, waarvan {} op geen enkel item passen en {} op één item\n",
        part.as_str(),
        all.len(),
        never.len(),
        once.len()
    );
    for h in &once {
        s.push_str(&format!(
            "  één item   {:<12} {:<28} {}\n",
            super::untrusted_name(&h.items[0]),
            h.owner,
            h.pattern
        ));
    }
    for h in &never {
        s.push_str(&format!("  geen item  {:<12} {:<28} {}\n", "", h.owner, h.pattern));
    }
    s
}

/// `nabij eval`: the tables of every file evaluated, with all files merged.
pub struct Tables {
    pub part: Part,
    pub verbose: bool,
    pub hits: bool,
}

impl super::Printer<[(String, Evaluation)]> for Tables {
    fn print(&self, done: &[(String, Evaluation)], sink: &mut dyn super::Sink) {
        let all = crate::eval::merged(done);
        sink.styled(&super::untrusted(&report(
            done,
            &all,
            self.part,
            self.verbose,
            self.hits,
        )));
    }
}

/// `nabij eval --split`: the tune part and the check part, side by side.
pub struct Split {
    pub verbose: bool,
    pub hits: bool,
}

impl super::Printer<(Evaluation, Evaluation)> for Split {
    fn print(&self, (tune, check): &(Evaluation, Evaluation), sink: &mut dyn super::Sink) {
        sink.styled(&super::untrusted(&split(tune, check, self.verbose, self.hits)));
    }
}

/// `nabij eval --patterns`: the phrase patterns that match one item or none.
pub struct Patterns {
    pub part: Part,
}

impl super::Printer<[PatternHits]> for Patterns {
    fn print(&self, all: &[PatternHits], sink: &mut dyn super::Sink) {
        sink.styled(&super::untrusted(&patterns(all, self.part)));
    }
}
