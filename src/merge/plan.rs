//! The edit that turns one project into another: how a merge result (or any project derived
//! from the open one) becomes one undoable step in the window. Removals go first (quotes and
//! theme memberships, then codings, themes, codes, documents, coders, participants), then
//! additions and changes in an order in which every reference already resolves.

use crate::edit::{CodeField, Edit, ThemeField};
use crate::model::{Code, Project, Theme};
use std::collections::{HashMap, HashSet};
use std::hash::Hash;

/// Edits turning `from` into `to` (as one batch; empty when they hold the same). The audit trail
/// is not part of it: it is not changed by edits.
pub fn plan(from: &Project, to: &Project) -> Edit {
    let mut e: Vec<Edit> = Vec::new();
    if from.name != to.name {
        e.push(Edit::SetProjectName(to.name.clone()));
    }
    detach(from, to, &mut e);
    remove_items(from, to, &mut e);
    notes_that_go(from, to, &mut e);
    texts(from, to, &mut e);
    add_people_and_documents(from, to, &mut e);
    codes(from, to, &mut e);
    themes(from, to, &mut e);
    codings(from, to, &mut e);
    theme_lists(from, to, &mut e);
    lists(from, to, &mut e);
    if from.settings != to.settings {
        e.push(Edit::SetSettings(Box::new(to.settings.clone())));
    }
    Edit::Batch(e)
}

/// Transcripts whose text differs (corrected on the other side): the new text, with each coding
/// kept in both put on its range in `to` (codings that go were removed just before).
fn texts(from: &Project, to: &Project, e: &mut Vec<Edit>) {
    use crate::edit::Placed;
    for d in &from.documents {
        let Some(new) = to.document(d.id) else {
            continue;
        };
        if new.turns() == d.turns() {
            continue;
        }
        use crate::model::Anchor;
        let mut restore: Vec<(Placed, crate::model::TextRange)> = from
            .codings
            .values()
            .filter(|c| c.document == d.id && !readded(from, to, &c.id))
            .filter_map(|c| {
                to.codings
                    .get(&c.id)
                    .map(|t| (Placed::Coding(c.id), t.range))
            })
            .collect();
        // Comments and memos on passages of it: where the merge put them.
        for c in &from.comments {
            if let Some(Anchor::Passage { document, range }) =
                to.comments.iter().find(|x| x.id == c.id).map(|x| &x.anchor)
                && *document == d.id
            {
                restore.push((Placed::Comment(c.id), *range));
            }
        }
        for m in &from.memos {
            let Some(t) = to.memos.iter().find(|x| x.id == m.id) else {
                continue;
            };
            if let Anchor::Passage { document, range } = t.anchor
                && document == d.id
            {
                restore.push((Placed::Memo(m.id), range));
            }
            for (n, l) in t.links.iter().enumerate() {
                if l.document == d.id {
                    restore.push((Placed::MemoLink(m.id, n), l.range));
                }
            }
        }
        e.push(Edit::ReplaceTurns {
            doc: d.id,
            turns: new.turns().to_vec(),
            restore,
        });
    }
}

/// Is coding `id` in both but with another code, document or coder (so it is removed and added
/// again)?
fn readded(from: &Project, to: &Project, id: &crate::model::CodingId) -> bool {
    match (from.codings.get(id), to.codings.get(id)) {
        (Some(c), Some(n)) => {
            n.document != c.document
                || n.code != c.code
                || n.coder != c.coder
                || n.created != c.created
        }
        _ => false,
    }
}

/// Quotes and theme memberships that go, and parents that change (set to none for now, so no
/// removal waits on a child and no move makes a cycle halfway).
fn detach(from: &Project, to: &Project, e: &mut Vec<Edit>) {
    for t in &from.themes {
        let after = to.theme(t.id);
        for c in &t.exemplars {
            if after.is_none_or(|a| !a.exemplars.contains(c))
                || !to.codings.contains_key(c)
                || readded(from, to, c)
            {
                e.push(Edit::RemoveExemplar {
                    theme: t.id,
                    coding: *c,
                });
            }
        }
        for c in &t.codes {
            if after.is_none_or(|a| !a.codes.contains(c)) {
                e.push(Edit::RemoveThemeCode {
                    theme: t.id,
                    code: *c,
                });
            }
        }
    }
    for t in &from.themes {
        if t.parent.is_some() && to.theme(t.id).is_none_or(|a| a.parent != t.parent) {
            e.push(Edit::SetTheme {
                id: t.id,
                field: ThemeField::Parent(None),
            });
        }
    }
    for c in &from.codes {
        if c.parent.is_some() && to.code(c.id).is_none_or(|a| a.parent != c.parent) {
            e.push(Edit::SetCode {
                id: c.id,
                field: CodeField::Parent(None),
            });
        }
    }
}

