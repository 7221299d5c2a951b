//! Three-way merge of two copies of a project that share an ancestor, by ids rather than by
//! lines: everything with an id (documents, codes, themes, codings, coders, participants by name,
//! comments, memos, sign-offs, snapshots, saved queries, attribute declarations, conflicts, the
//! trail) merges field by field: base == ours -> theirs; base == theirs -> ours; ours == theirs
//! -> either; otherwise a [`Conflict`] record holding both values is added to the result, which
//! keeps ours meanwhile and is always a valid project. Pure: no files, no window.
//!
//! Beyond the rule:
//! - a code merged into another on one side takes the other side's codings of it along;
//! - the same passage coded with the same code by the same coder on both sides is one coding;
//!   codings by different coders always stay separate (agreement is computed from them), and so
//!   do codings one side holds apart (two carried onto the same words of a corrected text);
//! - a coding's range that moved only with its own side's text corrections counts as unchanged,
//!   and every coding, comment and memo follows the words to the merged text;
//! - documents imported separately on both sides (other ids, the same text) become one, with the
//!   codings of both;
//! - something deleted on one side but used on the other (a code with new codings) is kept, with
//!   a conflict saying so; a theme tree made circular by two moves keeps ours' move.

pub mod base;
pub mod cli;
pub mod copy;
mod fields;
pub mod plan;
mod repair;
pub mod resolve;
mod text;

use crate::model::{
    Anchor, CodeId, CoderId, Coding, CodingId, Conflict, ConflictId, DocId, Document, Project,
    Subject, Timestamp,
};
use fields::{Rule, merge_fields, order, pick, text};
use repair::{break_cycles, keep_snapshot_labels_unique, reorder, restore_used};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

pub use base::find_base;
pub use plan::plan;
pub use resolve::{Choice, resolution};

/// A text as a RON string value (for a value typed by the user).
pub fn ron_string(s: &str) -> String {
    text(s)
}

/// Where the two sides came from (shown with conflicts) and the time conflicts are recorded at.
#[derive(Clone, Debug)]
pub struct Options {
    pub ours_from: String,
    pub theirs_from: String,
    pub now: Timestamp,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            ours_from: "ours".into(),
            theirs_from: "theirs".into(),
            now: Timestamp::now(),
        }
    }
}

/// A merge's result.
#[derive(Clone, Debug)]
pub struct Merged {
    /// The merged project (reindexed, valid).
    pub project: Project,
    /// Conflict records this merge added.
    pub conflicts: usize,
    /// Documents recognised by their text as the same import on both sides.
    pub unified_documents: usize,
    /// Codings made on both sides that became one.
    pub collapsed_codings: usize,
}

/// The merge under way: options and the conflicts found so far.
pub(crate) struct Cx<'a> {
    opts: &'a Options,
    conflicts: Vec<Conflict>,
}

impl Cx<'_> {
    fn conflict(
        &mut self,
        subject: &Subject,
        field: &str,
        base: Option<String>,
        ours: Option<String>,
        theirs: Option<String>,
    ) {
        // The id comes from what the conflict is about, so merging the same copies twice gives
        // the same records (and the same bytes).
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (text(subject), field, &base, &ours, &theirs).hash(&mut h);
        let a = h.finish();
        (a, "gloss-conflict").hash(&mut h);
        let id = ConflictId::from_u128(((a as u128) << 64) | h.finish() as u128);
        if self.conflicts.iter().any(|c| c.id == id) {
            return;
        }
        self.conflicts.push(Conflict {
            id,
            subject: subject.clone(),
            field: field.to_owned(),
            base,
            ours,
            theirs,
            ours_from: self.opts.ours_from.clone(),
            theirs_from: self.opts.theirs_from.clone(),
            recorded: self.opts.now,
        });
    }
}

