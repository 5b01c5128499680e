//! The compiled form of a rule set: the rules as data ([`RuleSet`]) with the one matcher
//! built over all their patterns, and the team's settings the checker needs while it reads
//! (placeholder patterns, the organisation's own public data).

use super::Matcher;
use crate::diagnostic::Diagnostic;
use crate::rules::{LoadOptions, RuleSet};
use std::ops::Deref;

/// Rules compiled for checking. It dereferences to its [`RuleSet`], so everything that only
/// reads rules (printers, `explain`) takes either.
#[derive(Debug)]
pub struct Engine {
    set: RuleSet,
    pub(crate) matcher: Matcher,
    /// More placeholder patterns than the built-in ones, from config.
    pub(crate) placeholders: Vec<regex::Regex>,
    /// The organisation's own public data and case-number patterns, from config.
    pub(crate) privacy: crate::privacy::Settings,
}

impl Engine {
    /// Compile a rule set: one scan for all its patterns.
    pub fn new(set: RuleSet) -> Engine {
        let mut matcher = Matcher::new(set.rules(), set.signals());
        // Plain phrase rules report nothing about a text without a match: such a set (a
        // team's word list, the benchmark's 300 phrases) may skip those texts unread.
        let plain_phrases = set.whole_reply.is_empty()
            && set.allow_rules.is_empty()
            && set.signals().is_empty()
            && set.rules().iter().all(|r| r.regex.is_empty() && r.detect.is_empty());
        if plain_phrases {
            matcher.enable_quick_reject();
        }
        Engine {
            set,
            matcher,
            placeholders: Vec::new(),
            privacy: crate::privacy::Settings::default(),
        }
    }

    /// The team's placeholder patterns and public data (from `nabij.toml`).
    pub fn with_settings(mut self, placeholders: Vec<regex::Regex>, privacy: crate::privacy::Settings) -> Engine {
        self.placeholders = placeholders;
        self.privacy = privacy;
        self
    }

    /// The words of one rule (its message and suggestions), which the matcher does not read:
    /// a team's own text for a built-in notice.
    pub fn rule_words_mut(&mut self, id: &str) -> Option<(&mut String, &mut Vec<String>)> {
        self.set.get_mut(id).map(|r| (&mut r.message, &mut r.suggest))
    }

    pub fn rule_set(&self) -> &RuleSet {
        &self.set
    }

    /// Take the rules back out (to change them and compile again).
    pub fn into_rule_set(self) -> RuleSet {
        self.set
    }
}

impl Deref for Engine {
    type Target = RuleSet;
    fn deref(&self) -> &RuleSet {
        &self.set
    }
}

/// Load the rules ([`crate::rules::load`]) and compile them. Unless `skip_examples` is set,
/// the rules and signals from outside the binary run their own examples as they load, and one
/// that fails them is left out with an error per failing example.
pub fn load(options: &LoadOptions) -> (Engine, Vec<Diagnostic>) {
    let (set, mut errors) = crate::rules::load(options);
    let engine = Engine::new(set);
    if options.skip_examples {
        return (engine, errors);
    }
    let failing_signals = super::selftest::failing(
        engine.signals(),
        |s| (&s.id, &s.origin),
        |s| super::selftest::check_signal_examples(&engine, s),
        &mut errors,
    );
    let failing = super::selftest::failing(
        engine.rules(),
        |r| (&r.id, &r.origin),
        |r| super::selftest::check_examples(&engine, r),
        &mut errors,
    );
    if failing.is_empty() && failing_signals.is_empty() {
        return (engine, errors);
    }
    let (mut rules, mut signals) = engine.into_rule_set().into_parts();
    rules.retain(|r| !failing.contains(&r.id));
    signals.retain(|s| !failing_signals.contains(&s.id));
    let (set, more) = RuleSet::new(rules, signals);
    errors.extend(more);
    (Engine::new(set), errors)
}
