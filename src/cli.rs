//! The command line: `gloss [PATH]` opens the window; `info` and `import` work headless for
//! scripts and checks.

use crate::edit;
use crate::model::Project;
use crate::{import, store};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "gloss",
    version,
    about = "Gloss: thematic analysis of interview transcripts",
    long_about = "Gloss: thematic analysis of interview transcripts.\n\nWithout a command, opens \
                  PATH (or the bundled sample project) in the Gloss window.",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Project file (.gloss) to open in the window
    path: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Print counts for a project (documents, words, codes, themes, codings)
    Info {
        /// Project file (.gloss)
        path: PathBuf,
        /// Print a JSON object instead of text
        #[arg(long)]
        json: bool,
    },
    /// Add transcripts (.txt .md .docx .odt .vtt .srt .pdf .html) to a project, creating it if absent
    Import {
        /// Project file (.gloss); created if absent
        path: PathBuf,
        /// Transcript files (.txt, .md, .docx, .odt, .vtt, .srt, .pdf, .html)
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Crash-safety drill: save distinct states to PATH until killed (tests/crash_safety.rs)
    #[command(name = "__save-loop", hide = true)]
    SaveLoop {
        path: PathBuf,
        #[arg(long, default_value_t = 0)]
        start: u64,
    },
    /// Write a theme table, theme report, codebook, coded-segment table or REFI-QDA project; the
    /// file type follows OUT's extension (theme-table: .md/.csv; theme-report: .md/.html;
    /// codebook: .md/.csv/.qdc; segments: .csv/.xlsx; refi: .qdpx)
    Export {
        /// Project file (.gloss)
        path: PathBuf,
        /// What to export
        #[arg(long, value_parser = ["theme-table", "theme-report", "codebook", "segments", "refi"])]
        format: String,
        /// Output file
        #[arg(short, long)]
        out: PathBuf,
        /// Write CSV without the UTF-8 byte-order mark (segments)
        #[arg(long)]
        no_bom: bool,
    },
    /// Add the codes of a codebook file that the project lacks (.csv or .md as written by
    /// `export --format codebook`, or a REFI-QDA .qdc from any tool; its sets become themes)
    ImportCodebook {
        /// Project file (.gloss)
        path: PathBuf,
        /// Codebook file (.csv, .md or .qdc)
        file: PathBuf,
    },
    /// Convert between Gloss and REFI-QDA: IN.qdpx (or .qde) to OUT.gloss, or IN.gloss to
    /// OUT.qdpx. Prints what was read and what was approximated or left out
    Convert {
        /// Input file (.qdpx, .qde or .gloss)
        input: PathBuf,
        /// Output file (.gloss or .qdpx)
        output: PathBuf,
    },
    /// Replace real names with pseudonyms in every transcript, speaker label and title (the
    /// table of names is never stored in the project); prints replacements per document
    Pseudonymise {
        /// Project file (.gloss)
        path: PathBuf,
        /// CSV with the header `real,pseudonym` (optionally `kind`), one name per row
        #[arg(long)]
        map: Option<PathBuf>,
        /// Write the result here instead of changing PATH
        #[arg(short, long)]
        out: Option<PathBuf>,
        /// List the replacements and change nothing
        #[arg(long)]
        dry_run: bool,
        /// List candidate names (speakers, recurring capitalised words) in context
        #[arg(long)]
        propose: bool,
        /// Only the re-identification check: list remaining occurrences of the real names
        #[arg(long)]
        check: bool,
    },
    /// Rename a speaker in every transcript; if NEW already speaks, the two are merged
    RenameSpeaker {
        /// Project file (.gloss)
        path: PathBuf,
        /// The speaker's current name
        old: String,
        /// The new name (an existing speaker's name merges the two)
        new: String,
        /// Write the result here instead of changing PATH
        #[arg(short, long)]
        out: Option<PathBuf>,
    },
    /// Give chosen paragraphs of a document to another speaker (one label that was two people)
    SplitSpeaker {
        /// Project file (.gloss)
        path: PathBuf,
        /// Title of the document
        #[arg(long)]
        document: String,
        /// Paragraph numbers (from 1), comma-separated
        #[arg(long, value_delimiter = ',', required = true)]
        paragraphs: Vec<usize>,
        /// The other speaker's name
        new: String,
        /// Write the result here instead of changing PATH
        #[arg(short, long)]
        out: Option<PathBuf>,
    },
    /// Replace a document's text with a corrected transcript, keeping codings on their words
    ReplaceText {
        /// Project file (.gloss)
        path: PathBuf,
        /// Title of the document to replace
        #[arg(long)]
        document: String,
        /// The corrected transcript (.txt, .docx, .odt, .vtt, ...)
        file: PathBuf,
        /// Put codings whose words changed beyond recognition where their words went, instead
        /// of dropping them
        #[arg(long)]
        place_lost: bool,
        /// Write the result here instead of changing PATH
        #[arg(short, long)]
        out: Option<PathBuf>,
        /// Show what would happen and change nothing
        #[arg(long)]
        dry_run: bool,
    },
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => crate::ui::run(cli.path).map_err(|e| format!("could not open the window: {e}")),
        Some(Command::Info { path, json }) => info(&path, json),
        Some(Command::Import { path, files }) => import_files(&path, &files),
        Some(Command::SaveLoop { path, start }) => store::stress::save_loop(&path, start),
        Some(Command::Export {
            path,
            format,
            out,
            no_bom,
        }) => crate::export::cli::export(&path, &format, &out, !no_bom),
        Some(Command::Convert { input, output }) => convert(&input, &output),
        Some(Command::Pseudonymise {
            path,
            map,
            out,
            dry_run,
            propose,
            check,
        }) => crate::pseudonym::cli::pseudonymise(
            &path,
            map.as_deref(),
            out.as_ref(),
            dry_run,
            propose,
            check,
        ),
        Some(Command::RenameSpeaker {
            path,
            old,
            new,
            out,
        }) => crate::pseudonym::cli::rename_speaker(&path, &old, &new, out.as_ref()),
        Some(Command::SplitSpeaker {
            path,
            document,
            paragraphs,
            new,
            out,
        }) => {
            crate::pseudonym::cli::split_speaker(&path, &document, &paragraphs, &new, out.as_ref())
        }
        Some(Command::ReplaceText {
            path,
            document,
            file,
            place_lost,
            out,
            dry_run,
        }) => crate::pseudonym::cli::replace_text(
            &path,
            &document,
            &file,
            place_lost,
            out.as_ref(),
            dry_run,
        ),
        Some(Command::ImportCodebook { path, file }) => {
            crate::export::cli::import_codebook(&path, &file)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            // One readable line: scripts and logs read errors line by line.
            eprintln!("gloss: {}", msg.replace('\n', " "));
            ExitCode::FAILURE
        }
    }
}

