//! Counting as rows come in: verdicts per group, rules and phrases, signals, response times
//! per channel and agent, terms per week. `finish` turns the counts into a [`Mirror`].

use super::*;

/// Counters while the rows stream by.
#[derive(Default)]
pub(super) struct Tally {
    pub(super) rows: u64,
    pub(super) replies: u64,
    pub(super) malformed: u64,
    pub(super) malformed_rows: Vec<Skipped>,
    /// Rows outside `--since` / `--until`, and the first and last moment counted.
    pub(super) outside_period: u64,
    pub(super) first: Option<i64>,
    pub(super) last: Option<i64>,
    /// The signal numbers of `ALARM_SIGNALS`, and the rows that had one (whether their
    /// reply was a standard reply is known only at the end).
    pub(super) alarm_signals: [Option<usize>; 2],
    pub(super) alarm_rows: Vec<AlarmRow>,
    /// Alarm rows known as such when they were counted (a template reply, or no person):
    /// how many, of each signal, on each side of `--compare`, and how many are listed.
    /// Only the first `ALARMS_LISTED` are kept; the others (a personal reply that may yet
    /// prove a standard one) wait for the end.
    pub(super) alarms_known: [u64; 3],
    pub(super) alarms_known_compare: [u64; 2],
    pub(super) alarms_known_listed: usize,
    /// The channel names and conversation ids of `alarm_rows`, each row's in one buffer
    /// (no allocation per row: an archive can hold hundreds of thousands of them).
    pub(super) alarm_channels: HashMap<String, u32>,
    pub(super) alarm_text: String,
    /// With `--compare`: [0] the chosen days, [1] the other rows.
    pub(super) compare: [(Group, Minutes); 2],
    pub(super) overall: Group,
    /// Per ISO week (year, week): named and sorted by name at the end.
    pub(super) weeks: HashMap<(i64, i64), Week>,
    /// Per channel as written: its verdicts and response times.
    /// (Hashed while counting, sorted by name at the end: a tree compares the name with
    /// several others at every row.)
    pub(super) channels: HashMap<String, (Group, Minutes)>,
    pub(super) by_agent: HashMap<String, Group>,
    pub(super) agent_names: HashMap<String, String>,
    /// Per rule: findings, replies, example.
    pub(super) rules: HashMap<usize, (u64, u64, String)>,
    /// Per rule, per phrase as written (lowercased): count, example.
    pub(super) phrases: HashMap<usize, HashMap<String, (u64, String)>>,
    /// Per incoming signal: messages, verdicts, the hashes of the replies, template replies.
    /// (A list, not counts per hash: most replies are sent once, and a list of them is half
    /// the size of a map.)
    pub(super) signals: HashMap<usize, (u64, [Verdicts; 3], Vec<u64>, u64)>,
    pub(super) reply_counts: HashMap<u64, u32>,
    pub(super) times_all: Minutes,
    /// Topic words, numbered as they first occur: a message's words are counted by number.
    pub(super) term_ids: HashMap<String, u32>,
    /// Per term number: the messages it occurs in.
    pub(super) all_terms: Vec<u32>,
    pub(super) all_messages: u64,
    /// A phrase lowercased, reused from row to row.
    pub(super) scratch: String,
    /// Per rule: whether its words are distancing phrases (a phrase rule with a distancing
    /// tag), worked out once.
    pub(super) distancing: Vec<bool>,
}

/// A row whose message had an alarm signal, in 40 bytes.
pub(super) struct AlarmRow {
    line: u64,
    at: Option<i64>,
    hash: u64,
    /// The conversation id: a range of `Tally::alarm_text` (empty: none).
    conversation: (u32, u32),
    /// The channel's number in `Tally::alarm_channels` (`u32::MAX`: none).
    channel: u32,
    /// Bit i < 2: the message had `ALARM_SIGNALS[i]`; bit 2: a template reply; bit 3: no
    /// person in the reply; bit 4: counted already (bit 2 or 3).
    flags: u8,
}

/// At most this many alarm rows are listed (all are counted): enough for a team to follow
/// up, and a report's memory stays flat on an archive where they are a quarter of all rows.
pub const ALARMS_LISTED: usize = 1_000;

