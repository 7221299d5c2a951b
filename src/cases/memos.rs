//! Memos: the project journal (dated entries, the reflexive diary of a thematic analysis) and
//! memos on documents, participants, single codings and passages. Each memo may link to passages.
//! Code and theme memos stay fields of the code or theme. Every change is an `Edit::PutMemo`;
//! typing in a memo is coalesced into one undo step by the window.

use crate::edit::{Edit, ops};
use crate::model::{Anchor, CodingId, DocId, Link, Memo, MemoId, Project, TextRange, Timestamp};
use std::collections::BTreeMap;

/// Journal entries (memos on the project), newest first.
pub fn journal(project: &Project) -> Vec<&Memo> {
    let mut v: Vec<&Memo> = project
        .memos
        .iter()
        .filter(|m| m.anchor == Anchor::Project)
        .collect();
    v.sort_by_key(|m| (std::cmp::Reverse(m.created), m.id));
    v
}

/// The memos anchored to `anchor`, oldest first.
pub fn memos_on<'a>(project: &'a Project, anchor: &Anchor) -> Vec<&'a Memo> {
    let mut v: Vec<&Memo> = project
        .memos
        .iter()
        .filter(|m| &m.anchor == anchor)
        .collect();
    v.sort_by_key(|m| (m.created, m.id));
    v
}

pub fn memo(project: &Project, id: MemoId) -> Option<&Memo> {
    project.memos.iter().find(|m| m.id == id)
}

/// Where in a document memos sit, for the reading pane's margin: (document offset, memo) for
/// every memo on a coding of the document or on a passage of it, in text order.
pub fn margin_marks(project: &Project, doc: DocId) -> Vec<(TextRange, MemoId)> {
    let mut v: Vec<(TextRange, MemoId)> = project
        .memos
        .iter()
        .filter_map(|m| match &m.anchor {
            Anchor::Coding(c) => project
                .codings
                .get(c)
                .filter(|c| c.document == doc)
                .map(|c| (c.range, m.id)),
            Anchor::Passage { document, range } if *document == doc => Some((*range, m.id)),
            _ => None,
        })
        .collect();
    v.sort_by_key(|(r, id)| (r.start, r.end, *id));
    v
}

/// The memo on a coding, if any (the first written).
pub fn coding_memo(project: &Project, coding: CodingId) -> Option<&Memo> {
    memos_on(project, &Anchor::Coding(coding))
        .into_iter()
        .next()
}

/// What a memo is about, in words: "Journal", "Document “…”", "Participant Kari", "Coding of
/// “Dose negotiation” in “…” ¶3", "Passage in “…” ¶3".
pub fn anchor_label(project: &Project, anchor: &Anchor) -> String {
    let paragraph = |doc: DocId, range: TextRange| {
        project
            .document(doc)
            .and_then(|d| d.locate(range.start).map(|(t, _)| (d.title.clone(), t + 1)))
    };
    match anchor {
        Anchor::Project => "Journal".into(),
        Anchor::Document(d) => match project.document(*d) {
            Some(d) => format!("Document “{}”", d.title),
            None => "A removed document".into(),
        },
        Anchor::Participant(p) => format!("Participant {p}"),
        Anchor::Code(c) => match project.code(*c) {
            Some(c) => format!("Code “{}”", c.name),
            None => "A removed code".into(),
        },
        Anchor::Theme(t) => match project.theme(*t) {
            Some(t) => format!("Theme “{}”", t.name),
            None => "A removed theme".into(),
        },
        Anchor::Coding(id) => match project.codings.get(id) {
            Some(c) => {
                let code = project.code(c.code).map_or("?", |c| c.name.as_str());
                match paragraph(c.document, c.range) {
                    Some((title, n)) => format!("Coding “{code}” in “{title}” ¶{n}"),
                    None => format!("Coding “{code}”"),
                }
            }
            None => "A removed coding".into(),
        },
        Anchor::Passage { document, range } => match paragraph(*document, *range) {
            Some((title, n)) => format!("Passage in “{title}” ¶{n}"),
            None => "A passage of a removed document".into(),
        },
    }
}

/// The edit that writes a new memo on `anchor` (adding the author as a coder if needed), with the
/// new memo's id.
pub fn create(
    project: &Project,
    anchor: Anchor,
    title: &str,
    text: &str,
    author: &str,
    now: Timestamp,
) -> (Edit, MemoId) {
    let (coder, add) = ops::ensure_coder(project, author);
    let memo = Memo {
        id: MemoId::new(),
        anchor,
        title: title.to_owned(),
        text: text.to_owned(),
        author: coder,
        created: now,
        modified: now,
        links: Vec::new(),
    };
    let id = memo.id;
    let put = Edit::PutMemo {
        id,
        value: Some(Box::new(memo)),
        at: None,
    };
    let edit = match add {
        Some(add) => Edit::Batch(vec![add, put]),
        None => put,
    };
    (edit, id)
}

/// The edit that replaces a memo's title and text (its modified time set to `now`).
pub fn rewrite(memo: &Memo, title: &str, text: &str, now: Timestamp) -> Edit {
    let mut m = memo.clone();
    m.title = title.to_owned();
    m.text = text.to_owned();
    m.modified = now;
    Edit::PutMemo {
        id: m.id,
        value: Some(Box::new(m)),
        at: None,
    }
}

