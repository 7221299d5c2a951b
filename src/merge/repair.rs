//! What makes a merged project whole: items one side deleted but the other still uses are
//! brought back (with a conflict saying so), restored items go to their place in the lists,
//! circular moves are undone on one side, and snapshot labels stay unique.

use super::Cx;
use super::fields::{order, text};
use crate::model::{
    CodeId, Coder, CoderId, Coding, Comment, DocId, Project, Subject, Theme, ThemeId,
};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::Hash;
use std::sync::Arc;

/// Brings back what one side deleted while the other still uses it (a code with new codings, a
/// document coded, a parent of a new child, a quoted coding), with a conflict naming it, until
/// every reference resolves.
pub(super) fn restore_used(
    cx: &mut Cx,
    base: &Project,
    ours: &Project,
    theirs: &Project,
    p: &mut Project,
) {
    for _ in 0..64 {
        let mut changed = false;
        // Look-ups of the result as it stands (rebuilt each round: restoring adds items).
        let docs: HashSet<DocId> = p.documents.iter().map(|d| d.id).collect();
        let codes: HashSet<CodeId> = p.codes.iter().map(|c| c.id).collect();
        let themes: HashSet<ThemeId> = p.themes.iter().map(|t| t.id).collect();
        let coders: HashSet<CoderId> = p.coders.iter().map(|c| c.id).collect();
        let comments: HashSet<_> = p.comments.iter().map(|c| c.id).collect();

        let mut want_docs = BTreeSet::new();
        let mut want_codes = BTreeSet::new();
        let mut want_coders = BTreeSet::new();
        for c in p.codings.values() {
            if !docs.contains(&c.document) {
                want_docs.insert(c.document);
            }
            if !codes.contains(&c.code) {
                want_codes.insert(c.code);
            }
            if !coders.contains(&c.coder) {
                want_coders.insert(c.coder);
            }
        }
        for c in &p.codes {
            if let Some(parent) = c.parent.filter(|x| !codes.contains(x)) {
                want_codes.insert(parent);
            }
        }
        let mut want_themes = BTreeSet::new();
        let mut want_codings = BTreeSet::new();
        for t in &p.themes {
            if let Some(parent) = t.parent.filter(|x| !themes.contains(x)) {
                want_themes.insert(parent);
            }
            want_codes.extend(t.codes.iter().filter(|c| !codes.contains(c)));
            want_codings.extend(t.exemplars.iter().filter(|c| !p.codings.contains_key(c)));
        }
        let want_comments: BTreeSet<_> = p
            .comments
            .iter()
            .filter_map(|c| c.reply_to)
            .filter(|r| !comments.contains(r))
            .collect();

        for id in want_docs {
            let found = ours
                .document(id)
                .map(|d| (d, true))
                .or_else(|| theirs.document(id).map(|d| (d, false)));
            if let Some((d, in_ours)) = found {
                record_restore(
                    cx,
                    Subject::Document(id),
                    base.document(id).map(|d| text(&d.title)),
                    text(&d.title),
                    in_ours,
                );
                p.documents.push(Arc::new(d.clone()));
                changed = true;
            } else {
                p.codings.retain(|_, c| c.document != id);
                changed = true;
            }
        }
        for id in want_codes {
            let found = ours
                .code(id)
                .map(|c| (c, true))
                .or_else(|| theirs.code(id).map(|c| (c, false)));
            match found {
                Some((c, in_ours)) => {
                    record_restore(
                        cx,
                        Subject::Code(id),
                        base.code(id).map(|c| text(&c.name)),
                        text(&c.name),
                        in_ours,
                    );
                    p.codes.push(c.clone());
                }
                None => {
                    p.codings.retain(|_, c| c.code != id);
                    for c in &mut p.codes {
                        if c.parent == Some(id) {
                            c.parent = None;
                        }
                    }
                    for t in &mut p.themes {
                        t.codes.retain(|c| *c != id);
                    }
                }
            }
            changed = true;
        }
        for id in want_coders {
            match ours.coder(id).or_else(|| theirs.coder(id)) {
                Some(c) => p.coders.push(c.clone()),
                None => p.coders.push(Coder {
                    id,
                    name: "Unknown coder".into(),
                    machine: String::new(),
                }),
            }
            changed = true;
        }
        for id in want_themes {
            let found = ours
                .theme(id)
                .map(|t| (t, true))
                .or_else(|| theirs.theme(id).map(|t| (t, false)));
            match found {
                Some((t, in_ours)) => {
                    record_restore(
                        cx,
                        Subject::Theme(id),
                        base.theme(id).map(|t| text(&t.name)),
                        text(&t.name),
                        in_ours,
                    );
                    let mut t: Theme = t.clone();
                    t.exemplars.retain(|c| {
                        p.codings.contains_key(c)
                            || ours.codings.contains_key(c)
                            || theirs.codings.contains_key(c)
                    });
                    p.themes.push(t);
                }
                None => {
                    for t in &mut p.themes {
                        if t.parent == Some(id) {
                            t.parent = None;
                        }
                    }
                }
            }
            changed = true;
        }
        for id in want_codings {
            let found = ours
                .codings
                .get(&id)
                .map(|c| (c, true))
                .or_else(|| theirs.codings.get(&id).map(|c| (c, false)));
            match found {
                Some((c, in_ours)) => {
                    let show = |c: &Coding| text(&(c.code, c.range));
                    record_restore(
                        cx,
                        Subject::Coding(id),
                        base.codings.get(&id).as_ref().map(show),
                        show(&c),
                        in_ours,
                    );
                    p.codings.insert(id, c);
                }
                None => {
                    for t in &mut p.themes {
                        t.exemplars.retain(|c| *c != id);
                    }
                }
            }
            changed = true;
        }
        for id in want_comments {
            let found: Option<&Comment> = ours
                .comments
                .iter()
                .chain(&theirs.comments)
                .find(|c| c.id == id);
            match found {
                Some(c) => p.comments.push(c.clone()),
                None => {
                    for c in &mut p.comments {
                        if c.reply_to == Some(id) {
                            c.reply_to = None;
                        }
                    }
                }
            }
            changed = true;
        }
        if !changed {
            break;
        }
    }
}