/// Merges `ours` and `theirs`, copies of `base` (`None`: no common ancestor is known, so the
/// copies are merged two-way: everything either holds is kept, differences are conflicts).
pub fn merge(base: Option<&Project>, ours: &Project, theirs: &Project, opts: &Options) -> Merged {
    let mut b = base.cloned().unwrap_or_default();
    let mut cx = Cx {
        opts,
        conflicts: Vec::new(),
    };
    let mut o = ours.clone();
    let mut t = theirs.clone();
    let unified_documents = unify_documents(&b, &o, &mut t);
    follow_code_merges(&mut b, &mut o, &mut t);
    let b = &b;

    let mut p = Project::named(&o.name);
    p.name = match pick(Some(&b.name), &o.name, &t.name) {
        Some(n) => n.clone(),
        None => {
            cx.conflict(
                &Subject::Project,
                "name",
                base.map(|b| text(&b.name)),
                Some(text(&o.name)),
                Some(text(&t.name)),
            );
            o.name.clone()
        }
    };

    p.coders = merge_list(
        &mut cx,
        &b.coders,
        &o.coders,
        &t.coders,
        |c| c.id,
        // Coders are people: never a conflict about one (ours' spelling of a name wins).
        |_, _| None,
        |_, _, b, o, t| pick(b, o, t).unwrap_or(o).clone(),
        |c| text(&c.name),
    );
    p.participants = merge_list(
        &mut cx,
        &b.participants,
        &o.participants,
        &t.participants,
        |x| x.name.clone(),
        |_, name| Some(Subject::Participant(name.clone())),
        |cx, s, b, o, t| merge_fields(cx, s, b, o, t, participant_rule),
        |x| text(&x.name),
    );
    p.documents = merge_list(
        &mut cx,
        &b.documents,
        &o.documents,
        &t.documents,
        |d| d.id,
        |_, id| Some(Subject::Document(*id)),
        merge_document,
        |d| text(&d.title),
    );
    p.codes = merge_list(
        &mut cx,
        &b.codes,
        &o.codes,
        &t.codes,
        |c| c.id,
        |_, id| Some(Subject::Code(*id)),
        |cx, s, b, o, t| merge_fields(cx, s, b, o, t, |_| Rule::Plain),
        |c| text(&c.name),
    );
    p.themes = merge_list(
        &mut cx,
        &b.themes,
        &o.themes,
        &t.themes,
        |x| x.id,
        |_, id| Some(Subject::Theme(*id)),
        |cx, s, b, o, t| merge_fields(cx, s, b, o, t, theme_rule),
        |x| text(&x.name),
    );
    p.codings = merge_codings(&mut cx, [b, &o, &t], &p.documents).into();

    macro_rules! list3 {
        ($field:ident, $key:expr, $subject:expr) => {
            p.$field = merge_list(
                &mut cx,
                &b.$field,
                &o.$field,
                &t.$field,
                $key,
                $subject,
                |cx, s, b, o, t| merge_fields(cx, s, b, o, t, |_| Rule::Plain),
                |x| text(x),
            );
        };
    }
    list3!(attributes, |a| (a.of, a.name.clone()), |_,
                                                    k: &(
        crate::model::AttributeOf,
        String
    )| {
        Some(Subject::Attribute(k.0, k.1.clone()))
    });
    list3!(memos, |m| m.id, |_, id| Some(Subject::Memo(*id)));
    list3!(comments, |c| c.id, |_, id| Some(Subject::Comment(*id)));
    list3!(signoffs, |s| s.id, |_, id| Some(Subject::SignOff(*id)));
    list3!(snapshots, |s| s.id, |_, id| Some(Subject::Snapshot(*id)));
    list3!(queries, |q| q.id, |_, id| Some(Subject::Query(*id)));
    // Conflict records are bookkeeping: never a conflict about a conflict (ours wins).
    p.conflicts = merge_list(
        &mut cx,
        &b.conflicts,
        &o.conflicts,
        &t.conflicts,
        |c| c.id,
        |_, _| None,
        |_, _, b, o, t| pick(b, o, t).unwrap_or(o).clone(),
        text,
    );
    p.settings = merge_fields(
        &mut cx,
        &Subject::Project,
        Some(&b.settings),
        &o.settings,
        &t.settings,
        |_| Rule::Set,
    );
    // Deleted items still used come back; a circular move goes back to ours' parent, which may
    // be one theirs deleted (so it comes back too).
    for _ in 0..8 {
        restore_used(&mut cx, b, &o, &t, &mut p);
        if !break_cycles(&mut cx, &o, &mut p) {
            break;
        }
    }
    // Codings, comments and memos made against another version of a corrected transcript
    // (those just brought back too) follow the words to the merged text. (No lookups are built
    // before the lists are final: the project is still being put together.)
    text::carry_codings(&mut cx, [&o, &t, b], &mut p);
    let collapsed_codings = collapse_twins(b, [(&o, ours), (&t, theirs)], &mut p);
    // What was brought back goes to its place in the lists.
    reorder(&mut p.documents, b, &o, &t, |p| &p.documents, |d| d.id);
    reorder(&mut p.codes, b, &o, &t, |p| &p.codes, |c| c.id);
    reorder(&mut p.themes, b, &o, &t, |p| &p.themes, |x| x.id);
    reorder(&mut p.coders, b, &o, &t, |p| &p.coders, |x| x.id);
    reorder(&mut p.comments, b, &o, &t, |p| &p.comments, |x| x.id);
    keep_snapshot_labels_unique(&mut p);
    p.trail = merge_trail(&o, &t);

    let added = cx.conflicts.len();
    for c in cx.conflicts {
        if !p.conflicts.iter().any(|x| x.id == c.id) {
            p.conflicts.push(c);
        }
    }
    p.reindex();
    Merged {
        project: p,
        conflicts: added,
        unified_documents,
        collapsed_codings,
    }
}

