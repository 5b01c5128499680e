//! The built-in rules compiled ahead of time, so a start-up parses nothing.
//!
//! Reading the built-in rules from TOML (or JSON) means parsing some hundred files, every
//! phrase pattern, and generating every form of every word class: most of the time of a
//! one-draft check. Instead, `data/builtin-rules.bin` holds the parsed rules and signals
//! (patterns, word classes, verb forms, conditions) in `postcard`'s compact binary form, and
//! the binary embeds it; reading it is a few thousand allocations.
//!
//! The file is made by nabij itself (`scripts/compile-rules`) and checked in, because a build
//! script cannot run the crate it builds. It cannot go stale unnoticed:
//! - its header records a hash of everything it was made from (the rule files and the
//!   parser's source, see build.rs); a binary whose sources hash differently reads the TOML,
//!   as before, so a rule edited and run at once still counts;
//! - a test compiles the rules again and compares the bytes (`tests/compiled_rules.rs`), and
//!   another checks that the compiled rules and the TOML give the same findings on every
//!   example, so CI fails until the file is made again.
//!
//! Word lists and verb classes are shared by many patterns (a class named in twenty
//! patterns is one list in memory, and the matcher indexes it once): they are written once,
//! in a table before the rules, and patterns refer to them by number.

use super::phrase::WordList;
use super::verbs::{VerbForms, VerbSet};
use super::{Origin, Rule, Signal};
use serde::de::Error as _;
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

/// The start of the file, then the format and the hash of the sources.
const MAGIC: &[u8; 8] = b"nabij-rc";
/// Raise when the layout of a compiled type changes (the source hash covers the code too,
/// this makes the reason explicit).
const FORMAT: u32 = 1;

/// Where the compiled built-in rules are kept, from the crate's root.
pub const PATH: &str = "data/builtin-rules.bin";

/// The word lists and verb classes of one file, while it is written or read.
#[derive(Default)]
struct Table {
    words: Vec<Arc<WordList>>,
    verbs: Vec<Arc<VerbSet>>,
    word_ids: HashMap<WordList, u32>,
    verb_ids: HashMap<Vec<VerbForms>, u32>,
}

thread_local! {
    static TABLE: RefCell<Option<Table>> = const { RefCell::new(None) };
}

/// Run `f` with an empty table set up, and take the table back out.
fn with_table<T>(table: Table, f: impl FnOnce() -> T) -> (T, Table) {
    TABLE.with_borrow_mut(|t| *t = Some(table));
    let out = f();
    let table = TABLE.with_borrow_mut(Option::take).unwrap_or_default();
    (out, table)
}

/// The number of `value` in `list`, found by `key` in `ids`; added at the end when new.
fn number_of<K: std::hash::Hash + Eq, T>(
    ids: &mut HashMap<K, u32>,
    list: &mut Vec<Arc<T>>,
    key: K,
    value: &Arc<T>,
) -> u32 {
    let next = list.len() as u32;
    let id = *ids.entry(key).or_insert(next);
    if id == next {
        list.push(Arc::clone(value));
    }
    id
}

/// Write the number `number` gives while a table is set up (`compile`).
fn write_number<S: Serializer>(s: S, number: impl FnOnce(&mut Table) -> u32) -> Result<S::Ok, S::Error> {
    let id = TABLE.with_borrow_mut(|t| t.as_mut().map(number));
    s.serialize_u32(id.ok_or_else(|| S::Error::custom("shared lists are written with compiled::compile"))?)
}

/// Read a number and take what `pick` finds under it in the table set up by `read`.
fn read_number<'de, D: Deserializer<'de>, T>(
    d: D,
    pick: impl FnOnce(&Table, usize) -> Option<T>,
) -> Result<T, D::Error> {
    let id = u32::deserialize(d)?;
    TABLE
        .with_borrow(|t| pick(t.as_ref()?, id as usize))
        .ok_or_else(|| D::Error::custom(format!("shared list {id} is not in the table")))
}

/// `Arc<WordList>` as its number in the table (equal lists share one).
pub(crate) mod shared_words {
    use super::*;

    pub fn serialize<S: Serializer>(words: &Arc<WordList>, s: S) -> Result<S::Ok, S::Error> {
        write_number(s, |t| {
            number_of(&mut t.word_ids, &mut t.words, WordList::clone(words), words)
        })
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Arc<WordList>, D::Error> {
        read_number(d, |t, id| t.words.get(id).cloned())
    }
}

/// `Arc<VerbSet>` as its number in the table.
pub(crate) mod shared_verbs {
    use super::*;

