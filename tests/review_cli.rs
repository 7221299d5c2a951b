//! `gloss snapshot`, `gloss diff`, `gloss export --format review` and the review figures of
//! `gloss info --json`, through the real binary.

mod common;

use common::cli::{gloss, sample_file, text};

#[test]
fn snapshot_diff_and_info() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = sample_file(dir.path());

    // info --json names the review figures.
    let out = gloss(&["info", &path, "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(v["comments"], 6);
    assert_eq!(v["open_comments"], 3);
    assert_eq!(v["signoffs"], 3);
    assert_eq!(v["snapshots"], serde_json::json!(["Conference abstract"]));

    // A new snapshot: exit 0, one line; the same label again is refused and nothing changes.
    let out = gloss(&["snapshot", &path, "--name", "Round 1 review"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert_eq!(said.lines().count(), 1, "{said}");
    assert!(said.contains("Round 1 review"), "{said}");
    let before = std::fs::read(&path).unwrap_or_else(|e| panic!("{e}"));
    let out = gloss(&["snapshot", &path, "--name", "round 1 review"]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("already exists") && err.contains("nothing was changed"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap_or_else(|e| panic!("{e}")),
        before
    );

    // The diff from the abstract to now, as Markdown: the two merges are merges.
    let out = gloss(&["diff", &path, "--from", "Conference abstract"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let md = text(&out.stdout);
    assert!(
        md.starts_with("# Changes from “Conference abstract” to now"),
        "{md}"
    );
    assert!(
        md.contains(
            "Merged “Smoother than expected” and “Clinic milieu and patient-clinician \
             relations” into “A calm clinic and good relations”"
        ),
        "{md}"
    );
    assert!(
        !md.contains("**removed**"),
        "a merge was read as a removal: {md}"
    );

    // Between two snapshots, as JSON; the new snapshot equals now, so it has no changes.
    let out = gloss(&[
        "diff",
        &path,
        "--from",
        "Round 1 review",
        "--to",
        "Round 1 review",
        "--json",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(v["changes"], serde_json::json!([]));
    let out = gloss(&[
        "diff",
        &path,
        "--from",
        "Conference abstract",
        "--to",
        "Round 1 review",
        "--json",
    ]);
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    let merges = v["changes"]
        .as_array()
        .map(|a| a.iter().filter(|c| c["change"] == "merged").count());
    assert_eq!(merges, Some(2));

    // An unknown label exits non-zero and names the labels that exist.
    let out = gloss(&["diff", &path, "--from", "Submitted"]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("\"Submitted\"")
            && err.contains("\"Conference abstract\", \"Round 1 review\""),
        "{err}"
    );
}

#[test]
fn the_review_report() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = sample_file(dir.path());
    let md_path = dir.path().join("review.md");
    let md_out = md_path.display().to_string();
    let out = gloss(&["export", &path, "--format", "review", "-o", &md_out]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let md = std::fs::read_to_string(&md_path).unwrap_or_else(|e| panic!("{e}"));
    for want in [
        "review report",
        "### Seeing harm reduced",
        "Sign-off: approved by Ingrid (supervisor) on",
        // Approved, then reworded by the analyst.
        "Changed since the sign-off:",
        "Sign-off: changes requested by Ingrid (supervisor)",
        // An open comment with its passage quoted.
        "That inconsistency caused more trouble than the rudeness itself.",
        "## Changes since the latest snapshot",
        "Compared with the snapshot “Conference abstract”",
    ] {
        assert!(md.contains(want), "missing {want:?} in:\n{md}");
    }
    // Resolved threads are not listed as open.
    assert!(!md.contains("Lovely quote"), "{md}");
    let html_path = dir.path().join("review.html");
    let html_out = html_path.display().to_string();
    let out = gloss(&["export", &path, "--format", "review", "-o", &html_out]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let html = std::fs::read_to_string(&html_path).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        html.starts_with("<!DOCTYPE html>") && html.contains("<del>"),
        "{html}"
    );
    // A review report is Markdown or HTML only.
    let out = gloss(&["export", &path, "--format", "review", "-o", "x.csv"]);
    assert!(!out.status.success());
}
