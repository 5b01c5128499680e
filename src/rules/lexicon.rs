//! Word classes ("lexicons"): named sets of words that phrase patterns refer to as
//! `<name>`, so one pattern says what would otherwise take dozens of phrases
//! (`wat <versterker>? <naar-gevoel>`, `voor de <rangtelwoord> keer`).
//!
//! A lexicon file (`rules/lexicon/*.toml`, or any rule folder) lists lemmas by word kind,
//! and the forms are generated, never typed by hand:
//! - `adjectives`: the base, inflected and graded forms ("boos" → "boze", "bozer",
//!   "boost", "boosste"...), by the Dutch spelling rules (a long vowel's second letter
//!   drops before a vowel, `f`/`s` voice to `v`/`z`, a short vowel's consonant doubles);
//! - `nouns`: the base and its plurals ("-en" by the same rules, "-s", "-'s");
//! - `verbs`: every form of a verb, separable ones also split (`op~lossen`: "los het op");
//! - `words`: words taken as they are (particles, adverbs, fixed forms);
//! - `phrases`: entries of several words ("heel erg", "met betrekking tot");
//! - `numbers`: a number written in digits followed by one of these endings (`""` for a
//!   bare number, `"e"` for "3e", `"x"` for "3x");
//! - `classes`: other lexicons whose members this one includes;
//! - `[plain]`: entries (a word, a phrase or a verb) each with a plainer alternative, for
//!   rules that say what to write instead (officialese).
//!
//! Where a spelling rule is ambiguous both candidates are generated: a non-word never
//! occurs in a text, so over-generating costs nothing. A class's single words compile into
//! one word set of a pattern, shared by every pattern that names the class (looked up like
//! any word, sorted for a binary search); its verbs into one verb position holding them all
//! (conjugated once, each verb's forms an anchor); each phrase becomes a pattern of its own.

use super::verbs::{VerbForms, VerbSet};
use crate::text::Folded;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, LazyLock};

/// One word class, with every form generated.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lexicon {
    pub name: String,
    pub description: String,
    /// Where the words come from and under which licence.
    pub source: String,
    /// Single-word forms, folded, sorted and without repeats; shared by every pattern
    /// that names the class.
    #[serde(with = "super::compiled::shared_words")]
    pub words: Arc<super::phrase::WordList>,
    /// Endings after a number in digits (`""`: a bare number).
    pub numbers: Vec<String>,
    /// The class's verbs, conjugated once; a pattern position holds them all.
    #[serde(with = "super::compiled::shared_verbs")]
    pub verbs: Arc<VerbSet>,
    /// Entries of several words, as phrase pattern text.
    pub phrases: Vec<String>,
    /// Folded form (a word, a verb form, a phrase) → a plainer alternative.
    pub plain: Vec<(String, String)>,
}

/// A lexicon's members while it is read, made shared and sorted by `done`.
#[derive(Debug, Default)]
struct Members {
    words: Vec<String>,
    numbers: Vec<String>,
    verbs: Vec<VerbForms>,
    phrases: Vec<String>,
    plain: Vec<(String, String)>,
}

impl Members {
    fn include(&mut self, lex: &Lexicon) {
        self.words.extend(lex.words.iter().map(str::to_string));
        self.numbers.extend(lex.numbers.iter().cloned());
        self.verbs.extend(lex.verbs.verbs().iter().cloned());
        self.phrases.extend(lex.phrases.iter().cloned());
        self.plain.extend(lex.plain.iter().cloned());
    }

    fn is_empty(&self) -> bool {
        self.words.is_empty() && self.numbers.is_empty() && self.verbs.is_empty() && self.phrases.is_empty()
    }

