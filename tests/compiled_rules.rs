//! The compiled built-in rules (`data/builtin-rules.bin`, see `src/rules/compiled.rs`) are
//! what the TOML says: made from the current rule files and code, and read back whole.

use nabij::rules::compiled;

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/builtin-rules.bin");

/// Compiling the rules again gives the very bytes that are checked in, and this binary
/// accepts them. `NABIJ_COMPILED=overwrite` writes the file instead (`scripts/compile-rules`).
#[test]
fn the_compiled_builtin_rules_are_current() {
    let fresh = compiled::compile_builtins().unwrap_or_else(|e| panic!("the built-in rules do not load:\n{e}"));
    if std::env::var_os("NABIJ_COMPILED").is_some_and(|v| v == "overwrite") {
        let dir = std::path::Path::new(PATH).parent().expect("data/");
        let mut tmp = tempfile::NamedTempFile::new_in(dir).expect("temporary file in data/");
        std::io::Write::write_all(&mut tmp, &fresh).expect("write");
        let file = tmp.persist(PATH).expect("replace data/builtin-rules.bin");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            file.set_permissions(std::fs::Permissions::from_mode(0o644))
                .expect("chmod");
        }
        return;
    }
    let kept = std::fs::read(PATH).unwrap_or_default();
    assert!(
        kept == fresh,
        "data/builtin-rules.bin is not what the rule files and code make now ({} bytes kept, {} made): run scripts/compile-rules",
        kept.len(),
        fresh.len()
    );
    assert!(
        compiled::builtin().is_some(),
        "this binary does not read the compiled rules it embeds"
    );
}

/// Compiling is deterministic: twice the same bytes (else the file would churn).
#[test]
fn compiling_twice_gives_the_same_bytes() {
    assert_eq!(compiled::compile_builtins(), compiled::compile_builtins());
}

/// A compiled form of another format or from other sources is refused, never half read.
#[test]
fn a_compiled_form_from_other_sources_is_not_read() {
    let (set, _) = nabij::rules::load(&nabij::rules::LoadOptions {
        full_builtins: true,
        skip_examples: true,
        ..Default::default()
    });
    let (rules, signals) = set.into_parts();
    let bytes = compiled::compile(&rules, &signals, 42).expect("compiles");
    let (r, s) = compiled::read(&bytes, 42).expect("reads back");
    assert_eq!(
        r.iter().map(|r| &r.id).collect::<Vec<_>>(),
        rules.iter().map(|r| &r.id).collect::<Vec<_>>()
    );
    assert_eq!(s.len(), signals.len());
    assert!(compiled::read(&bytes, 43).is_none(), "another source hash");
    assert!(compiled::read(&bytes[..bytes.len() / 2], 42).is_none(), "cut short");
    assert!(compiled::read(b"", 42).is_none());
    let mut other_format = bytes.clone();
    other_format[8] ^= 1;
    assert!(compiled::read(&other_format, 42).is_none(), "another format");
}
