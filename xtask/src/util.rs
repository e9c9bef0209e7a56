//! Small helpers shared by the commands: where the workspace is, how paths
//! are shown, atomic writes, and SHA-256.
//!
//! Invariant: every file the xtask writes goes through [`stage`] +
//! [`Staged::commit`] (directly or via [`write_atomic`]), so a reader never
//! sees a half-written file: contents go to a temporary file in the *same*
//! directory, are flushed, and then renamed over the destination.

use std::{
    fmt,
    fs::{self, File},
    io::{self, Write},
    path::{Path, PathBuf},
};

use sha2::{Digest, Sha256};

/// The workspace root (the directory holding the top-level `Cargo.toml`).
pub(crate) fn project_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
}

/// `path` relative to the workspace root when it lies inside it, as typed
/// by a person (`generated-client/src/generated/types.rs`); otherwise as is.
pub(crate) fn display(path: &Path) -> String {
    let shown = path.strip_prefix(project_root()).unwrap_or(path);
    shown.display().to_string()
}

/// An IO error together with the file it happened on.
#[derive(Debug)]
pub(crate) struct PathError {
    pub(crate) path: PathBuf,
    pub(crate) source: io::Error,
}

impl PathError {
    /// For `map_err`: `fs::read(&p).map_err(PathError::at(&p))`.
    pub(crate) fn at(path: &Path) -> impl FnOnce(io::Error) -> PathError + '_ {
        move |source| PathError {
            path: path.to_path_buf(),
            source,
        }
    }
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", display(&self.path), self.source)
    }
}

impl std::error::Error for PathError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Reads a file, `None` when it does not exist.
pub(crate) fn read_if_exists(path: &Path) -> Result<Option<Vec<u8>>, PathError> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(PathError::at(path)(err)),
    }
}

/// A file whose new contents sit, complete and flushed, in a temporary file
/// next to its destination. [`Staged::commit`] renames it into place;
/// dropping it uncommitted removes the temporary file.
#[derive(Debug)]
#[must_use = "a staged file is thrown away unless committed"]
pub(crate) struct Staged {
    temp: PathBuf,
    dest: PathBuf,
    committed: bool,
}

/// Writes `contents` to a temporary file in `dest`'s directory.
pub(crate) fn stage(dest: &Path, contents: &[u8]) -> Result<Staged, PathError> {
    let name = dest
        .file_name()
        .ok_or_else(|| PathError {
            path: dest.to_path_buf(),
            source: io::Error::new(io::ErrorKind::InvalidInput, "not a file path"),
        })?
        .to_string_lossy();
    let temp = dest.with_file_name(format!(".{name}.xtask-{}.tmp", std::process::id()));
    let staged = Staged {
        temp,
        dest: dest.to_path_buf(),
        committed: false,
    };
    // From here on `staged` cleans the temporary file up if anything fails.
    let mut file = File::create(&staged.temp).map_err(PathError::at(&staged.temp))?;
    file.write_all(contents)
        .and_then(|()| file.sync_all())
        .map_err(PathError::at(&staged.temp))?;
    Ok(staged)
}

impl Staged {
    /// Atomically replaces the destination with the staged contents.
    pub(crate) fn commit(mut self) -> Result<(), PathError> {
        fs::rename(&self.temp, &self.dest).map_err(PathError::at(&self.dest))?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_file(&self.temp);
        }
    }
}

/// Atomically replaces (or creates) `path` with `contents`.
pub(crate) fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), PathError> {
    stage(path, contents)?.commit()
}

/// Lowercase hex SHA-256 of `bytes`, as `sha256sum` prints it.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(2 * digest.len());
    for byte in digest.iter() {
        use fmt::Write as _;
        write!(hex, "{byte:02x}").expect("writing to a String cannot fail");
    }
    hex
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_matches_known_vectors() {
        // FIPS 180-2 test vectors.
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn write_atomic_replaces_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("file.txt");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(names, ["file.txt"]);
    }

    #[test]
    fn dropped_stage_leaves_destination_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("file.txt");
        fs::write(&path, b"old").unwrap();
        drop(stage(&path, b"new").unwrap());
        assert_eq!(fs::read(&path).unwrap(), b"old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn stage_fails_cleanly_in_a_missing_directory() {
        let dir = tempfile::tempdir().unwrap();
        let err = stage(&dir.path().join("missing/file.txt"), b"x").unwrap_err();
        assert_eq!(err.source.kind(), io::ErrorKind::NotFound);
    }
}
