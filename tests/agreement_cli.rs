//! `gloss agreement` and the coded-segment export as a user runs them from a shell.

mod common;
use common::cli::{gloss, text};
use gloss::model::{
    Code, Coder, Coding, CodingId, Document, Project, Rgb, TextRange, Timestamp, Turn,
};

/// Four turns; Ana codes X on turns 1 and 2, Ben on turns 2 and 3 (counted by hand in
/// `src/query/agreement/tests.rs`: kappa 0, alpha 0.125, percent 50).
fn project(dir: &std::path::Path) -> String {
    let mut p = Project::named("two coders");
    let (a, b) = (Coder::new("Ana"), Coder::new("Ben"));
    let ids = [a.id, b.id];
    p.coders.extend([a, b]);
    let x = Code::new("Worry", Rgb([1, 2, 3]));
    let y = Code::new("Calm", Rgb([3, 2, 1]));
    let (x, y) = (x.clone(), y.clone());
    let xid = x.id;
    p.codes.extend([x, y]);
    let mut d = Document::new(
        "Interview",
        ["one", "two", "three", "four"]
            .iter()
            .map(|t| Turn::new(Some("P"), t))
            .collect(),
    );
    d.attributes.insert("site".into(), "North".into());
    let starts = d.turn_starts().to_vec();
    let lens: Vec<usize> = d.turns().iter().map(|t| t.text.len()).collect();
    let doc = d.id;
    p.documents.push(d.into());
    for (coder, turn) in [(0, 0), (0, 1), (1, 1), (1, 2)] {
        let id = CodingId::new();
        p.codings.insert(
            id,
            Coding {
                id,
                document: doc,
                code: xid,
                range: TextRange::new(starts[turn], starts[turn] + lens[turn]),
                coder: ids[coder],
                created: Timestamp(0),
            },
        );
    }
    p.reindex();
    let path = dir.join("two.gloss");
    gloss::store::save(&p, &path).unwrap_or_else(|e| panic!("{e}"));
    path.display().to_string()
}

#[test]
fn agreement_json_has_one_object_per_code_and_overall() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = project(dir.path());
    let out = gloss(&["agreement", &path, "--coders", "Ana,Ben", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    let rows = v.as_array().unwrap_or_else(|| panic!("not an array: {v}"));
    assert_eq!(rows.len(), 3);
    let keys = [
        "code", "units", "percent", "kappa", "alpha", "a_only", "b_only", "both",
    ];
    for r in rows {
        let o = r.as_object().unwrap_or_else(|| panic!("{r}"));
        assert_eq!(o.len(), keys.len(), "{r}");
        for k in keys {
            assert!(o.contains_key(k), "{k} missing in {r}");
        }
    }
    let worry = &rows[0];
    assert_eq!(worry["code"], "Worry");
    assert_eq!(worry["units"], 4);
    assert_eq!(worry["a_only"], 1);
    assert_eq!(worry["b_only"], 1);
    assert_eq!(worry["both"], 1);
    assert!((worry["percent"].as_f64().unwrap_or(-1.0) - 50.0).abs() < 1e-9);
    assert!(worry["kappa"].as_f64().unwrap_or(-1.0).abs() < 1e-9);
    assert!((worry["alpha"].as_f64().unwrap_or(-1.0) - 0.125).abs() < 1e-9);
    // Nobody used Calm: kappa and alpha are undefined, written as null.
    assert_eq!(rows[1]["code"], "Calm");
    assert!(rows[1]["kappa"].is_null() && rows[1]["alpha"].is_null());
    assert_eq!(rows[2]["code"], "overall");

    // Only Worry, by character, on documents of one site.
    let out = gloss(&[
        "agreement",
        &path,
        "--coders",
        "ana, Ben",
        "--unit",
        "char",
        "--codes",
        "worry",
        "--where",
        "site=north",
        "--json",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    // Characters coded by someone: "one", "two", "three" = 11; both coded "two".
    assert_eq!(v[0]["units"], 11);
    assert_eq!(v[0]["both"], 3);
    assert_eq!(v[1]["code"], "overall");

    // The text table states the rule.
    let out = gloss(&["agreement", &path, "--coders", "Ana,Ben", "--unit", "char"]);
    assert!(out.status.success());
    let t = text(&out.stdout);
    assert!(t.contains("only characters that at least one"), "{t}");
    assert!(t.contains("Worry") && t.contains("overall"), "{t}");
}

#[test]
fn unknown_names_fail_naming_what_exists() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = project(dir.path());
    let out = gloss(&["agreement", &path, "--coders", "Ana,Zed"]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("Zed") && err.contains("Ana, Ben"), "{err}");
    let out = gloss(&[
        "agreement",
        &path,
        "--coders",
        "Ana,Ben",
        "--codes",
        "Worry,Nope",
    ]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("Nope") && err.contains("Worry, Calm"), "{err}");
    let out = gloss(&["agreement", &path, "--coders", "Ana"]);
    assert!(!out.status.success());
    let out = gloss(&["agreement", &path, "--coders", "Ana,Ben", "--unit", "word"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("turn, sentence or char"));
}

#[test]
fn segment_export_has_the_columns_agreement_checks_need() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = project(dir.path());
    let out_path = dir.path().join("seg.csv");
    let out = gloss(&[
        "export",
        &path,
        "--format",
        "segments",
        "-o",
        &out_path.display().to_string(),
        "--no-bom",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let csv = std::fs::read_to_string(&out_path).unwrap_or_default();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
    };
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 4);
    // Ben's coding of "three": the third turn, characters 8..13 ("one\ntwo\n" is 8).
    let three = rows
        .iter()
        .find(|r| r[col("text")] == "three")
        .unwrap_or_else(|| panic!("no row for three: {rows:?}"));
    assert_eq!(three[col("document")], "Interview");
    assert_eq!(three[col("paragraph")], "3");
    assert_eq!(three[col("start")], "8");
    assert_eq!(three[col("end")], "13");
    assert_eq!(three[col("speaker")], "P");
    assert_eq!(three[col("code")], "Worry");
    assert_eq!(three[col("code_path")], "Worry");
    assert_eq!(three[col("coder")], "Ben");
}
