#![no_main]
//! Any text as a rule file: it loads or gives errors placed in the file; no panic.

use libfuzzer_sys::fuzz_target;
use nabij::rules::{RuleFileContent, RuleSet, parse_rule_file};
use std::sync::Arc;

fuzz_target!(|data: &str| {
    match parse_rule_file("fuzz.toml", Arc::from(data), false) {
        Ok(RuleFileContent::Rule(rule)) => {
            let (set, _) = RuleSet::new(vec![rule], Vec::new());
            for r in set.rules() {
                let _ = nabij::rules::check_examples(&set, r);
            }
        }
        Ok(RuleFileContent::Signal(signal)) => {
            let (set, _) = RuleSet::new(Vec::new(), vec![signal]);
            for s in set.signals() {
                let _ = nabij::rules::check_signal_examples(&set, s);
            }
        }
        Err(errors) => {
            for e in errors {
                let _ = e.to_string();
            }
        }
    }
});
