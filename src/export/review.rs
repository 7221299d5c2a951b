//! The review report: every theme (in tree order) with its status, its latest sign-off (and what
//! changed since), its open comments with their anchors quoted; other open comments; and the
//! changes since the latest snapshot. As Markdown or HTML.

use super::report::status_label;
use super::text::{html, html_text, md_quote, md_text};
use crate::model::{Project, ThemeKind};
use crate::query;
use crate::review::{comments, diff, signoff};

/// One open thread as the report shows it.
struct Open {
    anchor: String,
    orphaned: bool,
    quote: Option<String>,
    lines: Vec<String>,
}

fn open_threads(project: &Project, keep: impl Fn(&crate::model::Anchor) -> bool) -> Vec<Open> {
    comments::threads(project)
        .into_iter()
        .filter(|t| t.is_open() && keep(&t.root.anchor))
        .map(|t| {
            let (anchor, orphaned) = comments::describe(project, &t.root.anchor);
            let lines = std::iter::once(t.root)
                .chain(t.replies.iter().copied())
                .map(|c| {
                    format!(
                        "{} ({}): {}",
                        crate::review::person(project, c.author),
                        crate::review::date(c.created),
                        c.text.trim()
                    )
                })
                .collect();
            Open {
                anchor,
                orphaned,
                quote: comments::quote(project, &t.root.anchor),
                lines,
            }
        })
        .collect()
}

/// Is the anchor about `theme` (the theme, one of its codes, or a coding of one of them)?
fn about_theme(project: &Project, theme: &crate::model::Theme, a: &crate::model::Anchor) -> bool {
    use crate::model::Anchor;
    match a {
        Anchor::Theme(t) => *t == theme.id,
        Anchor::Code(c) => theme.codes.contains(c),
        Anchor::Coding(id) => project
            .codings
            .get(id)
            .is_some_and(|c| theme.codes.contains(&c.code)),
        _ => false,
    }
}

fn changes_section(project: &Project) -> Option<(String, diff::TreeDiff)> {
    let last = project.snapshots.iter().max_by_key(|s| s.taken)?;
    let now = crate::review::current(project);
    Some((last.label.clone(), diff::diff(last, &now)))
}

/// The review report as Markdown.
pub fn review_md(project: &Project) -> String {
    let mut out = format!("# {}: review report\n", project.name.trim());
    let md_open = |out: &mut String, list: &[Open]| {
        for o in list {
            let orphan = if o.orphaned { " (orphaned)" } else { "" };
            out.push_str(&format!("- On {}{orphan}:\n", md_text(&o.anchor)));
            if let Some(q) = &o.quote {
                out.push_str(&format!("\n{}\n\n", indent(&md_quote(q))));
            }
            for l in &o.lines {
                out.push_str(&format!("  - {}\n", md_text(l)));
            }
        }
    };
    for (id, depth) in query::theme_tree(project) {
        let Some(t) = project.theme(id) else { continue };
        let hashes = "#".repeat((depth + 2).min(6));
        out.push_str(&format!("\n{hashes} {}\n\n", t.name.trim()));
        if t.kind == ThemeKind::Theme {
            out.push_str(&format!("*Status: {}*\n\n", status_label(t.status)));
        }
        match signoff::latest(project, id) {
            Some(s) => {
                out.push_str(&format!("Sign-off: {}", signoff::headline(project, s)));
                if !s.note.trim().is_empty() {
                    out.push_str(&format!(": {}", md_text(&s.note)));
                }
                out.push_str("\n\n");
                let changed = signoff::changes_since(project, s);
                if !changed.is_empty() {
                    out.push_str("Changed since the sign-off:\n\n");
                    for c in changed {
                        out.push_str(&format!("- {}\n", c.sentence()));
                    }
                    out.push('\n');
                }
            }
            None if t.kind == ThemeKind::Theme => out.push_str("Not signed off yet.\n\n"),
            None => {}
        }
        let open = open_threads(project, |a| about_theme(project, t, a));
        if !open.is_empty() {
            out.push_str("Open comments:\n\n");
            md_open(&mut out, &open);
            out.push('\n');
        }
    }
    let others = open_threads(project, |a| {
        !project.themes.iter().any(|t| about_theme(project, t, a))
    });
    if !others.is_empty() {
        out.push_str("\n## Other open comments\n\n");
        md_open(&mut out, &others);
    }
    out.push_str("\n## Changes since the latest snapshot\n\n");
    match changes_section(project) {
        None => out.push_str("No snapshot has been taken.\n"),
        Some((label, d)) => {
            let md = diff::to_markdown(&d, &format!("“{label}”"), "now");
            // The diff's own heading becomes a sentence under this one.
            let body = md.split_once("\n\n").map_or(md.as_str(), |(_, b)| b);
            out.push_str(&format!("Compared with the snapshot “{label}”:\n\n{body}"));
        }
    }
    out
}

