//! Reply-level judgement end to end: the three verdicts, the craft rules (u/je, link-only,
//! platform length, honest automatic replies) and `nabij eval`.

mod common;

use std::process::Output;

fn nabij(args: &[&str], stdin: &str) -> Output {
    common::nabij(args, Some(stdin))
}

/// The JSON report of one reply given on stdin, checked with extra `args`.
fn reply(text: &str, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    all.push("-");
    let o = nabij(&all, text);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}"));
    doc["files"][0]["replies"][0].clone()
}

fn rules_of(reply: &serde_json::Value) -> Vec<String> {
    reply["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

fn finding<'a>(reply: &'a serde_json::Value, rule: &str) -> &'a serde_json::Value {
    reply["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == rule)
        .unwrap_or_else(|| panic!("no `{rule}` finding in {reply}"))
}

#[test]
fn a_reply_that_acknowledges_owns_and_follows_up_is_present_on_all_three() {
    let text = "Ik zie dat je dit al drie keer hebt gevraagd, dat is frustrerend. Ik bel je morgen voor 12.00 uur. Groet, Anne";
    let r = reply(text, &[]);
    assert_eq!(
        r["dimensions"],
        serde_json::json!({"empathy": "present", "ownership": "present", "follow_up": "present"})
    );
    assert!(rules_of(&r).is_empty(), "no findings at all: {r}");
    let o = nabij(&["check", "--color", "never", "-"], text);
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.contains("<stdin>: profiel: empathie aanwezig · eigenaarschap aanwezig · vervolg aanwezig"),
        "{out}"
    );
}

#[test]
fn a_hand_off_with_a_vague_promise_misses_ownership_and_follow_up() {
    let text = "Wij hebben uw melding intern doorgezet. We kijken ernaar.";
    let r = reply(text, &[]);
    let rules = rules_of(&r);
    assert!(rules.contains(&"intern-doorgezet".to_string()), "{rules:?}");
    assert!(rules.contains(&"we-kijken-ernaar".to_string()), "{rules:?}");
    assert_eq!(r["dimensions"]["ownership"], "missing");
    assert_eq!(r["dimensions"]["follow_up"], "missing");
    assert_eq!(finding(&r, "we-kijken-ernaar")["text"], "We kijken ernaar");
    let o = nabij(&["check", "--color", "never", "-"], text);
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("eigenaarschap ontbreekt · vervolg ontbreekt"), "{out}");
}

#[test]
fn a_factual_answer_needs_no_empathy_or_follow_up() {
    let r = reply("De milieustraat is op zaterdag open van 9.00 tot 16.00 uur.", &[]);
    assert_eq!(r["dimensions"]["empathy"], "not-needed");
    assert_eq!(r["dimensions"]["follow_up"], "not-needed");
    assert!(rules_of(&r).is_empty(), "{r}");
}

#[test]
fn an_acknowledgement_taken_back_by_but_is_no_empathy() {
    let r = reply(
        "Vervelend dat het niet lukt, maar u had het formulier eerder moeten sturen.",
        &[],
    );
    assert_eq!(r["dimensions"]["empathy"], "missing");
    assert!(rules_of(&r).contains(&"geen-erkenning".to_string()));
}

#[test]
fn mixing_u_and_je_marks_the_minority_form() {
    let text = "Kunt u je BSN in een DM sturen? Dan zoek ik uw vraag uit.";
    let r = reply(text, &[]);
    let f = finding(&r, "u-en-je-door-elkaar");
    assert_eq!(f["text"], "je");
    assert_eq!(f["start"], serde_json::json!({"line": 1, "column": 8}));
}

#[test]
fn a_link_only_reply_is_a_finding_and_a_real_answer_with_a_link_is_not() {
    let r = reply("Zie https://www.gemeente.nl/afval", &[]);
    assert!(rules_of(&r).contains(&"alleen-een-link".to_string()), "{r}");
    let r = reply(
        "De papiercontainer wordt elke tweede dinsdag geleegd; de kalender staat op https://www.gemeente.nl/afval",
        &[],
    );
    assert!(!rules_of(&r).contains(&"alleen-een-link".to_string()), "{r}");
}

/// A reply of exactly `weighted` X-weighted characters: Latin text, one URL (23) and one
/// emoji (2), however long the URL really is.
fn x_reply(weighted: usize) -> String {
    let url = " https://www.gemeente.nl/wonen/afval/container-kapot-melden-en-vervangen";
    let sentence = "Ik bel je morgen voor 12.00 uur over de container. ";
    // Two spaces: before the URL and before the emoji.
    let latin: String = sentence.chars().cycle().take(weighted - 23 - 2 - 2).collect();
    format!("{latin}{url} 🙏")
}

#[test]
fn an_x_reply_over_280_weighted_characters_is_an_error_and_280_is_fine() {
    let long = x_reply(290);
    assert!(long.chars().count() > 300, "the URL is long, X counts it as 23");
    let r = reply(&long, &["--platform", "x"]);
    let f = finding(&r, "te-lang-voor-platform");
    assert_eq!(f["severity"], "error");
    assert!(
        f["detail"]
            .as_str()
            .unwrap()
            .starts_with("290 gewogen tekens; X staat er 280 toe"),
        "{f}"
    );
    let fits = reply(&x_reply(280), &["--platform", "x"]);
    assert!(
        !rules_of(&fits).contains(&"te-lang-voor-platform".to_string()),
        "{fits}"
    );
    // Without a platform there is no limit; Instagram allows far more.
    assert!(!rules_of(&reply(&long, &[])).contains(&"te-lang-voor-platform".to_string()));
    assert!(!rules_of(&reply(&long, &["--platform", "instagram"])).contains(&"te-lang-voor-platform".to_string()));
}

