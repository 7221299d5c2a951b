//! The headless commands, run as a user would from a shell.

mod common;
use common::cli::{gloss, sample_file, text};

#[test]
fn help_lists_the_commands() {
    let out = gloss(&["--help"]);
    assert!(out.status.success());
    let help = text(&out.stdout);
    for word in ["info", "import", "PATH"] {
        assert!(help.contains(word), "{help}");
    }
}

#[test]
fn info_json_counts_the_sample() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = gloss(&["info", &sample_file(dir.path()), "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(v["documents"], 6);
    assert_eq!(v["codes"], 12);
    assert_eq!(v["themes"], 8);
    assert_eq!(v["codings"], 68);
    assert!(v["words"].as_u64().is_some_and(|w| w > 5000));
}

#[test]
fn info_on_a_malformed_file_names_line_and_column() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("bad.gloss");
    let broken = gloss::SAMPLE_PROJECT.replacen("codes: [", "codes: [ 42 oops", 1);
    std::fs::write(&path, &broken).unwrap_or_else(|e| panic!("{e}"));
    let before = std::fs::read(&path).unwrap_or_default();
    let out = gloss(&["info", &path.display().to_string(), "--json"]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    let line = broken
        .lines()
        .position(|l| l.contains("oops"))
        .map_or(0, |i| i + 1);
    assert!(err.contains(&format!("bad.gloss:{line}:")), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    assert_eq!(
        std::fs::read(&path).unwrap_or_default(),
        before,
        "nothing overwritten"
    );
}

#[test]
fn info_on_a_missing_file_fails_clearly() {
    let out = gloss(&["info", "/nonexistent/x.gloss", "--json"]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("Could not read /nonexistent/x.gloss"), "{err}");
}

#[test]
fn import_creates_the_project_and_reports_each_file() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let t1 = dir.path().join("one.txt");
    let t2 = dir.path().join("two.txt");
    let bad = dir.path().join("three.docx");
    std::fs::write(&t1, "Interviewer: Hello?\nKari: Hi there.\n").unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&t2, "\u{feff}# Second\r\n\r\nJonas: Calm 👍🏽.\r\n")
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&bad, b"PK\x03\x04").unwrap_or_else(|e| panic!("{e}"));
    let project = dir.path().join("new.gloss");
    let p = project.display().to_string();
    let out = gloss(&[
        "import",
        &p,
        &t1.display().to_string(),
        &t2.display().to_string(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    assert!(
        report.contains("one.txt: 2 speakers, 2 turns, 3 words"),
        "{report}"
    );
    let info = gloss(&["info", &p, "--json"]);
    let v: serde_json::Value =
        serde_json::from_slice(&info.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(v["documents"], 2);

    // A file that cannot be read fails the command but the others still land.
    let out = gloss(&[
        "import",
        &p,
        &bad.display().to_string(),
        &t1.display().to_string(),
    ]);
    assert!(!out.status.success());
    assert!(text(&out.stdout).contains("three.docx"));
    // one.txt is already in the project: skipped with a note (--allow-duplicates adds a copy).
    assert!(
        text(&out.stdout).contains("one.txt: skipped, its text is already in the project"),
        "{}",
        text(&out.stdout)
    );
    let info = gloss(&["info", &p, "--json"]);
    let v: serde_json::Value =
        serde_json::from_slice(&info.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(v["documents"], 2);
}

#[test]
fn export_writes_each_format_by_extension() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let project = sample_file(dir.path());
    for (format, file, needle) in [
        (
            "theme-table",
            "t.md",
            "| Group | Theme | Involves | Concerns |",
        ),
        ("theme-table", "t.csv", "Group,Theme,Involves,Concerns"),
        ("theme-report", "r.md", "## Rewarding"),
        ("theme-report", "r.html", "<h2>Rewarding</h2>"),
        ("codebook", "c.md", "## Stabilisation observed"),
        ("codebook", "c.csv", "Name,Path,Colour,Definition"),
    ] {
        let out = dir.path().join(file);
        let o = out.display().to_string();
        let run = gloss(&["export", &project, "--format", format, "-o", &o]);
        assert!(
            run.status.success(),
            "{format} {file}: {}",
            text(&run.stderr)
        );
        let written = std::fs::read_to_string(&out).unwrap_or_else(|e| panic!("{e}"));
        assert!(written.contains(needle), "{file}:\n{written}");
    }
    let bad = gloss(&[
        "export",
        &project,
        "--format",
        "theme-report",
        "-o",
        &dir.path().join("r.csv").display().to_string(),
    ]);
    assert!(!bad.status.success());
    assert!(text(&bad.stderr).contains("should end in .md or .html"));
}

#[test]
fn a_codebook_carries_to_a_new_project() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let project = sample_file(dir.path());
    let book = dir.path().join("book.csv").display().to_string();
    let out = gloss(&["export", &project, "--format", "codebook", "-o", &book]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let fresh = dir.path().join("fresh.gloss").display().to_string();
    let transcript = dir.path().join("t.txt");
    std::fs::write(&transcript, "Kari: hello\n").unwrap_or_else(|e| panic!("{e}"));
    let out = gloss(&["import", &fresh, &transcript.display().to_string()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = gloss(&["import-codebook", &fresh, &book]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("12 codes added, 0 already present"));
    let out = gloss(&["info", &fresh, "--json"]);
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(v["codes"], 12);
    let again = gloss(&["import-codebook", &fresh, &book]);
    assert!(text(&again.stdout).starts_with("0 codes added, 12 already present"));
}
