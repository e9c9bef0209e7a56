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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let p = join(&["paths", "/api/{id}", "get", "a~b"]);
        assert_eq!(p, "/paths/~1api~1{id}/get/a~0b");
        assert_eq!(split(&p), ["paths", "/api/{id}", "get", "a~b"]);
        assert_eq!(join::<&str>(&[]), "");
    }
}
