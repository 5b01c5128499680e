//! nabij: a tone linter for the replies Dutch public organisations post to citizens.
//!
//! The library loads TOML rules, checks texts and returns findings with byte spans. It never
//! prints and never exits: the `nabij` binary and the printers in [`report`] do that.
//!
//! ```
//! let (rules, errors) = nabij::rules::load(&nabij::rules::LoadOptions::default());
//! assert!(errors.is_empty());
//! let findings = nabij::check::check_text(&rules, "We hebben dit intern doorgezet.");
//! assert_eq!(rules.rules()[findings[0].rule].id, "intern-doorgezet");
//! ```

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod check;
pub mod diagnostic;
pub mod input;
pub mod report;
pub mod rules;
pub mod span;
pub mod text;

pub use check::{Finding, check_text};
pub use diagnostic::Diagnostic;
pub use rules::{Dimension, Rule, RuleSet, Severity};
pub use span::{LineIndex, Position, Span};
