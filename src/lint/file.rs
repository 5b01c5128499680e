//! Checking one file: read it, find its replies (one, a thread's draft, a library's
//! templates, an archive's paragraphs), check them in parallel, part by part.

use super::*;

/// The citizen's message as one reply's check sees it: the file it is in, that file's text
/// and lines, and the bytes of the message there.
pub(super) struct Message {
    pub(super) path: String,
    pub(super) source: Arc<str>,
    pub(super) lines: Arc<LineIndex>,
    pub(super) span: Span,
}

/// Read and check one path; a read error becomes the report's error. A binary file, or a
/// TOML/YAML/JSON file that holds no template list (`nabij.toml`, `package.json`, a
/// workflow), is skipped with a note rather than reported as an error, whether it was found
/// in a folder or named (pre-commit names every changed file).
pub fn check_path(set: &Engine, options: &CheckOptions, path: &Path) -> FileReport {
    FileReport::whole(check_path_in_parts(set, options, path))
}

/// [`check_path`], part by part (see [`check_source_in_parts`]).
pub fn check_path_in_parts<'a>(
    set: &'a Engine,
    options: &'a CheckOptions,
    path: &Path,
) -> Box<dyn Iterator<Item = FileReport> + 'a> {
    check_path_unless_over(set, options, path, u64::MAX).expect("nothing is deferred")
}

/// [`check_path_in_parts`], but a file larger than `defer` bytes is not read: `None`.
pub fn check_path_unless_over<'a>(
    set: &'a Engine,
    options: &'a CheckOptions,
    path: &Path,
    defer: u64,
) -> Option<Box<dyn Iterator<Item = FileReport> + 'a>> {
    let one =
        |r: FileReport| -> Option<Box<dyn Iterator<Item = FileReport> + 'a>> { Some(Box::new(std::iter::once(r))) };
    let failed = |d: Diagnostic| FileReport {
        errors: vec![d.clone()],
        ..FileReport::new(d.path, Arc::from(""))
    };
    let skipped = |name: String, why: &str| FileReport {
        skipped: Some(why.to_string()),
        ..FileReport::new(name, Arc::from(""))
    };
    let (name, bytes) = match read_bytes_unless_over(path, options.limits, defer) {
        Ok(Some(read)) => read,
        Ok(None) => return None,
        Err(d) => return one(failed(*d)),
    };
    if looks_binary(&bytes) {
        return one(skipped(name, "binair bestand"));
    }
    if let Some(d) = line_over_limit(&name, &bytes, options.limits) {
        return one(failed(d));
    }
    let text = match decode(&name, bytes) {
        Ok(t) => t,
        Err(d) => return one(failed(*d)),
    };
    let mut parts = check_source_in_parts(set, options, name, text).peekable();
    if let Some(first) = parts.peek() {
        let not_a_library = first.errors.len() == 1 && first.errors[0].message.starts_with(library::NOT_A_LIBRARY);
        if not_a_library && first.replies.is_empty() {
            let path = first.path.clone();
            return one(skipped(path, "geen lijst met sjablonen"));
        }
    }
    Some(Box::new(parts))
}

/// Check a file: one reply, a thread of the citizen's message(s) and a reply, or a library
/// of templates (by its extension; see `library`). The whole report at once.
pub fn check_source(set: &Engine, options: &CheckOptions, path: String, source: String) -> FileReport {
    FileReport::whole(check_source_in_parts(set, options, path, source))
}

