//! Running the `gloss` binary from the command-line tests.

use std::path::Path;
use std::process::{Command, Output};

/// Runs `gloss` with `args`.
pub fn gloss(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("could not run gloss: {e}"))
}

/// Output bytes as text.
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The bundled sample written into `dir`; its path.
pub fn sample_file(dir: &Path) -> String {
    let p = dir.join("sample.gloss");
    std::fs::write(&p, gloss::SAMPLE_PROJECT).unwrap_or_else(|e| panic!("{e}"));
    p.display().to_string()
}
