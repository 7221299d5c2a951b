//! Counts and retrieval against a small project whose figures are worked out by hand.

use super::*;
use crate::edit::{self, ops};
use crate::model::{Document, Participant, ThemeKind, Turn};

struct Fx {
    p: Project,
    x: CodeId,
    y: CodeId,
    group: ThemeId,
    theme: ThemeId,
    sub: ThemeId,
}

fn run(p: &mut Project, e: edit::Edit) {
    edit::apply(p, e).unwrap_or_else(|e| panic!("{e}"));
}

/// Document A: "Q one?" (interviewer) / "alpha beta" (Kari) / "gamma delta" (Jonas).
/// Document B: "epsilon" (Kari) / "zeta" (no speaker).
/// X codes "alpha", "beta\ngamma" and the interviewer's "Q one?"; Y codes "epsilon" and "zeta".
/// Group G holds theme T (code X), which holds sub-theme S (code Y).
fn fx() -> Fx {
    let mut p = Project::default();
    let a = Document::new(
        "A",
        vec![
            Turn::new(Some("Int"), "Q one?"),
            Turn::new(Some("Kari"), "alpha beta"),
            Turn::new(Some("Jonas"), "gamma delta"),
        ],
    );
    let b = Document::new(
        "B",
        vec![Turn::new(Some("Kari"), "epsilon"), Turn::new(None, "zeta")],
    );
    let (da, db) = (a.id, b.id);
    let e = ops::add_document(&p, a);
    run(&mut p, e);
    let e = ops::add_document(&p, b);
    run(&mut p, e);
    for (i, name) in ["Int", "Kari", "Jonas"].into_iter().enumerate() {
        run(
            &mut p,
            edit::Edit::InsertParticipant {
                index: i,
                participant: Participant {
                    name: name.into(),
                    interviewer: name == "Int",
                    attributes: Default::default(),
                },
            },
        );
    }
    let (x, e) = ops::create_code(&p, "X");
    run(&mut p, e);
    let (y, e) = ops::create_code(&p, "Y");
    run(&mut p, e);
    // A: "Q one?\nalpha beta\ngamma delta": alpha 7..12, "beta\ngamma" 13..23, "Q one?" 0..6.
    for (doc, s, e, code) in [
        (da, 7, 12, x),
        (da, 13, 23, x),
        (da, 0, 6, x),
        (db, 0, 7, y),
        (db, 8, 12, y),
    ] {
        let plan = ops::code_passage(&p, doc, s, e, code, "t").unwrap_or_else(|| panic!("plan"));
        run(&mut p, plan);
    }
    let (group, e) = ops::create_theme(&p, "G", ThemeKind::Group, None);
    run(&mut p, e);
    let (theme, e) = ops::create_theme(&p, "T", ThemeKind::Theme, Some(group));
    run(&mut p, e);
    let (sub, e) = ops::create_theme(&p, "S", ThemeKind::Theme, Some(theme));
    run(&mut p, e);
    let e = ops::add_code_to_theme(&p, theme, x).unwrap_or_else(|| panic!("add"));
    run(&mut p, e);
    let e = ops::add_code_to_theme(&p, sub, y).unwrap_or_else(|| panic!("add"));
    run(&mut p, e);
    Fx {
        p,
        x,
        y,
        group,
        theme,
        sub,
    }
}

fn names(p: &Project, code: CodeId) -> Vec<String> {
    code_participants(p, code)
}

#[test]
fn code_counts_match_hand_figures() {
    let f = fx();
    let all = code_counts(&f.p);
    let x = &all[&f.x];
    assert_eq!((x.codings, x.documents, x.participants), (3, 1, 2));
    assert_eq!(names(&f.p, f.x), ["Jonas", "Kari"], "interviewer left out");
    let y = &all[&f.y];
    assert_eq!((y.codings, y.documents, y.participants), (2, 1, 1));
    assert_eq!(
        names(&f.p, f.y),
        ["Kari"],
        "a turn without speaker adds nobody"
    );
    assert_eq!(&counts_for_code(&f.p, f.x), x);
}

