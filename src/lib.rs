//! nabij: a tone linter for the replies Dutch public organisations post to citizens.
//!
//! The library loads TOML rules, checks texts and returns findings with byte spans. It never
//! prints and never exits: the `nabij` binary and the printers in [`report`] do that.
//!
//! ```
//! let (rules, errors) = nabij::check::load(&nabij::rules::LoadOptions::default());
//! assert!(errors.is_empty());
//! let context = nabij::rules::Context::default();
//! let checked = nabij::check::check_text(&rules, "We hebben dit intern doorgezet.", &context);
//! let ids: Vec<&str> = checked.findings.iter().map(|f| rules.rules()[f.rule].id.as_str()).collect();
//! assert!(ids.contains(&"intern-doorgezet"));
//! assert_eq!(checked.dimensions.ownership, nabij::check::Verdict::Missing);
//! ```

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod check;
pub mod config;
pub mod diagnostic;
pub mod eval;
pub mod input;
pub mod lint;
pub mod mirror;
pub mod print;
pub mod privacy;
pub mod read;
pub mod rules;
pub mod span;
pub mod templates;
pub mod text;
pub mod write;

pub use check::{Checked, Dimensions, Finding, Verdict, check_text};
pub use diagnostic::Diagnostic;
pub use rules::{Dimension, Rule, RuleSet, Severity};
pub use span::{LineIndex, Position, Span};