fn remove_items(from: &Project, to: &Project, e: &mut Vec<Edit>) {
    for id in from.codings.keys() {
        match to.codings.get(id) {
            None => e.push(Edit::RemoveCoding(*id)),
            // Another code, document or coder: removed here and added again below (so a code
            // that goes has no codings left when it goes, and one that comes exists first).
            Some(_) if readded(from, to, id) => e.push(Edit::RemoveCoding(*id)),
            _ => {}
        }
    }
    // Parents were detached above, so every theme and code to remove is a leaf.
    for t in from.themes.iter().rev() {
        if to.theme(t.id).is_none() {
            e.push(Edit::RemoveTheme(t.id));
        }
    }
    for c in from.codes.iter().rev() {
        if to.code(c.id).is_none() {
            e.push(Edit::RemoveCode(c.id));
        }
    }
    for d in &from.documents {
        if to.document_index(d.id).is_none() {
            e.push(Edit::RemoveDocument(d.id));
        }
    }
    for c in &from.coders {
        if to.coder(c.id).is_none() {
            e.push(Edit::RemoveCoder(c.id));
        }
    }
    for p in &from.participants {
        if to.participant(&p.name).is_none() {
            e.push(Edit::RemoveParticipant(p.name.clone()));
        }
    }
}

/// The position to insert each new item at so that the list ends in `to`'s order (kept items
/// keep their relative order in these lists, which have no reorder edit).
fn inserts<T, K: Eq + Hash>(
    to: &[T],
    key: impl Fn(&T) -> K,
    known: impl Fn(&K) -> bool,
    kept: usize,
) -> Vec<(usize, &T)> {
    let mut out = Vec::new();
    let mut len = kept;
    for (i, x) in to.iter().enumerate() {
        if !known(&key(x)) {
            out.push((i.min(len), x));
            len += 1;
        }
    }
    out
}

fn add_people_and_documents(from: &Project, to: &Project, e: &mut Vec<Edit>) {
    let kept = from
        .coders
        .iter()
        .filter(|c| to.coder(c.id).is_some())
        .count();
    for (index, c) in inserts(&to.coders, |c| c.id, |id| from.coder(*id).is_some(), kept) {
        e.push(Edit::InsertCoder {
            index,
            coder: c.clone(),
        });
    }
    let kept = from
        .participants
        .iter()
        .filter(|p| to.participant(&p.name).is_some())
        .count();
    // The list as it will stand after these insertions, to put it in `to`'s order after.
    let mut now: Vec<String> = from
        .participants
        .iter()
        .filter(|p| to.participant(&p.name).is_some())
        .map(|p| p.name.clone())
        .collect();
    for (index, p) in inserts(
        &to.participants,
        |p| p.name.clone(),
        |n| from.participant(n).is_some(),
        kept,
    ) {
        now.insert(index.min(now.len()), p.name.clone());
        e.push(Edit::InsertParticipant {
            index,
            participant: p.clone(),
        });
    }
    for p in &to.participants {
        let Some(old) = from.participant(&p.name) else {
            continue;
        };
        if old.interviewer != p.interviewer {
            e.push(Edit::SetParticipantInterviewer {
                name: p.name.clone(),
                interviewer: p.interviewer,
            });
        }
        for (key, value) in map_changes(&old.attributes, &p.attributes) {
            e.push(Edit::SetParticipantAttribute {
                name: p.name.clone(),
                key,
                value,
            });
        }
    }
    // Participants have no move edit: one out of place is taken out and put back.
    let want: Vec<String> = to.participants.iter().map(|p| p.name.clone()).collect();
    reorder(now, &want, |name, index| {
        if let Some(p) = to.participant(&name) {
            e.push(Edit::RemoveParticipant(name));
            e.push(Edit::InsertParticipant {
                index,
                participant: p.clone(),
            });
        }
    });
    let kept = from
        .documents
        .iter()
        .filter(|d| to.document_index(d.id).is_some())
        .count();
    for (index, d) in inserts(
        &to.documents,
        |d| d.id,
        |id| from.document_index(*id).is_some(),
        kept,
    ) {
        e.push(Edit::InsertDocument {
            index,
            document: d.clone(),
        });
    }
    for d in &to.documents {
        let Some(old) = from.document(d.id) else {
            continue;
        };
        if old.title != d.title {
            e.push(Edit::SetDocumentTitle {
                id: d.id,
                title: d.title.clone(),
            });
        }
        for (key, value) in map_changes(&old.attributes, &d.attributes) {
            e.push(Edit::SetDocumentAttribute {
                id: d.id,
                key,
                value,
            });
        }
    }
}

