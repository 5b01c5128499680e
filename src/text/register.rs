//! Suggestions in the reply's register. nabij's suggestions are written with "je"; a reply
//! that says "u" gets them with "u": `je`/`jij`/`jou` become "u", `jouw` and a possessive
//! `je` "uw", and a verb before a subject "je" takes its u-form ("Kun je" → "Kunt u",
//! "Stuur je ...?" → "Stuurt u ...?"). Whether "je" is possessive is read from the word
//! after it (a noun: "je aanvraag"; else the pronoun: "je morgen", "je gevonden"). Every
//! built-in suggestion is converted by a test and compared with the expected u-form.

/// Words after "je" that show it is the pronoun (u), not the possessive (uw): verbs,
/// adverbs, particles, prepositions, days.
const NOT_A_NOUN: &[&str] = &[
    "aan",
    "aanvragen",
    "al",
    "als",
    "alvast",
    "bellen",
    "belt",
    "bent",
    "betaalde",
    "bij",
    "binnen",
    "boos",
    "brengen",
    "daar",
    "daarna",
    "dan",
    "dat",
    "de",
    "deze",
    "die",
    "dinsdag",
    "direct",
    "dit",
    "donderdag",
    "drie",
    "dus",
    "echt",
    "een",
    "eerder",
    "elke",
    "en",
    "er",
    "erg",
    "even",
    "gaat",
    "geven",
    "gisteren",
    "graag",
    "gratis",
    "had",
    "hebt",
    "heel",
    "helemaal",
    "helpen",
    "het",
    "hier",
    "hierdoor",
    "hoe",
    "hoort",
    "horen",
    "iedere",
    "in",
    "je",
    "kan",
    "kon",
    "krijgen",
    "krijgt",
    "kunt",
    "laten",
    "later",
    "maandag",
    "maar",
    "mag",
    "mailen",
    "me",
    "mee",
    "met",
    "meteen",
    "misschien",
    "moet",
    "morgen",
    "na",
    "naar",
    "niet",
    "niets",
    "noemt",
    "nog",
    "nu",
    "of",
    "om",
    "omdat",
    "ons",
    "ook",
    "op",
    "ophalen",
    "oplossen",
    "over",
    "per",
    "slecht",
    "straks",
    "sturen",
    "te",
    "terug",
    "terwijl",
    "toch",
    "toesturen",
    "tot",
    "twee",
    "uit",
    "uiterlijk",
    "uitzoeken",
    "van",
    "vanavond",
    "vandaag",
    "vanmiddag",
    "veel",
    "via",
    "voor",
    "vragen",
    "vrijdag",
    "vroeg",
    "vóór",
    "waar",
    "waarom",
    "wacht",
    "wanneer",
    "want",
    "was",
    "wat",
    "wel",
    "welke",
    "werd",
    "weten",
    "wijzen",
    "wil",
    "wilt",
    "woensdag",
    "wordt",
    "zaterdag",
    "zeker",
    "zelf",
    "zo",
    "zodat",
    "zodra",
    "zondag",
    "zonder",
    "zou",
    "zult",
];

/// Verbs and their u-form when "je" follows as the subject ("heb je" → "heeft u").
const U_FORM: &[(&str, &str)] = &[
    ("ben", "bent"),
    ("betaal", "betaalt"),
    ("bel", "belt"),
    ("blijf", "blijft"),
    ("denk", "denkt"),
    ("doe", "doet"),
    ("ga", "gaat"),
    ("haal", "haalt"),
    ("heb", "heeft"),
    ("hoef", "hoeft"),
    ("hoor", "hoort"),
    ("hou", "houdt"),
    ("houd", "houdt"),
    ("kan", "kunt"),
    ("kom", "komt"),
    ("krijg", "krijgt"),
    ("kun", "kunt"),
    ("lees", "leest"),
    ("maak", "maakt"),
    ("mag", "mag"),
    ("merk", "merkt"),
    ("moet", "moet"),
    ("neem", "neemt"),
    ("sta", "staat"),
    ("stuur", "stuurt"),
    ("vind", "vindt"),
    ("vraag", "vraagt"),
    ("vul", "vult"),
    ("wacht", "wacht"),
    ("weet", "weet"),
    ("werk", "werkt"),
    ("wil", "wilt"),
    ("woon", "woont"),
    ("zal", "zult"),
    ("zie", "ziet"),
    ("zoek", "zoekt"),
    ("zou", "zou"),
];

/// Verbs after which "je" is always the subject, whatever follows ("kun je bezwaar maken").
const ALWAYS_SUBJECT_AFTER: &[&str] = &["ben", "heb", "hoef", "kan", "kun", "mag", "moet", "wil", "zal", "zou"];

/// Words before a verb that make it no inversion: the subject is there already ("ik bel
/// je"), or the verb shares one with the clause before ("... en bel je morgen").
const SUBJECT_BEFORE: &[&str] = &[
    "ik", "we", "wij", "hij", "zij", "ze", "men", "jullie", "u", "en", "maar", "of",
];