    pub fn serialize<S: Serializer>(verbs: &Arc<VerbSet>, s: S) -> Result<S::Ok, S::Error> {
        write_number(s, |t| {
            number_of(&mut t.verb_ids, &mut t.verbs, verbs.verbs().to_vec(), verbs)
        })
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Arc<VerbSet>, D::Error> {
        read_number(d, |t, id| t.verbs.get(id).cloned())
    }
}

/// An [`Origin`] as it is written: the path. A built-in rule's source text is taken from
/// the binary again when it is read.
#[derive(Serialize, Deserialize)]
pub(crate) struct OriginRef {
    path: String,
    builtin: bool,
}

impl From<Origin> for OriginRef {
    fn from(o: Origin) -> OriginRef {
        OriginRef {
            path: o.path,
            builtin: o.builtin,
        }
    }
}

impl From<OriginRef> for Origin {
    fn from(o: OriginRef) -> Origin {
        let text = if o.builtin {
            (super::BUILTIN_RULES.iter())
                .find(|(path, _)| *path == o.path)
                .map_or("", |(_, text)| *text)
        } else {
            ""
        };
        Origin {
            path: o.path,
            source: Arc::from(text),
            builtin: o.builtin,
        }
    }
}

/// The table as it is written: the lists themselves.
#[derive(Serialize, Deserialize)]
struct TableData {
    words: Vec<WordList>,
    verbs: Vec<Vec<VerbForms>>,
}

/// Write rules and signals in the compiled form, stamped with `source_hash`.
pub fn compile(rules: &[Rule], signals: &[Signal], source_hash: u64) -> Result<Vec<u8>, String> {
    let (body, table) = with_table(Table::default(), || postcard::to_allocvec(&(rules, signals)));
    let body = body.map_err(|e| e.to_string())?;
    let data = TableData {
        words: table.words.iter().map(|w| WordList::clone(w)).collect(),
        verbs: table.verbs.iter().map(|v| v.verbs().to_vec()).collect(),
    };
    let mut out = Vec::with_capacity(body.len() + 1024);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT.to_le_bytes());
    out.extend_from_slice(&source_hash.to_le_bytes());
    out.extend(postcard::to_allocvec(&data).map_err(|e| e.to_string())?);
    out.extend(body);
    Ok(out)
}

/// Read rules and signals written by [`compile`], if `bytes` are a compiled form of this
/// format made from sources with `source_hash`; `None` otherwise (the caller reads the TOML).
pub fn read(bytes: &[u8], source_hash: u64) -> Option<(Vec<Rule>, Vec<Signal>)> {
    let rest = bytes.strip_prefix(MAGIC.as_slice())?;
    let (format, rest) = rest.split_first_chunk::<4>()?;
    let (hash, rest) = rest.split_first_chunk::<8>()?;
    if u32::from_le_bytes(*format) != FORMAT || u64::from_le_bytes(*hash) != source_hash {
        return None;
    }
    let (data, rest) = postcard::take_from_bytes::<TableData>(rest).ok()?;
    let table = Table {
        words: data.words.into_iter().map(Arc::new).collect(),
        verbs: data.verbs.into_iter().map(|v| Arc::new(VerbSet::new(v))).collect(),
        ..Table::default()
    };
    let (parsed, _) = with_table(table, || postcard::from_bytes::<(Vec<Rule>, Vec<Signal>)>(rest));
    parsed.ok()
}

/// The built-in rules and signals from the compiled form in the binary, when it was made
/// from the sources this binary was built from.
pub fn builtin() -> Option<(Vec<Rule>, Vec<Signal>)> {
    read(super::load::COMPILED_RULES, super::load::RULES_SOURCE_HASH)
}

/// Compile the built-in rules from their TOML, for `data/builtin-rules.bin`. Errors name
/// every built-in file that does not load.
pub fn compile_builtins() -> Result<Vec<u8>, String> {
    let options = super::LoadOptions {
        full_builtins: true,
        skip_examples: true,
        ..super::LoadOptions::default()
    };
    let (set, errors) = super::load(&options);
    if !errors.is_empty() {
        let listed: Vec<String> = errors.iter().map(|e| format!("{}: {}", e.path, e.message)).collect();
        return Err(listed.join("\n"));
    }
    let (rules, signals) = set.into_parts();
    compile(&rules, &signals, super::load::RULES_SOURCE_HASH)
}
