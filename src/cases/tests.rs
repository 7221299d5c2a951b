use super::import::{self, Sheet};
use super::table::{self, RowKey, SortBy};
use super::{cite, kinds, memos, plan};
use crate::edit::{self, Edit};
use crate::model::{
    Anchor, AttributeDef, AttributeKind, AttributeOf, Project, TextRange, Timestamp,
};
use crate::testing::fixture;

const P: AttributeOf = AttributeOf::Participant;
const D: AttributeOf = AttributeOf::Document;

fn apply(p: &mut Project, e: Edit) -> Edit {
    edit::apply(p, e).unwrap_or_else(|e| panic!("edit failed: {e}"))
}

fn ok<T>(r: Result<T, String>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

/// The fixture with typed participant attributes: role (choice), round (number), joined (date).
fn cased() -> Project {
    let mut p = fixture();
    for (index, name) in ["Interviewer", "Kari", "Jonas", "Dr Lind"]
        .into_iter()
        .enumerate()
    {
        let participant = crate::model::Participant {
            name: name.into(),
            interviewer: false,
            attributes: Default::default(),
        };
        apply(&mut p, Edit::InsertParticipant { index, participant });
    }
    let role = AttributeKind::Choice(vec!["nurse".into(), "doctor".into()]);
    for (name, kind) in [
        ("role", role),
        ("round", AttributeKind::Number),
        ("joined", AttributeKind::Date),
    ] {
        let e = ok(plan::add_attribute(&p, P, name, kind));
        apply(&mut p, e);
    }
    for (who, role, round) in [
        ("Kari", "nurse", "1"),
        ("Jonas", "nurse", "2"),
        ("Dr Lind", "doctor", "2"),
    ] {
        let keys = [RowKey::Participant(who.into())];
        let e = ok(plan::set_values(&p, P, &keys, "role", role));
        apply(&mut p, e);
        let e = ok(plan::set_values(&p, P, &keys, "round", round));
        apply(&mut p, e);
    }
    p
}

#[test]
fn values_are_checked_by_type_with_plain_messages() {
    let role = AttributeKind::Choice(vec!["nurse".into(), "doctor".into()]);
    assert_eq!(kinds::check(&role, " Nurse "), Ok("nurse".into()));
    let e = kinds::check(&role, "nurce").err().unwrap_or_default();
    assert!(e.contains("not one of: nurse, doctor"), "{e}");
    assert_eq!(
        kinds::check(&AttributeKind::Number, "2,5"),
        Ok("2.5".into())
    );
    assert!(kinds::check(&AttributeKind::Number, "two").is_err());
    assert_eq!(
        kinds::check(&AttributeKind::Date, "2026-3-2"),
        Ok("2026-03-02".into())
    );
    assert!(kinds::check(&AttributeKind::Date, "2026-02-30").is_err());
    assert!(kinds::check(&AttributeKind::Date, "2024-02-29").is_ok());
    assert!(kinds::check(&AttributeKind::Date, "3 March").is_err());
    assert_eq!(
        kinds::check(&AttributeKind::Number, "  "),
        Ok(String::new())
    );
    assert_eq!(
        kinds::date_from_serial(45_000.0).as_deref(),
        Some("2023-03-15")
    );
    assert_eq!(kinds::guess(["1", "2.5", ""]), AttributeKind::Number);
    assert_eq!(kinds::guess(["2026-01-01"]), AttributeKind::Date);
    assert_eq!(kinds::guess(["1", "x"]), AttributeKind::Text);
}

#[test]
fn tables_sort_by_type_and_filter() {
    let mut p = cased();
    // Numbers sort as numbers, not as text ("10" after "2").
    let e = ok(plan::set_values(
        &p,
        P,
        &[RowKey::Participant("Kari".into())],
        "round",
        "10",
    ));
    apply(&mut p, e);
    let mut t = table::build(&p, P);
    let round = t
        .columns
        .iter()
        .position(|c| c.name == "round")
        .unwrap_or(99);
    t.sort(SortBy::Column(round), false);
    let names: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        names,
        ["Jonas", "Dr Lind", "Kari", "Interviewer"],
        "empty values last"
    );
    let role = t
        .columns
        .iter()
        .position(|c| c.name == "role")
        .unwrap_or(99);
    t.filter("", Some((role, "doctor")));
    assert_eq!(t.rows.len(), 1);
    assert_eq!(t.rows[0].label, "Dr Lind");
    let mut t = table::build(&p, P);
    t.filter("NURSE", None);
    assert_eq!(t.rows.len(), 2);
}

