//! The shrunk counterexamples the property found at high case counts (`PROPTEST_CASES`), kept
//! as named cases (with their seeds for ids, so each reproduces exactly).

use super::*;

/// Theirs deleted Calm and coded twice with Sleep (two passages starting alike); ours deleted
/// the words where the two passages end, so both are carried onto the same words. They were
/// two codings on theirs and stay two (they used to collapse into one: a coding lost).
#[test]
fn two_codings_carried_onto_the_same_words_stay_two() {
    use Op::*;
    let (first, ours, theirs) = (
        [],
        [TypeText {
            doc: 48,
            at: 81,
            del: 8,
            text: String::new(),
        }],
        [
            Code {
                doc: 20,
                a: 254,
                b: 302,
                code: 4,
            },
            DeleteCode(9),
            Code {
                doc: 14,
                a: 81,
                b: 32,
                code: 14,
            },
        ],
    );
    let r = merges_without_losing_anything(&first, &ours, &theirs, 0);
    assert!(r.is_ok(), "{r:?}");
    let _ids = SeededIds::new(0);
    let base = after(&fixture(), &first);
    let a = after(&base, &ours);
    let b = after(&base, &theirs);
    let m = merge(Some(&base), &a, &b, &opts()).project;
    let made: Vec<&CodingId> = b
        .codings
        .keys()
        .filter(|id| !base.codings.contains_key(id))
        .collect();
    assert_eq!(made.len(), 2, "theirs made two codings");
    for id in made {
        assert!(m.codings.contains_key(id), "coding {id:?} lost");
    }
    let [x, y] = [0, 1].map(|i| {
        m.codings
            .values()
            .filter(|c| c.code == code_named(&b, "Sleep"))
            .nth(i)
    });
    let (Some(x), Some(y)) = (x, y) else {
        panic!("two Sleep codings expected")
    };
    assert_eq!(x.range, y.range, "both carried onto the same words");
    valid(&m);
}

/// Ours split Calm's coding off to a new code and put that code in a theme; theirs merged Calm
/// into Dosing. The merged theme lists Dosing where Calm was: the plan (the merge as one edit on
/// ours) must put kept members in that order too.
#[test]
fn the_plan_orders_theme_codes_after_a_code_merge_is_followed() {
    use Op::*;
    let r = merges_without_losing_anything(
        &[DeleteCode(7)],
        &[
            SplitCode {
                code: 6,
                take: vec![0],
                name: 0,
            },
            AddThemeCode { theme: 1, code: 11 },
        ],
        &[Merge { from: 2, into: 5 }],
        0,
    );
    assert!(r.is_ok(), "{r:?}");
}

/// A comment on a passage; theirs typed in the transcript, then deleted it; ours coded in it, so
/// it comes back (with a conflict) with ours' text, and the comment stays inside that text.
#[test]
fn a_passage_on_a_transcript_deleted_and_used_stays_in_its_text() {
    use Op::*;
    let r = merges_without_losing_anything(
        &[Put {
            kind: 0,
            target: 33,
            text: String::new(),
            remove: false,
        }],
        &[Code {
            doc: 5,
            a: 0,
            b: 1,
            code: 0,
        }],
        &[
            TypeText {
                doc: 19,
                at: 0,
                del: 0,
                text: "a".into(),
            },
            DeleteDocument(7),
        ],
        0,
    );
    assert!(r.is_ok(), "{r:?}");
}

/// A memo on a passage ending at the transcript's end; theirs typed right after it (outside, as
/// typing at a passage's edge is). The memo keeps theirs' range: theirs has the final text.
#[test]
fn a_note_before_text_typed_at_its_end_keeps_its_range() {
    use Op::*;
    let r = merges_without_losing_anything(
        &[Put {
            kind: 2,
            target: 43,
            text: String::new(),
            remove: false,
        }],
        &[],
        &[TypeText {
            doc: 1,
            at: 71,
            del: 0,
            text: "mmm".into(),
        }],
        0,
    );
    assert!(r.is_ok(), "{r:?}");
}

/// A memo on a passage at the transcript's end; theirs removed the memo and joined two turns
/// (the text got shorter). The plan removes the memo before it changes the text.
#[test]
fn the_plan_removes_notes_before_it_changes_the_text() {
    use Op::*;
    let r = merges_without_losing_anything(
        &[Put {
            kind: 2,
            target: 63,
            text: String::new(),
            remove: false,
        }],
        &[],
        &[
            Put {
                kind: 2,
                target: 0,
                text: String::new(),
                remove: true,
            },
            JoinTurns { doc: 31, turn: 2 },
        ],
        0,
    );
    assert!(r.is_ok(), "{r:?}");
}

