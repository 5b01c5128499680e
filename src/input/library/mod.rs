//! Template libraries: the formats a team keeps its replies in, each read into templates whose
//! text maps back to the exact place in the file.
//!
//! | format | what is a template |
//! |---|---|
//! | `.txt` (and anything else) | the whole file |
//! | `.md` | the whole file, or each `##` section, named by its heading |
//! | `.toml`, `.yaml`/`.yml`, `.json` | each entry of the top-level list `templates` |
//! | `.csv` | each row; the text is the column `text` |
//!
//! Structured entries have `name`, `text` and optionally `platform`, `automatic` and `allow`
//! (rule ids). The key names and CSV columns can be changed in nabij.toml (`[library]`).

mod table;

pub use table::{CsvTemplates, templates as csv_templates};

use super::align::{Escapes, Mapped, align};
use super::json;
use super::tree::{MAX_DEPTH, Node};
use crate::diagnostic::Diagnostic;
use crate::rules::Platform;
use crate::span::Span;
use rustc_hash::FxHashSet;
use serde::Deserialize;
use std::sync::Arc;

/// How the error for a structured file without a template list begins (a folder walk skips
/// such files: not every TOML file is a library).
pub const NOT_A_LIBRARY: &str = "geen lijst op het hoogste niveau";

/// The key names of a structured library (and the CSV columns).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct Schema {
    /// The top-level list of templates (not used by CSV).
    pub list: String,
    pub name: String,
    pub text: String,
    pub platform: String,
    pub automatic: String,
    pub allow: String,
}