/// `gloss convert IN OUT`: REFI-QDA to Gloss or Gloss to REFI-QDA, by the extensions.
fn convert(input: &Path, output: &Path) -> Result<(), String> {
    let ext = |p: &Path| {
        p.extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default()
    };
    match (ext(input).as_str(), ext(output).as_str()) {
        ("qdpx" | "qde", "gloss") => {
            let imported = crate::refi::read_path(input).map_err(|e| e.to_string())?;
            print!("{}: {}", input.display(), imported.summary);
            store::save(&imported.project, output).map_err(|e| e.to_string())?;
            println!("wrote {}", output.display());
            Ok(())
        }
        ("gloss", "qdpx") => {
            let project = store::load(input).map_err(|e| e.to_string())?;
            crate::refi::write_path(&project, output).map_err(|e| e.to_string())?;
            println!(
                "wrote {} ({} documents, {} codes, {} codings)",
                output.display(),
                project.documents.len(),
                project.codes.len(),
                project.codings.len()
            );
            Ok(())
        }
        _ => Err(format!(
            "cannot convert {} to {}: convert IN.qdpx (or .qde) to OUT.gloss, or IN.gloss to \
             OUT.qdpx (nothing was written)",
            input.display(),
            output.display()
        )),
    }
}

/// The figures `gloss info` reports.
pub fn info_json(project: &Project) -> serde_json::Value {
    serde_json::json!({
        "name": project.name,
        "format_version": store::FORMAT_VERSION,
        "documents": project.documents.len(),
        "words": project.total_words(),
        "codes": project.codes.len(),
        "themes": project.themes.len(),
        "codings": project.codings.len(),
        "coders": project.coders.len(),
        "document_list": project.documents.iter().map(|d| serde_json::json!({
            "title": d.title,
            "speakers": import::speakers_of(d),
            "turns": d.turns().len(),
            "words": d.word_count(),
        })).collect::<Vec<_>>(),
    })
}

fn info(path: &Path, json: bool) -> Result<(), String> {
    let project = store::load(path).map_err(|e| e.to_string())?;
    if json {
        println!("{}", info_json(&project));
    } else {
        println!("{}: \"{}\"", path.display(), project.name);
        println!(
            "{} documents, {} words, {} codes, {} themes, {} codings by {} coders",
            project.documents.len(),
            project.total_words(),
            project.codes.len(),
            project.themes.len(),
            project.codings.len(),
            project.coders.len()
        );
    }
    Ok(())
}

fn import_files(path: &Path, files: &[PathBuf]) -> Result<(), String> {
    if let Some(holder) = store::lock_holder(path) {
        return Err(format!(
            "{} is open in {holder}; close it there, then import again (nothing was changed)",
            path.display()
        ));
    }
    let mut project = if path.exists() {
        store::open(path).map_err(|e| e.to_string())?.project
    } else {
        Project::named(
            &path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "Untitled".to_owned()),
        )
    };
    // Every file is read first; the good ones are added as one batch with their speakers.
    let mut failed = 0;
    let mut docs = Vec::new();
    for file in files {
        match import::import_path(file, import::Pattern::Auto) {
            Ok(imported) => {
                let mut line = import::summary_line(&imported);
                for w in &imported.warnings {
                    line.push_str(&format!("; note: {w}"));
                }
                println!("{}: {line}", file.display());
                docs.push(imported.document);
            }
            Err(e) => {
                println!("{e}");
                failed += 1;
            }
        }
    }
    let added = docs.len();
    if added > 0 {
        let names: Vec<String> = docs.iter().flat_map(import::speakers_of).collect();
        let settings = import::BatchSettings {
            interviewers: import::default_interviewers(&project, names.iter().map(String::as_str)),
            ..Default::default()
        };
        let batch = import::plan_batch(&project, docs, &settings);
        edit::apply(&mut project, batch).map_err(|e| e.to_string())?;
    }
    if added > 0 {
        store::save(&project, path).map_err(|e| e.to_string())?;
    }
    println!(
        "{added} imported, {failed} failed; {} now holds {} documents",
        path.display(),
        project.documents.len()
    );
    if failed > 0 {
        return Err(format!(
            "{failed} of {} files could not be imported",
            files.len()
        ));
    }
    Ok(())
}
