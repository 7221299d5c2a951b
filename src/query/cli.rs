//! `gloss search`, `gloss query`, `gloss matrix` and `gloss cooccur`: the Analysis workspace's
//! questions, headless. The functions here read (and, for `search --code`, write) the project
//! file; the answers come from the pure functions of [`crate::query`].

use super::passage::{Passage, Place};
use super::{cooccur, expr, matrix, search};
use crate::edit;
use crate::model::Project;
use crate::store;
use std::path::Path;

fn load(path: &Path) -> Result<Project, String> {
    store::load(path).map_err(|e| e.to_string())
}

fn passages(project: &Project, places: &[Place]) -> Vec<Passage> {
    places
        .iter()
        .filter_map(|p| Passage::of(project.document(p.document)?, p.range))
        .collect()
}

fn print_passages(list: &[Passage]) {
    for p in list {
        println!(
            "{} ¶{} {}: {}",
            p.document_title,
            p.paragraph,
            p.speaker.as_deref().unwrap_or("(no speaker)"),
            p.text.replace('\n', " / ")
        );
    }
}

/// What `gloss search` was asked.
pub struct SearchArgs<'a> {
    pub pattern: &'a str,
    pub options: search::Options,
    pub code: Option<&'a str>,
    pub unit: search::Unit,
    pub coder: Option<&'a str>,
    pub json: bool,
}

/// `gloss search PATH PATTERN [...]`: lists the hits; with a code, codes them and saves.
pub fn search_cmd(path: &Path, a: &SearchArgs) -> Result<(), String> {
    if a.code.is_some()
        && let Some(holder) = store::lock_holder(path)
    {
        return Err(format!(
            "{} is open in {holder}; close it there, then code the hits again (nothing was changed)",
            path.display()
        ));
    }
    let mut project = load(path)?;
    let hits = search::search(&project, a.pattern, &a.options).map_err(|e| e.to_string())?;
    let list = passages(&project, &hits.places);
    let mut added = 0;
    let mut note = String::new();
    if let Some(name) = a.code {
        let coder = a
            .coder
            .map(str::to_owned)
            .unwrap_or_else(crate::system_user_name);
        let mut edits = Vec::new();
        let code = match project.code_by_name(name) {
            Some(c) => c.id,
            None => {
                let (id, e) = edit::ops::create_code(&project, name);
                edit::apply_logged(&mut project, e, "New code", &coder)
                    .map_err(|e| format!("could not create the code \"{name}\": {e}"))?;
                note = format!(" (new code \"{}\")", name.trim());
                id
            }
        };
        let plan = search::plan_coding(&project, &hits.places, code, a.unit, &coder);
        added = plan.codings;
        if let Some(e) = plan.edit {
            edits.push(e);
        }
        for e in edits {
            edit::apply_logged(&mut project, e, "Code search hits", &coder)
                .map_err(|e| format!("could not code the hits: {e} (nothing was saved)"))?;
        }
        if added > 0 || !note.is_empty() {
            store::save(&project, path).map_err(|e| e.to_string())?;
        }
        if !a.json {
            print_passages(&list);
            println!(
                "{} hits; {added} codings added with \"{}\" by {coder}{note}; {} already coded",
                hits.places.len(),
                name.trim(),
                plan.already
            );
            return Ok(());
        }
    }
    if a.json {
        let memos: Vec<serde_json::Value> = hits
            .memos
            .iter()
            .filter_map(|h| {
                let m = project.memos.iter().find(|m| m.id == h.memo)?;
                Some(serde_json::json!({"memo": m.title, "start": h.range.start, "end": h.range.end}))
            })
            .collect();
        println!(
            "{}",
            serde_json::json!({
                "hits": hits.places.len(),
                "codings_added": added,
                "results": list.iter().map(Passage::json).collect::<Vec<_>>(),
                "memo_hits": memos,
            })
        );
    } else {
        print_passages(&list);
        println!("{} hits", hits.places.len());
    }
    Ok(())
}

/// `gloss query PATH EXPR [--json]`.
pub fn query_cmd(path: &Path, expression: &str, json: bool) -> Result<(), String> {
    let project = load(path)?;
    // A saved query's name runs that query.
    let source = project
        .queries
        .iter()
        .find(|q| q.name.eq_ignore_ascii_case(expression.trim()))
        .map(|q| q.expression.clone())
        .unwrap_or_else(|| expression.to_owned());
    let places = expr::run(&project, &source)
        .map_err(|e| format!("the query does not work: {e} (in: {source})"))?;
    let list = passages(&project, &places);
    if json {
        println!(
            "{}",
            serde_json::json!({
                "passages": list.len(),
                "results": list.iter().map(Passage::json).collect::<Vec<_>>(),
            })
        );
    } else {
        print_passages(&list);
        println!("{} passages", list.len());
    }
    Ok(())
}

