//! Finding a personal signature: `^MS` or `^Anne`, a name after a closing greeting ("Groet,
//! Anne", "Met vriendelijke groet,⏎Jeroen Vos"), a name alone on the last line, or a
//! placeholder for the employee's name in a template. Team and organisation sign-offs
//! ("Team Webcare", "Gemeente Utrecht", "SVB Klantcontact") are not a person.

use crate::rules::{NotNames, SignatureSpec};
use crate::text::Document;

/// Words a name may be made of after its first word ("Jeroen van der Vos").
const NAME_PARTICLES: &[&str] = &["van", "de", "der", "den", "ter", "ten", "te", "op", "in", "het", "'t"];

/// Line number of every token, counted in the original text (folding joins single line
/// breaks into spaces, and a signature is a matter of lines).
fn token_lines(doc: &Document) -> Vec<usize> {
    let source = doc.source.as_bytes();
    // Most replies are one line: every token is on line 0.
    if memchr::memchr(b'\n', source).is_none() {
        return std::iter::repeat_n(0, doc.tokens.len()).collect();
    }
    let mut line = 0;
    let mut at = 0;
    (0..doc.tokens.len())
        .map(|i| {
            let start = doc.token_span(i, i).start;
            line += source[at..start].iter().filter(|&&b| b == b'\n').count();
            at = start;
            line
        })
        .collect()
}

/// If tokens `from..` on line `line` read as a person's name, the token range.
/// `closing`: the name stands on a closing line, where a team or organisation word
/// anywhere near the start makes it no person ("Groet, Team Webcare"). After an
/// introduction only the name itself counts: "Ik ben Lotte, arts bij de GGD".
fn name_at(
    doc: &Document,
    not_names: &NotNames,
    lines: &[usize],
    from: usize,
    closing: bool,
) -> Option<(usize, usize)> {
    let line = lines[from];
    let on_line = || (from..doc.tokens.len()).take_while(|&i| lines[i] == line);
    let first = on_line().next()?;
    if doc.tokens[first].masked {
        return None;
    }
    let span = doc.token_span(first, first);
    let word = &doc.source[span.start..span.end];
    let mut chars = word.chars();
    let capitalised = chars.next().is_some_and(char::is_uppercase) && chars.any(char::is_lowercase);
    let org = if closing {
        on_line().take(5).any(|i| not_names.matches(doc.word(i)))
    } else {
        not_names.matches(doc.word(first))
    };
    if !capitalised || org {
        return None;
    }
    // The name runs on over capitalised words and particles: "Jeroen van der Vos", but not
    // into an organisation: "Mirjam van UWV", "Eva van de SVB".
    let mut last = first;
    let mut end = first;
    for i in on_line().skip(1) {
        let span = doc.token_span(i, i);
        let w = &doc.source[span.start..span.end];
        let gap = &doc.folded.text[doc.tokens[end].end as usize..doc.tokens[i].start as usize];
        let particle = NAME_PARTICLES.contains(&doc.word(i));
        let mut chars = w.chars();
        let capitalised = chars.next().is_some_and(char::is_uppercase) && chars.any(char::is_lowercase);
        let org = not_names.matches(doc.word(i));
        if !gap.trim().is_empty() || !(capitalised || particle) || org {
            break;
        }
        end = i;
        if capitalised {
            last = i;
        }
    }
    Some((first, last))
}

