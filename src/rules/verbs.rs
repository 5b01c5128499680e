//! Dutch verb forms, so a rule author writes a verb once (`door~zetten`, `~kijken`) and the
//! pattern matches "zet", "zetten", "zette", "gezet", "doorgezet", "door te zetten" and the
//! separated "we zetten het intern door".
//!
//! Regular verbs are conjugated by the spelling rules (stem, 't kofschip); where a rule is
//! ambiguous (vowel doubling in "behandelen" vs "informeren") both candidates are produced:
//! a non-word never occurs in text, so over-generating is harmless. Irregular verbs come
//! from `irregular_verbs.toml`.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::LazyLock;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct VerbForms {
    pub particle: Option<String>,
    pub infinitive: String,
    /// Forms that can stand apart from the particle, earlier in the sentence (sorted).
    pub finite: Vec<String>,
    /// Single-token forms: with a particle the joined forms ("doorgezet", "doorzetten"),
    /// without one every form of the verb (sorted).
    pub joined: Vec<String>,
}

/// The forms of one verb, as the irregular table lists them and as `conjugate` derives them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Conjugation {
    present: Vec<String>,
    past: Vec<String>,
    participle: Vec<String>,
}

static IRREGULAR: LazyLock<HashMap<String, Conjugation>> =
    LazyLock::new(|| toml::from_str(include_str!("irregular_verbs.toml")).expect("irregular_verbs.toml is valid"));

const UNSTRESSED_PREFIXES: &[&str] = &["be", "ge", "her", "ont", "ver", "er"];

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// Present, past and participle forms of a verb given as its (folded) infinitive.
fn conjugate(infinitive: &str) -> Result<Conjugation, String> {
    if let Some(irregular) = IRREGULAR.get(infinitive) {
        return Ok(irregular.clone());
    }
    let base = infinitive
        .strip_suffix("en")
        .filter(|b| b.chars().count() >= 2)
        .ok_or_else(|| {
            format!(
                "`{infinitive}` is geen regelmatige Nederlandse infinitief (op -en); zet hem in de tabel met onregelmatige werkwoorden"
            )
        })?;
    let chars: Vec<char> = base.chars().collect();
    let n = chars.len();
    let last = chars[n - 1];
    let mut stems: Vec<String> = Vec::new();
    if n >= 2 && chars[n - 2] == last && !is_vowel(last) {
        stems.push(chars[..n - 1].iter().collect()); // zett → zet
    } else if n >= 3 && !is_vowel(last) && is_vowel(chars[n - 2]) && !is_vowel(chars[n - 3]) && chars[n - 2] != 'i' {
        // An open syllable: "stu-ren" → "stuur". Unstressed "-elen/-eren" keep one vowel.
        let mut doubled: String = chars[..n - 1].iter().collect();
        doubled.push(chars[n - 2]);
        doubled.push(last);
        stems.push(doubled);
        stems.push(base.to_string());
    } else {
        stems.push(base.to_string());
    }
    let voiceless = matches!(last, 't' | 'k' | 'f' | 's' | 'p') || base.ends_with("ch");
    let stems: Vec<String> = stems
        .into_iter()
        .map(|s| {
            if let Some(p) = s.strip_suffix('v') {
                format!("{p}f")
            } else if let Some(p) = s.strip_suffix('z') {
                format!("{p}s")
            } else {
                s
            }
        })
        .collect();
    let (past_sg, dental) = if voiceless { ("te", 't') } else { ("de", 'd') };
    // An unstressed prefix takes no "ge-" ("betalen" → "betaald"), but only where what
    // follows it is a verb of its own: a consonant, then a vowel before the ending. "bellen"
    // ("be" + "llen"), "beven" and "verven" are no prefixed verbs: "gebeld", "geverfd".
    let prefixed = UNSTRESSED_PREFIXES.iter().any(|p| {
        infinitive
            .strip_prefix(p)
            .and_then(|rest| rest.strip_suffix("en"))
            .is_some_and(|rest| rest.chars().next().is_some_and(|c| !is_vowel(c)) && rest.chars().skip(1).any(is_vowel))
    });
    let ge = if prefixed { "" } else { "ge" };
    let mut present = Vec::new();
    let mut past = Vec::new();
    let mut participle = Vec::new();
    for stem in &stems {
        present.push(stem.clone());
        if !stem.ends_with('t') {
            present.push(format!("{stem}t"));
        }
        past.push(format!("{stem}{past_sg}"));
        past.push(format!("{stem}{past_sg}n"));
        if stem.ends_with(['t', 'd']) {
            participle.push(format!("{ge}{stem}"));
        } else {
            participle.push(format!("{ge}{stem}{dental}"));
        }
    }
    Ok(Conjugation {
        present,
        past,
        participle,
    })
}

/// One verb, or a class of verbs (`<actie-werkwoord>`), with the verbs each word can be a
/// form of: a pattern position holds any one of them, and a token is tried only against
/// the verbs it can belong to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VerbSet {
    verbs: Vec<VerbForms>,
    /// A joined form or a particle → the verbs (by index) it belongs to.
    by_key: rustc_hash::FxHashMap<String, Vec<u32>>,
}

