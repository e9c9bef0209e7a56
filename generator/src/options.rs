//! What steers a generation.

/// Options that steer generation.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Turn every normalization warning into an error.
    pub strict: bool,
    /// Name of the client crate (`onlyfans-api`); derived from the spec title when `None`.
    pub crate_name: Option<String>,
    /// Other names `Client::from_env` reads a credential variable from:
    /// (a variable the crate names, such as `ONLYFANS_API_KEY`; an alias,
    /// read when it is not set, such as `ONLYFANSAPI_API_KEY`). A variable
    /// the crate does not name is an error.
    pub env_aliases: Vec<(String, String)>,
    /// Also emit `Cargo.toml`, `src/lib.rs` and the runtime: a crate that builds on its own.
    pub standalone: bool,
    /// Also emit `examples/{lib}_roundtrip.rs` (named after the crate so many
    /// crates can share one target directory) and the values it checks,
    /// `roundtrip.json`: every documented example, plus `instances` values
    /// drawn from each body's schema (see [`crate::emit::roundtrip`]).
    pub roundtrip: bool,
    /// With `roundtrip`: how many instances to draw per body schema ([`crate::instances`]).
    pub instances: usize,
    /// With `instances`: the seed of the draw (same seed, same values).
    pub seed: u64,
    /// What the spec does not say about the API but its crate should
    /// (error style, metadata headers, webhook signatures): see [`crate::profile`].
    pub profile: crate::profile::Profile,
}