fn participant_rule(field: &str) -> Rule {
    match field {
        "attributes" => Rule::Map,
        _ => Rule::Plain,
    }
}

fn theme_rule(field: &str) -> Rule {
    match field {
        "codes" | "exemplars" => Rule::Set,
        _ => Rule::Plain,
    }
}

/// What of a document's head can change: its title and attributes (where it came from is
/// bookkeeping). Its text is merged apart (see `merge_document`).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
struct DocHead {
    title: String,
    source: String,
    imported: Timestamp,
    attributes: BTreeMap<String, String>,
}

impl DocHead {
    fn of(d: &Document) -> Self {
        Self {
            title: d.title.clone(),
            source: d.source.clone(),
            imported: d.imported,
            attributes: d.attributes.clone(),
        }
    }
}

fn merge_document(
    cx: &mut Cx,
    subject: &Subject,
    base: Option<&Arc<Document>>,
    ours: &Arc<Document>,
    theirs: &Arc<Document>,
) -> Arc<Document> {
    if let Some(v) = pick(base, ours, theirs) {
        return v.clone();
    }
    let head = merge_fields(
        cx,
        subject,
        base.map(|d| DocHead::of(d)).as_ref(),
        &DocHead::of(ours),
        &DocHead::of(theirs),
        |f| match f {
            "attributes" => Rule::Map,
            "source" | "imported" => Rule::Ours,
            _ => Rule::Plain,
        },
    );
    // The text: the side that corrected it (codings follow in `text::carry_codings`); corrected
    // differently on both sides, ours, with a conflict holding theirs.
    let changed = |d: &Document| base.is_none_or(|b| b.turns() != d.turns());
    let mut doc = if changed(theirs) && !changed(ours) {
        theirs.clone()
    } else {
        ours.clone()
    };
    if changed(ours) && changed(theirs) && ours.turns() != theirs.turns() {
        cx.conflict(
            subject,
            "text",
            base.map(|b| text(&b.turns().to_vec())),
            Some(text(&ours.turns().to_vec())),
            Some(text(&theirs.turns().to_vec())),
        );
    }
    let d = Arc::make_mut(&mut doc);
    d.title = head.title;
    d.source = head.source;
    d.imported = head.imported;
    d.attributes = head.attributes;
    doc
}