/// Folded byte ranges of the signatures in a reply.
pub fn find(doc: &Document, spec: &SignatureSpec) -> Vec<(usize, usize)> {
    let text = doc.folded.text.as_str();
    let mut out = Vec::new();
    for t in &doc.tokens {
        if !t.masked && t.start > 0 && text.as_bytes()[t.start as usize - 1] == b'^' {
            out.push((t.start as usize - 1, t.end as usize));
        }
    }
    for &(s, e) in &doc.placeholders {
        let name = &text[s..e];
        if spec.placeholders.iter().any(|p| name.contains(p.as_str())) {
            out.push((s, e));
        }
    }
    if doc.tokens.is_empty() {
        return out;
    }
    let lines = token_lines(doc);
    // "Ik ben Mirjam van UWV", "Hallo, met Eva": a writer who introduces herself.
    // Each token's word is taken once and held against the first word of every
    // introduction; only those that start there are read further.
    let mut found = Vec::new();
    // Per first byte, the introductions that start with it (the first 64 of them; any
    // further ones are held against every word): most words are turned down by one lookup,
    // the others are held against the one or two introductions they can open.
    let mut heads = [0u64; 256];
    let mut rest = false;
    for (i, intro) in spec.introductions.iter().enumerate() {
        if let Some(&b) = intro.words.first().and_then(|w| w.as_bytes().first()) {
            if i < 64 {
                heads[b as usize] |= 1 << i;
            } else {
                rest = true;
            }
        }
    }
    for start in 0..doc.tokens.len() {
        let head = doc.word(start);
        let mut candidates = head.as_bytes().first().map_or(0, |&b| heads[b as usize]);
        if candidates == 0 && !rest {
            continue;
        }
        let mut beyond = rest.then_some(64..spec.introductions.len()).into_iter().flatten();
        let next = std::iter::from_fn(|| {
            if candidates == 0 {
                return beyond.next();
            }
            let i = candidates.trailing_zeros() as usize;
            candidates &= candidates - 1;
            Some(i)
        });
        for i in next {
            let words = &spec.introductions[i].words;
            let after = start + words.len();
            if words.first().is_some_and(|w| w == head)
                && after < doc.tokens.len()
                && words[1..].iter().enumerate().all(|(k, w)| doc.word(start + 1 + k) == w)
                && doc.tokens[start].sentence == doc.tokens[after].sentence
                && let Some((first, last)) = name_at(doc, &spec.not_names, &lines, after, false)
            {
                found.push((i, doc.tokens[first].start as usize, doc.tokens[last].end as usize));
            }
        }
    }
    // In the order of the introductions, as found one introduction at a time.
    found.sort_unstable();
    out.extend(found.into_iter().map(|(_, s, e)| (s, e)));
    let n = doc.tokens.len();
    // A name after the last closing greeting near the end.
    let tail = n.saturating_sub(12);
    let greeting = (tail..n).rev().find(|&i| {
        let word = doc.word(i);
        spec.greetings.iter().any(|g| g == word)
    });
    if let Some(g) = greeting {
        if let Some((first, last)) = (g + 1 < n)
            .then(|| name_at(doc, &spec.not_names, &lines, g + 1, true))
            .flatten()
        {
            out.push((doc.tokens[first].start as usize, doc.tokens[last].end as usize));
        }
        return out;
    }
    // A name after a dash that stands apart near the end: "Ik bel je morgen. – Daan, IND".
    // Not a hyphen inside a word ("Noord-Holland"), which has no space before it.
    let dashed = (tail..n).rev().find(|&i| {
        let before = doc.source[..doc.token_span(i, i).start].trim_end_matches([' ', '\t']);
        before
            .strip_suffix(['-', '–', '—'])
            .is_some_and(|rest| rest.is_empty() || rest.ends_with(char::is_whitespace))
    });
    if let Some((first, last)) = dashed.and_then(|i| name_at(doc, &spec.not_names, &lines, i, true)) {
        // What follows the name, if anything, is where it works: "– Daan, IND", "– Daan (IND)".
        // A sentence after a dash ("- Neem je paspoort mee.") is no signature.
        let rest = doc.source[doc.token_span(last, last).end..].trim_start();
        if rest.is_empty() || rest.starts_with([',', '(', '/', '|']) {
            out.push((doc.tokens[first].start as usize, doc.tokens[last].end as usize));
            return out;
        }
    }
    // A name alone on the last line of a reply of several lines.
    let last_line = lines[n - 1];
    let start = lines
        .iter()
        .position(|&l| l == last_line)
        .expect("the last token is on the last line");
    let after = text[doc.tokens[n - 1].end as usize..].trim();
    if last_line > 0
        && n - start <= 4
        && after
            .chars()
            .all(|c| !c.is_alphanumeric() && !matches!(c, '?' | '!' | '.'))
        && let Some((first, last)) = name_at(doc, &spec.not_names, &lines, start, true)
        && last == n - 1
    {
        out.push((doc.tokens[first].start as usize, doc.tokens[last].end as usize));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::signal::Introduction;

    fn spec() -> SignatureSpec {
        SignatureSpec {
            greetings: vec!["groet".into(), "groeten".into(), "hoogachtend".into()],
            not_names: vec!["team".into(), "gemeente".into(), "*dienst".into(), "*bank".into()].into(),
            placeholders: vec!["medewerker".into()],
            introductions: vec!["ik ben".into(), "hallo met".into()],
        }
    }

    fn signed(text: &str) -> Vec<String> {
        let doc = Document::new(text);
        find(&doc, &spec())
            .into_iter()
            .map(|(s, e)| {
                let span = doc.folded.original(s, e);
                text[span.start..span.end].to_string()
            })
            .collect()
    }

    #[test]
    fn personal_signatures_are_found() {
        assert_eq!(signed("Ik bel je morgen. ^MS"), ["^MS"]);
        assert_eq!(signed("Ik bel je morgen. ^Anne"), ["^Anne"]);
        assert_eq!(signed("Ik bel je morgen.\n\nGroet, Anne"), ["Anne"]);
        assert_eq!(
            signed("Het is geregeld.\n\nMet vriendelijke groet,\nJeroen van der Vos\nBelastingen"),
            ["Jeroen van der Vos"]
        );
        assert_eq!(signed("Het is geregeld.\nTom"), ["Tom"]);
        assert_eq!(signed("Het is geregeld.\nGroet, {{medewerker}}"), ["{{medewerker}}"]);
        assert_eq!(signed("Ik ben Mirjam van UWV en ik pak dit op."), ["Mirjam"]);
        assert_eq!(signed("Hallo, met Eva van de SVB!"), ["Eva"]);
        assert!(signed("Ik ben blij dat het gelukt is.").is_empty(), "not capitalised");
        assert!(signed("Ik ben Team Webcare.").is_empty());
        assert_eq!(signed("I will message you tomorrow. – Daan, IND"), ["Daan"]);
        assert_eq!(signed("Ik bel je morgen - Anne"), ["Anne"]);
        assert_eq!(
            signed("Ik bel je morgen.\n— Anne de Vries (Belastingen)"),
            ["Anne de Vries"]
        );
        assert!(
            signed("Neem mee:\n- Paspoort\n- Neem je pasfoto mee.").is_empty(),
            "a list"
        );
        assert!(signed("Het geldt voor heel Noord-Holland").is_empty(), "a hyphen");
        assert!(signed("Ik bel je morgen. – Team Webcare").is_empty());
    }

    #[test]
    fn introductions_beyond_the_sixty_fourth_are_found_too() {
        let mut spec = spec();
        // 70 introductions, the real ones last: past the 64 that get a bit of their own.
        let mut intros: Vec<Introduction> = (0..68).map(|i| format!("ik zeg {i}").as_str().into()).collect();
        intros.extend(["ik ben".into(), "hallo met".into()]);
        spec.introductions = intros;
        let doc = Document::new("Ik ben Mirjam van UWV. Hallo met Eva!");
        let found: Vec<&str> = find(&doc, &spec)
            .into_iter()
            .map(|(s, e)| {
                let span = doc.folded.original(s, e);
                &doc.source[span.start..span.end]
            })
            .collect();
        assert_eq!(found, ["Mirjam", "Eva"]);
    }

    #[test]
    fn team_and_organisation_sign_offs_are_not_a_person() {
        assert!(signed("Het is geregeld.\n\nMet vriendelijke groet,\nTeam Webcare").is_empty());
        assert!(signed("Het is geregeld.\n\nHoogachtend,\nSociale Verzekeringsbank").is_empty());
        assert!(signed("Het is geregeld.\n\nGroet,\nBelastingdienst").is_empty());
        assert!(signed("Het is geregeld.\n\nGroet,\nSVB Klantcontact").is_empty());
        assert!(signed("Het is geregeld.\nFijne dag verder!").is_empty());
        assert!(signed("Anne heeft het geregeld.").is_empty());
    }
}
