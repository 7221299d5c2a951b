//! Gloss: a desktop workbench for thematic analysis of interview transcripts.
//!
//! `model` holds the data, `edit` is the only way to change it, `store` reads and writes project
//! files, `import` turns transcripts into documents, `ui` is the egui application and `cli` the
//! command line.

pub mod cases;
pub mod cli;
pub mod edit;
pub mod export;
pub mod import;
pub mod merge;
pub mod model;
pub mod pseudonym;
pub mod query;
pub mod refi;
pub mod review;
pub mod store;
pub mod ui;

#[cfg(test)]
mod testing;

/// The bundled sample project, opened when Gloss starts without a file.
pub const SAMPLE_PROJECT: &str = include_str!("../assets/sample.gloss");

/// The user's name for new codings and the edit history: the system user until changed.
pub fn system_user_name() -> String {
    ["GLOSS_USER", "USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()))
        .unwrap_or_else(|| "analyst".to_owned())
}
