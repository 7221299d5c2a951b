//! `gloss agreement PATH --coders A,B[,C] [--unit turn|sentence|char] [--codes NAME,...]
//! [--where KEY=VALUE] [--json]`: the agreement table on the command line.

use super::{Figures, Request, Table, Unit, compute};
use crate::model::{CodeId, CoderId, DocId, Project};
use std::path::Path;

/// Splits a comma-separated list of names, dropping empty ones.
fn names(list: &str) -> Vec<&str> {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// The coders named in `list` (exact name, else ignoring case); an error names those that exist.
pub fn coders_named(project: &Project, list: &str) -> Result<Vec<CoderId>, String> {
    let mut out = Vec::new();
    let mut unknown = Vec::new();
    for n in names(list) {
        let found = project.coder_by_name(n).or_else(|| {
            project
                .coders
                .iter()
                .find(|c| c.name.eq_ignore_ascii_case(n))
        });
        match found {
            Some(c) if !out.contains(&c.id) => out.push(c.id),
            Some(_) => {}
            None => unknown.push(format!("“{n}”")),
        }
    }
    if !unknown.is_empty() {
        let known: Vec<&str> = project.coders.iter().map(|c| c.name.as_str()).collect();
        return Err(format!(
            "no coder named {} in this project; its coders are: {}",
            unknown.join(", "),
            if known.is_empty() {
                "(none yet)".to_owned()
            } else {
                known.join(", ")
            }
        ));
    }
    if out.len() < 2 {
        return Err("name at least two different coders to compare, as --coders A,B".into());
    }
    Ok(out)
}

/// The codes named in `list` (ignoring case); an error names those that exist.
pub fn codes_named(project: &Project, list: &str) -> Result<Vec<CodeId>, String> {
    let mut out = Vec::new();
    let mut unknown = Vec::new();
    for n in names(list) {
        match project.code_by_name(n) {
            Some(c) if !out.contains(&c.id) => out.push(c.id),
            Some(_) => {}
            None => unknown.push(format!("“{n}”")),
        }
    }
    if !unknown.is_empty() {
        let known: Vec<&str> = project.codes.iter().map(|c| c.name.as_str()).collect();
        return Err(format!(
            "no code named {} in this project; its codes are: {}",
            unknown.join(", "),
            known.join(", ")
        ));
    }
    Ok(out)
}

/// The documents whose attribute `key` is `value` (both compared ignoring case and spaces at
/// the ends).
pub fn documents_where(project: &Project, key: &str, value: &str) -> Vec<DocId> {
    let (key, value) = (key.trim(), value.trim());
    project
        .documents
        .iter()
        .filter(|d| {
            d.attributes.iter().any(|(k, v)| {
                k.trim().eq_ignore_ascii_case(key) && v.trim().eq_ignore_ascii_case(value)
            })
        })
        .map(|d| d.id)
        .collect()
}

fn code_name(project: &Project, id: CodeId) -> String {
    project
        .code(id)
        .map_or_else(|| "(deleted code)".to_owned(), |c| c.name.clone())
}

fn object(code: &str, f: &Figures) -> serde_json::Value {
    serde_json::json!({
        "code": code,
        "units": f.units,
        "percent": f.percent,
        "kappa": f.kappa,
        "alpha": f.alpha,
        "a_only": f.a_only,
        "b_only": f.b_only,
        "both": f.both,
    })
}

/// The table as JSON: an array with one object per code, then one with `"code": "overall"`.
pub fn to_json(project: &Project, table: &Table) -> serde_json::Value {
    let mut rows: Vec<serde_json::Value> = table
        .rows
        .iter()
        .map(|(id, f)| object(&code_name(project, *id), f))
        .collect();
    rows.push(object("overall", &table.overall));
    serde_json::Value::Array(rows)
}

/// A figure as the table shows it (a dash when undefined).
pub fn shown(x: Option<f64>, decimals: usize) -> String {
    x.map_or_else(|| "–".to_owned(), |v| format!("{v:.decimals$}"))
}

/// The table as aligned text, with its caption.
pub fn to_text(project: &Project, table: &Table) -> String {
    let name = |k: &CoderId| project.coder(*k).map_or("?", |c| c.name.as_str());
    let mut out = String::new();
    let coders: Vec<&str> = table.coders.iter().map(name).collect();
    out.push_str(&format!(
        "Agreement by {} ({} documents compared); A = {}, B = {}\n",
        table.unit.label().to_lowercase(),
        table.documents_compared,
        coders.first().unwrap_or(&"?"),
        coders.get(1).unwrap_or(&"?"),
    ));
    let mut lines = vec![[
        "code".to_owned(),
        "units".to_owned(),
        "percent".to_owned(),
        "kappa".to_owned(),
        "alpha".to_owned(),
        "A only".to_owned(),
        "B only".to_owned(),
        "both".to_owned(),
    ]];
    let line = |code: String, f: &Figures| {
        [
            code,
            f.units.to_string(),
            shown(f.percent, 1),
            shown(f.kappa, 3),
            shown(f.alpha, 3),
            f.a_only.to_string(),
            f.b_only.to_string(),
            f.both.to_string(),
        ]
    };
    for (id, f) in &table.rows {
        lines.push(line(code_name(project, *id), f));
    }
    lines.push(line("overall".to_owned(), &table.overall));
    let widths: Vec<usize> = (0..8)
        .map(|i| {
            lines
                .iter()
                .map(|l| l[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for l in &lines {
        let cells: Vec<String> = l
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (c, w))| {
                let pad = w - c.chars().count();
                if i == 0 {
                    format!("{c}{}", " ".repeat(pad))
                } else {
                    format!("{}{c}", " ".repeat(pad))
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out.push_str(table.unit.caption());
    out.push('\n');
    out.push_str(RULES);
    out.push('\n');
    out
}

/// The rules common to every unit, for captions.
pub const RULES: &str = "A document a coder made no coding in is missing data for that coder. \
    Per code: percent = units on which every coder agrees; kappa = Cohen's kappa of A and B (two \
    coders only); alpha = Krippendorff's alpha, nominal, all coders. Overall: percent = units \
    given exactly the same codes; kappa, alpha and counts pool every unit-and-code decision.";

/// Runs the command.
pub fn run(
    path: &Path,
    coders: &str,
    unit: &str,
    codes: Option<&str>,
    filter: Option<&str>,
    json: bool,
) -> Result<(), String> {
    let Some(unit) = Unit::parse(unit) else {
        return Err(format!("unknown unit “{unit}”: use turn, sentence or char"));
    };
    let project = crate::store::load(path).map_err(|e| e.to_string())?;
    let at = |e: String| format!("{}: {e}", path.display());
    let coders = coders_named(&project, coders).map_err(at)?;
    let codes = match codes {
        Some(list) => codes_named(&project, list).map_err(at)?,
        None => project.codes.iter().map(|c| c.id).collect(),
    };
    let documents = match filter {
        Some(f) => {
            let Some((k, v)) = f.split_once('=') else {
                return Err(format!(
                    "--where takes KEY=VALUE (a document attribute), not “{f}”"
                ));
            };
            let docs = documents_where(&project, k, v);
            if docs.is_empty() {
                return Err(at(format!("no document has {} = {}", k.trim(), v.trim())));
            }
            docs
        }
        None => project.documents.iter().map(|d| d.id).collect(),
    };
    let request = Request {
        coders,
        documents,
        codes,
        unit,
    };
    let table = compute(&project, &request, &mut |_, _| true)
        .map_err(|e| at(e.to_string()))?
        .ok_or("stopped")?;
    if json {
        println!("{}", to_json(&project, &table));
    } else {
        print!("{}", to_text(&project, &table));
    }
    Ok(())
}
