//! Save and load figures for a large project and a seed-sized one:
//! `cargo run --release --example store_bench` prints one line per case:
//! `case=<name> bytes=<n> save_ms=<x> load_ms=<x> peak_rss_mb=<x> text_mb=<x>`.
//! `save_ms` is a durable save (serialise, write, fsync, rename, fsync folder); `load_ms` reads,
//! parses and validates; `peak_rss_mb` is the process's peak memory while loading, after the
//! generated project was dropped (Linux; the peak counter is reset before each load);
//! `ui_clone_ms` is what the window spends copying the project for the save thread.

use gloss::model::Project;
use gloss::store;
use std::time::Instant;

#[path = "common/generate.rs"]
mod common;
use common::generate;
#[path = "common/rss.rs"]
mod rss;
use rss::peak_rss_mb;

fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn case(name: &str, project: Project, dir: &std::path::Path) -> Result<(), String> {
    let text_bytes: usize = project.documents.iter().map(|d| d.len()).sum();
    assert_valid(&project)?;
    let path = dir.join(format!("{name}.gloss"));
    // What the window spends before handing a save or autosave to the worker thread.
    let t = Instant::now();
    let copy = project.snapshot();
    let clone_ms = t.elapsed().as_secs_f64() * 1000.0;
    drop(copy);
    let t = Instant::now();
    store::save(&project, &path).map_err(|e| e.to_string())?;
    let save_ms = t.elapsed().as_secs_f64() * 1000.0;
    let expected = (project.documents.len(), project.codings.len());
    drop(project);
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    // Load in a fresh process, so its peak memory is what Gloss needs for this project alone.
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let out = std::process::Command::new(exe)
        .arg("--load")
        .arg(&path)
        .output()
        .map_err(|e| e.to_string())?;
    let child = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    if !out.status.success() {
        return Err(format!("{name}: {}", String::from_utf8_lossy(&out.stderr)));
    }
    let field = |k: &str| {
        child
            .split_whitespace()
            .find_map(|f| f.strip_prefix(k))
            .unwrap_or("?")
            .to_owned()
    };
    if field("documents=") != expected.0.to_string() || field("codings=") != expected.1.to_string()
    {
        return Err(format!("{name}: loaded project differs: {child}"));
    }
    println!(
        "case={name} bytes={bytes} save_ms={save_ms:.1} load_ms={} peak_rss_mb={} text_mb={:.1} \
         ui_clone_ms={clone_ms:.1} documents={} codings={}",
        field("load_ms="),
        field("peak_rss_mb="),
        text_bytes as f64 / 1e6,
        expected.0,
        expected.1
    );
    Ok(())
}

/// The child side: load `path`, print time and peak memory.
fn load_only(path: &std::path::Path) -> Result<(), String> {
    reset_peak();
    let t = Instant::now();
    let loaded = store::open(path).map_err(|e| e.to_string())?;
    let load_ms = t.elapsed().as_secs_f64() * 1000.0;
    println!(
        "load_ms={load_ms:.1} peak_rss_mb={:.1} documents={} codings={}",
        peak_rss_mb(),
        loaded.project.documents.len(),
        loaded.project.codings.len()
    );
    Ok(())
}

fn assert_valid(p: &Project) -> Result<(), String> {
    let problems = gloss::model::validate(p);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("generated project invalid: {}", problems[0]))
    }
}

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--load") {
        let path = std::path::PathBuf::from(args.get(i + 1).cloned().unwrap_or_default());
        return match load_only(&path) {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("store_bench: {e}");
                std::process::ExitCode::FAILURE
            }
        };
    }
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("store_bench: cannot make a temporary folder: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let quick = std::env::args().any(|a| a == "--quick");
    let large = if quick {
        generate(100, 12_000, 10_000, 400, 60)
    } else {
        generate(1_000, 12_000, 100_000, 400, 60)
    };
    let mut result = case(
        if quick { "large-tenth" } else { "large" },
        large,
        dir.path(),
    );
    if result.is_ok() {
        result = case("seed", generate(23, 6_000, 3_000, 40, 12), dir.path());
    }
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("store_bench: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