/// Merges one list by key: added on one side -> kept; removed on one side and untouched on the
/// other -> removed; removed on one side and changed on the other -> kept, with a conflict;
/// present on both -> `both`. The result is in merged order.
#[allow(clippy::too_many_arguments)]
fn merge_list<T: Clone + PartialEq, K: Clone + Eq + Hash + Ord>(
    cx: &mut Cx,
    base: &[T],
    ours: &[T],
    theirs: &[T],
    key: impl Fn(&T) -> K,
    subject: impl Fn(&Cx, &K) -> Option<Subject>,
    mut both: impl FnMut(&mut Cx, &Subject, Option<&T>, &T, &T) -> T,
    show: impl Fn(&T) -> String,
) -> Vec<T> {
    let index =
        |v: &[T]| -> HashMap<K, usize> { v.iter().enumerate().map(|(i, x)| (key(x), i)).collect() };
    let (bi, oi, ti) = (index(base), index(ours), index(theirs));
    let mut all: Vec<K> = bi
        .keys()
        .chain(oi.keys())
        .chain(ti.keys())
        .cloned()
        .collect();
    all.sort();
    all.dedup();
    let mut merged: HashMap<K, T> = HashMap::with_capacity(all.len());
    for k in all {
        let b = bi.get(&k).map(|&i| &base[i]);
        let o = oi.get(&k).map(|&i| &ours[i]);
        let t = ti.get(&k).map(|&i| &theirs[i]);
        let asked = subject(cx, &k);
        let ask = asked.is_some();
        let s = asked.unwrap_or(Subject::Project);
        let value = three_way(cx, &s, ask, (b, o, t), &mut both, &show);
        if let Some(v) = value {
            merged.insert(k, v);
        }
    }
    let keep: HashSet<K> = merged.keys().cloned().collect();
    let keys = |v: &[T]| v.iter().map(&key).collect::<Vec<K>>();
    order(&keys(base), &keys(ours), &keys(theirs), &keep)
        .into_iter()
        .filter_map(|k| merged.remove(&k))
        .collect()
}

/// One item, by key, in base, ours and theirs: added on one side -> kept; removed on one side
/// and untouched on the other -> removed; removed on one side and changed on the other -> kept,
/// with a conflict when `ask`; present on both -> `both`.
fn three_way<T: Clone + PartialEq>(
    cx: &mut Cx,
    s: &Subject,
    ask: bool,
    (b, o, t): (Option<&T>, Option<&T>, Option<&T>),
    both: impl FnOnce(&mut Cx, &Subject, Option<&T>, &T, &T) -> T,
    show: impl Fn(&T) -> String,
) -> Option<T> {
    match (b, o, t) {
        (b, Some(o), Some(t)) => Some(both(cx, s, b, o, t)),
        (None, Some(x), None) | (None, None, Some(x)) => Some(x.clone()),
        (Some(b), Some(x), None) | (Some(b), None, Some(x)) => {
            if x == b {
                None
            } else {
                if ask {
                    let (ov, tv) = if o.is_some() {
                        (Some(show(x)), None)
                    } else {
                        (None, Some(show(x)))
                    };
                    cx.conflict(s, "item", Some(show(b)), ov, tv);
                }
                Some(x.clone())
            }
        }
        (_, None, None) => None,
    }
}

