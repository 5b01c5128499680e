//! Personal data in a text: citizen service numbers (BSN), IBANs, phone numbers, e-mail
//! addresses, postcodes, street addresses, dates of birth, licence plates and case numbers.
//! Each detector returns byte spans of the original text; rules and signals name detectors
//! with `detect = [...]`. What a detector finds is also masked in every output, so nabij
//! never spreads what it warns about.
//!
//! Detectors look for the value, then check it: a BSN must pass the eleven test, an IBAN its
//! mod-97 check digits, a phone number the Dutch numbering plan. The organisation's own
//! public numbers, e-mail domains and addresses come from `[privacy]` in nabij.toml.

mod mask;
mod numbers;
pub use mask::*;
use numbers::*;

use crate::span::Span;
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::LazyLock;

/// What a detector looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Detector {
    /// A citizen service number: 9 digits (dots or spaces allowed) that pass the eleven test.
    Bsn,
    /// An IBAN with valid mod-97 check digits and its country's length.
    Iban,
    /// A Dutch mobile or landline number (also +31), or an international one; not service
    /// numbers (0800, 0900, 088, 14 0xx, 112) and not the organisation's own.
    Phone,
    /// An e-mail address outside the organisation's domains and other than a role address
    /// (info@, webcare@...).
    Email,
    /// A Dutch postcode: `1234 AB`.
    Postcode,
    /// A street name with a house number: `Kerkstraat 12a`.
    Address,
    /// A date after "geboren (op)", "geboortedatum" or "geb.".
    BirthDate,
    /// A Dutch licence plate in one of the side-codes (`AB-12-34`, `12-ABC-3`).
    Plate,
    /// A number after "zaaknummer", "dossiernummer", "klantnummer"... or matching one of the
    /// team's `case_patterns`.
    CaseNumber,
}

impl Detector {
    pub const ALL: [Detector; 9] = [
        Detector::Bsn,
        Detector::Iban,
        Detector::Phone,
        Detector::Email,
        Detector::Postcode,
        Detector::Address,
        Detector::BirthDate,
        Detector::Plate,
        Detector::CaseNumber,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Detector::Bsn => "bsn",
            Detector::Iban => "iban",
            Detector::Phone => "phone",
            Detector::Email => "email",
            Detector::Postcode => "postcode",
            Detector::Address => "address",
            Detector::BirthDate => "birth-date",
            Detector::Plate => "plate",
            Detector::CaseNumber => "case-number",
        }
    }

    /// What the detector finds, in Dutch (for `explain`).
    pub fn describe(self) -> &'static str {
        match self {
            Detector::Bsn => "burgerservicenummer (9 cijfers die de elfproef doorstaan)",
            Detector::Iban => "IBAN met geldige controlecijfers (mod 97)",
            Detector::Phone => "telefoonnummer van een persoon (geen 0800, 0900, 088, 14 0xx, 112 of eigen nummers)",
            Detector::Email => "e-mailadres buiten de eigen domeinen (geen info@, webcare@...)",
            Detector::Postcode => "postcode (1234 AB)",
            Detector::Address => "straat met huisnummer (Kerkstraat 12a)",
            Detector::BirthDate => "geboortedatum (na \"geboren op\", \"geboortedatum\")",
            Detector::Plate => "kenteken (AB-12-34, 12-ABC-3)",
            Detector::CaseNumber => "zaak-, dossier- of klantnummer (ook de patronen uit [privacy] case_patterns)",
        }
    }

    /// Whether a text with this profile can hold the detector's value at all: most replies
    /// hold fewer than nine digits and no `@`, and then most detectors need not run.
    fn may_occur(self, p: &Profile) -> bool {
        match self {
            Detector::Bsn | Detector::Iban | Detector::Phone => p.digits >= 9,
            Detector::Postcode | Detector::BirthDate | Detector::CaseNumber => p.digits >= 4,
            Detector::Plate => p.digits >= 1 && p.dash,
            Detector::Address => p.digits >= 1,
            Detector::Email => p.at,
        }
    }

    /// Whether `text` holds what every match of the detector's regex needs, tested without
    /// the regex (which costs more to start than these loops on a message): a house number
    /// after a street name, a postcode's digits before a capital, "geb" before a birth date,
    /// a case-number word. Texts the test cannot judge cheaply (non-ASCII ones, for the
    /// case-insensitive regexes: `(?i)k` also matches the Kelvin sign) pass.
    fn may_match(self, text: &str) -> bool {
        let b = text.as_bytes();
        match self {
            Detector::Address => (1..b.len()).any(|i| {
                b[i].is_ascii_digit()
                    && b[i - 1] == b' '
                    && STREET_SUFFIXES.iter().any(|s| {
                        // Byte by byte from the end: the last letter turns most down.
                        let s = s.as_bytes();
                        s.len() < i && s.iter().rev().zip(b[..i - 1].iter().rev()).all(|(x, y)| x == y)
                    })
            }),
            Detector::Postcode => (0..b.len().saturating_sub(4)).any(|i| {
                matches!(b[i], b'1'..=b'9')
                    && b[i + 1..i + 4].iter().all(u8::is_ascii_digit)
                    && match b.get(i + 4) {
                        Some(b' ') => b.get(i + 5).is_some_and(u8::is_ascii_uppercase),
                        Some(c) => c.is_ascii_uppercase(),
                        None => false,
                    }
            }),
            Detector::BirthDate => !text.is_ascii() || contains_ascii_ci(b, b"geb"),
            Detector::CaseNumber => {
                !text.is_ascii()
                    || contains_ascii_ci(b, b"nr")
                    || contains_ascii_ci(b, b"nummer")
                    || contains_ascii_ci(b, b"kenmerk")
            }
            _ => true,
        }
    }
}

