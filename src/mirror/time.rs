//! Timestamps in webcare exports: ISO 8601 (`2026-03-02T10:15:00Z`, `2026-03-02 10:15`, with
//! or without seconds and an offset) and Dutch dates (`02-03-2026 10:15`, `2-3-2026`). Kept
//! as minutes since 1970 in UTC (an offset, when given, is applied), which is all a response
//! time and a week need.

/// Days since 1970-01-01 of a civil date (proleptic Gregorian), after Howard Hinnant.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// Minutes since 1970-01-01 00:00 UTC, or why the text is not a timestamp (in Dutch: it ends
/// up in the report next to the row number).
pub fn parse(text: &str) -> Result<i64, String> {
    let t = text.trim();
    match parse_plain(t) {
        Some(minutes) => Ok(minutes),
        None => parse_general(t),
    }
}

fn parse_general(t: &str) -> Result<i64, String> {
    let bad = || format!("geen datum en tijd: \"{}\"", t.chars().take(40).collect::<String>());
    let (date, rest) = match t.find(['T', ' ']) {
        Some(i) => (&t[..i], t[i + 1..].trim()),
        None => (t, ""),
    };
    let parts: Vec<&str> = date.split(['-', '/', '.']).collect();
    let num = |s: &str| -> Option<i64> { (!s.is_empty() && s.len() <= 4).then(|| s.parse().ok()).flatten() };
    let (y, m, d) = match parts.as_slice() {
        [a, b, c] if a.len() == 4 => (num(a), num(b), num(c)),
        [a, b, c] if c.len() == 4 => (num(c), num(b), num(a)),
        _ => return Err(bad()),
    };
    let (Some(y), Some(m), Some(d)) = (y, m, d) else {
        return Err(bad());
    };
    if !(1..=12).contains(&m) || d < 1 || d > i64::from(days_in_month(y, m as u32)) || !(1900..=2200).contains(&y) {
        return Err(bad());
    }
    let (clock, offset) = split_offset(rest).ok_or_else(bad)?;
    let mut minutes = 0i64;
    if !clock.is_empty() {
        let hms: Vec<&str> = clock.split(':').collect();
        let h = hms.first().and_then(|s| num(s)).ok_or_else(bad)?;
        let mi = hms.get(1).and_then(|s| num(s)).ok_or_else(bad)?;
        let sec_ok = hms
            .get(2)
            .is_none_or(|s| s.split('.').next().and_then(num).is_some_and(|s| s < 61));
        if hms.len() > 3 || !(0..24).contains(&h) || !(0..60).contains(&mi) || !sec_ok {
            return Err(bad());
        }
        minutes = h * 60 + mi;
    }
    Ok(days_from_civil(y, m as u32, d as u32) * 1440 + minutes - offset)
}

/// The common shape, `2026-03-02 10:15` (or with `T`, or with seconds), read without
/// splitting; anything else, or anything out of range, is left to `parse`.
fn parse_plain(t: &str) -> Option<i64> {
    let b = t.as_bytes();
    if !(b.len() == 16 || b.len() == 19) {
        return None;
    }
    let digits = |from: usize, to: usize| -> Option<i64> {
        b[from..to]
            .iter()
            .try_fold(0i64, |n, &c| c.is_ascii_digit().then(|| n * 10 + i64::from(c - b'0')))
    };
    let shape = b[4] == b'-' && b[7] == b'-' && (b[10] == b' ' || b[10] == b'T') && b[13] == b':';
    if !shape || (b.len() == 19 && b[16] != b':') {
        return None;
    }
    let (y, m, d, h, mi) = (
        digits(0, 4)?,
        digits(5, 7)?,
        digits(8, 10)?,
        digits(11, 13)?,
        digits(14, 16)?,
    );
    let sec_ok = b.len() == 16 || digits(17, 19).is_some_and(|s| s < 61);
    let valid = (1900..=2200).contains(&y)
        && (1..=12).contains(&m)
        && d >= 1
        && d <= i64::from(days_in_month(y, m as u32))
        && (0..24).contains(&h)
        && (0..60).contains(&mi)
        && sec_ok;
    valid.then(|| days_from_civil(y, m as u32, d as u32) * 1440 + h * 60 + mi)
}

/// The clock part and its UTC offset in minutes: `10:15Z`, `10:15:00+01:00`, `10:15`.
fn split_offset(rest: &str) -> Option<(&str, i64)> {
    if let Some(clock) = rest.strip_suffix('Z') {
        return Some((clock, 0));
    }
    match rest.rfind(['+', '-']) {
        Some(i) => {
            let off = &rest[i + 1..];
            let (h, m) = off
                .split_once(':')
                .unwrap_or((off.get(..2)?, off.get(2..).unwrap_or("0")));
            let minutes = h.parse::<i64>().ok()? * 60 + if m.is_empty() { 0 } else { m.parse::<i64>().ok()? };
            let sign = if rest.as_bytes()[i] == b'-' { -1 } else { 1 };
            Some((rest[..i].trim(), sign * minutes))
        }
        None => Some((rest, 0)),
    }
}

