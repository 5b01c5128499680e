//! How nabij judges the kinds of text named in the judgement issue: warm openings, defensive
//! lines, citizens' phrases, split next steps, officialese and self-introductions. Every text
//! here is written for this test, not taken from the development corpus.

use nabij::check::{Engine, load};
use nabij::check::{Verdict, check_reply};
use nabij::rules::{Context, LoadOptions, Severity};
use std::sync::LazyLock;

static SET: LazyLock<Engine> = LazyLock::new(|| {
    let (set, errors) = load(&LoadOptions::default());
    assert!(errors.is_empty(), "{errors:?}");
    set
});

fn rules_of(reply: &str, incoming: &str) -> Vec<(String, Severity)> {
    let incoming: Vec<&str> = [incoming].into_iter().filter(|m| !m.is_empty()).collect();
    let checked = check_reply(&SET, reply, &incoming, &Context::default());
    checked
        .findings
        .iter()
        .map(|f| (SET.rules()[f.rule].id.clone(), f.severity))
        .collect()
}

fn incoming_signals(message: &str) -> Vec<String> {
    let checked = check_reply(&SET, "", &[message], &Context::default());
    checked
        .incoming
        .iter()
        .map(|h| SET.signals()[h.signal].id.clone())
        .collect()
}

#[test]
fn warm_openings_count_as_acknowledgement() {
    let problem = "Mijn toeslag is al twee maanden niet betaald en ik weet niet hoe het verder moet.";
    for reply in [
        "Wat ontzettend zwaar om zo lang zonder toeslag te zitten. Ik bel je morgen om 10 uur. ^Kim",
        "Wat heftig om te lezen. Ik zoek vandaag uit waar het vastzit en bel je vóór 16.00 uur. ^Kim",
        "Ik kan me voorstellen dat dit je slapeloze nachten geeft. Ik bel je morgen. ^Kim",
        "Dit had niet zo mogen gaan. Ik zorg dat het geld vrijdag op je rekening staat. ^Kim",
    ] {
        let checked = check_reply(&SET, reply, &[problem], &Context::default());
        assert_eq!(checked.dimensions.empathy, Verdict::Present, "{reply}");
        let found = rules_of(reply, problem);
        assert!(!found.iter().any(|(r, _)| r == "geen-erkenning"), "{reply}: {found:?}");
    }
    // A negated word for a hard time is no acknowledgement.
    let cold = "Dat is niet zo moeilijk: het formulier staat op de website.";
    let checked = check_reply(&SET, cold, &[problem], &Context::default());
    assert_eq!(checked.dimensions.empathy, Verdict::Missing);
}

#[test]
fn defensive_lines_to_an_angry_citizen_are_errors() {
    let angry = "Belachelijk dat jullie mijn container weer hebben laten staan!";
    for reply in [
        "Wij zijn hier niet verantwoordelijk voor, de inzameling doet een ander bedrijf.",
        "Het valt overigens wel mee, de meeste containers zijn geleegd.",
        "Graag een respectvolle toon in je berichten.",
    ] {
        let found = rules_of(reply, angry);
        assert!(
            found.contains(&("defensief".to_string(), Severity::Error)),
            "{reply}: {found:?}"
        );
    }
    // Without an angry message the same line is a warning, and a calm reply is silent.
    let found = rules_of("Wij zijn hier niet verantwoordelijk voor.", "");
    assert!(
        found.contains(&("defensief".to_string(), Severity::Warning)),
        "{found:?}"
    );
    let found = rules_of(
        "Ik snap je boosheid. Ik laat de container morgen alsnog legen. ^Tom",
        angry,
    );
    assert!(!found.iter().any(|(r, _)| r == "defensief"), "{found:?}");
}