/// Check a file part by part: at most [`PART_REPLIES`] replies are checked and held at a
/// time, so a large archive (a text file of paragraphs, a library of many rows) is never
/// held whole. Every file has at least one part; its errors come with the last.
pub fn check_source_in_parts<'a>(
    set: &'a Engine,
    options: &'a CheckOptions,
    path: String,
    source: String,
) -> impl Iterator<Item = FileReport> + 'a {
    let source: Arc<str> = Arc::from(source);
    let lines = Arc::new(LineIndex::new(&source));
    let format = Format::of(&path);
    let mut errors = Vec::new();
    // The citizen's message(s).
    let mut incoming: Vec<Message> = Vec::new();
    let large = format == Format::Text && source.len() > LARGE_TEXT && thread_turns(&source).is_none();
    let templates: Box<dyn Iterator<Item = Template> + Send> =
        match thread_turns(&source).filter(|_| format == Format::Text) {
            Some(turns) => {
                let draft = turns.iter().rposition(|(t, _)| *t == Turn::Reply);
                if draft.is_none() {
                    errors.push(Diagnostic::new(
                        &path,
                        "het gesprek heeft geen `--- antwoord` om te controleren",
                    ));
                }
                incoming.extend(
                    turns[..draft.unwrap_or(turns.len())]
                        .iter()
                        .filter(|(t, _)| *t == Turn::Citizen)
                        .map(|(_, span)| Message {
                            path: path.clone(),
                            source: source.clone(),
                            lines: lines.clone(),
                            span: *span,
                        }),
                );
                Box::new(
                    draft
                        .map(|i| {
                            let span = turns[i].1;
                            vec![Template {
                                name: None,
                                text: Mapped::verbatim(&source[span.start..span.end], span.start),
                                entry: span,
                                platform: None,
                                automatic: None,
                                allow: Vec::new(),
                            }]
                        })
                        .unwrap_or_default()
                        .into_iter(),
                )
            }
            None if large => Box::new(std::iter::empty()),
            // A CSV library is read row by row, after a first pass that finds a broken row
            // before any is checked.
            None if format == Format::Csv => {
                let schema = &options.config.schema;
                let read = || library::csv_templates(source.clone(), schema);
                let at = |(span, m): (Span, String)| Diagnostic::new(&path, m).at(source.clone(), span);
                match read().and_then(|t| t.into_iter().flatten().try_for_each(|t| t.map(drop))) {
                    Ok(()) => Box::new(read().ok().flatten().into_iter().flatten().map_while(Result::ok)),
                    Err(e) => {
                        errors.push(at(e));
                        Box::new(std::iter::empty())
                    }
                }
            }
            None => match library::read(&path, &source, format, &options.config.schema) {
                Ok(t) => Box::new(t.into_iter()),
                Err(e) => {
                    errors.extend(e);
                    Box::new(std::iter::empty())
                }
            },
        };
    if let Some(i) = &options.incoming {
        incoming.push(Message {
            path: i.path.clone(),
            source: i.source.clone(),
            lines: i.lines.clone(),
            span: Span::new(0, i.source.len()),
        });
    }
    let mut templates = templates.peekable();
    // A large text file is an archive of replies, one per paragraph: each is read from the
    // file only while it is checked.
    let mut paragraph_at = if large { 0 } else { source.len() };
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let batch: Vec<Template> = if large {
            std::iter::from_fn(|| next_paragraph(&source, &mut paragraph_at))
                .take(PART_REPLIES)
                .map(|span| Template::plain(None, &source[span.start..span.end], span.start))
                .collect()
        } else {
            templates.by_ref().take(PART_REPLIES).collect()
        };
        done = if large {
            source[paragraph_at..].trim().is_empty()
        } else {
            templates.peek().is_none()
        };
        let (replies, mut personal) = check_batch(set, options, &path, &batch, &incoming, &source);
        personal.sort_unstable_by_key(|s| (s.start, s.end));
        Some(FileReport {
            source: source.clone(),
            lines: lines.clone(),
            path: path.clone(),
            replies,
            errors: if done { std::mem::take(&mut errors) } else { Vec::new() },
            skipped: None,
            personal,
        })
    })
}

/// Check templates of one file in parallel: their replies, in order, and the bytes of the
/// file that hold personal data (to be masked where shown).
pub(super) fn check_batch(
    set: &Engine,
    options: &CheckOptions,
    path: &str,
    batch: &[Template],
    incoming: &[Message],
    source: &Arc<str>,
) -> (Vec<ReplyReport>, Vec<Span>) {
    // Personal data found (rare: no room for it in every reply).
    let personal: std::sync::Mutex<Vec<Span>> = std::sync::Mutex::default();
    let replies = super::map_each(batch, |t| {
        // The team's settings for this path and this template.
        let meta = TemplateMeta {
            platform: t.platform,
            automatic: t.automatic,
        };
        let layered = options.config.layer(&options.command_line, Some(Path::new(path)), meta);
        let (mut reply, found) = check_template(set, options, layered.context, t, incoming, source);
        if !found.is_empty() {
            personal.lock().unwrap_or_else(|e| e.into_inner()).extend(found);
        }
        reply.findings.retain_mut(|f| {
            let rule = &set.rules()[f.rule];
            if !options.command_line.selects(rule) {
                return false;
            }
            match crate::config::severity_of(&layered.policies, &rule.id, f.severity) {
                Some(s) => {
                    f.severity = s;
                    true
                }
                None => false,
            }
        });
        reply.findings = one_per_place(set, std::mem::take(&mut reply.findings));
        reply
    });
    (replies, personal.into_inner().unwrap_or_else(|e| e.into_inner()))
}

