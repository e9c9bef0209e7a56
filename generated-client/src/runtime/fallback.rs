//! Where decoding fell back: a generated enum read a value it does not list
//! (its `Unknown` variant), a tagged union a tag it does not know. Such a
//! value is kept, not refused, so a new server value never breaks a client;
//! but a value the spec declares must never land there.
//!
//! Nothing is recorded unless someone asks, with [`recording`]: untagged
//! unions ask, to prefer the variant that reads a value without falling
//! back (a `running` state is the enum's `Running`, not another variant's
//! `Unknown("running")`), and the round-trip check of generated crates
//! asks, to fail a drawn value that lands in a fallback. Outside a
//! recording, [`note`] costs one thread-local read.

use std::cell::{Cell, RefCell};

thread_local! {
    /// How many recordings are open on this thread.
    static OPEN: Cell<usize> = const { Cell::new(0) };
    /// What fell back while a recording was open.
    static NOTES: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// A generated type (`ty`) kept `value` in its fallback.
pub fn note(ty: &'static str, value: &str) {
    if OPEN.with(Cell::get) > 0 {
        NOTES.with(|n| n.borrow_mut().push(format!("{ty} kept {value}")));
    }
}

/// Run `f` and say what fell back while it ran: one note per fallback
/// (`Status kept "running"`). Recordings nest: each sees what fell back in
/// its own run; an enclosing one sees it only if it is [`replay`]ed.
pub fn recording<T>(f: impl FnOnce() -> T) -> (T, Vec<String>) {
    /// Closes the recording even if `f` panics.
    struct Open(usize);
    impl Drop for Open {
        fn drop(&mut self) {
            OPEN.with(|o| o.set(o.get() - 1));
            NOTES.with(|n| n.borrow_mut().truncate(self.0));
        }
    }
    let start = NOTES.with(|n| n.borrow().len());
    OPEN.with(|o| o.set(o.get() + 1));
    let open = Open(start);
    let out = f();
    let notes = NOTES.with(|n| n.borrow_mut().split_off(start));
    drop(open);
    (out, notes)
}

/// Note again what fell back in a recording whose result is kept (an
/// untagged union that found no variant reading a value without a fallback
/// keeps the first that read it at all).
pub fn replay(notes: Vec<String>) {
    if OPEN.with(Cell::get) > 0 {
        NOTES.with(|n| n.borrow_mut().extend(notes));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_recorded_unless_asked() {
        note("Status", "x");
        let ((), notes) = recording(|| ());
        assert!(notes.is_empty());
        NOTES.with(|n| assert!(n.borrow().is_empty()));
    }

    #[test]
    fn recordings_nest_and_replay() {
        let (inner, outer) = recording(|| {
            note("A", "1");
            let ((), inner) = recording(|| note("B", "2"));
            assert_eq!(inner, ["B kept 2"]);
            inner
        });
        assert_eq!(outer, ["A kept 1"], "the inner note is the inner's");
        let ((), outer) = recording(|| replay(inner));
        assert_eq!(outer, ["B kept 2"]);
        assert_eq!(OPEN.with(Cell::get), 0);
    }

    #[test]
    fn a_panic_closes_the_recording() {
        let r = std::panic::catch_unwind(|| recording(|| panic!("boom")));
        assert!(r.is_err());
        assert_eq!(OPEN.with(Cell::get), 0);
        note("C", "3");
        NOTES.with(|n| assert!(n.borrow().is_empty()));
    }
}