/// Whether `hay` holds `needle` (lowercase ASCII) in any ASCII case.
fn contains_ascii_ci(hay: &[u8], needle: &[u8]) -> bool {
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    // Only where the first letter is: a vectorised search, not a window at every byte.
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), hay).any(|i| {
        hay.get(i + 1..i + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(rest))
    })
}

/// What a text holds that detectors need, counted in one pass.
#[derive(Debug, Clone, Copy)]
struct Profile {
    digits: usize,
    at: bool,
    dash: bool,
}

impl Profile {
    fn of(text: &str) -> Profile {
        let bytes = text.as_bytes();
        Profile {
            // Counted in byte-sized sums over pieces short enough not to overflow one: the
            // compiler adds 16 bytes at a time, not one (a count into a usize per byte).
            digits: bytes
                .chunks(255)
                .map(|piece| usize::from(piece.iter().map(|&b| u8::from(b.is_ascii_digit())).sum::<u8>()))
                .sum(),
            at: memchr::memchr(b'@', bytes).is_some(),
            dash: memchr::memchr(b'-', bytes).is_some(),
        }
    }
}

impl fmt::Display for Detector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The organisation's own public data, which is never personal data, and its case-number
/// patterns: `[privacy]` in nabij.toml.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Phone numbers, as national digits (`0201234567`, `14020`).
    pub own_phones: Vec<String>,
    /// E-mail domains, lowercase; subdomains count too.
    pub own_domains: Vec<String>,
    /// Addresses and postcodes, as their lowercase words.
    pub own_addresses: Vec<Vec<String>>,
    /// Case or file numbers (regex over the original text).
    pub case_patterns: Vec<Regex>,
}

impl Settings {
    pub fn add_phone(&mut self, written: &str) -> bool {
        let digits = national_digits(written);
        let ok = digits.len() >= 3;
        if ok {
            self.own_phones.push(digits);
        }
        ok
    }

    pub fn add_domain(&mut self, written: &str) {
        self.own_domains
            .push(written.trim().trim_start_matches('@').to_ascii_lowercase());
    }

    pub fn add_address(&mut self, written: &str) {
        self.own_addresses.push(address_words(written));
    }
}

/// The words of an address, lowercase, commas dropped.
fn address_words(s: &str) -> Vec<String> {
    s.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("valid built-in detector regex")
}

