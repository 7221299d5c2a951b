//! Review mode's one rule: a reviewer may add, edit, resolve and remove comments and record
//! sign-offs (and be added to the project's people so their name can stand on them); nothing
//! else. The window's dispatcher asks [`refusal`] about every edit before it is applied (undo
//! and redo included), so no path (menu, shortcut, drag, import) gets round it.

use crate::edit::Edit;

/// Why a reviewer may not make `edit`, or `None` when it only touches comments and sign-offs.
pub fn refusal(edit: &Edit) -> Option<String> {
    if allowed(edit) {
        None
    } else {
        Some(
            "This project is open for review: the transcripts, codings, codes and themes cannot \
             be changed. Add a comment or a sign-off instead (nothing was changed)."
                .to_owned(),
        )
    }
}

fn allowed(edit: &Edit) -> bool {
    match edit {
        Edit::PutComment { .. } | Edit::PutSignOff { .. } | Edit::InsertCoder { .. } => true,
        Edit::Batch(list) => list.iter().all(allowed),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Anchor, CoderId, Comment, CommentId, Timestamp};

    #[test]
    fn only_comments_sign_offs_and_people_pass() {
        let c = Comment {
            id: CommentId::new(),
            anchor: Anchor::Project,
            reply_to: None,
            author: CoderId::new(),
            created: Timestamp(0),
            edited: None,
            text: "ok".into(),
            resolved: None,
        };
        let put = Edit::PutComment {
            id: c.id,
            value: Some(Box::new(c)),
            at: None,
        };
        assert_eq!(refusal(&put), None);
        assert_eq!(refusal(&Edit::Batch(vec![put.clone()])), None);
        let rename = Edit::SetProjectName("x".into());
        assert!(refusal(&rename).is_some_and(|m| m.contains("open for review")));
        // One forbidden edit inside a batch refuses the whole batch.
        assert!(refusal(&Edit::Batch(vec![put, rename])).is_some());
    }

    /// For every edit the random user-operation generator makes: either it is refused, or
    /// applying it leaves the analysis (everything but comments, sign-offs and the people list)
    /// exactly as it was.
    #[test]
    fn what_passes_leaves_the_analysis_alone() {
        use proptest::strategy::{Strategy, ValueTree};
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let p = crate::testing::fixture();
        let analysis = |p: &crate::model::Project| {
            let mut q = p.snapshot();
            q.comments.clear();
            q.signoffs.clear();
            q.coders.clear();
            q
        };
        let (mut refused, mut passed) = (0, 0);
        for _ in 0..600 {
            let Ok(tree) = crate::testing::op().new_tree(&mut runner) else {
                continue;
            };
            let Some(edit) = tree.current().to_edit(&p) else {
                continue;
            };
            if refusal(&edit).is_some() {
                refused += 1;
                continue;
            }
            let mut q = p.clone();
            if crate::edit::apply(&mut q, edit.clone()).is_ok() {
                assert_eq!(analysis(&q), analysis(&p), "{edit:?} changed the analysis");
                passed += 1;
            }
        }
        assert!(refused > 100, "only {refused} analysis edits were tried");
        assert!(passed > 0, "no comment or sign-off edit was tried");
    }
}
