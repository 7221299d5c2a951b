//! Comment threads: a first comment on an anchor and its replies; what an anchor points at (or
//! that it is orphaned); filters for the Comments list; and the edits that add, reply, edit,
//! resolve and reopen.

use crate::edit::Edit;
use crate::model::{
    Anchor, CoderId, Comment, CommentId, DocId, Project, Resolved, TextRange, Timestamp,
};
use std::collections::BTreeMap;

/// A thread: its first comment and the replies, oldest first.
#[derive(Clone, Debug)]
pub struct Thread<'a> {
    pub root: &'a Comment,
    pub replies: Vec<&'a Comment>,
}

impl Thread<'_> {
    pub fn is_open(&self) -> bool {
        self.root.resolved.is_none()
    }

    /// Did `who` write any comment of the thread?
    pub fn involves(&self, who: CoderId) -> bool {
        self.root.author == who || self.replies.iter().any(|c| c.author == who)
    }
}

/// Every thread in the order the first comments were made. A reply whose first comment is gone
/// stands as a thread of its own (never dropped).
pub fn threads(project: &Project) -> Vec<Thread<'_>> {
    let ids: BTreeMap<CommentId, usize> = project
        .comments
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id, i))
        .collect();
    let root_of = |c: &Comment| {
        let mut at = c;
        for _ in 0..project.comments.len() {
            match at.reply_to.and_then(|r| ids.get(&r)) {
                Some(&i) => at = &project.comments[i],
                None => break,
            }
        }
        at.id
    };
    let mut out: Vec<Thread> = Vec::new();
    let mut slot: BTreeMap<CommentId, usize> = BTreeMap::new();
    for c in &project.comments {
        let root = root_of(c);
        if root == c.id {
            slot.insert(c.id, out.len());
            out.push(Thread {
                root: c,
                replies: Vec::new(),
            });
        }
    }
    for c in &project.comments {
        let root = root_of(c);
        if root != c.id
            && let Some(&i) = slot.get(&root)
        {
            out[i].replies.push(c);
        }
    }
    for t in &mut out {
        t.replies.sort_by_key(|c| c.created);
    }
    out
}

/// The thread whose first comment is `root`.
pub fn thread(project: &Project, root: CommentId) -> Option<Thread<'_>> {
    threads(project).into_iter().find(|t| t.root.id == root)
}

/// What an anchor points at, in words, and whether that is gone (the comment is orphaned).
pub fn describe(project: &Project, anchor: &Anchor) -> (String, bool) {
    match anchor {
        Anchor::Project => ("the project".to_owned(), false),
        Anchor::Document(d) => match project.document(*d) {
            Some(doc) => (format!("document “{}”", doc.title), false),
            None => ("a removed document".to_owned(), true),
        },
        Anchor::Participant(name) => (
            format!("participant {name}"),
            project.participant(name).is_none(),
        ),
        Anchor::Code(c) => match project.code(*c) {
            Some(code) => (format!("code “{}”", code.name), false),
            None => ("a removed code".to_owned(), true),
        },
        Anchor::Theme(t) => match project.theme(*t) {
            Some(theme) => (format!("theme “{}”", theme.name), false),
            None => ("a removed theme".to_owned(), true),
        },
        Anchor::Coding(id) => match project.codings.get(id) {
            Some(c) => {
                let code = project.code(c.code).map_or("?", |c| c.name.as_str());
                let quote = project
                    .document(c.document)
                    .map(|d| short(&d.slice(c.range)))
                    .unwrap_or_default();
                (format!("coding “{quote}” ({code})"), false)
            }
            None => ("a removed coding".to_owned(), true),
        },
        Anchor::Passage { document, range } => match project.document(*document) {
            Some(d) if range.end <= d.len() => (
                format!("passage “{}” in {}", short(&d.slice(*range)), d.title),
                false,
            ),
            _ => ("a passage of a removed document".to_owned(), true),
        },
    }
}

