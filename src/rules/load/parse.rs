//! One rule or signal file, checked and turned into a [`Rule`] or [`Signal`]: every problem
//! is collected and placed in the file, not only the first.

use super::*;

/// From this many patterns in one list on, they are parsed on all cores.
const PARALLEL_PATTERNS: usize = 24;

/// The parts of a file being parsed that every check needs: where it is, and the errors so far.
pub(super) struct FileParse<'a> {
    pub(super) path: &'a str,
    pub(super) text: &'a Arc<str>,
    pub(super) errors: Vec<Diagnostic>,
    /// The word classes patterns may name.
    pub(super) lex: &'a Lexicons,
}

impl<'a> FileParse<'a> {
    pub(super) fn new(path: &'a str, text: &'a Arc<str>, lex: &'a Lexicons) -> FileParse<'a> {
        FileParse {
            path,
            text,
            errors: Vec::new(),
            lex,
        }
    }

    pub(super) fn at(&self, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.path, message).at(self.text.clone(), span)
    }

    pub(super) fn error(&mut self, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        let d = self.at(span, message);
        self.errors.push(d);
        self.errors.last_mut().expect("just pushed")
    }

    pub(super) fn id(&mut self, id: &Spanned<String>, example: &str) {
        if !is_kebab_case(id.get_ref()) {
            self.error(span_of(id), format!("`{}` is geen kebab-case", id.get_ref()))
                .label = Some(format!("zoals `{example}`: kleine letters, woorden verbonden met `-`"));
        }
    }

    pub(super) fn not_empty(&mut self, name: &str, field: &Spanned<String>) {
        if field.get_ref().trim().is_empty() {
            self.error(span_of(field), format!("`{name}` mag niet leeg zijn"));
        }
    }

    pub(super) fn phrases(&mut self, list: &[Spanned<String>]) -> Vec<Arc<Pattern>> {
        // Files are parsed in parallel; one long list (a signal with a hundred patterns) would
        // keep a single core busy while the others wait, so it is spread over them too.
        let lex = self.lex;
        let parsed: Vec<_> = if list.len() >= PARALLEL_PATTERNS {
            use rayon::prelude::*;
            list.par_iter()
                .map(|p| phrase::parse_all_in(p.get_ref(), lex))
                .collect()
        } else {
            list.iter().map(|p| phrase::parse_all_in(p.get_ref(), lex)).collect()
        };
        let mut out = Vec::new();
        for (p, parsed) in list.iter().zip(parsed) {
            match parsed {
                Ok(pats) => out.extend(pats.into_iter().map(Arc::new)),
                Err(e) => {
                    let span = span_in_string(self.text, span_of(p), p.get_ref(), e.start, e.end);
                    let d = self.error(span, "ongeldig patroon");
                    d.label = Some(e.message);
                    d.notes
                        .push("zie docs/rules.md voor de schrijfwijze van patronen".into());
                }
            }
        }
        out
    }

    /// Regexes of a user's file compile now, so every error points into the file; built-in
    /// ones (compiled by the rule tests) wait until a text needs them.
    pub(super) fn regexes(&mut self, list: &[Spanned<String>], builtin: bool) -> Vec<GatedRegex> {
        let mut out = Vec::new();
        for r in list {
            match GatedRegex::new(r.get_ref(), !builtin) {
                Ok(re) => out.push(re),
                Err(e) => self.error(span_of(r), "ongeldige regex").label = Some(e),
            }
        }
        out
    }

    pub(super) fn conditions(&mut self, list: &[Spanned<String>]) -> Vec<Condition> {
        let mut out = Vec::new();
        for c in list {
            let (whole, value) = (span_of(c), c.get_ref());
            let locate = |s, e| span_in_string(self.text, whole, value, s, e);
            match Condition::parse(value, whole, locate) {
                Ok(cond) => out.push(cond),
                Err((span, message)) => {
                    let d = self.error(span, "ongeldige voorwaarde");
                    d.label = Some(message);
                    d.notes.push(format!(
                        "een voorwaarde noemt signalen of een van {}; `|` scheidt alternatieven, `!` ontkent",
                        CONTEXT_NAMES.join(", ")
                    ));
                }
            }
        }
        out
    }

