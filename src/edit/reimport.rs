//! Replacing a transcript's text with a corrected version (from the transcription tool, or
//! corrected elsewhere) while keeping every coding on its words: the old and new text are aligned
//! with a word-level diff (`similar`), which gives the same retain/insert/delete shape as a typed
//! change set; codings, comments and memos are carried through it. A coding whose words were all
//! removed, or mostly rewritten, is listed as lost, for the user to place (on where its words
//! went) or drop. The whole replacement is one step.

use super::text::{Changes, Placed};
use super::{Edit, Restore};
use crate::model::{Anchor, CodingId, DocId, Document, Project, TextRange, Turn};
use similar::{DiffOp, TextDiff};

/// A coding the new text does not keep.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Lost {
    pub coding: CodingId,
    pub code: String,
    /// Its words in the old text.
    pub old_text: String,
    /// Where its words went in the new text, if anywhere: the place offered for it.
    pub proposed: Option<TextRange>,
    /// Why it is lost, in the user's words.
    pub why: &'static str,
}

/// A planned replacement.
#[derive(Clone, Debug)]
pub struct ReplacePlan {
    pub edit: Edit,
    /// Codings carried to their words.
    pub kept: usize,
    /// Codings placed on where their words went though they changed (asked for by the caller).
    pub placed: usize,
    pub lost: Vec<Lost>,
    /// Words removed and added, for the summary.
    pub words_removed: usize,
    pub words_added: usize,
}

fn joined(turns: &[Turn]) -> String {
    let mut s = String::new();
    for (i, t) in turns.iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        s.push_str(&t.text);
    }
    s
}

/// Byte offset of each token, then the total.
fn offsets<'a>(tokens: impl Iterator<Item = &'a str>) -> Vec<usize> {
    let mut out = vec![0];
    let mut at = 0;
    for t in tokens {
        at += t.len();
        out.push(at);
    }
    out
}

/// The change set turning `old` into `new`, word by word (runs of changes merged into one
/// replacement), and the numbers of words removed and added.
fn change_set(old: &str, new: &str) -> (Vec<(usize, usize, usize)>, usize, usize) {
    let diff = TextDiff::configure()
        .timeout(std::time::Duration::from_secs(5))
        .diff_words(old, new);
    let oo = offsets(diff.iter_old_slices());
    let no = offsets(diff.iter_new_slices());
    let mut ops: Vec<(usize, usize, usize)> = Vec::new();
    let (mut removed, mut added) = (0, 0);
    let word = |s: &str| !s.trim().is_empty();
    for op in diff.ops() {
        let (tag, o, n) = op.as_tag_tuple();
        if matches!(op, DiffOp::Equal { .. }) {
            continue;
        }
        let _ = tag;
        removed += o
            .clone()
            .filter(|&i| diff.old_slice(i).is_some_and(word))
            .count();
        added += n
            .clone()
            .filter(|&i| diff.new_slice(i).is_some_and(word))
            .count();
        let (a, b) = (oo[o.start], oo[o.end]);
        let len = no[n.end] - no[n.start];
        match ops.last_mut() {
            Some(last) if last.1 == a => {
                last.1 = b;
                last.2 += len;
            }
            _ => ops.push((a, b, len)),
        }
    }
    (ops, removed, added)
}

/// How much of `r` the change set rewrites (bytes of it inside replaced or deleted stretches).
fn rewritten(ops: &[(usize, usize, usize)], r: TextRange) -> usize {
    let k = ops.partition_point(|o| o.1 <= r.start);
    ops[k..]
        .iter()
        .take_while(|o| o.0 < r.end)
        .map(|o| o.1.min(r.end).saturating_sub(o.0.max(r.start)))
        .sum()
}

