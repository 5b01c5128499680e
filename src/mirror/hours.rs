//! Opening hours: a response time counts only the time the team is open, as social customer
//! service tools measure it. `ma-vr 08:00-20:00, za 09:00-17:00`, with public holidays as
//! dates, closed all day.
//!
//! Times are compared as the export writes them: an export in local time (the usual case)
//! is read in local time; a timestamp with an offset is turned into UTC when it is read
//! (`time::parse`), and opening hours are then UTC hours too.

use super::time;
use serde::Serialize;

/// When the team is open: per weekday (Monday first) its intervals in minutes of the day,
/// and the days it is closed (days since 1970).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OpeningHours {
    /// As the team wrote them, for the report to say which clock it used.
    pub written: String,
    #[serde(skip)]
    week: [Vec<(u32, u32)>; 7],
    /// Public holidays and other closed days, as ISO dates.
    pub holidays: Vec<String>,
    #[serde(skip)]
    closed: Vec<i64>,
}

fn day_index(name: &str) -> Option<usize> {
    let n = name.trim().to_lowercase();
    time::WEEKDAYS
        .iter()
        .position(|(short, long)| n == *short || n == *long)
}

fn clock(text: &str) -> Option<u32> {
    let (h, m) = text.trim().split_once([':', '.'])?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h <= 24 && m < 60 && h * 60 + m <= 1440).then_some(h * 60 + m)
}

impl OpeningHours {
    /// Read `ma-vr 08:00-20:00, za 09:00-17:00`: entries split by commas, each days (one
    /// day or a range, Dutch names, short or long) and a time range. Errors are in Dutch.
    pub fn parse(text: &str, holidays: &[String]) -> Result<OpeningHours, String> {
        let mut hours = OpeningHours {
            written: text.trim().to_string(),
            ..OpeningHours::default()
        };
        for entry in text.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let (days, range) = entry
                .split_once(char::is_whitespace)
                .ok_or_else(|| format!("`{entry}`: verwacht dagen en tijden, zoals `ma-vr 08:00-20:00`"))?;
            let (first, last) = match days.split_once('-') {
                Some((a, b)) => (day_index(a), day_index(b)),
                None => (day_index(days), day_index(days)),
            };
            let (Some(first), Some(last)) = (first, last) else {
                return Err(format!(
                    "`{days}`: onbekende dag; verwacht ma, di, wo, do, vr, za of zo"
                ));
            };
            let (from, to) = range
                .trim()
                .split_once('-')
                .and_then(|(a, b)| Some((clock(a)?, clock(b)?)))
                .filter(|(a, b)| a < b)
                .ok_or_else(|| format!("`{}`: verwacht een tijd van-tot, zoals 08:00-20:00", range.trim()))?;
            // A range may run over the weekend: `za-ma`.
            let mut d = first;
            loop {
                hours.week[d].push((from, to));
                if d == last {
                    break;
                }
                d = (d + 1) % 7;
            }
        }
        if hours.week.iter().all(Vec::is_empty) {
            return Err("geen openingstijden: verwacht bijvoorbeeld `ma-vr 08:00-20:00`".into());
        }
        for day in &mut hours.week {
            day.sort_unstable();
        }
        for h in holidays {
            let minutes = time::parse_day(h).map_err(|e| format!("feestdag `{h}`: {e}"))?;
            hours.closed.push(minutes.div_euclid(1440));
            hours.holidays.push(time::iso_date(minutes));
        }
        hours.closed.sort_unstable();
        Ok(hours)
    }

    /// The minutes between two moments during which the team was open.
    pub fn open_minutes(&self, from: i64, to: i64) -> u32 {
        if to <= from {
            return 0;
        }
        let mut total: i64 = 0;
        let (first_day, last_day) = (from.div_euclid(1440), to.div_euclid(1440));
        for day in first_day..=last_day {
            if self.closed.binary_search(&day).is_ok() {
                continue;
            }
            // 1970-01-01 was a Thursday: Monday is 0.
            let weekday = (day + 3).rem_euclid(7) as usize;
            let start = day * 1440;
            for &(open, close) in &self.week[weekday] {
                let (a, b) = (start + i64::from(open), start + i64::from(close));
                total += (b.min(to) - a.max(from)).max(0);
            }
        }
        u32::try_from(total).unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> i64 {
        time::parse(text).unwrap()
    }

    /// Counted by hand: Friday 6 March 2026 19:00 to Monday 9 March 09:30 is one hour on
    /// Friday (until 20:00) and an hour and a half on Monday (from 08:00): 150 minutes;
    /// with Saturday 09:00-17:00 open, 8 hours more; with Monday a holiday, only Friday.
    #[test]
    fn a_friday_evening_message_answered_on_monday_morning() {
        let weekdays = OpeningHours::parse("ma-vr 08:00-20:00", &[]).unwrap();
        let (friday, monday) = (at("2026-03-06 19:00"), at("2026-03-09 09:30"));
        assert_eq!(weekdays.open_minutes(friday, monday), 150);
        let saturday = OpeningHours::parse("ma-vr 08:00-20:00, za 09:00-17:00", &[]).unwrap();
        assert_eq!(saturday.open_minutes(friday, monday), 150 + 480);
        let holiday = OpeningHours::parse("ma-vr 08:00-20:00", &["2026-03-09".into()]).unwrap();
        assert_eq!(holiday.open_minutes(friday, monday), 60);
        // Within one open stretch, the clock is the calendar's.
        assert_eq!(
            weekdays.open_minutes(at("2026-03-09 10:00"), at("2026-03-09 10:45")),
            45
        );
        // Written and answered while closed: nothing.
        assert_eq!(weekdays.open_minutes(at("2026-03-07 10:00"), at("2026-03-08 22:00")), 0);
        assert_eq!(weekdays.open_minutes(monday, friday), 0);
    }

    #[test]
    fn days_ranges_and_errors() {
        let h = OpeningHours::parse("maandag-woensdag 09:00-12:00, vr 13.00-17.30, za-ma 10:00-11:00", &[]).unwrap();
        assert_eq!(h.week[0], [(540, 720), (600, 660)]);
        assert_eq!(h.week[4], [(780, 1050)]);
        assert_eq!(h.week[6], [(600, 660)]);
        assert!(h.week[3].is_empty());
        for bad in [
            "",
            "ma-vr",
            "xx 08:00-09:00",
            "ma 09:00-08:00",
            "ma 25:00-26:00",
            "ma 08-20",
        ] {
            assert!(OpeningHours::parse(bad, &[]).is_err(), "{bad}");
        }
        assert!(OpeningHours::parse("ma 08:00-20:00", &["morgen".into()]).is_err());
    }
}
