//! Every built-in rule loads and passes its own examples.

use nabij::rules::{LoadOptions, check_examples, load};

#[test]
fn builtin_rules_load_without_errors() {
    let (set, errors) = load(&LoadOptions::default());
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert!(errors.is_empty(), "{}", shown.join("\n"));
    assert!(
        set.len() >= 30,
        "the built-in pack has {} rules, expected at least 30",
        set.len()
    );
}

#[test]
fn builtin_rules_pass_their_own_examples() {
    let (set, _) = load(&LoadOptions::default());
    let failures: Vec<String> = set
        .rules()
        .iter()
        .flat_map(|r| check_examples(&set, r))
        .map(|d| {
            format!(
                "{d}{}",
                d.notes.iter().map(|n| format!("\n    {n}")).collect::<String>()
            )
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} failing examples:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
