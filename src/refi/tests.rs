use super::*;
use crate::testing::{fixture, op, project_after};
use proptest::prelude::*;

fn round_trip(p: &Project) -> Result<Project, String> {
    let bytes = write::qdpx(p)?;
    read_bytes("test.qdpx", &bytes)
        .map(|i| i.project)
        .map_err(|e| e.to_string())
}

#[test]
fn fixture_survives_a_round_trip() {
    let p = fixture();
    assert_eq!(round_trip(&p), Ok(p));
}

#[test]
fn the_sample_survives_a_round_trip() -> Result<(), String> {
    let mut p =
        crate::store::from_str(crate::SAMPLE_PROJECT, "sample").map_err(|e| e.to_string())?;
    // The sample's review round (format 3) has no place in a REFI-QDA project.
    p.comments.clear();
    p.signoffs.clear();
    p.snapshots.clear();
    p.reindex();
    assert_eq!(round_trip(&p)?, p);
    Ok(())
}

#[test]
fn the_same_project_gives_the_same_bytes() -> Result<(), String> {
    let p = fixture();
    assert_eq!(write::qdpx(&p)?, write::qdpx(&p)?);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn random_projects_survive_a_round_trip(ops in proptest::collection::vec(op(), 0..40)) {
        let mut p = project_after(&ops);
        // Review and team data (format 3) have no place in a REFI-QDA project; memos, typed
        // attributes and the quote attribution travel in Gloss's extras file.
        p.comments.clear();
        p.signoffs.clear();
        p.snapshots.clear();
        p.queries.clear();
        p.conflicts.clear();
        p.settings.blind.clear();
        p.trail.clear();
        prop_assert_eq!(round_trip(&p), Ok(p));
    }
}

/// A `.qdpx` of the given entries, as a test builds one.
fn archive(entries: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, bytes) in entries {
        let _ = zip.start_file(*name, options);
        let _ = zip.write_all(bytes);
    }
    zip.finish().map(|c| c.into_inner()).unwrap_or_default()
}

const HEAD: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="t" origin="test">"#;

fn qde(body: &str) -> String {
    format!("{HEAD}{body}</Project>")
}

fn error_of(bytes: &[u8]) -> String {
    match read_bytes("in.qdpx", bytes) {
        Ok(_) => "imported".to_owned(),
        Err(e) => e.to_string(),
    }
}

const CODES: &str = r##"<Users><User guid="00000000-0000-0000-0000-0000000000aa" name="Ana"/></Users>
<CodeBook><Codes><Code guid="00000000-0000-0000-0000-000000000001" name="Calm" isCodable="true" color="#336699"/>
<Code guid="00000000-0000-0000-0000-000000000002" name="Sleep" isCodable="true"/></Codes></CodeBook>"##;

fn selection(guid: u8, start: usize, end: usize, name: &str, codes: &[u8]) -> String {
    let codings: String = codes
        .iter()
        .map(|c| {
            format!(
                r#"<Coding guid="00000000-0000-0000-0001-00000000{guid:02x}{c:02x}" creatingUser="00000000-0000-0000-0000-0000000000aa"><CodeRef targetGUID="00000000-0000-0000-0000-0000000000{c:02x}"/></Coding>"#
            )
        })
        .collect();
    format!(
        r#"<PlainTextSelection guid="00000000-0000-0000-0002-0000000000{guid:02x}" name="{name}" startPosition="{start}" endPosition="{end}">{codings}</PlainTextSelection>"#
    )
}

fn texts_of(p: &Project) -> Vec<String> {
    let mut v: Vec<_> = p.codings.values().collect();
    v.sort_by_key(|c| (c.range.start, c.code));
    v.iter()
        .filter_map(|c| p.document(c.document).map(|d| d.slice(c.range)))
        .collect()
}

