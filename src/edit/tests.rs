use super::*;
use crate::model::validate;
use crate::testing::{HARD_TEXT, Op, fixture, op, passage};
use proptest::prelude::*;

fn code(p: &Project, name: &str) -> CodeId {
    p.code_by_name(name).map(|c| c.id).unwrap_or_default()
}

#[test]
fn every_primitive_is_undone_by_its_inverse() {
    let mut p = fixture();
    let before = p.clone();
    let calm = code(&p, "Calm");
    let inv = apply(
        &mut p,
        Edit::SetCode {
            id: calm,
            field: CodeField::Name("Quiet".into()),
        },
    );
    assert_eq!(p.code(calm).map(|c| c.name.as_str()), Some("Quiet"));
    let inv = inv.unwrap_or(Edit::Batch(vec![]));
    let again = apply(&mut p, inv);
    assert!(again.is_ok());
    assert_eq!(p, before);
}

#[test]
fn a_failing_batch_changes_nothing() {
    let mut p = fixture();
    let before = p.clone();
    let calm = code(&p, "Calm");
    let batch = Edit::Batch(vec![
        Edit::SetCode {
            id: calm,
            field: CodeField::Name("Quiet".into()),
        },
        Edit::RemoveCode(calm), // fails: the code still has a coding
    ]);
    assert!(apply(&mut p, batch).is_err());
    assert_eq!(p, before);
}

#[test]
fn removing_referenced_things_is_refused() {
    let mut p = fixture();
    let calm = code(&p, "Calm");
    assert!(matches!(
        apply(&mut p, Edit::RemoveCode(calm)),
        Err(EditError::Invalid(_))
    ));
    let doc = p.documents[0].id;
    assert!(apply(&mut p, Edit::RemoveDocument(doc)).is_err());
    let group = p.themes[0].id;
    assert!(apply(&mut p, Edit::RemoveTheme(group)).is_err());
    assert!(validate(&p).is_empty());
}

#[test]
fn coding_snaps_to_grapheme_clusters_in_the_model() {
    let p = fixture();
    let doc = &p.documents[0];
    let start = doc.turn_starts()[1];
    let family = start + HARD_TEXT.find('👨').unwrap_or(0);
    // Both ends fall inside the family emoji's ZWJ sequence.
    let edit = ops::code_passage(&p, doc.id, family + 3, family + 9, code(&p, "Sleep"), "me");
    let mut q = p.clone();
    assert!(apply(&mut q, edit.unwrap_or(Edit::Batch(vec![]))).is_ok());
    let c = q.codings.values().find(|c| c.code == code(&q, "Sleep"));
    let range = c.map(|c| c.range).unwrap_or(TextRange::new(0, 0));
    assert_eq!(passage(&q, range, 0), "👨‍👩‍👧‍👦");
    // An unsnapped range is refused by the primitive itself.
    let mut bad = q
        .codings
        .values()
        .next()
        .unwrap_or_else(|| panic!("no coding"));
    bad.id = CodingId::new();
    bad.range = TextRange::new(family + 1, family + 8);
    assert!(apply(&mut q, Edit::AddCoding(bad)).is_err());
}

#[test]
fn every_coding_names_its_coder_and_time() {
    let p = fixture();
    let c = p
        .codings
        .values()
        .next()
        .unwrap_or_else(|| panic!("fixture has a coding"));
    assert_eq!(p.coder(c.coder).map(|k| k.name.as_str()), Some("tester"));
    assert!(c.created.0 > 1_700_000_000_000);
}

#[test]
fn merge_moves_codings_and_collapses_duplicates() {
    let mut p = fixture();
    let (calm, sleep) = (code(&p, "Calm"), code(&p, "Sleep"));
    let doc = p.documents[0].id;
    let existing = p
        .codings
        .values()
        .next()
        .map(|c| c.range)
        .unwrap_or(TextRange::new(0, 0));
    // The same passage coded with Sleep (a duplicate after merging), and another passage.
    for (a, b) in [(existing.start, existing.end), (0, 4)] {
        let e = ops::code_passage(&p, doc, a, b, sleep, "tester");
        assert!(apply(&mut p, e.unwrap_or(Edit::Batch(vec![]))).is_ok());
    }
    assert_eq!(p.codings.len(), 3);
    let before = p.clone();
    let merge = ops::merge_codes(&p, sleep, calm).unwrap_or(Edit::Batch(vec![]));
    let inv = apply(&mut p, merge).unwrap_or(Edit::Batch(vec![]));
    assert_eq!(p.codings.len(), 2, "the duplicate collapsed");
    assert!(p.codings.values().all(|c| c.code == calm));
    assert!(p.code(sleep).is_none());
    assert!(validate(&p).is_empty());
    assert!(apply(&mut p, inv).is_ok());
    assert_eq!(p, before);
}

#[test]
fn merge_carries_theme_membership() {
    let mut p = fixture();
    let (calm, dosing) = (code(&p, "Calm"), code(&p, "Dosing"));
    let theme = p.themes[1].id;
    assert!(p.themes[1].codes.contains(&calm));
    let merge = ops::merge_codes(&p, calm, dosing).unwrap_or(Edit::Batch(vec![]));
    assert!(apply(&mut p, merge).is_ok());
    assert_eq!(p.theme(theme).map(|t| t.codes.clone()), Some(vec![dosing]));
}

#[test]
fn delete_code_takes_its_codings_and_memberships() {
    let mut p = fixture();
    let calm = code(&p, "Calm");
    let e = ops::delete_code(&p, calm);
    assert!(apply(&mut p, e).is_ok());
    assert!(p.codings.is_empty());
    assert!(p.themes.iter().all(|t| t.codes.is_empty()));
}

