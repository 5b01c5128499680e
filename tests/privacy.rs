//! Personal data in replies: what the detectors find, where it is an error (public) and
//! where it is informational (private), and that no output format repeats what was found.

mod common;

use common::{nabij, temp_dir};
use nabij::check::{Engine, load};
use nabij::lint::{CheckOptions, check_source};
use nabij::rules::{LoadOptions, Platform, Severity};
use proptest::prelude::*;
use std::sync::LazyLock;

static SET: LazyLock<Engine> = LazyLock::new(|| {
    let (set, errors) = load(&LoadOptions::default());
    assert!(errors.is_empty());
    set
});

const FORMATS: &[&str] = &["human", "compact", "json", "sarif", "github"];

fn stdout(args: &[&str], stdin: Option<&str>) -> (String, Option<i32>) {
    let out = nabij(args, stdin);
    (String::from_utf8(out.stdout).unwrap(), out.status.code())
}

/// The rule ids and severities of a JSON run.
fn findings(json: &str) -> Vec<(String, String)> {
    common::findings_with(&serde_json::from_str(json).unwrap(), "severity")
}

fn check_json(text: &str, platform: &str) -> Vec<(String, String)> {
    let (out, _) = stdout(
        &["--no-config", "check", "--platform", platform, "--format", "json", "-"],
        Some(text),
    );
    findings(&out)
}

#[test]
fn a_valid_bsn_in_a_public_reply_is_an_error_masked_in_every_format() {
    let text = "Hoi Sanne, ik heb je BSN 123456782 gevonden. Ik bel je morgen. ^MS\n";
    for format in FORMATS {
        let (out, code) = stdout(
            &["--no-config", "check", "--platform", "x", "--format", format, "-"],
            Some(text),
        );
        assert_eq!(code, Some(1), "{format}: an error fails the run");
        assert!(out.contains("bsn-in-antwoord"), "{format}: {out}");
        assert!(!out.contains("123456782"), "{format} repeats the BSN:\n{out}");
        assert!(!out.contains("456"), "{format} repeats part of the BSN:\n{out}");
    }
    assert!(check_json(text, "x").contains(&("bsn-in-antwoord".into(), "error".into())));
    let (json, _) = stdout(
        &["--no-config", "check", "--platform", "x", "--format", "json", "-"],
        Some(text),
    );
    assert!(json.contains("\"text\": \"*********\""), "{json}");
}

#[test]
fn nine_digits_that_fail_the_eleven_test_are_no_bsn() {
    let found = check_json("Ik heb je BSN 123456789 gevonden. Ik bel je morgen. ^MS", "x");
    assert!(found.iter().all(|(r, _)| r != "bsn-in-antwoord"), "{found:?}");
    let (out, _) = stdout(
        &["--no-config", "check", "--platform", "x", "--format", "compact", "-"],
        Some("Ik heb je BSN 123456789 gevonden."),
    );
    assert!(!out.contains("bsn-in-antwoord"));
}

#[test]
fn an_iban_needs_valid_check_digits() {
    let valid = check_json("Het geld is teruggestort op NL91 ABNA 0417 1643 00. ^MS", "facebook");
    assert!(
        valid.contains(&("iban-in-antwoord".into(), "error".into())),
        "{valid:?}"
    );
    let wrong = check_json("Het geld is teruggestort op NL92 ABNA 0417 1643 00. ^MS", "facebook");
    assert!(wrong.iter().all(|(r, _)| r != "iban-in-antwoord"), "{wrong:?}");
}

#[test]
fn asking_for_a_bsn_in_public_is_a_warning_that_points_to_a_private_channel() {
    let text = "Stuur je BSN even hieronder, dan zoeken we het uit.";
    let (json, _) = stdout(
        &[
            "--no-config",
            "check",
            "--platform",
            "facebook",
            "--format",
            "json",
            "-",
        ],
        Some(text),
    );
    assert!(findings(&json).contains(&("vraagt-persoonsgegevens-openbaar".into(), "warning".into())));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let finding = v["files"][0]["replies"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "vraagt-persoonsgegevens-openbaar")
        .unwrap()
        .clone();
    let suggestions = finding["suggestions"].to_string().to_lowercase();
    assert!(
        suggestions.contains("dm") || suggestions.contains("privébericht"),
        "suggests a private channel: {suggestions}"
    );
    for private in ["whatsapp", "dm", "email"] {
        let found = check_json(text, private);
        assert!(
            found.iter().all(|(r, _)| r != "vraagt-persoonsgegevens-openbaar"),
            "{private}: {found:?}"
        );
    }
    // Inviting to a private channel is the good way to ask.
    let good = check_json(
        "Stuur je me een DM met je postcode? Dan zoek ik het meteen uit.",
        "facebook",
    );
    assert!(
        good.iter().all(|(r, _)| r != "vraagt-persoonsgegevens-openbaar"),
        "{good:?}"
    );
}

