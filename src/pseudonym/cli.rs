//! The command-line verbs for correcting and pseudonymising transcripts: `gloss pseudonymise` and
//! `gloss replace-text`. Both go through the same plans as the window, and save only when the
//! whole change applied.

use super::{Pseudonyms, Source, plan, proposals, remaining};
use crate::edit::{self, reimport};
use crate::model::Project;
use crate::{import, store};
use std::path::{Path, PathBuf};

const AUTHOR: &str = "gloss command line";

fn open(path: &Path) -> Result<Project, String> {
    if let Some(holder) = store::lock_holder(path) {
        return Err(format!(
            "{} is open in {holder}; close it there, then try again (nothing was changed)",
            path.display()
        ));
    }
    Ok(store::open(path).map_err(|e| e.to_string())?.project)
}

fn save(project: &Project, path: &Path, out: Option<&PathBuf>) -> Result<PathBuf, String> {
    let target = out.cloned().unwrap_or_else(|| path.to_owned());
    // A pseudonymised copy starts its own trail (from the steps the project file carries, their
    // names already stripped), never joining whatever trail file was at OUT.
    if target != path {
        store::trail::forget(&target).map_err(|e| e.to_string())?;
    }
    store::save(project, &target).map_err(|e| e.to_string())?;
    Ok(target)
}

/// `gloss pseudonymise PATH --map names.csv [-o OUT] [--dry-run]`, or with `--propose` (list
/// candidate names, change nothing) or `--check` (the re-identification check only).
pub fn pseudonymise(
    path: &Path,
    map: Option<&Path>,
    out: Option<&PathBuf>,
    dry_run: bool,
    propose: bool,
    check: bool,
) -> Result<(), String> {
    let mut project = open(path)?;
    if propose {
        let props = proposals(&project, 2);
        if props.is_empty() {
            println!("no candidate names found");
        }
        for p in props {
            let from = match p.source {
                Source::Speaker => "speaker",
                Source::Recurring => "recurring",
            };
            println!(
                "{} ({from}; {} occurrence{} in {} document{})",
                p.name,
                p.count,
                if p.count == 1 { "" } else { "s" },
                p.documents,
                if p.documents == 1 { "" } else { "s" }
            );
            for (title, ctx) in p.contexts {
                println!("    {title}: {ctx}");
            }
        }
        return Ok(());
    }
    let Some(map_path) = map else {
        return Err("give the table of names with --map names.csv (header `real,pseudonym`), or use --propose to list candidates".into());
    };
    let text = std::fs::read_to_string(map_path)
        .map_err(|e| format!("{}: cannot be read ({e})", map_path.display()))?;
    let table = Pseudonyms::from_csv(&text).map_err(|errs| {
        format!(
            "{}: the table of names was refused, nothing was changed: {}",
            map_path.display(),
            errs.join("; ")
        )
    })?;
    if check {
        let left = report_remaining(&project, &table);
        if left > 0 {
            return Err(format!(
                "{}: {left} occurrence{} of real names remain{}; pseudonymise again or correct \
                 them before sharing the file",
                path.display(),
                if left == 1 { "" } else { "s" },
                if left == 1 { "s" } else { "" },
            ));
        }
        return Ok(());
    }
    let planned = plan(&project, &table)
        .map_err(|errs| format!("{}: {}", map_path.display(), errs.join("; ")))?;
    for (_, title, n) in &planned.per_document {
        println!("{title}: {n} replacement{}", if *n == 1 { "" } else { "s" });
    }
    for (old, new) in &planned.speakers {
        println!("speaker {old} -> {new}");
    }
    for (old, new) in &planned.titles {
        println!("title \u{201c}{old}\u{201d} -> \u{201c}{new}\u{201d}");
    }
    println!(
        "{} replacement{} in {} document{}",
        planned.replacements(),
        if planned.replacements() == 1 { "" } else { "s" },
        planned.per_document.len(),
        if planned.per_document.len() == 1 {
            ""
        } else {
            "s"
        }
    );
    if dry_run {
        let m = super::Matcher::new(&table);
        for d in &project.documents {
            for (i, t) in d.turns().iter().enumerate() {
                for h in m.find(&t.text) {
                    println!(
                        "  {}, paragraph {}: {}",
                        d.title,
                        i + 1,
                        super::context(&t.text, h.range.clone())
                    );
                }
            }
        }
        println!("dry run: nothing was changed");
        return Ok(());
    }
    let Some(e) = planned.edit else {
        println!("nothing to replace; the file was not changed");
        report_remaining(&project, &table);
        return Ok(());
    };
    edit::apply_logged(&mut project, e, "Pseudonymise", AUTHOR)
        .map_err(|e| format!("the replacements could not be made, nothing was changed: {e}"))?;
    let target = save(&project, path, out)?;
    println!(
        "saved {} (the table of names was not stored in it)",
        target.display()
    );
    report_remaining(&project, &table);
    Ok(())
}

/// Prints the re-identification check; returns how many occurrences remain.
fn report_remaining(project: &Project, table: &Pseudonyms) -> usize {
    let left = remaining(project, table);
    println!(
        "re-identification check: {} remaining occurrence{}",
        left.len(),
        if left.len() == 1 { "" } else { "s" }
    );
    for r in &left {
        println!("  {} ({}): {}", r.real, r.place, r.context);
    }
    left.len()
}

