//! One error type for the whole library.
//!
//! Every variant names the input it concerns, so the command line can print a message that tells the
//! user which file to fix and where, without adding context of its own.

/// Errors from reading, parsing and writing. All of them mean "bad input or unusable environment"
/// and map to exit code 2 on the command line.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{label}: {source}")]
    Io {
        label: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{label}: no such file")]
    NotFound { label: String },
    #[error("{label}: is a directory, expected a text file")]
    IsDirectory { label: String },
    #[error("{label}: invalid UTF-8 at byte offset {offset}; tilmash reads UTF-8 text only")]
    InvalidUtf8 { label: String, offset: usize },
    #[error("{label}: {hint} (byte offset {offset}); expected a UTF-8 text file")]
    Binary {
        label: String,
        offset: usize,
        hint: &'static str,
    },
    #[error("{label}: empty input (no text after removing white space)")]
    Empty { label: String },
    #[error(
        "unknown language code '{code}': expected an ISO 639-1 code such as en, tr, kk, ru, de"
    )]
    UnknownLanguage { code: String },
    /// A structured input (beads, TMX, CSV, JSONL, dictionary...) that does not parse.
    #[error("{label}:{location}: {message}")]
    Malformed {
        label: String,
        /// "line 12", "byte 340", "line 3, column 7"...
        location: String,
        message: String,
    },
    /// Arguments that cannot work together, found after clap has parsed them.
    #[error("{0}")]
    Usage(String),
}

/// Shorthand used throughout the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Wraps an I/O error with the label (usually a path) of the file it concerns.
    pub fn io(label: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            label: label.into(),
            source,
        }
    }

    /// A parse error at a 1-based line of a named input.
    pub fn malformed_line(
        label: impl Into<String>,
        line: usize,
        message: impl Into<String>,
    ) -> Self {
        Error::Malformed {
            label: label.into(),
            location: format!("line {line}"),
            message: message.into(),
        }
    }
}

/// How a path is shown in messages: as the user typed it, `-` as `<stdin>`.
pub fn label_of(path: &std::path::Path) -> String {
    if path.as_os_str() == "-" {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    }
}