    /// The examples; `need_marks`: `fire` examples must mark words (else they may).
    pub(super) fn examples(
        &mut self,
        examples: Spanned<ExamplesFile>,
        need_marks: bool,
    ) -> (Vec<Example>, Vec<Example>) {
        let examples_span = span_of(&examples);
        let examples = examples.into_inner();
        // The JSON form of the built-in rules leaves the examples out (see build.rs).
        if is_plain() && examples.fire.is_empty() && examples.silent.is_empty() {
            return (Vec::new(), Vec::new());
        }
        let base = &examples.context;
        let context_of = |e: &ExampleEntry| match e {
            ExampleEntry::Text(_) => base.clone().resolve(),
            ExampleEntry::Case(c) => c.context.over(base).resolve(),
        };
        let mut fire = Vec::new();
        for e in &examples.fire {
            match parse_marked(e.get_ref().text()) {
                Ok((_, marks)) if marks.is_empty() && need_marks => {
                    self.error(span_of(e), "een `fire`-voorbeeld moet de verwachte woorden markeren")
                        .label = Some("zet «» om de woorden die de regel moet markeren".into());
                }
                Ok((text, marks)) => fire.push(Example {
                    text,
                    marks,
                    written: e.get_ref().text().to_string(),
                    span: span_of(e),
                    context: context_of(e.get_ref()),
                }),
                Err(m) => self.error(span_of(e), "ongeldig voorbeeld").label = Some(m),
            }
        }
        let mut silent = Vec::new();
        for e in &examples.silent {
            match parse_marked(e.get_ref().text()) {
                Ok((text, marks)) if marks.is_empty() => silent.push(Example {
                    text,
                    marks,
                    written: e.get_ref().text().to_string(),
                    span: span_of(e),
                    context: context_of(e.get_ref()),
                }),
                Ok(_) => {
                    self.error(span_of(e), "een `silent`-voorbeeld bevat geen markeringen «»")
                        .label = Some("een voorbeeld dat stil moet blijven markeert niets".into());
                }
                Err(m) => self.error(span_of(e), "ongeldig voorbeeld").label = Some(m),
            }
        }
        for (kind, list) in [("fire", &examples.fire), ("silent", &examples.silent)] {
            if list.is_empty() {
                self.error(examples_span, format!("minstens één `{kind}`-voorbeeld is nodig"))
                    .notes
                    .push("elke regel en elk signaal heeft teksten die het moet markeren (`fire`) en teksten die het met rust moet laten (`silent`)".into());
            }
        }
        (fire, silent)
    }
}

pub(super) fn printable(s: &str) -> String {
    crate::text::safe::untrusted(s)
}

/// The detectors a rule or signal names, each once, in a fixed order.
pub(super) fn detectors(list: &[Spanned<Detector>]) -> Vec<Detector> {
    let mut out: Vec<Detector> = list.iter().map(|d| *d.get_ref()).collect();
    out.sort_unstable();
    out.dedup();
    out
}

