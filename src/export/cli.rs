//! The `gloss export` and `gloss import-codebook` commands (wired up in [`crate::cli`]).

use super::{FileType, Kind, codebook, export_to_file};
use crate::{edit, store};
use std::path::Path;

/// `gloss export PATH --format KIND -o OUT`.
pub fn export(path: &Path, format: &str, out: &Path) -> Result<(), String> {
    let kind = Kind::from_cli_name(format).ok_or_else(|| {
        format!("unknown export format {format:?}: use theme-table, theme-report or codebook")
    })?;
    let project = store::load(path).map_err(|e| e.to_string())?;
    export_to_file(&project, kind, out).map_err(|e| e.to_string())?;
    println!(
        "wrote {} ({}) from {}",
        out.display(),
        kind.label().to_lowercase(),
        path.display()
    );
    Ok(())
}

/// `gloss import-codebook PATH FILE`: adds the codes FILE has and the project lacks, then saves.
pub fn import_codebook(path: &Path, file: &Path) -> Result<(), String> {
    let mut project = store::load(path).map_err(|e| e.to_string())?;
    let csv = match FileType::from_path(file) {
        Some(FileType::Csv) => true,
        Some(FileType::Markdown) => false,
        _ => {
            return Err(format!(
                "{}: a codebook must be a .csv or .md file exported by Gloss",
                file.display()
            ));
        }
    };
    let text = std::fs::read_to_string(file)
        .map_err(|e| format!("could not read {}: {e}", file.display()))?;
    let entries = codebook::parse(&text, csv).map_err(|e| format!("{}: {e}", file.display()))?;
    let (plan, summary) = codebook::import_plan(&project, &entries);
    if let Some(plan) = plan {
        edit::apply(&mut project, plan).map_err(|e| format!("{}: {e}", file.display()))?;
        store::save(&project, path).map_err(|e| e.to_string())?;
    }
    println!(
        "{} codes added, {} already present{}",
        summary.added.len(),
        summary.skipped.len(),
        if summary.skipped.is_empty() {
            String::new()
        } else {
            format!(" (kept as they were: {})", summary.skipped.join(", "))
        }
    );
    Ok(())
}