    fn done(mut self, head: Lexicon) -> Lexicon {
        self.words.sort_unstable();
        self.words.dedup();
        self.numbers.sort_unstable();
        self.numbers.dedup();
        self.verbs
            .sort_by(|a, b| (&a.particle, &a.infinitive).cmp(&(&b.particle, &b.infinitive)));
        self.verbs
            .dedup_by(|a, b| (&a.particle, &a.infinitive) == (&b.particle, &b.infinitive));
        self.phrases.sort_unstable();
        self.phrases.dedup();
        self.plain.sort_unstable();
        self.plain.dedup_by(|a, b| a.0 == b.0);
        Lexicon {
            words: Arc::new(self.words.iter().collect()),
            numbers: self.numbers,
            verbs: Arc::new(VerbSet::new(self.verbs)),
            phrases: self.phrases,
            plain: self.plain,
            ..head
        }
    }
}

impl Lexicon {
    /// The plainer alternative for a matched text (folded, words separated by one space).
    pub fn plain_for(&self, folded: &str) -> Option<&str> {
        let i = self.plain.binary_search_by(|(k, _)| k.as_str().cmp(folded)).ok()?;
        Some(&self.plain[i].1)
    }
}

/// Every word class by name.
#[derive(Debug, Clone, Default)]
pub struct Lexicons {
    by_name: HashMap<String, Arc<Lexicon>>,
    /// The file text each lexicon was read from: a folder that holds the very same file
    /// again (`test-rules rules/`) is no duplicate.
    texts: HashMap<String, String>,
}

/// The lexicons built into nabij (`rules/lexicon/`).
/// They are read from the JSON form build.rs makes of them: several times faster than the
/// TOML, and they are part of every start-up.
pub static BUILTIN: LazyLock<Lexicons> = LazyLock::new(|| {
    let files = super::load::builtin_files()
        .filter(|(path, _, _)| is_lexicon_path(path))
        .map(|(path, text, json)| {
            let parsed = serde_json::from_str::<LexiconFile>(json).or_else(|_| parse_toml(path, text));
            (path.to_string(), text.to_string(), parsed)
        });
    let (lex, errors) = Lexicons::default().with_parsed(files);
    debug_assert!(errors.is_empty(), "built-in lexicons: {errors:?}");
    lex
});

fn parse_toml(path: &str, text: &str) -> Result<LexiconFile, LexiconError> {
    toml::from_str::<LexiconFile>(text).map_err(|e| LexiconError {
        path: path.to_string(),
        message: format!(
            "ongeldig lexiconbestand: {}",
            crate::diagnostic::dutch(e.message().trim_end())
        ),
        span: e.span().map(|r| (r.start, r.end)),
    })
}

/// Whether a built-in file is a lexicon (they live in `rules/lexicon/`).
pub fn is_lexicon_path(path: &str) -> bool {
    path.starts_with("rules/lexicon/")
}

/// Whether a TOML text is a lexicon file: it has a top-level `lexicon` key. A text that is
/// not TOML is none (the rule loader reports it).
pub fn is_lexicon_text(text: &str) -> bool {
    // A rule file without the word is not read twice (a team's folder of thousands of rules
    // paid a TOML parse per file for this test). A key spelled with escapes ("lex\u0069con")
    // is the one way past it: that file is read as a rule file, where the key is an error.
    if !text.contains("lexicon") {
        return false;
    }
    toml::de::DeTable::parse(text).is_ok_and(|t| t.get_ref().keys().any(|k| k.get_ref() == "lexicon"))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    lexicon: String,
    description: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    words: Vec<String>,
    #[serde(default)]
    adjectives: Vec<String>,
    #[serde(default)]
    nouns: Vec<String>,
    #[serde(default)]
    verbs: Vec<String>,
    #[serde(default)]
    phrases: Vec<String>,
    #[serde(default)]
    numbers: Vec<String>,
    #[serde(default)]
    classes: Vec<String>,
    #[serde(default)]
    plain: BTreeMap<String, String>,
}

/// An error in a lexicon file: the file and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconError {
    pub path: String,
    pub message: String,
    /// Byte range in the file, where known.
    pub span: Option<(usize, usize)>,
}

