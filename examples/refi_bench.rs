//! REFI-QDA export and import speed: `cargo run --release --example refi_bench` builds a
//! 200-transcript project (12,000 words each, the seed study's size) with 17,000 codings, writes
//! it as a .qdpx and reads it back, and prints
//! `export_ms=<x> import_ms=<x> bytes=<n> foreign_import_ms=<x>`. `foreign_import_ms` reads the
//! same archive without Gloss's extras file, as a file from another tool is read (speaker
//! detection and the choice of position counting run for every source).

use gloss::refi;
use std::io::{Read, Write};
use std::time::Instant;

#[path = "common/generate.rs"]
mod common;
use common::generate;

/// The archive without `gloss-extras.json`.
fn without_extras(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut zout = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).map_err(|e| e.to_string())?;
        let name = f.name().map_err(|e| e.to_string())?.into_owned();
        if name == "gloss-extras.json" {
            continue;
        }
        let mut data = Vec::new();
        f.read_to_end(&mut data).map_err(|e| e.to_string())?;
        zout.start_file(name, zip::write::SimpleFileOptions::default())
            .map_err(|e| e.to_string())?;
        zout.write_all(&data).map_err(|e| e.to_string())?;
    }
    zout.finish()
        .map(|c| c.into_inner())
        .map_err(|e| e.to_string())
}

fn run() -> Result<(), String> {
    let project = generate(200, 12_000, 17_000, 120, 30);
    let t = Instant::now();
    let bytes = refi::write::qdpx(&project)?;
    let export_ms = t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    let back = refi::read_bytes("bench.qdpx", &bytes).map_err(|e| e.to_string())?;
    let import_ms = t.elapsed().as_secs_f64() * 1000.0;
    if back.project != project {
        return Err("the round trip changed the project".into());
    }
    let foreign = without_extras(&bytes)?;
    let t = Instant::now();
    let other = refi::read_bytes("foreign.qdpx", &foreign).map_err(|e| e.to_string())?;
    let foreign_ms = t.elapsed().as_secs_f64() * 1000.0;
    if other.project.codings.len() != project.codings.len() {
        return Err(format!(
            "without extras, {} of {} codings came back",
            other.project.codings.len(),
            project.codings.len()
        ));
    }
    println!(
        "export_ms={export_ms:.1} import_ms={import_ms:.1} bytes={} foreign_import_ms={foreign_ms:.1} documents={} codings={}",
        bytes.len(),
        project.documents.len(),
        project.codings.len()
    );
    Ok(())
}

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("refi_bench: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
