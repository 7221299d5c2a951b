use crate::model::Problem;
use std::path::Path;
use thiserror::Error;

/// Why a project could not be read or written. Each message names the file and says what to do.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("Could not {action} {file}: {}.", super::words::io(.source))]
    Io {
        file: String,
        action: &'static str,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{file}:{line}:{col}: {message}. The file is not a valid Gloss project; it was not changed."
    )]
    Syntax {
        file: String,
        line: usize,
        col: usize,
        message: String,
    },
    #[error("{file}: not a Gloss project file (.gloss); it looks like {looks_like}.")]
    NotUtf8 {
        file: String,
        /// Where the first byte that is not UTF-8 text stands.
        offset: usize,
        looks_like: &'static str,
    },
    #[error("{file}: not a Gloss project file (.gloss); it looks like {looks_like}.")]
    NotAProject {
        file: String,
        looks_like: &'static str,
    },
    #[error(
        "{file} was written in project format {found} by a newer Gloss; this Gloss reads formats up \
         to {supported}. Open it with a newer Gloss; the file was not changed."
    )]
    NewerVersion {
        file: String,
        found: u32,
        supported: u32,
    },
    #[error("{file} is damaged: {}{}", .problems.iter().take(3).map(|p| p.to_string()).collect::<Vec<_>>().join("; "), if .problems.len() > 3 { format!(" (and {} more)", .problems.len() - 3) } else { String::new() })]
    Invalid {
        file: String,
        problems: Vec<Problem>,
    },
    #[error("Could not encode the project: {0}")]
    Encode(String),
}

impl StoreError {
    pub(super) fn io(path: &Path, action: &'static str, source: std::io::Error) -> Self {
        Self::Io {
            file: path.display().to_string(),
            action,
            source,
        }
    }

    pub(super) fn syntax(file: &str, e: &ron::error::SpannedError) -> Self {
        Self::Syntax {
            file: file.to_owned(),
            line: e.span.start.line,
            col: e.span.start.col,
            message: super::words::syntax(&e.code),
        }
    }
}