#[test]
fn setting_many_rows_is_one_step_and_checked() {
    let mut p = cased();
    let keys = [
        RowKey::Participant("Kari".into()),
        RowKey::Participant("Jonas".into()),
    ];
    let err = plan::set_values(&p, P, &keys, "round", "first")
        .err()
        .unwrap_or_default();
    assert!(err.contains("not a number"), "{err}");
    let before = p.clone();
    let e = ok(plan::set_values(&p, P, &keys, "round", "3"));
    let inv = apply(&mut p, e);
    assert!(keys.iter().all(|k| table::value(&p, k, "round") == "3"));
    apply(&mut p, inv);
    assert_eq!(p, before);
}

#[test]
fn rename_and_remove_touch_every_value_and_undo_exactly() {
    let mut p = cased();
    let e = plan::set_attribution(&p, vec!["role".into(), "round".into()]);
    apply(&mut p, e);
    let before = p.clone();
    let e = ok(plan::rename_attribute(&p, P, "role", "profession"));
    let inv = apply(&mut p, e);
    assert!(plan::declared(&p, P, "role").is_none());
    assert_eq!(
        plan::declared(&p, P, "profession").map(|a| a.kind.clone()),
        plan::declared(&before, P, "role").map(|a| a.kind.clone())
    );
    assert_eq!(
        p.attributes.iter().position(|a| a.name == "profession"),
        before.attributes.iter().position(|a| a.name == "role"),
        "keeps its place"
    );
    assert_eq!(
        table::value(&p, &RowKey::Participant("Kari".into()), "profession"),
        "nurse"
    );
    assert!(
        p.participants
            .iter()
            .all(|x| !x.attributes.contains_key("role"))
    );
    assert_eq!(p.settings.quote_attribution, ["profession", "round"]);
    apply(&mut p, inv);
    assert_eq!(p, before);
    assert!(
        plan::rename_attribute(&p, P, "role", "ROUND").is_err(),
        "name taken"
    );

    let e = ok(plan::remove_attribute(&p, P, "round"));
    let inv = apply(&mut p, e);
    assert!(
        p.participants
            .iter()
            .all(|x| !x.attributes.contains_key("round"))
    );
    assert!(plan::declared(&p, P, "round").is_none());
    assert_eq!(p.settings.quote_attribution, ["role"]);
    apply(&mut p, inv);
    assert_eq!(p, before);
}

#[test]
fn retyping_checks_existing_values() {
    let mut p = cased();
    let err = plan::set_kind(&p, P, "role", AttributeKind::Number)
        .err()
        .unwrap_or_default();
    assert!(
        err.contains("Kari") && err.contains("not a number"),
        "{err}"
    );
    let e = ok(plan::set_kind(
        &p,
        P,
        "round",
        AttributeKind::Choice(vec!["1".into(), "2".into()]),
    ));
    apply(&mut p, e);
    assert!(matches!(
        plan::kind_of(&p, P, "round"),
        AttributeKind::Choice(_)
    ));
}

fn sheet(csv: &str) -> Sheet {
    ok(import::read_csv(csv.as_bytes()))
}

