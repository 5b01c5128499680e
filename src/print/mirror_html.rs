//! The HTML report: one self-contained file (no scripts, no fonts, no network), charts drawn
//! as inline SVG, texts in Dutch. Everything from the archive is escaped.

use crate::mirror::{Group, Mirror, Times};
use std::fmt::Write;

const EMPATHY: &str = "#c2185b";
const OWNERSHIP: &str = "#1565c0";
const FOLLOW_UP: &str = "#2e7d32";
const MUTED: &str = "#9e9e9e";

/// One bar: value, colour, tooltip.
type Bar<'a> = (f64, &'a str, String);
/// A labelled row of bars.
type BarRow<'a> = (String, Vec<Bar<'a>>);
/// A line of the weekly chart: name, colour, and the share it plots.
type Series = (&'static str, &'static str, fn(&Group) -> Option<f64>);

/// Text for HTML: escaped, control characters and bidi overrides made visible.
fn esc(s: &str) -> String {
    let safe = crate::print::untrusted(s);
    let mut out = String::with_capacity(safe.len());
    for c in safe.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn pct(v: Option<f64>) -> String {
    v.map_or("–".into(), crate::print::percent)
}

/// A group's name as a reader says it (a week as its days); `short` for a chart's axis.
fn shown(name: &str, short: bool) -> String {
    let label = crate::mirror::time::week_label(name);
    match label.split_once(" (") {
        Some((week, _)) if short => week.to_string(),
        _ => label,
    }
}

/// A line chart of shares (0–100 %) over the weeks, one line per dimension.
fn weeks_chart(weeks: &[Group]) -> String {
    let (w, h, left, bottom, top) = (760.0, 260.0, 44.0, 40.0, 12.0);
    let plot_w = w - left - 40.0;
    let plot_h = h - bottom - top;
    let n = weeks.len().max(1);
    let x = |i: usize| {
        left + if n == 1 {
            plot_w / 2.0
        } else {
            plot_w * i as f64 / (n - 1) as f64
        }
    };
    let y = |v: f64| top + plot_h * (1.0 - v / 100.0);
    let mut s =
        format!(r#"<svg viewBox="0 0 {w} {h}" role="img" aria-label="Aandeel aanwezig per week" class="chart">"#);
    for g in [0.0, 25.0, 50.0, 75.0, 100.0] {
        let _ = write!(
            s,
            r##"<line x1="{left}" x2="{}" y1="{y}" y2="{y}" stroke="#e0e0e0"/><text x="{}" y="{}" class="axis" text-anchor="end">{g} %</text>"##,
            w - 40.0,
            left - 6.0,
            y(g) + 4.0,
            y = y(g)
        );
    }
    let every = n.div_ceil(12);
    for (i, g) in weeks.iter().enumerate() {
        if i % every == 0 || i + 1 == n {
            let _ = write!(
                s,
                r#"<text x="{}" y="{}" class="axis" text-anchor="middle">{}</text>"#,
                x(i),
                h - bottom + 18.0,
                esc(&shown(&g.name, true))
            );
        }
    }
    let series: [Series; 3] = [
        ("empathie", EMPATHY, |g| g.empathy_share),
        ("eigenaarschap", OWNERSHIP, |g| g.ownership_share),
        ("vervolg", FOLLOW_UP, |g| g.follow_up_share),
    ];
    for (name, color, get) in series {
        let points: Vec<String> = weeks
            .iter()
            .enumerate()
            .filter_map(|(i, g)| get(g).map(|v| format!("{:.1},{:.1}", x(i), y(v))))
            .collect();
        if points.len() > 1 {
            let _ = write!(
                s,
                r#"<polyline fill="none" stroke="{color}" stroke-width="2.5" points="{}"/>"#,
                points.join(" ")
            );
        }
        for (i, g) in weeks.iter().enumerate() {
            if let Some(v) = get(g) {
                let _ = write!(
                    s,
                    r#"<circle cx="{:.1}" cy="{:.1}" r="3.5" fill="{color}"><title>{} {}: {}</title></circle>"#,
                    x(i),
                    y(v),
                    esc(&shown(&g.name, false)),
                    name,
                    crate::print::percent(v)
                );
            }
        }
    }
    s.push_str("</svg>");
    s
}

/// Horizontal bars: one row per label, each with up to three (value, colour, title) bars
/// on a scale of `max`.
fn bars(rows: &[BarRow], max: f64, unit: &dyn Fn(f64) -> String, marker: Option<f64>) -> String {
    let bar_h = 14.0;
    let gap = 10.0;
    let label_w = 190.0;
    let plot_w = 480.0;
    let row_h = |n: usize| n as f64 * (bar_h + 2.0) + gap;
    let h: f64 = rows.iter().map(|(_, b)| row_h(b.len())).sum::<f64>() + 24.0;
    let w = label_w + plot_w + 110.0;
    let scale = |v: f64| if max > 0.0 { plot_w * (v / max).min(1.0) } else { 0.0 };
    let mut s = format!(r#"<svg viewBox="0 0 {w} {h:.0}" role="img" class="chart bars">"#);
    let mut at = 8.0;
    for (label, values) in rows {
        let _ = write!(
            s,
            r#"<text x="{}" y="{:.1}" text-anchor="end" class="label">{}</text>"#,
            label_w - 8.0,
            at + bar_h * values.len() as f64 / 2.0 + 5.0,
            esc(label)
        );
        for (i, (v, color, title)) in values.iter().enumerate() {
            let y = at + i as f64 * (bar_h + 2.0);
            let _ = write!(
                s,
                r#"<rect x="{label_w}" y="{y:.1}" width="{:.1}" height="{bar_h}" fill="{color}"><title>{}</title></rect><text x="{:.1}" y="{:.1}" class="value">{}</text>"#,
                scale(*v).max(1.0),
                esc(title),
                label_w + scale(*v) + 6.0,
                y + bar_h - 3.0,
                esc(&unit(*v))
            );
        }
        at += row_h(values.len());
    }
    if let Some(m) = marker {
        let x = label_w + scale(m);
        let _ = write!(
            s,
            r##"<line x1="{x:.1}" x2="{x:.1}" y1="0" y2="{:.0}" stroke="#212121" stroke-dasharray="4 3"/><text x="{:.1}" y="{:.0}" class="axis">norm</text>"##,
            h - 14.0,
            x + 4.0,
            h - 4.0
        );
    }
    s.push_str("</svg>");
    s
}

/// A legend line: a coloured square before each name.
fn legend_of(items: &[(&str, &str)]) -> String {
    let mut s = String::from(r#"<p class="legend">"#);
    for (color, name) in items {
        let _ = write!(s, r#"<span style="background:{color}"></span>{name} "#);
    }
    s.push_str("</p>");
    s
}

fn legend() -> String {
    legend_of(&[
        (EMPATHY, "empathie"),
        (OWNERSHIP, "eigenaarschap"),
        (FOLLOW_UP, "vervolg"),
    ])
}

fn dimension_bars(groups: &[Group]) -> String {
    let rows: Vec<BarRow> = groups
        .iter()
        .map(|g| {
            let values = [
                (g.empathy_share, EMPATHY, "empathie"),
                (g.ownership_share, OWNERSHIP, "eigenaarschap"),
                (g.follow_up_share, FOLLOW_UP, "vervolg"),
            ]
            .into_iter()
            .map(|(v, c, n)| (v.unwrap_or(0.0), c, format!("{}: {n} {}", g.name, pct(v))))
            .collect();
            (format!("{} ({})", g.name, g.replies), values)
        })
        .collect();
    bars(&rows, 100.0, &|v| format!("{v:.0} %"), None)
}

/// A table. A header that starts with `#` is a column of numbers (right-aligned), one that
/// starts with `~` a column of examples; cells are plain text, escaped here.
fn table(headers: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let class = |h: &str| match h.chars().next() {
        Some('#') => " class=n",
        Some('~') => " class=ex",
        _ => "",
    };
    let mut s = String::from("<table><thead><tr>");
    for h in headers {
        let name = h.trim_start_matches(['#', '~']);
        let head_class = if h.starts_with('#') { " class=n" } else { "" };
        let _ = write!(s, "<th{head_class}>{}</th>", esc(name));
    }
    s.push_str("</tr></thead><tbody>");
    for row in rows {
        s.push_str("<tr>");
        for (cell, h) in row.iter().zip(headers) {
            let _ = write!(s, "<td{}>{}</td>", class(h), esc(cell));
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table>");
    s
}

fn group_table(groups: &[Group], first: &str) -> String {
    table(
        &[first, "#antwoorden", "#empathie", "#eigenaarschap", "#vervolg"],
        groups.iter().map(|g| {
            vec![
                shown(&g.name, false),
                g.replies.to_string(),
                pct(g.empathy_share),
                pct(g.ownership_share),
                pct(g.follow_up_share),
            ]
        }),
    )
}

fn times_rows(list: &[&Times]) -> Vec<BarRow<'static>> {
    list.iter()
        .map(|t| {
            (
                format!("{} ({})", t.name, t.replies),
                vec![
                    (
                        f64::from(t.median_minutes),
                        "#546e7a",
                        format!("mediaan {}", super::mirror_text::duration(t.median_minutes)),
                    ),
                    (
                        f64::from(t.p90_minutes),
                        "#b0bec5",
                        format!("90e percentiel {}", super::mirror_text::duration(t.p90_minutes)),
                    ),
                ],
            )
        })
        .collect()
}

const STYLE: &str = "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:#212121;max-width:980px;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2.2rem;border-bottom:1px solid #e0e0e0;padding-bottom:.3rem}
.meta{color:#616161}.chart{width:100%;height:auto;display:block;margin:.5rem 0}
.axis{font-size:11px;fill:#616161}.label{font-size:12px;fill:#212121}.value{font-size:11px;fill:#424242}
table{border-collapse:collapse;width:100%;margin:.6rem 0}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #eeeeee;vertical-align:top}
td.n,th.n{text-align:right;white-space:nowrap}.ex{color:#555;font-size:.9em}
.legend span{display:inline-block;width:.8em;height:.8em;margin:0 .3em 0 .9em;border-radius:2px}
.kpi{display:flex;gap:1rem;flex-wrap:wrap}.kpi div{border:1px solid #e0e0e0;border-radius:6px;padding:.6rem 1rem;min-width:9rem}
.kpi b{display:block;font-size:1.5rem}
.alarm{border:2px solid #b71c1c;border-radius:6px;padding:.2rem 1rem .6rem;margin:1rem 0;background:#fff8f7}
.alarm h2{margin-top:.6rem;color:#b71c1c;border:0}
.alarm table{font-size:.92em}.alarm{overflow-x:auto}.alarm summary{cursor:pointer;margin:.4rem 0;color:#b71c1c}
@media (max-width:600px){body{margin:1rem auto}table{font-size:.85em;display:block;overflow-x:auto}th,td{padding:.25rem .3rem}.kpi div{min-width:6rem}}
@media print{body{max-width:none;margin:0;font-size:11pt}h2{break-after:avoid}table,svg,.kpi{break-inside:avoid}.alarm{background:none}a{color:inherit}}";

/// At most this many alarm rows in the page (all of them are in the JSON); the first
/// `ALARM_ROWS_OPEN` open, the rest behind "nog ... rijen" (no script needed).
const ALARM_ROWS_SHOWN: usize = 200;
const ALARM_ROWS_OPEN: usize = 10;

/// The alarm first: cries for help and repeated contacts that got a standard reply or no
/// person, each with the row, conversation, channel and moment to find it by.
fn alarm_section(m: &Mirror) -> String {
    let mut s = String::from("<section class=alarm aria-labelledby=alarm-title>");
    let _ = write!(
        s,
        "<h2 id=alarm-title>{}</h2>",
        esc(&super::mirror_text::alarm_title(m))
    );
    if !m.alarms.rows.is_empty() {
        let conversations = m.alarms.rows.iter().any(|a| a.conversation.is_some());
        let mut headers = vec!["#regel"];
        if conversations {
            headers.push("gesprek");
        }
        headers.extend(["kanaal", "moment", "bericht", "antwoord"]);
        let rows = |list: &[crate::mirror::Alarm]| -> Vec<Vec<String>> {
            list.iter()
                .map(|a| {
                    let [line, conversation, channel, at, signals, how] = super::mirror_text::alarm_facts(a);
                    let mut row = vec![line.trim_start_matches("regel ").to_string()];
                    if conversations {
                        row.push(conversation.trim_start_matches("gesprek ").to_string());
                    }
                    row.extend([channel, at, signals, how]);
                    row
                })
                .collect()
        };
        let shown = &m.alarms.rows[..m.alarms.rows.len().min(ALARM_ROWS_SHOWN)];
        let (open, folded) = shown.split_at(shown.len().min(ALARM_ROWS_OPEN));
        s.push_str(&table(&headers, rows(open)));
        if !folded.is_empty() {
            let _ = write!(s, "<details><summary>Nog {} rijen</summary>", folded.len());
            s.push_str(&table(&headers, rows(folded)));
            s.push_str("</details>");
        }
        let more = m.alarms.total as usize - shown.len();
        if more > 0 {
            let _ = write!(
                s,
                "<p class=meta>En {more} meer: de eerste {} staan in het JSON-bestand (--json).</p>",
                m.alarms.rows.len()
            );
        }
    }
    s.push_str("</section>");
    s
}

/// The whole report as one HTML document.
pub fn render(m: &Mirror) -> String {
    let mut s = String::from("<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\">");
    let _ = write!(
        s,
        "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>nabij: spiegel van {}</title><style>{STYLE}</style></head><body>",
        esc(&m.archive)
    );
    let _ = write!(
        s,
        "<h1>Spiegel: wat het team verstuurde</h1><p class=meta>{} · {} rijen, {} antwoorden beoordeeld, {} overgeslagen · {}</p>",
        esc(&m.archive),
        m.rows,
        m.replies,
        m.malformed,
        esc(super::mirror_text::period_line(m).trim_end())
    );
    s.push_str(&alarm_section(m));
    let o = &m.overall;
    let _ = write!(
        s,
        "<div class=kpi><div>empathie<b style=\"color:{EMPATHY}\">{}</b></div><div>eigenaarschap<b style=\"color:{OWNERSHIP}\">{}</b></div><div>vervolg<b style=\"color:{FOLLOW_UP}\">{}</b></div></div>\
         <p class=meta>Aandeel van de antwoorden waarin het aanwezig was, van de antwoorden die het nodig hadden.</p>",
        pct(o.empathy_share),
        pct(o.ownership_share),
        pct(o.follow_up_share)
    );
    if let Some(c) = &m.compare {
        let _ = write!(s, "<h2>{}</h2>", esc(&super::mirror_text::compare_title(c)));
        s.push_str(&table(
            &["", "#periode", "#rest", "#verschil"],
            super::mirror_text::compare_rows(c).into_iter().map(|r| r.to_vec()),
        ));
    }
    if !m.by_week.is_empty() {
        s.push_str("<h2>Per week</h2>");
        s.push_str(&legend());
        s.push_str(&weeks_chart(&m.by_week));
    }
    if !m.by_channel.is_empty() {
        s.push_str("<h2>Per kanaal</h2>");
        s.push_str(&legend());
        s.push_str(&dimension_bars(&m.by_channel));
    }
    if !m.by_agent.is_empty() {
        let title = if m.agents_anonymised {
            "Per medewerker (geanonimiseerd)"
        } else {
            "Per medewerker"
        };
        let _ = write!(s, "<h2>{title}</h2>");
        s.push_str(&group_table(&m.by_agent, "medewerker"));
    }
    if !m.incoming.is_empty() {
        s.push_str("<h2>Wat de burgers schreven, en wat ze terugkregen</h2>");
        let rows: Vec<BarRow> = m
            .incoming
            .iter()
            .map(|c| {
                (
                    c.signal.clone(),
                    vec![
                        (c.messages as f64, "#78909c", format!("{} berichten", c.messages)),
                        (
                            c.standard_replies as f64,
                            "#e65100",
                            format!("{} kregen een standaardreactie", c.standard_replies),
                        ),
                    ],
                )
            })
            .collect();
        s.push_str(&legend_of(&[
            ("#78909c", "berichten"),
            ("#e65100", "kregen een standaardreactie"),
        ]));
        let max = m.incoming.iter().map(|c| c.messages).max().unwrap_or(1) as f64;
        s.push_str(&bars(&rows, max, &|v| format!("{v:.0}"), None));
        s.push_str(&table(
            &[
                "signaal",
                "#berichten",
                "#standaardreactie",
                "#empathie",
                "#eigenaarschap",
                "#vervolg",
            ],
            m.incoming.iter().map(|c| {
                vec![
                    c.signal.clone(),
                    c.messages.to_string(),
                    c.standard_replies.to_string(),
                    pct(c.empathy.share()),
                    pct(c.ownership.share()),
                    pct(c.follow_up.share()),
                ]
            }),
        ));
    }
    if let Some(rt) = &m.response_times {
        let _ = write!(s, "<h2>Reactietijd{}</h2>", esc(&super::mirror_text::times_title(rt)));
        s.push_str(&legend_of(&[("#546e7a", "mediaan"), ("#b0bec5", "90e percentiel")]));
        let list: Vec<&Times> = std::iter::once(&rt.overall).chain(&rt.by_channel).collect();
        let max = list
            .iter()
            .map(|t| t.p90_minutes)
            .max()
            .unwrap_or(1)
            .max(rt.respond_within_minutes.unwrap_or(0)) as f64;
        s.push_str(&bars(
            &times_rows(&list),
            max,
            &|v| super::mirror_text::duration(v as u32),
            rt.respond_within_minutes.map(f64::from),
        ));
        // Without a norm there is nothing to be late for: no such column.
        let headers: &[&str] = if rt.respond_within_minutes.is_some() {
            &["", "#antwoorden", "#mediaan", "#90e percentiel", "#te laat"]
        } else {
            &["", "#antwoorden", "#mediaan", "#90e percentiel"]
        };
        s.push_str(&table(
            headers,
            list.iter().copied().chain(&rt.by_week).map(|t| {
                vec![
                    shown(&t.name, false),
                    t.replies.to_string(),
                    super::mirror_text::duration(t.median_minutes),
                    super::mirror_text::duration(t.p90_minutes),
                    t.missed_share
                        .map_or("–".into(), |p| format!("{} ({})", t.missed, crate::print::percent(p))),
                ]
            }),
        ));
    }
    if !m.phrases.is_empty() {
        s.push_str("<h2>Afstand in woorden</h2>");
        s.push_str(&table(
            &["zinsdeel", "#keer", "regel", "~voorbeeld"],
            m.phrases.iter().map(|p| {
                vec![
                    format!("“{}”", p.phrase),
                    p.count.to_string(),
                    p.rule.clone(),
                    p.example.clone(),
                ]
            }),
        ));
    }
    if !m.rules.is_empty() {
        s.push_str("<h2>Regels</h2>");
        s.push_str(&table(
            &["regel", "dimensie", "#antwoorden", "#bevindingen", "~voorbeeld"],
            m.rules.iter().take(30).map(|r| {
                vec![
                    r.rule.clone(),
                    crate::rules::Dimension::dutch_of(&r.dimension).to_string(),
                    r.replies.to_string(),
                    r.findings.to_string(),
                    r.example.clone(),
                ]
            }),
        ));
    }
    if !m.topics.is_empty() {
        s.push_str("<h2>Terugkerende onderwerpen</h2><p class=meta>Woorden die in een week in minstens 5 berichten en 10 % van de berichten staan, en minstens drie keer zo vaak als over het hele archief.</p>");
        s.push_str(&table(
            &["week", "woord", "#berichten", "#keer zo vaak"],
            m.topics.iter().map(|t| {
                vec![
                    shown(&t.week, false),
                    t.term.clone(),
                    format!("{} van {}", t.messages, t.week_messages),
                    format!("{}×", crate::print::decimal1(t.lift)),
                ]
            }),
        ));
    }
    if m.malformed > 0 {
        let _ = write!(s, "<h2>Overgeslagen rijen ({})</h2>", m.malformed);
        s.push_str(&table(
            &["#regel", "waarom"],
            m.malformed_rows
                .iter()
                .map(|r| vec![r.line.to_string(), r.reason.clone()]),
        ));
    }
    let _ = writeln!(
        s,
        "<p class=meta style=\"margin-top:2rem;color:{MUTED}\">Gemaakt met nabij. Persoonsgegevens in de voorbeelden zijn gemaskeerd.</p></body></html>"
    );
    s
}