/// What is counted per ISO week.
#[derive(Default)]
pub(super) struct Week {
    pub(super) group: Group,
    pub(super) times: Minutes,
    pub(super) messages: u64,
    /// Per term number: the week's messages it occurs in.
    pub(super) terms: HashMap<u32, u32>,
}

/// The value under `key`, made when it is new: the key is copied only then (most rows
/// count into a group that exists).
pub(super) fn entry<'m, V: Default>(map: &'m mut HashMap<String, V>, key: &str) -> &'m mut V {
    if !map.contains_key(key) {
        map.insert(key.to_string(), V::default());
    }
    map.get_mut(key).expect("inserted above")
}

impl Tally {
    pub(super) fn skip(&mut self, line: u64, reason: String) {
        self.malformed += 1;
        if self.malformed_rows.len() < 100 {
            self.malformed_rows.push(Skipped { line, reason });
        }
    }

    /// Whether `row` is inside the period asked for (every row is, without one).
    pub(super) fn in_period(row: &Row, options: &Options) -> bool {
        if options.since.is_none() && options.until.is_none() {
            return true;
        }
        row.received
            .or(row.replied)
            .is_some_and(|t| options.since.is_none_or(|s| t >= s) && options.until.is_none_or(|u| t < u))
    }

    pub(super) fn add(&mut self, row: Row, a: Analysed, options: &Options) {
        if !Self::in_period(&row, options) {
            self.outside_period += 1;
            return;
        }
        if let Some(t) = row.received.or(row.replied) {
            self.first = Some(self.first.map_or(t, |f| f.min(t)));
            self.last = Some(self.last.map_or(t, |l| l.max(t)));
        }
        self.replies += 1;
        let d = &a.dimensions;
        self.overall.add(d);
        let side = compare_side(row.received.or(row.replied), options);
        if let Some(side) = side {
            self.compare[side].0.add(d);
        }
        let mut week = row
            .received
            .map(|r| self.weeks.entry(time::iso_week_number(r)).or_default());
        if let Some(w) = &mut week {
            w.group.add(d);
        }
        let mut channel = row.channel.map(|c| entry(&mut self.channels, c));
        if let Some((group, _)) = &mut channel {
            group.add(d);
        }
        if let Some(agent) = row.agent {
            let group = if options.anonymise {
                let name = match self.agent_names.get(agent) {
                    Some(name) => name,
                    None => {
                        let name = format!("medewerker {}", self.agent_names.len() + 1);
                        self.agent_names.entry(agent.to_string()).or_insert(name)
                    }
                };
                entry(&mut self.by_agent, name)
            } else {
                entry(&mut self.by_agent, agent)
            };
            group.add(d);
        }
        // A reply's findings are few: a list tells which rules were counted already.
        let mut seen_rules: Vec<usize> = Vec::new();
        for &(rule, span) in a.findings {
            let entry = self
                .rules
                .entry(rule)
                .or_insert_with(|| (0, 0, example(row.reply, a.personal)));
            entry.0 += 1;
            if !seen_rules.contains(&rule) {
                seen_rules.push(rule);
                entry.1 += 1;
            }
            if self.distancing[rule] && span.end <= row.reply.len() {
                // Personal data inside a phrase stays masked here too.
                let written: std::borrow::Cow<str> = if a.personal.iter().any(|p| p.overlaps(span)) {
                    crate::privacy::mask_part(row.reply, span, a.personal).into()
                } else {
                    row.reply[span.start..span.end].into()
                };
                let phrase = &mut self.scratch;
                phrase.clear();
                for word in written.split_whitespace() {
                    if !phrase.is_empty() {
                        phrase.push(' ');
                    }
                    push_lowercase(phrase, word);
                }
                let of_rule = self.phrases.entry(rule).or_default();
                match of_rule.get_mut(phrase.as_str()) {
                    Some(e) => e.0 += 1,
                    None => {
                        of_rule.insert(phrase.clone(), (1, example(row.reply, a.personal)));
                    }
                }
            }
        }
        *self.reply_counts.entry(a.hash).or_default() += 1;
        let alarm = (self.alarm_signals.iter().enumerate())
            .filter(|(_, s)| s.is_some_and(|s| a.incoming.contains(&s)))
            .fold(0u8, |bits, (i, _)| bits | 1 << i);
        let known = a.template || d.ownership == Verdict::Missing;
        if alarm != 0 && known {
            self.alarms_known[0] += 1;
            self.alarms_known[1] += u64::from(alarm & 1);
            self.alarms_known[2] += u64::from(alarm >> 1 & 1);
            if let Some(side) = side {
                self.alarms_known_compare[side] += 1;
            }
        }
        let listed = alarm != 0 && known && {
            self.alarms_known_listed += 1;
            self.alarms_known_listed <= ALARMS_LISTED
        };
        if alarm != 0 && (listed || !known) {
            let start = self.alarm_text.len() as u32;
            self.alarm_text.push_str(row.conversation.unwrap_or(""));
            let channel = row.channel.map_or(u32::MAX, |c| match self.alarm_channels.get(c) {
                Some(&id) => id,
                None => {
                    let id = self.alarm_channels.len() as u32;
                    self.alarm_channels.insert(c.to_string(), id);
                    id
                }
            });
            self.alarm_rows.push(AlarmRow {
                line: row.line,
                at: row.received.or(row.replied),
                hash: a.hash,
                conversation: (start, self.alarm_text.len() as u32),
                channel,
                flags: alarm
                    | u8::from(a.template) << 2
                    | u8::from(d.ownership == Verdict::Missing) << 3
                    | u8::from(known) << 4,
            });
        }
        for &s in a.incoming {
            let e = self.signals.entry(s).or_default();
            e.0 += 1;
            e.1[0].add(d.empathy);
            e.1[1].add(d.ownership);
            e.1[2].add(d.follow_up);
            if a.template {
                e.3 += 1;
            } else {
                e.2.push(a.hash);
            }
        }
        if let (Some(received), Some(replied)) = (row.received, row.replied)
            && replied >= received
        {
            let minutes = match &options.opening_hours {
                Some(hours) => hours.open_minutes(received, replied),
                None => u32::try_from(replied - received).unwrap_or(u32::MAX),
            };
            self.times_all.add(minutes);
            if let Some(side) = side {
                self.compare[side].1.add(minutes);
            }
            if let Some((_, times)) = &mut channel {
                times.add(minutes);
            }
            if let Some(w) = &mut week {
                w.times.add(minutes);
            }
        }
        if row.message.is_some() {
            self.all_messages += 1;
            if let Some(w) = &mut week {
                w.messages += 1;
            }
            for t in a.terms.split('\n').filter(|t| !t.is_empty()) {
                let id = match self.term_ids.get(t) {
                    Some(&id) => id,
                    None => {
                        let id = self.all_terms.len() as u32;
                        self.term_ids.insert(t.to_string(), id);
                        self.all_terms.push(0);
                        id
                    }
                };
                self.all_terms[id as usize] += 1;
                if let Some(w) = &mut week {
                    *w.terms.entry(id).or_default() += 1;
                }
            }
        }
    }