/// Plans giving document `doc` the turns `turns`. Lost codings are dropped, except those in
/// `place` that have somewhere to go, which are put there.
pub fn plan(
    project: &Project,
    doc: DocId,
    turns: Vec<Turn>,
    place: &[CodingId],
) -> Result<ReplacePlan, String> {
    let document = project
        .document(doc)
        .ok_or("the document no longer exists")?;
    let turns: Vec<Turn> = turns
        .into_iter()
        .map(|mut t| {
            t.text = t.text.replace(['\n', '\r'], " ");
            t
        })
        .collect();
    if turns.is_empty() || turns.iter().all(|t| t.text.trim().is_empty()) {
        return Err("the new text is empty: nothing was replaced".into());
    }
    let old = joined(document.turns());
    let new = joined(&turns);
    let (ops, words_removed, words_added) = change_set(&old, &new);
    let changes = Changes::new(ops.clone());
    let new_doc = Document::new(&document.title, turns.clone());
    let mut restore: Restore = Vec::new();
    let mut lost = Vec::new();
    let (mut kept, mut placed) = (0, 0);
    for c in project.codings_in(doc) {
        let mapped = changes.map_range(c.range);
        let snapped = new_doc.snap_range(mapped.start, mapped.end);
        let changed = rewritten(&ops, c.range);
        let why = if snapped.is_none() {
            Some("its words were removed")
        } else if changed * 2 > c.range.len() {
            Some("its words were changed beyond recognition")
        } else {
            None
        };
        match (why, snapped) {
            (None, Some(r)) => {
                kept += 1;
                restore.push((Placed::Coding(c.id), r));
            }
            (Some(_), Some(r)) if place.contains(&c.id) => {
                placed += 1;
                restore.push((Placed::Coding(c.id), r));
            }
            (why, proposed) => lost.push(Lost {
                coding: c.id,
                code: project
                    .code(c.code)
                    .map_or_else(String::new, |x| x.name.clone()),
                old_text: document.slice(c.range),
                proposed,
                why: why.unwrap_or("its words were removed"),
            }),
        }
    }
    // Comments and memos on passages follow as far as they can.
    let len = new_doc.len();
    let clamp = |r: TextRange| TextRange {
        start: r.start.min(len),
        end: r.end.min(len),
    };
    for c in &project.comments {
        if let Anchor::Passage { document: d, range } = &c.anchor
            && *d == doc
        {
            restore.push((Placed::Comment(c.id), clamp(changes.map_range(*range))));
        }
    }
    for m in &project.memos {
        if let Anchor::Passage { document: d, range } = &m.anchor
            && *d == doc
        {
            restore.push((Placed::Memo(m.id), clamp(changes.map_range(*range))));
        }
        for (i, l) in m
            .links
            .iter()
            .enumerate()
            .filter(|(_, l)| l.document == doc)
        {
            restore.push((Placed::MemoLink(m.id, i), clamp(changes.map_range(l.range))));
        }
    }
    let gone: Vec<CodingId> = lost.iter().map(|l| l.coding).collect();
    let mut edits = Vec::new();
    for t in &project.themes {
        for c in t.exemplars.iter().filter(|c| gone.contains(c)) {
            edits.push(Edit::RemoveExemplar {
                theme: t.id,
                coding: *c,
            });
        }
    }
    edits.extend(gone.iter().map(|id| Edit::RemoveCoding(*id)));
    edits.push(Edit::ReplaceTurns {
        doc,
        turns,
        restore,
    });
    Ok(ReplacePlan {
        edit: Edit::Batch(edits),
        kept,
        placed,
        lost,
        words_removed,
        words_added,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{apply, counts_tests::check_derived};
    use crate::model::validate;

    const OLD: &str = "Int: How was the first week?\n\
        Kari: The first week was hard. We had no beds and the night shift was long.\n\
        Int: And the second?\n\
        Kari: Calmer. The patients slept and we could talk to the families.\n\
        Kari: This paragraph goes away entirely in the new version.";
    const NEW: &str = "Int: How was the first week?\n\
        Kari: The first week was very hard. We had no spare beds and the night shift was long.\n\
        Int: And the second?\n\
        Kari: Calmer. The patients slept and we could talk with the families.\n\
        Kari: A new paragraph the transcriber added.";

    fn words_of(p: &Project, doc: DocId, id: CodingId) -> String {
        let c = p
            .codings
            .get(&id)
            .unwrap_or_else(|| panic!("no coding {id:?}"));
        p.document(doc)
            .map(|d| d.slice(c.range))
            .unwrap_or_default()
    }

    #[test]
    fn codings_land_on_the_same_words() {
        let mut p = crate::testing::fixture();
        let d = crate::import::parse_transcript("Kari", OLD);
        let doc = d.id;
        let e = crate::edit::ops::add_document(&p, d);
        apply(&mut p, e).unwrap_or_else(|e| panic!("{e}"));
        let code = p.codes[0].id;
        let text = joined(p.document(doc).map(Document::turns).unwrap_or_default());
        let mut ids = Vec::new();
        for words in [
            "night shift was long",
            "The patients slept",
            "no beds",
            "goes away entirely",
            "talk to the",
            "to the families",
        ] {
            let mut a = text.find(words).unwrap_or_else(|| panic!("{words}"));
            let words = if words == "to the families" {
                "to"
            } else {
                words
            };
            if words == "to" {
                a = text.find("to the families").unwrap_or(0);
            }
            let Some(e) = crate::edit::ops::code_passage(&p, doc, a, a + words.len(), code, "me")
            else {
                panic!("cannot code {words}");
            };
            apply(&mut p, e).unwrap_or_else(|e| panic!("{e}"));
            let id = p
                .codings
                .values()
                .find(|c| c.document == doc && c.range == TextRange::new(a, a + words.len()))
                .map(|c| c.id)
                .unwrap_or_else(|| panic!("coding"));
            ids.push(id);
        }
        let before = crate::store::to_string(&p).unwrap_or_default();
        let new = crate::import::parse_transcript("Kari", NEW);
        let first = plan(&p, doc, new.into_turns(), &[]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(first.kept, 4, "{:?}", first.lost);
        assert_eq!(first.lost.len(), 2);
        assert_eq!(
            first.lost[0].why,
            "its words were changed beyond recognition"
        );
        assert!(
            first
                .lost
                .iter()
                .any(|l| l.old_text == "goes away entirely")
        );
        let undo = apply(&mut p, first.edit).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(words_of(&p, doc, ids[0]), "night shift was long");
        assert_eq!(words_of(&p, doc, ids[1]), "The patients slept");
        assert_eq!(words_of(&p, doc, ids[2]), "no spare beds");
        assert_eq!(words_of(&p, doc, ids[4]), "talk with the");
        assert!(!p.codings.contains_key(&ids[3]));
        assert!(!p.codings.contains_key(&ids[5]));
        assert!(validate(&p).is_empty(), "{:?}", validate(&p));
        check_derived(&p).unwrap_or_else(|e| panic!("{e}"));
        apply(&mut p, undo).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(crate::store::to_string(&p).unwrap_or_default(), before);
        // Placing a changed coding instead of dropping it.
        let new = crate::import::parse_transcript("Kari", NEW);
        let again = plan(&p, doc, new.into_turns(), &[ids[5]]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(again.placed, 1);
        apply(&mut p, again.edit).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(words_of(&p, doc, ids[5]), "with");
    }
}