/// The edit that links a memo to a passage (nothing when it already links there).
pub fn link(memo: &Memo, document: DocId, range: TextRange, now: Timestamp) -> Option<Edit> {
    let link = Link { document, range };
    if memo.links.contains(&link) {
        return None;
    }
    let mut m = memo.clone();
    m.links.push(link);
    m.modified = now;
    Some(Edit::PutMemo {
        id: m.id,
        value: Some(Box::new(m)),
        at: None,
    })
}

/// The edit that removes link `index` of a memo.
pub fn unlink(memo: &Memo, index: usize, now: Timestamp) -> Option<Edit> {
    if index >= memo.links.len() {
        return None;
    }
    let mut m = memo.clone();
    m.links.remove(index);
    m.modified = now;
    Some(Edit::PutMemo {
        id: m.id,
        value: Some(Box::new(m)),
        at: None,
    })
}

/// The edit that deletes a memo.
pub fn delete(memo: &Memo) -> Edit {
    Edit::PutMemo {
        id: memo.id,
        value: None,
        at: None,
    }
}

/// A passage a memo links to, in words with a little of its text.
pub fn link_label(project: &Project, link: &Link) -> String {
    match project.document(link.document) {
        Some(d) if d.is_valid_range(link.range) => {
            let n = d.locate(link.range.start).map_or(0, |(t, _)| t + 1);
            let text: String = d.slice(link.range).chars().take(80).collect();
            format!("“{}” ¶{n}: {text}", d.title)
        }
        _ => "a passage that is no longer there".into(),
    }
}

/// The date of a timestamp as `YYYY-MM-DD`.
pub fn date(t: Timestamp) -> String {
    t.to_iso8601().get(..10).unwrap_or("").to_owned()
}

/// Memos grouped by what they are about, for listings: journal first, then documents,
/// participants, codings and passages, each oldest first.
pub fn grouped(project: &Project) -> Vec<(&'static str, Vec<&Memo>)> {
    let mut groups: BTreeMap<u8, Vec<&Memo>> = BTreeMap::new();
    for m in &project.memos {
        let g = match m.anchor {
            Anchor::Project => 0,
            Anchor::Document(_) => 1,
            Anchor::Participant(_) => 2,
            Anchor::Code(_) | Anchor::Theme(_) => 3,
            Anchor::Coding(_) => 4,
            Anchor::Passage { .. } => 5,
        };
        groups.entry(g).or_default().push(m);
    }
    const NAMES: [&str; 6] = [
        "Journal",
        "Document memos",
        "Participant memos",
        "Code and theme memos",
        "Coding memos",
        "Passage memos",
    ];
    groups
        .into_iter()
        .map(|(g, mut v)| {
            v.sort_by_key(|m| (m.created, m.id));
            (NAMES.get(g as usize).copied().unwrap_or("Memos"), v)
        })
        .collect()
}

/// Every memo as JSON: `{"memos": [{"id", "about", "kind", "title", "text", "author", "created",
/// "modified", "links": [{"document", "start", "end", "text"}]}]}`.
pub fn to_json(project: &Project) -> serde_json::Value {
    let kind = |a: &Anchor| match a {
        Anchor::Project => "journal",
        Anchor::Document(_) => "document",
        Anchor::Participant(_) => "participant",
        Anchor::Code(_) => "code",
        Anchor::Theme(_) => "theme",
        Anchor::Coding(_) => "coding",
        Anchor::Passage { .. } => "passage",
    };
    let memos: Vec<serde_json::Value> = grouped(project)
        .into_iter()
        .flat_map(|(_, v)| v)
        .map(|m| {
            serde_json::json!({
                "id": m.id.0.to_string(),
                "kind": kind(&m.anchor),
                "about": anchor_label(project, &m.anchor),
                "title": m.title,
                "text": m.text,
                "author": project.coder(m.author).map(|c| c.name.clone()).unwrap_or_default(),
                "created": m.created.to_iso8601(),
                "modified": m.modified.to_iso8601(),
                "links": m.links.iter().map(|l| serde_json::json!({
                    "document": project.document(l.document).map(|d| d.title.clone()).unwrap_or_default(),
                    "start": l.range.start,
                    "end": l.range.end,
                    "text": project.document(l.document).filter(|d| d.is_valid_range(l.range)).map(|d| d.slice(l.range)).unwrap_or_default(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    serde_json::json!({ "memos": memos })
}

/// Every memo as text, grouped, for a terminal.
pub fn to_text(project: &Project) -> String {
    let mut out = String::new();
    for (group, memos) in grouped(project) {
        out.push_str(&format!("{group} ({})\n", memos.len()));
        for m in memos {
            let author = project.coder(m.author).map_or("", |c| c.name.as_str());
            let title = if m.title.trim().is_empty() {
                String::new()
            } else {
                format!(" “{}”", m.title.trim())
            };
            out.push_str(&format!(
                "  {} {}{title} ({author})\n",
                date(m.created),
                anchor_label(project, &m.anchor)
            ));
            for line in m.text.lines() {
                out.push_str(&format!("    {line}\n"));
            }
            for l in &m.links {
                out.push_str(&format!("    → {}\n", link_label(project, l)));
            }
        }
    }
    if out.is_empty() {
        out.push_str("no memos\n");
    }
    out
}