static BSN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:[0-9]{9}|[0-9]{3}[. ][0-9]{3}[. ][0-9]{3}|[0-9]{4}\.[0-9]{2}\.[0-9]{3}|[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{3})\b",
    )
});
static IBAN: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\b[a-z]{2}[0-9]{2}(?: ?[a-z0-9]){11,30}\b"));
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\+|\b00)[0-9]{2,3}(?: ?- ?|[ .])?(?:\(0\)[ .-]?)?[0-9](?:[ .-]?[0-9]){5,12}|\(0[0-9]{1,3}\)[ .-]?[0-9](?:[ .-]?[0-9]){4,9}|\b0[0-9]{1,3}(?: ?- ?|[ .])?[0-9](?:[ .-]?[0-9]){4,9}",
    )
});
static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| re(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"));
static POSTCODE: LazyLock<Regex> = LazyLock::new(|| re(r"\b[1-9][0-9]{3} ?[A-Z]{2}\b"));
/// The last part of a street name, as the address regex lists them.
const STREET_SUFFIXES: &[&str] = &[
    "straat",
    "laan",
    "weg",
    "plein",
    "gracht",
    "kade",
    "singel",
    "dijk",
    "hof",
    "park",
    "steeg",
    "pad",
    "dreef",
    "baan",
    "markt",
    "wal",
    "plantsoen",
    "erf",
    "veld",
    "boulevard",
    "allee",
    "haven",
    "dam",
    "ring",
    "burgwal",
    "steenweg",
    "straatweg",
    "dwarsstraat",
];
static ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b[A-Z]\p{{Ll}}*(?:{}) [0-9]{{1,4}}(?:-?[a-zA-Z]\b| [A-Z]\b|-[0-9]{{1,3}}\b| ?-? ?(?:hs|bis|zw|rd|huis)\b)?",
        STREET_SUFFIXES.join("|")
    ))
});
static BIRTH_DATE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:geboren\s+(?:(?:bent|ben|is|zijn)\s+)?(?:op\s+)?|geboortedatum\s*:?\s*(?:is\s+)?|geb\.\s*(?:datum\s*:?\s*)?)([0-9]{1,2}[-./][0-9]{1,2}[-./](?:[0-9]{4}|[0-9]{2})|[0-9]{1,2}\s+(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec)\.?\s+[0-9]{4})\b",
    )
});
static PLATE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:[A-Z]{2}-[0-9]{2}-[0-9]{2}|[0-9]{2}-[0-9]{2}-[A-Z]{2}|[0-9]{2}-[A-Z]{2}-[0-9]{2}|[A-Z]{2}-[0-9]{2}-[A-Z]{2}|[A-Z]{2}-[A-Z]{2}-[0-9]{2}|[0-9]{2}-[A-Z]{2}-[A-Z]{2}|[0-9]{2}-[A-Z]{3}-[0-9]|[0-9]-[A-Z]{3}-[0-9]{2}|[A-Z]{2}-[0-9]{3}-[A-Z]|[A-Z]-[0-9]{3}-[A-Z]{2}|[A-Z]{3}-[0-9]{2}-[A-Z]|[A-Z]-[0-9]{2}-[A-Z]{3}|[0-9]-[A-Z]{2}-[0-9]{3}|[0-9]{3}-[A-Z]{2}-[0-9])\b",
    )
});
static CASE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:zaaknummer|zaaknr\.?|dossiernummer|dossiernr\.?|klantnummer|klantnr\.?|relatienummer|cli[eë]ntnummer|aanvraagnummer|kenmerk|referentienummer|registratienummer|polisnummer)\s*:?\s*(?:is\s+)?([a-z0-9][a-z0-9./-]*[0-9][a-z0-9./-]*)",
    )
});

/// Local parts of addresses that belong to a desk, not a person.
const ROLE_ADDRESSES: &[&str] = &[
    "info",
    "webcare",
    "contact",
    "klantcontact",
    "klantenservice",
    "servicedesk",
    "helpdesk",
    "support",
    "noreply",
    "no-reply",
    "post",
    "postbus",
    "secretariaat",
    "communicatie",
    "pers",
    "privacy",
    "klachten",
    "vragen",
    "service",
    "balie",
    "loket",
];

/// Domains that stand for "some address" in examples and documentation.
const EXAMPLE_DOMAINS: &[&str] = &["example.com", "example.nl", "example.org", "voorbeeld.nl"];