fn map_changes(
    old: &std::collections::BTreeMap<String, String>,
    new: &std::collections::BTreeMap<String, String>,
) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    for k in old.keys() {
        if !new.contains_key(k) {
            out.push((k.clone(), None));
        }
    }
    for (k, v) in new {
        if old.get(k) != Some(v) {
            out.push((k.clone(), Some(v.clone())));
        }
    }
    out
}

/// Moves items of a list (by reorder edits) from the order `now` into `want`.
fn reorder<K: Clone + Eq>(mut now: Vec<K>, want: &[K], mut edit: impl FnMut(K, usize)) {
    for (i, k) in want.iter().enumerate() {
        if now.get(i) == Some(k) {
            continue;
        }
        if let Some(at) = now.iter().position(|x| x == k) {
            let x = now.remove(at);
            now.insert(i, x);
            edit(k.clone(), i);
        }
    }
}

fn code_fields(a: &Code, b: &Code) -> Vec<CodeField> {
    let mut f = Vec::new();
    if a.name != b.name {
        f.push(CodeField::Name(b.name.clone()));
    }
    if a.color != b.color {
        f.push(CodeField::Color(b.color));
    }
    if a.description != b.description {
        f.push(CodeField::Description(b.description.clone()));
    }
    if a.when_to_use != b.when_to_use {
        f.push(CodeField::WhenToUse(b.when_to_use.clone()));
    }
    if a.when_not_to_use != b.when_not_to_use {
        f.push(CodeField::WhenNotToUse(b.when_not_to_use.clone()));
    }
    if a.example != b.example {
        f.push(CodeField::Example(b.example.clone()));
    }
    if a.memo != b.memo {
        f.push(CodeField::Memo(b.memo.clone()));
    }
    if a.shortcut != b.shortcut {
        f.push(CodeField::Shortcut(b.shortcut));
    }
    f
}

fn codes(from: &Project, to: &Project, e: &mut Vec<Edit>) {
    let mut now: Vec<_> = from
        .codes
        .iter()
        .filter(|c| to.code(c.id).is_some())
        .map(|c| c.id)
        .collect();
    for c in &to.codes {
        match from.code(c.id) {
            None => {
                e.push(Edit::InsertCode {
                    index: now.len(),
                    code: Code {
                        parent: None,
                        ..c.clone()
                    },
                });
                now.push(c.id);
            }
            Some(old) => {
                for field in code_fields(old, c) {
                    e.push(Edit::SetCode { id: c.id, field });
                }
            }
        }
    }
    // Parents: codes whose parent was kept already have it.
    for c in &to.codes {
        let had = from.code(c.id).and_then(|o| o.parent);
        if c.parent.is_some() && had != c.parent {
            e.push(Edit::SetCode {
                id: c.id,
                field: CodeField::Parent(c.parent),
            });
        }
    }
    let want: Vec<_> = to.codes.iter().map(|c| c.id).collect();
    reorder(now, &want, |id, index| {
        e.push(Edit::ReorderCode { id, index })
    });
}