/// Codings by id, field by field; a range a side's text corrections moved counts as unchanged
/// (see [`text::ranges_for_rule`]). `sides`: base, ours, theirs; `docs`: the merged documents.
fn merge_codings(
    cx: &mut Cx,
    [bp, op, tp]: [&Project; 3],
    docs: &[Arc<Document>],
) -> BTreeMap<CodingId, Coding> {
    let (base, ours, theirs) = (
        &bp.codings.to_map(),
        &op.codings.to_map(),
        &tp.codings.to_map(),
    );
    let finals: HashMap<DocId, &Document> = docs.iter().map(|d| (d.id, &**d)).collect();
    let mut moves = text::Moves::default();
    let mut out = BTreeMap::new();
    let ids: BTreeSet<&CodingId> = base
        .keys()
        .chain(ours.keys())
        .chain(theirs.keys())
        .collect();
    for id in ids {
        let (b, o, t) = (base.get(id), ours.get(id), theirs.get(id));
        let s = Subject::Coding(*id);
        let seen = match (b, o, t) {
            (Some(b), Some(o), Some(t)) if o.range != b.range || t.range != b.range => {
                let d = b.document;
                text::ranges_for_rule(
                    &mut moves,
                    [
                        bp.document(d),
                        op.document(d),
                        tp.document(d),
                        finals.get(&d).copied(),
                    ],
                    (b, o, t),
                )
                .map(|(b, o, t)| (Some(b), Some(o), Some(t)))
            }
            // Deleted on one side, only moved with the text on the other: untouched there.
            (Some(b), Some(x), None) | (Some(b), None, Some(x))
                if x.range != b.range
                    && *b
                        == (Coding {
                            range: b.range,
                            ..*x
                        }) =>
            {
                let (i, side) = if o.is_some() { (0, op) } else { (1, tp) };
                let d = b.document;
                let moved = match (bp.document(d), side.document(d)) {
                    (Some(bd), Some(sd)) => text::moved_only(&mut moves, i, bd, sd, b, x),
                    _ => false,
                };
                moved.then(|| {
                    let x = Some(*b);
                    if i == 0 {
                        (Some(*b), x, None)
                    } else {
                        (Some(*b), None, x)
                    }
                })
            }
            _ => None,
        };
        let (b, o, t) = match &seen {
            Some((b, o, t)) => (b.as_ref(), o.as_ref(), t.as_ref()),
            None => (b, o, t),
        };
        let v = three_way(
            cx,
            &s,
            true,
            (b, o, t),
            |cx, s, b, o, t| {
                merge_fields(cx, s, b, o, t, |f| match f {
                    "code" | "range" => Rule::Plain,
                    _ => Rule::Ours,
                })
            },
            |c: &Coding| text(&(c.code, c.range)),
        );
        if let Some(v) = v {
            out.insert(*id, v);
        }
    }
    out
}

/// A document's text (speakers and turns), hashed: the same transcript imported twice hashes
/// the same.
fn text_hash(d: &Document) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for turn in d.turns() {
        (&turn.speaker, &turn.text).hash(&mut h);
    }
    h.finish()
}

/// Documents new on both sides with the same text are one: theirs takes ours' id, in its
/// codings, anchors and memo links. Returns how many were unified.
fn unify_documents(base: &Project, ours: &Project, theirs: &mut Project) -> usize {
    let known: HashSet<DocId> = base.documents.iter().map(|d| d.id).collect();
    let new_in = |p: &Project, other: &Project| -> Vec<Arc<Document>> {
        p.documents
            .iter()
            .filter(|d| !known.contains(&d.id) && other.document_index(d.id).is_none())
            .cloned()
            .collect()
    };
    let mut by_hash: HashMap<u64, Vec<Arc<Document>>> = HashMap::new();
    for d in new_in(ours, theirs) {
        by_hash.entry(text_hash(&d)).or_default().push(d);
    }
    let mut map: HashMap<DocId, DocId> = HashMap::new();
    let mut taken: HashSet<DocId> = HashSet::new();
    for d in new_in(theirs, ours) {
        let same = by_hash.get(&text_hash(&d)).and_then(|v| {
            v.iter()
                .find(|o| !taken.contains(&o.id) && o.turns() == d.turns())
        });
        if let Some(o) = same {
            taken.insert(o.id);
            map.insert(d.id, o.id);
        }
    }
    if map.is_empty() {
        return 0;
    }
    for d in &mut theirs.documents {
        if let Some(to) = map.get(&d.id) {
            Arc::make_mut(d).id = *to;
        }
    }
    theirs.codings.change_all(|c| {
        if let Some(to) = map.get(&c.document) {
            c.document = *to;
        }
    });
    let remap = |a: &mut Anchor| match a {
        Anchor::Document(d) | Anchor::Passage { document: d, .. } => {
            if let Some(to) = map.get(d) {
                *d = *to;
            }
        }
        _ => {}
    };
    for m in &mut theirs.memos {
        remap(&mut m.anchor);
        for l in &mut m.links {
            if let Some(to) = map.get(&l.document) {
                l.document = *to;
            }
        }
    }
    for c in &mut theirs.comments {
        remap(&mut c.anchor);
    }
    theirs.reindex();
    map.len()
}