fn indent(s: &str) -> String {
    s.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

const STYLE: &str = "body{font-family:sans-serif;max-width:52em;margin:2em auto;line-height:1.45}\
blockquote{border-left:3px solid #ccc;margin:0.4em 0;padding-left:0.8em;color:#333}\
.status{color:#666;font-style:italic}.changed{color:#a05a00}del{color:#b00}ins{color:#070}";

fn html_words(words: &[diff::Words]) -> String {
    words
        .iter()
        .map(|w| match w.tag {
            diff::Tag::Same => html(&w.text),
            diff::Tag::Removed => format!("<del>{}</del>", html(&w.text)),
            diff::Tag::Added => format!("<ins>{}</ins>", html(&w.text)),
        })
        .collect()
}

/// The review report as a standalone HTML page.
pub fn review_html(project: &Project) -> String {
    let title = html(&format!("{}: review report", project.name.trim()));
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n"
    );
    let html_open = |out: &mut String, list: &[Open]| {
        out.push_str("<ul>\n");
        for o in list {
            let orphan = if o.orphaned { " (orphaned)" } else { "" };
            out.push_str(&format!("<li>On {}{orphan}", html(&o.anchor)));
            if let Some(q) = &o.quote {
                out.push_str(&format!("<blockquote>{}</blockquote>", html_text(q)));
            }
            out.push_str("<ul>");
            for l in &o.lines {
                out.push_str(&format!("<li>{}</li>", html(l)));
            }
            out.push_str("</ul></li>\n");
        }
        out.push_str("</ul>\n");
    };
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
        match signoff::latest(project, id) {
            Some(s) => {
                out.push_str(&format!(
                    "<p>Sign-off: {}{}</p>\n",
                    html(&signoff::headline(project, s)),
                    if s.note.trim().is_empty() {
                        String::new()
                    } else {
                        format!(": {}", html(s.note.trim()))
                    }
                ));
                let changed = signoff::changes_since(project, s);
                if !changed.is_empty() {
                    out.push_str("<p class=\"changed\">Changed since the sign-off:</p>\n<ul>\n");
                    for c in changed {
                        out.push_str(&format!("<li>{}</li>\n", html(&c.sentence())));
                    }
                    out.push_str("</ul>\n");
                }
            }
            None if t.kind == ThemeKind::Theme => out.push_str("<p>Not signed off yet.</p>\n"),
            None => {}
        }
        let open = open_threads(project, |a| about_theme(project, t, a));
        if !open.is_empty() {
            out.push_str("<p>Open comments:</p>\n");
            html_open(&mut out, &open);
        }
        out.push_str("</section>\n");
    }
    let others = open_threads(project, |a| {
        !project.themes.iter().any(|t| about_theme(project, t, a))
    });
    if !others.is_empty() {
        out.push_str("<h2>Other open comments</h2>\n");
        html_open(&mut out, &others);
    }
    out.push_str("<h2>Changes since the latest snapshot</h2>\n");
    match changes_section(project) {
        None => out.push_str("<p>No snapshot has been taken.</p>\n"),
        Some((label, d)) => {
            out.push_str(&format!(
                "<p>Compared with the snapshot “{}”:</p>\n",
                html(&label)
            ));
            if d.is_empty() {
                out.push_str("<p>No changes.</p>\n");
            } else {
                out.push_str("<ul>\n");
                for c in &d.changes {
                    out.push_str(&format!(
                        "<li><strong>{}</strong>: {}",
                        c.kind(),
                        html(&c.sentence())
                    ));
                    if let Some(w) = c.words() {
                        out.push_str(&format!(": {}", html_words(w)));
                    }
                    out.push_str("</li>\n");
                }
                out.push_str("</ul>\n");
            }
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}