pub(super) fn parse_signal(
    path: &str,
    text: &Arc<str>,
    builtin: bool,
    file: SignalFile,
    lex: &Lexicons,
) -> Result<Signal, Vec<Diagnostic>> {
    let mut p = FileParse::new(path, text, lex);
    let id_span = span_of(&file.signal);
    p.id(&file.signal, "concrete-tijd");
    if CONTEXT_NAMES.iter().any(|n| n == file.signal.get_ref()) {
        p.error(id_span, "deze naam is voorbehouden aan de context van het antwoord");
    }
    p.not_empty("description", &file.description);
    let patterns = p.phrases(&file.patterns);
    let unless = p.phrases(&file.unless);
    let except = p.phrases(&file.except);
    let regex = p.regexes(&file.regex, builtin);
    let sources = [
        !file.patterns.is_empty() || !file.regex.is_empty() || !file.detect.is_empty(),
        file.signature.is_some(),
        !file.together.is_empty(),
        file.questions.is_some(),
    ];
    match sources.iter().filter(|&&x| x).count() {
        0 => {
            p.error(
                id_span,
                "een signaal heeft `patterns`, `regex` of `detect`, `[signature]`, `[questions]` of `together` nodig",
            );
        }
        1 => {}
        _ => {
            p.error(
                id_span,
                "een signaal is één van: woorden (`patterns`, `regex`, `detect`), `[signature]`, `[questions]`, `together`",
            );
        }
    }
    if !file.together.is_empty() && file.together.len() < 2 {
        p.error(span_of(&file.together[0]), "`together` noemt twee of meer signalen");
    }
    let together = p.conditions(&file.together);
    let (fire, silent) = p.examples(file.examples, true);
    if !p.errors.is_empty() {
        return Err(p.errors);
    }
    Ok(Signal {
        id: file.signal.into_inner(),
        description: printable(file.description.get_ref()),
        pattern_sources: file.patterns.into_iter().map(Spanned::into_inner).collect(),
        patterns,
        regex,
        detect: detectors(&file.detect),
        unless,
        except,
        signature: file.signature.map(Spanned::into_inner),
        together,
        questions: file.questions.map(Spanned::into_inner),
        source: file.source,
        fire,
        silent,
        origin: Origin {
            path: path.to_string(),
            source: text.clone(),
            builtin,
        },
        id_span,
    })
}