fn theme_fields(a: &Theme, b: &Theme) -> Vec<ThemeField> {
    let mut f = Vec::new();
    if a.name != b.name {
        f.push(ThemeField::Name(b.name.clone()));
    }
    if a.description != b.description {
        f.push(ThemeField::Description(b.description.clone()));
    }
    if a.involves != b.involves {
        f.push(ThemeField::Involves(b.involves.clone()));
    }
    if a.concerns != b.concerns {
        f.push(ThemeField::Concerns(b.concerns.clone()));
    }
    if a.kind != b.kind {
        f.push(ThemeField::Kind(b.kind));
    }
    if a.memo != b.memo {
        f.push(ThemeField::Memo(b.memo.clone()));
    }
    if a.status != b.status {
        f.push(ThemeField::Status(b.status));
    }
    f
}

fn themes(from: &Project, to: &Project, e: &mut Vec<Edit>) {
    let mut now: Vec<_> = from
        .themes
        .iter()
        .filter(|t| to.theme(t.id).is_some())
        .map(|t| t.id)
        .collect();
    for t in &to.themes {
        match from.theme(t.id) {
            None => {
                e.push(Edit::InsertTheme {
                    index: now.len(),
                    theme: Theme {
                        parent: None,
                        codes: Vec::new(),
                        exemplars: Vec::new(),
                        ..t.clone()
                    },
                });
                now.push(t.id);
            }
            Some(old) => {
                for field in theme_fields(old, t) {
                    e.push(Edit::SetTheme { id: t.id, field });
                }
            }
        }
    }
    for t in &to.themes {
        let had = from.theme(t.id).and_then(|o| o.parent);
        if t.parent.is_some() && had != t.parent {
            e.push(Edit::SetTheme {
                id: t.id,
                field: ThemeField::Parent(t.parent),
            });
        }
    }
    let want: Vec<_> = to.themes.iter().map(|t| t.id).collect();
    reorder(now, &want, |id, index| {
        e.push(Edit::ReorderTheme { id, index })
    });
}

fn codings(from: &Project, to: &Project, e: &mut Vec<Edit>) {
    for (id, c) in &to.codings {
        match from.codings.get(id) {
            Some(o)
                if o.document == c.document
                    && o.code == c.code
                    && o.coder == c.coder
                    && o.created == c.created =>
            {
                if o.range != c.range {
                    e.push(Edit::SetCodingRange {
                        id: *id,
                        range: c.range,
                    });
                }
            }
            _ => e.push(Edit::AddCoding(c)),
        }
    }
}

/// Theme memberships and quotes that are new, at their places.
fn theme_lists(from: &Project, to: &Project, e: &mut Vec<Edit>) {
    for t in &to.themes {
        let old = from.theme(t.id);
        let mut codes: Vec<_> = old.map_or_else(Vec::new, |o| {
            o.codes
                .iter()
                .filter(|c| t.codes.contains(c))
                .copied()
                .collect()
        });
        for (i, c) in t.codes.iter().enumerate() {
            if !codes.contains(c) {
                let index = i.min(codes.len());
                codes.insert(index, *c);
                e.push(Edit::AddThemeCode {
                    theme: t.id,
                    code: *c,
                    index,
                });
            }
        }
        // Kept members out of `to`'s order (a code merged into one the theme already held
        // takes that one's place): taken out and put back at their place.
        reorder(codes, &t.codes, |code, index| {
            e.push(Edit::RemoveThemeCode { theme: t.id, code });
            e.push(Edit::AddThemeCode {
                theme: t.id,
                code,
                index,
            });
        });
        let mut quotes: Vec<_> = old.map_or_else(Vec::new, |o| {
            o.exemplars
                .iter()
                .filter(|c| {
                    t.exemplars.contains(c) && to.codings.contains_key(c) && !readded(from, to, c)
                })
                .copied()
                .collect()
        });
        for (i, c) in t.exemplars.iter().enumerate() {
            if !quotes.contains(c) {
                let index = i.min(quotes.len());
                quotes.insert(index, *c);
                e.push(Edit::AddExemplar {
                    theme: t.id,
                    coding: *c,
                    index,
                });
            }
        }
        reorder(quotes, &t.exemplars, |coding, index| {
            e.push(Edit::RemoveExemplar {
                theme: t.id,
                coding,
            });
            e.push(Edit::AddExemplar {
                theme: t.id,
                coding,
                index,
            });
        });
    }
}

