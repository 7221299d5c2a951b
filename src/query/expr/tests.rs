use super::*;
use crate::query::fixture::{study, texts};
use proptest::prelude::*;

fn run_texts(src: &str) -> Vec<String> {
    let s = study();
    let places = run(&s.project, src).unwrap_or_else(|e| panic!("{src}: {e}"));
    texts(&s.project, &places)
}

fn error(src: &str) -> QueryError {
    let s = study();
    match run(&s.project, src) {
        Ok(p) => panic!("{src} ran: {p:?}"),
        Err(e) => e,
    }
}

#[test]
fn codes_include_sub_codes_unless_only() {
    assert_eq!(
        run_texts(r#""Dose""#),
        [
            "How is the dose set?",
            "We negotiate the dose every day.",
            "Dose talk is calm.",
            "We negotiate less."
        ]
    );
    assert_eq!(
        run_texts(r#""dose" only"#),
        ["How is the dose set?", "Dose talk is calm."]
    );
}

#[test]
fn and_or_not() {
    assert_eq!(run_texts(r#""Dose" AND "Calm""#), ["calm"]);
    assert_eq!(
        run_texts(r#""Negotiation" OR "Rules""#),
        [
            "We negotiate the dose every day.",
            "The rules are strict.",
            "Rules help.",
            "We negotiate less.",
            "Rules still matter."
        ]
    );
    assert_eq!(
        run_texts(r#""Dose" AND NOT "Calm""#),
        [
            "How is the dose set?",
            "We negotiate the dose every day.",
            "Dose talk is ",
            ".",
            "We negotiate less."
        ]
    );
    assert_eq!(
        run_texts(r#""Rules" AND NOT ("Negotiation" OR "Calm")"#).len(),
        3
    );
    // NOT alone: all text not coded, cut at turns; the blanks between codings are left out.
    let uncoded = run_texts(r#"NOT ("Dose" OR "Rules" OR "Calm")"#);
    assert_eq!(uncoded, ["And the night?"]);
}

#[test]
fn relations_keep_whole_passages() {
    assert_eq!(
        run_texts(r#""Calm" SAME TURN "Dose""#),
        ["calm", "Nights are calm now."]
    );
    assert_eq!(run_texts(r#""Calm" OVERLAPS "Dose" ONLY"#), ["calm"]);
    assert_eq!(
        run_texts(r#""Dose" OVERLAPS "Calm""#),
        ["Dose talk is calm."]
    );
    assert_eq!(
        run_texts(r#""Rules" WITHIN 1 "Calm""#),
        [
            "The rules are strict.",
            "Rules help.",
            "Rules still matter."
        ]
    );
    assert_eq!(run_texts(r#""Rules" within 0 "Calm""#), ["Rules help."]);
}

#[test]
fn where_speaker_then_document_attributes() {
    assert_eq!(
        run_texts(r#""Rules" WHERE role = nurse"#),
        ["The rules are strict.", "Rules still matter."]
    );
    assert_eq!(run_texts(r#""Rules" WHERE role != Nurse"#), ["Rules help."]);
    // Cid has no role: `!=` holds for him, `=` does not.
    assert_eq!(
        run_texts(r#""Calm" WHERE role != nurse"#),
        ["calm", "Nights are calm now."]
    );
    assert!(run_texts(r#""Calm" WHERE role = nurse"#).is_empty());
    // round is a document attribute: interviewer turns have it too.
    assert_eq!(
        run_texts(r#""Dose" WHERE round = 1"#),
        [
            "How is the dose set?",
            "We negotiate the dose every day.",
            "Dose talk is calm."
        ]
    );
    assert_eq!(
        run_texts(r#""Rules" where site = "North" and round = 2"#),
        ["Rules still matter."]
    );
}

#[test]
fn errors_name_the_column_and_what_was_expected() {
    let e = error(r#""Dose" AND"#);
    assert_eq!(e.column, 11);
    assert!(e.message.contains("expected a code name"), "{e}");
    let e = error(r#""Dose" XOR "Rules""#);
    assert_eq!(e.column, 8);
    assert!(e.message.contains("AND, OR, WHERE or the end"), "{e}");
    let e = error(r#"("Dose" OR "Rules""#);
    assert_eq!(e.column, 19);
    assert!(e.message.contains("`)`"), "{e}");
    let e = error(r#""Dose" WHERE rol = x"#);
    assert_eq!(e.column, 14);
    assert!(e.message.contains("rol"), "{e}");
    let e = error(r#""Nope" OR "Dose""#);
    assert_eq!(e.column, 1);
    assert!(
        e.to_string()
            .starts_with("column 1: there is no code named \"Nope\"")
    );
    let e = error(r#""Dose" WITHIN x "Calm""#);
    assert_eq!(e.column, 15);
    assert!(error(r#""Dose"#).message.contains("not closed"));
    assert_eq!(error(r#""Dose" WHERE role"#).column, 18);
    assert!(error("Dose").message.contains("double quotes"));
    assert_eq!(error("").column, 1);
}

fn leaf(p: &Project, i: usize) -> Expr {
    Expr::Code {
        name: p.codes[i % p.codes.len()].name.clone(),
        only: i.is_multiple_of(2),
        column: 1,
    }
}

fn regions(p: &Project, e: Expr) -> Vec<crate::query::regions::Ranges> {
    evaluate(
        p,
        &Query {
            expr: e,
            conditions: vec![],
        },
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn and(a: &Expr, b: &Expr) -> Expr {
    Expr::And(Box::new(a.clone()), Box::new(b.clone()))
}
fn or(a: &Expr, b: &Expr) -> Expr {
    Expr::Or(Box::new(a.clone()), Box::new(b.clone()))
}
fn not(a: &Expr) -> Expr {
    Expr::Not(Box::new(a.clone()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn and_or_not_obey_the_laws_of_sets(
        ops in proptest::collection::vec(crate::testing::op(), 0..40),
        i in 0usize..16, j in 0usize..16, k in 0usize..16,
    ) {
        let p = crate::testing::project_after(&ops);
        prop_assume!(!p.codes.is_empty());
        // Codes with clashing names would make a name stand for another code: keep it simple.
        let (a, b, c) = (leaf(&p, i), leaf(&p, j), leaf(&p, k));
        let eq = |x: Expr, y: Expr| regions(&p, x) == regions(&p, y);
        prop_assert!(eq(and(&a, &b), and(&b, &a)));
        prop_assert!(eq(or(&a, &b), or(&b, &a)));
        prop_assert!(eq(and(&a, &or(&b, &c)), or(&and(&a, &b), &and(&a, &c))));
        prop_assert!(eq(or(&a, &and(&b, &c)), and(&or(&a, &b), &or(&a, &c))));
        prop_assert!(eq(not(&or(&a, &b)), and(&not(&a), &not(&b))));
        prop_assert!(eq(not(&and(&a, &b)), or(&not(&a), &not(&b))));
        prop_assert!(eq(not(&not(&a)), a.clone()));
        prop_assert!(regions(&p, and(&a, &not(&a))).iter().all(|r| r.is_empty()));
        let everything = regions(&p, or(&a, &not(&a)));
        for (r, d) in everything.iter().zip(&p.documents) {
            prop_assert_eq!(r.len(), d.len());
        }
        // Relations keep a part of their left side.
        let rel = regions(&p, Expr::Relate { left: Box::new(a.clone()), relation: Relation::SameTurn, right: Box::new(b.clone()) });
        let left = regions(&p, a.clone());
        for (x, y) in rel.iter().zip(&left) {
            prop_assert_eq!(x.intersect(y), x.clone());
        }
    }
}