pub(super) fn parse_rule(
    path: &str,
    text: &Arc<str>,
    builtin: bool,
    file: RuleFile,
    lex: &Lexicons,
) -> Result<Rule, Vec<Diagnostic>> {
    let mut p = FileParse::new(path, text, lex);
    let id_span = span_of(&file.id);
    p.id(&file.id, "intern-doorgezet");
    p.not_empty("message", &file.message);
    p.not_empty("why", &file.why);
    if file.suggest.get_ref().is_empty() {
        p.error(
            span_of(&file.suggest),
            "`suggest` heeft minstens één betere formulering nodig",
        );
    }
    let kind_name = file.kind;
    use KindName as K;
    // Which keys each kind accepts: a key that does nothing for this kind is an error.
    let first = |v: &[Spanned<String>]| v.first().map(span_of);
    let keys: [(&str, Option<Span>, &[KindName]); 24] = [
        ("plain", file.plain.as_ref().map(span_of), &[K::Phrase, K::Conditional]),
        ("fix", file.fix.as_ref().map(span_of), &[K::Phrase, K::Conditional]),
        ("not_needed_when", first(&file.not_needed_when), &[K::Verdict]),
        ("question", file.question.as_ref().map(span_of), &[K::Answers]),
        ("deferred_by", first(&file.deferred_by), &[K::Answers]),
        ("stopwords", file.stopwords.as_ref().map(span_of), &[K::Answers]),
        ("patterns", first(&file.patterns), &[K::Phrase, K::Conditional]),
        ("regex", first(&file.regex), &[K::Phrase, K::Conditional]),
        ("detect", file.detect.first().map(span_of), &[K::Phrase, K::Conditional]),
        ("unless", first(&file.unless), &[K::Phrase, K::Conditional]),
        (
            "reply_max_words",
            file.reply_max_words.as_ref().map(span_of),
            &[K::Phrase, K::Conditional],
        ),
        ("then", first(&file.then), &[K::Conditional]),
        ("within", file.within.as_ref().map(span_of), &[K::Conditional]),
        (
            "at",
            file.at.as_ref().map(span_of),
            &[K::Require, K::Verdict, K::Shape, K::Notice, K::Answers],
        ),
        ("require", first(&file.require), &[K::Require]),
        ("present", first(&file.present), &[K::Verdict]),
        ("needed", first(&file.needed), &[K::Verdict]),
        ("undone_by", first(&file.undone_by), &[K::Verdict]),
        ("groups", first(&file.groups), &[K::Consistency]),
        ("metric", file.metric.as_ref().map(span_of), &[K::Metric]),
        ("max", file.max.as_ref().map(span_of), &[K::Metric]),
        ("limits", file.limits.as_ref().map(span_of), &[K::Metric]),
        ("shape", file.shape.as_ref().map(span_of), &[K::Shape]),
        ("max_words", file.max_words.as_ref().map(span_of), &[K::Shape]),
    ];
    for (key, span, kinds) in keys {
        if let Some(span) = span
            && !kinds.contains(&kind_name)
        {
            let d = p.error(
                span,
                format!("`{key}` geldt niet voor een `{}`-regel", kind_name.as_str()),
            );
            d.notes.push(format!(
                "`{key}` hoort bij {}-regels",
                kinds
                    .iter()
                    .map(|k| format!("`{}`", k.as_str()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    for t in &file.tags {
        p.id(t, "vage-belofte");
    }
    let patterns = p.phrases(&file.patterns);
    let unless = p.phrases(&file.unless);
    let regex = p.regexes(&file.regex, builtin);
    let when = p.conditions(&file.when);
    let then = p.conditions(&file.then);
    let missing = |p: &mut FileParse, what: &str| {
        p.error(
            id_span,
            format!("een `{}`-regel heeft {what} nodig", kind_name.as_str()),
        );
    };
    let kind = match kind_name {
        K::Phrase | K::Conditional => {
            if file.patterns.is_empty() && file.regex.is_empty() && file.detect.is_empty() {
                missing(&mut p, "`patterns`, `regex` of `detect`");
            }
            if kind_name == K::Conditional && file.then.is_empty() {
                missing(&mut p, "`then`: de signalen die op een treffer moeten volgen");
            }
            Kind::Phrase
        }
        K::Require => {
            if file.require.is_empty() {
                missing(&mut p, "`require`: de signalen die een antwoord moet bevatten");
            }
            Kind::Require(p.conditions(&file.require))
        }
        K::Verdict => {
            if file.present.is_empty() {
                missing(&mut p, "`present`: de signalen die de dimensie aanwezig maken");
            }
            if !matches!(
                file.dimension.get_ref(),
                Dimension::Empathy | Dimension::Ownership | Dimension::FollowUp
            ) {
                p.error(
                    span_of(&file.dimension),
                    "een `verdict`-regel beslist over empathy, ownership of follow-up",
                );
            }
            Kind::Verdict {
                present: p.conditions(&file.present),
                needed: p.conditions(&file.needed),
                undone_by: p.conditions(&file.undone_by),
                not_needed_when: p.conditions(&file.not_needed_when),
            }
        }
        K::Allow => Kind::Allow,
        K::Notice => {
            if file.when.is_empty() {
                missing(&mut p, "`when`: de voorwaarden waaronder de melding verschijnt");
            }
            Kind::Notice
        }
        K::Answers => {
            let question = match &file.question {
                Some(q) => p.conditions(std::slice::from_ref(q)).pop(),
                None => {
                    missing(&mut p, "`question`: het signaal dat de vragen van de burger vindt");
                    None
                }
            };
            Kind::Answers {
                question: question.unwrap_or(Condition {
                    any: Vec::new(),
                    source: String::new(),
                }),
                deferred_by: p.conditions(&file.deferred_by),
                stopwords: file.stopwords.map(|s| s.into_inner()).unwrap_or_default(),
            }
        }
        K::Consistency => {
            if file.groups.len() < 2 {
                missing(&mut p, "twee of meer `groups`: signalen die elkaars alternatief zijn");
            }
            Kind::Consistency(p.conditions(&file.groups))
        }
        K::Metric => {
            let metric = file.metric.as_ref().map(|m| *m.get_ref());
            let mut limits = Vec::new();
            if let Some(l) = &file.limits {
                for (name, &max) in l.get_ref() {
                    match Platform::parse(name) {
                        Some(platform) => limits.push((platform, max)),
                        None => {
                            p.error(span_of(l), format!("onbekend platform `{name}` in `limits`"))
                                .label = Some("verwacht x, instagram, facebook, whatsapp, email of dm".into());
                        }
                    }
                }
            }
            match metric {
                None => missing(&mut p, "`metric`"),
                Some(Metric::Length) if limits.is_empty() => missing(&mut p, "`limits` per platform"),
                Some(Metric::Length) => {}
                Some(_) if file.max.is_none() => missing(&mut p, "`max`"),
                Some(_) => {}
            }
            Kind::Metric {
                metric: metric.unwrap_or(Metric::Length),
                max: file.max.as_ref().map_or(0, |m| *m.get_ref()),
                limits,
            }
        }
        K::Shape => {
            if file.shape.is_none() {
                missing(&mut p, "`shape`");
            }
            Kind::Shape {
                shape: file.shape.as_ref().map_or(Shape::LinkOnly, |s| *s.get_ref()),
                max_words: file.max_words.as_ref().map_or(6, |m| *m.get_ref()),
            }
        }
    };
    let escalate = file.escalate.map(|e| {
        let e = e.into_inner();
        (p.conditions(&e.when), e.severity)
    });
    let plain = file.plain.as_ref().and_then(|name| match p.lex.get(name.get_ref()) {
        Some(lex) if !lex.plain.is_empty() => Some(Arc::clone(lex)),
        found => {
            let message = if found.is_some() {
                format!("lexicon `{}` heeft geen `[plain]`-alternatieven", name.get_ref())
            } else {
                format!("onbekend lexicon `{}`", name.get_ref())
            };
            p.error(span_of(name), message);
            None
        }
    });
    // A fix replaces words by words: no punctuation, quotes or line breaks, which would
    // need escaping in a library file or judgement in a sentence.
    let plain_words = |t: &str| !t.trim().is_empty() && t.chars().all(|c| c.is_alphabetic() || c == ' ' || c == '-');
    let mut fix = Vec::new();
    if let Some(table) = &file.fix {
        for (marked, replacement) in table.get_ref() {
            if !plain_words(marked) || !plain_words(replacement) {
                p.error(
                    span_of(table),
                    format!("`{marked}` = `{replacement}`: een fix vervangt gewone woorden door gewone woorden (letters, spaties, -)"),
                );
            }
            let key = crate::text::Folded::new(marked.trim()).text;
            let key = key.split_whitespace().collect::<Vec<_>>().join(" ");
            fix.push((key, replacement.trim().to_string()));
        }
    }
    fix.sort();
    let (fire, silent) = p.examples(file.examples, kind_name.marks_words());
    if !p.errors.is_empty() {
        return Err(p.errors);
    }
    Ok(Rule {
        plain,
        fix,
        id: file.id.into_inner(),
        dimension: file.dimension.into_inner(),
        severity: file.severity,
        // A rule file from someone else's repository is printed on a terminal: its texts
        // cannot carry escape sequences or bidi overrides.
        message: printable(file.message.get_ref()),
        why: printable(file.why.get_ref()),
        suggest: file.suggest.get_ref().iter().map(|s| printable(s)).collect(),
        kind,
        pattern_sources: file.patterns.into_iter().map(Spanned::into_inner).collect(),
        patterns,
        regex,
        detect: detectors(&file.detect),
        unless,
        reply_max_words: file.reply_max_words.map(Spanned::into_inner),
        when,
        then,
        within: file.within.map_or(Within::default(), Spanned::into_inner),
        at: file.at.map_or(Anchor::default(), Spanned::into_inner),
        tags: file.tags.into_iter().map(Spanned::into_inner).collect(),
        escalate,
        fire,
        silent,
        origin: Origin {
            path: path.to_string(),
            source: text.clone(),
            builtin,
        },
        id_span,
    })
}
