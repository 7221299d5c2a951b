//! The `gloss attributes` and `gloss memos` commands (wired up in [`crate::cli`]).

use super::{import, memos, table};
use crate::model::{Anchor, AttributeOf};
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

/// `gloss memos PATH --write TEXT [...]`: what the new memo says and what it is about.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct WriteMemo {
    /// Write a memo with this text and save the project (without --document or
    /// --participant: a journal entry)
    #[arg(long = "write", value_name = "TEXT")]
    pub text: Option<String>,
    /// The new memo's title
    #[arg(long, requires = "text", value_name = "TITLE")]
    pub title: Option<String>,
    /// A memo on this document (its title, or its number from 1); with --start and --end, on
    /// that passage of it
    #[arg(long, requires = "text", value_name = "DOCUMENT")]
    pub document: Option<String>,
    /// Where the passage starts: a byte offset in the document, as `gloss search --json` prints
    #[arg(long, requires_all = ["document", "end"], value_name = "OFFSET")]
    pub start: Option<usize>,
    /// Where the passage ends (byte offset, exclusive)
    #[arg(long, requires_all = ["document", "start"], value_name = "OFFSET")]
    pub end: Option<usize>,
    /// A memo on this participant
    #[arg(
        long,
        requires = "text",
        conflicts_with = "document",
        value_name = "NAME"
    )]
    pub participant: Option<String>,
    /// The memo's author (added as a coder if new; default: the current user)
    #[arg(long, requires = "text", value_name = "NAME")]
    pub coder: Option<String>,
}

/// What `args` asks the memo to be about, checked against the project.
fn memo_anchor(project: &crate::model::Project, args: &WriteMemo) -> Result<Anchor, String> {
    if let Some(name) = &args.participant {
        return match project.participant(name) {
            Some(p) => Ok(Anchor::Participant(p.name.clone())),
            None => Err(format!(
                "--participant {name}: no participant has that name (`gloss attributes PATH` lists them)"
            )),
        };
    }
    let Some(which) = &args.document else {
        return Ok(Anchor::Project);
    };
    let doc = project
        .documents
        .iter()
        .find(|d| d.title == *which)
        .or_else(|| {
            project
                .documents
                .iter()
                .find(|d| d.title.eq_ignore_ascii_case(which))
        })
        .or_else(|| {
            let n: usize = which.trim().parse().ok()?;
            project.documents.get(n.checked_sub(1)?)
        })
        .ok_or_else(|| {
            format!("--document {which}: no document has that title or number (`gloss info PATH` lists them)")
        })?;
    match (args.start, args.end) {
        (Some(start), Some(end)) => {
            if start >= end || end > doc.len() {
                return Err(format!(
                    "--start {start} --end {end}: “{}” is {} bytes long; give a start before the end, \
                     inside the document",
                    doc.title,
                    doc.len()
                ));
            }
            let range = doc.snap_range(start, end).ok_or_else(|| {
                format!(
                    "--start {start} --end {end}: not a passage of “{}”",
                    doc.title
                )
            })?;
            Ok(Anchor::Passage {
                document: doc.id,
                range,
            })
        }
        _ => Ok(Anchor::Document(doc.id)),
    }
}

/// `gloss memos PATH --write TEXT [--title ..] [--document .. [--start .. --end ..] |
/// --participant ..] [--coder ..] [--json]`: writes one memo as one change and saves.
pub fn write_memo(path: &Path, args: &WriteMemo, json: bool) -> Result<(), String> {
    if let Some(holder) = store::lock_holder(path) {
        return Err(format!(
            "{} is open in {holder}; close it there, then write the memo again (nothing was changed)",
            path.display()
        ));
    }
    let mut project = store::load(path).map_err(|e| e.to_string())?;
    let text = args.text.clone().unwrap_or_default();
    if text.trim().is_empty() {
        return Err("--write: give the memo's text (nothing was changed)".into());
    }
    let anchor = memo_anchor(&project, args).map_err(|e| format!("{e} (nothing was changed)"))?;
    let coder = args.coder.clone().unwrap_or_else(crate::system_user_name);
    let about = memos::anchor_label(&project, &anchor);
    let (e, id) = memos::create(
        &project,
        anchor,
        args.title.as_deref().unwrap_or(""),
        &text,
        &coder,
        crate::model::Timestamp::now(),
    );
    edit::apply_logged(&mut project, e, &format!("Write memo: {about}"), &coder)
        .map_err(|e| format!("{}: {e} (nothing was changed)", path.display()))?;
    store::save(&project, path).map_err(|e| e.to_string())?;
    if json {
        println!(
            "{}",
            serde_json::json!({"memo": id.0.to_string(), "about": about, "saved": true})
        );
    } else {
        println!("wrote a memo on {about}; saved {}", path.display());
    }
    Ok(())
}
