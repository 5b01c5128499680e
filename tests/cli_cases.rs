//! Command-line cases as files: `tests/cmd/*.toml` names the arguments (and standard input), the
//! `.stdout` and `.stderr` files next to it hold the exact expected output, and `status.code` the
//! exit code. They double as the golden test of the output formats: JSON, SARIF, compact, GitHub
//! and human output on `examples/` must stay byte for byte the same unless a case is re-blessed on
//! purpose with `TRYCMD=overwrite cargo test --test cli_cases`.

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
