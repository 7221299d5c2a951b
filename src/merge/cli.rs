//! `gloss merge` (also git's merge driver for `.gloss` files), `gloss merge --setup-git` and
//! `gloss log`.

use super::{Options, merge};
use crate::edit::trail;
use crate::model::{Project, Timestamp};
use crate::store;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// Exit status of a clean merge.
pub const CLEAN: u8 = 0;
/// Exit status of a merge that recorded conflicts (the result is written and valid).
pub const CONFLICTS: u8 = 1;
/// Exit status when an input cannot be read (nothing is written).
pub const UNREADABLE: u8 = 2;

/// A name for a side: its file name, or what git's temporary files stand for.
fn side_name(path: &Path, fallback: &str) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if name.is_empty() || name.starts_with(".merge_file_") {
        fallback.to_owned()
    } else {
        name
    }
}

fn load(path: &Path) -> Result<Project, String> {
    store::load_with_trail(path).map_err(|e| e.to_string())
}

/// `gloss merge BASE OURS THEIRS [-o OUT]`: writes the merge of OURS and THEIRS (copies of
/// BASE) to OUT, or over OURS; a BASE that is empty (git's stand-in when the two sides have no
/// common ancestor) gives a two-way merge.
pub fn merge_files(base: &Path, ours: &Path, theirs: &Path, out: Option<&Path>) -> ExitCode {
    let fail = |msg: String| {
        eprintln!("gloss: {} (nothing was written)", msg.replace('\n', " "));
        ExitCode::from(UNREADABLE)
    };
    let empty_base = std::fs::metadata(base).is_ok_and(|m| m.len() == 0);
    let b = if empty_base {
        None
    } else {
        match load(base) {
            Ok(p) => Some(p),
            Err(e) => return fail(e),
        }
    };
    let o = match load(ours) {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    let t = match load(theirs) {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    let opts = Options {
        ours_from: side_name(ours, "ours (this branch)"),
        theirs_from: side_name(theirs, "theirs (the branch merged in)"),
        now: Timestamp::now(),
    };
    let merged = merge(b.as_ref(), &o, &t, &opts);
    let problems = crate::model::validate(&merged.project);
    if !problems.is_empty() {
        // Never expected; a merge that cannot be saved as a valid project writes nothing.
        return fail(format!(
            "the merge of {} and {} is not a valid project: {}",
            ours.display(),
            theirs.display(),
            problems[0]
        ));
    }
    let target: PathBuf = out.unwrap_or(ours).to_path_buf();
    // The merged history goes to the result's trail file; a new file at OUT starts its own.
    // Run by git on its temporary copies (no trail file beside them), only the project file is
    // written: git merges the trail files itself (`*.gloss.trail merge=union`).
    let written = if out.is_some_and(|o| o != ours) {
        store::trail::forget(&target).and_then(|()| store::save(&merged.project, &target))
    } else if out.is_some() || store::trail::path_for(ours).exists() {
        store::save(&merged.project, &target)
    } else {
        store::save_file_only(&merged.project, &target)
    };
    if let Err(e) = written {
        return fail(e.to_string());
    }
    let came = super::came_in(&o, &merged.project);
    let mut line = format!(
        "gloss: merged {} into {}",
        opts.theirs_from,
        match out {
            Some(o) => o.display().to_string(),
            None => opts.ours_from.clone(),
        }
    );
    if b.is_none() {
        line.push_str(" (no common ancestor: merged two-way by ids)");
    }
    if !came.is_empty() {
        line.push_str(&format!("; came in: {}", came.join("; ")));
    }
    if merged.unified_documents > 0 {
        line.push_str(&format!(
            "; {} documents imported on both sides were recognised as the same",
            merged.unified_documents
        ));
    }
    eprintln!("{line}");
    if merged.conflicts > 0 {
        eprintln!(
            "gloss: {} conflicts recorded in {}; open it in Gloss (Edit > Conflicts) to resolve \
             them",
            merged.conflicts,
            if out.is_some() || !opts.ours_from.starts_with("ours (") {
                target.display().to_string()
            } else {
                "the merged file".to_owned()
            }
        );
        ExitCode::from(CONFLICTS)
    } else {
        ExitCode::from(CLEAN)
    }
}

/// The command git should run: `gloss` when that name finds this program, else its full path.
fn driver_program() -> String {
    let me = std::env::current_exe().ok();
    let on_path = std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|d| {
            let candidate = d.join("gloss");
            candidate.is_file()
                && me.as_ref().is_some_and(|m| {
                    std::fs::canonicalize(&candidate).ok() == std::fs::canonicalize(m).ok()
                })
        })
    });
    match me {
        Some(m) if !on_path => {
            let s = m.display().to_string();
            if s.contains([' ', '"', '\'']) {
                format!("\"{s}\"")
            } else {
                s
            }
        }
        _ => "gloss".to_owned(),
    }
}

fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .output()
        .map_err(|e| format!("could not run git ({e}); is git installed?"))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_owned());
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// `gloss merge --setup-git`: tells the git repository around the current folder to merge
/// `.gloss` files with Gloss.
pub fn setup_git() -> Result<(), String> {
    let here = std::env::current_dir().map_err(|e| format!("no current folder: {e}"))?;
    let root = git(&here, &["rev-parse", "--show-toplevel"]).map_err(|e| {
        format!(
            "{} is not inside a git repository ({e}); run `git init` first, or run this in \
             the repository",
            here.display()
        )
    })?;
    let root = PathBuf::from(root);
    let attributes = root.join(".gitattributes");
    // Project files merge through Gloss; their trail files (one step a line, only ever
    // appended to) keep both sides' new lines.
    let lines = ["*.gloss merge=gloss", "*.gloss.trail merge=union"];
    let existing = std::fs::read_to_string(&attributes).unwrap_or_default();
    let mut text = existing.clone();
    for line in lines {
        if existing.lines().any(|l| l.trim() == line) {
            println!("{} already has: {line}", attributes.display());
            continue;
        }
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(line);
        text.push('\n');
        println!("added to {}: {line}", attributes.display());
    }
    if text != existing {
        std::fs::write(&attributes, text)
            .map_err(|e| format!("could not write {}: {e}", attributes.display()))?;
    }
    let driver = format!("{} merge %O %A %B", driver_program());
    git(
        &root,
        &["config", "merge.gloss.name", "Gloss project merge"],
    )?;
    git(&root, &["config", "merge.gloss.driver", &driver])?;
    println!(
        "set in {}/.git/config: merge.gloss.driver = {driver}",
        root.display()
    );
    println!(
        "git now merges .gloss files by ids; commit .gitattributes so others get it too (each \
         clone runs `gloss merge --setup-git` once for the driver)"
    );
    Ok(())
}

/// `gloss log PATH [--since DATE] [--coder NAME] [--kind KIND] [--json]`.
pub fn log(
    path: &Path,
    since: Option<&str>,
    coder: Option<&str>,
    kind: Option<&str>,
    json: bool,
) -> Result<(), String> {
    let since = match since {
        Some(s) => Some(trail::parse_date(s).ok_or_else(|| {
            format!("--since {s}: write the date as YYYY-MM-DD (for example 2026-03-01)")
        })?),
        None => None,
    };
    let project = store::load(path).map_err(|e| e.to_string())?;
    let whole = store::trail::full(path, &project.trail).map_err(|e| e.to_string())?;
    if !whole.unreadable.is_empty() {
        eprintln!(
            "gloss: {}: {} could not be read and {} left out (a line cut short by a crash, or \
             edited by hand)",
            store::trail::path_for(path).display(),
            lines_named(&whole.unreadable),
            if whole.unreadable.len() == 1 {
                "is"
            } else {
                "are"
            }
        );
    }
    let mut all = whole.entries;
    // Newest last, whatever order merged trail files hold them in.
    all.sort_by_key(|e| e.time);
    let entries: Vec<_> = trail::filtered(&all, since, coder, kind).collect();
    if json {
        let list: Vec<_> = entries
            .iter()
            .map(|e| {
                serde_json::json!({
                    "id": e.id.to_string(),
                    "time": e.time.to_iso8601(),
                    "coder": e.coder.to_string(),
                    "author": e.author,
                    "label": e.label,
                    "kind": e.kind,
                    "change": e.change,
                })
            })
            .collect();
        println!("{}", serde_json::Value::Array(list));
    } else if entries.is_empty() {
        println!(
            "{}: no steps recorded{}",
            path.display(),
            if all.is_empty() { "" } else { " that match" }
        );
    } else {
        for e in &entries {
            println!(
                "{}  {:<12} {:<9} {}",
                e.time.to_iso8601(),
                e.author,
                e.kind,
                e.label
            );
        }
    }
    Ok(())
}

/// "line 4", "lines 4, 9 and 12" (the first ten).
fn lines_named(lines: &[usize]) -> String {
    let shown: Vec<String> = lines.iter().take(10).map(|n| n.to_string()).collect();
    match shown.as_slice() {
        [one] => format!("line {one}"),
        [rest @ .., last] if lines.len() <= 10 => format!("lines {} and {last}", rest.join(", ")),
        _ => format!("lines {} and {} more", shown.join(", "), lines.len() - 10),
    }
}
