//! `nabij-page-bundle --config nabij.toml --out team.json`: a team's settings and rule
//! files in the one JSON file the page reads at its start (see `Bundle`). The settings and
//! rules are loaded first exactly as `nabij check --config` loads them; any problem is
//! printed with its file and place and nothing is written, so a page never quietly says less
//! than the command line.

use nabij::config::Config;
use nabij::rules::LoadOptions;
use nabij_page::{Bundle, BundledFile, Page, describe};
use std::path::{Path, PathBuf};

use std::process::ExitCode;

fn fail(lines: impl IntoIterator<Item = String>) -> ExitCode {
    for line in lines {
        eprintln!("fout: {line}");
    }
    eprintln!("nabij-page-bundle: niets geschreven");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1));
    let (Some(config_path), Some(out)) = (value("--config"), value("--out")) else {
        eprintln!("usage: nabij-page-bundle --config nabij.toml --out team.json");
        return ExitCode::from(2);
    };
    let config_path = PathBuf::from(config_path);
    let (config, errors) = Config::load(None, Some(&config_path));
    if !errors.is_empty() {
        return fail(errors.iter().map(describe));
    }
    let options = LoadOptions {
        dirs: config.rule_dirs.clone(),
        ..LoadOptions::default()
    };
    let (set, mut errors) = nabij::check::load(&options);
    errors.extend(config.unknown_rules(&set));
    if !errors.is_empty() {
        return fail(errors.iter().map(describe));
    }
    let base = config_path.parent().unwrap_or(Path::new("."));
    let read = |path: &Path| -> Result<BundledFile, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let name = path.strip_prefix(base).unwrap_or(path).display().to_string();
        Ok(BundledFile { name, text })
    };
    // The files the loader read just now, in its order.
    let files = nabij::rules::team_files(&config.rule_dirs, &mut Vec::new());
    let bundle = (read(&config_path).and_then(|config| {
        let rules = files.iter().map(|f| read(f)).collect::<Result<Vec<_>, _>>()?;
        Ok(Bundle {
            config: Some(config),
            rules,
        })
    }))
    .map(|b| serde_json::to_string(&b).expect("plain data"));
    let bundle = match bundle {
        Ok(b) => b,
        Err(e) => return fail([e]),
    };
    // The page loads the bundle as the command line loaded the files: the same rules, no
    // problem of its own.
    let page = Page::new(&bundle);
    if !page.setup().errors.is_empty() || page.setup().rules != set.rules().len() {
        return fail(page.setup().errors.clone());
    }
    if let Err(e) = nabij::write::write_atomic(Path::new(out), &bundle, true) {
        return fail([format!("{out}: {e}")]);
    }
    println!(
        "{out}: {}, regels van het team: {}",
        config_path.display(),
        page.setup().team_rules
    );
    ExitCode::SUCCESS
}