fn fold(s: &str) -> String {
    Folded::new(s.trim()).text
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// The stems a vowel ending ("-e", "-en", "-er") is put after: "boos" → "boz", "dik" →
/// "dikk" and "dik", "lief" → "liev", "belachelijk" → "belachelijk".
fn stems_before_vowel(base: &str) -> Vec<String> {
    let chars: Vec<char> = base.chars().collect();
    let n = chars.len();
    if n < 2 {
        return vec![base.to_string()];
    }
    let last = chars[n - 1];
    if is_vowel(last) {
        // "mooi" → "mooie"; "oranje" takes nothing more ("oranje" + "" handled by caller).
        return vec![base.to_string()];
    }
    let voice = |c: char| match c {
        'f' => 'v',
        's' => 'z',
        other => other,
    };
    let mut out = Vec::new();
    // A long vowel written double before one final consonant: "boos" → "boz", "raar" → "rar".
    if n >= 3 && chars[n - 2] == chars[n - 3] && is_vowel(chars[n - 2]) && chars[n - 2] != 'e'
        || (n >= 3 && chars[n - 3..n - 1] == ['e', 'e'])
    {
        let mut s: String = chars[..n - 2].iter().collect();
        s.push(voice(last));
        out.push(s);
    }
    // A diphthong or other long vowel before f/s: "lief" → "liev", "grijs" → "grijz".
    if n >= 3 && is_vowel(chars[n - 2]) && is_vowel(chars[n - 3]) && matches!(last, 'f' | 's') {
        let mut s: String = chars[..n - 1].iter().collect();
        s.push(voice(last));
        out.push(s);
    }
    // A short vowel before one consonant: "dik" → "dikk", "bizar" → "bizarr". Unstressed
    // endings ("-ig", "-lijk") do not double, and "dikk" is tried beside "dik".
    if is_vowel(chars[n - 2]) && (n < 3 || !is_vowel(chars[n - 3])) && !matches!(last, 'w' | 'j' | 'h') {
        let mut s = base.to_string();
        s.push(last);
        out.push(s);
    }
    out.push(base.to_string());
    out.dedup();
    out
}

/// An adjective's forms: base, inflected, comparative and superlative.
pub fn adjective_forms(base: &str) -> Vec<String> {
    let mut out = vec![base.to_string()];
    if base.ends_with('e') {
        // "oranje", "gedwee": no inflection ending.
        out.push(format!("{base}r"));
        return out;
    }
    for stem in stems_before_vowel(base) {
        out.push(format!("{stem}e"));
        out.push(format!("{stem}er"));
        out.push(format!("{stem}ere"));
    }
    if base.ends_with('r') {
        out.push(format!("{base}der"));
        out.push(format!("{base}dere"));
    }
    let sup = if base.ends_with('s') {
        format!("{base}t")
    } else {
        format!("{base}st")
    };
    out.push(format!("{sup}e"));
    out.push(sup);
    out
}

/// A noun's forms: base and plurals ("-en", "-s", "-'s").
pub fn noun_forms(base: &str) -> Vec<String> {
    let mut out = vec![base.to_string()];
    if base.ends_with(|c: char| is_vowel(c)) {
        out.push(format!("{base}s"));
        out.push(format!("{base}'s"));
        out.push(format!("{base}n"));
        return out;
    }
    for stem in stems_before_vowel(base) {
        out.push(format!("{stem}en"));
    }
    out.push(format!("{base}s"));
    out
}

impl Lexicons {
    pub fn get(&self, name: &str) -> Option<&Arc<Lexicon>> {
        self.by_name.get(name)
    }

    pub fn names(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.by_name.keys().map(String::as_str).collect();
        v.sort_unstable();
        v
    }

    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }

    /// These lexicons and those of `files` (path, TOML text). A name that is taken already
    /// is an error, and so is an unknown included class; the files that fail are left out.
    pub fn with_files(&self, files: impl IntoIterator<Item = (String, String)>) -> (Lexicons, Vec<LexiconError>) {
        self.with_parsed(files.into_iter().map(|(path, text)| {
            let parsed = parse_toml(&path, &text);
            (path, text, parsed)
        }))
    }

    /// `with_files`, for files already read into `LexiconFile`s: (path, TOML text, parsed).
    fn with_parsed(
        &self,
        files: impl IntoIterator<Item = (String, String, Result<LexiconFile, LexiconError>)>,
    ) -> (Lexicons, Vec<LexiconError>) {
        let mut errors = Vec::new();
        let mut parsed: Vec<(String, LexiconFile)> = Vec::new();
        let mut out = self.clone();
        for (path, text, file) in files {
            match file {
                Ok(f) if out.texts.get(f.lexicon.trim()) == Some(&text) => {}
                Ok(f) => {
                    out.texts.insert(f.lexicon.trim().to_string(), text);
                    parsed.push((path, f));
                }
                Err(e) => errors.push(e),
            }
        }
        // Own members first; included classes after all files are read.
        let mut pending: Vec<(String, Lexicon, Members, Vec<String>)> = Vec::new();
        for (path, f) in parsed {
            let name = f.lexicon.trim().to_string();
            if name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                errors.push(LexiconError {
                    path,
                    message: format!("`{name}` is geen lexiconnaam: kleine letters, woorden verbonden met `-`"),
                    span: None,
                });
                continue;
            }
            if out.by_name.contains_key(&name) || pending.iter().any(|(_, l, _, _)| l.name == name) {
                // Its text was taken as the first one's: put the first one's back.
                if let Some(first) = self.texts.get(&name) {
                    out.texts.insert(name.clone(), first.clone());
                }
                errors.push(LexiconError {
                    path,
                    message: format!("dubbel lexicon `{name}`"),
                    span: None,
                });
                continue;
            }
            match build(&f) {
                Ok((head, members)) => pending.push((path, head, members, f.classes)),
                Err(message) => errors.push(LexiconError {
                    path,
                    message,
                    span: None,
                }),
            }
        }
        // Resolve `classes` in rounds: a class includes others once they are complete.
        loop {
            let before = pending.len();
            let mut rest = Vec::new();
            for (path, head, mut members, classes) in std::mem::take(&mut pending) {
                if classes.iter().all(|c| out.by_name.contains_key(c.as_str())) {
                    for c in &classes {
                        members.include(&out.by_name[c.as_str()]);
                    }
                    out.by_name.insert(head.name.clone(), Arc::new(members.done(head)));
                } else {
                    rest.push((path, head, members, classes));
                }
            }
            pending = rest;
            if pending.is_empty() || pending.len() == before {
                break;
            }
        }
        for (path, lex, _, classes) in pending {
            let missing: Vec<&str> = classes
                .iter()
                .filter(|c| !out.by_name.contains_key(c.as_str()))
                .map(String::as_str)
                .collect();
            errors.push(LexiconError {
                path,
                message: format!(
                    "lexicon `{}` neemt onbekende of kringvormige klassen op: {}",
                    lex.name,
                    missing.join(", ")
                ),
                span: None,
            });
        }
        (out, errors)
    }
}

