//! Every built-in rule loads and passes its own examples.

use nabij::check::{check_examples, load};
use nabij::rules::LoadOptions;

#[test]
fn builtin_rules_load_without_errors() {
    let (set, errors) = load(&LoadOptions::default());
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert!(errors.is_empty(), "{}", shown.join("\n"));
    assert!(
        set.len() >= 30,
        "the built-in pack has {} rules, expected at least 30",
        set.len()
    );
}

/// The built-in rules as `explain` and `test-rules` read them: from their TOML, with examples.
fn full() -> LoadOptions {
    LoadOptions {
        full_builtins: true,
        ..LoadOptions::default()
    }
}

#[test]
fn builtin_rules_pass_their_own_examples() {
    let (set, errors) = load(&full());
    assert!(errors.is_empty());
    let examples: usize = set.rules().iter().map(|r| r.fire.len() + r.silent.len()).sum();
    assert!(examples > 300, "only {examples} examples were read");
    let failures: Vec<String> = set
        .rules()
        .iter()
        .flat_map(|r| check_examples(&set, r))
        .map(|d| {
            format!(
                "{d}{}",
                d.notes.iter().map(|n| format!("\n    {n}")).collect::<String>()
            )
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} failing examples:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// `check` reads the built-in rules from their compiled form (`data/builtin-rules.bin`,
/// without examples), or from the JSON form build.rs makes when that is out of date. It must
/// hold the same rules and give the same findings, signals and verdicts as the TOML on every
/// example text, in the example's own context.
#[test]
fn the_fast_form_of_the_builtin_rules_checks_exactly_like_the_toml() {
    assert!(
        nabij::rules::compiled::builtin().is_some(),
        "the compiled rules are out of date: run scripts/compile-rules"
    );
    let (fast, errors) = load(&LoadOptions::default());
    assert!(errors.is_empty());
    let (toml, _) = load(&full());
    let ids = |set: &nabij::check::Engine| set.rules().iter().map(|r| r.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&fast), ids(&toml));
    for (a, b) in fast.rules().iter().zip(toml.rules()) {
        assert_eq!(
            (&a.message, &a.why, &a.suggest, &a.pattern_sources, a.severity),
            (&b.message, &b.why, &b.suggest, &b.pattern_sources, b.severity),
            "{}",
            a.id
        );
        assert!(
            a.fire.is_empty() && a.silent.is_empty(),
            "the fast form has no examples"
        );
    }
    let mut compared = 0;
    let examples = (toml.rules().iter())
        .flat_map(|r| r.fire.iter().chain(&r.silent).map(move |e| (&r.id, e)))
        .chain((toml.signals().iter()).flat_map(|s| s.fire.iter().chain(&s.silent).map(move |e| (&s.id, e))));
    for (id, ex) in examples {
        {
            let incoming: Vec<&str> = ex.context.incoming.iter().map(String::as_str).collect();
            let run = |set| {
                let c = nabij::check::check_reply(set, &ex.text, &incoming, &ex.context.context);
                let findings: Vec<_> = c
                    .findings
                    .iter()
                    .map(|f| (set.rules()[f.rule].id.clone(), f.span, f.severity))
                    .collect();
                (
                    findings,
                    format!("{:?}", c.dimensions),
                    c.signals.len(),
                    c.incoming.len(),
                )
            };
            assert_eq!(run(&fast), run(&toml), "{id}: {}", ex.written);
            compared += 1;
        }
    }
    assert!(compared > 500, "{compared} examples compared");
}

/// Odd inputs through every context: no panic, and every finding and signal span lies on
/// character boundaries inside the text.
#[test]
fn odd_texts_give_well_formed_spans_in_every_context() {
    use nabij::rules::{Context, Platform};
    let (set, errors) = nabij::check::load(&nabij::rules::LoadOptions::default());
    assert!(errors.is_empty());
    let texts = [
        "",
        " ",
        "\n\n",
        "^",
        "Groet,",
        "Groet,\n",
        "👍",
        "🇳🇱🇳🇱🇳🇱",
        "\u{feff}Hoi!\r\nIk bel je morgen.\rGroet, Anne",
        "Beste,\n\nMet vriendelijke groet,\n{{medewerker}}",
        "e\u{301}e\u{301} wij hebben het intern doorgezet ^",
        "https://x.nl",
        "WE KIJKEN ERNAAR!!! ZO SNEL MOGELIJK!!!",
        "Kunt u je ... uw",
        "\u{202e}Ik bel je morgen\u{202c} ^MS",
        "a\u{200b}b intern\u{200b}doorgezet",
    ];
    let long = "Ik bel je morgen. ".repeat(40) + "é🙂";
    let contexts = [
        Context::default(),
        Context {
            platform: Some(Platform::X),
            automatic: true,
            sign_off: true,
            template: None,
            voice: Some(nabij::rules::Voice::Mirror),
            draft: true,
            allow: vec!["intern-doorgezet: citaat".into(), "bestaat-niet".into()],
        },
        Context {
            platform: Some(Platform::Instagram),
            ..Context::default()
        },
    ];
    for text in texts.iter().copied().chain([long.as_str()]) {
        for context in &contexts {
            // Each text as a reply and as the citizen's message it answers.
            let checked = nabij::check::check_reply(&set, text, &[text, "Ik weet het niet meer"], context);
            let spans = checked
                .findings
                .iter()
                .map(|f| f.span)
                .chain(checked.signals.iter().map(|s| s.span))
                .chain(
                    checked
                        .incoming
                        .iter()
                        .filter(|s| s.incoming == Some(0))
                        .map(|s| s.span),
                );
            for span in spans {
                assert!(span.start <= span.end && span.end <= text.len(), "{text:?}: {span:?}");
                assert!(
                    text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                    "{text:?}: {span:?}"
                );
            }
            let again = nabij::check::check_reply(&set, text, &[text, "Ik weet het niet meer"], context);
            assert_eq!(
                checked.findings, again.findings,
                "checking twice gives the same: {text:?}"
            );
        }
    }
}

/// A regex's gate is only a necessary condition: on every example text of every rule and
/// signal, as written and lowercased (regexes run on folded text), and on each joined to the
/// next, no text a built-in regex matches is turned down; and the gates do turn texts down.
#[test]
fn regex_gates_never_turn_down_a_text_their_regex_matches() {
    use nabij::rules::gated::ByteSet;
    let (set, errors) = load(&full());
    assert!(errors.is_empty());
    let mut texts: Vec<String> = set
        .rules()
        .iter()
        .flat_map(|r| r.fire.iter().chain(&r.silent))
        .chain(set.signals().iter().flat_map(|s| s.fire.iter().chain(&s.silent)))
        .flat_map(|e| [e.text.clone(), e.text.to_lowercase()])
        .collect();
    let joined: Vec<String> = texts.windows(2).map(|w| format!("{} {}", w[0], w[1])).collect();
    texts.extend(joined);
    let regexes: Vec<_> = set
        .rules()
        .iter()
        .flat_map(|r| &r.regex)
        .chain(set.signals().iter().flat_map(|s| &s.regex))
        .map(|g| (g, regex::Regex::new(g.as_str()).expect("built-in regexes compile")))
        .collect();
    assert!(regexes.len() >= 15, "only {} regexes", regexes.len());
    let (mut matched, mut turned_down) = (0, 0);
    for text in &texts {
        let bytes = ByteSet::of(text.as_bytes());
        for (gated, plain) in &regexes {
            let passed = gated.for_text(text, &bytes).is_some();
            if plain.is_match(text) {
                matched += 1;
                assert!(passed, "the gate of {:?} turned down {text:?}", gated.as_str());
            } else if !passed {
                turned_down += 1;
            }
        }
    }
    assert!(
        matched > 500,
        "the texts must match often enough to test anything: {matched}"
    );
    assert!(
        turned_down > texts.len() * regexes.len() / 2,
        "the gates turned down only {turned_down}"
    );
}

/// Every built-in suggestion with "je" and its u-form, as reviewed by a person
/// (`tests/fixtures/suggestions-u.tsv`): a u-reply gets these. A new or changed suggestion
/// fails here until its u-form is read and added.
#[test]
fn every_builtin_suggestion_has_a_reviewed_u_form() {
    let expected: std::collections::BTreeMap<&str, &str> = include_str!("fixtures/suggestions-u.tsv")
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .collect();
    let (set, errors) = nabij::check::load(&nabij::rules::LoadOptions::default());
    assert!(errors.is_empty());
    let mut wrong = Vec::new();
    for s in set.rules().iter().flat_map(|r| &r.suggest) {
        let u = nabij::text::register::to_u(s);
        if u == *s {
            continue;
        }
        match expected.get(s.as_str()) {
            Some(want) if *want == u => {}
            Some(want) => wrong.push(format!("{s}\n  gives  {u}\n  wanted {want}")),
            None => wrong.push(format!("{s}\n  gives  {u}\n  (not reviewed yet)")),
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// `negatief-oordeel` is chosen from the CLiPS sentiment lexicon (imported by
/// `scripts/import-clips-sentiment`): every adjective in it must be in that pool, with every
/// sense negative, so the lexicon's stated source stays true when someone adds a word.
#[test]
fn the_clips_chosen_lexicon_stays_inside_its_imported_source() {
    let root = env!("CARGO_MANIFEST_DIR");
    let pool = std::fs::read_to_string(format!("{root}/data/lexicon-sources/clips-nl-sentiment-negatief.tsv")).unwrap();
    assert!(pool.starts_with("# CLiPS Pattern"), "the pool names its source");
    assert!(pool.contains("PDDL"), "the pool names its licence");
    let polarity: std::collections::HashMap<&str, f64> = pool
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("form\t"))
        .map(|l| {
            let mut cols = l.split('\t');
            (cols.next().unwrap(), cols.next().unwrap().parse().unwrap())
        })
        .collect();
    let lexicon: toml::Table =
        toml::from_str(&std::fs::read_to_string(format!("{root}/rules/lexicon/negatief-oordeel.toml")).unwrap())
            .unwrap();
    let words = lexicon["adjectives"].as_array().unwrap();
    assert!(words.len() >= 30);
    for w in words {
        let w = w.as_str().unwrap();
        let p = polarity
            .get(w)
            .unwrap_or_else(|| panic!("`{w}` is not in the CLiPS pool"));
        assert!(*p <= -0.5, "`{w}` has polarity {p}");
    }
}
