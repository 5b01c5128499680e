//! Examples as written in rule files: «» marks what a `fire` example must mark. The engine
//! runs them (`check::selftest`).

use crate::span::Span;

/// Split an example into its text and the byte ranges between « and ».
pub fn parse_marked(s: &str) -> Result<(String, Vec<Span>), String> {
    let mut text = String::with_capacity(s.len());
    let mut marks = Vec::new();
    let mut open: Option<usize> = None;
    for c in s.chars() {
        match (c, open) {
            ('«', None) => open = Some(text.len()),
            ('«', Some(_)) => return Err("`«` binnen een markering die nog open is".into()),
            ('»', Some(start)) => {
                if start == text.len() {
                    return Err("een lege markering «»".into());
                }
                marks.push(Span::new(start, text.len()));
                open = None;
            }
            ('»', None) => return Err("`»` zonder openend `«`".into()),
            _ => text.push(c),
        }
    }
    if open.is_some() {
        return Err("`«` zonder sluitend `»`".into());
    }
    Ok((text, marks))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_parsed_into_byte_ranges() {
        let (text, marks) = parse_marked("Wij hebben dit «intern doorgezet» en «één» keer.").unwrap();
        assert_eq!(text, "Wij hebben dit intern doorgezet en één keer.");
        assert_eq!(&text[marks[0].start..marks[0].end], "intern doorgezet");
        assert_eq!(&text[marks[1].start..marks[1].end], "één");
        assert!(parse_marked("«open").is_err());
        assert!(parse_marked("close»").is_err());
        assert!(parse_marked("««x»»").is_err());
        assert!(parse_marked("«»").is_err());
    }
}