/// One word or several: a single folded token, or `None` for an entry of several words.
fn single(word: &str) -> Result<Option<String>, String> {
    let f = fold(word);
    if f.is_empty() {
        return Err("een woord is leeg".into());
    }
    if f.contains(['(', ')', '|', '<', '>', '{', '}', '*', '?', '~']) || f.contains("...") {
        return Err(format!(
            "`{word}`: een lexicon bevat gewone woorden (geen patroontekens)"
        ));
    }
    let spans = crate::text::word_spans(&f);
    Ok(match spans[..] {
        [(s, e)] if s == 0 && e == f.len() => Some(f),
        _ => None,
    })
}

fn verb_forms(entry: &str) -> Result<VerbForms, String> {
    let f = fold(entry);
    let (particle, inf) = f
        .split_once('~')
        .ok_or_else(|| format!("`{entry}`: een werkwoord schrijf je als `~infinitief` of `partikel~infinitief`"))?;
    let is_word = |w: &str| w.chars().all(|c| c.is_alphanumeric() || c == '\'');
    if inf.is_empty() || !is_word(inf) || !is_word(particle) {
        return Err(format!(
            "`{entry}`: een werkwoord schrijf je als `partikel~infinitief` of `~infinitief`, alleen gewone woorden"
        ));
    }
    VerbForms::new((!particle.is_empty()).then_some(particle), inf).map_err(|e| format!("`{entry}`: {e}"))
}