    pub(super) fn finish(self, set: &Engine, archive: String, options: &Options) -> Mirror {
        let groups = |m: BTreeMap<String, Group>| -> Vec<Group> {
            m.into_iter().map(|(name, g)| Group { name, ..g }.finish()).collect()
        };
        let mut rules: Vec<RuleCount> = self
            .rules
            .into_iter()
            .map(|(i, (findings, replies, example))| RuleCount {
                rule: set.rules()[i].id.clone(),
                dimension: set.rules()[i].dimension.as_str().to_string(),
                findings,
                replies,
                example,
            })
            .collect();
        rules.sort_by(|a, b| b.replies.cmp(&a.replies).then_with(|| a.rule.cmp(&b.rule)));
        let mut phrases: Vec<PhraseCount> = self
            .phrases
            .into_iter()
            .flat_map(|(rule, of_rule)| {
                of_rule.into_iter().map(move |(phrase, (count, example))| PhraseCount {
                    phrase,
                    rule: set.rules()[rule].id.clone(),
                    count,
                    example,
                })
            })
            .collect();
        phrases.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| a.phrase.cmp(&b.phrase))
                .then_with(|| a.rule.cmp(&b.rule))
        });
        phrases.truncate(25);
        let counts = &self.reply_counts;
        let mut incoming: Vec<SignalCount> = self
            .signals
            .into_iter()
            .map(|(s, (messages, v, hashes, templates))| SignalCount {
                signal: set.signals()[s].id.clone(),
                messages,
                standard_replies: templates
                    + hashes
                        .iter()
                        .filter(|h| counts.get(h).is_some_and(|&n| n >= STANDARD_REPEATS))
                        .count() as u64,
                empathy: v[0],
                ownership: v[1],
                follow_up: v[2],
            })
            .collect();
        incoming.sort_by(|a, b| b.messages.cmp(&a.messages).then_with(|| a.signal.cmp(&b.signal)));
        let [total, cries_for_help, repeated_contacts] = self.alarms_known;
        let mut alarms = Alarms {
            total,
            cries_for_help,
            repeated_contacts,
            rows: Vec::new(),
        };
        let mut compare_alarms = self.alarms_known_compare;
        let mut channel_names = vec![String::new(); self.alarm_channels.len()];
        for (name, id) in self.alarm_channels {
            channel_names[id as usize] = name;
        }
        for r in &self.alarm_rows {
            let (template, without_person) = (r.flags & 4 != 0, r.flags & 8 != 0);
            let standard_reply = template || counts.get(&r.hash).is_some_and(|&n| n >= STANDARD_REPEATS);
            if !standard_reply && !without_person {
                continue;
            }
            if r.flags & 16 == 0 {
                if let Some(side) = compare_side(r.at, options) {
                    compare_alarms[side] += 1;
                }
                alarms.total += 1;
                alarms.cries_for_help += u64::from(r.flags & 1);
                alarms.repeated_contacts += u64::from(r.flags >> 1 & 1);
            }
            if alarms.rows.len() == ALARMS_LISTED {
                continue;
            }
            let conversation = &self.alarm_text[r.conversation.0 as usize..r.conversation.1 as usize];
            alarms.rows.push(Alarm {
                line: r.line,
                conversation: (!conversation.is_empty()).then(|| conversation.to_string()),
                channel: channel_names.get(r.channel as usize).cloned(),
                at: r.at.map(time::iso_moment),
                signals: (0..ALARM_SIGNALS.len())
                    .filter(|i| r.flags & 1 << i != 0)
                    .map(|i| ALARM_SIGNALS[i].to_string())
                    .collect(),
                standard_reply,
                without_person,
            });
        }
        let within = options.respond_within;
        let compare = options.compare.map(|(from, to)| {
            let [(g0, t0), (g1, t1)] = self.compare;
            let side = |g: Group, t: Minutes, alarms: u64| {
                let g = g.finish();
                let per_100 = (g.replies > 0).then(|| round1(100.0 * alarms as f64 / g.replies as f64));
                let t = (t.count > 0).then(|| times(String::new(), t, within));
                CompareSide {
                    replies: g.replies,
                    empathy_share: g.empathy_share,
                    ownership_share: g.ownership_share,
                    follow_up_share: g.follow_up_share,
                    median_minutes: t.as_ref().map(|t| t.median_minutes),
                    missed_share: t.and_then(|t| t.missed_share),
                    alarms_per_100: per_100,
                }
            };
            let (chosen, rest) = (side(g0, t0, compare_alarms[0]), side(g1, t1, compare_alarms[1]));
            let diff = |a: Option<f64>, b: Option<f64>| Some(round1(a? - b?));
            let difference = CompareSide {
                replies: 0,
                empathy_share: diff(chosen.empathy_share, rest.empathy_share),
                ownership_share: diff(chosen.ownership_share, rest.ownership_share),
                follow_up_share: diff(chosen.follow_up_share, rest.follow_up_share),
                median_minutes: None,
                missed_share: diff(chosen.missed_share, rest.missed_share),
                alarms_per_100: diff(chosen.alarms_per_100, rest.alarms_per_100),
            };
            Compare {
                period: Period {
                    from: time::iso_date(from),
                    to: time::iso_date(to - 1),
                },
                against: options.compare_before.then(|| Period {
                    from: time::iso_date(from - (to - from)),
                    to: time::iso_date(from - 1),
                }),
                chosen,
                rest,
                difference,
            }
        });
        // Weeks by name, as they sort in every list of the report.
        let mut weeks: Vec<(String, Week)> = self
            .weeks
            .into_iter()
            .map(|(key, w)| (time::week_name(key), w))
            .collect();
        weeks.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut term_names = vec![String::new(); self.all_terms.len()];
        for (term, id) in self.term_ids {
            term_names[id as usize] = term;
        }
        let topics = topics(&weeks, &term_names, &self.all_terms, self.all_messages);
        // Each week and channel gives a group, and its response times when it has any.
        let split = |named: Vec<(String, Group, Minutes)>| -> (Vec<Group>, Vec<Times>) {
            let mut groups = Vec::with_capacity(named.len());
            let mut response = Vec::new();
            for (name, group, t) in named {
                if t.count > 0 {
                    response.push(times(name.clone(), t, within));
                }
                groups.push(Group { name, ..group }.finish());
            }
            (groups, response)
        };
        let (by_week, times_by_week) = split(weeks.into_iter().map(|(n, w)| (n, w.group, w.times)).collect());
        let channels: BTreeMap<String, (Group, Minutes)> = self.channels.into_iter().collect();
        let (by_channel, times_by_channel) = split(channels.into_iter().map(|(n, (g, t))| (n, g, t)).collect());
        let response_times = (self.times_all.count > 0).then(|| ResponseTimes {
            clock: if options.opening_hours.is_some() {
                "opening_hours"
            } else {
                "calendar"
            },
            opening_hours: options.opening_hours.clone(),
            respond_within_minutes: within,
            overall: times("alle kanalen".into(), self.times_all, within),
            by_channel: times_by_channel,
            by_week: times_by_week,
        });
        Mirror {
            version: VERSION,
            archive,
            rows: self.rows,
            replies: self.replies,
            malformed: self.malformed,
            malformed_rows: self.malformed_rows,
            period: self.first.zip(self.last).map(|(from, to)| Period {
                from: time::iso_date(from),
                to: time::iso_date(to),
            }),
            outside_period: self.outside_period,
            alarms,
            overall: Group {
                name: "alle antwoorden".into(),
                ..self.overall
            }
            .finish(),
            by_week,
            by_channel,
            by_agent: groups(self.by_agent.into_iter().collect()),
            agents_anonymised: options.anonymise,
            rules,
            phrases,
            incoming,
            response_times,
            topics,
            compare,
        }
    }
}

