#![no_main]
//! Any text as nabij.toml: it layers or gives errors placed in the file; no panic.

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &str| {
    let mut config = nabij::config::Config::default();
    if let Err(errors) = config.layer_text(Path::new("nabij.toml"), std::sync::Arc::from(data)) {
        for e in errors {
            let _ = e.to_string();
        }
    }
    let cli = nabij::config::CommandLine::default();
    let _ = config.layer(&cli, Some(Path::new("templates/x.toml")), Default::default());
});