/// The quoted text of an anchor in full, for reports (`None` for anchors without text).
pub fn quote(project: &Project, anchor: &Anchor) -> Option<String> {
    match anchor {
        Anchor::Coding(id) => {
            let c = project.codings.get(id)?;
            Some(project.document(c.document)?.slice(c.range))
        }
        Anchor::Passage { document, range } => {
            let d = project.document(*document)?;
            (range.end <= d.len()).then(|| d.slice(*range))
        }
        _ => None,
    }
}

fn short(s: &str) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() > 60 {
        let cut: String = s.chars().take(57).collect();
        format!("{cut}…")
    } else {
        s
    }
}

/// The kind of thing an anchor points at, for the "by anchor" filter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum AnchorKind {
    #[default]
    Any,
    Theme,
    Code,
    Coding,
    Passage,
    Other,
}

impl AnchorKind {
    pub const ALL: [AnchorKind; 6] = [
        AnchorKind::Any,
        AnchorKind::Theme,
        AnchorKind::Code,
        AnchorKind::Coding,
        AnchorKind::Passage,
        AnchorKind::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            AnchorKind::Any => "Any anchor",
            AnchorKind::Theme => "Themes",
            AnchorKind::Code => "Codes",
            AnchorKind::Coding => "Codings",
            AnchorKind::Passage => "Passages",
            AnchorKind::Other => "Other",
        }
    }

    pub fn of(anchor: &Anchor) -> AnchorKind {
        match anchor {
            Anchor::Theme(_) => AnchorKind::Theme,
            Anchor::Code(_) => AnchorKind::Code,
            Anchor::Coding(_) => AnchorKind::Coding,
            Anchor::Passage { .. } => AnchorKind::Passage,
            _ => AnchorKind::Other,
        }
    }
}

/// Which threads the Comments list shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Filter {
    /// `Some(true)`: open only; `Some(false)`: resolved only.
    pub open: Option<bool>,
    /// Only threads the user took part in.
    pub mine: bool,
    pub anchor: AnchorKind,
}

impl Filter {
    pub fn keeps(&self, t: &Thread, me: Option<CoderId>) -> bool {
        self.open.is_none_or(|o| o == t.is_open())
            && (!self.mine || me.is_some_and(|m| t.involves(m)))
            && (self.anchor == AnchorKind::Any || AnchorKind::of(&t.root.anchor) == self.anchor)
    }
}

/// Comments on passages and codings of `doc`, as (range, first comment of the thread, open):
/// what the reading pane marks in its margin.
pub fn in_document(project: &Project, doc: DocId) -> Vec<(TextRange, CommentId, bool)> {
    threads(project)
        .into_iter()
        .filter_map(|t| {
            let range = match &t.root.anchor {
                Anchor::Passage { document, range } if *document == doc => *range,
                Anchor::Coding(id) => {
                    let c = project.codings.get(id)?;
                    (c.document == doc).then_some(c.range)?
                }
                _ => return None,
            };
            Some((range, t.root.id, t.is_open()))
        })
        .collect()
}

/// Open threads on each anchor (for markers on the theme board).
pub fn open_on(project: &Project, anchor: &Anchor) -> usize {
    threads(project)
        .iter()
        .filter(|t| t.is_open() && t.root.anchor == *anchor)
        .count()
}

fn put(c: Comment) -> Edit {
    Edit::PutComment {
        id: c.id,
        value: Some(Box::new(c)),
        at: None,
    }
}

/// A new thread on `anchor`, or (`reply_to`) a reply carrying its thread's anchor, by `author`.
/// `None` for empty text or a reply to a comment that is gone.
pub fn add(
    project: &Project,
    anchor: Anchor,
    reply_to: Option<CommentId>,
    author: &str,
    text: &str,
) -> Option<Edit> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let anchor = match reply_to {
        Some(r) => project.comments.iter().find(|c| c.id == r)?.anchor.clone(),
        None => anchor,
    };
    let (author, add_coder) = crate::edit::ops::ensure_coder(project, author);
    let mut edits: Vec<Edit> = add_coder.into_iter().collect();
    edits.push(put(Comment {
        id: CommentId::new(),
        anchor,
        reply_to,
        author,
        created: Timestamp::now(),
        edited: None,
        text: text.to_owned(),
        resolved: None,
    }));
    Some(Edit::Batch(edits))
}