/// Ours split a turn of a transcript; theirs rewrote words inside a base coding (its range
/// shrank with them) and the two texts conflict, so ours' text stays. Theirs' range moved only
/// with its own correction: the coding, kept by both, stays with ours' range (it used to be
/// carried from theirs' text, found no words and was dropped).
#[test]
fn a_range_moved_only_by_its_own_sides_correction_counts_as_unchanged() {
    use Op::*;
    let first = [
        JoinTurns { doc: 2, turn: 24 },
        Code {
            doc: 14,
            a: 251,
            b: 32,
            code: 0,
        },
        DeleteDocument(13),
    ];
    let ours = [SplitTurn { doc: 0, at: 56 }];
    let theirs = [
        TypeText {
            doc: 0,
            at: 48,
            del: 10,
            text: "\n".into(),
        },
        Code {
            doc: 0,
            a: 0,
            b: 0,
            code: 0,
        },
        Code {
            doc: 0,
            a: 0,
            b: 0,
            code: 0,
        },
    ];
    let r = merges_without_losing_anything(&first, &ours, &theirs, 0);
    assert!(r.is_ok(), "{r:?}");
    let _ids = SeededIds::new(0);
    let base = after(&fixture(), &first);
    let a = after(&base, &ours);
    let b = after(&base, &theirs);
    let m = merge(Some(&base), &a, &b, &opts()).project;
    assert!(m.conflicts.iter().any(|c| c.field == "text"));
    for (id, c) in &base.codings {
        assert_eq!(
            m.codings.get(id).map(|x| x.range),
            a.codings.get(id).map(|x| x.range)
        );
        assert!(
            !m.conflicts
                .iter()
                .any(|x| x.subject == Subject::Coding(*id)),
            "no conflict about coding {:?}",
            c.id
        );
    }
}

/// Ours moved a new theme under "Calm clinic"; theirs merged "Rewarding" (Calm clinic's group)
/// into that new theme, which makes Calm clinic its child: a cycle. Calm clinic goes back to
/// ours' parent, "Rewarding", which theirs deleted: it comes back (with a conflict) rather
/// than leaving a parent that does not exist.
#[test]
fn a_cycle_broken_back_to_a_parent_the_other_side_deleted_brings_it_back() {
    use Op::*;
    let r = merges_without_losing_anything(
        &[CreateTheme {
            group: false,
            parent: None,
        }],
        &[MoveTheme {
            theme: 2,
            parent: Some(52),
        }],
        &[MergeThemes { from: 3, into: 2 }],
        0,
    );
    assert!(r.is_ok(), "{r:?}");
}

/// Ours settled a passage between two coders (its consensus coding replaced the base's, with
/// the same passage); theirs deleted words before it, which moved the base's coding. Moved
/// only with the text, it was untouched there: it goes as ours deleted it, without a
/// conflict, and ours' new coding stays (it used to be kept with a conflict and swallow ours'
/// coding as its twin).
#[test]
fn a_coding_deleted_on_one_side_and_moved_with_the_text_on_the_other_goes() {
    use Op::*;
    let first = [
        Code {
            doc: 20,
            a: 342,
            b: 121,
            code: 31,
        },
        CreateCode(0),
        CodeNew {
            doc: 2,
            a: 121,
            b: 0,
            name: 0,
        },
        Resolve {
            doc: 2,
            a: 0,
            b: 121,
            how: 2,
        },
    ];
    let ours = [Resolve {
        doc: 0,
        a: 121,
        b: 0,
        how: 0,
    }];
    let theirs = [TypeText {
        doc: 2,
        at: 223,
        del: 5,
        text: String::new(),
    }];
    let r = merges_without_losing_anything(&first, &ours, &theirs, 0);
    assert!(r.is_ok(), "{r:?}");
    let _ids = SeededIds::new(0);
    let base = after(&fixture(), &first);
    let a = after(&base, &ours);
    let b = after(&base, &theirs);
    let m = merge(Some(&base), &a, &b, &opts()).project;
    let deleted: Vec<_> = base
        .codings
        .keys()
        .filter(|id| !a.codings.contains_key(id))
        .collect();
    assert!(!deleted.is_empty());
    for id in deleted {
        assert!(!m.codings.contains_key(id), "{id:?} came back");
        assert!(
            !m.conflicts
                .iter()
                .any(|c| c.subject == Subject::Coding(*id))
        );
    }
    for id in a.codings.keys() {
        assert!(m.codings.contains_key(id), "ours' {id:?} lost");
    }
}

/// Ours joined two turns ("text." and "Staffing" became one word to a word diff) and coded a
/// passage from "text." on; theirs coded the "t" of "text." with the same code. Carried by
/// words alone, theirs' coding grew to the joined word, became ours' twin and went; refined
/// by characters it stays on its letter.
#[test]
fn a_coding_next_to_joined_turns_stays_on_its_letters() {
    use Op::*;
    let ours = [
        JoinTurns { doc: 31, turn: 2 },
        Code {
            doc: 43,
            a: 48,
            b: 201,
            code: 11,
        },
    ];
    let theirs = [Code {
        doc: 19,
        a: 333,
        b: 48,
        code: 11,
    }];
    let r = merges_without_losing_anything(&[], &ours, &theirs, 0);
    assert!(r.is_ok(), "{r:?}");
    let _ids = SeededIds::new(0);
    let base = fixture();
    let a = after(&base, &ours);
    let b = after(&base, &theirs);
    let m = merge(Some(&base), &a, &b, &opts()).project;
    for (id, c) in b
        .codings
        .iter()
        .filter(|(id, _)| !base.codings.contains_key(id))
    {
        let Some(got) = m.codings.get(id) else {
            panic!("theirs' coding {id:?} lost")
        };
        assert_eq!(got.range, c.range, "the text before it did not change");
    }
}

