//! Turning transcript files into [`Document`]s. Pure functions: bytes in, a document or an error
//! out; nothing is added to a project here.

mod text;

pub use text::{decode_text, parse_transcript};

use crate::model::Document;
use std::path::Path;
use thiserror::Error;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum ImportError {
    #[error("{file}: could not read it: {reason}")]
    Read { file: String, reason: String },
    #[error("{file}: {reason}")]
    Unsupported { file: String, reason: String },
    #[error("{file}: {reason}")]
    BadText { file: String, reason: String },
    #[error("{file}: holds no text to import")]
    Empty { file: String },
}

/// Reads and parses one transcript file.
pub fn import_file(path: &Path) -> Result<Document, ImportError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| ImportError::Read {
        file: file.clone(),
        reason: e.to_string(),
    })?;
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.clone());
    match ext.as_str() {
        "txt" | "text" | "md" | "markdown" | "" => {
            let text = decode_text(&bytes).map_err(|reason| ImportError::BadText {
                file: file.clone(),
                reason,
            })?;
            let mut doc = parse_transcript(&stem, &text);
            if doc.turns.is_empty() {
                return Err(ImportError::Empty { file });
            }
            doc.source = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            Ok(doc)
        }
        other => Err(ImportError::Unsupported {
            file,
            reason: format!(
                "Gloss cannot read .{other} files yet; save the transcript as plain text (.txt) \
                 and import that"
            ),
        }),
    }
}