impl Default for Schema {
    fn default() -> Schema {
        Schema {
            list: "templates".into(),
            name: "name".into(),
            text: "text".into(),
            platform: "platform".into(),
            automatic: "automatic".into(),
            allow: "allow".into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Toml,
    Yaml,
    Json,
    Csv,
}

impl Format {
    pub fn of(path: &str) -> Format {
        let ext = std::path::Path::new(path)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("md" | "markdown") => Format::Markdown,
            Some("toml") => Format::Toml,
            Some("yaml" | "yml") => Format::Yaml,
            Some("json") => Format::Json,
            Some("csv") => Format::Csv,
            _ => Format::Text,
        }
    }
}

/// One template of a library.
#[derive(Debug, Clone)]
pub struct Template {
    /// `None` for a file that is one reply.
    pub name: Option<String>,
    pub text: Mapped,
    /// Where the template's entry stands in the file.
    pub entry: Span,
    pub platform: Option<Platform>,
    pub automatic: Option<bool>,
    /// Rule ids the template allows, with where each stands.
    pub allow: Vec<(String, Span)>,
}

impl Template {
    pub fn plain(name: Option<String>, text: &str, offset: usize) -> Template {
        Template {
            name,
            text: Mapped::verbatim(text, offset),
            entry: Span::new(offset, offset + text.len()),
            platform: None,
            automatic: None,
            allow: Vec::new(),
        }
    }
}

/// Read the templates of a file.
pub fn read(path: &str, source: &Arc<str>, format: Format, schema: &Schema) -> Result<Vec<Template>, Vec<Diagnostic>> {
    let at = |span: Span, message: String| Diagnostic::new(path, message).at(source.clone(), span);
    match format {
        Format::Text => Ok(vec![Template::plain(None, source, 0)]),
        Format::Markdown => Ok(markdown(source)),
        Format::Csv => table::read_all(source, schema).map_err(|(span, m)| vec![at(span, m)]),
        Format::Json => {
            let node = json::parse(source).map_err(|e| {
                vec![at(
                    Span::new(e.at, (e.at + 1).min(source.len())),
                    format!("ongeldige JSON: {}", e.message),
                )]
            })?;
            entries(&node, source, schema).map_err(|errs| errs.into_iter().map(|(s, m)| at(s, m)).collect())
        }
        Format::Toml => {
            let node = toml_tree(source).map_err(|(span, m)| vec![at(span, m)])?;
            entries(&node, source, schema).map_err(|errs| errs.into_iter().map(|(s, m)| at(s, m)).collect())
        }
        Format::Yaml => {
            let node = yaml_tree(source).map_err(|(span, m)| vec![at(span, m)])?;
            entries(&node, source, schema).map_err(|errs| errs.into_iter().map(|(s, m)| at(s, m)).collect())
        }
    }
}

/// A Markdown file: one template, or one per `##` section named by its heading. Text before
/// the first section (a title, a note) is not a template.
fn markdown(source: &str) -> Vec<Template> {
    let mut headings: Vec<(usize, usize, String)> = Vec::new(); // line start, text start, name
    let mut at = 0;
    for line in source.split_inclusive('\n') {
        if let Some(name) = line.strip_prefix("## ") {
            headings.push((at, at + line.len(), name.trim().to_string()));
        }
        at += line.len();
    }
    if headings.is_empty() {
        return vec![Template::plain(None, source, 0)];
    }
    let mut out = Vec::new();
    for (i, (_, start, name)) in headings.iter().enumerate() {
        let end = headings.get(i + 1).map_or(source.len(), |h| h.0);
        let body = &source[*start..end];
        let lead = body.len() - body.trim_start().len();
        let text = body.trim();
        let mut t = Template::plain(Some(name.clone()), text, start + lead);
        t.entry = Span::new(headings[i].0, end);
        out.push(t);
    }
    out
}

/// The templates of a structured library tree, or every problem with its place.
fn entries(root: &Node, source: &str, schema: &Schema) -> Result<Vec<Template>, Vec<(Span, String)>> {
    let Some(list) = root.get(&schema.list) else {
        return Err(vec![(
            Span::new(0, 0),
            format!("{NOT_A_LIBRARY} `{}` met sjablonen", schema.list),
        )]);
    };
    let Node::Seq(items, _) = list else {
        return Err(vec![(
            list.span(),
            format!("`{}` moet een lijst zijn, geen {}", schema.list, list.kind()),
        )]);
    };
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for item in items {
        let entry = item.span();
        let text = match item.get(&schema.text) {
            Some(Node::Str { value, raw, escapes }) => align(value, &source[raw.start..raw.end], raw.start, *escapes),
            Some(other) => {
                errors.push((
                    other.span(),
                    format!("`{}` moet tekst zijn, geen {}", schema.text, other.kind()),
                ));
                continue;
            }
            None => {
                errors.push((entry, format!("sjabloon zonder `{}`", schema.text)));
                continue;
            }
        };
        let string = |key: &str| match item.get(key) {
            Some(Node::Str { value, .. }) => Some(value.clone()),
            _ => None,
        };
        let platform = match item.get(&schema.platform) {
            None => None,
            Some(Node::Str { value, raw, .. }) => match Platform::parse(&value.to_lowercase()) {
                Some(p) => Some(p),
                None => {
                    errors.push((
                        *raw,
                        format!("onbekend platform `{value}`; verwacht x, instagram, facebook, whatsapp, email of dm"),
                    ));
                    continue;
                }
            },
            Some(other) => {
                errors.push((other.span(), format!("`{}` moet tekst zijn", schema.platform)));
                continue;
            }
        };
        let automatic = match item.get(&schema.automatic) {
            None => None,
            Some(Node::Bool(b, _)) => Some(*b),
            Some(other) => {
                errors.push((other.span(), format!("`{}` moet true of false zijn", schema.automatic)));
                continue;
            }
        };
        let allow = match item.get(&schema.allow) {
            None => Vec::new(),
            Some(Node::Seq(ids, _)) => ids
                .iter()
                .filter_map(|n| match n {
                    Node::Str { value, raw, .. } => Some((value.clone(), *raw)),
                    _ => None,
                })
                .collect(),
            Some(Node::Str { value, raw, .. }) => vec![(value.clone(), *raw)],
            Some(other) => {
                errors.push((
                    other.span(),
                    format!("`{}` moet een lijst met regel-id's zijn", schema.allow),
                ));
                continue;
            }
        };
        out.push(Template {
            name: string(&schema.name),
            text,
            entry,
            platform,
            automatic,
            allow,
        });
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

/// A TOML document as a tree, with positions.
fn toml_tree(source: &str) -> Result<Node, (Span, String)> {
    let doc = toml::de::DeTable::parse(source).map_err(|e| {
        let span = e.span().map_or(Span::new(0, 0), |r| Span::new(r.start, r.end));
        (
            span,
            format!("ongeldige TOML: {}", crate::diagnostic::dutch(e.message().trim_end())),
        )
    })?;
    let span = Span::new(0, source.len());
    Ok(toml_table(doc.get_ref(), span, source, 0))
}

fn toml_table(t: &toml::de::DeTable, span: Span, source: &str, depth: usize) -> Node {
    let mut entries: Vec<(String, Span, Node)> = t
        .iter()
        .map(|(k, v)| {
            let ks = Span::new(k.span().start, k.span().end);
            (k.get_ref().to_string(), ks, toml_value(v, source, depth + 1))
        })
        .collect();
    entries.sort_by_key(|e| e.1.start);
    Node::Map(entries, span)
}

fn toml_value(v: &toml::Spanned<toml::de::DeValue>, source: &str, depth: usize) -> Node {
    let span = Span::new(v.span().start, v.span().end);
    if depth > MAX_DEPTH {
        return Node::Other(span);
    }
    match v.get_ref() {
        toml::de::DeValue::String(s) => {
            let raw = &source[span.start..span.end];
            let escapes = if raw.starts_with('"') {
                Escapes::Backslash
            } else {
                Escapes::None
            };
            Node::Str {
                value: s.to_string(),
                raw: span,
                escapes,
            }
        }
        toml::de::DeValue::Boolean(b) => Node::Bool(*b, span),
        toml::de::DeValue::Array(items) => {
            Node::Seq(items.iter().map(|i| toml_value(i, source, depth + 1)).collect(), span)
        }
        toml::de::DeValue::Table(t) => toml_table(t, span, source, depth),
        _ => Node::Other(span),
    }
}

/// A YAML document as a tree, with positions. Aliases are not expanded (a "billion laughs"
/// file stays small), and nesting deeper than `MAX_DEPTH` is refused.
fn yaml_tree(source: &str) -> Result<Node, (Span, String)> {
    use saphyr_parser::{Event, Parser, ScalarStyle};
    // The parser counts characters; spans count bytes.
    let byte_of: Vec<usize> = source.char_indices().map(|(i, _)| i).chain([source.len()]).collect();
    let to_bytes = |s: &saphyr_parser::Span| {
        let at = |i: usize| byte_of.get(i).copied().unwrap_or(source.len());
        Span::new(at(s.start.index()), at(s.end.index()))
    };
    enum Open {
        Seq(Vec<Node>, Span),
        /// Entries, the key waiting for its value, the keys so far, the span.
        Map(
            Vec<(String, Span, Node)>,
            Option<(String, Span)>,
            FxHashSet<String>,
            Span,
        ),
    }
    let mut stack: Vec<Open> = Vec::new();
    let mut root: Option<Node> = None;
    // A duplicate key is an error: YAML loaders keep the last value and nabij would check the
    // first, so a reply could hide. A second document is one too: nabij reads one per file.
    let add = |stack: &mut Vec<Open>, node: Node, root: &mut Option<Node>| -> Result<(), (Span, String)> {
        match stack.last_mut() {
            Some(Open::Seq(items, _)) => items.push(node),
            Some(Open::Map(entries, key, keys, _)) => match key.take() {
                Some((k, ks)) => entries.push((k, ks, node)),
                None => {
                    let k = match &node {
                        Node::Str { value, .. } => value.clone(),
                        _ => String::new(),
                    };
                    if !k.is_empty() && !keys.insert(k.clone()) {
                        return Err((node.span(), format!("dubbele sleutel `{k}`")));
                    }
                    *key = Some((k, node.span()));
                }
            },
            None if root.is_none() => *root = Some(node),
            None => {
                return Err((
                    node.span(),
                    "een tweede YAML-document: nabij leest één document per bestand".into(),
                ));
            }
        }
        Ok(())
    };
    for event in Parser::new_from_str(source) {
        let (event, span) = event.map_err(|e| {
            let at = byte_of.get(e.marker().index()).copied().unwrap_or(source.len());
            (Span::new(at, at), format!("ongeldige YAML: {}", e.info()))
        })?;
        let span = to_bytes(&span);
        match event {
            Event::Scalar(value, style, ..) => {
                let escapes = if style == ScalarStyle::DoubleQuoted {
                    Escapes::Backslash
                } else {
                    Escapes::None
                };
                let node = match (style, value.as_ref()) {
                    (ScalarStyle::Plain, "true" | "True" | "TRUE") => Node::Bool(true, span),
                    (ScalarStyle::Plain, "false" | "False" | "FALSE") => Node::Bool(false, span),
                    _ => Node::Str {
                        value: value.to_string(),
                        raw: span,
                        escapes,
                    },
                };
                add(&mut stack, node, &mut root)?;
            }
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                if stack.len() >= MAX_DEPTH {
                    return Err((span, format!("dieper genest dan {MAX_DEPTH} niveaus")));
                }
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    Open::Seq(Vec::new(), span)
                } else {
                    Open::Map(Vec::new(), None, FxHashSet::default(), span)
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let node = match stack.pop() {
                    Some(Open::Seq(items, s)) => Node::Seq(items, Span::new(s.start, span.end.max(s.start))),
                    Some(Open::Map(entries, _, _, s)) => Node::Map(entries, Span::new(s.start, span.end.max(s.start))),
                    None => continue,
                };
                add(&mut stack, node, &mut root)?;
            }
            Event::Alias(_) => add(&mut stack, Node::Other(span), &mut root)?,
            _ => {}
        }
    }
    Ok(root.unwrap_or(Node::Other(Span::new(0, 0))))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The file text a finding on `word` in the template named `name` would point at.
    fn at_word(source: &str, format: Format, name: &str, word: &str) -> String {
        let src: Arc<str> = Arc::from(source);
        let templates = read("t", &src, format, &Schema::default()).unwrap_or_else(|e| panic!("{}", e[0]));
        let t = templates
            .iter()
            .find(|t| t.name.as_deref() == Some(name))
            .expect("template");
        let i = t.text.text.find(word).expect("word in text");
        let span = t.text.to_file(Span::new(i, i + word.len()));
        source[span.start..span.end].to_string()
    }

    #[test]
    fn toml_multi_line_strings_map_back() {
        let src = "[[templates]]\nname = \"a\"\ntext = \"\"\"\nHallo,\nwe hebben het \\\n   intern doorgezet.\"\"\"\n\n[[templates]]\nname = \"b\"\ntext = '''\nLetterlijk intern doorgezet'''\n";
        assert_eq!(at_word(src, Format::Toml, "a", "intern doorgezet"), "intern doorgezet");
        assert_eq!(at_word(src, Format::Toml, "b", "intern"), "intern");
    }

    #[test]
    fn yaml_block_and_quoted_scalars_map_back() {
        let src = "templates:\n  - name: a\n    text: |\n      Hallo,\n      we hebben het intern doorgezet.\n  - name: b\n    text: \"Hoi\\nintern doorgezet\"\n  - name: c\n    text: >\n      gevouwen\n      intern doorgezet\n";
        assert_eq!(at_word(src, Format::Yaml, "a", "intern doorgezet"), "intern doorgezet");
        assert_eq!(at_word(src, Format::Yaml, "b", "intern"), "intern");
        assert_eq!(at_word(src, Format::Yaml, "c", "intern doorgezet"), "intern doorgezet");
    }

    #[test]
    fn json_escapes_map_back() {
        let src = r#"{"templates": [{"name": "a", "text": "Caf\u00e9 gesloten.\nWe hebben het intern doorgezet."}]}"#;
        assert_eq!(at_word(src, Format::Json, "a", "intern doorgezet"), "intern doorgezet");
        assert_eq!(at_word(src, Format::Json, "a", "Café"), r"Caf\u00e9");
    }

    #[test]
    fn broken_csv_is_an_error_placed_on_the_field() {
        let place = |src: &str| match table::rows(src, 0, ',') {
            Err((span, message)) => (span.start, message),
            Ok(rows) => panic!("read as {rows:?}"),
        };
        let (at, message) = place("name,text\nhoi,\"nooit gesloten\n");
        assert_eq!(
            (at, message.as_str()),
            (14, "veld tussen aanhalingstekens zonder sluitend `\"`")
        );
        let (at, message) = place("name,text\nhoi,\"ja\"nee\n");
        assert_eq!(
            (at, message.as_str()),
            (18, "onverwachte tekst na een veld tussen aanhalingstekens")
        );
        // Every field's bytes, quotes included, across CRLF line ends.
        let rows = table::rows("a,\"b\"\"c\"\r\n,d\r\n", 0, ',').unwrap();
        let spans: Vec<Vec<(usize, usize)>> = rows
            .iter()
            .map(|r| r.iter().map(|(_, s)| (s.start, s.end)).collect())
            .collect();
        assert_eq!(spans, [vec![(0, 1), (2, 8)], vec![(10, 10), (11, 12)]]);
        assert_eq!(rows[0][1].0, "b\"c");
    }

    #[test]
    fn csv_and_markdown_map_back() {
        let src = "name;text;platform\nhoi;\"Hij zei \"\"ja\"\";\nintern doorgezet\";x\n";
        assert_eq!(at_word(src, Format::Csv, "hoi", "intern doorgezet"), "intern doorgezet");
        let src: Arc<str> = Arc::from(src);
        assert_eq!(
            read("t", &src, Format::Csv, &Schema::default()).unwrap()[0].platform,
            Some(Platform::X)
        );
        let md =
            "# Sjablonen\n\n## Doorgezet\n\nWe hebben het intern doorgezet.\n\n## Afval\nDe container wordt geleegd.\n";
        assert_eq!(at_word(md, Format::Markdown, "Doorgezet", "intern"), "intern");
        let md: Arc<str> = Arc::from(md);
        let t = read("t", &md, Format::Markdown, &Schema::default()).unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(t[1].text.text, "De container wordt geleegd.");
    }

    #[test]
    fn schema_errors_are_placed() {
        let src: Arc<str> = Arc::from("[[templates]]\nname = \"a\"\ntext = 3\n");
        let e = read("t.toml", &src, Format::Toml, &Schema::default()).unwrap_err();
        assert!(e[0].message.contains("`text` moet tekst zijn"), "{}", e[0]);
        assert_eq!(e[0].position().unwrap().line, 3);
        let src: Arc<str> = Arc::from("sjablonen: []\n");
        let e = read("t.yaml", &src, Format::Yaml, &Schema::default()).unwrap_err();
        assert!(e[0].message.contains("geen lijst op het hoogste niveau `templates`"));
        let bomb: Arc<str> = Arc::from("a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\ntemplates: [*c]\n");
        assert!(
            read("t.yaml", &bomb, Format::Yaml, &Schema::default()).is_err(),
            "aliases are not templates"
        );
    }
}
