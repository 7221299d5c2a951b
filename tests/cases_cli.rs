//! `gloss attributes` and `gloss memos` on the bundled sample: the table as text, JSON and CSV,
//! an import with a dry run first (nothing changes), then for real, and the memo listing.

mod common;
use common::cli::{gloss, sample_file, text};

#[test]
fn attributes_print_as_text_json_and_csv() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = sample_file(dir.path());
    let out = gloss(&["attributes", &path]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    assert!(t.starts_with("Participant"), "{t}");
    assert!(
        t.lines()
            .any(|l| l.starts_with("Astrid") && l.contains("social worker")),
        "{t}"
    );

    let out = gloss(&["attributes", &path, "--of", "documents", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(v["of"], "document");
    assert_eq!(v["rows"].as_array().map(Vec::len), Some(6));
    assert_eq!(v["columns"][0]["name"], "round");
    assert_eq!(v["columns"][0]["type"], "number");

    let out = gloss(&["attributes", &path, "--csv"]);
    let csv = text(&out.stdout);
    assert!(csv.starts_with("Participant,role,site,round\r\n"), "{csv}");

    let out = gloss(&["attributes", &path, "--of", "cases"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("--of participants or --of documents"));
}

#[test]
fn attributes_import_with_a_dry_run_first() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = sample_file(dir.path());
    let csv = dir.path().join("bands.csv");
    std::fs::write(
        &csv,
        "Name;age band;round\nKari;30-39;1\nNobody;40-49;1\nJonas;50-59;first\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let csv = csv.display().to_string();
    let before = std::fs::read(&path).unwrap_or_else(|e| panic!("{e}"));

    let out = gloss(&["attributes", &path, "--import", &csv, "--dry-run"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    assert!(
        t.contains("2 of 3 rows matched a participant; 2 values would change"),
        "{t}"
    );
    assert!(
        t.contains("line 3: no participant is called “Nobody”"),
        "{t}"
    );
    assert!(
        t.contains("line 4: round of “Jonas”: “first” is not a number"),
        "{t}"
    );
    assert!(t.contains("dry run: nothing was changed"), "{t}");
    assert_eq!(std::fs::read(&path).unwrap_or_default(), before);

    let out = gloss(&["attributes", &path, "--import", &csv, "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(v["saved"], true);
    assert_eq!(v["changes"], 2);
    assert_eq!(v["problems"][0]["line"], 4);

    let out = gloss(&["attributes", &path, "--json"]);
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    let kari = v["rows"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r["name"] == "Kari"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(kari["values"]["age band"], "30-39");
}

#[test]
fn memos_list_as_text_and_json() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = sample_file(dir.path());
    let out = gloss(&["memos", &path]);
    assert!(out.status.success());
    assert_eq!(text(&out.stdout), "no memos\n");
    // A journal entry written through the library, then listed.
    let mut p = gloss::store::load(std::path::Path::new(&path)).unwrap_or_else(|e| panic!("{e}"));
    let (e, _) = gloss::cases::memos::create(
        &p,
        gloss::model::Anchor::Project,
        "First week",
        "Expected conflict; found calm.",
        "Ana",
        gloss::model::Timestamp(1_772_442_000_000),
    );
    gloss::edit::apply(&mut p, e).unwrap_or_else(|e| panic!("{e}"));
    gloss::store::save(&p, std::path::Path::new(&path)).unwrap_or_else(|e| panic!("{e}"));
    let out = gloss(&["memos", &path]);
    let t = text(&out.stdout);
    assert!(t.contains("Journal (1)"), "{t}");
    assert!(t.contains("2026-03-02 Journal “First week” (Ana)"), "{t}");
    assert!(t.contains("    Expected conflict; found calm."), "{t}");
    let out = gloss(&["memos", &path, "--json"]);
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(v["memos"][0]["kind"], "journal");
    assert_eq!(v["memos"][0]["author"], "Ana");
    assert_eq!(v["memos"][0]["created"], "2026-03-02T09:00:00Z");
}