/// The ISO week of a moment: `2026-W10`.
pub fn iso_week(minutes: i64) -> String {
    week_name(iso_week_number(minutes))
}

/// The ISO week of a moment as (year, week): a key that is cheap to count by.
pub fn iso_week_number(minutes: i64) -> (i64, i64) {
    let days = minutes.div_euclid(1440);
    // 1970-01-01 was a Thursday; ISO weekday 1 = Monday.
    let weekday = (days + 3).rem_euclid(7) + 1;
    let thursday = days - weekday + 4;
    let (year, _, _) = civil_from_days(thursday);
    let week = (thursday - days_from_civil(year, 1, 1)) / 7 + 1;
    (year, week)
}

/// `2026-W07`.
pub fn week_name((year, week): (i64, i64)) -> String {
    format!("{year}-W{week:02}")
}

/// The months and weekdays (short and long), as a Dutch reader writes them.
pub const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

pub const WEEKDAYS: [(&str, &str); 7] = [
    ("ma", "maandag"),
    ("di", "dinsdag"),
    ("wo", "woensdag"),
    ("do", "donderdag"),
    ("vr", "vrijdag"),
    ("za", "zaterdag"),
    ("zo", "zondag"),
];

/// The day of a moment as a reader writes it: `6 januari 2026`.
pub fn dutch_date(minutes: i64) -> String {
    let (y, m, d) = civil_from_days(minutes.div_euclid(1440));
    format!("{d} {} {y}", MONTHS[m as usize - 1])
}

/// A moment as ISO 8601 to the minute (`2026-01-06T10:15`), for the JSON file.
pub fn iso_moment(minutes: i64) -> String {
    let m = minutes.rem_euclid(1440);
    format!("{}T{:02}:{:02}", iso_date(minutes), m / 60, m % 60)
}

/// A moment as a reader writes it: `6 januari 2026 10:15`.
pub fn dutch_moment(minutes: i64) -> String {
    let m = minutes.rem_euclid(1440);
    format!("{} {:02}:{:02}", dutch_date(minutes), m / 60, m % 60)
}

/// The day of a moment as ISO 8601 (`2026-01-06`), for the JSON file.
pub fn iso_date(minutes: i64) -> String {
    let (y, m, d) = civil_from_days(minutes.div_euclid(1440));
    format!("{y}-{m:02}-{d:02}")
}

/// An ISO week name (`2026-W02`) as a reader says it: `week 2 (5 t/m 11 januari 2026)`,
/// `week 5 (26 januari t/m 1 februari 2026)`, `week 1 (29 december 2025 t/m 4 januari
/// 2026)`. Anything else comes back as it is.
pub fn week_label(name: &str) -> String {
    let parsed = name
        .split_once("-W")
        .and_then(|(y, w)| Some((y.parse::<i64>().ok()?, w.parse::<i64>().ok()?)));
    let Some((year, week)) = parsed.filter(|&(_, w)| (1..=53).contains(&w)) else {
        return name.to_string();
    };
    // The Monday of week 1 is the Monday on or before 4 January.
    let jan4 = days_from_civil(year, 1, 4);
    let monday = jan4 - (jan4 + 3).rem_euclid(7) + (week - 1) * 7;
    let (y1, m1, d1) = civil_from_days(monday);
    let (y2, m2, d2) = civil_from_days(monday + 6);
    let (month1, month2) = (MONTHS[m1 as usize - 1], MONTHS[m2 as usize - 1]);
    let range = if y1 != y2 {
        format!("{d1} {month1} {y1} t/m {d2} {month2} {y2}")
    } else if m1 != m2 {
        format!("{d1} {month1} t/m {d2} {month2} {y2}")
    } else {
        format!("{d1} t/m {d2} {month2} {y2}")
    };
    format!("week {week} ({range})")
}

/// A day given on the command line (`--since 2026-03-01`, `--until 1-3-2026`): minutes at
/// its start (00:00 UTC).
pub fn parse_day(text: &str) -> Result<i64, String> {
    let minutes = parse(text).map_err(|e| format!("{e} (verwacht een datum zoals 2026-03-01)"))?;
    Ok(minutes.div_euclid(1440) * 1440)
}

/// Days `FROM..TO` (both included) as minutes from the start of FROM to the end of TO.
pub fn parse_days(text: &str) -> Result<(i64, i64), String> {
    let (from, to) = text
        .split_once("..")
        .ok_or_else(|| format!("`{text}`: verwacht VAN..TOT, zoals 2026-02-01..2026-02-28"))?;
    let (from, to) = (parse_day(from)?, parse_day(to)? + 1440);
    if to <= from {
        return Err(format!("`{text}`: de periode eindigt voor ze begint"));
    }
    Ok((from, to))
}

