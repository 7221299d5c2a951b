//! Exports compared with expected files in `tests/fixtures/export/` (written by hand-checking
//! the first output; set `GLOSS_BLESS=1` to rewrite them after an intended change), plus
//! round trips of the codebook formats.

use super::*;
use crate::edit::{self, CodeField, Edit, ThemeField, ops};
use crate::model::{CodeId, Document, Participant, ThemeKind, ThemeStatus, Turn};

fn run(p: &mut Project, e: Edit) {
    edit::apply(p, e).unwrap_or_else(|e| panic!("{e}"));
}

fn find(doc: &Document, needle: &str) -> (usize, usize) {
    let text = doc
        .turns()
        .iter()
        .map(|t| t.text.as_str())
        .collect::<Vec<_>>();
    let text = text.join("\n");
    let s = text.find(needle).unwrap_or_else(|| panic!("{needle}"));
    (s, s + needle.len())
}

/// A small project with every character the formats must escape.
pub(crate) fn report_fixture() -> Project {
    let mut p = Project::named("Pilot | study");
    let d1 = Document::new(
        "Nurses, round 1",
        vec![
            Turn::new(Some("Interviewer"), "What was rewarding?"),
            Turn::new(
                Some("Kari"),
                "He said \"no\" & left <quickly>, then came back.",
            ),
            Turn::new(Some("Jonas"), "Calm days, mostly. Café talk 😊."),
        ],
    );
    let d2 = Document::new(
        "Doctor",
        vec![Turn::new(Some("Dr Lind"), "Dose requests are daily.")],
    );
    let (doc1, doc2) = (d1.clone(), d2.clone());
    for d in [d1, d2] {
        let e = ops::add_document(&p, d);
        run(&mut p, e);
    }
    for (i, name) in ["Interviewer", "Kari", "Jonas", "Dr Lind"]
        .into_iter()
        .enumerate()
    {
        run(
            &mut p,
            Edit::InsertParticipant {
                index: i,
                participant: Participant {
                    name: name.into(),
                    interviewer: i == 0,
                    attributes: Default::default(),
                },
            },
        );
    }
    let code = |p: &mut Project, name: &str, fields: Vec<CodeField>| -> CodeId {
        let (id, e) = ops::create_code(p, name);
        run(p, e);
        for field in fields {
            run(p, Edit::SetCode { id, field });
        }
        id
    };
    let calm = code(
        &mut p,
        "Calm",
        vec![
            CodeField::Description("Calm, settled\nclinic".into()),
            CodeField::WhenToUse("Seen | observed".into()),
            CodeField::WhenNotToUse("Hopes, \"wishes\"".into()),
            CodeField::Example("\"Calm days\" <b>*not*</b> \\ [x]".into()),
        ],
    );
    let quiet = code(
        &mut p,
        "Quiet mornings",
        vec![CodeField::Parent(Some(calm))],
    );
    let dosing = code(&mut p, "Dosing", vec![]);
    let coding = |p: &mut Project, doc: &Document, text: &str, code: CodeId| {
        let (a, b) = find(doc, text);
        let e = ops::code_passage(p, doc.id, a, b, code, "tester")
            .unwrap_or_else(|| panic!("code {text}"));
        run(p, e);
        p.codings
            .values()
            .find(|c| c.document == doc.id && c.range.start == a && c.code == code)
            .map(|c| c.id)
            .unwrap_or_else(|| panic!("coding"))
    };
    let k = coding(
        &mut p,
        &doc1,
        "left <quickly>, then came back.\nCalm days",
        calm,
    );
    let c = coding(&mut p, &doc1, "Calm days", quiet);
    coding(&mut p, &doc1, "What was rewarding?", calm);
    coding(&mut p, &doc2, "Dose requests are daily.", dosing);

    let theme = |p: &mut Project, name: &str, kind, parent, fields: Vec<ThemeField>| {
        let (id, e) = ops::create_theme(p, name, kind, parent);
        run(p, e);
        for field in fields {
            run(p, Edit::SetTheme { id, field });
        }
        id
    };
    let rewarding = theme(
        &mut p,
        "Rewarding",
        ThemeKind::Group,
        None,
        vec![ThemeField::Description("What staff value.".into())],
    );
    let calm_clinic = theme(
        &mut p,
        "Calm clinic",
        ThemeKind::Theme,
        Some(rewarding),
        vec![
            ThemeField::Description("A clinic calmer than feared.\nSettled over time.".into()),
            ThemeField::Involves("Calm, fewer incidents".into()),
            ThemeField::Concerns("Work <environment> & relations".into()),
            ThemeField::Status(ThemeStatus::Final),
        ],
    );
    let mornings = theme(
        &mut p,
        "Morning routines",
        ThemeKind::Theme,
        Some(calm_clinic),
        vec![ThemeField::Status(ThemeStatus::Reviewed)],
    );
    let challenging = theme(&mut p, "Challenging", ThemeKind::Group, None, vec![]);
    let dose = theme(
        &mut p,
        "Dose pressure",
        ThemeKind::Theme,
        Some(challenging),
        vec![ThemeField::Involves("Daily requests".into())],
    );
    for (t, code) in [
        (calm_clinic, calm),
        (calm_clinic, quiet),
        (mornings, quiet),
        (dose, dosing),
    ] {
        let e = ops::add_code_to_theme(&p, t, code).unwrap_or_else(|| panic!("add"));
        run(&mut p, e);
    }
    for (i, coding) in [k, c].into_iter().enumerate() {
        run(
            &mut p,
            Edit::AddExemplar {
                theme: calm_clinic,
                coding,
                index: i,
            },
        );
    }
    p
}

