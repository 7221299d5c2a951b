//! Reports and codebook exchange files. Every export is a pure function from a project to a
//! string (so it can be tested against expected files); [`export_to_file`] writes one through
//! [`crate::store::write_atomic`], so a failed write never leaves half a report behind.
//!
//! - theme table (`.md`, `.csv`): the summary table of a thematic analysis: group, theme, what it
//!   involves, what it concerns, and its counts;
//! - theme report (`.md`, `.html`): per group and theme its definition, codes, counts and
//!   exemplar quotes with speaker and citation;
//! - codebook (`.md`, `.csv`): every code with its path, definition, criteria, example and counts,
//!   and [`codebook::parse`] / [`codebook::import_plan`] to carry it to another project.

pub mod cli;
pub mod codebook;
mod report;
mod table;
mod text;

pub use report::{status_label, theme_report_html, theme_report_md};
pub use table::{theme_table_csv, theme_table_md};

use crate::model::Project;
use std::path::Path;
use thiserror::Error;

/// What to export.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    ThemeTable,
    ThemeReport,
    Codebook,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::ThemeTable, Kind::ThemeReport, Kind::Codebook];

    /// The name used on the command line (`--format`).
    pub fn cli_name(self) -> &'static str {
        match self {
            Kind::ThemeTable => "theme-table",
            Kind::ThemeReport => "theme-report",
            Kind::Codebook => "codebook",
        }
    }

    /// The name shown in menus.
    pub fn label(self) -> &'static str {
        match self {
            Kind::ThemeTable => "Theme table",
            Kind::ThemeReport => "Theme report",
            Kind::Codebook => "Codebook",
        }
    }

    pub fn from_cli_name(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.cli_name() == s)
    }

    /// The file types this export can be written as; the first is the default.
    pub fn file_types(self) -> &'static [FileType] {
        match self {
            Kind::ThemeTable | Kind::Codebook => &[FileType::Markdown, FileType::Csv],
            Kind::ThemeReport => &[FileType::Markdown, FileType::Html],
        }
    }
}

/// The type of an export file, chosen by its extension.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum FileType {
    Markdown,
    Csv,
    Html,
}

impl FileType {
    pub fn extension(self) -> &'static str {
        match self {
            FileType::Markdown => "md",
            FileType::Csv => "csv",
            FileType::Html => "html",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FileType::Markdown => "Markdown",
            FileType::Csv => "CSV",
            FileType::Html => "HTML",
        }
    }

    /// The type named by a path's extension (`.md`, `.markdown`, `.csv`, `.html`, `.htm`).
    pub fn from_path(path: &Path) -> Option<FileType> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "md" | "markdown" => Some(FileType::Markdown),
            "csv" => Some(FileType::Csv),
            "html" | "htm" => Some(FileType::Html),
            _ => None,
        }
    }
}

#[derive(Debug, Error)]
pub enum ExportError {
    #[error(
        "{kind} cannot be written as {file}: {path} should end in {wanted}",
        kind = .kind.label(),
        file = .file,
        wanted = .kind.file_types().iter().map(|t| format!(".{}", t.extension())).collect::<Vec<_>>().join(" or ")
    )]
    WrongType {
        kind: Kind,
        file: String,
        path: String,
    },
    #[error("could not write {path}: {source}. Check that the folder exists and is writable.")]
    Write {
        path: String,
        source: std::io::Error,
    },
}

/// The export as text.
pub fn render(project: &Project, kind: Kind, file_type: FileType) -> Option<String> {
    Some(match (kind, file_type) {
        (Kind::ThemeTable, FileType::Markdown) => theme_table_md(project),
        (Kind::ThemeTable, FileType::Csv) => theme_table_csv(project),
        (Kind::ThemeReport, FileType::Markdown) => theme_report_md(project),
        (Kind::ThemeReport, FileType::Html) => theme_report_html(project),
        (Kind::Codebook, FileType::Markdown) => codebook::to_markdown(project),
        (Kind::Codebook, FileType::Csv) => codebook::to_csv(project),
        _ => return None,
    })
}

/// Writes `kind` to `path`, its type following the extension. Atomic: on error the old file (if
/// any) is untouched.
pub fn export_to_file(project: &Project, kind: Kind, path: &Path) -> Result<(), ExportError> {
    let shown = path.display().to_string();
    let wrong = |file: String| ExportError::WrongType {
        kind,
        file,
        path: shown.clone(),
    };
    let file_type = FileType::from_path(path).ok_or_else(|| {
        wrong(match path.extension() {
            Some(e) => format!(".{}", e.to_string_lossy()),
            None => "a file without extension".to_owned(),
        })
    })?;
    let text = render(project, kind, file_type).ok_or_else(|| wrong(file_type.label().into()))?;
    crate::store::write_atomic(path, text.as_bytes()).map_err(|source| ExportError::Write {
        path: shown.clone(),
        source,
    })
}

#[cfg(test)]
mod tests;
