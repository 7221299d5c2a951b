use super::*;
use crate::testing::{fixture, op, project_after};
use proptest::prelude::*;

fn sample() -> Project {
    from_str(crate::SAMPLE_PROJECT, "sample").unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn bundled_sample_loads_and_is_rich() {
    let p = sample();
    assert_eq!(p.documents.len(), 6);
    assert!(p.codes.len() >= 10);
    assert!(p.codings.len() >= 45);
    let groups: Vec<&str> = p.child_themes(None).map(|t| t.name.as_str()).collect();
    assert_eq!(groups, ["Rewarding", "Challenging"]);
    assert!(validate(&p).is_empty());
}

#[test]
fn save_then_load_is_identity_and_bytes_are_deterministic() {
    let p = sample();
    let text = to_string(&p).unwrap_or_default();
    assert_eq!(from_str(&text, "t").ok(), Some(p.clone()));
    assert_eq!(
        to_string(&p).unwrap_or_default(),
        text,
        "same project, same bytes"
    );
    assert_eq!(
        text,
        crate::SAMPLE_PROJECT,
        "the bundled file is in canonical form"
    );
}

#[test]
fn one_coding_per_line() {
    let text = to_string(&sample()).unwrap_or_default();
    let coding_lines = text
        .lines()
        .filter(|l| {
            // A comment on a passage has a range too, but no code.
            l.trim_start().starts_with("(id:") && l.contains("range:") && l.contains(" code: ")
        })
        .count();
    assert_eq!(coding_lines, sample().codings.len());
}

#[test]
fn awkward_strings_round_trip() {
    let mut p = fixture();
    p.name = "quotes \" and raw \"# hashes ## and \\ backslash".into();
    let doc = std::sync::Arc::make_mut(&mut p.documents[1]);
    let mut turns = doc.turns().to_vec();
    turns[1].text = "She said \"no\"#, then r#\"x\"# and \\n, tab\there".into();
    doc.set_turns(turns);
    let text = to_string(&p).unwrap_or_default();
    let back = from_str(&text, "t");
    assert!(back.is_ok(), "{:?}\n{}", back.err(), &text[..600]);
    assert_eq!(back.ok(), Some(p));
}

#[test]
fn malformed_file_names_line_and_column() {
    let text = to_string(&sample()).unwrap_or_default();
    let broken = text.replacen("codes: [", "codes: [ oops", 1);
    let err = from_str(&broken, "broken.gloss")
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    let line = broken
        .lines()
        .position(|l| l.contains("oops"))
        .map_or(0, |i| i + 1);
    assert!(err.starts_with(&format!("broken.gloss:{line}:")), "{err}");
    assert!(err.contains("not changed"), "{err}");
}

#[test]
fn truncated_file_is_an_error() {
    let text = to_string(&sample()).unwrap_or_default();
    for cut in [10, text.len() / 3, text.len() - 3] {
        let mut end = cut;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        assert!(from_str(&text[..end], "cut.gloss").is_err(), "cut at {cut}");
    }
}

#[test]
fn wrong_versions_are_refused_with_both_numbers() {
    let text = to_string(&fixture()).unwrap_or_default();
    let newer = text.replacen("format_version: 3", "format_version: 7", 1);
    let err = from_str(&newer, "new.gloss")
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("format 7") && err.contains("up to 3"), "{err}");
    let zero = text.replacen("format_version: 3", "format_version: 0", 1);
    assert!(matches!(
        from_str(&zero, "z"),
        Err(StoreError::NotAProject { .. })
    ));
    let none = text.replacen("format_version: 3,", "", 1);
    assert!(matches!(
        from_str(&none, "n"),
        Err(StoreError::NotAProject { .. })
    ));
}

#[test]
fn dangling_references_are_reported() {
    let p = fixture();
    let text = to_string(&p).unwrap_or_default();
    let code = p.codes[0].id.to_string();
    // Point the coding at a code id that does not exist.
    let broken = text.replace(
        &format!("code: \"{code}\""),
        "code: \"00000000-0000-4000-8000-000000000000\"",
    );
    let err = from_str(&broken, "d.gloss")
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.contains("damaged") && err.contains("code that does not exist"),
        "{err}"
    );
}

#[test]
fn save_is_atomic_and_leaves_no_temp_files() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("p.gloss");
    let p = sample();
    assert!(save(&p, &path).is_ok());
    let mut q = p.clone();
    q.name = "changed".into();
    assert!(save(&q, &path).is_ok());
    assert_eq!(load(&path).ok(), Some(q));
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .map(|r| r.filter_map(|e| e.ok()).map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn failed_save_reports_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("missing-folder").join("p.gloss");
    let err = save(&fixture(), &path)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.starts_with("Could not write") && err.contains("p.gloss"),
        "{err}"
    );
    assert!(!path.exists());
}

#[test]
fn missing_and_non_utf8_files_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let missing = dir.path().join("nope.gloss");
    let err = load(&missing)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.contains("Could not read") && err.contains("nope.gloss"),
        "{err}"
    );
    let binary = dir.path().join("bin.gloss");
    assert!(std::fs::write(&binary, [0xff, 0xfe, 0, 1]).is_ok());
    assert!(matches!(load(&binary), Err(StoreError::NotUtf8 { .. })));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Save then load is the identity for any project the edits can make.
    #[test]
    fn round_trip_after_random_edits(ops in prop::collection::vec(op(), 0..30)) {
        let p = project_after(&ops);
        let text = to_string(&p).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let back = from_str(&text, "t").map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(back, p);
    }

    /// The loader never panics on mangled input: it returns a project or an error.
    #[test]
    fn loader_survives_mangled_files(cut in 0usize..4000, byte in any::<u8>(), at in 0usize..4000) {
        let text = to_string(&fixture()).unwrap_or_default();
        let mut bytes = text.into_bytes();
        let at = at % bytes.len();
        bytes[at] = byte;
        bytes.truncate(cut.max(1).min(bytes.len()));
        if let Ok(s) = String::from_utf8(bytes) {
            let _ = from_str(&s, "m");
        }
    }
}
