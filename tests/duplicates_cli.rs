//! `gloss import` skips a transcript whose text is already in the project (line endings and
//! spacing aside), with a note naming the document, unless `--allow-duplicates`.

mod common;
use common::cli::{gloss, text};

#[test]
fn importing_the_same_transcript_twice_skips_it_unless_allowed() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let project = dir.path().join("study.gloss");
    let first = dir.path().join("round1.txt");
    let same = dir.path().join("round1-copy.txt");
    let other = dir.path().join("round2.txt");
    std::fs::write(
        &first,
        "Interviewer: How did it start?\nNils: Slowly,  at first.\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // The same text with Windows line endings and different spacing.
    std::fs::write(
        &same,
        "Interviewer: How did it start?\r\nNils: Slowly, at first. \r\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&other, "Interviewer: And now?\nNils: Busy.\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let p = project.display().to_string();
    let o = gloss(&["import", &p, &first.display().to_string()]);
    assert!(o.status.success(), "{}", text(&o.stderr));

    let o = gloss(&[
        "import",
        &p,
        &same.display().to_string(),
        &other.display().to_string(),
    ]);
    let out = text(&o.stdout);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        out.contains("round1-copy.txt: skipped, its text is already in the project as “round1”"),
        "{out}"
    );
    assert!(out.contains("1 imported, 0 failed, 1 skipped"), "{out}");
    let loaded = gloss::store::load(&project).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.documents.len(), 2);

    // The same file twice in one batch: the second is skipped too.
    let o = gloss(&[
        "import",
        &p,
        &first.display().to_string(),
        &same.display().to_string(),
    ]);
    assert!(
        text(&o.stdout).contains("0 imported, 0 failed, 2 skipped"),
        "{}",
        text(&o.stdout)
    );

    let o = gloss(&[
        "import",
        &p,
        &same.display().to_string(),
        "--allow-duplicates",
    ]);
    assert!(o.status.success());
    assert!(
        text(&o.stdout).contains("1 imported, 0 failed;"),
        "{}",
        text(&o.stdout)
    );
    let loaded = gloss::store::load(&project).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.documents.len(), 3);
}