#[test]
fn import_previews_matches_and_mismatches_then_applies_in_one_step() {
    let mut p = cased();
    // Line 3: a type error (round "two"); line 5: a name the project lacks; "site" is new.
    let s = sheet(
        "\u{feff}Name;role;round;site\r\nkari;nurse;2;Northside\r\nJonas;Nurse;two;Harbour\r\nDr Lind;;2;Harbour\r\nAstrid;doctor;1;Harbour\r\n",
    );
    let before = p.clone();
    let pre = import::preview(&p, P, &s);
    assert_eq!(p, before, "a preview changes nothing");
    assert_eq!(pre.name_column, "Name");
    assert_eq!(pre.matched.len(), 3);
    assert_eq!(pre.unknown, vec![(5, "Astrid".to_owned())]);
    assert_eq!(pre.problems.len(), 1);
    assert_eq!(pre.problems[0].line, 3);
    assert_eq!(pre.problems[0].attribute, "round");
    assert!(pre.problems[0].message.contains("not a number"));
    assert_eq!(
        pre.new_attributes,
        vec![("site".to_owned(), AttributeKind::Text)]
    );
    // kari: round 1 -> 2, site; Jonas: site (role unchanged, round left out); Dr Lind: site.
    assert_eq!(pre.changes(), 4);
    assert!(pre.has_mismatches());
    let lines = pre.mismatch_lines();
    assert!(
        lines
            .iter()
            .any(|l| l.contains("line 5") && l.contains("Astrid")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("line 3") && l.contains("two")),
        "{lines:?}"
    );

    let mut h = edit::History::new_saved();
    ok(
        h.apply(&mut p, import::plan(&pre), import::label(&pre), "me")
            .map_err(|e| e.to_string()),
    );
    let kari = RowKey::Participant("Kari".into());
    assert_eq!(table::value(&p, &kari, "round"), "2");
    assert_eq!(table::value(&p, &kari, "site"), "Northside");
    assert_eq!(
        table::value(&p, &RowKey::Participant("Jonas".into()), "round"),
        "2",
        "kept"
    );
    assert!(plan::declared(&p, P, "site").is_some());
    ok(h.undo(&mut p).map_err(|e| e.to_string()));
    assert_eq!(p, before, "one undo step takes the whole import back");
}

#[test]
fn import_reports_repeated_names_and_matches_documents_by_title() {
    let p = cased();
    let s = sheet("Document,round\nNurses round 1,1\nnurses, round 1,2\n");
    // A title missing its comma matches nothing; the unquoted comma splits the second.
    let pre = import::preview(&p, D, &s);
    assert_eq!(
        pre.unknown,
        vec![(2, "Nurses round 1".to_owned()), (3, "nurses".to_owned())]
    );
    let s = sheet("title,round\n\"Nurses, round 1\",1\n\"nurses, round 1\",2\n");
    let pre = import::preview(&p, D, &s);
    assert_eq!(pre.matched.len(), 1);
    assert_eq!(pre.repeated, vec![(3, "nurses, round 1".to_owned())]);
    assert_eq!(
        pre.new_attributes,
        vec![("round".to_owned(), AttributeKind::Number)]
    );
    assert_eq!(pre.not_in_file, vec!["Doctor, round 2".to_owned()]);
}

#[test]
fn exported_tables_import_back_unchanged() {
    let p = cased();
    let t = table::build(&p, P);
    let pre = import::preview(&p, P, &sheet(&t.to_csv()));
    assert_eq!(pre.matched.len(), p.participants.len());
    assert_eq!(pre.changes(), 0);
    assert!(!pre.has_mismatches(), "{:?}", pre.mismatch_lines());
    let book = ok(t.to_xlsx());
    let s = ok(super::xlsx::read(&book));
    assert_eq!(s.header, ["Participant", "role", "round", "joined"]);
    let pre = import::preview(&p, P, &s);
    assert_eq!(pre.changes(), 0, "{:?}", pre.matched);
    assert!(!pre.has_mismatches(), "{:?}", pre.mismatch_lines());
}

#[test]
fn readers_never_panic_on_arbitrary_bytes() {
    use proptest::prelude::*;
    proptest!(|(bytes in proptest::collection::vec(any::<u8>(), 0..400))| {
        let p = fixture();
        if let Ok(s) = import::read_csv(&bytes) {
            let pre = import::preview(&p, P, &s);
            let _ = import::plan(&pre);
        }
        let _ = super::xlsx::read(&bytes);
    });
}

