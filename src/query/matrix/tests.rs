use super::*;
use crate::query::fixture::{study, texts};
use proptest::prelude::*;

fn spec(rows: Rows, cols: Cols, measure: Measure) -> Spec {
    Spec {
        rows,
        cols,
        measure,
    }
}

fn role() -> Cols {
    Cols::Attribute("role".into())
}

#[test]
fn codings_by_role_leave_out_interviewers_and_keep_missing_values() -> Result<(), MatrixError> {
    let s = study();
    let m = compute(&s.project, &spec(Rows::Codes, role(), Measure::Codings))?;
    assert_eq!(m.rows, ["Dose", "Negotiation", "Rules", "Calm"]);
    assert_eq!(m.depth, [0, 1, 0, 0]);
    assert_eq!(m.cols, ["doctor", "nurse", NO_VALUE]);
    // Dose's interviewer coding is in no column.
    assert_eq!(m.cells, [[1, 0, 0], [0, 1, 1], [1, 2, 0], [1, 0, 1]]);
    assert_eq!(m.row_totals, [1, 2, 3, 2]);
    assert_eq!(m.col_totals, [3, 3, 2]);
    assert_eq!(m.total, 8);
    assert!(m.cols_add && !m.rows_add);
    Ok(())
}

#[test]
fn participant_totals_are_distinct() -> Result<(), MatrixError> {
    let s = study();
    let m = compute(
        &s.project,
        &spec(Rows::Codes, role(), Measure::Participants),
    )?;
    assert_eq!(m.cells, [[1, 0, 0], [0, 1, 1], [1, 1, 0], [1, 0, 1]]);
    // Ann codes Rules twice: she counts once.
    assert_eq!(m.row_totals, [1, 2, 2, 2]);
    assert_eq!(m.col_totals, [1, 1, 1]);
    assert_eq!(m.total, 3);
    let m = compute(
        &s.project,
        &spec(Rows::Codes, Cols::Participants, Measure::Codings),
    )?;
    assert_eq!(m.cols, ["Ann", "Bob", "Cid"]);
    assert_eq!(m.cells, [[0, 1, 0], [1, 0, 1], [2, 1, 0], [0, 1, 1]]);
    Ok(())
}

#[test]
fn documents_words_and_themes() -> Result<(), MatrixError> {
    let mut s = study();
    let m = compute(
        &s.project,
        &spec(Rows::Codes, Cols::Documents, Measure::Codings),
    )?;
    assert_eq!(m.cols, ["D1", "D2"]);
    assert_eq!(m.cells, [[2, 0], [1, 1], [2, 1], [1, 1]]);
    assert_eq!((m.total, m.rows_add, m.cols_add), (9, true, true));
    let m = compute(
        &s.project,
        &spec(Rows::Codes, Cols::Documents, Measure::Words),
    )?;
    // Dose: "How is the dose set?" (5) + "Dose talk is calm." (4).
    assert_eq!(m.cells[0], [9, 0]);
    // Calm: "calm" (1) + "Nights are calm now." (4).
    assert_eq!(m.cells[3], [1, 4]);
    let m = compute(
        &s.project,
        &spec(
            Rows::Codes,
            Cols::Attribute("round".into()),
            Measure::Documents,
        ),
    )?;
    assert_eq!(m.cols, ["1", "2"]);
    // Interviewer turns are left out: Dose's round-1 coding by Bob still counts D1.
    assert_eq!(m.cells, [[1, 0], [1, 1], [1, 1], [1, 1]]);
    assert_eq!(m.col_totals, [1, 1]);
    // A theme over Rules and Calm.
    let (t, e) =
        crate::edit::ops::create_theme(&s.project, "Order", crate::model::ThemeKind::Theme, None);
    crate::edit::apply(&mut s.project, e).map_err(|_| MatrixError::UnknownAttribute("x".into()))?;
    for c in [s.rules, s.calm] {
        if let Some(e) = crate::edit::ops::add_code_to_theme(&s.project, t, c) {
            let _ = crate::edit::apply(&mut s.project, e);
        }
    }
    let m = compute(&s.project, &spec(Rows::Themes, role(), Measure::Codings))?;
    assert_eq!(m.rows, ["Order"]);
    assert_eq!(m.cells, [[2, 2, 1]]);
    assert_eq!(m.row_totals, [5]);
    Ok(())
}