#[test]
fn theme_counts_go_through_codes_and_sub_themes() {
    let f = fx();
    let t = counts_for_theme(&f.p, f.theme);
    assert_eq!((t.codings, t.documents, t.participants), (5, 2, 2));
    assert_eq!(theme_participants(&f.p, f.theme), ["Jonas", "Kari"]);
    let s = counts_for_theme(&f.p, f.sub);
    assert_eq!((s.codings, s.documents, s.participants), (2, 1, 1));
    assert_eq!(counts_for_theme(&f.p, f.group), t);
    assert_eq!(theme_counts(&f.p).len(), 3);
    assert_eq!(theme_codes(&f.p, f.group), vec![f.x, f.y]);
    assert_eq!(group_of(&f.p, f.sub), Some(f.group));
    assert_eq!(group_of(&f.p, f.group), None);
}

#[test]
fn marking_a_speaker_as_interviewer_changes_counts() {
    let mut f = fx();
    run(
        &mut f.p,
        edit::Edit::SetParticipantInterviewer {
            name: "Jonas".into(),
            interviewer: true,
        },
    );
    assert_eq!(names(&f.p, f.x), ["Kari"]);
    assert_eq!(counts_for_code(&f.p, f.x).participants, 1);
}

#[test]
fn retrieval_rows_carry_speaker_paragraph_and_context() {
    let f = fx();
    let rows = retrieve_code(&f.p, f.x);
    let texts: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(texts, ["Q one?", "alpha", "beta\ngamma"], "text order");
    let r = &rows[1];
    assert_eq!(r.speaker.as_deref(), Some("Kari"));
    assert_eq!(r.paragraph, 2);
    assert_eq!(r.document_title, "A");
    assert_eq!((r.before.as_str(), r.after.as_str()), ("", " beta"));
    let r = &rows[2];
    assert_eq!((r.before.as_str(), r.after.as_str()), ("alpha ", " delta"));
    assert_eq!(rows[0].speaker.as_deref(), Some("Int"));

    let rows = retrieve_theme(&f.p, f.theme);
    assert_eq!(rows.len(), 5);
    assert!(rows.iter().all(|r| !r.exemplar));
    let zeta = rows
        .iter()
        .find(|r| r.text == "zeta")
        .unwrap_or_else(|| panic!("zeta"));
    assert_eq!((zeta.speaker.clone(), zeta.paragraph), (None, 2));
}

#[test]
fn exemplars_are_marked_and_listed_in_order() {
    let mut f = fx();
    let rows = retrieve_theme(&f.p, f.theme);
    for (i, r) in [&rows[3], &rows[1]].into_iter().enumerate() {
        run(
            &mut f.p,
            edit::Edit::AddExemplar {
                theme: f.theme,
                coding: r.coding,
                index: i,
            },
        );
    }
    let marked: Vec<bool> = retrieve_theme(&f.p, f.theme)
        .iter()
        .map(|r| r.exemplar)
        .collect();
    assert_eq!(marked, [false, true, false, true, false]);
    let ex: Vec<String> = exemplar_rows(&f.p, f.theme)
        .into_iter()
        .map(|r| r.text)
        .collect();
    assert_eq!(ex, [rows[3].text.clone(), rows[1].text.clone()]);
}

#[test]
fn long_context_is_cut_on_char_boundaries() {
    let mut p = Project::default();
    let long = "é".repeat(100) + "MID" + &"ü".repeat(100);
    let d = Document::new("L", vec![Turn::new(Some("K"), &long)]);
    let doc = d.id;
    let e = ops::add_document(&p, d);
    run(&mut p, e);
    let (c, e) = ops::create_code(&p, "C");
    run(&mut p, e);
    let s = 200;
    let e = ops::code_passage(&p, doc, s, s + 3, c, "t").unwrap_or_else(|| panic!("plan"));
    run(&mut p, e);
    let rows = retrieve_code(&p, c);
    assert_eq!(rows[0].text, "MID");
    assert_eq!(rows[0].before.chars().count(), CONTEXT_CHARS + 1);
    assert!(rows[0].before.starts_with('…'));
    assert!(rows[0].after.ends_with('…'));
}

#[test]
fn code_paths_and_tree_order() {
    let mut f = fx();
    run(
        &mut f.p,
        edit::Edit::SetCode {
            id: f.y,
            field: edit::CodeField::Parent(Some(f.x)),
        },
    );
    assert_eq!(code_path(&f.p, f.y), "X/Y");
    assert_eq!(code_tree(&f.p), vec![(f.x, 0), (f.y, 1)]);
    assert_eq!(
        theme_tree(&f.p),
        vec![(f.group, 0), (f.theme, 1), (f.sub, 2)]
    );
}
