//! The theme report: for each group and theme (in tree order) its status, definition, what it
//! involves and concerns, its codes, its counts with the participants behind it, and its exemplar
//! quotes with speaker and citation (document, paragraph).

use super::text::{html, html_text, md_quote, md_text, plural};
use crate::model::{Project, Theme, ThemeKind, ThemeStatus};
use crate::query::{self, Counts, Row};

pub fn status_label(s: ThemeStatus) -> &'static str {
    match s {
        ThemeStatus::Candidate => "candidate",
        ThemeStatus::Reviewed => "reviewed",
        ThemeStatus::Final => "final",
    }
}

fn evidence(c: &Counts, names: &[String]) -> String {
    let mut s = format!(
        "{} in {} from {}",
        plural(c.codings, "coding", "codings"),
        plural(c.documents, "document", "documents"),
        plural(c.participants, "participant", "participants"),
    );
    if !names.is_empty() {
        s.push_str(&format!(" ({})", names.join(", ")));
    }
    s
}

fn code_list(project: &Project, t: &Theme) -> Vec<String> {
    t.codes
        .iter()
        .filter_map(|id| project.code(*id))
        .map(|c| {
            let n = query::counts_for_code(project, c.id).codings;
            format!("{} ({n})", c.name)
        })
        .collect()
}

/// The participants behind a theme by name, or none when the project attributes quotes by
/// participant attributes (names would undo the anonymity the attribution gives).
fn named_participants(project: &Project, theme: crate::model::ThemeId) -> Vec<String> {
    if crate::cases::cite::attributes_name_speakers(project) {
        Vec::new()
    } else {
        query::theme_participants(project, theme)
    }
}

/// The quote's speaker, named as the project's quote attribution says (see `cases::cite`).
fn speaker(project: &Project, r: &Row) -> String {
    crate::cases::cite::speaker(project, r.speaker.as_deref())
}

/// The memo written on a quote's coding, if any.
fn quote_note(project: &Project, r: &Row) -> Option<String> {
    crate::cases::memos::coding_memo(project, r.coding)
        .map(|m| m.text.trim().to_owned())
        .filter(|t| !t.is_empty())
}

fn citation(r: &Row) -> String {
    format!("{}, paragraph {}", r.document_title, r.paragraph)
}

/// The theme report as Markdown; exemplar quotes are block quotes.
pub fn theme_report_md(project: &Project) -> String {
    let mut out = format!("# {}: theme report\n", project.name.trim());
    for (id, depth) in query::theme_tree(project) {
        let Some(t) = project.theme(id) else { continue };
        let hashes = "#".repeat((depth + 2).min(6));
        out.push_str(&format!("\n{hashes} {}\n\n", t.name.trim()));
        if t.kind == ThemeKind::Theme {
            out.push_str(&format!("*Status: {}*\n\n", status_label(t.status)));
        }
        if !t.description.trim().is_empty() {
            out.push_str(&format!("{}\n\n", md_text(&t.description)));
        }
        if !t.involves.trim().is_empty() {
            out.push_str(&format!("**Involves:** {}\n\n", md_text(&t.involves)));
        }
        if !t.concerns.trim().is_empty() {
            out.push_str(&format!("**Concerns:** {}\n\n", md_text(&t.concerns)));
        }
        let codes = code_list(project, t);
        if !codes.is_empty() {
            out.push_str(&format!("**Codes:** {}\n\n", codes.join("; ")));
        }
        let counts = query::counts_for_theme(project, id);
        out.push_str(&format!(
            "**Evidence:** {}\n",
            evidence(&counts, &named_participants(project, id))
        ));
        let quotes = query::exemplar_rows(project, id);
        if !quotes.is_empty() {
            out.push_str("\n**Exemplar quotes:**\n");
        }
        for r in quotes {
            out.push_str(&format!(
                "\n{}\n>\n> — {} ({})\n",
                md_quote(&r.text),
                speaker(project, &r),
                citation(&r)
            ));
            if let Some(note) = quote_note(project, &r) {
                out.push_str(&format!("\n*Note:* {}\n", md_text(&note)));
            }
        }
    }
    let journal = crate::cases::memos::journal(project);
    if !journal.is_empty() {
        out.push_str("\n## Journal\n");
        for m in journal.into_iter().rev() {
            let title = m.title.trim();
            out.push_str(&format!(
                "\n**{}**{}\n\n{}\n",
                crate::cases::memos::date(m.created),
                if title.is_empty() {
                    String::new()
                } else {
                    format!(" {}", md_text(title))
                },
                md_text(&m.text)
            ));
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:46em;margin:2em auto;\
padding:0 1em;line-height:1.5;color:#222}h2{border-bottom:1px solid #ccc}\
blockquote{margin:1em 0;padding:.2em 1em;border-left:4px solid #888;background:#f6f6f6}\
.status{font-style:italic;color:#555}cite{display:block;font-style:normal;color:#555}";

/// The theme report as a standalone HTML page.
pub fn theme_report_html(project: &Project) -> String {
    let title = html(&format!("{}: theme report", project.name.trim()));
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n"
    );
    for (id, depth) in query::theme_tree(project) {
        let Some(t) = project.theme(id) else { continue };
        let h = (depth + 2).min(6);
        out.push_str(&format!(
            "<section>\n<h{h}>{}</h{h}>\n",
            html(t.name.trim())
        ));
        if t.kind == ThemeKind::Theme {
            out.push_str(&format!(
                "<p class=\"status\">Status: {}</p>\n",
                status_label(t.status)
            ));
        }
        if !t.description.trim().is_empty() {
            out.push_str(&format!("<p>{}</p>\n", html_text(&t.description)));
        }
        for (label, value) in [("Involves", &t.involves), ("Concerns", &t.concerns)] {
            if !value.trim().is_empty() {
                out.push_str(&format!(
                    "<p><strong>{label}:</strong> {}</p>\n",
                    html_text(value)
                ));
            }
        }
        let codes = code_list(project, t);
        if !codes.is_empty() {
            out.push_str(&format!(
                "<p><strong>Codes:</strong> {}</p>\n",
                html(&codes.join("; "))
            ));
        }
        let counts = query::counts_for_theme(project, id);
        out.push_str(&format!(
            "<p><strong>Evidence:</strong> {}</p>\n",
            html(&evidence(&counts, &named_participants(project, id)))
        ));
        for r in query::exemplar_rows(project, id) {
            out.push_str(&format!(
                "<blockquote>\n<p>{}</p>\n<cite>— {} ({})</cite>\n</blockquote>\n",
                html_text(&r.text),
                html(&speaker(project, &r)),
                html(&citation(&r))
            ));
            if let Some(note) = quote_note(project, &r) {
                out.push_str(&format!(
                    "<p class=\"note\"><em>Note:</em> {}</p>\n",
                    html_text(&note)
                ));
            }
        }
        out.push_str("</section>\n");
    }
    let journal = crate::cases::memos::journal(project);
    if !journal.is_empty() {
        out.push_str("<section>\n<h2>Journal</h2>\n");
        for m in journal.into_iter().rev() {
            out.push_str(&format!(
                "<h3>{} {}</h3>\n<p>{}</p>\n",
                html(&crate::cases::memos::date(m.created)),
                html(m.title.trim()),
                html_text(&m.text)
            ));
        }
        out.push_str("</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}
