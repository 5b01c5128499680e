//! The tables of `nabij eval`: scores per label, the tune and check parts side by side, hits
//! per rule and signal, and the patterns that match one item or none.

use crate::eval::{Evaluation, Score};

/// Every rule and citizen signal that fired: items, how many of those have a label for it,
/// and how many the labels back.
pub fn hits_table(e: &Evaluation) -> String {
    let mut s = format!(
        "  {:<36} {:>6} {:>8} {:>7} {:>9}\n",
        "rule or signal", "items", "labelled", "backed", "precision"
    );
    for (kind, list) in [("rule", &e.rule_hits), ("signal", &e.signal_hits)] {
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
    let mut s = format!("{name}: {} labelled replies\n", e.items);
    s.push_str(&format!(
        "  {:<24} {:>5} {:>9} {:>7} {:>6}   tp  fp  fn  tn\n",
        "label", "n", "precision", "recall", "F1"
    ));
    for (label, sc) in &e.scores {
        if sc.total() > 0 {
            s.push_str(&score_row(label, sc));
        }
    }
    if e.messages > 0 {
        s.push_str(&format!("{name}: {} labelled citizen messages\n", e.messages));
        s.push_str(&format!(
            "  {:<24} {:>5} {:>9} {:>7} {:>6}   tp  fp  fn  tn\n",
            "signal", "n", "precision", "recall", "F1"
        ));
        for (label, sc) in &e.signal_scores {
            if sc.total() > 0 {
                s.push_str(&score_row(label, sc));
            }
        }
        s.push_str(&format!(
            "  labelled questions found: {}/{}\n",
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
    s.push_str(&format!("  near replies with any warning: {}\n", share(&e.near_any)));
    s.push_str(&format!(
        "  near replies with a warning their labels do not back (false alarms): {}\n",
        share(&e.near_warned)
    ));
    if verbose {
        for m in &e.misses {
            let what = if m.expected { "missed" } else { "false alarm" };
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
