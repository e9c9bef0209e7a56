//! Why a spec could not be generated.

use std::fmt;

/// Why a spec could not be generated: names the file, a JSON pointer and the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub file: String,
    pub pointer: String,
    pub message: String,
}

impl Error {
    pub fn new(file: &str, pointer: &str, message: impl Into<String>) -> Self {
        Error {
            file: file.to_string(),
            pointer: pointer.to_string(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: at {}: {}",
            self.file,
            if self.pointer.is_empty() {
                "/"
            } else {
                &self.pointer
            },
            self.message
        )
    }
}

impl std::error::Error for Error {}