/// Words after a number that make "Parkeerplein 2 uur" a measure, not an address.
const UNITS: &[&str] = &[
    "uur", "minuten", "minuut", "dagen", "dag", "weken", "week", "keer", "euro", "jaar", "maanden", "km", "meter",
    "personen", "mensen", "stuks", "procent",
];

/// Every place each of `detectors` finds personal data in `text`, as byte spans, sorted;
/// detectors that find nothing are left out (most texts hold no personal data, and then
/// nothing is allocated).
pub fn find_all(detectors: &[Detector], text: &str, settings: &Settings) -> Vec<(Detector, Vec<Span>)> {
    let profile = Profile::of(text);
    detectors
        .iter()
        .map(|&d| (d, find_with(d, text, settings, &profile)))
        .filter(|(_, spans)| !spans.is_empty())
        .collect()
}

/// Every place `detector` finds personal data in `text`, as byte spans, sorted.
pub fn find(detector: Detector, text: &str, settings: &Settings) -> Vec<Span> {
    find_with(detector, text, settings, &Profile::of(text))
}

fn find_with(detector: Detector, text: &str, settings: &Settings, profile: &Profile) -> Vec<Span> {
    let by_config = detector == Detector::CaseNumber && !settings.case_patterns.is_empty();
    if !detector.may_occur(profile) && !by_config {
        return Vec::new();
    }
    let regex_may_match = detector.may_match(text);
    if !regex_may_match && !by_config {
        return Vec::new();
    }
    let mut out = Vec::new();
    match detector {
        Detector::Bsn => {
            for m in BSN.find_iter(text) {
                let digits: Vec<u8> = m
                    .as_str()
                    .bytes()
                    .filter(u8::is_ascii_digit)
                    .map(|d| d - b'0')
                    .collect();
                if elfproef(&digits) && standalone(text, m.start(), m.end()) {
                    out.push(Span::new(m.start(), m.end()));
                }
            }
        }
        Detector::Iban => {
            for m in IBAN.find_iter(text) {
                if let Some(end) = iban_end(text, m.start(), m.end()) {
                    out.push(Span::new(m.start(), end));
                }
            }
        }
        Detector::Phone => {
            for m in PHONE.find_iter(text) {
                if let Some(end) = phone_end(text, m.start(), m.end(), settings)
                    && !organisation_number(text, m.start())
                {
                    out.push(Span::new(m.start(), end));
                }
            }
        }
        Detector::Email => {
            for m in EMAIL.find_iter(text) {
                let (local, domain) = m.as_str().split_once('@').expect("the regex has an @");
                let domain = domain.to_ascii_lowercase();
                let own = settings
                    .own_domains
                    .iter()
                    .map(String::as_str)
                    .chain(EXAMPLE_DOMAINS.iter().copied())
                    .any(|d| domain == d || domain.ends_with(&format!(".{d}")));
                let role = ROLE_ADDRESSES.contains(&local.to_ascii_lowercase().as_str());
                if !own && !role {
                    out.push(Span::new(m.start(), m.end()));
                }
            }
        }
        Detector::Postcode => {
            for m in POSTCODE.find_iter(text) {
                let letters = &m.as_str()[m.as_str().len() - 2..];
                if !matches!(letters, "SA" | "SD" | "SS")
                    && standalone(text, m.start(), m.end())
                    && !own_address(settings, m.as_str())
                {
                    out.push(Span::new(m.start(), m.end()));
                }
            }
        }
        Detector::Address => {
            for m in ADDRESS.find_iter(text) {
                let next = text[m.end()..].split_whitespace().next().unwrap_or("");
                let next = next.trim_end_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
                if !UNITS.contains(&next.as_str())
                    && standalone(text, m.start(), m.end())
                    && !own_address(settings, m.as_str())
                {
                    out.push(Span::new(m.start(), m.end()));
                }
            }
        }
        Detector::BirthDate => {
            for c in BIRTH_DATE.captures_iter(text) {
                let date = c.get(1).expect("the regex has a date group");
                out.push(Span::new(date.start(), date.end()));
            }
        }
        Detector::Plate => {
            for m in PLATE.find_iter(text) {
                if standalone(text, m.start(), m.end()) {
                    out.push(Span::new(m.start(), m.end()));
                }
            }
        }
        Detector::CaseNumber => {
            // The built-in regex only where it can match; the team's own patterns always.
            if regex_may_match {
                for c in CASE_NUMBER.captures_iter(text) {
                    let n = c.get(1).expect("the regex has a number group");
                    let value = n.as_str().trim_end_matches(['.', '/', '-']);
                    if value.bytes().filter(u8::is_ascii_digit).count() >= 4 {
                        out.push(Span::new(n.start(), n.start() + value.len()));
                    }
                }
            }
            for re in &settings.case_patterns {
                out.extend(
                    re.find_iter(text)
                        .filter(|m| m.start() < m.end())
                        .map(|m| Span::new(m.start(), m.end())),
                );
            }
            out.sort_unstable();
            out.dedup();
        }
    }
    out
}