#[test]
fn quotes_are_attributed_by_chosen_attributes() {
    let mut p = cased();
    assert_eq!(cite::speaker(&p, Some("Kari")), "Kari");
    let e = plan::set_attribution(&p, vec!["role".into(), "site".into(), "round".into()]);
    apply(&mut p, e);
    assert_eq!(cite::speaker(&p, Some("Kari")), "nurse, round 1");
    assert_eq!(cite::speaker(&p, Some("Interviewer")), "participant");
    let e = Edit::SetParticipantInterviewer {
        name: "Interviewer".into(),
        interviewer: true,
    };
    apply(&mut p, e);
    assert_eq!(cite::speaker(&p, Some("Interviewer")), "interviewer");
    assert_eq!(cite::speaker(&p, None), "Unattributed");
    let doc = p.documents[0].clone();
    let starts = doc.turn_starts().to_vec();
    let kari = TextRange::new(starts[1], starts[1] + doc.turns()[1].text.len());
    let c = cite::passage(&p, &doc, kari);
    assert!(c.ends_with("(Nurses, round 1, ¶2, nurse, round 1)"), "{c}");
    assert!(!c.contains("Kari"));
    // The theme report names its quotes' speakers the same way.
    let coding = p.codings.values().next().map(|c| c.id);
    let theme = p.themes.iter().find(|t| !t.codes.is_empty()).map(|t| t.id);
    if let (Some(coding), Some(theme)) = (coding, theme) {
        apply(
            &mut p,
            Edit::AddExemplar {
                theme,
                coding,
                index: 0,
            },
        );
        let md = crate::export::theme_report_md(&p);
        assert!(
            md.contains("— nurse, round 1 (Nurses, round 1, paragraph 2)"),
            "{md}"
        );
        assert!(!md.contains("— Kari"));
        assert!(
            !md.contains("(Kari"),
            "the evidence line names no one: {md}"
        );
        let html = crate::export::theme_report_html(&p);
        assert!(html.contains("— nurse, round 1 ("), "{html}");
    } else {
        panic!("the fixture has a coded theme");
    }
}

#[test]
fn citations_without_attribution_name_the_speaker_and_time() {
    use crate::model::{Document, Turn};
    let mut t = Turn::new(Some("Ana"), "Hello wide world");
    t.time = Some("00:01:02".into());
    let d = Document::new(
        "Interview 1",
        vec![t, Turn::new(Some("Ben"), "e\u{301}te\u{301} 👩‍👩‍👧 🇩🇰!")],
    );
    let p = Project::named("x");
    assert_eq!(
        cite::passage(&p, &d, TextRange::new(6, 10)),
        "“wide” (Interview 1, ¶1, Ana, 00:01:02)"
    );
    let s = d.turn_starts();
    let c = cite::passage(&p, &d, TextRange::new(12, s[1] + 3));
    assert!(c.ends_with("(Interview 1, ¶1–2, 00:01:02)"), "{c}");
}

#[test]
fn memos_save_load_and_undo() {
    let mut p = cased();
    let t0 = Timestamp(1_772_442_000_000);
    let (e, journal) = memos::create(
        &p,
        Anchor::Project,
        "Day 1",
        "I expected conflict; found calm.",
        "Ana",
        t0,
    );
    apply(&mut p, e);
    let coding = p
        .codings
        .keys()
        .next()
        .copied()
        .unwrap_or_else(|| panic!("a coding"));
    let (e, on_coding) = memos::create(
        &p,
        Anchor::Coding(coding),
        "",
        "Irony here?",
        "Ana",
        Timestamp(t0.0 + 1),
    );
    apply(&mut p, e);
    let doc = p.documents[0].id;
    let (e, _) = memos::create(
        &p,
        Anchor::Document(doc),
        "",
        "Noisy recording",
        "Ana",
        Timestamp(t0.0 + 2),
    );
    apply(&mut p, e);
    let (e, _) = memos::create(
        &p,
        Anchor::Participant("Kari".into()),
        "",
        "Senior nurse",
        "Ana",
        Timestamp(t0.0 + 3),
    );
    apply(&mut p, e);
    let Some(m) = memos::memo(&p, journal).cloned() else {
        panic!("journal entry")
    };
    let Some(e) = memos::link(&m, doc, TextRange::new(0, 4), Timestamp(t0.0 + 4)) else {
        panic!("link")
    };
    apply(&mut p, e);
    assert_eq!(memos::journal(&p).len(), 1);
    assert_eq!(
        memos::coding_memo(&p, coding).map(|m| m.id),
        Some(on_coding)
    );
    assert_eq!(memos::margin_marks(&p, doc).len(), 1);
    assert_eq!(
        p.coders.iter().filter(|c| c.name == "Ana").count(),
        1,
        "author added once"
    );

    // Save and load keep every memo, anchor and link.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("m.gloss");
    crate::store::save(&p, &path).unwrap_or_else(|e| panic!("{e}"));
    let back = crate::store::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back.memos, p.memos);
    assert_eq!(back.attributes, p.attributes);
    let json = memos::to_json(&back);
    assert_eq!(json["memos"].as_array().map(Vec::len), Some(4));
    assert_eq!(json["memos"][0]["kind"], "journal");
    assert_eq!(json["memos"][0]["links"][0]["text"], "What");

    // Typing coalesces into one undo step in the history; undo restores the text.
    let before = p.clone();
    let mut h = edit::History::new_saved();
    for text in ["I", "I e", "I ex"] {
        let Some(m) = memos::memo(&p, journal) else {
            panic!("entry")
        };
        let e = memos::rewrite(m, "Day 1", text, Timestamp::now());
        ok(h.apply_coalescing(
            &mut p,
            e,
            "Edit journal entry",
            "Ana",
            Some(format!("memo-{journal:?}")),
        )
        .map_err(|e| e.to_string()));
    }
    assert_eq!(
        memos::memo(&p, journal).map(|m| m.text.as_str()),
        Some("I ex")
    );
    ok(h.undo(&mut p).map_err(|e| e.to_string()));
    assert_eq!(p, before);

    // The coded-segments table carries the coding's memo in a last column.
    let (header, rows) = crate::export::segments::table(&p);
    assert_eq!(header.last().map(String::as_str), Some("memo"));
    assert!(
        rows.iter()
            .any(|r| r.last().map(String::as_str) == Some("Irony here?"))
    );

    // The theme report carries the journal.
    let md = crate::export::theme_report_md(&p);
    assert!(
        md.contains("## Journal") && md.contains("found calm"),
        "{md}"
    );
}

