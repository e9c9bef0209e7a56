//! JSON pointers (RFC 6901) for locating things in a spec.

/// Escape one reference token: `~` → `~0`, `/` → `~1`.
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Join raw (unescaped) tokens into a pointer: `["paths", "/a"]` → `/paths/~1a`.
pub fn join<S: AsRef<str>>(tokens: &[S]) -> String {
    let mut out = String::new();
    for t in tokens {
        out.push('/');
        out.push_str(&escape(t.as_ref()));
    }
    out
}

/// Split a pointer into unescaped tokens.
pub fn split(pointer: &str) -> Vec<String> {
    pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// Where parts of a document were before a version upgrade moved them: each
/// entry maps a pointer prefix in the upgraded tree to the pointer of the same
/// node in the original document (`/components/schemas/Pet` →
/// `/definitions/Pet`). Warnings found after the upgrade are mapped back
/// through it, so they point into the file the user wrote.
///
/// An upgrade moves things in stages (2.0 → 3.0, then `$defs` hoisted out of
/// the moved schemas): [`Relocations::next_stage`] separates them, and a move
/// recorded in a later stage is composed with the earlier ones, so every entry
/// maps straight to the original.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Relocations {
    moves: Vec<(String, String)>,
    /// Moves of earlier stages: `moves[..earlier]`.
    earlier: usize,
}

impl Relocations {
    /// Record that what is now at `now` was at `was` (a pointer into the tree
    /// as the current stage found it).
    pub fn record(&mut self, now: String, was: String) {
        let was = map(&self.moves[..self.earlier], &was);
        if now != was {
            self.moves.push((now, was));
        }
    }

    /// Later moves are of the tree as the moves so far left it.
    pub fn next_stage(&mut self) {
        self.earlier = self.moves.len();
    }

    /// The original pointer of a node of the upgraded tree: the longest
    /// recorded prefix (whole tokens only) is replaced.
    pub fn original(&self, pointer: &str) -> String {
        map(&self.moves, pointer)
    }

    pub fn is_empty(&self) -> bool {
        self.moves.is_empty()
    }
}

fn map(moves: &[(String, String)], pointer: &str) -> String {
    let best = moves
        .iter()
        .filter(|(now, _)| {
            pointer
                .strip_prefix(now.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
        .max_by_key(|(now, _)| now.len());
    match best {
        Some((now, was)) => format!("{was}{}", &pointer[now.len()..]),
        None => pointer.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relocations_map_back_by_whole_tokens() {
        let mut r = Relocations::default();
        r.record("/components/schemas".into(), "/definitions".into());
        r.record(
            "/paths/~1a/get/requestBody/content/application~1json/schema".into(),
            "/paths/~1a/get/parameters/0/schema".into(),
        );
        assert_eq!(
            r.original("/components/schemas/Pet/properties/id"),
            "/definitions/Pet/properties/id"
        );
        assert_eq!(r.original("/components/schemasX"), "/components/schemasX");
        assert_eq!(
            r.original("/paths/~1a/get/requestBody/content/application~1json/schema/items"),
            "/paths/~1a/get/parameters/0/schema/items"
        );
        assert_eq!(r.original("/info/title"), "/info/title");
        // Shifted indexes of one stage do not chain...
        let mut r = Relocations::default();
        r.record("/p/0".into(), "/p/1".into());
        r.record("/p/1".into(), "/p/2".into());
        assert_eq!(r.original("/p/0"), "/p/1");
        // ...a later stage's move composes with the earlier ones.
        r.next_stage();
        r.record("/q".into(), "/p/1/x".into());
        assert_eq!(r.original("/q/y"), "/p/2/x/y");
    }

    #[test]
    fn round_trip() {
        let p = join(&["paths", "/api/{id}", "get", "a~b"]);
        assert_eq!(p, "/paths/~1api~1{id}/get/a~0b");
        assert_eq!(split(&p), ["paths", "/api/{id}", "get", "a~b"]);
        assert_eq!(join::<&str>(&[]), "");
    }
}
