//! `gloss search`, `gloss query`, `gloss matrix` and `gloss cooccur` on the bundled sample.

mod common;

use common::cli::{gloss, sample_file, text};

fn json(out: &std::process::Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out.stdout)))
}

#[test]
fn search_lists_then_codes_once_under_the_named_coder() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = sample_file(dir.path());
    let listed = json(&gloss(&["search", &path, "night", "--json"]));
    assert_eq!(listed["hits"], 5);
    assert_eq!(listed["codings_added"], 0);
    assert_eq!(listed["results"].as_array().map(Vec::len), Some(5));
    let first = &listed["results"][0];
    for key in ["document", "paragraph", "start", "end", "speaker", "text"] {
        assert!(!first[key].is_null(), "{key} in {first}");
    }
    assert_eq!(first["text"], "night");
    let coded = json(&gloss(&[
        "search",
        &path,
        "night",
        "--code",
        "Night work",
        "--unit",
        "sentence",
        "--coder",
        "Robot",
        "--json",
    ]));
    assert_eq!(coded["codings_added"], 5);
    // Again: already coded by that coder with that code.
    let again = json(&gloss(&[
        "search",
        &path,
        "night",
        "--code",
        "Night work",
        "--unit",
        "sentence",
        "--coder",
        "Robot",
        "--json",
    ]));
    assert_eq!(again["codings_added"], 0);
    let project = gloss::store::load(std::path::Path::new(&path)).unwrap_or_else(|e| panic!("{e}"));
    let robot = project.coder_by_name("Robot").map(|c| c.id);
    assert!(robot.is_some(), "the coder is created");
    let code = project.code_by_name("Night work").map(|c| c.id);
    assert_eq!(
        project
            .codings
            .values()
            .filter(|c| Some(c.code) == code && Some(c.coder) == robot)
            .count(),
        5
    );
    // A bad regular expression is an error, in words.
    let bad = gloss(&["search", &path, "(night", "--regex"]);
    assert!(!bad.status.success());
    assert!(
        text(&bad.stderr).contains("regular expression"),
        "{}",
        text(&bad.stderr)
    );
}

#[test]
fn query_matrix_and_cooccur() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = sample_file(dir.path());
    let q = json(&gloss(&[
        "query",
        &path,
        r#""Dose negotiation" OR "Rules and consistency" WHERE format = individual"#,
        "--json",
    ]));
    assert!(q["passages"].as_u64().is_some_and(|n| n > 0));
    assert_eq!(
        q["results"].as_array().map(Vec::len),
        q["passages"].as_u64().map(|n| n as usize)
    );
    let err = gloss(&["query", &path, r#""Dose negotiation" AND"#]);
    assert!(!err.status.success());
    assert!(
        text(&err.stderr).contains("column 23"),
        "{}",
        text(&err.stderr)
    );

    let m = json(&gloss(&[
        "matrix", &path, "--rows", "codes", "--cols", "format", "--json",
    ]));
    assert_eq!(m["cols"], serde_json::json!(["group", "individual"]));
    let cells = m["cells"].as_array().cloned().unwrap_or_default();
    let sum: u64 = cells
        .iter()
        .flat_map(|r| r.as_array().cloned().unwrap_or_default())
        .filter_map(|v| v.as_u64())
        .sum();
    assert_eq!(Some(sum), m["total"].as_u64());
    assert_eq!(m["total"], 68);
    let p = json(&gloss(&[
        "matrix",
        &path,
        "--rows",
        "themes",
        "--cols",
        "site",
        "--measure",
        "participants",
        "--json",
    ]));
    assert!(p["total"].as_u64().is_some_and(|n| n > 0));
    let csv = gloss(&["matrix", &path, "--cols", "documents", "--csv"]);
    assert!(
        text(&csv.stdout)
            .lines()
            .last()
            .is_some_and(|l| l.starts_with("Total,"))
    );
    let help = text(&gloss(&["matrix", "--help"]).stdout);
    assert!(help.contains("not the sum of its cells"), "{help}");
    let unknown = gloss(&["matrix", &path, "--cols", "rank"]);
    assert!(!unknown.status.success());
    assert!(text(&unknown.stderr).contains("rank"));
    let c = json(&gloss(&["cooccur", &path, "--json"]));
    assert_eq!(c["codes"].as_array().map(Vec::len), Some(12));
}

#[test]
fn charts_save_as_svg_and_png() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = sample_file(dir.path());
    let svg = dir.path().join("bars.svg");
    let out = gloss(&[
        "chart",
        &path,
        "--kind",
        "bars",
        "--group",
        "site",
        "--out",
        &svg.display().to_string(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let body = std::fs::read_to_string(&svg).unwrap_or_default();
    assert!(
        body.starts_with("<svg") && body.contains("Northside"),
        "{body}"
    );
    let png = dir.path().join("heat.png");
    let out = gloss(&[
        "chart",
        &path,
        "--kind",
        "heatmap",
        "--same-turn",
        "--out",
        &png.display().to_string(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let bytes = std::fs::read(&png).unwrap_or_default();
    assert!(bytes.starts_with(b"\x89PNG") && bytes.len() > 2000);
    let bad = gloss(&[
        "chart",
        &path,
        "--out",
        &dir.path().join("x.gif").display().to_string(),
    ]);
    assert!(!bad.status.success());
    assert!(text(&bad.stderr).contains(".svg or .png"));
}