/// One finding per marked words: when several rules mark the very same words, the most
/// severe (then the most specific: a rule about these words before a verdict on the whole
/// reply, then the first by id) is the finding and names the others as related. A
/// two-sentence reply does not get nine findings, and the fail level is the same. Notices
/// and findings with a detail or a fix keep their own place.
///
/// Within the words another word rule marks, a word rule's finding is folded in the same way.
fn one_per_place(set: &Engine, mut findings: Vec<crate::check::Finding>) -> Vec<crate::check::Finding> {
    if findings.len() < 2 {
        return findings;
    }
    let words = |f: &crate::check::Finding| matches!(set.rules()[f.rule].kind, crate::rules::Kind::Phrase);
    findings.sort_by(|a, b| {
        (a.span.start, a.span.end)
            .cmp(&(b.span.start, b.span.end))
            .then(b.severity.cmp(&a.severity))
            .then(words(b).cmp(&words(a)))
            .then(a.rule.cmp(&b.rule))
    });
    // A notice (escalate, a reused template) stands on its own, and so does a finding that
    // says more than its rule (a detail such as the unanswered question, a fix).
    let notice = |f: &crate::check::Finding| matches!(set.rules()[f.rule].kind, crate::rules::Kind::Notice);
    let own = |f: &crate::check::Finding| notice(f) || f.detail.is_some() || f.fix.is_some();
    let mut out: Vec<crate::check::Finding> = Vec::with_capacity(findings.len());
    // The finding of `out` the others at its span are folded into.
    let mut primary: Option<usize> = None;
    for f in findings {
        match primary {
            Some(p) if out[p].span == f.span && !own(&f) => out[p].related.push((f.rule, f.severity)),
            _ => {
                if primary.is_none_or(|p| out[p].span != f.span) {
                    primary = None;
                }
                if !notice(&f) && primary.is_none() {
                    primary = Some(out.len());
                }
                out.push(f);
            }
        }
    }
    // Words a rule marks inside words another rule about words marks ("betreffende
    // afdeling" inside "doorgezet naar de betreffende afdeling"): one finding, over the
    // longer words, when it is at least as severe.
    let mut kept: Vec<crate::check::Finding> = Vec::with_capacity(out.len());
    for f in out {
        let inside = (words(&f) && !own(&f))
            .then(|| {
                kept.iter().rposition(|g| {
                    words(g) && g.span.start <= f.span.start && f.span.end <= g.span.end && g.severity >= f.severity
                })
            })
            .flatten();
        match inside {
            Some(g) => {
                kept[g].related.push((f.rule, f.severity));
                kept[g].related.extend(f.related);
            }
            None => kept.push(f),
        }
    }
    kept
}