#[test]
fn in_a_private_channel_personal_data_is_informational_and_still_masked() {
    let text = "Ik heb je BSN 123456782 gevonden. Ik bel je morgen. ^MS";
    for platform in ["whatsapp", "dm", "email"] {
        let (out, code) = stdout(
            &["--no-config", "check", "--platform", platform, "--format", "json", "-"],
            Some(text),
        );
        assert!(
            findings(&out).contains(&("bsn-in-antwoord".into(), "info".into())),
            "{platform}"
        );
        assert!(!out.contains("123456782"));
        assert_eq!(code, Some(0), "an info does not fail the run");
    }
    // No platform: webcare happens in public.
    assert!(check_json(text, "x").contains(&("bsn-in-antwoord".into(), "error".into())));
    let (out, _) = stdout(&["--no-config", "check", "--format", "json", "-"], Some(text));
    assert!(findings(&out).contains(&("bsn-in-antwoord".into(), "error".into())));
}

#[test]
fn the_organisations_own_number_from_config_is_not_personal_data() {
    let dir = temp_dir("privacy-own-number");
    std::fs::write(
        dir.join("nabij.toml"),
        "[privacy]\nown_phones = [\"020 123 4567\", \"14 020\"]\nown_domains = [\"gemeente.nl\"]\n",
    )
    .unwrap();
    let reply = dir.join("antwoord.txt");
    std::fs::write(
        &reply,
        "Je kunt ook bellen met 020-1234567 of mailen naar a.bakker@gemeente.nl. Ik bel je morgen op 06-12345678. ^MS\n",
    )
    .unwrap();
    let cfg = dir.join("nabij.toml");
    let (out, _) = stdout(
        &[
            "--config",
            cfg.to_str().unwrap(),
            "check",
            "--platform",
            "x",
            "--format",
            "json",
            reply.to_str().unwrap(),
        ],
        None,
    );
    let phones: Vec<_> = findings(&out)
        .into_iter()
        .filter(|(r, _)| r == "telefoonnummer-in-antwoord" || r == "e-mailadres-in-antwoord")
        .collect();
    assert_eq!(phones, [("telefoonnummer-in-antwoord".into(), "error".into())], "{out}");
    assert!(
        out.contains("\"text\": \"**-********\""),
        "the citizen's number, masked: {out}"
    );
    assert!(!out.contains("12345678"));
}

#[test]
fn a_bad_privacy_setting_is_an_error_placed_in_the_config() {
    let dir = temp_dir("privacy-bad-privacy");
    let cfg = dir.join("nabij.toml");
    std::fs::write(&cfg, "[privacy]\ncase_patterns = ['Z-(']\nown_phones = [\"geen\"]\n").unwrap();
    let out = nabij(&["--config", cfg.to_str().unwrap(), "check", "-"], Some("Hoi"));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("ongeldig patroon voor zaaknummers") && err.contains("nabij.toml:2"),
        "{err}"
    );
    assert!(
        err.contains("geen telefoonnummer") && err.contains("nabij.toml:3"),
        "{err}"
    );
    let unknown = dir.join("unknown.toml");
    std::fs::write(&unknown, "[privacy]\nown_fax = [\"1\"]\n").unwrap();
    let out = nabij(&["--config", unknown.to_str().unwrap(), "check", "-"], Some("Hoi"));
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_citizen_who_posted_their_bsn_gets_advice_and_the_signal_is_masked() {
    let thread = "--- burger\nMijn BSN is 123456782 en ik woon op Dorpsstraat 4, waarom duurt dit zo lang?\n--- antwoord\nDank voor je bericht, we kijken ernaar.\n";
    for format in FORMATS {
        let (out, _) = stdout(
            &["--no-config", "check", "--platform", "x", "--format", format, "-"],
            Some(thread),
        );
        assert!(
            !out.contains("123456782") && !out.contains("Dorpsstraat"),
            "{format}:\n{out}"
        );
    }
    let (json, _) = stdout(
        &["--no-config", "check", "--platform", "x", "--format", "json", "-"],
        Some(thread),
    );
    assert!(findings(&json).contains(&("burger-deelde-persoonsgegevens".into(), "warning".into())));
    assert!(json.contains("\"signal\": \"persoonsgegevens-gedeeld\""), "{json}");
    // A reply that already advises removing it needs no reminder.
    let advised = thread.replace(
        "Dank voor je bericht, we kijken ernaar.",
        "Je noemt je BSN in je bericht; haal je dat weg? Dan gaan we verder via DM. ^MS",
    );
    let (json, _) = stdout(
        &["--no-config", "check", "--platform", "x", "--format", "json", "-"],
        Some(&advised),
    );
    assert!(
        findings(&json)
            .iter()
            .all(|(r, _)| r != "burger-deelde-persoonsgegevens")
    );
    // The same from a separate --incoming file.
    let dir = temp_dir("privacy-incoming-file");
    let incoming = dir.join("bericht.txt");
    std::fs::write(&incoming, "Bel me op 06-12345678 alsjeblieft").unwrap();
    let (out, _) = stdout(
        &[
            "--no-config",
            "check",
            "--platform",
            "x",
            "--incoming",
            incoming.to_str().unwrap(),
            "-",
        ],
        Some("Dank voor je bericht."),
    );
    assert!(
        out.contains("persoonsgegevens-gedeeld") && !out.contains("12345678"),
        "{out}"
    );
}

