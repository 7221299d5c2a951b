//! The `gloss attributes` and `gloss memos` commands (wired up in [`crate::cli`]).

use super::{import, memos, table};
use crate::model::AttributeOf;
use crate::{edit, store};
use std::path::Path;

/// Reads `--of participants|documents`.
pub fn parse_of(s: &str) -> Result<AttributeOf, String> {
    match s.trim().to_lowercase().as_str() {
        "participants" | "participant" | "p" => Ok(AttributeOf::Participant),
        "documents" | "document" | "d" => Ok(AttributeOf::Document),
        other => Err(format!(
            "--of {other}: write --of participants or --of documents"
        )),
    }
}

/// How `gloss attributes` prints the table.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Output {
    Text,
    Json,
    Csv,
}

/// `gloss attributes PATH [--of ..] [--json|--csv]`: prints the case table.
pub fn print_table(path: &Path, of: AttributeOf, output: Output) -> Result<(), String> {
    let project = store::load(path).map_err(|e| e.to_string())?;
    let t = table::build(&project, of);
    match output {
        Output::Json => println!("{}", t.to_json()),
        Output::Csv => print!("{}", t.to_csv()),
        Output::Text => print!("{}", t.to_text()),
    }
    Ok(())
}

/// `gloss attributes PATH --import FILE [--dry-run] [--json]`: previews the import, prints what
/// matched and what did not, and (unless a dry run) applies it as one change and saves.
pub fn import_file(
    path: &Path,
    of: AttributeOf,
    file: &Path,
    dry_run: bool,
    json: bool,
) -> Result<(), String> {
    if !dry_run && let Some(holder) = store::lock_holder(path) {
        return Err(format!(
            "{} is open in {holder}; close it there, then import again (nothing was changed)",
            path.display()
        ));
    }
    let mut project = store::load(path).map_err(|e| e.to_string())?;
    let sheet = import::read_path(file)?;
    let preview = import::preview(&project, of, &sheet);
    let plan = import::plan(&preview);
    let saved = !dry_run && !plan.is_noop();
    if saved {
        let label = import::label(&preview);
        edit::apply_logged(&mut project, plan, &label, &crate::system_user_name())
            .map_err(|e| format!("{}: {e} (nothing was changed)", file.display()))?;
        store::save(&project, path).map_err(|e| e.to_string())?;
    }
    if json {
        let mut v = preview.to_json();
        v["saved"] = serde_json::Value::Bool(saved);
        println!("{v}");
    } else {
        println!("{}: {}", file.display(), preview.summary());
        for line in preview.mismatch_lines() {
            println!("  {line}");
        }
        if dry_run {
            println!("dry run: nothing was changed");
        } else if saved {
            println!("saved {}", path.display());
        } else {
            println!("nothing to change");
        }
    }
    Ok(())
}

/// `gloss memos PATH [--json]`: every memo, grouped by what it is about.
pub fn print_memos(path: &Path, json: bool) -> Result<(), String> {
    let project = store::load(path).map_err(|e| e.to_string())?;
    if json {
        println!("{}", memos::to_json(&project));
    } else {
        print!("{}", memos::to_text(&project));
    }
    Ok(())
}