/// Whether `found` is (part of) one of the organisation's own addresses, word for word:
/// "Stadhuisplein 1" is in "Stadhuisplein 1, 1011 PN", "Kerkstraat 12" is not in
/// "Kerkstraat 120".
fn own_address(settings: &Settings, found: &str) -> bool {
    let found = address_words(found);
    !found.is_empty()
        && settings
            .own_addresses
            .iter()
            .any(|a| a.windows(found.len()).any(|w| w == found.as_slice()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_is_found_in_any_ascii_case_where_a_window_would_find_it() {
        let texts = [
            "",
            "n",
            "N",
            "nr",
            "Nr.",
            "NR 12",
            "zaaknr",
            "kenmerk",
            "KENmerk: 12",
            "nummer",
            "numme",
            "uw nUmMeR is",
            "geen nr hier?",
            "kenmer",
            "ngeb",
            "Geboren",
            "GEB.",
            "ñr nr",
            "één nr",
        ];
        for text in texts {
            for needle in [&b"nr"[..], b"nummer", b"kenmerk", b"geb"] {
                let windows = text
                    .as_bytes()
                    .windows(needle.len())
                    .any(|w| w.eq_ignore_ascii_case(needle));
                assert_eq!(
                    contains_ascii_ci(text.as_bytes(), needle),
                    windows,
                    "{text:?} {needle:?}"
                );
            }
        }
    }

    #[test]
    fn digits_are_counted_in_texts_of_any_length() {
        for text in [
            "",
            "a1",
            "0612345678",
            "één 1 twee ٣ 2",
            &"7".repeat(255),
            &"9".repeat(1000),
            &"x8".repeat(400),
        ] {
            let plain = text.bytes().filter(u8::is_ascii_digit).count();
            assert_eq!(Profile::of(text).digits, plain, "{text}");
        }
    }

    fn found(d: Detector, text: &str) -> Vec<&str> {
        find(d, text, &Settings::default())
            .into_iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn the_cheap_tests_never_turn_down_a_text_the_regex_matches() {
        let pieces = [
            "Kerkstraat 12",
            "kerkstraat 12",
            "Stationsweg 3a",
            "de Dam 1",
            "Laan  4",
            "laan4",
            "3011 AB",
            "3011AB",
            "0123 AB",
            "3011 ab",
            "geboren op 1-2-1990",
            "GEB. 01-02-1990",
            "Geboortedatum: 3 mei 1980",
            "zaaknummer 2024-0001",
            "Zaaknr. Z/24/1234",
            "KENMERK: AB1234",
            "cliëntnummer 12345",
            "\u{212a}enmerk 12345",
            "polis\u{17f}nummer",
            "straat",
            "12",
            " ",
            "é",
            "weg 1234 ",
            "Hof 7-9",
            "Burgwal 1 hs",
            "Marktplein 10, 1234 AB Dorp",
            "",
            "nr 1234",
            "Nr. 5678",
        ];
        let checks: [(Detector, &Regex); 4] = [
            (Detector::Address, &ADDRESS),
            (Detector::Postcode, &POSTCODE),
            (Detector::BirthDate, &BIRTH_DATE),
            (Detector::CaseNumber, &CASE_NUMBER),
        ];
        let mut matched = 0;
        for a in pieces {
            for b in pieces {
                for text in [format!("{a} {b}"), format!("{a}{b}"), format!("Mijn {a}, en {b}.")] {
                    for (d, re) in checks {
                        if re.is_match(&text) {
                            matched += 1;
                            assert!(d.may_match(&text), "{d:?} turned down {text:?}");
                        }
                    }
                }
            }
        }
        assert!(
            matched > 1000,
            "the pieces must match often enough to test anything: {matched}"
        );
        // And the tests do turn texts down.
        assert!(!Detector::Address.may_match("Ik woon al 12 jaar aan de Kerkstraat."));
        assert!(!Detector::Postcode.may_match("Op 12-03-2024 om 1500 uur"));
        assert!(!Detector::BirthDate.may_match("Sinds 12-03-2024 wacht ik"));
        assert!(!Detector::CaseNumber.may_match("Sinds 12-03-2024 wacht ik"));
    }

    #[test]
    fn bsn_needs_the_eleven_test() {
        assert!(elfproef(&[1, 2, 3, 4, 5, 6, 7, 8, 2]));
        assert!(!elfproef(&[1, 2, 3, 4, 5, 6, 7, 8, 9]));
        assert!(!elfproef(&[0; 9]), "all zeros is no BSN");
        assert_eq!(found(Detector::Bsn, "Je BSN is 123456782."), ["123456782"]);
        assert_eq!(found(Detector::Bsn, "BSN 123.456.782, klopt dat?"), ["123.456.782"]);
        assert_eq!(found(Detector::Bsn, "nummer 123 456 782"), ["123 456 782"]);
        assert!(found(Detector::Bsn, "Je BSN is 123456789.").is_empty());
        assert!(found(Detector::Bsn, "bedrag 1.123456782 of 123456782-4").is_empty());
        assert!(found(Detector::Bsn, "ID A123456782").is_empty());
        assert!(found(Detector::Bsn, "Ticket #123456782 staat open").is_empty());
    }

    #[test]
    fn iban_needs_its_check_digits_and_length() {
        assert!(iban_valid("NL91ABNA0417164300"));
        assert!(!iban_valid("NL92ABNA0417164300"));
        assert_eq!(
            found(Detector::Iban, "Maak het over naar NL91 ABNA 0417 1643 00 graag."),
            ["NL91 ABNA 0417 1643 00"]
        );
        assert_eq!(
            found(Detector::Iban, "rekening nl91abna0417164300"),
            ["nl91abna0417164300"]
        );
        assert_eq!(found(Detector::Iban, "BE68539007547034"), ["BE68539007547034"]);
        assert!(found(Detector::Iban, "NL92ABNA0417164300").is_empty());
        assert!(
            found(Detector::Iban, "NL91ABNA04171643001").is_empty(),
            "one digit too many"
        );
    }

    #[test]
    fn phone_numbers_but_not_service_numbers_dates_or_own_numbers() {
        for text in [
            "06-12345678",
            "06 1234 5678",
            "0612345678",
            "+31 6 12345678",
            "+31 (0)6 12345678",
            "0031612345678",
            "020-1234567",
            "(020) 123 45 67",
            "0348 123456",
            "+32 470 12 34 56",
            "06 - 12345678",
        ] {
            assert_eq!(found(Detector::Phone, &format!("Bel {text}.")), [text], "{text}");
        }
        for text in [
            "Bel 14 020.",
            "Bel 0800-1234.",
            "Bel 0800 0113 of 113.",
            "Bel 112.",
            "Bel 088 123 4567.",
            "Op 06-12-2026 om 15.00 uur.",
            "Om 09.00 uur.",
            "Kosten 0,50 euro.",
            "Versie 0.1.2.3",
            "Bel ons gerust op 020 - 751 51 55.",
            "Onze klantenservice is bereikbaar via 0348 123456.",
        ] {
            assert!(
                found(Detector::Phone, text).is_empty(),
                "{text}: {:?}",
                found(Detector::Phone, text)
            );
        }
        let mut own = Settings::default();
        assert!(own.add_phone("020 123 4567"));
        assert!(find(Detector::Phone, "Bel 020-1234567.", &own).is_empty());
        assert_eq!(find(Detector::Phone, "Bel 06-12345678.", &own).len(), 1);
        assert_eq!(found(Detector::Phone, "Bel 06 1234 5678 2 keer"), ["06 1234 5678"]);
    }

    #[test]
    fn email_outside_own_domains_and_desks() {
        assert_eq!(
            found(Detector::Email, "Mail j.jansen@gmail.com"),
            ["j.jansen@gmail.com"]
        );
        assert!(found(Detector::Email, "Mail info@gemeente.nl of webcare@gemeente.nl").is_empty());
        let mut own = Settings::default();
        own.add_domain("gemeente.nl");
        assert!(find(Detector::Email, "Mail a.de.vries@wijk.gemeente.nl", &own).is_empty());
        assert!(find(Detector::Email, "Mail a.de.vries@gemeente.nl.evil.com", &own).len() == 1);
    }

    #[test]
    fn addresses_postcodes_dates_plates_and_case_numbers() {
        assert_eq!(
            found(Detector::Address, "Ik woon op de Kerkstraat 12a in Utrecht"),
            ["Kerkstraat 12a"]
        );
        assert_eq!(found(Detector::Address, "Van Goghlaan 3-2"), ["Goghlaan 3-2"]);
        assert!(found(Detector::Address, "het Parkeerplein 2 uur lang").is_empty());
        assert!(
            found(Detector::Address, "de kerkstraat 12").is_empty(),
            "street names have a capital"
        );
        assert_eq!(found(Detector::Postcode, "postcode 1234 AB"), ["1234 AB"]);
        assert_eq!(found(Detector::Postcode, "3511AB Utrecht"), ["3511AB"]);
        assert!(found(Detector::Postcode, "1234 SS, 0123 AB, 1234 ab").is_empty());
        assert!(found(Detector::Postcode, "1500 AB-aanvragen").is_empty());
        assert_eq!(found(Detector::BirthDate, "geboren op 12-03-1985"), ["12-03-1985"]);
        assert_eq!(found(Detector::BirthDate, "Geboortedatum: 3 mei 1990"), ["3 mei 1990"]);
        assert!(found(Detector::BirthDate, "Op 12-03-1985 was het druk").is_empty());
        assert_eq!(found(Detector::Plate, "auto met kenteken AB-12-34"), ["AB-12-34"]);
        assert_eq!(found(Detector::Plate, "kenteken 12-ABC-3"), ["12-ABC-3"]);
        assert!(found(Detector::Plate, "12-03-85 en COVID-19 en AB-CD-EF").is_empty());
        assert_eq!(
            found(Detector::CaseNumber, "Je zaaknummer is Z-2024-118.")[0],
            "Z-2024-118"
        );
        assert!(found(Detector::CaseNumber, "zaaknummer 12").is_empty());
        let mut own = Settings::default();
        own.case_patterns.push(Regex::new(r"\bWMO-[0-9]{5}\b").unwrap());
        let text = "over WMO-12345 hebben we";
        assert_eq!(find(Detector::CaseNumber, text, &own), [Span::new(5, 14)]);
        let mut own = Settings::default();
        own.add_address("Stadhuisplein 1, 1011 PN Amsterdam");
        assert!(find(Detector::Address, "Kom langs op het Stadhuisplein 1.", &own).is_empty());
        assert!(find(Detector::Postcode, "Postcode 1011 PN.", &own).is_empty());
        own.add_address("Kerkstraat 120");
        assert_eq!(find(Detector::Address, "Je woont op Kerkstraat 12.", &own).len(), 1);
    }

    #[test]
    fn masking_keeps_offsets_and_separators() {
        let text = "BSN 123.456.782 en é";
        let masked = mask(text, &[Span::new(4, 15), Span::new(19, text.len())]);
        assert_eq!(masked, "BSN ***.***.*** en \u{00b7}");
        assert_eq!(masked.len(), text.len());
        for c in ['a', 'é', 'ẞ', '𝟎'] {
            let masked = mask_char(c);
            assert_eq!(masked.len_utf8(), c.len_utf8());
            assert!(!masked.is_alphanumeric(), "{c} masks as {masked}");
        }
    }
}
