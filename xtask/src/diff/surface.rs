//! An operation's call as lowering decided it ([`generator::ir::Call`]):
//! which parameter and which body the call takes as an argument and which
//! through a setter, under what Rust name, and the arguments' order. The
//! diff reads all of that here, from `Operation::call`, and decides none of
//! it (`generator/src/lower/surface.rs` does).

use generator::ir::{Body, Input, InputSource, Operation, Param};
use generator::items::setter_path;

/// How the call takes an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    /// An argument of the method: `client.users().get(id)`.
    Argument,
    /// A setter on the call the method returns: `.limit(10)`.
    Setter,
}

/// A parameter or the body of an operation, with the input of the call
/// that takes it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Taken<'a, T> {
    pub(crate) op: &'a Operation,
    /// The parameter or body itself (wire name, location, media type).
    pub(crate) of: &'a T,
    /// Its Rust name and type in the call.
    pub(crate) input: &'a Input,
    pub(crate) slot: Slot,
}

impl<T> Taken<'_, T> {
    pub(crate) fn is_argument(&self) -> bool {
        self.slot == Slot::Argument
    }

    /// Its Rust name: the argument's, or the setter's.
    pub(crate) fn name(&self) -> &str {
        &self.input.name
    }

    /// The item users name: the method for an argument, else its setter.
    pub(crate) fn item(&self) -> String {
        match self.slot {
            Slot::Argument => self.op.call.path(),
            Slot::Setter => setter_path(self.op, &self.input.name),
        }
    }
}

/// The input of the call that takes `source`, and how; `None` when the call
/// does not take it.
fn input(op: &Operation, source: InputSource) -> Option<(&Input, Slot)> {
    let call = &op.call;
    let args = call.args.iter().map(|i| (i, Slot::Argument));
    let setters = call.setters.iter().map(|i| (i, Slot::Setter));
    args.chain(setters).find(|(i, _)| i.source == source)
}

/// The parameters the call takes, in the operation's order (`params`).
pub(crate) fn params(op: &Operation) -> Vec<Taken<'_, Param>> {
    op.params
        .iter()
        .enumerate()
        .filter_map(|(i, of)| {
            let (input, slot) = input(op, InputSource::Param(i))?;
            Some(Taken {
                op,
                of,
                input,
                slot,
            })
        })
        .collect()
}

/// The parameters the call takes as arguments, in argument order.
pub(crate) fn argument_params(op: &Operation) -> Vec<Taken<'_, Param>> {
    op.call
        .args
        .iter()
        .filter_map(|input| match input.source {
            InputSource::Param(i) => Some(Taken {
                op,
                of: op.params.get(i)?,
                input,
                slot: Slot::Argument,
            }),
            InputSource::Body => None,
        })
        .collect()
}

/// The request body, when the operation has one and the call takes it.
pub(crate) fn body(op: &Operation) -> Option<Taken<'_, Body>> {
    let of = op.body.as_ref()?;
    let (input, slot) = input(op, InputSource::Body)?;
    Some(Taken {
        op,
        of,
        input,
        slot,
    })
}
