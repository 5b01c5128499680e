//! `nabij check --fix` and `--diff`: the replacements rules declare safe (`[fix]`: an
//! officialese word and its plain word), applied to a file's text where the rule marked
//! the words. A library's structure is kept: a fix only lands where the file holds the
//! marked words as plain letters (no escape, quote or line-continuation in them), and the
//! replacement is plain words too, so it is the same text in every format (TOML, YAML,
//! JSON, CSV, text). The fixed file must read back as the same templates, or it is not
//! written.

use super::*;

/// One file's fixes: its text before and after, and how many were applied.
#[derive(Debug, Clone)]
pub struct Fixed {
    pub path: String,
    pub before: String,
    pub after: String,
    pub count: usize,
}

/// The fixes for one checked file, or `None` when there is nothing to fix. An error when
/// the fixed text would not read back as the same templates.
pub fn fixes(set: &Engine, options: &CheckOptions, report: &FileReport) -> Result<Option<Fixed>, Box<Diagnostic>> {
    if report.skipped.is_some() || !report.errors.is_empty() {
        return Ok(None);
    }
    let source: &str = &report.source;
    let mut edits: Vec<(Span, &str)> = report
        .replies
        .iter()
        .flat_map(|r| &r.findings)
        .filter_map(|f| Some((f.span, f.fix.as_deref()?)))
        .filter(|(span, _)| {
            let raw = &source[span.start..span.end];
            !raw.is_empty() && raw.chars().all(|c| c.is_alphabetic() || c == '-' || c.is_whitespace())
        })
        .collect();
    edits.sort_by_key(|(span, _)| (span.start, span.end));
    edits.dedup_by(|b, a| b.0.start < a.0.end);
    if edits.is_empty() {
        return Ok(None);
    }
    let mut after = String::with_capacity(source.len());
    let mut at = 0;
    for (span, replacement) in &edits {
        after.push_str(&source[at..span.start]);
        after.push_str(replacement);
        at = span.end;
    }
    after.push_str(&source[at..]);
    // The fixed file reads back as the same templates, by name, without errors.
    let again = check_source(set, options, report.path.clone(), after.clone());
    let names = |r: &FileReport| r.replies.iter().map(|x| x.name.clone()).collect::<Vec<_>>();
    if !again.errors.is_empty() || names(&again) != names(report) {
        return Err(Box::new(Diagnostic::new(
            &report.path,
            "na het toepassen van de fixes leest het bestand niet meer als dezelfde sjablonen; er is niets veranderd",
        )));
    }
    Ok(Some(Fixed {
        path: report.path.clone(),
        before: source.to_string(),
        after,
        count: edits.len(),
    }))
}

/// Check `paths` (folders walked as for a check) and work out every file's fixes; with
/// `write`, write each fixed file (atomically, keeping its permissions; standard input is
/// never written: its fixed text is returned like any other). The fixes, and the problems:
/// files that could not be read, fixed or written.
pub fn fix_paths(
    set: &Engine,
    options: &CheckOptions,
    paths: &[PathBuf],
    run: &RunOptions,
    write: bool,
) -> (Vec<Fixed>, Vec<Diagnostic>) {
    let (files, mut problems) = collect_files(paths, &options.config, !run.no_force_exclude);
    let mut done = Vec::new();
    for path in &files {
        let report = check_path(set, options, path);
        problems.extend(report.errors.iter().cloned());
        match fixes(set, options, &report) {
            Ok(Some(f)) => {
                if write
                    && path.as_os_str() != "-"
                    && let Err(e) = crate::write::replace_contents(path, &f.after)
                {
                    problems.push(Diagnostic::new(&f.path, e));
                    continue;
                }
                done.push(f);
            }
            Ok(None) => {}
            Err(d) => problems.push(*d),
        }
    }
    (done, problems)
}

/// A unified diff of one file's fixes, as `git diff` shows it.
pub fn diff(fixed: &Fixed) -> String {
    let path = fixed.path.strip_prefix("./").unwrap_or(&fixed.path);
    similar::TextDiff::from_lines(&fixed.before, &fixed.after)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(path: &str, text: &str) -> Option<Fixed> {
        let (set, errors) = crate::check::load(&crate::rules::LoadOptions::default());
        assert!(errors.is_empty());
        let options = CheckOptions::default();
        let report = check_source(&set, &options, path.to_string(), text.to_string());
        fixes(&set, &options, &report).unwrap()
    }

    #[test]
    fn a_fix_keeps_the_case_and_the_rest_of_the_text() {
        let f = fixed("a.txt", "Thans zijn we bezig. Indien u vragen heeft, bel mij.\n").unwrap();
        assert_eq!(f.after, "Nu zijn we bezig. Als u vragen heeft, bel mij.\n");
        assert_eq!(f.count, 2);
        assert!(diff(&f).contains("-Thans zijn we bezig.") && diff(&f).contains("+Nu zijn we bezig."));
    }

    #[test]
    fn a_fix_lands_inside_the_string_of_a_library_and_never_on_an_escape() {
        let toml = "[[templates]]\nname = \"a\"\ntext = \"Uw vraag inzake de \\\"pas\\\".\\nThans niet.\"\n";
        let f = fixed("b.toml", toml).unwrap();
        assert_eq!(
            f.after,
            "[[templates]]\nname = \"a\"\ntext = \"Uw vraag over de \\\"pas\\\".\\nNu niet.\"\n"
        );
        // A word written with an escape in it is left alone: its bytes are not plain letters.
        let json = "{\"templates\": [{\"name\": \"a\", \"text\": \"Wij zijn th\\u0061ns bezig.\"}]}\n";
        assert!(fixed("c.json", json).is_none());
        // Words without a safe fix are never touched.
        assert!(fixed("d.txt", "We kijken ernaar.\n").is_none());
    }
}