#[test]
fn history_tracks_saved_state_and_redo() {
    let mut p = fixture();
    let mut h = History::new_saved();
    let calm = code(&p, "Calm");
    assert!(!h.is_modified());
    let r = h.apply(
        &mut p,
        Edit::SetCode {
            id: calm,
            field: CodeField::Name("A".into()),
        },
        "rename",
        "me",
    );
    assert!(r.is_ok());
    assert!(h.is_modified());
    assert_eq!(h.undo(&mut p).ok().flatten().as_deref(), Some("rename"));
    assert!(
        !h.is_modified(),
        "undo back to the saved state clears the mark"
    );
    assert!(h.redo(&mut p).is_ok());
    h.mark_saved();
    assert!(!h.is_modified());
    assert!(h.undo(&mut p).is_ok());
    assert!(h.is_modified());
    // A new edit after undo drops the redo branch, and with it the saved state.
    let r = h.apply(&mut p, Edit::SetProjectName("x".into()), "name", "me");
    assert!(r.is_ok());
    assert!(!h.can_redo());
    assert!(h.is_modified());
    assert_eq!(h.undo(&mut p).ok().flatten().as_deref(), Some("name"));
    assert!(h.is_modified(), "the saved state is gone for good");
}

/// The project without its audit trail (which only grows, undo included).
fn without_trail(p: &Project) -> Project {
    let mut q = p.clone();
    q.trail.clear();
    q
}

#[test]
fn typing_coalesces_into_one_step() {
    let mut p = fixture();
    let before = p.clone();
    let mut h = History::new_saved();
    let calm = code(&p, "Calm");
    for text in ["W", "Wh", "Whe", "When"] {
        let e = Edit::SetCode {
            id: calm,
            field: CodeField::Description(text.into()),
        };
        let r = h.apply_coalescing(&mut p, e, "describe", "me", Some("desc".into()));
        assert!(r.is_ok());
    }
    assert_eq!(h.revisions().count(), 1);
    // One step, one audit trail entry, holding the whole typing.
    assert_eq!(p.trail.len(), 1);
    assert!(p.trail[0].change.contains("When"));
    assert!(h.undo(&mut p).is_ok());
    assert_eq!(without_trail(&p), before);
    assert!(h.redo(&mut p).is_ok());
    assert_eq!(p.code(calm).map(|c| c.description.as_str()), Some("When"));
}

/// A long run of typing stays one flat batch (not a batch nested per keystroke, as deep as the
/// keystrokes were many); its trail text reads back, and undo restores it.
#[test]
fn long_typing_is_one_flat_step_whose_trail_reads_back() {
    let mut p = fixture();
    let before = p.clone();
    let mut h = History::new_saved();
    let calm = code(&p, "Calm");
    for i in 0..120 {
        let e = Edit::SetCode {
            id: calm,
            field: CodeField::Description(if i % 2 == 0 { "a" } else { "b" }.into()),
        };
        let r = h.apply_coalescing(&mut p, e, "describe", "me", Some("desc".into()));
        assert!(r.is_ok());
    }
    assert_eq!(h.revisions().count(), 1);
    let Some((step, _)) = h.revisions().next() else {
        panic!("no step");
    };
    match step.forward() {
        Edit::Batch(v) => assert_eq!(v.len(), 120),
        other => panic!("not a batch: {other:?}"),
    }
    let body = &p.trail[0].change;
    assert!(!body.is_empty(), "the step fits the trail");
    let read: Result<Edit, _> = ron::from_str(body);
    assert!(read.is_ok(), "{read:?}");
    assert!(h.undo(&mut p).is_ok());
    assert_eq!(without_trail(&p), before);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(160))]

    /// Any sequence of user operations, then undo of all of them, restores the starting project
    /// exactly; redo replays to the same end state; every state in between is valid.
    #[test]
    fn undo_all_restores_and_redo_replays(ops in prop::collection::vec(op(), 1..40)) {
        let start = fixture();
        let mut p = start.clone();
        let mut h = History::new_saved();
        for o in &ops {
            let Some(e) = o.to_edit(&p) else { continue };
            let before = p.clone();
            // Applying the edit then its inverse restores the state exactly.
            let mut probe = p.clone();
            if let Ok(inv) = apply(&mut probe, e.clone()) {
                prop_assert!(apply(&mut probe, inv).is_ok());
                prop_assert_eq!(&probe, &before);
            }
            if h.apply(&mut p, e, format!("{o:?}"), "tester").is_err() {
                prop_assert_eq!(&p, &before, "a failed edit changed the project");
            }
            let problems = validate(&p);
            prop_assert!(problems.is_empty(), "after {:?}: {:?}", o, problems);
        }
        let end = p.clone();
        while h.can_undo() {
            prop_assert!(h.undo(&mut p).is_ok());
        }
        // The audit trail keeps every step, undos included; the data is back as it was.
        prop_assert_eq!(p.trail.len(), 2 * h.revisions().count());
        prop_assert_eq!(without_trail(&p), start);
        prop_assert!(!h.is_modified());
        while h.can_redo() {
            prop_assert!(h.redo(&mut p).is_ok());
        }
        prop_assert_eq!(without_trail(&p), without_trail(&end));
    }
}

#[test]
fn ops_cover_every_kind() {
    // Guards the generator: each operation kind yields an edit on the fixture.
    let p = fixture();
    let samples = [
        Op::Code {
            doc: 0,
            a: 0,
            b: 10,
            code: 1,
        },
        Op::Merge { from: 0, into: 1 },
        Op::DeleteTheme(0),
        Op::AddThemeCode { theme: 1, code: 2 },
    ];
    for o in samples {
        assert!(o.to_edit(&p).is_some(), "{o:?}");
    }
}