fn check(name: &str, actual: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/export")
        .join(name);
    if std::env::var_os("GLOSS_BLESS").is_some() {
        std::fs::write(&path, actual).unwrap_or_else(|e| panic!("{e}"));
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with GLOSS_BLESS=1 to create)", path.display()));
    assert!(
        expected == actual,
        "{name} differs from the expected file.\n--- expected\n{expected}\n--- actual\n{actual}"
    );
}

#[test]
fn exports_match_expected_files() {
    let p = report_fixture();
    check("theme-table.md", &theme_table_md(&p));
    check("theme-table.csv", &theme_table_csv(&p));
    check("theme-report.md", &theme_report_md(&p));
    check("theme-report.html", &theme_report_html(&p));
    check("codebook.md", &codebook::to_markdown(&p));
    check("codebook.csv", &codebook::to_csv(&p));
}

#[test]
fn csv_parser_reads_what_the_writer_writes() {
    let fields = ["a,b", "say \"hi\"", "two\nlines", "", "plain"];
    let text = text::csv_row(&fields) + &text::csv_row(&["x"]);
    let rows = text::parse_csv(&text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        rows,
        vec![fields.map(String::from).to_vec(), vec!["x".into()]]
    );
    assert!(text::parse_csv("a,\"open\nb").is_err());
}

fn codebook_round_trip(csv: bool) {
    let p = report_fixture();
    let text = if csv {
        codebook::to_csv(&p)
    } else {
        codebook::to_markdown(&p)
    };
    let entries = codebook::parse(&text, csv).unwrap_or_else(|e| panic!("{e}"));
    let mut fresh = Project::default();
    let (plan, summary) = codebook::import_plan(&fresh, &entries);
    assert_eq!(summary.added, ["Calm", "Quiet mornings", "Dosing"]);
    assert!(summary.skipped.is_empty());
    run(
        &mut fresh,
        plan.unwrap_or_else(|| panic!("nothing to import")),
    );
    for (a, b) in p.codes.iter().zip(&fresh.codes) {
        assert_eq!(a.name, b.name);
        assert_eq!(a.color, b.color);
        assert_eq!(a.description, b.description, "{csv}");
        assert_eq!(a.when_to_use, b.when_to_use);
        assert_eq!(a.when_not_to_use, b.when_not_to_use);
        assert_eq!(a.example, b.example);
        assert_eq!(
            crate::query::code_path(&p, a.id),
            crate::query::code_path(&fresh, b.id)
        );
    }
    assert_eq!(fresh.codes.len(), 3);
    // Importing again adds nothing and says so.
    let (plan, summary) = codebook::import_plan(&fresh, &entries);
    assert!(plan.is_none());
    assert_eq!(summary.skipped.len(), 3);
}

#[test]
fn codebook_round_trips_through_csv() {
    codebook_round_trip(true);
}

#[test]
fn codebook_round_trips_through_markdown() {
    codebook_round_trip(false);
}

#[test]
fn codebook_parse_errors_are_explained() {
    let e = codebook::parse("Label,Colour\r\nx,#ffffff\r\n", true).err();
    assert_eq!(e.as_deref(), Some("the first row has no Name column"));
    let e = codebook::parse("just some notes\n", false).err();
    assert!(e.is_some_and(|e| e.contains("no codes found")));
    let e = codebook::parse("Name,Path\r\n,x\r\n", true).err();
    assert_eq!(e.as_deref(), Some("row 2 has no name"));
}

#[test]
fn file_type_follows_the_extension() {
    let p = report_fixture();
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("table.CSV");
    export_to_file(&p, Kind::ThemeTable, &out).unwrap_or_else(|e| panic!("{e}"));
    let written = std::fs::read_to_string(&out).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(written, theme_table_csv(&p));
    let bad = export_to_file(&p, Kind::ThemeReport, &dir.path().join("r.csv"));
    let msg = bad.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(msg.contains("should end in .md or .html"), "{msg}");
    let missing = export_to_file(&p, Kind::Codebook, &dir.path().join("no/such/dir/c.md"));
    assert!(matches!(missing, Err(ExportError::Write { .. })));
}