/// The codes of the base that `side` deleted while moving all of their surviving codings to one
/// other code: merged into that code.
fn code_merges(base: &Project, side: &Project) -> HashMap<CodeId, CodeId> {
    let mut into = HashMap::new();
    for code in &base.codes {
        if side.code_index(code.id).is_some() {
            continue;
        }
        let moved: BTreeSet<CodeId> = base
            .codings
            .values()
            .filter(|c| c.code == code.id)
            .filter_map(|c| side.codings.get(&c.id))
            .map(|c| c.code)
            .collect();
        if let [to] = moved.iter().copied().collect::<Vec<_>>()[..]
            && to != code.id
            && side.code_index(to).is_some()
        {
            into.insert(code.id, to);
        }
    }
    into
}

/// Codes merged into others on either side take the other side's codings and theme memberships
/// along (merges on both sides chain: A into B here, B into C there, gives A into C).
fn follow_code_merges(base: &mut Project, ours: &mut Project, theirs: &mut Project) {
    let mut into = code_merges(base, ours);
    for (from, to) in code_merges(base, theirs) {
        into.entry(from).or_insert(to);
    }
    // Merged in opposite directions on the two sides: neither is followed (both codes stay,
    // and the merge asks about them).
    let circular: Vec<CodeId> = into
        .keys()
        .copied()
        .filter(|start| {
            let mut c = *start;
            for _ in 0..=into.len() {
                match into.get(&c) {
                    Some(next) if next == start => return true,
                    Some(next) => c = *next,
                    None => return false,
                }
            }
            true
        })
        .collect();
    for c in circular {
        into.remove(&c);
    }
    if into.is_empty() {
        return;
    }
    let end = |mut c: CodeId| {
        for _ in 0..=into.len() {
            match into.get(&c) {
                Some(next) if *next != c => c = *next,
                _ => break,
            }
        }
        c
    };
    // The base is read through the same renaming, so what a side did after the merge (a
    // membership removed) still counts as its change.
    for side in [base, ours, theirs] {
        side.codings.change_all(|c| c.code = end(c.code));
        for t in &mut side.themes {
            let mut codes = Vec::with_capacity(t.codes.len());
            for c in &t.codes {
                let c = end(*c);
                if !codes.contains(&c) {
                    codes.push(c);
                }
            }
            t.codes = codes;
        }
        side.reindex();
    }
}

/// The same passage coded with the same code by the same coder on both sides, where not all of
/// them were already in the base, becomes one coding (the base's, else ours', else the lowest
/// id); exemplars and anchors follow. Codings one side holds apart stay apart (two of its
/// codings carried onto the same words of a corrected text are still two codings it made),
/// unless a code merge the other side made is what made them alike (the merge collapses such
/// duplicates, as it does in one copy). `sides` are ours and theirs as merged (documents
/// unified, code merges followed) and as they came. Returns how many codings went.
fn collapse_twins(base: &Project, sides: [(&Project, &Project); 2], p: &mut Project) -> usize {
    type Key = (DocId, CodeId, usize, usize, CoderId);
    let key = |c: &Coding| (c.document, c.code, c.range.start, c.range.end, c.coder);
    let mut groups: HashMap<Key, Vec<CodingId>> = HashMap::new();
    for c in p.codings.values() {
        groups.entry(key(&c)).or_default().push(c.id);
    }
    // May `x` and `y` be one coding? Not if a side holds both as different codings of its own.
    let may_join = |x: &CodingId, y: &CodingId| {
        sides.iter().all(|(now, came)| {
            let alike = |q: &Project| match (q.codings.get(x), q.codings.get(y)) {
                (Some(a), Some(b)) => Some(key(&a) == key(&b)),
                _ => None,
            };
            match (alike(now), alike(came)) {
                // Held by this side: alike only through the code merge followed.
                (Some(now), Some(came)) => now && !came,
                _ => true,
            }
        })
    };
    let ours = sides[0].0;
    let mut gone: HashMap<CodingId, CodingId> = HashMap::new();
    for mut ids in groups.into_values().filter(|v| v.len() > 1) {
        if ids.iter().all(|id| base.codings.contains_key(id)) {
            continue;
        }
        ids.sort_by_key(|id| {
            (
                !base.codings.contains_key(id),
                !ours.codings.contains_key(id),
                *id,
            )
        });
        // Each coding joins the first one kept that it may be one with (with all that joined
        // that one already); base codings are never taken away.
        let mut kept: Vec<Vec<CodingId>> = Vec::new();
        for id in ids {
            let into = (!base.codings.contains_key(&id))
                .then(|| {
                    kept.iter_mut()
                        .find(|group| group.iter().all(|k| may_join(&id, k)))
                })
                .flatten();
            match into {
                Some(group) => {
                    gone.insert(id, group[0]);
                    group.push(id);
                }
                None => kept.push(vec![id]),
            }
        }
    }
    if gone.is_empty() {
        return 0;
    }
    for id in gone.keys() {
        p.codings.remove(id);
    }
    for t in &mut p.themes {
        let mut ex = Vec::with_capacity(t.exemplars.len());
        for c in &t.exemplars {
            let c = gone.get(c).copied().unwrap_or(*c);
            if !ex.contains(&c) {
                ex.push(c);
            }
        }
        t.exemplars = ex;
    }
    let remap = |a: &mut Anchor| {
        if let Anchor::Coding(c) = a
            && let Some(to) = gone.get(c)
        {
            *c = *to;
        }
    };
    p.memos.iter_mut().for_each(|m| remap(&mut m.anchor));
    p.comments.iter_mut().for_each(|c| remap(&mut c.anchor));
    gone.len()
}

