#![no_main]
//! Any text as a phrase pattern; what parses is then matched against the same text.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &str| {
    let Some((pattern, text)) = data.split_once('\n') else {
        let _ = nabij::rules::phrase::parse_all(data);
        return;
    };
    match nabij::rules::phrase::parse_all(pattern) {
        Ok(_) => {
            let escaped = pattern.replace('\\', "\\\\").replace('"', "\\\"");
            let file = format!(
                "id = \"f\"\ndimension = \"clarity\"\nseverity = \"warning\"\nmessage = \"m\"\nwhy = \"w\"\n\
                 suggest = [\"s\"]\npatterns = [\"{escaped}\"]\n[examples]\nfire = [\"«x»\"]\nsilent = [\"y\"]\n"
            );
            if let Ok(nabij::rules::RuleFileContent::Rule(rule)) =
                nabij::rules::parse_rule_file("f.toml", std::sync::Arc::from(file.as_str()), false)
            {
                let set = nabij::check::Engine::new(nabij::RuleSet::new(vec![rule], Vec::new()).0);
                let checked = nabij::check::check_text(&set, text, &Default::default());
                for f in checked.findings {
                    assert!(f.span.end <= text.len() && text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
                }
            }
        }
        Err(e) => assert!(e.start <= e.end && e.end <= pattern.len()),
    }
});
