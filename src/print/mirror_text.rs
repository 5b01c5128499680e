//! The terminal summary of a [`Mirror`], in Dutch (it is read by a webcare team lead).

use crate::mirror::{Group, Mirror, Times};
use std::fmt::Write;

fn share(s: Option<f64>) -> String {
    s.map_or("  –  ".to_string(), |v| format!("{v:>5.1} %"))
}

fn group_line(g: &Group, width: usize) -> String {
    format!(
        "  {:<width$}  {:>7}  {}  {}  {}\n",
        crate::print::untrusted(&g.name),
        g.replies,
        share(g.empathy_share),
        share(g.ownership_share),
        share(g.follow_up_share)
    )
}

/// "1 u 30 min", "3 d 2 u", "45 min".
pub fn duration(minutes: u32) -> String {
    let (d, h, m) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
    match (d, h, m) {
        (0, 0, m) => format!("{m} min"),
        (0, h, 0) => format!("{h} u"),
        (0, h, m) => format!("{h} u {m} min"),
        (d, h, _) => format!("{d} d {h} u"),
    }
}

fn times_line(t: &Times, width: usize) -> String {
    let missed = t
        .missed_share
        .map_or(String::new(), |s| format!("  {} te laat ({s:.1} %)", t.missed));
    format!(
        "  {:<width$}  {:>7}  mediaan {:>10}  p90 {:>10}{missed}\n",
        crate::print::untrusted(&t.name),
        t.replies,
        duration(t.median_minutes),
        duration(t.p90_minutes)
    )
}

/// The summary a team lead reads in the terminal.
pub fn render(m: &Mirror) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "nabij report: {} ({} rijen, {} antwoorden, {} overgeslagen)\n",
        crate::print::untrusted(&m.archive),
        m.rows,
        m.replies,
        m.malformed
    );
    let groups: Vec<&Group> = std::iter::once(&m.overall)
        .chain(&m.by_channel)
        .chain(&m.by_week)
        .chain(&m.by_agent)
        .collect();
    let width = groups
        .iter()
        .map(|g| g.name.chars().count())
        .max()
        .unwrap_or(10)
        .clamp(10, 32);
    let header = format!(
        "  {:<width$}  {:>7}  {:>7}  {:>7}  {:>7}\n",
        "", "antw.", "empathie", "eigenaar", "vervolg"
    );
    s.push_str("Aanwezig waar nodig (empathie, eigenaarschap, vervolg)\n");
    s.push_str(&header);
    s.push_str(&group_line(&m.overall, width));
    for (title, list) in [
        ("per kanaal", &m.by_channel),
        ("per week", &m.by_week),
        (
            if m.agents_anonymised {
                "per medewerker (geanonimiseerd)"
            } else {
                "per medewerker"
            },
            &m.by_agent,
        ),
    ] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(s, " {title}");
        for g in list {
            s.push_str(&group_line(g, width));
        }
    }
    if !m.incoming.is_empty() {
        s.push_str("\nWat de burgers schreven, en hoe het antwoord scoorde\n");
        for c in &m.incoming {
            let _ = writeln!(
                s,
                "  {:<18} {:>6} berichten, {} {} een standaardreactie; empathie {}, eigenaar {}, vervolg {}",
                c.signal,
                c.messages,
                c.standard_replies,
                if c.standard_replies == 1 { "kreeg" } else { "kregen" },
                share(c.empathy.share()).trim(),
                share(c.ownership.share()).trim(),
                share(c.follow_up.share()).trim()
            );
        }
    }
    if !m.phrases.is_empty() {
        s.push_str("\nAfstand in woorden: wat het vaakst terugkomt\n");
        for p in m.phrases.iter().take(10) {
            let _ = writeln!(
                s,
                "  {:>6}×  \"{}\"  [{}]",
                p.count,
                crate::print::untrusted(&p.phrase),
                p.rule
            );
        }
    }
    if !m.rules.is_empty() {
        s.push_str("\nRegels met de meeste antwoorden\n");
        for r in m.rules.iter().take(10) {
            let _ = writeln!(s, "  {:>6}  {} ({})", r.replies, r.rule, r.dimension);
        }
    }
    if let Some(rt) = &m.response_times {
        let title = match rt.respond_within_minutes {
            Some(w) => format!("\nReactietijd, tegen de eigen norm van {}\n", duration(w)),
            None => "\nReactietijd\n".to_string(),
        };
        s.push_str(&title);
        let width = std::iter::once(&rt.overall)
            .chain(&rt.by_channel)
            .map(|t| t.name.chars().count())
            .max()
            .unwrap_or(10)
            .clamp(10, 32);
        s.push_str(&times_line(&rt.overall, width));
        for t in &rt.by_channel {
            s.push_str(&times_line(t, width));
        }
    }
    if !m.topics.is_empty() {
        s.push_str("\nTerugkerende onderwerpen (woorden die in een week veel vaker voorkomen)\n");
        for t in &m.topics {
            let _ = writeln!(
                s,
                "  {}  \"{}\" in {} van {} berichten ({:.1}× zo vaak als gemiddeld)",
                t.week,
                crate::print::untrusted(&t.term),
                t.messages,
                t.week_messages,
                t.lift
            );
        }
    }
    if m.malformed > 0 {
        let _ = writeln!(s, "\nOvergeslagen rijen: {}", m.malformed);
        for r in m.malformed_rows.iter().take(10) {
            let _ = writeln!(s, "  regel {}: {}", r.line, crate::print::untrusted(&r.reason));
        }
        if m.malformed > 10 {
            let _ = writeln!(s, "  ... en {} meer (zie --json)", m.malformed - 10);
        }
    }
    s
}