#[test]
fn citizens_phrases_are_read_for_what_they_are() {
    let cases: &[(&str, &str)] = &[
        (
            "Voor de 4e keer: mijn pasje is nog steeds niet binnen.",
            "herhaald-contact",
        ),
        (
            "Ik heb vorige maand ook al gemaild over de scheve stoeptegel.",
            "herhaald-contact",
        ),
        (
            "Al 2x gebeld over mijn aanslag, wanneer komt er iets?",
            "herhaald-contact",
        ),
        ("Schaam u! Een boete voor vijf minuten te laat.", "boosheid"),
        ("Wat een idiote regel, dit slaat nergens op.", "boosheid"),
        ("Ongelofelijk, wat een stelletje prutsers.", "boosheid"),
        (
            "Ik word gek van dat inlogscherm, al drie weken hetzelfde.",
            "frustratie",
        ),
        (
            "Volgende maand moet ik mijn huis uit en ik heb nergens heen te gaan.",
            "noodkreet",
        ),
        (
            "Sinds mijn bijstand gestopt is heb ik geen geld voor boodschappen.",
            "noodkreet",
        ),
        // Sayings and the next step of someone who has had enough, in general Dutch.
        ("De maat is vol, ik stap naar de ombudsman.", "frustratie"),
        ("Ik word van het kastje naar de muur gestuurd.", "herhaald-contact"),
        ("Wederom geen antwoord op mijn mail.", "herhaald-contact"),
        ("Hoe vaak moet ik nog bellen voor die lantaarnpaal?", "herhaald-contact"),
        ("Ik voel me echt afgescheept met dat standaardmailtje.", "frustratie"),
        ("Wat een belabberde dienstverlening, echt onbetrouwbaar.", "boosheid"),
        ("Ik zie het nut van alles niet meer.", "noodkreet"),
    ];
    for (message, signal) in cases {
        let seen = incoming_signals(message);
        assert!(seen.iter().any(|s| s == signal), "{message}: {seen:?}");
    }
    // A problem that keeps coming back is no earlier contact, and calm words are no anger.
    for (message, not) in [
        (
            "Voor de derde keer deze maand staat de onderdoorgang onder water.",
            "herhaald-contact",
        ),
        (
            "Ik ben niet boos, ik wil alleen weten wanneer de pas klaar is.",
            "boosheid",
        ),
        (
            "Ik word gek van dat gedoe haha, maar wanneer is de milieustraat open?",
            "noodkreet",
        ),
        // "erger" is also "worse"; a question about how to object is no anger.
        ("Dat maakt de pijn alleen maar erger.", "frustratie"),
        ("Hoe kan ik bezwaar maken tegen mijn aanslag?", "frustratie"),
        ("Ik ga dood van de zenuwen voor mijn examen.", "frustratie"),
    ] {
        let seen = incoming_signals(message);
        assert!(!seen.iter().any(|s| s == not), "{message}: {seen:?}");
    }
}

#[test]
fn split_next_steps_and_numerals_are_follow_up() {
    for reply in [
        "Ik los het vóór vrijdag op en laat je dan weten hoe het zit.",
        "De bezorger haalt hem donderdag op.",
        "Ik zoek het uit en bel je binnen twee werkdagen terug.",
        "Mijn collega komt binnen een half uur bij je langs.",
    ] {
        let checked = check_reply(&SET, reply, &[], &Context::default());
        assert_eq!(checked.dimensions.follow_up, Verdict::Present, "{reply}");
    }
    // An instruction to the citizen is not the organisation's next step.
    let checked = check_reply(
        &SET,
        "U kunt binnen zes weken bezwaar maken.",
        &["Waarom is mijn aanvraag afgewezen?"],
        &Context::default(),
    );
    assert_ne!(checked.dimensions.follow_up, Verdict::Present);
}

#[test]
fn officialese_words_are_named_with_a_plainer_word() {
    let cases = [
        ("Wij zijn thans met uw zaak bezig.", "nu"),
        ("Uw formulier is reeds verwerkt.", "al"),
        ("Wij trachten dit snel op te lossen.", "proberen"),
        ("Indien u vragen heeft, bel gerust.", "als"),
        ("Ik schrijf u met betrekking tot uw parkeervergunning.", "over"),
        ("Wij hebben getracht u te bellen.", "proberen"),
        ("Naar aanleiding van uw bericht heb ik gekeken.", "na, door, over"),
    ];
    for (reply, plain) in cases {
        let checked = check_reply(&SET, reply, &[], &Context::default());
        let details: Vec<String> = checked
            .findings
            .iter()
            .filter(|f| SET.rules()[f.rule].id == "ambtelijk-woord")
            .filter_map(|f| f.detail.clone())
            .collect();
        assert_eq!(details, [format!("eenvoudiger: {plain}")], "{reply}");
    }
    let lexicon = SET
        .rules()
        .iter()
        .find(|r| r.id == "ambtelijk-woord")
        .and_then(|r| r.plain.clone())
        .expect("the rule names its lexicon");
    let entries: std::collections::BTreeSet<&str> = lexicon.plain.iter().map(|(_, p)| p.as_str()).collect();
    assert!(
        lexicon.plain.len() >= 40 && entries.len() >= 20,
        "{} forms",
        lexicon.plain.len()
    );
}

#[test]
fn a_self_introduction_is_a_name_and_an_organisation_is_not() {
    let distress = "Ik weet het echt niet meer, de huur moet betaald worden en ik heb niks.";
    let introduced =
        "Wat zwaar voor je. Ik ben Noor, medewerker schuldhulp bij de gemeente. Ik bel je vandaag om 15.00 uur.";
    let found = rules_of(introduced, distress);
    assert!(
        !found.iter().any(|(r, _)| r == "noodkreet-vraagt-een-naam"),
        "{found:?}"
    );
    let team = "Wat zwaar voor je. We bellen je vandaag om 15.00 uur.\n\nGroet, Team Schuldhulp";
    let found = rules_of(team, distress);
    assert!(found.iter().any(|(r, _)| r == "noodkreet-vraagt-een-naam"), "{found:?}");
}