/// Median, 90th percentile (nearest rank) and misses of a list of response times.
/// Response times of a group, counted per minute: exact medians and percentiles in memory
/// that does not grow with the rows (a day has 1,440 minutes; replies do not spread over
/// millions of distinct delays).
#[derive(Default)]
pub(super) struct Minutes {
    pub(super) count: u64,
    /// Replies per delay, in no order: a hash map takes a row faster than a tree, and the
    /// percentiles sort its few keys once, at the end.
    pub(super) by_minute: HashMap<u32, u64>,
}

impl Minutes {
    pub(super) fn add(&mut self, minutes: u32) {
        self.count += 1;
        *self.by_minute.entry(minutes).or_default() += 1;
    }

    /// The delays with their counts, shortest first.
    pub(super) fn sorted(&self) -> Vec<(u32, u64)> {
        let mut list: Vec<(u32, u64)> = self.by_minute.iter().map(|(&m, &n)| (m, n)).collect();
        list.sort_unstable();
        list
    }

    /// The nearest-rank percentile `p`: the smallest time with at least p % of the times at
    /// or below it.
    pub(super) fn rank(sorted: &[(u32, u64)], count: u64, p: u64) -> u32 {
        let k = (p * count).div_ceil(100).max(1);
        let mut seen = 0;
        for &(m, n) in sorted {
            seen += n;
            if seen >= k {
                return m;
            }
        }
        0
    }
}

pub(super) fn times(name: String, t: Minutes, within: Option<u32>) -> Times {
    let missed = within.map_or(0, |w| {
        t.by_minute.iter().filter(|&(&m, _)| m > w).map(|(_, &n)| n).sum()
    });
    let sorted = t.sorted();
    Times {
        name,
        replies: t.count,
        median_minutes: Minutes::rank(&sorted, t.count, 50),
        p90_minutes: Minutes::rank(&sorted, t.count, 90),
        missed,
        missed_share: within.map(|_| round1(100.0 * missed as f64 / t.count as f64)),
    }
}