/// Puts `list` in the merged order of the three sides' lists.
pub(super) fn reorder<T, K: Clone + Eq + Hash>(
    list: &mut [T],
    b: &Project,
    o: &Project,
    t: &Project,
    of: impl Fn(&Project) -> &[T],
    key: impl Fn(&T) -> K,
) {
    let keys = |p: &Project| of(p).iter().map(&key).collect::<Vec<K>>();
    let keep: HashSet<K> = list.iter().map(&key).collect();
    let want = order(&keys(b), &keys(o), &keys(t), &keep);
    let rank: HashMap<K, usize> = want.into_iter().enumerate().map(|(i, k)| (k, i)).collect();
    list.sort_by_key(|x| rank.get(&key(x)).copied().unwrap_or(usize::MAX));
}

/// A conflict for an item one side deleted and the other still used (`in_ours`: ours still has
/// it, so theirs deleted it).
fn record_restore(cx: &mut Cx, s: Subject, base: Option<String>, shown: String, in_ours: bool) {
    let (o, t) = if in_ours {
        (Some(shown), None)
    } else {
        (None, Some(shown))
    };
    cx.conflict(&s, "item", base, o, t);
}

/// Two moves that together put a code or theme inside itself: the member of the cycle whose
/// parent came from theirs goes back to ours' parent, with a conflict. Returns whether any did
/// (ours' parent may be one theirs deleted: `restore_used` brings it back).
pub(super) fn break_cycles(cx: &mut Cx, ours: &Project, p: &mut Project) -> bool {
    let mut changed = false;
    for _ in 0..p.themes.len() + 1 {
        let parents: HashMap<ThemeId, Option<ThemeId>> =
            p.themes.iter().map(|t| (t.id, t.parent)).collect();
        let Some(cycle) = find_cycle(&parents) else {
            break;
        };
        let Some(t) = p.themes.iter_mut().find(|t| {
            cycle.contains(&t.id) && ours.theme(t.id).map(|o| o.parent) != Some(t.parent)
        }) else {
            break;
        };
        let ours_parent = ours.theme(t.id).and_then(|o| o.parent);
        cx.conflict(
            &Subject::Theme(t.id),
            "parent",
            None,
            Some(text(&ours_parent)),
            Some(text(&t.parent)),
        );
        t.parent = ours_parent;
        changed = true;
    }
    for _ in 0..p.codes.len() + 1 {
        let parents: HashMap<CodeId, Option<CodeId>> =
            p.codes.iter().map(|c| (c.id, c.parent)).collect();
        let Some(cycle) = find_cycle(&parents) else {
            break;
        };
        let Some(c) = p
            .codes
            .iter_mut()
            .find(|c| cycle.contains(&c.id) && ours.code(c.id).map(|o| o.parent) != Some(c.parent))
        else {
            break;
        };
        let ours_parent = ours.code(c.id).and_then(|o| o.parent);
        cx.conflict(
            &Subject::Code(c.id),
            "parent",
            None,
            Some(text(&ours_parent)),
            Some(text(&c.parent)),
        );
        c.parent = ours_parent;
        changed = true;
    }
    changed
}

fn find_cycle<K: Copy + Eq + Hash + Ord>(parents: &HashMap<K, Option<K>>) -> Option<Vec<K>> {
    let mut keys: Vec<&K> = parents.keys().collect();
    keys.sort();
    for &start in keys {
        let mut path = vec![start];
        let mut at = parents.get(&start).copied().flatten();
        while let Some(k) = at {
            if let Some(i) = path.iter().position(|x| *x == k) {
                return Some(path[i..].to_vec());
            }
            path.push(k);
            if path.len() > parents.len() {
                break;
            }
            at = parents.get(&k).copied().flatten();
        }
    }
    None
}

/// Two snapshots labelled alike on the two sides: the later one's label gets its date.
pub(super) fn keep_snapshot_labels_unique(p: &mut Project) {
    let mut seen: HashSet<String> = HashSet::new();
    for s in &mut p.snapshots {
        let mut label = s.label.trim().to_owned();
        let mut n = 2;
        while seen.contains(&label) {
            label = format!("{} ({n})", s.label.trim());
            n += 1;
        }
        if label != s.label.trim() {
            s.label = label.clone();
        }
        seen.insert(label);
    }
}
