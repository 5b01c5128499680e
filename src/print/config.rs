//! `nabij check --show-config`: the settings in effect, as TOML a team can copy into its
//! nabij.toml, each with where it comes from (nabij's default, a settings file, an
//! `[[overrides]]` block, the command line).

use crate::config::{CommandLine, Config, TemplateMeta};
use std::path::Path;

/// The settings in effect for `path` (or for any path, without the overrides), one line
/// per setting with its source after it.
pub fn show(config: &Config, cli: &CommandLine, path: Option<&Path>) -> String {
    let layered = config.layer(cli, path, TemplateMeta::default());
    let from = |key: &str, by_cli: bool| -> String {
        if by_cli {
            "opdrachtregel".to_string()
        } else {
            config
                .origins
                .get(key)
                .cloned()
                .unwrap_or_else(|| "standaard".to_string())
        }
    };
    let matching: Vec<&crate::config::Override> = config
        .overrides
        .iter()
        .filter(|o| path.is_some_and(|p| o.globs.is_match(p)))
        .collect();
    let by_override = |pick: &dyn Fn(&crate::config::Override) -> bool| {
        matching
            .iter()
            .rev()
            .find(|o| pick(o))
            .map(|o| format!("[[overrides]] {:?} in {}", o.paths, o.origin))
    };
    let quoted = |list: &[String]| {
        let items: Vec<String> = list.iter().map(|x| format!("{x:?}")).collect();
        format!("[{}]", items.join(", "))
    };
    let mut rows: Vec<(String, String)> = Vec::new();
    let c = &layered.context;
    rows.push((
        format!("fail_on = {:?}", layered.fail_on.as_str()),
        from("fail_on", cli.fail_on.is_some()),
    ));
    let platform = c.platform.map_or("(geen)".to_string(), |p| format!("{:?}", p.as_str()));
    let platform_from = by_override(&|o| o.platform.is_some());
    rows.push((
        format!("platform = {platform}"),
        platform_from.unwrap_or_else(|| from("platform", cli.platform.is_some())),
    ));
    let voice = c.voice.map_or("(geen)".to_string(), |v| {
        format!(
            "{:?}",
            match v {
                crate::rules::Voice::U => "u",
                crate::rules::Voice::Je => "je",
                crate::rules::Voice::Mirror => "mirror",
            }
        )
    });
    let voice_from = by_override(&|o| o.voice.is_some());
    rows.push((
        format!("voice = {voice}"),
        voice_from.unwrap_or_else(|| from("voice", cli.voice.is_some())),
    ));
    rows.push((format!("sign_off = {}", c.sign_off), from("sign_off", cli.sign_off)));
    let automatic_from = by_override(&|o| o.automatic.is_some());
    rows.push((
        format!("automatic = {}", c.automatic),
        automatic_from.unwrap_or_else(|| {
            if cli.automatic {
                "opdrachtregel".into()
            } else {
                "standaard".into()
            }
        }),
    ));
    rows.push((
        format!("exclude = {}", quoted(&config.exclude_globs)),
        from("exclude", false),
    ));
    for (key, refs) in [("disable", &config.policy.disable), ("enable", &config.policy.enable)] {
        let ids: Vec<String> = refs.iter().map(|r| r.id.clone()).collect();
        let files: std::collections::BTreeSet<&str> = refs.iter().map(|r| r.path.as_str()).collect();
        let source = if files.is_empty() {
            "standaard".to_string()
        } else {
            files.into_iter().collect::<Vec<_>>().join(", ")
        };
        rows.push((format!("{key} = {}", quoted(&ids)), source));
    }
    if !cli.select.is_empty() {
        rows.push((format!("# --select {}", cli.select.join(",")), "opdrachtregel".into()));
    }
    if !cli.ignore.is_empty() {
        rows.push((format!("# --ignore {}", cli.ignore.join(",")), "opdrachtregel".into()));
    }
    let width = rows.iter().map(|(l, _)| l.chars().count()).max().unwrap_or(0);
    let mut out = String::from("# De instellingen van nabij");
    if let Some(p) = path {
        out.push_str(&format!(" voor {}", p.display()));
    }
    out.push_str(", met de herkomst van elke instelling.\n");
    out.push_str("# Lagen, laagste eerst: standaard, nabij.toml, --config, opdrachtregel, [[overrides]].\n");
    if config.files.is_empty() {
        out.push_str("# Gelezen: geen nabij.toml\n");
    } else {
        let files: Vec<String> = config.files.iter().map(|f| f.display().to_string()).collect();
        out.push_str(&format!("# Gelezen: {}\n", files.join(", ")));
    }
    out.push('\n');
    for (line, source) in &rows {
        let pad = " ".repeat(width - line.chars().count());
        out.push_str(&format!("{line}{pad}  # {source}\n"));
    }
    let severities = &config.policy.severity;
    if !severities.is_empty() {
        out.push_str("\n[severity]\n");
        for (r, sev) in severities {
            out.push_str(&format!("{} = {:?}  # {}\n", r.id, sev.as_str(), r.path));
        }
    }
    for o in &matching {
        out.push_str(&format!(
            "\n# Voor dit pad geldt ook [[overrides]] {:?} uit {}\n",
            o.paths, o.origin
        ));
        let list = |refs: &[crate::config::RuleRef]| refs.iter().map(|r| r.id.clone()).collect::<Vec<_>>();
        if !o.policy.disable.is_empty() {
            out.push_str(&format!("#   disable = {}\n", quoted(&list(&o.policy.disable))));
        }
        if !o.policy.enable.is_empty() {
            out.push_str(&format!("#   enable = {}\n", quoted(&list(&o.policy.enable))));
        }
    }
    // Files below the working directory are named from there, as a team names them.
    if let Ok(here) = std::env::current_dir() {
        out = out.replace(&format!("{}/", here.display()), "");
    }
    super::untrusted(&out)
}