#[test]
fn cells_open_their_passages() -> Result<(), MatrixError> {
    let s = study();
    let sp = spec(Rows::Codes, role(), Measure::Codings);
    let rules_nurse = cell_places(&s.project, &sp, 2, 1)?;
    assert_eq!(
        texts(&s.project, &rules_nurse),
        ["The rules are strict.", "Rules still matter."]
    );
    let calm_none = cell_places(&s.project, &sp, 3, 2)?;
    assert_eq!(texts(&s.project, &calm_none), ["Nights are calm now."]);
    Ok(())
}

#[test]
fn saved_queries_as_rows_and_unknown_attributes() -> Result<(), MatrixError> {
    let mut s = study();
    let q = crate::model::SavedQuery {
        id: crate::model::QueryId::new(),
        name: "Rules by nurses".into(),
        expression: r#""Rules" WHERE role = nurse"#.into(),
        created: crate::model::Timestamp(0),
    };
    let bad = crate::model::SavedQuery {
        id: crate::model::QueryId::new(),
        name: "Broken".into(),
        expression: r#""Gone""#.into(),
        created: crate::model::Timestamp(0),
    };
    s.project.queries = vec![q, bad];
    let m = compute(
        &s.project,
        &spec(
            Rows::Queries(vec![]),
            Cols::Attribute("site".into()),
            Measure::Codings,
        ),
    )?;
    assert_eq!(m.rows, ["Rules by nurses"]);
    assert_eq!(m.cols, ["North", "South"]);
    assert_eq!(m.cells, [[2, 0]]);
    assert_eq!(m.problems.len(), 1);
    assert!(matches!(
        compute(
            &s.project,
            &spec(
                Rows::Codes,
                Cols::Attribute("rank".into()),
                Measure::Codings
            )
        ),
        Err(MatrixError::UnknownAttribute(_))
    ));
    let csv = compute(&s.project, &spec(Rows::Codes, role(), Measure::Codings))?.csv();
    assert!(
        csv.starts_with("\u{feff},doctor,nurse,(no value),Total\n"),
        "{csv}"
    );
    assert!(csv.contains("\nTotal,3,3,2,8\n"), "{csv}");
    let xlsx =
        compute(&s.project, &spec(Rows::Codes, role(), Measure::Codings))?.xlsx("Codes × role");
    assert!(xlsx.is_ok_and(|b| b.starts_with(b"PK")));
    Ok(())
}

fn check_totals(m: &Matrix) -> Result<(), TestCaseError> {
    let n = m.cols.len();
    for (i, line) in m.cells.iter().enumerate() {
        prop_assert_eq!(line.len(), n);
        let sum: u64 = line.iter().sum();
        let max = line.iter().copied().max().unwrap_or(0);
        prop_assert!(m.row_totals[i] <= sum && m.row_totals[i] >= max);
        if m.rows_add {
            prop_assert_eq!(m.row_totals[i], sum);
        }
    }
    for j in 0..n {
        let sum: u64 = m.cells.iter().map(|l| l[j]).sum();
        let max = m.cells.iter().map(|l| l[j]).max().unwrap_or(0);
        prop_assert!(m.col_totals[j] <= sum && m.col_totals[j] >= max);
        if m.cols_add {
            prop_assert_eq!(m.col_totals[j], sum);
        }
    }
    if m.rows_add && m.cols_add {
        prop_assert_eq!(m.total, m.row_totals.iter().sum::<u64>());
    }
    prop_assert!(m.total <= m.col_totals.iter().sum::<u64>());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]
    #[test]
    fn cells_sum_to_totals(ops in proptest::collection::vec(crate::testing::op(), 0..40)) {
        let p = crate::testing::project_after(&ops);
        let mut cols = vec![Cols::Documents, Cols::Participants];
        for k in ["k0", "k1", "site"] {
            if crate::query::expr::attribute_known(&p, k) {
                cols.push(Cols::Attribute(k.into()));
            }
        }
        for rows in [Rows::Codes, Rows::Themes] {
            for c in &cols {
                for measure in Measure::ALL {
                    let sp = spec(rows.clone(), c.clone(), measure);
                    let m = compute(&p, &sp).unwrap_or_else(|e| panic!("{e}"));
                    check_totals(&m)?;
                    // Codings by document with code rows: both ways additive.
                    if measure == Measure::Codings && *c == Cols::Documents && rows == Rows::Codes {
                        prop_assert!(m.rows_add && m.cols_add);
                    }
                }
            }
        }
    }
}
