//! Reports and codebook exchange files. Every export is a pure function from a project to a
//! string (so it can be tested against expected files); [`export_to_file`] writes one through
//! [`crate::store::write_atomic`], so a failed write never leaves half a report behind.
//!
//! - theme table (`.md`, `.csv`): the summary table of a thematic analysis: group, theme, what it
//!   involves, what it concerns, and its counts;
//! - theme report (`.md`, `.html`): per group and theme its definition, codes, counts and
//!   exemplar quotes with speaker and citation;
//! - codebook (`.md`, `.csv`, REFI-QDA `.qdc`): every code with its path, definition, criteria,
//!   example and counts, and [`codebook::parse`] / [`codebook::import_plan`] to carry it to
//!   another project;
//! - coded segments (`.csv`, `.xlsx`): one row per coding ([`segments`]);
//! - REFI-QDA project (`.qdpx`): the whole project for other QDA tools ([`crate::refi`]);
//! - review report (`.md`, `.html`): themes with status, sign-offs, open comments and the changes
//!   since the latest snapshot ([`review`]).

pub mod cli;
pub mod codebook;
mod report;
pub mod review;
pub mod segments;
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
    Segments,
    RefiProject,
    Review,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::ThemeTable,
        Kind::ThemeReport,
        Kind::Codebook,
        Kind::Segments,
        Kind::RefiProject,
        Kind::Review,
    ];

    /// The name used on the command line (`--format`).
    pub fn cli_name(self) -> &'static str {
        match self {
            Kind::ThemeTable => "theme-table",
            Kind::ThemeReport => "theme-report",
            Kind::Codebook => "codebook",
            Kind::Segments => "segments",
            Kind::RefiProject => "refi",
            Kind::Review => "review",
        }
    }

    /// The name shown in menus.
    pub fn label(self) -> &'static str {
        match self {
            Kind::ThemeTable => "Theme table",
            Kind::ThemeReport => "Theme report",
            Kind::Codebook => "Codebook",
            Kind::Segments => "Coded segments",
            Kind::RefiProject => "REFI-QDA project",
            Kind::Review => "Review report",
        }
    }

    /// The name inside a sentence ("the theme table", "the REFI-QDA project").
    pub fn noun(self) -> String {
        match self {
            Kind::RefiProject => self.label().to_owned(),
            _ => self.label().to_lowercase(),
        }
    }

    pub fn from_cli_name(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.cli_name() == s)
    }

    /// The file types this export can be written as; the first is the default.
    pub fn file_types(self) -> &'static [FileType] {
        match self {
            Kind::ThemeTable => &[FileType::Markdown, FileType::Csv],
            Kind::Codebook => &[FileType::Markdown, FileType::Csv, FileType::Qdc],
            Kind::ThemeReport => &[FileType::Markdown, FileType::Html],
            Kind::Segments => &[FileType::Csv, FileType::Xlsx],
            Kind::RefiProject => &[FileType::Qdpx],
            Kind::Review => &[FileType::Markdown, FileType::Html],
        }
    }
}

/// The type of an export file, chosen by its extension.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum FileType {
    Markdown,
    Csv,
    Html,
    Xlsx,
    /// A REFI-QDA codebook.
    Qdc,
    /// A REFI-QDA project archive.
    Qdpx,
}

impl FileType {
    pub fn extension(self) -> &'static str {
        match self {
            FileType::Markdown => "md",
            FileType::Csv => "csv",
            FileType::Html => "html",
            FileType::Xlsx => "xlsx",
            FileType::Qdc => "qdc",
            FileType::Qdpx => "qdpx",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FileType::Markdown => "Markdown",
            FileType::Csv => "CSV",
            FileType::Html => "HTML",
            FileType::Xlsx => "Excel",
            FileType::Qdc => "REFI-QDA",
            FileType::Qdpx => "REFI-QDA",
        }
    }

    /// The type named by a path's extension (`.md`, `.markdown`, `.csv`, `.html`, `.htm`).
    pub fn from_path(path: &Path) -> Option<FileType> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "md" | "markdown" => Some(FileType::Markdown),
            "csv" => Some(FileType::Csv),
            "html" | "htm" => Some(FileType::Html),
            "xlsx" => Some(FileType::Xlsx),
            "qdc" => Some(FileType::Qdc),
            "qdpx" => Some(FileType::Qdpx),
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
    #[error("could not export to {path}: {reason}")]
    Render { path: String, reason: String },
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
        (Kind::Review, FileType::Markdown) => review::review_md(project),
        (Kind::Review, FileType::Html) => review::review_html(project),
        _ => return None,
    })
}

/// Choices for exports that have them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Start CSV files of coded segments with a UTF-8 byte-order mark (so Excel reads accents).
    pub csv_bom: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self { csv_bom: true }
    }
}

/// The export as bytes, for every kind and file type (`None` for a pairing that does not exist).
pub fn render_bytes(
    project: &Project,
    kind: Kind,
    file_type: FileType,
    options: Options,
) -> Option<Result<Vec<u8>, String>> {
    Some(match (kind, file_type) {
        (Kind::Codebook, FileType::Qdc) => crate::refi::codebook::to_qdc(project)
            .map(String::into_bytes)
            .ok_or_else(|| {
                "the project has no codes, and a .qdc must hold at least one".to_owned()
            }),
        (Kind::Segments, FileType::Csv) => segments::csv(project, options.csv_bom),
        (Kind::Segments, FileType::Xlsx) => segments::xlsx(project),
        (Kind::RefiProject, FileType::Qdpx) => crate::refi::write::qdpx(project),
        _ => Ok(render(project, kind, file_type)?.into_bytes()),
    })
}

/// Writes `kind` to `path`, its type following the extension. Atomic: on error the old file (if
/// any) is untouched.
pub fn export_to_file(project: &Project, kind: Kind, path: &Path) -> Result<(), ExportError> {
    export_to_file_with(project, kind, path, Options::default())
}

/// [`export_to_file`] with options.
pub fn export_to_file_with(
    project: &Project,
    kind: Kind,
    path: &Path,
    options: Options,
) -> Result<(), ExportError> {
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
    let bytes = render_bytes(project, kind, file_type, options)
        .ok_or_else(|| wrong(file_type.label().into()))?
        .map_err(|reason| ExportError::Render {
            path: shown.clone(),
            reason,
        })?;
    crate::store::write_atomic(path, &bytes).map_err(|source| ExportError::Write {
        path: shown.clone(),
        source,
    })
}

#[cfg(test)]
mod tests;