impl VerbSet {
    pub fn new(verbs: Vec<VerbForms>) -> VerbSet {
        let mut by_key: rustc_hash::FxHashMap<String, Vec<u32>> = Default::default();
        for (i, v) in verbs.iter().enumerate() {
            for k in v.keys() {
                let list = by_key.entry(k.clone()).or_default();
                if list.last() != Some(&(i as u32)) {
                    list.push(i as u32);
                }
            }
        }
        VerbSet { verbs, by_key }
    }

    pub fn verbs(&self) -> &[VerbForms] {
        &self.verbs
    }

    pub fn len(&self) -> usize {
        self.verbs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.verbs.is_empty()
    }

    /// Every word a match of one of the verbs contains (see `VerbForms::keys`), once.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.by_key.keys()
    }

    /// The verbs `word` is a joined form or the particle of.
    pub fn with_key(&self, word: &str) -> impl Iterator<Item = &VerbForms> {
        (self.by_key.get(word).into_iter().flatten()).map(|&i| &self.verbs[i as usize])
    }
}

impl VerbForms {
    /// The words a match of this verb always contains one of: a joined form, or the
    /// particle of a split one ("door te zetten", "zetten het door").
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.joined.iter().chain(self.particle.iter())
    }

    /// Forms of `infinitive`, optionally with a separable `particle` ("door", "mee", "op").
    pub fn new(particle: Option<&str>, infinitive: &str) -> Result<VerbForms, String> {
        let Conjugation {
            present,
            past,
            participle,
        } = conjugate(infinitive)?;
        let mut finite: Vec<String> = present.iter().chain(&past).cloned().collect();
        finite.push(infinitive.to_string());
        let mut joined = match particle {
            Some(p) => finite.iter().chain(&participle).map(|f| format!("{p}{f}")).collect(),
            None => finite.iter().chain(&participle).cloned().collect::<Vec<_>>(),
        };
        finite.sort();
        finite.dedup();
        joined.sort();
        joined.dedup();
        Ok(VerbForms {
            particle: particle.map(str::to_string),
            infinitive: infinitive.to_string(),
            finite,
            joined,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(v: &[String], w: &str) -> bool {
        v.iter().any(|x| x == w)
    }

    #[test]
    fn separable_regular_verb() {
        let v = VerbForms::new(Some("door"), "zetten").unwrap();
        for f in ["zet", "zetten", "zette"] {
            assert!(has(&v.finite, f), "{f}");
        }
        for f in ["doorgezet", "doorzetten", "doorzet", "doorzette"] {
            assert!(has(&v.joined, f), "{f}");
        }
        assert!(
            !has(&v.joined, "gezet"),
            "without its particle the participle is another verb"
        );
    }

    #[test]
    fn vowel_doubling_devoicing_and_kofschip() {
        let v = VerbForms::new(Some("door"), "sturen").unwrap();
        assert!(has(&v.finite, "stuur") && has(&v.finite, "stuurt") && has(&v.finite, "stuurde"));
        assert!(has(&v.joined, "doorgestuurd"));
        let v = VerbForms::new(None, "reizen").unwrap();
        assert!(has(&v.joined, "reis") && has(&v.joined, "reist") && has(&v.joined, "reisde"));
        let v = VerbForms::new(None, "behandelen").unwrap();
        assert!(has(&v.joined, "behandeld") && has(&v.joined, "behandelt"));
        let v = VerbForms::new(None, "informeren").unwrap();
        assert!(has(&v.joined, "geinformeerd") && has(&v.joined, "informeert"));
        let v = VerbForms::new(None, "maken").unwrap();
        assert!(has(&v.joined, "maakte") && has(&v.joined, "gemaakt"));
    }

    #[test]
    fn only_a_real_prefix_drops_ge() {
        // "be", "ver" and "er" at the start of a verb are a prefix only before a verb.
        for (inf, participle) in [
            ("bellen", "gebeld"),
            ("verven", "geverfd"),
            ("beven", "gebeefd"),
            ("betalen", "betaald"),
            ("verwerken", "verwerkt"),
            ("herstellen", "hersteld"),
            ("ontvangen", "ontvangen"),
        ] {
            let v = VerbForms::new(None, inf).unwrap();
            assert!(has(&v.joined, participle), "{inf}: {:?}", v.joined);
        }
        let v = VerbForms::new(Some("terug"), "bellen").unwrap();
        assert!(has(&v.joined, "teruggebeld"), "{:?}", v.joined);
    }

    #[test]
    fn irregular_verbs_come_from_the_table() {
        let v = VerbForms::new(Some("mee"), "nemen").unwrap();
        assert!(has(&v.finite, "neem") && has(&v.finite, "nam") && has(&v.finite, "nemen"));
        assert!(has(&v.joined, "meegenomen"));
        let v = VerbForms::new(None, "kijken").unwrap();
        assert!(has(&v.joined, "keek") && has(&v.joined, "gekeken"));
    }

    #[test]
    fn not_an_infinitive_is_an_error() {
        assert!(VerbForms::new(None, "zet").is_err());
    }
}