#[test]
fn an_automatic_reply_must_say_so_say_when_a_person_reads_it_and_who_comes_back() {
    let vague = "Bedankt voor je bericht! We reageren zo snel als we kunnen.";
    let r = reply(vague, &["--automatic"]);
    let f = finding(&r, "automatisch-antwoord-eerlijk");
    let detail = f["detail"].as_str().unwrap();
    assert!(
        detail.contains("automatisch antwoord") && detail.contains("mens het bericht leest"),
        "{detail}"
    );
    assert!(!rules_of(&reply(vague, &[])).contains(&"automatisch-antwoord-eerlijk".to_string()));
    let honest = "Je krijgt nu een automatisch antwoord. Morgen vóór 12.00 uur leest een collega je bericht en komt bij je terug.";
    let r = reply(honest, &["--automatic"]);
    assert!(!rules_of(&r).iter().any(|id| id.starts_with("automatisch")), "{r}");
    // The worst case: automatic, but written as if a person is there.
    let pretend = "Hoi! Ik heb je bericht gelezen en ga ermee aan de slag. ^Eva";
    let r = reply(pretend, &["--automatic"]);
    assert_eq!(finding(&r, "automatisch-doet-alsof")["severity"], "error");
    let o = nabij(&["check", "--automatic", "-"], pretend);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn a_team_that_signs_gets_a_finding_for_an_unsigned_reply() {
    let text = "Ik bel je morgen terug.";
    assert!(rules_of(&reply(text, &["--sign-off"])).contains(&"geen-ondertekening".to_string()));
    assert!(!rules_of(&reply(text, &[])).contains(&"geen-ondertekening".to_string()));
    assert!(
        !rules_of(&reply("Ik bel je morgen terug. ^MS", &["--sign-off"])).contains(&"geen-ondertekening".to_string())
    );
}

#[test]
fn eval_prints_precision_recall_and_f1_per_label_and_near_false_alarms() {
    let dir = std::env::temp_dir().join(format!("nabij-eval-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("labelled.jsonl");
    let items = [
        // nabij agrees on all three dimensions.
        r#"{"id":"goed","text":"Wat vervelend dat je zo lang moest wachten. Ik bel je morgen. ^MS","labels":{"empathy":true,"ownership":true,"follow_up":true,"distancing":false,"vague_promise":false,"overall":"near"}}"#,
        // A hand-off: distancing and a vague promise, no person, no moment.
        r#"{"id":"ver","text":"Wij hebben uw melding intern doorgezet. We kijken ernaar.","labels":{"empathy":false,"ownership":false,"follow_up":false,"distancing":true,"vague_promise":true,"overall":"distant"}}"#,
        // Labelled empathic, but nabij sees no acknowledgement: one false negative (and, with bad
        // news, a warning on a near reply).
        r#"{"id":"gemist","text":"Je aanvraag is helaas afgewezen. Ik heb het nagekeken en je krijgt morgen het geld terug. ^MS","labels":{"empathy":true,"ownership":true,"follow_up":true,"distancing":false,"vague_promise":false,"overall":"near"}}"#,
        r#"{"id":"burger","kind":"incoming","text":"Ik wacht al drie weken!"}"#,
    ];
    std::fs::write(&file, items.join("\n")).unwrap();
    let o = nabij(&["eval", file.to_str().unwrap(), "--verbose"], "");
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains(": 3 gelabelde antwoorden"), "{out}");
    let row = |label: &str| {
        out.lines()
            .find(|l| l.trim_start().starts_with(label))
            .unwrap_or_else(|| panic!("no row for {label}: {out}"))
            .split_whitespace()
            .skip(1)
            .collect::<Vec<_>>()
    };
    // n, precision, recall, F1, tp, fp, fn, tn
    assert_eq!(row("empathy"), ["3", "1.00", "0.50", "0.67", "1", "0", "1", "1"]);
    assert_eq!(row("ownership"), ["3", "1.00", "1.00", "1.00", "2", "0", "0", "1"]);
    assert_eq!(row("follow_up"), ["3", "1.00", "1.00", "1.00", "2", "0", "0", "1"]);
    assert_eq!(row("distancing"), ["3", "1.00", "1.00", "1.00", "1", "0", "0", "2"]);
    assert_eq!(row("vague_promise"), ["3", "1.00", "1.00", "1.00", "1", "0", "0", "2"]);
    assert!(
        out.contains("nabije antwoorden met een waarschuwing: 1/2 (50.0 %): gemist"),
        "{out}"
    );
    assert!(
        out.contains(
            "nabije antwoorden met een waarschuwing die hun labels niet dekken (vals alarm): 1/2 (50.0 %): gemist"
        ),
        "{out}"
    );
    assert!(out.contains("empathy                  gemist       gemist"), "{out}");
    std::fs::write(&file, "{broken").unwrap();
    let o = nabij(&["eval", file.to_str().unwrap()], "");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("fout: regel 1:") && err.contains("bestand: ") && err.contains("labelled.jsonl"),
        "{err}"
    );
}
