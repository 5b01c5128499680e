//! Telling a real number from a lookalike: the BSN's eleven test, IBAN lengths and check
//! digits, where a phone number ends, an organisation's own numbers, dates.

use super::*;

/// The digits of a phone number as dialled inside the Netherlands: `+31 (0)6 1234` and
/// `0031 6 1234` become `061234`.
pub(super) fn national_digits(written: &str) -> String {
    let trimmed = written.trim();
    let international = trimmed.starts_with('+') || trimmed.starts_with("00");
    let cleaned = trimmed.replace("(0)", "");
    let digits: String = cleaned.chars().filter(char::is_ascii_digit).collect();
    if international {
        let rest = digits.strip_prefix("00").unwrap_or(&digits);
        match rest.strip_prefix("31") {
            Some(nl) => format!("0{nl}"),
            None => format!("+{rest}"),
        }
    } else {
        digits
    }
}

/// Whether `text[start..end]` stands on its own: not glued to letters or digits, nor to a
/// number or word it continues (`1.123456782`, `123456782-4`, `1500 AB-aanvragen`), and not
/// a hashtag or handle (`#123456782`).
pub(super) fn standalone(text: &str, start: usize, end: usize) -> bool {
    let before: Vec<char> = text[..start].chars().rev().take(2).collect();
    let after: Vec<char> = text[end..].chars().take(2).collect();
    let glued = |c: Option<&char>, next: Option<&char>| match c {
        Some(c) if c.is_alphanumeric() || matches!(c, '_' | '#' | '@') => true,
        Some('-') => next.is_some_and(|n| n.is_alphanumeric()),
        Some('.' | ',' | '/') => next.is_some_and(|n| n.is_ascii_digit()),
        _ => false,
    };
    !glued(before.first(), before.get(1)) && !glued(after.first(), after.get(1))
}

/// The eleven test of a BSN: 9·d1 + 8·d2 + ... + 2·d8 − d9 is a multiple of 11.
pub fn elfproef(digits: &[u8]) -> bool {
    if digits.len() != 9 || digits.iter().all(|&d| d == digits[0]) {
        return false;
    }
    let sum: i64 = digits
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            let weight = if i == 8 { -1 } else { 9 - i as i64 };
            weight * i64::from(d)
        })
        .sum();
    sum % 11 == 0
}

/// IBAN lengths of the countries a Dutch organisation meets most.
pub(super) const IBAN_LENGTHS: &[(&str, usize)] = &[
    ("AD", 24),
    ("AT", 20),
    ("BE", 16),
    ("BG", 22),
    ("CH", 21),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DK", 18),
    ("EE", 20),
    ("ES", 24),
    ("FI", 18),
    ("FR", 27),
    ("GB", 22),
    ("GR", 27),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IS", 26),
    ("IT", 27),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("MA", 28),
    ("MT", 31),
    ("NL", 18),
    ("NO", 15),
    ("PL", 28),
    ("PT", 25),
    ("RO", 24),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("TR", 26),
];

/// Whether `iban` (uppercase letters and digits only) has its country's length and valid
/// mod-97 check digits.
pub fn iban_valid(iban: &str) -> bool {
    let b = iban.as_bytes();
    let Some(&(_, len)) = IBAN_LENGTHS
        .iter()
        .find(|(c, _)| b.len() >= 2 && c.as_bytes() == &b[..2])
    else {
        return false;
    };
    if b.len() != len || !b[2..4].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let mut rem: u32 = 0;
    for &c in b[4..].iter().chain(&b[..4]) {
        let v = match c {
            b'0'..=b'9' => u32::from(c - b'0'),
            b'A'..=b'Z' => u32::from(c - b'A') + 10,
            _ => return false,
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

/// Where an IBAN that starts at `start` ends: the candidate cut to its country's length (in
/// letters and digits), if that passes the check and stands on its own.
pub(super) fn iban_end(text: &str, start: usize, end: usize) -> Option<usize> {
    let candidate = &text[start..end];
    let country = candidate.get(..2)?.to_ascii_uppercase();
    let &(_, len) = IBAN_LENGTHS.iter().find(|(c, _)| *c == country)?;
    let mut compact = String::new();
    let mut cut = None;
    for (i, c) in candidate.char_indices() {
        if c == ' ' {
            continue;
        }
        compact.push(c.to_ascii_uppercase());
        if compact.len() == len {
            cut = Some(start + i + c.len_utf8());
            break;
        }
    }
    let cut = cut?;
    (iban_valid(&compact) && standalone(text, start, cut)).then_some(cut)
}

/// Number prefixes (national digits) of service numbers: not a person's.
pub(super) const SERVICE_PREFIXES: &[&str] = &["0800", "0900", "0906", "0909", "088"];

/// Where a phone number that starts at `start` ends, if it is a person's: the longest run
/// of its digit groups that makes a valid number.
pub(super) fn phone_end(text: &str, start: usize, end: usize, settings: &Settings) -> Option<usize> {
    let candidate = &text[start..end];
    // Group ends: after each run of digits (a `(0)` or `(020)` belongs to the next group).
    let mut ends: Vec<usize> = Vec::new();
    let bytes = candidate.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let next_digit = bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
        if (b.is_ascii_digit() || b == b')') && !next_digit && bytes.get(i + 1) != Some(&b')') {
            ends.push(i + 1);
        }
    }
    if looks_like_date(candidate) {
        return None;
    }
    for &e in ends.iter().rev() {
        let digits = national_digits(&candidate[..e]);
        let valid = if let Some(rest) = digits.strip_prefix('+') {
            (8..=13).contains(&rest.len())
        } else {
            digits.len() == 10 && !digits.starts_with("00") && !SERVICE_PREFIXES.iter().any(|p| digits.starts_with(p))
        };
        if !valid {
            continue;
        }
        if !standalone(text, start, start + e) || settings.own_phones.contains(&digits) {
            return None;
        }
        return Some(start + e);
    }
    None
}

/// Words that, earlier in the sentence, make a number the organisation's own: "bel ons op",
/// "onze klantenservice via telefoonnummer", "we zijn bereikbaar op".
pub(super) const ORGANISATION_CUES: &[&str] = &[
    "ons",
    "onze",
    "klantenservice",
    "klantcontact",
    "servicenummer",
    "servicedesk",
    "helpdesk",
    "bereikbaar",
    "infolijn",
    "informatienummer",
];

/// Whether the sentence before a number at `start` presents it as the organisation's.
pub(super) fn organisation_number(text: &str, start: usize) -> bool {
    let mut from = start.saturating_sub(120);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = &text[from..start];
    let sentence = before.rsplit(['.', '!', '?', '\n']).next().unwrap_or(before);
    sentence
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| ORGANISATION_CUES.contains(&w.to_lowercase().as_str()))
}

/// `06-12-2026 ...`: a date with a four-digit year, not a phone number.
pub(super) fn looks_like_date(candidate: &str) -> bool {
    static DATE: LazyLock<Regex> = LazyLock::new(|| re(r"^[0-9]{1,2}([-./])[0-9]{1,2}[-./][0-9]{4}\b"));
    DATE.is_match(candidate)
}
