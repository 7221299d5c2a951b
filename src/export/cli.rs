//! The `gloss export` and `gloss import-codebook` commands (wired up in [`crate::cli`]).

use super::{FileType, Kind, codebook};
use crate::{edit, store};
use std::path::Path;

/// `gloss export PATH --format KIND -o OUT` (`bom`: CSV of segments with a byte-order mark).
pub fn export(path: &Path, format: &str, out: &Path, bom: bool) -> Result<(), String> {
    let kind = Kind::from_cli_name(format).ok_or_else(|| {
        format!(
            "unknown export format {format:?}: use theme-table, theme-report, codebook, \
             segments, refi or review"
        )
    })?;
    let project = store::load(path).map_err(|e| e.to_string())?;
    let options = super::Options { csv_bom: bom };
    super::export_to_file_with(&project, kind, out, options).map_err(|e| e.to_string())?;
    println!(
        "wrote {} ({}) from {}",
        out.display(),
        kind.noun(),
        path.display()
    );
    Ok(())
}

/// `gloss import-codebook PATH FILE`: adds the codes FILE has and the project lacks, then saves.
pub fn import_codebook(path: &Path, file: &Path) -> Result<(), String> {
    let mut project = store::load(path).map_err(|e| e.to_string())?;
    let (plan, message) = plan_codebook_import(&project, file)?;
    if let Some(plan) = plan {
        let label = format!("Import codebook {} (command line)", file.display());
        edit::apply_logged(&mut project, plan, &label, &crate::system_user_name())
            .map_err(|e| format!("{}: {e}", file.display()))?;
        store::save(&project, path).map_err(|e| e.to_string())?;
    }
    println!("{message}");
    Ok(())
}

/// Reads a codebook file (.csv, .md or .qdc) and plans adding what `project` lacks as one edit,
/// with a sentence saying what it will do. Used by the command line and the window.
pub fn plan_codebook_import(
    project: &crate::model::Project,
    file: &Path,
) -> Result<(Option<edit::Edit>, String), String> {
    let kind = FileType::from_path(file);
    let text = std::fs::read_to_string(file)
        .map_err(|e| format!("could not read {}: {e}", file.display()))?;
    let kept = |skipped: &[String]| {
        if skipped.is_empty() {
            String::new()
        } else {
            format!(" (kept as they were: {})", skipped.join(", "))
        }
    };
    match kind {
        Some(FileType::Qdc) => {
            let book = crate::refi::codebook::parse(&text)
                .map_err(|e| format!("{}: {e}. Nothing was imported.", file.display()))?;
            let (plan, s) = crate::refi::codebook::import_plan(project, &book);
            let message = format!(
                "{} codes added, {} already present{}; {} themes added from sets",
                s.added.len(),
                s.skipped.len(),
                kept(&s.skipped),
                s.themes_added.len()
            );
            Ok((plan, message))
        }
        Some(FileType::Csv) | Some(FileType::Markdown) => {
            let csv = kind == Some(FileType::Csv);
            let entries =
                codebook::parse(&text, csv).map_err(|e| format!("{}: {e}", file.display()))?;
            let (plan, s) = codebook::import_plan(project, &entries);
            let message = format!(
                "{} codes added, {} already present{}",
                s.added.len(),
                s.skipped.len(),
                kept(&s.skipped)
            );
            Ok((plan, message))
        }
        _ => Err(format!(
            "{}: a codebook must be a .csv or .md file exported by Gloss, or a REFI-QDA .qdc",
            file.display()
        )),
    }
}