/// ATLAS.ti counts a CRLF as one position over a CRLF file, writes the text (cut with "…")
/// in `name`, and hangs several codings on one selection.
#[test]
fn atlas_ti_counting_is_recognised_by_the_names() -> Result<(), String> {
    let text = "Kari: We slept well 😀 that night.\r\nIver: The ward was calm.\r\nKari: Calm, yes.";
    // Code points with CRLF as one: "The ward was calm." starts after "Iver: ".
    let one = text.replace("\r\n", "\n");
    let cp = |s: &str| one.find(s).map(|b| one[..b].chars().count()).unwrap_or(0);
    let ward = cp("The ward");
    let slept = cp("slept");
    let sels = [
        selection(1, ward, ward + 18, "The ward was calm.", &[1, 2]),
        selection(2, slept, slept + 23, "slept well 😀 that…", &[2]),
    ]
    .concat();
    let body = format!(
        r#"{CODES}<Sources><TextSource guid="00000000-0000-0000-0003-000000000001" name="Interview" plainTextPath="internal://a.txt">{sels}</TextSource></Sources>"#
    );
    let bytes = archive(&[
        ("project.qde", qde(&body).as_bytes()),
        ("sources/a.txt", text.as_bytes()),
    ]);
    let imported = read_bytes("in.qdpx", &bytes).map_err(|e| e.to_string())?;
    assert_eq!(
        texts_of(&imported.project),
        [
            "slept well 😀 that night",
            "The ward was calm.",
            "The ward was calm."
        ]
    );
    let file = &imported.summary.files[0];
    assert_eq!(file.counting, "Unicode code points, CRLF as one");
    assert_eq!(imported.project.documents[0].turns().len(), 3);
    assert_eq!(
        imported.project.documents[0].turns()[1].speaker.as_deref(),
        Some("Iver")
    );
    Ok(())
}

fn one_source(text: &str, sels: &str) -> Vec<u8> {
    let body = format!(
        r#"{CODES}<Sources><TextSource guid="00000000-0000-0000-0003-000000000001" name="Interview" plainTextPath="internal://a.txt">{sels}</TextSource></Sources>"#
    );
    archive(&[
        ("project.qde", qde(&body).as_bytes()),
        ("sources/a.txt", text.as_bytes()),
    ])
}

#[test]
fn zip_slip_is_refused() {
    let bytes = archive(&[
        ("project.qde", qde("").as_bytes()),
        ("../../evil.txt", b"x"),
    ]);
    let e = error_of(&bytes);
    assert!(
        e.contains("in.qdpx") && e.contains("../../evil.txt") && e.contains("zip slip"),
        "{e}"
    );
}

#[test]
fn zip_bombs_are_stopped_by_the_ratio_limit() {
    // 8 MiB of zeros packs into a few kilobytes: far past 200 to 1.
    let zeros = vec![0u8; 8 * 1024 * 1024];
    let bytes = archive(&[("project.qde", &zeros)]);
    let e = error_of(&bytes);
    assert!(e.contains("zip bomb") && e.contains("project.qde"), "{e}");
}

#[test]
fn entities_are_refused_and_never_expanded() {
    let xxe = "<?xml version=\"1.0\"?><!DOCTYPE Project [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\
               <Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"&xxe;\"/>";
    let e = error_of(&archive(&[("project.qde", xxe.as_bytes())]));
    assert!(e.contains("DOCTYPE"), "{e}");
    assert!(!e.contains("root:"), "the file was read: {e}");
    let laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \
                  \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]><Project name=\"&lol2;\"/>";
    assert!(error_of(laughs.as_bytes()).contains("DOCTYPE"));
    // An entity used without a declaration is an error too, not silently dropped.
    let undeclared =
        qde(r#"<Users><User guid="00000000-0000-0000-0000-0000000000aa" name="&who;"/></Users>"#);
    let e = error_of(undeclared.as_bytes());
    assert!(e.contains("who"), "{e}");
}

#[test]
fn a_missing_project_qde_is_named() {
    let e = error_of(&archive(&[("sources/a.txt", b"hello")]));
    assert!(e.contains("no project.qde"), "{e}");
    // Tools also write Project.qde or NAME.qde.
    let ok = archive(&[("Study.qde", qde(CODES).as_bytes())]);
    assert_eq!(error_of(&ok), "imported");
}

#[test]
fn duplicate_guids_and_unknown_namespaces_are_refused() {
    let dup = qde(
        r#"<Users><User guid="00000000-0000-0000-0000-0000000000aa" name="A"/><User guid="{00000000-0000-0000-0000-0000000000AA}" name="B"/></Users>"#,
    );
    let e = error_of(dup.as_bytes());
    assert!(
        e.contains("twice") && e.contains("\"A\"") && e.contains("\"B\""),
        "{e}"
    );
    let foreign = "<Project xmlns=\"urn:example:other\" name=\"x\"/>";
    let e = error_of(foreign.as_bytes());
    assert!(e.contains("urn:example:other"), "{e}");
    // The namespaces seen in the wild, and none, are fine.
    for ns in ["urn:QDA-XML:project:1:0", "urn:QDA-XML:project:0:4"] {
        let ok = format!("\u{feff}<Project xmlns=\"{ns}\" name=\"x\"/>");
        assert_eq!(error_of(ok.as_bytes()), "imported", "{ns}");
    }
    assert_eq!(error_of(b"<Project name=\"x\"/>"), "imported");
}