/// `text` in the register of the reply: as written for a je-reply, in u-form for a u-reply.
pub fn in_register(text: &str, formal: bool) -> String {
    if formal { to_u(text) } else { text.to_string() }
}

/// A text written with "je" in the u-form.
pub fn to_u(text: &str) -> String {
    // The text as words and what stands between them.
    let mut pieces: Vec<(bool, &str)> = Vec::new();
    let mut start = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        let letter = c.is_alphabetic();
        if letter != in_word && i > start {
            pieces.push((in_word, &text[start..i]));
            start = i;
        }
        in_word = letter;
    }
    if start < text.len() {
        pieces.push((in_word, &text[start..]));
    }
    let mut out: Vec<String> = pieces.iter().map(|(_, p)| p.to_string()).collect();
    let words: Vec<usize> = (0..pieces.len()).filter(|&i| pieces[i].0).collect();
    let lower = |i: usize| pieces[i].1.to_lowercase();
    for (k, &i) in words.iter().enumerate() {
        let word = lower(i);
        let cased = |w: &str| same_case(pieces[i].1, w);
        match word.as_str() {
            "jouw" => out[i] = cased("uw"),
            "jezelf" => out[i] = cased("uzelf"),
            "jou" => out[i] = cased("u"),
            "je" | "jij" => {
                let next = words.get(k + 1).map(|&n| (lower(n), pieces[n - 1].1.trim().is_empty()));
                // The pronoun: punctuation or a non-noun after it ("je morgen", "je gevonden").
                let pronoun = match &next {
                    None => true,
                    Some((_, false)) => true,
                    Some((w, true)) => {
                        let participle = w.starts_with("ge")
                            && w.chars().count() > 5
                            && (w.ends_with('d') || w.ends_with('t') || w.ends_with("en"));
                        NOT_A_NOUN.contains(&w.as_str()) || participle
                    }
                };
                // A verb right before it, with no subject before that verb: "je" is the subject.
                let verb = (k > 0).then(|| words[k - 1]).filter(|&v| pieces[v + 1].1 == " ");
                let inversion = verb.and_then(|v| {
                    let form = lower(v);
                    let (_, u_form) = U_FORM.iter().find(|(stem, _)| *stem == form)?;
                    let before = (k > 1).then(|| lower(words[k - 2]));
                    let subject_before = before.as_deref().is_some_and(|b| SUBJECT_BEFORE.contains(&b));
                    let subject = ALWAYS_SUBJECT_AFTER.contains(&form.as_str()) || pronoun;
                    (!subject_before && subject).then_some((v, *u_form))
                });
                if let Some((v, u_form)) = inversion {
                    out[v] = same_case(pieces[v].1, u_form);
                    out[i] = cased("u");
                } else if word == "jij" || pronoun {
                    out[i] = cased("u");
                } else {
                    out[i] = cased("uw");
                }
            }
            _ => {}
        }
    }
    out.concat()
}

/// `word` with the first letter in the case of `like`'s.
fn same_case(like: &str, word: &str) -> String {
    let upper = like.chars().next().is_some_and(char::is_uppercase);
    let mut chars = word.chars();
    match chars.next() {
        Some(first) if upper => first.to_uppercase().chain(chars).collect(),
        _ => word.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::to_u;

    #[test]
    fn pronoun_possessive_and_the_verb_before_a_subject() {
        let cases = [
            ("Ik bel je morgen.", "Ik bel u morgen."),
            ("Ik heb je vraag gelezen.", "Ik heb uw vraag gelezen."),
            ("Kun je je postcode sturen?", "Kunt u uw postcode sturen?"),
            (
                "Over deze boete kun je bezwaar maken.",
                "Over deze boete kunt u bezwaar maken.",
            ),
            ("Neem je paspoort mee.", "Neem uw paspoort mee."),
            (
                "Ik neem het over en bel je morgen.",
                "Ik neem het over en bel u morgen.",
            ),
            ("Ik heb je gevonden.", "Ik heb u gevonden."),
            ("Zie jij dat anders?", "Ziet u dat anders?"),
            (
                "Dat is voor jou veel geld; jouw huur gaat voor.",
                "Dat is voor u veel geld; uw huur gaat voor.",
            ),
            ("Dank je.", "Dank u."),
            ("Je melding telt mee.", "Uw melding telt mee."),
            (
                "Heb je al gebeld, dan weet je het.",
                "Heeft u al gebeld, dan weet u het.",
            ),
        ];
        for (je, u) in cases {
            assert_eq!(to_u(je), u, "{je}");
        }
        // Text without je stays as it is.
        assert_eq!(to_u("Wij bellen morgen. ^MS"), "Wij bellen morgen. ^MS");
    }
}