/// The comment `id` with new text (marked as edited).
pub fn edit_text(project: &Project, id: CommentId, text: &str) -> Option<Edit> {
    let mut c = project.comments.iter().find(|c| c.id == id)?.clone();
    let text = text.trim();
    if text.is_empty() || text == c.text {
        return None;
    }
    c.text = text.to_owned();
    c.edited = Some(Timestamp::now());
    Some(put(c))
}

/// Resolves (`true`) or reopens the thread whose first comment is `root`, as `by`.
pub fn set_resolved(project: &Project, root: CommentId, by: &str, resolved: bool) -> Option<Edit> {
    let mut c = project.comments.iter().find(|c| c.id == root)?.clone();
    if c.resolved.is_some() == resolved {
        return None;
    }
    let (by, add_coder) = crate::edit::ops::ensure_coder(project, by);
    c.resolved = resolved.then(|| Resolved {
        by,
        at: Timestamp::now(),
    });
    let mut edits: Vec<Edit> = add_coder.into_iter().collect();
    edits.push(put(c));
    Some(Edit::Batch(edits))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{History, ops};

    fn apply(p: &mut Project, h: &mut History, e: Option<Edit>) {
        let Some(e) = e else { panic!("no edit") };
        h.apply(p, e, "step", "Sup")
            .unwrap_or_else(|e| panic!("{e}"));
    }

    #[test]
    fn threads_replies_resolve_and_orphans() {
        let mut p = crate::testing::fixture();
        let start = p.clone();
        let mut h = History::new_saved();
        let coding = *p
            .codings
            .keys()
            .next()
            .unwrap_or_else(|| panic!("no coding"));
        let theme = p.themes[1].id;
        let e = add(&p, Anchor::Coding(coding), None, "Sup", "Why this code?");
        apply(&mut p, &mut h, e);
        let e = add(&p, Anchor::Theme(theme), None, "Sup", "Name?");
        apply(&mut p, &mut h, e);
        let root = p.comments[0].id;
        let e = add(&p, Anchor::Project, Some(root), "Ana", "Because calm.");
        apply(&mut p, &mut h, e);
        let ts = threads(&p);
        assert_eq!(ts.len(), 2);
        assert_eq!(ts[0].replies.len(), 1);
        assert_eq!(
            ts[0].replies[0].anchor,
            Anchor::Coding(coding),
            "a reply takes the anchor"
        );
        let e = set_resolved(&p, root, "Sup", true);
        apply(&mut p, &mut h, e);
        let open = Filter {
            open: Some(true),
            ..Filter::default()
        };
        let me = p.coder_by_name("Ana").map(|c| c.id);
        assert_eq!(threads(&p).iter().filter(|t| open.keeps(t, me)).count(), 1);
        let mine = Filter {
            mine: true,
            ..Filter::default()
        };
        assert_eq!(threads(&p).iter().filter(|t| mine.keeps(t, me)).count(), 1);
        let on_codings = Filter {
            anchor: AnchorKind::Coding,
            ..Filter::default()
        };
        assert_eq!(
            threads(&p)
                .iter()
                .filter(|t| on_codings.keeps(t, me))
                .count(),
            1
        );
        let doc = p
            .codings
            .get(&coding)
            .map(|c| c.document)
            .unwrap_or_else(|| panic!("no coding"));
        assert_eq!(in_document(&p, doc).len(), 1);
        let e = edit_text(&p, root, "Why this code here?");
        apply(&mut p, &mut h, e);
        assert!(p.comments[0].edited.is_some());
        // The coding goes: the thread stays, orphaned.
        let e = ops::remove_coding(&p, coding);
        h.apply(&mut p, e, "remove", "Ana")
            .unwrap_or_else(|e| panic!("{e}"));
        let (what, orphaned) = describe(&p, &threads(&p)[0].root.anchor);
        assert!(orphaned, "{what}");
        assert_eq!(threads(&p).len(), 2);
        // Everything undoes back to no comments.
        while h.can_undo() {
            h.undo(&mut p).unwrap_or_else(|e| panic!("{e}"));
        }
        assert!(p.comments.is_empty());
        assert_eq!(p, start);
    }
}