/// `gloss matrix PATH --rows ... --cols ... [--measure ...] [--json|--csv]`.
pub fn matrix_cmd(
    path: &Path,
    rows: &str,
    cols: &str,
    measure: &str,
    json: bool,
    csv: bool,
) -> Result<(), String> {
    let project = load(path)?;
    let rows = match rows.trim().to_ascii_lowercase().as_str() {
        "codes" => matrix::Rows::Codes,
        "themes" => matrix::Rows::Themes,
        "queries" => matrix::Rows::Queries(Vec::new()),
        other => {
            let Some(q) = project
                .queries
                .iter()
                .find(|q| q.name.eq_ignore_ascii_case(other))
            else {
                return Err(format!(
                    "--rows takes codes, themes, queries or the name of a saved query, not \"{rows}\""
                ));
            };
            matrix::Rows::Queries(vec![q.id])
        }
    };
    let cols = match cols.trim().to_ascii_lowercase().as_str() {
        "documents" => matrix::Cols::Documents,
        "participants" => matrix::Cols::Participants,
        _ => matrix::Cols::Attribute(cols.trim().to_owned()),
    };
    let Some(measure) = matrix::Measure::parse(measure) else {
        return Err(format!(
            "--measure takes codings, participants, documents or words, not \"{measure}\""
        ));
    };
    let spec = matrix::Spec {
        rows,
        cols,
        measure,
    };
    let m = matrix::compute(&project, &spec).map_err(|e| e.to_string())?;
    for p in &m.problems {
        eprintln!("gloss: note: {p}");
    }
    if json {
        println!("{}", m.json());
    } else if csv {
        print!("{}", m.csv().trim_start_matches('\u{feff}'));
    } else {
        let table = m.table();
        let widths: Vec<usize> = (0..table.first().map_or(0, Vec::len))
            .map(|c| {
                table
                    .iter()
                    .map(|l| l.get(c).map_or(0, |s| s.chars().count()))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        for line in &table {
            let cells: Vec<String> = line
                .iter()
                .zip(&widths)
                .enumerate()
                .map(|(i, (s, w))| {
                    if i == 0 {
                        format!("{s:<w$}")
                    } else {
                        format!("{s:>w$}")
                    }
                })
                .collect();
            println!("{}", cells.join("  "));
        }
        println!("({} per cell)", measure.label());
    }
    Ok(())
}

/// `gloss cooccur PATH [--same-turn] [--json|--csv] [--jaccard]`.
pub fn cooccur_cmd(path: &Path, same_turn: bool, jaccard: bool, json: bool) -> Result<(), String> {
    let project = load(path)?;
    let mode = if same_turn {
        cooccur::Mode::SameTurn
    } else {
        cooccur::Mode::Overlap
    };
    let t = cooccur::compute(&project, mode);
    if json {
        println!("{}", t.json());
    } else {
        print!("{}", t.csv(jaccard).trim_start_matches('\u{feff}'));
    }
    Ok(())
}

/// What `gloss chart` was asked.
pub struct ChartArgs<'a> {
    pub kind: &'a str,
    pub rows: &'a str,
    pub measure: &'a str,
    pub group: Option<&'a str>,
    pub largest_first: bool,
    pub same_turn: bool,
    pub jaccard: bool,
    pub out: &'a Path,
}

/// The font egui shows text in (the PNG uses it too).
pub fn chart_font() -> Vec<u8> {
    egui::FontDefinitions::default()
        .font_data
        .get("Ubuntu-Light")
        .map(|f| (*f.font).as_ref().to_vec())
        .unwrap_or_default()
}

/// `gloss chart PATH --kind bars|heatmap|density ... --out FILE.svg|.png`.
pub fn chart_cmd(path: &Path, a: &ChartArgs) -> Result<(), String> {
    use super::chart;
    let project = load(path)?;
    let chart = match a.kind {
        "bars" => {
            let rows = match a.rows {
                "codes" => matrix::Rows::Codes,
                "themes" => matrix::Rows::Themes,
                other => return Err(format!("--rows takes codes or themes, not \"{other}\"")),
            };
            let Some(measure) = matrix::Measure::parse(a.measure) else {
                return Err(format!(
                    "--measure takes codings, participants, documents or words, not \"{}\"",
                    a.measure
                ));
            };
            let spec = matrix::Spec {
                rows: rows.clone(),
                cols: a
                    .group
                    .map(|g| matrix::Cols::Attribute(g.to_owned()))
                    .unwrap_or(matrix::Cols::Documents),
                measure,
            };
            let m = matrix::compute(&project, &spec).map_err(|e| e.to_string())?;
            let colors: Vec<[u8; 3]> = if rows == matrix::Rows::Codes {
                super::code_tree(&project)
                    .into_iter()
                    .filter_map(|(c, _)| project.code(c).map(|c| c.color.0))
                    .collect()
            } else {
                Vec::new()
            };
            let title = match a.group {
                Some(g) => format!(
                    "{} per {}, by {g}",
                    measure.label(),
                    &a.rows[..a.rows.len() - 1]
                ),
                None => format!("{} per {}", measure.label(), &a.rows[..a.rows.len() - 1]),
            };
            let order = if a.largest_first {
                chart::Order::Largest
            } else {
                chart::Order::Tree
            };
            chart::frequencies(
                &m,
                a.group.is_some(),
                order,
                &colors,
                &title,
                measure.label(),
            )
        }
        "heatmap" => {
            let mode = if a.same_turn {
                cooccur::Mode::SameTurn
            } else {
                cooccur::Mode::Overlap
            };
            let t = cooccur::compute(&project, mode);
            chart::heat_map(&t, a.jaccard, &format!("Co-occurrence ({})", mode.label()))
        }
        "density" => chart::density(&project, "Where codes fall in each document"),
        other => {
            return Err(format!(
                "--kind takes bars, heatmap or density, not \"{other}\""
            ));
        }
    };
    let ext = a
        .out
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let bytes = match ext.as_str() {
        "svg" => chart.svg().into_bytes(),
        "png" => chart.png(2.0, &chart_font())?,
        _ => {
            return Err(format!(
                "cannot tell the picture type of {}: name it .svg or .png (nothing was written)",
                a.out.display()
            ));
        }
    };
    std::fs::write(a.out, bytes)
        .map_err(|e| format!("could not write {}: {e}", a.out.display()))?;
    println!("wrote {}", a.out.display());
    Ok(())
}
