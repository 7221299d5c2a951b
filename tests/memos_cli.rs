//! `gloss memos PATH --write TEXT`: a journal entry, a memo on a document, on a passage (byte
//! offsets as `gloss search --json` prints them) and on a participant, each saved; mistakes
//! named and nothing changed.

mod common;
use common::cli::{gloss, sample_file, text};
use gloss::model::Anchor;

fn load(path: &str) -> gloss::model::Project {
    gloss::store::load(std::path::Path::new(path)).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn memos_are_written_on_the_journal_a_document_a_passage_and_a_participant() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = sample_file(dir.path());
    let p = load(&path);
    let doc = &p.documents[0];
    let title = doc.title.clone();
    // A passage found by search, as its JSON gives it.
    let out = gloss(&["search", &path, "night", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    let hit = &v["results"][0];
    let (Some(start), Some(end), Some(in_doc)) = (
        hit["start"].as_u64(),
        hit["end"].as_u64(),
        hit["document"].as_str(),
    ) else {
        panic!("a hit with its place: {v}")
    };
    let (start, end) = (start.to_string(), end.to_string());

    for args in [
        vec![
            "--write",
            "First week: calmer than expected.",
            "--title",
            "Week 1",
        ],
        vec![
            "--write",
            "Recorded in the staff room.",
            "--document",
            &title,
        ],
        vec![
            "--write",
            "Night shifts again.",
            "--document",
            in_doc,
            "--start",
            &start,
            "--end",
            &end,
            "--coder",
            "Ana",
        ],
        vec!["--write", "Trained the others.", "--participant", "Kari"],
    ] {
        let mut all = vec!["memos", path.as_str()];
        all.extend(args);
        let out = gloss(&all);
        assert!(out.status.success(), "{all:?}: {}", text(&out.stderr));
        assert!(text(&out.stdout).starts_with("wrote a memo on"));
    }
    let p = load(&path);
    let anchors: Vec<(&Anchor, &str)> = p
        .memos
        .iter()
        .map(|m| (&m.anchor, m.text.as_str()))
        .collect();
    assert_eq!(anchors.len(), 4);
    assert_eq!(
        anchors[0],
        (&Anchor::Project, "First week: calmer than expected.")
    );
    assert_eq!(p.memos[0].title, "Week 1");
    assert_eq!(
        anchors[1],
        (&Anchor::Document(doc.id), "Recorded in the staff room.")
    );
    let Anchor::Passage { document, range } = anchors[2].0 else {
        panic!("a passage memo: {:?}", anchors[2])
    };
    let Some(d) = p.document(*document) else {
        panic!("its document")
    };
    assert_eq!(d.title, in_doc);
    assert_eq!(d.slice(*range).to_lowercase(), "night");
    assert_eq!(
        p.coder(p.memos[2].author).map(|c| c.name.as_str()),
        Some("Ana")
    );
    assert_eq!(
        anchors[3],
        (&Anchor::Participant("Kari".into()), "Trained the others.")
    );
    // The listing shows them.
    let out = gloss(&["memos", &path]);
    let t = text(&out.stdout);
    assert!(
        t.contains("Passage memos (1)") && t.contains("Night shifts again."),
        "{t}"
    );
}

#[test]
fn mistakes_are_named_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = sample_file(dir.path());
    let before = std::fs::read(&path).unwrap_or_else(|e| panic!("{e}"));
    for (args, says) in [
        (
            vec!["--write", "x", "--document", "No such"],
            "--document No such",
        ),
        (
            vec!["--write", "x", "--participant", "Nobody"],
            "--participant Nobody",
        ),
        (
            vec![
                "--write",
                "x",
                "--document",
                "1",
                "--start",
                "9",
                "--end",
                "3",
            ],
            "--start 9 --end 3",
        ),
        (
            vec![
                "--write",
                "x",
                "--document",
                "1",
                "--start",
                "0",
                "--end",
                "999999999",
            ],
            "bytes long",
        ),
        (vec!["--write", "  "], "give the memo's text"),
    ] {
        let mut all = vec!["memos", path.as_str()];
        all.extend(args);
        let out = gloss(&all);
        assert!(!out.status.success(), "{all:?} should fail");
        let err = text(&out.stderr);
        assert!(
            err.contains(says) && err.contains("nothing was changed"),
            "{all:?}: {err}"
        );
    }
    // --start without --write (or without --end) is refused by the argument parser.
    assert!(!gloss(&["memos", &path, "--start", "1"]).status.success());
    assert_eq!(
        std::fs::read(&path).unwrap_or_else(|e| panic!("{e}")),
        before
    );
}