/// A lexicon file's own members (without its included classes), and its name and texts.
fn build(f: &LexiconFile) -> Result<(Lexicon, Members), String> {
    let head = Lexicon {
        name: f.lexicon.trim().to_string(),
        description: f.description.clone(),
        source: f.source.clone(),
        ..Lexicon::default()
    };
    let mut m = Members::default();
    for w in &f.words {
        match single(w)? {
            Some(s) => m.words.push(s),
            None => m.phrases.push(fold(w)),
        }
    }
    for a in &f.adjectives {
        let s = single(a)?.ok_or_else(|| format!("`{a}`: een bijvoeglijk naamwoord is één woord"))?;
        m.words.extend(adjective_forms(&s));
    }
    for n in &f.nouns {
        let s = single(n)?.ok_or_else(|| format!("`{n}`: een zelfstandig naamwoord is één woord"))?;
        m.words.extend(noun_forms(&s));
    }
    for v in &f.verbs {
        m.verbs.push(verb_forms(v)?);
    }
    for p in &f.phrases {
        single(p)?; // no pattern syntax
        m.phrases.push(fold(p));
    }
    for n in &f.numbers {
        let n = fold(n);
        if !n.chars().all(|c| c.is_ascii_lowercase()) {
            return Err(format!(
                "`{n}`: een uitgang na een getal is alleen letters (\"e\", \"de\", \"x\") of leeg"
            ));
        }
        m.numbers.push(n);
    }
    for (entry, alternative) in &f.plain {
        if alternative.trim().is_empty() {
            return Err(format!("`{entry}`: het eenvoudige alternatief is leeg"));
        }
        if entry.contains('~') {
            let v = verb_forms(entry)?;
            m.plain
                .extend(v.joined.iter().map(|form| (form.clone(), alternative.clone())));
            m.verbs.push(v);
        } else {
            match single(entry)? {
                Some(s) => {
                    m.words.push(s.clone());
                    m.plain.push((s, alternative.clone()));
                }
                None => {
                    let folded = fold(entry);
                    let key = crate::text::word_spans(&folded)
                        .into_iter()
                        .map(|(s, e)| &folded[s..e])
                        .collect::<Vec<_>>()
                        .join(" ");
                    m.phrases.push(folded);
                    m.plain.push((key, alternative.clone()));
                }
            }
        }
    }
    if m.is_empty() && f.classes.is_empty() {
        return Err(format!("lexicon `{}` heeft geen woorden", head.name));
    }
    Ok((head, m))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(forms: &[String], w: &str) -> bool {
        forms.iter().any(|f| f == w)
    }

    #[test]
    fn adjectives_inflect_by_the_spelling_rules() {
        let f = adjective_forms("boos");
        for w in ["boos", "boze", "bozer", "boost", "booste"] {
            assert!(has(&f, w), "boos: {w} in {f:?}");
        }
        let f = adjective_forms("idioot");
        assert!(has(&f, "idiote") && has(&f, "idioter"), "{f:?}");
        let f = adjective_forms("belachelijk");
        assert!(has(&f, "belachelijke") && has(&f, "belachelijker") && has(&f, "belachelijkst"));
        let f = adjective_forms("dik");
        assert!(has(&f, "dikke") && has(&f, "dikker"), "{f:?}");
        let f = adjective_forms("lief");
        assert!(has(&f, "lieve"), "{f:?}");
        let f = adjective_forms("zwaar");
        assert!(has(&f, "zware") && has(&f, "zwaarder"), "{f:?}");
        let f = adjective_forms("vies");
        assert!(has(&f, "vieze"), "{f:?}");
    }

    #[test]
    fn nouns_get_their_plurals() {
        assert!(has(&noun_forms("klacht"), "klachten"));
        assert!(has(&noun_forms("idioot"), "idioten"));
        assert!(has(&noun_forms("prutser"), "prutsers"));
        assert!(has(&noun_forms("auto"), "auto's"));
    }

    #[test]
    fn a_lexicon_file_generates_and_includes() {
        let files = vec![
            (
                "a.toml".to_string(),
                "lexicon = \"hoofd\"\ndescription = \"x\"\nwords = [\"twee\"]\nnumbers = [\"\", \"e\"]\nphrases = [\"heel erg\"]\nverbs = [\"op~lossen\"]\n".to_string(),
            ),
            (
                "b.toml".to_string(),
                "lexicon = \"samen\"\ndescription = \"x\"\nadjectives = [\"boos\"]\nclasses = [\"hoofd\"]\n[plain]\nthans = \"nu\"\n\"met betrekking tot\" = \"over\"\n\"~trachten\" = \"proberen\"\n".to_string(),
            ),
        ];
        let (lex, errors) = Lexicons::default().with_files(files);
        assert!(errors.is_empty(), "{errors:?}");
        let s = lex.get("samen").unwrap();
        assert!(s.words.contains_sorted("boze") && s.words.contains_sorted("twee") && s.words.contains_sorted("thans"));
        assert_eq!(s.numbers, ["", "e"]);
        assert!(has(&s.phrases, "heel erg"));
        let verbs: Vec<&str> = s.verbs.verbs().iter().map(|v| v.infinitive.as_str()).collect();
        // Sorted by particle, then infinitive: "trachten" has none, "oplossen" has "op".
        assert_eq!(
            verbs,
            ["trachten", "lossen"],
            "the included class's verb and the plain one"
        );
        assert_eq!(s.plain_for("thans"), Some("nu"));
        assert_eq!(s.plain_for("tracht"), Some("proberen"));
        assert_eq!(s.plain_for("met betrekking tot"), Some("over"));
        assert_eq!(s.plain_for("nu"), None);
    }

    #[test]
    fn bad_lexicons_are_errors_naming_the_file() {
        let cases = [
            (
                "lexicon = \"x\"\ndescription = \"x\"\nwords = [\"(a|b)\"]\n",
                "patroontekens",
            ),
            ("lexicon = \"x\"\ndescription = \"x\"\n", "geen woorden"),
            (
                "lexicon = \"x\"\ndescription = \"x\"\nverbs = [\"zet\"]\n",
                "~infinitief",
            ),
            (
                "lexicon = \"x\"\ndescription = \"x\"\nclasses = [\"nergens\"]\nwords=[\"a\"]\n",
                "onbekende",
            ),
            (
                "lexicon = \"X Y\"\ndescription = \"x\"\nwords=[\"a\"]\n",
                "geen lexiconnaam",
            ),
            (
                "lexicon = \"x\"\ndescription = \"x\"\nwoorden=[\"a\"]\n",
                "onbekende sleutel",
            ),
        ];
        for (text, want) in cases {
            let (_, errors) = Lexicons::default().with_files([("bad.toml".to_string(), text.to_string())]);
            assert_eq!(errors.len(), 1, "{text}");
            assert_eq!(errors[0].path, "bad.toml");
            assert!(errors[0].message.contains(want), "{text}: {}", errors[0].message);
        }
    }

    #[test]
    fn a_lexicon_file_is_told_by_its_top_level_key() {
        assert!(is_lexicon_text("lexicon = \"x\"\ndescription = \"y\"\n"));
        assert!(!is_lexicon_text(
            "id = \"r\"\nwhy = \"\"\"\nlexicon = \"in a string\"\n\"\"\"\n"
        ));
        assert!(!is_lexicon_text("[examples]\nlexicon = \"nested\"\n"));
        assert!(!is_lexicon_text("lexicon = "));
    }

    #[test]
    fn the_builtin_lexicons_load() {
        let files = crate::rules::BUILTIN_RULES
            .iter()
            .filter(|(p, _)| is_lexicon_path(p))
            .map(|(p, t)| (p.to_string(), t.to_string()));
        let (lex, errors) = Lexicons::default().with_files(files);
        assert!(errors.is_empty(), "{errors:?}");
        assert!(!lex.is_empty());
    }
}
