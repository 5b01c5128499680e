//! The terminal summary of a [`Mirror`], in Dutch (it is read by a webcare team lead).

use crate::mirror::time::{dutch_date, week_label};
use crate::mirror::{Group, Mirror, Times};
use crate::print::{decimal1, percent};
use std::fmt::Write;

fn share(s: Option<f64>) -> String {
    s.map_or("    –  ".to_string(), |v| format!("{:>7}", percent(v)))
}

/// A group's name as a reader says it (a week as its days).
fn shown_name(name: &str) -> String {
    crate::print::untrusted(&week_label(name))
}

fn group_line(g: &Group, width: usize) -> String {
    format!(
        "  {:<width$}  {:>7}  {}  {}  {}\n",
        shown_name(&g.name),
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
        .map_or(String::new(), |s| format!("  {} te laat ({})", t.missed, percent(s)));
    format!(
        "  {:<width$}  {:>7}  mediaan {:>10}  p90 {:>10}{missed}\n",
        shown_name(&t.name),
        t.replies,
        duration(t.median_minutes),
        duration(t.p90_minutes)
    )
}

/// An ISO date of the JSON as a reader writes it: `2 maart 2026`.
fn day(iso: &str) -> String {
    crate::mirror::time::parse(iso)
        .map(dutch_date)
        .unwrap_or_else(|_| iso.to_string())
}

/// "periode: 5 januari t/m 3 februari 2026", and the rows `--since`/`--until` left out.
pub fn period_line(m: &Mirror) -> String {
    let mut line = match &m.period {
        Some(p) => {
            format!("periode: {} t/m {}", day(&p.from), day(&p.to))
        }
        None => "periode: onbekend (geen datums)".to_string(),
    };
    if m.outside_period > 0 {
        let _ = write!(line, "; {} rijen buiten de gekozen periode", m.outside_period);
    }
    line.push('\n');
    line
}

/// The alarm first: how many cries for help and repeated contacts got a standard reply or
/// no person, then the first `shown` of them, each with what the team needs to find it.
pub fn alarm_title(m: &Mirror) -> String {
    let a = &m.alarms;
    if a.total == 0 {
        return "Eerst opvolgen: geen noodkreet of herhaald contact kreeg een standaardreactie of een antwoord zonder persoon".into();
    }
    let count = |n: u64, one: &str, more: &str| (n > 0).then(|| format!("{n} {}", if n == 1 { one } else { more }));
    let what: Vec<String> = [
        count(a.cries_for_help, "noodkreet", "noodkreten"),
        count(a.repeated_contacts, "herhaald contact", "herhaalde contacten"),
    ]
    .into_iter()
    .flatten()
    .collect();
    let verb = if a.total == 1 { "kreeg" } else { "kregen" };
    format!(
        "Eerst opvolgen: {} {verb} een standaardreactie of een antwoord zonder persoon",
        what.join(" en ")
    )
}

/// One alarm row's facts, for a line or a table: where, when, what, and how it was answered.
pub fn alarm_facts(a: &crate::mirror::Alarm) -> [String; 6] {
    let at =
        a.at.as_deref()
            .and_then(|t| crate::mirror::time::parse(t).ok())
            .map_or("–".to_string(), crate::mirror::time::dutch_moment);
    let how = match (a.standard_reply, a.without_person) {
        (true, true) => "standaardreactie, zonder persoon",
        (true, false) => "standaardreactie",
        _ => "zonder persoon",
    };
    [
        format!("regel {}", a.line),
        a.conversation
            .as_deref()
            .map_or(String::new(), |c| format!("gesprek {}", crate::print::untrusted(c))),
        crate::print::untrusted(a.channel.as_deref().unwrap_or("–")),
        at,
        a.signals.join(" + "),
        how.to_string(),
    ]
}

fn alarm_section(m: &Mirror, shown: usize) -> String {
    let mut s = alarm_title(m);
    s.push('\n');
    for a in m.alarms.rows.iter().take(shown) {
        let facts = alarm_facts(a);
        let _ = writeln!(
            s,
            "  {:<12} {}{:<10} {:<26} {}: {}",
            facts[0],
            if facts[1].is_empty() {
                String::new()
            } else {
                format!("{}  ", facts[1])
            },
            facts[2],
            facts[3],
            facts[4],
            facts[5]
        );
    }
    let more = (m.alarms.total as usize).saturating_sub(shown.min(m.alarms.rows.len()));
    if more > 0 {
        let _ = writeln!(s, "  ... en {more} meer (zie --json of --html)");
    }
    s.push('\n');
    s
}

/// What the response times are measured by: the clock, and the team's norm.
pub fn times_title(rt: &crate::mirror::ResponseTimes) -> String {
    let mut t = rt.opening_hours.as_ref().map_or(String::new(), |h| {
        let closed = if h.holidays.is_empty() {
            String::new()
        } else {
            format!(", {} gesloten dagen", h.holidays.len())
        };
        format!(" binnen openingstijden ({}{closed})", h.written)
    });
    if let Some(w) = rt.respond_within_minutes {
        let _ = write!(t, ", tegen de eigen norm van {}", duration(w));
    }
    t
}

/// The rows of a comparison: (what, the period, the rest, the difference), as text.
pub fn compare_rows(c: &crate::mirror::Compare) -> Vec<[String; 4]> {
    use crate::mirror::CompareSide;
    let points = |d: Option<f64>| {
        d.map_or("–".to_string(), |d| {
            let sign = if d > 0.0 { "+" } else { "" };
            format!("{sign}{} procentpunt", decimal1(d))
        })
    };
    let share = |s: Option<f64>| s.map_or("–".to_string(), percent);
    let rate = |name: &str, get: fn(&CompareSide) -> Option<f64>, shown: &dyn Fn(Option<f64>) -> String| {
        [
            name.to_string(),
            shown(get(&c.chosen)),
            shown(get(&c.rest)),
            points(get(&c.difference)),
        ]
    };
    let per_100 = |v: Option<f64>| v.map_or("–".to_string(), |v| format!("{} per 100", decimal1(v)));
    let mut rows = vec![
        [
            "antwoorden".into(),
            c.chosen.replies.to_string(),
            c.rest.replies.to_string(),
            String::new(),
        ],
        rate("empathie", |s| s.empathy_share, &share),
        rate("eigenaarschap", |s| s.ownership_share, &share),
        rate("vervolg", |s| s.follow_up_share, &share),
    ];
    let median = |s: &CompareSide| s.median_minutes.map_or("–".to_string(), duration);
    if c.chosen.median_minutes.is_some() || c.rest.median_minutes.is_some() {
        rows.push([
            "mediane reactietijd".into(),
            median(&c.chosen),
            median(&c.rest),
            String::new(),
        ]);
    }
    if c.chosen.missed_share.is_some() || c.rest.missed_share.is_some() {
        rows.push(rate("te laat", |s| s.missed_share, &share));
    }
    let mut alarms = rate("eerst opvolgen", |s| s.alarms_per_100, &per_100);
    alarms[3] = c.difference.alarms_per_100.map_or("–".into(), |d| {
        format!("{}{} per 100", if d > 0.0 { "+" } else { "" }, decimal1(d))
    });
    rows.push(alarms);
    rows
}

/// "1 februari 2026 t/m 28 februari 2026".
pub fn compare_title(c: &crate::mirror::Compare) -> String {
    let against = c.against.as_ref().map_or("de rest".to_string(), |p| {
        let at = |iso: &str| crate::mirror::time::parse(iso).unwrap_or(0);
        let days = (at(&p.to) - at(&p.from)) / 1440 + 1;
        format!("de {days} dagen ervoor ({} t/m {})", day(&p.from), day(&p.to))
    });
    format!(
        "Vergelijking: {} t/m {} tegen {against}",
        day(&c.period.from),
        day(&c.period.to)
    )
}

/// The summary a team lead reads in the terminal.
pub fn render(m: &Mirror) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "nabij report: {} ({} rijen, {} antwoorden, {} overgeslagen)",
        crate::print::untrusted(&m.archive),
        m.rows,
        m.replies,
        m.malformed
    );
    s.push_str(&period_line(m));
    s.push('\n');
    s.push_str(&alarm_section(m, 20));
    let groups: Vec<&Group> = std::iter::once(&m.overall)
        .chain(&m.by_channel)
        .chain(&m.by_week)
        .chain(&m.by_agent)
        .collect();
    let width = groups
        .iter()
        .map(|g| shown_name(&g.name).chars().count())
        .max()
        .unwrap_or(10)
        .clamp(10, 44);
    if let Some(c) = &m.compare {
        let _ = writeln!(s, "{}", compare_title(c));
        let _ = writeln!(s, "  {:<20} {:>16} {:>16} {:>22}", "", "periode", "rest", "verschil");
        for [what, chosen, rest, diff] in compare_rows(c) {
            let _ = writeln!(s, "  {what:<20} {chosen:>16} {rest:>16} {diff:>22}");
        }
        s.push('\n');
    }
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
            let _ = writeln!(
                s,
                "  {:>6}  {} ({})",
                r.replies,
                r.rule,
                crate::rules::Dimension::dutch_of(&r.dimension)
            );
        }
    }
    if let Some(rt) = &m.response_times {
        let title = format!("\nReactietijd{}\n", times_title(rt));
        s.push_str(&title);
        let width = std::iter::once(&rt.overall)
            .chain(&rt.by_channel)
            .map(|t| shown_name(&t.name).chars().count())
            .max()
            .unwrap_or(10)
            .clamp(10, 44);
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
                "  {}  \"{}\" in {} van {} berichten ({}× zo vaak als gemiddeld)",
                shown_name(&t.week),
                crate::print::untrusted(&t.term),
                t.messages,
                t.week_messages,
                decimal1(t.lift)
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