#[test]
fn a_baseline_does_not_record_the_personal_data() {
    let dir = temp_dir("privacy-baseline");
    let reply = dir.join("antwoord.txt");
    std::fs::write(&reply, "Ik heb je BSN 123456782 gevonden.\n").unwrap();
    let baseline = dir.join("baseline.json");
    nabij(
        &[
            "--no-config",
            "check",
            "--write-baseline",
            baseline.to_str().unwrap(),
            reply.to_str().unwrap(),
        ],
        None,
    );
    let written = std::fs::read_to_string(&baseline).unwrap();
    assert!(written.contains("bsn-in-antwoord"), "{written}");
    assert!(!written.contains("123456782"), "{written}");
    assert_eq!(
        std::fs::read_to_string(&reply).unwrap(),
        "Ik heb je BSN 123456782 gevonden.\n",
        "the checked file is never changed"
    );
    // Not even when the baseline is pointed at it.
    let r = reply.to_str().unwrap();
    let out = nabij(&["--no-config", "check", "--write-baseline", r, "--force", r], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("dat gecontroleerd wordt"));
    assert_eq!(
        std::fs::read_to_string(&reply).unwrap(),
        "Ik heb je BSN 123456782 gevonden.\n"
    );
}

#[test]
fn a_template_library_masks_in_its_own_file_and_honours_template_platforms() {
    let dir = temp_dir("privacy-library");
    let lib = dir.join("sjablonen.toml");
    std::fs::write(
        &lib,
        "[[templates]]\nname = \"openbaar\"\nplatform = \"x\"\ntext = \"Je IBAN NL91ABNA0417164300 staat goed.\"\n\n\
         [[templates]]\nname = \"prive\"\nplatform = \"whatsapp\"\ntext = \"Je IBAN NL91ABNA0417164300 staat goed.\"\n",
    )
    .unwrap();
    let (out, _) = stdout(
        &["--no-config", "check", "--format", "json", lib.to_str().unwrap()],
        None,
    );
    let ibans: Vec<_> = findings(&out)
        .into_iter()
        .filter(|(r, _)| r == "iban-in-antwoord")
        .map(|(_, s)| s)
        .collect();
    assert_eq!(ibans, ["error", "info"]);
    assert!(!out.contains("0417164300"), "{out}");
}

/// A BSN (9 digits passing the eleven test) from its first 8 digits, if one exists.
fn bsn(first: [u8; 8]) -> Option<String> {
    let sum: u32 = first.iter().zip((2..=9).rev()).map(|(&d, w)| u32::from(d) * w).sum();
    let last = (sum % 11) as u8;
    let digits: Vec<u8> = first.iter().copied().chain([last]).collect();
    (last < 10 && digits.iter().any(|&d| d != digits[0]))
        .then(|| digits.iter().map(|&d| char::from(b'0' + d)).collect())
}

/// A Dutch IBAN with valid check digits for a bank code and a 10-digit account.
fn iban(bank: &str, account: &str) -> String {
    let numeric: String = format!("{bank}{account}NL00")
        .chars()
        .map(|c| {
            if c.is_ascii_digit() {
                c.to_string()
            } else {
                (c as u32 - 'A' as u32 + 10).to_string()
            }
        })
        .collect();
    let rem = numeric.bytes().fold(0u32, |r, b| (r * 10 + u32::from(b - b'0')) % 97);
    format!("NL{:02}{bank}{account}", 98 - rem)
}

fn filler() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Ik heb het nagekeken.".to_string()),
        Just("Vervelend dat het zo lang duurt!".to_string()),
        Just("👩‍👩‍👧‍👦 🇳🇱".to_string()),
        Just("e\u{301}e\u{301}n\r\n".to_string()),
        Just("\"citaat\" en https://www.gemeente.nl/afval".to_string()),
        "[a-zA-Z ,.]{0,20}",
    ];
    proptest::collection::vec(piece, 0..4).prop_map(|p| p.join(" "))
}