/// Both trails, each entry once: ours in its order, then the entries only theirs holds. Kept in
/// that order (not by time), since the trail file beside ours already holds ours' steps in order
/// and a save appends what follows the newest one it holds (see `store::trail`); readers order by
/// time for display.
fn merge_trail(ours: &Project, theirs: &Project) -> Vec<crate::model::TrailEntry> {
    let mut seen = HashSet::with_capacity(ours.trail.len() + theirs.trail.len());
    ours.trail
        .iter()
        .chain(&theirs.trail)
        .filter(|e| seen.insert(e.id))
        .cloned()
        .collect()
}

/// What another copy brought in, for the user: documents, codes, themes and codings per coder
/// new in `after` against `before`.
pub fn came_in(before: &Project, after: &Project) -> Vec<String> {
    let mut lines = Vec::new();
    let docs: Vec<&str> = after
        .documents
        .iter()
        .filter(|d| before.document_index(d.id).is_none())
        .map(|d| d.title.as_str())
        .collect();
    if !docs.is_empty() {
        lines.push(format!("{} documents: {}", docs.len(), docs.join(", ")));
    }
    let codes: Vec<&str> = after
        .codes
        .iter()
        .filter(|c| before.code_index(c.id).is_none())
        .map(|c| c.name.as_str())
        .collect();
    if !codes.is_empty() {
        lines.push(format!("{} codes: {}", codes.len(), codes.join(", ")));
    }
    let themes = after
        .themes
        .iter()
        .filter(|t| before.theme_index(t.id).is_none())
        .count();
    if themes > 0 {
        lines.push(format!("{themes} themes"));
    }
    let mut per: BTreeMap<String, usize> = BTreeMap::new();
    for c in after.codings.values() {
        if !before.codings.contains_key(&c.id) {
            let name = after
                .coder(c.coder)
                .map_or_else(|| "unknown coder".to_owned(), |x| x.name.clone());
            *per.entry(name).or_default() += 1;
        }
    }
    for (name, n) in per {
        lines.push(format!("{n} codings by {name}"));
    }
    let changed = after
        .codings
        .values()
        .filter(|c| before.codings.get(&c.id).is_some_and(|b| b != *c))
        .count();
    if changed > 0 {
        lines.push(format!("{changed} codings changed"));
    }
    let removed = before
        .codings
        .keys()
        .filter(|id| !after.codings.contains_key(id))
        .count();
    if removed > 0 {
        lines.push(format!("{removed} codings removed"));
    }
    lines
}

#[cfg(test)]
mod tests;