/// Check one template (or reply) in its layered context: its report,
/// and the bytes of the file that hold personal data (to be masked).
pub(super) fn check_template(
    set: &Engine,
    options: &CheckOptions,
    mut context: Context,
    template: &Template,
    incoming: &[Message],
    file_source: &Arc<str>,
) -> (ReplyReport, Vec<Span>) {
    let text = &template.text.text;
    context.template = options.templates.as_ref().and_then(|t| t.best_match(text));
    context.allow = template.allow.iter().map(|(id, _)| id.clone()).collect();
    let parts: Vec<&str> = incoming.iter().map(|m| &m.source[m.span.start..m.span.end]).collect();
    let checked = check_reply(set, text, &parts, &context);
    let findings = checked
        .findings
        .into_iter()
        .map(|mut f| {
            f.span = template.text.to_file(f.span);
            f
        })
        .collect();
    let mut personal: Vec<Span> = checked.personal.iter().map(|&s| template.text.to_file(s)).collect();
    // The citizen's message as it may be shown: personal data in it masked. A message that
    // is a turn of the checked file itself is masked in the file's text too.
    let mut shown: Vec<Arc<str>> = incoming.iter().map(|m| m.source.clone()).collect();
    for (i, Message { source: src, span, .. }) in incoming.iter().enumerate() {
        let spans: Vec<Span> = checked
            .incoming_personal
            .iter()
            .filter(|(part, _)| *part == i)
            .map(|&(_, s)| shifted(s, span.start))
            .collect();
        if !spans.is_empty() {
            shown[i] = Arc::from(crate::privacy::mask(src, &spans));
            if Arc::ptr_eq(src, file_source) {
                personal.extend(spans);
            }
        }
    }
    let signals = checked
        .incoming
        .into_iter()
        .map(|h| {
            let part = h.incoming.expect("an incoming signal names its part");
            let m = &incoming[part];
            let span = shifted(h.span, m.span.start);
            IncomingSignal {
                signal: h.signal,
                path: m.path.clone(),
                source: shown[part].clone(),
                span,
                // Masking keeps every offset: the lines of the message as read still hold.
                start: m.lines.position(&m.source, span.start),
                end: m.lines.position(&m.source, span.end),
            }
        })
        .collect();
    let said = |id: &str| {
        checked
            .signals
            .iter()
            .filter(|h| set.signals()[h.signal].id == id)
            .count()
    };
    let formal = match context.voice {
        Some(crate::rules::Voice::U) => true,
        Some(crate::rules::Voice::Je) => false,
        _ => said("aanspreekvorm-u") > said("aanspreekvorm-je"),
    };
    let reply = ReplyReport {
        formal,
        name: template.name.clone(),
        span: template.entry,
        findings,
        dimensions: checked.dimensions,
        incoming: signals,
    };
    (reply, personal)
}

/// Shift a span that is relative to `base`.
pub(super) fn shifted(span: Span, base: usize) -> Span {
    Span::new(span.start + base, span.end + base)
}

/// Read a template library (a folder, walked like `check` walks one, or a single file) into
/// an index. A template is named by its file's path below the folder, and its entry's name
/// for a library file (`sjablonen.toml#doorgezet`). Unreadable files are errors; the rest is
/// indexed.
pub fn read_templates(dir: &Path, config: &Config) -> (TemplateIndex, Vec<Diagnostic>) {
    if !dir.exists() {
        return (
            TemplateIndex::default(),
            vec![Diagnostic::new(
                dir.display().to_string(),
                "sjabloonbibliotheek niet gevonden",
            )],
        );
    }
    let (files, mut errors) = collect_files(&[dir.to_path_buf()], config, true);
    let mut texts = Vec::new();
    for f in files {
        let shown = f.display().to_string();
        let bytes = match crate::read::bounded(&f, Limits::default().max_file_bytes).map(|b| from_utf16(&shown, b)) {
            Ok(Err(d)) => {
                errors.push(*d);
                continue;
            }
            Ok(Ok(b)) if !looks_binary(&b) => b,
            Ok(_) => continue,
            Err(e) => {
                errors.push(Diagnostic::new(shown, format!("sjabloonbestand {e}")));
                continue;
            }
        };
        let source: Arc<str> = match decode(&shown, bytes) {
            Ok(t) => t.into(),
            Err(d) => {
                errors.push(*d);
                continue;
            }
        };
        let name = f.strip_prefix(dir).unwrap_or(&f).display().to_string();
        let name = if name.is_empty() { shown.clone() } else { name };
        match library::read(&shown, &source, Format::of(&shown), &config.schema) {
            Ok(templates) => texts.extend(templates.into_iter().map(|t| {
                let full = match &t.name {
                    Some(n) => format!("{name}#{n}"),
                    None => name.clone(),
                };
                (full, t.text.text)
            })),
            // Not every TOML, YAML or JSON file is a library.
            Err(e) if e.len() == 1 && e[0].message.starts_with(library::NOT_A_LIBRARY) => {}
            Err(e) => errors.extend(e),
        }
    }
    let index = TemplateIndex::new(texts.iter().map(|(n, t)| (n.clone(), t.as_str())));
    (index, errors)
}