#[test]
fn dangling_references_and_selections_past_the_end_are_reported() -> Result<(), String> {
    let sels = [
        selection(1, 0, 5, "", &[1, 9]),
        selection(2, 40, 90, "", &[1]),
        selection(3, 3, 2, "", &[2]),
    ]
    .concat();
    let whole = r#"<Coding guid="00000000-0000-0000-0009-000000000001"><CodeRef targetGUID="00000000-0000-0000-0000-000000000001"/></Coding>"#;
    let imported = read_bytes(
        "in.qdpx",
        &one_source("Hello there, all of you.", &format!("{sels}{whole}")),
    )
    .map_err(|e| e.to_string())?;
    assert_eq!(texts_of(&imported.project), ["Hello"]);
    let text = imported.summary.to_string();
    assert!(
        text.contains("1 coding whose code GUID is not in the codebook"),
        "{text}"
    );
    assert!(text.contains("2 could not be placed"), "{text}");
    assert!(
        text.contains("2 selections that lie past the end"),
        "{text}"
    );
    Ok(())
}

#[test]
fn non_text_sources_are_listed_not_dropped() -> Result<(), String> {
    let body = format!(
        r#"{CODES}<Sources><PDFSource guid="00000000-0000-0000-0003-000000000009" name="Report.pdf" path="internal://r.pdf"/></Sources>"#
    );
    let imported = read_bytes("in.qde", qde(&body).as_bytes()).map_err(|e| e.to_string())?;
    assert!(
        imported
            .summary
            .to_string()
            .contains("PDF source \"Report.pdf\"")
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    /// Arbitrary bytes, and damaged copies of a real export, never make the reader panic.
    #[test]
    fn the_reader_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = read_bytes("fuzz.qdpx", &bytes);
        let mut xml = qde(CODES).into_bytes();
        xml.extend_from_slice(&bytes);
        let _ = read_bytes("fuzz.qde", &xml);
    }

    #[test]
    fn damaged_exports_never_make_the_reader_panic(
        cuts in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8)
    ) {
        let good = write::qdpx(&fixture()).unwrap_or_default();
        let text = write::project_qde(&fixture()).into_bytes();
        for mut bytes in [good, text] {
            for (at, b) in &cuts {
                let n = bytes.len().max(1);
                if let Some(x) = bytes.get_mut(at % n) {
                    *x = *b;
                }
            }
            let _ = read_bytes("fuzz.qdpx", &bytes);
        }
    }
}

#[test]
fn the_journal_and_document_memos_are_written_as_notes() {
    use crate::model::{Anchor, Timestamp};
    let mut p = fixture();
    let doc = p.documents[0].id;
    for (anchor, text) in [
        (Anchor::Project, "Day one: calmer than expected."),
        (Anchor::Document(doc), "Recorded in a noisy room."),
    ] {
        let (e, _) = crate::cases::memos::create(&p, anchor, "", text, "tester", Timestamp(1_000));
        let _ = crate::edit::apply(&mut p, e);
    }
    let qde = write::project_qde(&p);
    let note_ids: Vec<String> = p.memos.iter().map(|m| guid::of(m.id.0)).collect();
    for id in &note_ids {
        assert!(qde.contains(&format!("<Note guid=\"{id}\"")), "{qde}");
        assert_eq!(
            qde.matches(&format!("<NoteRef targetGUID=\"{id}\"/>"))
                .count(),
            1
        );
    }
    assert!(qde.contains("Day one: calmer than expected."));
    assert!(qde.contains("name=\"Journal 1970-01-01\""));
    // The document's note reference comes before its variables, as the schema orders them.
    let at_ref = qde.find(&format!("<NoteRef targetGUID=\"{}\"/>", note_ids[1]));
    let at_project_ref = qde.rfind(&format!("<NoteRef targetGUID=\"{}\"/>", note_ids[0]));
    let at_sets = qde.find("<Sets>");
    assert!(at_ref.is_some() && at_project_ref > at_sets, "{qde}");
    // Checked against the official schema where xmllint and the schema are present.
    let xsd =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/refi/xsd/Project.xsd");
    if xsd.exists()
        && let Ok(dir) = tempfile::tempdir()
    {
        let file = dir.path().join("project.qde");
        let _ = std::fs::write(&file, &qde);
        if let Ok(out) = std::process::Command::new("xmllint")
            .arg("--noout")
            .arg("--schema")
            .arg(&xsd)
            .arg(&file)
            .output()
        {
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    // And back: the memos return exactly (through Gloss's extras).
    assert_eq!(round_trip(&p).map(|q| q.memos), Ok(p.memos.clone()));
}