#[test]
fn adding_an_attribute_declares_it_once() {
    let mut p = cased();
    assert!(plan::add_attribute(&p, P, "Role", AttributeKind::Text).is_err());
    assert!(plan::add_attribute(&p, P, " ", AttributeKind::Text).is_err());
    assert!(plan::add_attribute(&p, P, "x", AttributeKind::Choice(vec![])).is_err());
    // A key found in values without a declaration gets its type, values conformed.
    apply(
        &mut p,
        Edit::SetParticipantAttribute {
            name: "Kari".into(),
            key: "band".into(),
            value: Some("B".into()),
        },
    );
    let e = ok(plan::add_attribute(
        &p,
        P,
        "band",
        AttributeKind::Choice(vec!["a".into(), "b".into()]),
    ));
    apply(&mut p, e);
    assert_eq!(
        table::value(&p, &RowKey::Participant("Kari".into()), "band"),
        "b"
    );
    assert_eq!(
        plan::declared(&p, P, "band"),
        Some(&AttributeDef {
            name: "band".into(),
            of: P,
            kind: AttributeKind::Choice(vec!["a".into(), "b".into()])
        })
    );
}

#[test]
fn workbook_dates_numbers_and_shared_strings_are_read_as_written() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let build = || -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "Name")?;
        sheet.write_string(0, 1, "joined")?;
        sheet.write_string(0, 2, "round")?;
        sheet.write_string(0, 3, "note")?;
        sheet.write_string(1, 0, "Kari")?;
        let date = Format::new().set_num_format("dd/mm/yyyy");
        sheet.write_datetime_with_format(1, 1, ExcelDateTime::from_ymd(2026, 3, 2)?, &date)?;
        sheet.write_number(1, 2, 2.0)?;
        // Column D left empty on this row; a gap must not shift later rows.
        sheet.write_string(3, 0, "Jonas")?;
        sheet.write_number(3, 2, 2.5)?;
        sheet.write_string(3, 3, "é 👍🏽 <&>")?;
        book.save_to_buffer()
    };
    let bytes = build().unwrap_or_else(|e| panic!("{e}"));
    let s = ok(super::xlsx::read(&bytes));
    assert_eq!(s.header, ["Name", "joined", "round", "note"]);
    assert_eq!(s.rows[0], ["Kari", "2026-03-02", "2", ""]);
    assert!(
        s.rows[1].iter().all(String::is_empty),
        "the empty row 3 is kept"
    );
    assert_eq!(s.rows[2], ["Jonas", "", "2.5", "é 👍🏽 <&>"]);
    let p = cased();
    let pre = import::preview(&p, P, &s);
    // joined is a date attribute: the workbook's date arrives as one.
    let kari = pre
        .matched
        .iter()
        .find(|m| m.label == "Kari")
        .map(|m| m.changes.clone())
        .unwrap_or_default();
    assert!(
        kari.iter()
            .any(|c| c.attribute == "joined" && c.new == "2026-03-02"),
        "{kari:?}"
    );
    assert_eq!(
        pre.new_attributes,
        vec![("note".to_owned(), AttributeKind::Text)]
    );
}
