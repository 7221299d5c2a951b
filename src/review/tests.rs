//! Random review sessions: comments, replies, edits, resolving and reopening, sign-offs and
//! snapshots, mixed with the analyst's edits (which orphan some anchors). After each session the
//! project saves and loads unchanged, and undoing every step gives back the project it began as.

use super::{comments, signoff, snapshot};
use crate::edit::{Edit, History};
use crate::model::{Anchor, Project, TextRange, Verdict};
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum ReviewOp {
    CommentOnTheme(usize),
    CommentOnCoding(usize),
    CommentOnPassage {
        doc: usize,
        a: usize,
        b: usize,
    },
    Reply(usize),
    EditText(usize),
    Resolve(usize, bool),
    SignOff(usize, bool),
    Snapshot(u8),
    /// An analyst's edit from the shared generator (may remove what a comment is on).
    Analysis(crate::testing::Op),
}

fn review_op() -> impl Strategy<Value = ReviewOp> {
    prop_oneof![
        (0usize..4).prop_map(ReviewOp::CommentOnTheme),
        (0usize..8).prop_map(ReviewOp::CommentOnCoding),
        (0usize..2, 0usize..200, 0usize..200).prop_map(|(doc, a, b)| ReviewOp::CommentOnPassage {
            doc,
            a,
            b
        }),
        (0usize..8).prop_map(ReviewOp::Reply),
        (0usize..8).prop_map(ReviewOp::EditText),
        (0usize..8, any::<bool>()).prop_map(|(i, r)| ReviewOp::Resolve(i, r)),
        (0usize..4, any::<bool>()).prop_map(|(i, a)| ReviewOp::SignOff(i, a)),
        (0u8..4).prop_map(ReviewOp::Snapshot),
        crate::testing::op().prop_map(ReviewOp::Analysis),
    ]
}

fn plan(p: &Project, op: &ReviewOp, n: usize) -> Option<Edit> {
    let who = if n.is_multiple_of(2) {
        "Supervisor"
    } else {
        "Analyst"
    };
    let nth_comment = |i: usize| {
        let len = p.comments.len();
        (len > 0).then(|| p.comments[i % len].id)
    };
    match op {
        ReviewOp::CommentOnTheme(i) => {
            let t = p.themes.get(i % p.themes.len().max(1))?.id;
            comments::add(
                p,
                Anchor::Theme(t),
                None,
                who,
                &format!("On theme {n} é 👍🏽"),
            )
        }
        ReviewOp::CommentOnCoding(i) => {
            let c = *p.codings.keys().nth(i % p.codings.len().max(1))?;
            comments::add(p, Anchor::Coding(c), None, who, &format!("Coding {n}"))
        }
        ReviewOp::CommentOnPassage { doc, a, b } => {
            let d = p.documents.get(doc % p.documents.len().max(1))?;
            let len = d.len().max(1);
            let range: TextRange = d.snap_range(a % len, b % len)?;
            comments::add(
                p,
                Anchor::Passage {
                    document: d.id,
                    range,
                },
                None,
                who,
                &format!("Passage {n}"),
            )
        }
        ReviewOp::Reply(i) => {
            comments::add(p, Anchor::Project, nth_comment(*i), who, &format!("Re {n}"))
        }
        ReviewOp::EditText(i) => comments::edit_text(p, nth_comment(*i)?, &format!("Edit {n}")),
        ReviewOp::Resolve(i, r) => comments::set_resolved(p, nth_comment(*i)?, who, *r),
        ReviewOp::SignOff(i, approve) => {
            let t = p.themes.get(i % p.themes.len().max(1))?.id;
            let v = if *approve {
                Verdict::Approved
            } else {
                Verdict::ChangesRequested
            };
            signoff::sign(p, t, who, v, &format!("Note {n}"))
        }
        ReviewOp::Snapshot(k) => snapshot::take(p, &format!("Round {k}"), who).ok(),
        ReviewOp::Analysis(op) => op.to_edit(p),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn review_sessions_save_load_and_undo_exactly(
        ops in proptest::collection::vec(review_op(), 1..30)
    ) {
        let start = crate::testing::fixture();
        let mut p = start.clone();
        let mut h = History::new_saved();
        for (n, op) in ops.iter().enumerate() {
            if let Some(e) = plan(&p, op, n) {
                let _ = h.apply(&mut p, e, "step", "tester");
            }
            // Every thread is listed, orphaned or not; nothing is dropped.
            let listed: usize = comments::threads(&p).iter().map(|t| 1 + t.replies.len()).sum();
            prop_assert_eq!(listed, p.comments.len());
        }
        let text = crate::store::to_string(&p).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let back = crate::store::from_str(&text, "test")
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&back, &p);
        // A snapshot against itself has no changes; against now, none while nothing changed.
        for s in &p.snapshots {
            prop_assert!(super::diff(s, s).is_empty());
        }
        while h.can_undo() {
            h.undo(&mut p).map_err(|e| TestCaseError::fail(e.to_string()))?;
        }
        prop_assert_eq!(&p, &start);
        while h.can_redo() {
            h.redo(&mut p).map_err(|e| TestCaseError::fail(e.to_string()))?;
        }
        prop_assert_eq!(&p, &back);
    }
}
