//! The codebook as Markdown or CSV (name, path, colour, definition, when to use, when not to
//! use, example, counts), and the way back: [`parse`] reads either format and [`import_plan`]
//! turns the entries into one undoable edit that adds the codes a project lacks, so a codebook
//! built on pilot interviews can be carried to a new project.

use super::text::{csv_row, md_text, md_unescape, parse_csv, plural};
use crate::edit::Edit;
use crate::model::{Code, CodeId, Project, Rgb};
use crate::query;
use std::collections::BTreeMap;

/// One code as read from a codebook file.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Entry {
    pub name: String,
    /// Slash-separated names from the top of the tree down to this code.
    pub path: String,
    pub color: Option<Rgb>,
    pub definition: String,
    pub when_to_use: String,
    pub when_not_to_use: String,
    pub example: String,
}

const CSV_HEADER: [&str; 10] = [
    "Name",
    "Path",
    "Colour",
    "Definition",
    "When to use",
    "When not to use",
    "Example",
    "Codings",
    "Documents",
    "Participants",
];

/// The codebook as CSV, codes in tree order.
pub fn to_csv(project: &Project) -> String {
    let counts = query::code_counts(project);
    let mut out = csv_row(&CSV_HEADER);
    for (id, _) in query::code_tree(project) {
        let Some(c) = project.code(id) else { continue };
        let n = counts.get(&id).cloned().unwrap_or_default();
        out.push_str(&csv_row(&[
            c.name.clone(),
            query::code_path(project, id),
            c.color.to_hex(),
            c.description.clone(),
            c.when_to_use.clone(),
            c.when_not_to_use.clone(),
            c.example.clone(),
            n.codings.to_string(),
            n.documents.to_string(),
            n.participants.to_string(),
        ]));
    }
    out
}

const MD_FIELDS: [&str; 4] = ["Definition", "When to use", "When not to use", "Example"];

/// The codebook as Markdown: one section per code, in tree order.
pub fn to_markdown(project: &Project) -> String {
    let counts = query::code_counts(project);
    let mut out = format!("# {}: codebook\n", project.name.trim());
    for (id, _) in query::code_tree(project) {
        let Some(c) = project.code(id) else { continue };
        let n = counts.get(&id).cloned().unwrap_or_default();
        out.push_str(&format!(
            "\n## {}\n\n- **Path:** {}\n- **Colour:** {}\n- **Counts:** {}, {}, {}\n",
            c.name.trim(),
            query::code_path(project, id),
            c.color.to_hex(),
            plural(n.codings, "coding", "codings"),
            plural(n.documents, "document", "documents"),
            plural(n.participants, "participant", "participants"),
        ));
        let values = [
            &c.description,
            &c.when_to_use,
            &c.when_not_to_use,
            &c.example,
        ];
        for (label, value) in MD_FIELDS.iter().zip(values) {
            if !value.trim().is_empty() {
                out.push_str(&format!("\n**{label}:** {}\n", md_text(value)));
            }
        }
    }
    out
}

/// Reads a codebook file: CSV when `csv` is true, Markdown otherwise. Errors say what is wrong
/// and where.
pub fn parse(text: &str, csv: bool) -> Result<Vec<Entry>, String> {
    let entries = if csv {
        parse_csv_codebook(text)?
    } else {
        parse_markdown(text)
    };
    if entries.is_empty() {
        return Err(
            "no codes found: expected a codebook exported by Gloss (a CSV file with a \
                    Name column, or Markdown with one '## name' heading per code)"
                .to_owned(),
        );
    }
    Ok(entries)
}

fn parse_csv_codebook(text: &str) -> Result<Vec<Entry>, String> {
    let rows = parse_csv(text)?;
    let Some((header, body)) = rows.split_first() else {
        return Ok(Vec::new());
    };
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let name_col = col("Name").ok_or("the first row has no Name column")?;
    let cols = [
        col("Path"),
        col("Colour").or_else(|| col("Color")),
        col("Definition").or_else(|| col("Description")),
        col("When to use"),
        col("When not to use"),
        col("Example"),
    ];
    let get = |row: &Vec<String>, c: Option<usize>| -> String {
        c.and_then(|i| row.get(i)).cloned().unwrap_or_default()
    };
    let mut out = Vec::new();
    for (i, row) in body.iter().enumerate() {
        let name = get(row, Some(name_col)).trim().to_owned();
        if name.is_empty() {
            return Err(format!("row {} has no name", i + 2));
        }
        let path = get(row, cols[0]).trim().to_owned();
        let colour = get(row, cols[1]);
        out.push(Entry {
            path: if path.is_empty() { name.clone() } else { path },
            name,
            color: Rgb::parse_hex(colour.trim()),
            definition: get(row, cols[2]),
            when_to_use: get(row, cols[3]),
            when_not_to_use: get(row, cols[4]),
            example: get(row, cols[5]),
        });
    }
    Ok(out)
}

