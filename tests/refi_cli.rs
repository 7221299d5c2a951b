//! REFI-QDA from the command line: `gloss convert`, codebook and segment exports, codebook
//! import; exports checked against the official schemas with `xmllint` where it is installed
//! and `../shared/refi/xsd` is present (skipped otherwise).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::cli::{gloss, sample_file, text};

fn shared(rel: &str) -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/refi")
        .join(rel);
    p.exists().then_some(p)
}

/// `xmllint --schema XSD FILE` if xmllint and the schema are both there; `None` to skip.
fn xmllint(xsd: &str, file: &Path) -> Option<Output> {
    let schema = shared(&format!("xsd/{xsd}"))?;
    let out = Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(&schema)
        .arg(file)
        .output();
    match out {
        Ok(o) => Some(o),
        Err(_) => {
            eprintln!("skipped: xmllint is not installed (Debian: libxml2-utils)");
            None
        }
    }
}

fn entry(archive: &Path, name: &str) -> Vec<u8> {
    let file = std::fs::File::open(archive).unwrap_or_else(|e| panic!("{e}"));
    let mut zip = zip::ZipArchive::new(file).unwrap_or_else(|e| panic!("{e}"));
    let mut f = zip.by_name(name).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut out = Vec::new();
    f.read_to_end(&mut out).unwrap_or_else(|e| panic!("{e}"));
    out
}

#[test]
fn convert_to_qdpx_and_back_loses_nothing() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let src = sample_file(dir.path());
    let qdpx = dir.path().join("s.qdpx");
    let back = dir.path().join("back.gloss");
    let out = gloss(&["convert", &src, &qdpx.display().to_string()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let again = dir.path().join("again.qdpx");
    let _ = gloss(&["convert", &src, &again.display().to_string()]);
    assert_eq!(
        std::fs::read(&qdpx).ok(),
        std::fs::read(&again).ok(),
        "the same project gives the same archive"
    );
    let out = gloss(&[
        "convert",
        &qdpx.display().to_string(),
        &back.display().to_string(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("(written by Gloss)"),
        "{}",
        text(&out.stdout)
    );
    let mut a = gloss::store::load(Path::new(&src)).unwrap_or_else(|e| panic!("{e}"));
    let b = gloss::store::load(&back).unwrap_or_else(|e| panic!("{e}"));
    // The sample's review round (comments, sign-offs, snapshots) has no place in REFI-QDA.
    a.comments.clear();
    a.signoffs.clear();
    a.snapshots.clear();
    a.reindex();
    assert_eq!(a, b);

    // The text files are exact UTF-8 with LF and no BOM.
    let first = &a.documents[0];
    let txt = entry(
        &qdpx,
        &format!("sources/{}.txt", first.id.to_string().to_uppercase()),
    );
    assert!(!txt.starts_with(b"\xEF\xBB\xBF") && !txt.contains(&b'\r'));
    let joined: Vec<&str> = first.turns().iter().map(|t| t.text.as_str()).collect();
    assert_eq!(text(&txt), joined.join("\n"));

    let qde = dir.path().join("project.qde");
    std::fs::write(&qde, entry(&qdpx, "project.qde")).unwrap_or_else(|e| panic!("{e}"));
    if let Some(o) = xmllint("Project.xsd", &qde) {
        assert!(o.status.success(), "{}", text(&o.stderr));
    }
}

#[test]
fn bad_conversions_write_nothing() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let src = sample_file(dir.path());
    let out_path = dir.path().join("x.docx");
    let out = gloss(&["convert", &src, &out_path.display().to_string()]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("nothing was written"),
        "{}",
        text(&out.stderr)
    );
    assert!(!out_path.exists());

    // A damaged archive: a clear one-line error naming the file, and no project written.
    let bad = dir.path().join("bad.qdpx");
    std::fs::write(&bad, b"PK\x03\x04 not really a zip").unwrap_or_else(|e| panic!("{e}"));
    let target = dir.path().join("bad.gloss");
    let out = gloss(&[
        "convert",
        &bad.display().to_string(),
        &target.display().to_string(),
    ]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("bad.qdpx") && err.contains("Nothing was imported"),
        "{err}"
    );
    assert!(!target.exists());
}

#[test]
fn codebook_and_segment_exports() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let src = sample_file(dir.path());
    let qdc = dir.path().join("cb.qdc");
    let out = gloss(&[
        "export",
        &src,
        "--format",
        "codebook",
        "-o",
        &qdc.display().to_string(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    if let Some(o) = xmllint("Codebook.xsd", &qdc) {
        assert!(o.status.success(), "{}", text(&o.stderr));
    }
    // Into a new project: every code comes back, in the same tree.
    let fresh = dir.path().join("fresh.gloss");
    let empty = gloss::model::Project::named("fresh");
    gloss::store::save(&empty, &fresh).unwrap_or_else(|e| panic!("{e}"));
    let out = gloss(&[
        "import-codebook",
        &fresh.display().to_string(),
        &qdc.display().to_string(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let sample = gloss::store::load(Path::new(&src)).unwrap_or_else(|e| panic!("{e}"));
    let back = gloss::store::load(&fresh).unwrap_or_else(|e| panic!("{e}"));
    let names = |p: &gloss::model::Project| {
        let mut v: Vec<String> = p.codes.iter().map(|c| c.name.clone()).collect();
        v.sort();
        v
    };
    assert_eq!(names(&back), names(&sample));

    for (name, flag, bom) in [("s.csv", None, true), ("n.csv", Some("--no-bom"), false)] {
        let path = dir.path().join(name);
        let mut args = vec!["export", &src, "--format", "segments", "-o"];
        let shown = path.display().to_string();
        args.push(&shown);
        args.extend(flag);
        let out = gloss(&args);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let bytes = std::fs::read(&path).unwrap_or_default();
        assert_eq!(bytes.starts_with(b"\xEF\xBB\xBF"), bom, "{name}");
        let body = text(&bytes);
        assert!(body.contains(
            "document,paragraph,start,end,speaker,timestamp,code,code_path,themes,coder,text"
        ));
        // One row per coding (68 in the sample), plus the header.
        let rows = csv::Reader::from_reader(body.trim_start_matches('\u{feff}').as_bytes())
            .records()
            .count();
        assert_eq!(rows, 68);
    }
    let xlsx = dir.path().join("s.xlsx");
    let out = gloss(&[
        "export",
        &src,
        "--format",
        "segments",
        "-o",
        &xlsx.display().to_string(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(std::fs::read(&xlsx).unwrap_or_default().starts_with(b"PK"));
}

#[test]
fn codebooks_from_atlas_ti_and_taguette_import() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for (file, codes, themes) in [
        (
            "samples/requal-tests__ATLAS.ti_Win_23.4.0_codebook_embedded.qdc",
            1,
            1,
        ),
        // Taguette's is invalid against the schema (an empty <Sets/>) and must still load.
        ("samples/GENERATED__taguette-1.5.2__codebook.qdc", 5, 0),
    ] {
        let Some(path) = shared(file) else {
            eprintln!("skipped: ../shared is absent");
            return;
        };
        let project = dir.path().join(format!("p{codes}.gloss"));
        let empty = gloss::model::Project::named("empty");
        gloss::store::save(&empty, &project).unwrap_or_else(|e| panic!("{e}"));
        let out = gloss(&[
            "import-codebook",
            &project.display().to_string(),
            &path.display().to_string(),
        ]);
        assert!(out.status.success(), "{file}: {}", text(&out.stderr));
        let p = gloss::store::load(&project).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((p.codes.len(), p.themes.len()), (codes, themes), "{file}");
    }
}