/// `gloss replace-text PATH --document TITLE FILE [--place-lost] [-o OUT] [--dry-run]`.
pub fn replace_text(
    path: &Path,
    title: &str,
    file: &Path,
    place_lost: bool,
    out: Option<&PathBuf>,
    dry_run: bool,
) -> Result<(), String> {
    let mut project = open(path)?;
    let doc = project
        .documents
        .iter()
        .find(|d| d.title == title)
        .or_else(|| {
            project
                .documents
                .iter()
                .find(|d| d.title.eq_ignore_ascii_case(title.trim()))
        })
        .map(|d| d.id)
        .ok_or_else(|| {
            let titles: Vec<&str> = project.documents.iter().map(|d| d.title.as_str()).collect();
            format!(
                "{}: no document called \u{201c}{title}\u{201d}; the documents are: {}",
                path.display(),
                titles.join(", ")
            )
        })?;
    let imported = import::import_path(file, import::Pattern::Auto).map_err(|e| e.to_string())?;
    let turns = imported.document.into_turns();
    let first = reimport::plan(&project, doc, turns.clone(), &[])
        .map_err(|e| format!("{}: {e}", file.display()))?;
    let planned = if place_lost {
        let ids: Vec<_> = first.lost.iter().map(|l| l.coding).collect();
        reimport::plan(&project, doc, turns, &ids)
            .map_err(|e| format!("{}: {e}", file.display()))?
    } else {
        first
    };
    let words = |n: usize| format!("{n} word{}", if n == 1 { "" } else { "s" });
    println!(
        "{} removed, {} added; {} coding{} kept on {} words{}",
        words(planned.words_removed),
        words(planned.words_added),
        planned.kept,
        if planned.kept == 1 { "" } else { "s" },
        if planned.kept == 1 { "its" } else { "their" },
        if planned.placed > 0 {
            format!(", {} placed where their words went", planned.placed)
        } else {
            String::new()
        }
    );
    for l in &planned.lost {
        let offer = match l.proposed {
            Some(_) => " (--place-lost puts it where its words went)",
            None => "",
        };
        println!(
            "  dropped: {} on \u{201c}{}\u{201d}: {}{offer}",
            l.code, l.old_text, l.why
        );
    }
    if dry_run {
        println!("dry run: nothing was changed");
        return Ok(());
    }
    edit::apply_logged(&mut project, planned.edit, "Replace text from file", AUTHOR)
        .map_err(|e| format!("the text could not be replaced, nothing was changed: {e}"))?;
    let target = save(&project, path, out)?;
    println!("saved {}", target.display());
    Ok(())
}

/// `gloss rename-speaker PATH OLD NEW`: renames a speaker in every transcript (merging into NEW
/// if that speaker exists), with the participant's attributes.
pub fn rename_speaker(
    path: &Path,
    old: &str,
    new: &str,
    out: Option<&PathBuf>,
) -> Result<(), String> {
    let mut project = open(path)?;
    let merge = project.participant(new.trim()).is_some();
    let e = crate::edit::text_ops::rename_speaker(&project, old, new)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let turns = count_speaker_edits(&e);
    edit::apply_logged(&mut project, e, "Rename speaker", AUTHOR)
        .map_err(|e| format!("the speaker could not be renamed, nothing was changed: {e}"))?;
    let target = save(&project, path, out)?;
    println!(
        "{} {old} {} {new} in {turns} paragraph{}; saved {}",
        if merge { "merged" } else { "renamed" },
        if merge { "into" } else { "to" },
        if turns == 1 { "" } else { "s" },
        target.display()
    );
    Ok(())
}

/// `gloss split-speaker PATH --document TITLE --paragraphs 3,5 NEW`: gives chosen paragraphs
/// to another person.
pub fn split_speaker(
    path: &Path,
    title: &str,
    paragraphs: &[usize],
    new: &str,
    out: Option<&PathBuf>,
) -> Result<(), String> {
    let mut project = open(path)?;
    let doc = project
        .documents
        .iter()
        .find(|d| d.title == title || d.title.eq_ignore_ascii_case(title.trim()))
        .map(|d| d.id)
        .ok_or_else(|| {
            format!(
                "{}: no document called \u{201c}{title}\u{201d}",
                path.display()
            )
        })?;
    if paragraphs.contains(&0) {
        return Err("paragraphs are numbered from 1".into());
    }
    let turns: Vec<usize> = paragraphs.iter().map(|n| n - 1).collect();
    let e = crate::edit::text_ops::split_speaker(&project, doc, &turns, new)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    edit::apply_logged(&mut project, e, "Split speaker", AUTHOR)
        .map_err(|e| format!("the speaker could not be split, nothing was changed: {e}"))?;
    let target = save(&project, path, out)?;
    println!(
        "{} paragraph{} now spoken by {new}; saved {}",
        turns.len(),
        if turns.len() == 1 { "" } else { "s" },
        target.display()
    );
    Ok(())
}

fn count_speaker_edits(e: &crate::edit::Edit) -> usize {
    match e {
        crate::edit::Edit::SetTurnSpeaker { .. } => 1,
        crate::edit::Edit::Batch(v) => v.iter().map(count_speaker_edits).sum(),
        _ => 0,
    }
}
