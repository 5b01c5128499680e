#![no_main]
//! Any text as a rule file: it loads or gives errors placed in the file; no panic.

use libfuzzer_sys::fuzz_target;
use nabij::check::Engine;
use nabij::rules::{RuleFileContent, RuleSet, parse_rule_file};
use std::sync::Arc;

fuzz_target!(|data: &str| {
    match parse_rule_file("fuzz.toml", Arc::from(data), false) {
        Ok(RuleFileContent::Rule(rule)) => {
            let set = Engine::new(RuleSet::new(vec![rule], Vec::new()).0);
            for r in set.rules() {
                let _ = nabij::check::check_examples(&set, r);
            }
        }
        Ok(RuleFileContent::Signal(signal)) => {
            let set = Engine::new(RuleSet::new(Vec::new(), vec![signal]).0);
            for s in set.signals() {
                let _ = nabij::check::check_signal_examples(&set, s);
            }
        }
        Err(errors) => {
            for e in errors {
                let _ = e.to_string();
            }
        }
    }
});
