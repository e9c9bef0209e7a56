//! What a step of normalization says, and where it moved things: the one
//! way every step (the 3.0 repairs, the 2.0 and 3.1 upgrades, references)
//! warns. A leaf: it imports no other module of normalization.

use crate::pointer::{self, Relocations};
use crate::rules::{Rule, Warning};

/// The warnings of a step, and the moves an upgrade recorded.
pub(super) struct Log<'a> {
    pub warnings: &'a mut Vec<Warning>,
    /// Where an upgrade moved things (empty for the 3.0 repairs, whose
    /// warnings the parser maps back itself).
    pub moves: Relocations,
}

impl<'a> Log<'a> {
    pub fn new(warnings: &'a mut Vec<Warning>) -> Self {
        Log {
            warnings,
            moves: Relocations::default(),
        }
    }

    /// Warn about the node at `at` + `extra` (tokens of the tree as it is
    /// now), located in the original document through the moves so far.
    pub fn warn<S: AsRef<str>>(&mut self, rule: Rule, at: &[S], extra: &[&str], message: String) {
        let pointer = self.moves.original(&join(at, extra));
        self.push(rule, pointer, message);
    }

    /// A warning at a pointer into the original document already (the
    /// `was` of a move), which must not be mapped again: something else may
    /// have moved to that place since.
    pub fn warn_original<S: AsRef<str>>(
        &mut self,
        rule: Rule,
        was: &[S],
        extra: &[&str],
        message: String,
    ) {
        self.push(rule, join(was, extra), message);
    }

    /// What is now at `now` was at `was` (token lists).
    pub fn moved<S: AsRef<str>, T: AsRef<str>>(&mut self, now: &[S], was: &[T]) {
        self.moves.record(pointer::join(now), pointer::join(was));
    }

    fn push(&mut self, rule: Rule, pointer: String, message: String) {
        self.warnings.push(Warning {
            rule,
            pointer,
            message,
        });
    }
}

/// The pointer of `at` + `extra`.
fn join<S: AsRef<str>>(at: &[S], extra: &[&str]) -> String {
    let mut p = pointer::join(at);
    p.push_str(&pointer::join(extra));
    p
}