/// A piece of personal data as it might be written, and the digits that must not be shown.
fn personal() -> impl Strategy<Value = (String, String)> {
    let bsn_value = proptest::array::uniform8(0u8..10)
        .prop_filter_map("no BSN", bsn)
        .prop_flat_map(|b| {
            let dotted = format!("{}.{}.{}", &b[..3], &b[3..6], &b[6..]);
            prop_oneof![Just((b.clone(), b.clone())), Just((dotted, b))]
        });
    let iban_value = ("[A-Z]{4}", "[0-9]{10}").prop_map(|(bank, account)| {
        let i = iban(&bank, &account);
        (i.clone(), i[4..].to_string())
    });
    let phone = "[1-9][0-9]{7}".prop_flat_map(|n| {
        prop_oneof![
            Just((format!("06-{n}"), n.clone())),
            Just((format!("+31 6 {n}"), n.clone())),
            Just((format!("06 {} {}", &n[..4], &n[4..]), n.clone())),
        ]
    });
    prop_oneof![bsn_value, iban_value, phone]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Masked output never contains the digits it masked, and masking moves no span.
    #[test]
    fn masked_output_never_contains_the_digits_it_masked(
        before in filler(),
        (written, digits) in personal(),
        after in filler(),
        platform in prop_oneof![Just(Platform::X), Just(Platform::Whatsapp)],
    ) {
        let text = format!("{before} Ik noteer {written} bij je melding. {after}");
        let options = CheckOptions {
            command_line: nabij::config::CommandLine { platform: Some(platform), ..Default::default() },
            ..CheckOptions::default()
        };
        let report = check_source(&SET, &options, "antwoord.txt".into(), text.clone());
        prop_assert_eq!(report.source.len(), text.len());
        let personal: Vec<_> = report.replies.iter().flat_map(|r| r.findings.iter())
            .filter(|f| SET.rules()[f.rule].dimension == nabij::Dimension::Privacy)
            .collect();
        prop_assert!(!personal.is_empty(), "nothing found in {:?}", text);
        for f in &personal {
            let expected = if platform == Platform::X { Severity::Error } else { Severity::Info };
            prop_assert_eq!(f.severity, expected);
            prop_assert!(report.source.is_char_boundary(f.span.start) && report.source.is_char_boundary(f.span.end));
        }
        let files = [report];
        let renderer = annotate_snippets::Renderer::plain();
        let outputs = [
            nabij::print::json::render(&files, &[], &SET, Severity::Warning),
            nabij::print::sarif::render(&files, &[], &SET),
            nabij::print::compact::render(&files, &SET),
            nabij::print::github::render(&files, &SET),
            nabij::print::human::render_file(&files[0], &SET, &renderer),
        ];
        for out in outputs {
            prop_assert!(!out.contains(&digits), "{} shown in:\n{}", digits, out);
            prop_assert!(!out.contains(&written), "{} shown in:\n{}", written, out);
        }
    }
}

/// Text that looks like personal data, half-way: digits, separators, letters, plus signs.
fn lookalike() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => "[0-9 .()+-]{1,16}",
        2 => "[A-Z]{1,4}[0-9]{1,4}",
        1 => "[a-z.]{1,8}@[a-z]{1,8}\\.[a-z]{2,3}",
        1 => "[A-Z][a-z]{2,8}(straat|laan|weg) [0-9]{1,3}[a-z]?",
        1 => "(geboren op|zaaknummer|kenteken|#|@|é|👩‍👩‍👧|\u{200b}|\r\n) ?",
        1 => any::<char>().prop_map(|c| c.to_string()),
    ];
    proptest::collection::vec(piece, 0..12).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Every detector returns sorted spans on character boundaries, and masking keeps the
    /// length, the characters outside the spans, and no letter or digit inside them.
    #[test]
    fn detectors_and_masking_hold_on_lookalike_text(text in lookalike()) {
        let settings = nabij::privacy::Settings::default();
        let mut all = Vec::new();
        for d in nabij::privacy::Detector::ALL {
            let spans = nabij::privacy::find(d, &text, &settings);
            prop_assert!(spans.windows(2).all(|w| w[0] <= w[1]), "{d}: unsorted {spans:?}");
            for s in &spans {
                prop_assert!(s.start < s.end && s.end <= text.len());
                prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            }
            all.extend(spans);
        }
        let masked = nabij::privacy::mask(&text, &all);
        prop_assert_eq!(masked.len(), text.len());
        prop_assert_eq!(masked.chars().count(), text.chars().count());
        for ((at, a), b) in text.char_indices().zip(masked.chars()) {
            let inside = all.iter().any(|s| s.start <= at && at < s.end);
            if inside {
                prop_assert!(!b.is_alphanumeric(), "{a:?} at {at} not masked in {masked:?}");
            } else {
                prop_assert_eq!(a, b);
            }
        }
    }
}