/// Both coded the same passage with Calm; ours then typed before it. Theirs' coding, carried
/// to ours' text, is ours' twin and becomes one with it.
#[test]
fn the_same_passage_coded_on_both_sides_is_one_coding_after_a_correction() {
    use Op::*;
    let ours = [
        Code {
            doc: 11,
            a: 257,
            b: 282,
            code: 24,
        },
        TypeText {
            doc: 29,
            at: 0,
            del: 0,
            text: "a".into(),
        },
    ];
    let theirs = [Code {
        doc: 19,
        a: 44,
        b: 69,
        code: 3,
    }];
    let r = merges_without_losing_anything(&[], &ours, &theirs, 0);
    assert!(r.is_ok(), "{r:?}");
    let _ids = SeededIds::new(0);
    let base = fixture();
    let a = after(&base, &ours);
    let b = after(&base, &theirs);
    let m = merge(Some(&base), &a, &b, &opts());
    assert_eq!(m.collapsed_codings, 1);
    assert_eq!(m.project.codings.len(), a.codings.len());
}

/// Theirs resized the base coding to the first letter; ours deleted the first words. The
/// coding's words are gone: it goes with a conflict record holding it.
#[test]
fn a_coding_whose_words_the_other_side_deleted_goes_with_a_conflict() {
    use Op::*;
    let ours = [TypeText {
        doc: 2,
        at: 223,
        del: 9,
        text: String::new(),
    }];
    let theirs = [Resize {
        coding: 0,
        a: 0,
        b: 1,
    }];
    let r = merges_without_losing_anything(&[], &ours, &theirs, 0);
    assert!(r.is_ok(), "{r:?}");
    let _ids = SeededIds::new(0);
    let base = fixture();
    let a = after(&base, &ours);
    let b = after(&base, &theirs);
    let m = merge(Some(&base), &a, &b, &opts()).project;
    for id in base.codings.keys() {
        assert!(!m.codings.contains_key(id));
        assert!(
            m.conflicts
                .iter()
                .any(|c| c.subject == Subject::Coding(*id))
        );
    }
}

/// Both imported the same two transcripts, in other orders: they are unified, in ours' order
/// (documents have no move edit, so the merge as one edit on ours could not reorder them).
#[test]
fn transcripts_imported_on_both_sides_in_other_orders_keep_ours_order() {
    use Op::*;
    let r = merges_without_losing_anything(
        &[],
        &[ImportBatch {
            speakers: vec![vec![6], vec![]],
            interviewer: 0,
            site: None,
        }],
        &[ImportBatch {
            speakers: vec![vec![], vec![6]],
            interviewer: 0,
            site: None,
        }],
        0,
    );
    assert!(r.is_ok(), "{r:?}");
}

#[test]
fn ids_are_not_shared_by_accident() {
    // The fixture's codes get fresh ids each time: two fixtures are different projects.
    assert_ne!(fixture().codes[0].id, fixture().codes[0].id);
    let _ = CodingId::new();
}

/// Theirs split a base coding off to a new code and then rewrote words inside it (its range
/// moved with them); ours split a turn, and the two texts conflict, so ours' text stays. The
/// coding keeps theirs' new code and ours' range (its range moved only with theirs' text).
#[test]
fn a_coding_given_another_code_keeps_it_when_the_other_text_wins() {
    use Op::*;
    let ids = 14959424225921824602u64;
    let first = [
        JoinTurns { doc: 2, turn: 24 },
        Code {
            doc: 14,
            a: 251,
            b: 32,
            code: 1,
        },
        DeleteDocument(13),
    ];
    let ours = [SplitTurn { doc: 0, at: 56 }];
    let theirs = [
        SplitCode {
            code: 55,
            take: vec![0],
            name: 0,
        },
        TypeText {
            doc: 0,
            at: 48,
            del: 10,
            text: "\n".into(),
        },
        Code {
            doc: 0,
            a: 0,
            b: 0,
            code: 0,
        },
        Code {
            doc: 0,
            a: 0,
            b: 84,
            code: 28,
        },
    ];
    let r = merges_without_losing_anything(&first, &ours, &theirs, ids);
    assert!(r.is_ok(), "{r:?}");
    let _ids = SeededIds::new(ids);
    let base = after(&fixture(), &first);
    let a = after(&base, &ours);
    let b = after(&base, &theirs);
    let m = merge(Some(&base), &a, &b, &opts()).project;
    for id in base.codings.keys() {
        let (Some(got), Some(x), Some(y)) =
            (m.codings.get(id), a.codings.get(id), b.codings.get(id))
        else {
            panic!("coding {id:?} lost")
        };
        assert_eq!((got.code, got.range), (y.code, x.range));
    }
}
