//! Correcting and pseudonymising from the command line: `gloss pseudonymise` and
//! `gloss replace-text`.

mod common;
use common::cli::{gloss, text};

fn project(dir: &std::path::Path) -> String {
    let a = dir.join("Kari.txt");
    let b = dir.join("Jonas.txt");
    std::fs::write(
        &a,
        "Interviewer: Tell me about Ann and the Annual review.\nKari: Ann said it first. Kari's shift at Northside was long.\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        &b,
        "Int: Did Kari work at Northside?\nJonas: Yes, KARI and I. Northside's canteen.\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let p = dir.join("study.gloss").display().to_string();
    let out = gloss(&[
        "import",
        &p,
        &a.display().to_string(),
        &b.display().to_string(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    p
}

#[test]
fn pseudonymise_counts_per_document_and_keeps_the_key_out() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let p = project(dir.path());
    let map = dir.path().join("names.csv");
    std::fs::write(
        &map,
        "real,pseudonym\nKari,Ola\nAnn,Eva\nNorthside,Eastfield\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let map = map.display().to_string();
    let before = std::fs::read(&p).unwrap_or_default();
    let dry = gloss(&["pseudonymise", &p, "--map", &map, "--dry-run"]);
    assert!(dry.status.success(), "{}", text(&dry.stderr));
    let listing = text(&dry.stdout);
    assert!(listing.contains("Kari: 4 replacements"), "{listing}");
    assert!(listing.contains("Jonas: 4 replacements"), "{listing}");
    assert!(listing.contains("[Ann] said"), "{listing}");
    assert_eq!(
        std::fs::read(&p).unwrap_or_default(),
        before,
        "a dry run changes nothing"
    );
    let out_path = dir.path().join("shared.gloss").display().to_string();
    let run = gloss(&["pseudonymise", &p, "--map", &map, "-o", &out_path]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let said = text(&run.stdout);
    assert!(
        said.contains("re-identification check: 0 remaining"),
        "{said}"
    );
    let saved = std::fs::read_to_string(&out_path).unwrap_or_default();
    assert!(saved.contains("Ola's shift at Eastfield"), "{saved}");
    assert!(saved.contains("OLA and I"), "{saved}");
    assert!(saved.contains("Annual review"), "{saved}");
    assert!(
        !saved.contains("Kari") && !saved.contains("Northside"),
        "{saved}"
    );
    assert!(!saved.contains("pseudonym"), "the key must not be stored");
    let check = gloss(&["pseudonymise", &p, "--map", &map, "--check"]);
    assert!(
        text(&check.stdout).contains("remaining occurrences"),
        "{}",
        text(&check.stdout)
    );
    // Names left: a failure a script can stop on; none left: success.
    assert_eq!(check.status.code(), Some(1), "{}", text(&check.stderr));
    assert!(
        text(&check.stderr).contains("remain"),
        "{}",
        text(&check.stderr)
    );
    let clean = gloss(&["pseudonymise", &out_path, "--map", &map, "--check"]);
    assert!(clean.status.success(), "{}", text(&clean.stderr));
}

#[test]
fn a_bad_map_is_refused_naming_its_rows() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let p = project(dir.path());
    let map = dir.path().join("bad.csv");
    std::fs::write(&map, "real,pseudonym\nKari,Ola\nOla,Kari\nAnn,\nKARI,Per\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let before = std::fs::read(&p).unwrap_or_default();
    let out = gloss(&["pseudonymise", &p, "--map", &map.display().to_string()]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("bad.csv"), "{err}");
    assert!(
        err.contains("rows 2 and 3") && err.contains("cycle"),
        "{err}"
    );
    assert!(err.contains("row 4") && err.contains("empty"), "{err}");
    assert!(
        err.contains("rows 2 and 5") && err.contains("twice"),
        "{err}"
    );
    assert_eq!(std::fs::read(&p).unwrap_or_default(), before);
}

#[test]
fn replace_text_reports_and_saves() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let p = project(dir.path());
    let new = dir.path().join("Kari-corrected.txt");
    std::fs::write(
        &new,
        "Interviewer: Tell me about Ann and the yearly review.\nKari: Ann said it first. Kari's long shift at Northside was long.\nKari: An added paragraph.\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let new = new.display().to_string();
    let missing = gloss(&["replace-text", &p, "--document", "Nobody", &new]);
    assert!(!missing.status.success());
    assert!(
        text(&missing.stderr).contains("the documents are"),
        "{}",
        text(&missing.stderr)
    );
    let out = gloss(&["replace-text", &p, "--document", "Kari", &new]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("added"), "{}", text(&out.stdout));
    let saved = std::fs::read_to_string(&p).unwrap_or_default();
    assert!(saved.contains("An added paragraph"), "{saved}");
}

#[test]
fn speakers_are_renamed_merged_and_split() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let p = project(dir.path());
    let out = gloss(&["rename-speaker", &p, "Int", "Interviewer"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("1 paragraph"),
        "{}",
        text(&out.stdout)
    );
    // No paragraph or participant is "Int" any more (the audit trail records the rename).
    let loaded = gloss::store::load(std::path::Path::new(&p)).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        loaded.documents.iter().all(|d| d
            .turns()
            .iter()
            .all(|t| t.speaker.as_deref() != Some("Int")))
            && loaded.participant("Int").is_none()
    );
    assert!(loaded.trail.iter().any(|e| &*e.label == "Rename speaker"));
    let out = gloss(&[
        "split-speaker",
        &p,
        "--document",
        "Kari",
        "--paragraphs",
        "1",
        "Researcher",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let saved = std::fs::read_to_string(&p).unwrap_or_default();
    assert!(saved.contains("\"Researcher\""), "{saved}");
    let bad = gloss(&["rename-speaker", &p, "Nobody", "X"]);
    assert!(!bad.status.success());
    assert!(
        text(&bad.stderr).contains("Nobody"),
        "{}",
        text(&bad.stderr)
    );
}