/// One format-3 list: removals (last first, so replies go before what they answer), then new
/// and changed items in `to`'s order.
fn put_list<T: Clone + PartialEq, K: Clone + Eq + Hash>(
    from: &[T],
    to: &[T],
    key: impl Fn(&T) -> K,
    mut put: impl FnMut(K, Option<Box<T>>, Option<usize>) -> Edit,
    e: &mut Vec<Edit>,
) {
    let want: HashMap<K, &T> = to.iter().map(|x| (key(x), x)).collect();
    let had: HashMap<K, &T> = from.iter().map(|x| (key(x), x)).collect();
    for x in from.iter().rev() {
        if !want.contains_key(&key(x)) {
            e.push(put(key(x), None, None));
        }
    }
    let mut len = from.iter().filter(|x| want.contains_key(&key(x))).count();
    let mut seen: HashSet<K> = HashSet::new();
    for (i, x) in to.iter().enumerate() {
        let k = key(x);
        if !seen.insert(k.clone()) {
            continue;
        }
        match had.get(&k) {
            Some(old) if *old == x => {}
            Some(_) => e.push(put(k, Some(Box::new(x.clone())), None)),
            None => {
                e.push(put(k, Some(Box::new(x.clone())), Some(i.min(len))));
                len += 1;
            }
        }
    }
}

/// Memos and comments that go, removed before any text changes (a note on a passage need not
/// fit a corrected text it will not be on); last first, so replies go before what they answer.
fn notes_that_go(from: &Project, to: &Project, e: &mut Vec<Edit>) {
    let memos: HashSet<_> = to.memos.iter().map(|m| m.id).collect();
    for m in from.memos.iter().rev().filter(|m| !memos.contains(&m.id)) {
        e.push(Edit::PutMemo {
            id: m.id,
            value: None,
            at: None,
        });
    }
    let comments: HashSet<_> = to.comments.iter().map(|c| c.id).collect();
    for c in from
        .comments
        .iter()
        .rev()
        .filter(|c| !comments.contains(&c.id))
    {
        e.push(Edit::PutComment {
            id: c.id,
            value: None,
            at: None,
        });
    }
}

fn lists(from: &Project, to: &Project, e: &mut Vec<Edit>) {
    put_list(
        &from.attributes,
        &to.attributes,
        |a| (a.of, a.name.clone()),
        |(of, name), value, at| Edit::PutAttribute {
            of,
            name,
            value,
            at,
        },
        e,
    );
    // Memos and comments that go went before the texts (`notes_that_go`).
    let memos: HashSet<_> = to.memos.iter().map(|m| m.id).collect();
    let kept_memos: Vec<_> = from
        .memos
        .iter()
        .filter(|m| memos.contains(&m.id))
        .cloned()
        .collect();
    let comments: HashSet<_> = to.comments.iter().map(|c| c.id).collect();
    let kept_comments: Vec<_> = from
        .comments
        .iter()
        .filter(|c| comments.contains(&c.id))
        .cloned()
        .collect();
    put_list(
        &kept_memos,
        &to.memos,
        |x| x.id,
        |id, value, at| Edit::PutMemo { id, value, at },
        e,
    );
    put_list(
        &kept_comments,
        &to.comments,
        |x| x.id,
        |id, value, at| Edit::PutComment { id, value, at },
        e,
    );
    put_list(
        &from.signoffs,
        &to.signoffs,
        |x| x.id,
        |id, value, at| Edit::PutSignOff { id, value, at },
        e,
    );
    // Snapshots are unique by label: removals first, then additions (as put_list orders them).
    put_list(
        &from.snapshots,
        &to.snapshots,
        |x| x.id,
        |id, value, at| Edit::PutSnapshot { id, value, at },
        e,
    );
    put_list(
        &from.queries,
        &to.queries,
        |x| x.id,
        |id, value, at| Edit::PutQuery { id, value, at },
        e,
    );
    put_list(
        &from.conflicts,
        &to.conflicts,
        |x| x.id,
        |id, value, at| Edit::PutConflict { id, value, at },
        e,
    );
}