#[test]
fn a_missing_acknowledgement_warns_only_when_the_need_is_clear() {
    let severity = |reply: &str, incoming: &str| {
        rules_of(reply, incoming)
            .into_iter()
            .find(|(r, _)| r == "geen-erkenning")
            .map(|(_, s)| s)
    };
    // A plain report answered with a concrete next step: a notice, not a warning.
    let acts = "Dank voor je melding van de losse tegel. Ik heb een werkbon gemaakt: binnen 5 werkdagen ligt hij weer vast. ^Iris";
    assert_eq!(severity(acts, ""), Some(Severity::Info));
    // The same reply to someone who is fed up, or bringing bad news, or without a next step.
    assert_eq!(
        severity(acts, "Voor de derde keer: die tegel ligt nog steeds los!"),
        Some(Severity::Warning)
    );
    let bad_news = "Je aanvraag is helaas afgewezen. Je krijgt morgen de brief met de uitleg. ^Iris";
    assert_eq!(severity(bad_news, ""), Some(Severity::Warning));
    let no_step = "Dank voor je melding van de losse tegel. We nemen het mee.";
    assert_eq!(severity(no_step, ""), Some(Severity::Warning));
}

/// Lines written for nabij (not taken from the corpus), one per line, in `tests/fixtures/probes/`.
fn probes(name: &str) -> Vec<String> {
    let path = format!("{}/tests/fixtures/probes/{name}.txt", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}

/// A floor under the general language the incoming signals know: a few hundred ways citizens
/// say they are fed up, and plain questions, reports and thanks that are not. A change that
/// loses the general patterns for a corpus-specific one fails here.
#[test]
fn written_probes_of_anger_and_calm_are_read_as_such() {
    let angry_signal = |m: &String| incoming_signals(m).iter().any(|s| s == "boosheid" || s == "frustratie");
    let angry = probes("boos-of-gefrustreerd");
    let missed: Vec<&String> = angry.iter().filter(|m| !angry_signal(m)).collect();
    assert!(
        missed.len() * 100 <= angry.len() * 7,
        "{} of {} missed: {missed:#?}",
        missed.len(),
        angry.len()
    );
    let calm = probes("neutraal");
    let flagged: Vec<&String> = calm.iter().filter(|m| angry_signal(m)).collect();
    assert!(
        flagged.len() * 100 <= calm.len() * 5,
        "{} of {} calm lines read as anger: {flagged:#?}",
        flagged.len(),
        calm.len()
    );
}

#[test]
fn written_probes_of_replies_near_and_vague_are_judged_so() {
    // Replies a webcare lead would post as is: not one warning.
    for reply in probes("nabij") {
        let warned: Vec<_> = rules_of(&reply, "")
            .into_iter()
            .filter(|(_, s)| *s >= Severity::Warning)
            .collect();
        assert!(warned.is_empty(), "{reply}: {warned:?}");
    }
    // The same, as answers to a citizen's message ("message ||| reply").
    for pair in probes("nabij-gesprekken") {
        let (message, reply) = pair.split_once(" ||| ").expect("message ||| reply");
        let warned: Vec<_> = rules_of(reply, message)
            .into_iter()
            .filter(|(_, s)| *s >= Severity::Warning)
            .collect();
        assert!(warned.is_empty(), "{message} / {reply}: {warned:?}");
    }
    // Promises without who or when, in many words.
    let vague = probes("vage-belofte");
    let missed: Vec<&String> = vague
        .iter()
        .filter(|r| {
            let tags = rules_of(r, "");
            !tags.iter().any(|(id, _)| {
                SET.rules()
                    .iter()
                    .any(|rule| &rule.id == id && rule.tags.iter().any(|t| t == "vage-belofte"))
            })
        })
        .collect();
    assert!(missed.len() * 100 <= vague.len() * 12, "{missed:#?}");
}

#[test]
fn written_probes_of_cries_for_help_and_repeated_contact_are_found() {
    for (name, signal) in [("noodkreet", "noodkreet"), ("herhaald-contact", "herhaald-contact")] {
        let lines = probes(name);
        let missed: Vec<&String> = lines
            .iter()
            .filter(|m| !incoming_signals(m).iter().any(|s| s == signal))
            .collect();
        assert!(missed.len() * 100 <= lines.len() * 10, "{name}: {missed:#?}");
    }
    // The calm lines hold no cry for help.
    let calm = probes("neutraal");
    let alarmed: Vec<&String> = calm
        .iter()
        .filter(|m| incoming_signals(m).iter().any(|s| s == "noodkreet"))
        .collect();
    assert!(alarmed.len() * 100 <= calm.len() * 3, "{alarmed:#?}");
}