/// A duration on the command line or in nabij.toml: `4h`, `90m`, `2d`, `1h30m`.
pub fn parse_duration(text: &str) -> Result<u32, String> {
    let t = text.trim().to_lowercase();
    let mut total: u64 = 0;
    let mut digits = String::new();
    for c in t.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let unit = match c {
            'm' => 1,
            'h' | 'u' => 60,
            'd' => 1440,
            _ => return Err(format!("`{text}` is geen duur: schrijf 4h, 90m, 2d of 1h30m")),
        };
        let n: u64 = digits
            .parse()
            .map_err(|_| format!("`{text}` is geen duur: schrijf 4h, 90m, 2d of 1h30m"))?;
        total += n * unit;
        digits.clear();
    }
    if !digits.is_empty() || total == 0 || total > u64::from(u32::MAX) {
        return Err(format!("`{text}` is geen duur: schrijf 4h, 90m, 2d of 1h30m"));
    }
    Ok(total as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_in_the_usual_export_shapes() {
        let base = parse("2026-03-02T10:15:00Z").unwrap();
        assert_eq!(parse("2026-03-02 10:15").unwrap(), base);
        assert_eq!(parse("02-03-2026 10:15").unwrap(), base);
        assert_eq!(parse("2-3-2026 10:15:59").unwrap(), base);
        assert_eq!(parse("2026-03-02T11:15:00+01:00").unwrap(), base);
        assert_eq!(parse("2026-03-02T09:15:00-0100").unwrap(), base);
        assert_eq!(parse("2026-03-02").unwrap(), base - 615);
        assert_eq!(parse("1970-01-01 00:01").unwrap(), 1);
        for bad in [
            "",
            "gisteren",
            "31-02-2026 10:00",
            "2026-13-01",
            "2026-03-02 25:00",
            "2026-03-02 10",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_quick_path_agrees_with_the_general_one() {
        let mut seen = 0;
        for y in [1899, 1970, 2024, 2026, 2100] {
            for m in [0, 1, 2, 12, 13] {
                for d in [0, 1, 28, 29, 30, 31, 32] {
                    for (h, mi) in [(0, 0), (9, 5), (23, 59), (24, 0), (10, 60)] {
                        for sec in ["", ":00", ":60", ":61", ":5x"] {
                            for sep in [' ', 'T'] {
                                let t = format!("{y:04}-{m:02}-{d:02}{sep}{h:02}:{mi:02}{sec}");
                                let general = parse_general(&t).ok();
                                match parse_plain(&t) {
                                    Some(quick) => {
                                        seen += 1;
                                        assert_eq!(Some(quick), general, "{t}")
                                    }
                                    None => assert_eq!(general, None, "{t}: valid, yet not taken quickly"),
                                }
                            }
                        }
                    }
                }
            }
        }
        assert!(seen > 500, "the quick path was taken {seen} times");
    }

    #[test]
    fn iso_weeks_across_year_ends() {
        let week = |s: &str| iso_week(parse(s).unwrap());
        assert_eq!(week("2026-03-02 10:00"), "2026-W10");
        assert_eq!(week("2026-01-01"), "2026-W01");
        assert_eq!(week("2027-01-01"), "2026-W53");
        assert_eq!(week("2024-12-30"), "2025-W01");
        assert_eq!(week("2021-01-03"), "2020-W53");
    }

    #[test]
    fn weeks_and_days_as_a_reader_writes_them() {
        // Counted on a calendar: 5 January 2026 is a Monday (week 2 starts there).
        assert_eq!(week_label("2026-W02"), "week 2 (5 t/m 11 januari 2026)");
        assert_eq!(week_label("2026-W05"), "week 5 (26 januari t/m 1 februari 2026)");
        assert_eq!(week_label("2026-W01"), "week 1 (29 december 2025 t/m 4 januari 2026)");
        assert_eq!(week_label("2020-W53"), "week 53 (28 december 2020 t/m 3 januari 2021)");
        assert_eq!(week_label("X"), "X");
        assert_eq!(week_label("2026-W60"), "2026-W60");
        let m = parse("2026-03-02 10:15").unwrap();
        assert_eq!(
            (dutch_date(m), iso_date(m)),
            ("2 maart 2026".into(), "2026-03-02".into())
        );
        assert_eq!(parse_day("2-3-2026").unwrap(), parse("2026-03-02 00:00").unwrap());
        assert!(parse_day("gisteren").is_err());
        let (from, to) = parse_days("2026-02-01..2026-02-28").unwrap();
        assert_eq!((to - from) / 1440, 28, "both days included");
        assert!(parse_days("2026-02-28..2026-02-01").is_err() && parse_days("2026-02-01").is_err());
        // Every week name the counting gives reads back as its own week.
        for minutes in (0..800).map(|d| parse("2025-06-01 12:00").unwrap() + d * 1440) {
            let label = week_label(&iso_week(minutes));
            assert!(
                label.starts_with(&format!("week {} (", iso_week_number(minutes).1)),
                "{label}"
            );
        }
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("4h"), Ok(240));
        assert_eq!(parse_duration("1h30m"), Ok(90));
        assert_eq!(parse_duration("2d"), Ok(2880));
        assert!(parse_duration("4").is_err());
        assert!(parse_duration("vier uur").is_err());
    }
}