fn parse_markdown(text: &str) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    // The field a paragraph continues, as an index into MD_FIELDS.
    let mut open: Option<usize> = None;
    for line in text.lines() {
        let trimmed = line.trim_end();
        if let Some(name) = trimmed.strip_prefix("## ") {
            let name = name.trim().to_owned();
            out.push(Entry {
                path: name.clone(),
                name,
                ..Entry::default()
            });
            open = None;
            continue;
        }
        let Some(entry) = out.last_mut() else {
            continue;
        };
        if trimmed.is_empty() {
            open = None;
            continue;
        }
        if let Some(v) = trimmed.strip_prefix("- **Path:**") {
            entry.path = v.trim().to_owned();
            continue;
        }
        if let Some(v) = trimmed.strip_prefix("- **Colour:**") {
            entry.color = Rgb::parse_hex(v.trim());
            continue;
        }
        if trimmed.starts_with("- **") {
            continue; // counts and other figures are not imported
        }
        let field = MD_FIELDS
            .iter()
            .enumerate()
            .find_map(|(i, f)| Some((i, trimmed.strip_prefix(&format!("**{f}:**"))?)));
        let (index, value) = match field {
            Some((i, v)) => (i, v.trim_start()),
            None => match open {
                Some(i) => (i, trimmed),
                None => continue,
            },
        };
        let target = match index {
            0 => &mut entry.definition,
            1 => &mut entry.when_to_use,
            2 => &mut entry.when_not_to_use,
            _ => &mut entry.example,
        };
        if field.is_none() {
            target.push('\n');
        }
        target.push_str(&md_unescape(value));
        open = Some(index);
    }
    out
}

/// What an import will do.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct ImportSummary {
    /// Names of the codes that will be added.
    pub added: Vec<String>,
    /// Names of codes the project already has (by name); they are left as they are.
    pub skipped: Vec<String>,
}

/// Plans the import of `entries` as one batch: each code whose name the project lacks is added,
/// under the parent its path names (an existing code or one added by this import; top level if
/// neither). `None` when nothing would be added.
pub fn import_plan(project: &Project, entries: &[Entry]) -> (Option<Edit>, ImportSummary) {
    let mut summary = ImportSummary::default();
    let mut by_path: BTreeMap<String, CodeId> = project
        .codes
        .iter()
        .map(|c| (query::code_path(project, c.id).to_lowercase(), c.id))
        .collect();
    let mut names: BTreeMap<String, CodeId> = project
        .codes
        .iter()
        .map(|c| (c.name.trim().to_lowercase(), c.id))
        .collect();
    let mut edits = Vec::new();
    // Codes without a colour of their own take the one most unlike those in use.
    let mut taken: Vec<Rgb> = project.codes.iter().map(|c| c.color).collect();
    for e in entries {
        let key = e.name.trim().to_lowercase();
        if key.is_empty() {
            continue;
        }
        if let Some(id) = names.get(&key) {
            by_path.insert(e.path.trim().to_lowercase(), *id);
            summary.skipped.push(e.name.trim().to_owned());
            continue;
        }
        let parent = e
            .path
            .trim()
            .rsplit_once('/')
            .and_then(|(p, _)| by_path.get(&p.trim().to_lowercase()).copied());
        let index = project.codes.len() + summary.added.len();
        let color = e.color.unwrap_or_else(|| Rgb::distinct_from(&taken));
        taken.push(color);
        let mut code = Code::new(e.name.trim(), color);
        code.parent = parent;
        code.description = e.definition.trim().to_owned();
        code.when_to_use = e.when_to_use.trim().to_owned();
        code.when_not_to_use = e.when_not_to_use.trim().to_owned();
        code.example = e.example.trim().to_owned();
        names.insert(key, code.id);
        by_path.insert(e.path.trim().to_lowercase(), code.id);
        summary.added.push(code.name.clone());
        edits.push(Edit::InsertCode { index, code });
    }
    ((!edits.is_empty()).then_some(Edit::Batch(edits)), summary)
}
