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
    after_help = "Exit status: 0 success; 1 failure (for `merge`: the merge recorded \
                  conflicts, and the result was written as a valid project); 2 `merge` could \
                  not read an input, or the arguments were wrong (nothing was written).",
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
        /// Import a file even when its text is already in the project (by default it is skipped)
        #[arg(long)]
        allow_duplicates: bool,
    },
    /// Open PATH in the window as a reviewer: comments and sign-offs only, the analysis cannot
    /// be changed
    Review {
        /// Project file (.gloss)
        path: PathBuf,
    },
    /// Store the theme tree and codebook now under a label, to compare review rounds
    Snapshot {
        /// Project file (.gloss)
        path: PathBuf,
        /// The label ("Round 1 review"); must not be in use
        #[arg(long)]
        name: String,
    },
    /// Print what changed in the theme tree between two snapshots, or a snapshot and now
    Diff {
        /// Project file (.gloss)
        path: PathBuf,
        /// The older snapshot's label
        #[arg(long)]
        from: String,
        /// The newer snapshot's label (default: the tree now)
        #[arg(long)]
        to: Option<String>,
        /// Print JSON instead of Markdown
        #[arg(long)]
        json: bool,
    },
    /// Search every document for a word, a phrase, words or a regular expression; with --code,
    /// code each hit (widened to --unit) and save
    Search {
        /// Project file (.gloss)
        path: PathBuf,
        /// What to find: a word or phrase (or, with --regex, a regular expression)
        pattern: String,
        /// PATTERN is a regular expression
        #[arg(long)]
        regex: bool,
        /// Find any of the words of PATTERN
        #[arg(long, conflicts_with_all = ["regex", "all_words"])]
        any_words: bool,
        /// Find each word of PATTERN, in paragraphs that hold all of them
        #[arg(long, conflicts_with = "regex")]
        all_words: bool,
        /// Match upper and lower case exactly
        #[arg(long)]
        match_case: bool,
        /// Only whole words
        #[arg(long)]
        whole_words: bool,
        /// Leave out turns of participants marked as interviewers
        #[arg(long)]
        skip_interviewers: bool,
        /// Code every hit with this code (created if absent) and save the project
        #[arg(long)]
        code: Option<String>,
        /// What to code around each hit: hit, word, sentence or turn
        #[arg(long, default_value = "hit", value_parser = ["hit", "word", "sentence", "turn"])]
        unit: String,
        /// The coder of the new codings (created if absent; default: the current user)
        #[arg(long)]
        coder: Option<String>,
        /// Print {"hits", "codings_added", "results": [...]} as JSON
        #[arg(long)]
        json: bool,
    },
    /// Run a coding query, e.g. '"Dose negotiation" AND NOT "Rules" WHERE role = nurse'
    /// (or the name of a saved query)
    Query {
        /// Project file (.gloss)
        path: PathBuf,
        /// The query: "Code" [ONLY], AND, OR, NOT, ( ), OVERLAPS, SAME TURN, WITHIN n, then
        /// WHERE attribute = value [AND attribute != value ...]
        expression: String,
        /// Print {"passages", "results": [...]} as JSON
        #[arg(long)]
        json: bool,
    },
    /// A matrix of codes, themes or saved queries against an attribute's values, documents or
    /// participants. Totals count distinct codings, participants, documents or words, so a
    /// total of distinct participants or documents is not the sum of its cells (a participant
    /// in two cells counts once in the total)
    Matrix {
        /// Project file (.gloss)
        path: PathBuf,
        /// codes, themes, queries, or the name of a saved query
        #[arg(long, default_value = "codes")]
        rows: String,
        /// An attribute's name (its values become the columns), documents or participants
        #[arg(long, default_value = "documents")]
        cols: String,
        /// What each cell counts: codings, participants, documents or words (coded)
        #[arg(long, default_value = "codings", value_parser = ["codings", "participants", "documents", "words"])]
        measure: String,
        /// Print {"rows", "cols", "cells", "row_totals", "col_totals", "total"} as JSON
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// Print the table as CSV
        #[arg(long)]
        csv: bool,
    },
    /// Which codes occur together: a code x code table of overlapping passages (or of speaker
    /// turns with --same-turn), as CSV or JSON
    Cooccur {
        /// Project file (.gloss)
        path: PathBuf,
        /// Count speaker turns holding both codes instead of overlapping passages
        #[arg(long)]
        same_turn: bool,
        /// CSV of Jaccard indexes instead of counts
        #[arg(long)]
        jaccard: bool,
        /// Print {"codes", "counts", "jaccard"} as JSON
        #[arg(long)]
        json: bool,
    },
    /// Draw a chart as SVG or PNG (the file type follows OUT's extension): code or theme
    /// frequencies as bars (grouped by an attribute with --group), the co-occurrence heat map,
    /// or coding density along each document
    Chart {
        /// Project file (.gloss)
        path: PathBuf,
        /// bars, heatmap or density
        #[arg(long, default_value = "bars", value_parser = ["bars", "heatmap", "density"])]
        kind: String,
        /// Bars: codes or themes
        #[arg(long, default_value = "codes", value_parser = ["codes", "themes"])]
        rows: String,
        /// Bars: codings, participants, documents or words
        #[arg(long, default_value = "codings", value_parser = ["codings", "participants", "documents", "words"])]
        measure: String,
        /// Bars: one bar per value of this attribute
        #[arg(long)]
        group: Option<String>,
        /// Bars: largest first (default: codebook order)
        #[arg(long)]
        largest_first: bool,
        /// Heat map: speaker turns holding both codes instead of overlapping passages
        #[arg(long)]
        same_turn: bool,
        /// Heat map: Jaccard indexes instead of counts
        #[arg(long)]
        jaccard: bool,
        /// Output file (.svg or .png)
        #[arg(short, long)]
        out: PathBuf,
    },
    /// Merge two copies of a project that share an ancestor, by ids: BASE OURS THEIRS, the
    /// result over OURS (or into OUT). As git's merge driver: `gloss merge %O %A %B`. Exit 0
    /// clean, 1 conflicts recorded (open the result to resolve them), 2 unreadable input
    Merge {
        /// The common ancestor (an empty file: none, merge two-way)
        #[arg(required_unless_present = "setup_git")]
        base: Option<PathBuf>,
        /// Our copy; the result is written over it unless -o is given
        #[arg(required_unless_present = "setup_git")]
        ours: Option<PathBuf>,
        /// Their copy
        #[arg(required_unless_present = "setup_git")]
        theirs: Option<PathBuf>,
        /// Write the result here instead of over OURS
        #[arg(short, long)]
        out: Option<PathBuf>,
        /// Set up the git repository around the current folder to merge .gloss files with
        /// Gloss (.gitattributes and the merge driver), and say what was done
        #[arg(long, conflicts_with_all = ["base", "ours", "theirs", "out"])]
        setup_git: bool,
    },
    /// Print the audit trail: every recorded step, who made it and when
    Log {
        /// Project file (.gloss)
        path: PathBuf,
        /// Only steps on or after this date (YYYY-MM-DD)
        #[arg(long)]
        since: Option<String>,
        /// Only steps by this person (name)
        #[arg(long)]
        coder: Option<String>,
        /// Only steps of this kind (coding, code, theme, document, review, memo, ...)
        #[arg(long)]
        kind: Option<String>,
        /// Print a JSON array instead of text
        #[arg(long)]
        json: bool,
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
    /// codebook: .md/.csv/.qdc; segments: .csv/.xlsx; refi: .qdpx; review: .md/.html)
    Export {
        /// Project file (.gloss)
        path: PathBuf,
        /// What to export
        #[arg(long, value_parser = ["theme-table", "theme-report", "codebook", "segments", "refi", "review"])]
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
    /// Print the participants' (or documents') attributes as a table, or import them from a
    /// CSV or XLSX file (one row per participant or document, matched by name; empty cells
    /// leave values as they are; values of the wrong type and unknown names are reported and
    /// left out)
    Attributes {
        /// Project file (.gloss)
        path: PathBuf,
        /// Which table: participants or documents
        #[arg(long, default_value = "participants")]
        of: String,
        /// Print JSON instead of a text table
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// Print CSV instead of a text table
        #[arg(long)]
        csv: bool,
        /// Import attributes from this .csv or .xlsx file, then save the project
        #[arg(long, value_name = "FILE")]
        import: Option<PathBuf>,
        /// With --import: show what would change, change nothing
        #[arg(long, requires = "import")]
        dry_run: bool,
    },
    /// List the journal and the memos on documents, participants, codings and passages; with
    /// --write, write one (a journal entry, or on --document [--start --end] or --participant)
    Memos {
        /// Project file (.gloss)
        path: PathBuf,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        write: crate::cases::cli::WriteMemo,
    },
    /// Inter-coder agreement by code: units, percent, Cohen's kappa, Krippendorff's alpha,
    /// A only, B only, both
    Agreement {
        /// Project file (.gloss)
        path: PathBuf,
        /// Coders to compare, by name: A,B[,C...]
        #[arg(long)]
        coders: String,
        /// Unit of comparison: turn, sentence or char
        #[arg(long, default_value = "turn")]
        unit: String,
        /// Codes to compare, by name (default: every code)
        #[arg(long)]
        codes: Option<String>,
        /// Only documents with this attribute value, as KEY=VALUE
        #[arg(long = "where")]
        filter: Option<String>,
        /// Print JSON (one object per code, then "overall") instead of a table
        #[arg(long)]
        json: bool,
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
        /// Only the re-identification check: list remaining occurrences of the real names (exit
        /// status 1 if any remain, so a script can stop before sharing the file)
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
        Some(Command::Review { path }) => {
            crate::ui::run_review(path).map_err(|e| format!("could not open the window: {e}"))
        }
        Some(Command::Snapshot { path, name }) => crate::review::cli::snapshot(&path, &name),
        Some(Command::Diff {
            path,
            from,
            to,
            json,
        }) => crate::review::cli::diff(&path, &from, to.as_deref(), json),
        Some(Command::Import {
            path,
            files,
            allow_duplicates,
        }) => import_files(&path, &files, allow_duplicates),
        Some(Command::Search {
            path,
            pattern,
            regex,
            any_words,
            all_words,
            match_case,
            whole_words,
            skip_interviewers,
            code,
            unit,
            coder,
            json,
        }) => crate::query::cli::search_cmd(
            &path,
            &crate::query::cli::SearchArgs {
                pattern: &pattern,
                options: crate::query::search::Options {
                    kind: match (regex, any_words, all_words) {
                        (true, _, _) => crate::query::search::Kind::Regex,
                        (_, true, _) => crate::query::search::Kind::AnyWord,
                        (_, _, true) => crate::query::search::Kind::AllWords,
                        _ => crate::query::search::Kind::Phrase,
                    },
                    case_sensitive: match_case,
                    whole_words,
                    skip_interviewers,
                    documents: None,
                    memos: true,
                },
                code: code.as_deref(),
                unit: crate::query::search::Unit::parse(&unit).unwrap_or_default(),
                coder: coder.as_deref(),
                json,
            },
        ),
        Some(Command::Query {
            path,
            expression,
            json,
        }) => crate::query::cli::query_cmd(&path, &expression, json),
        Some(Command::Matrix {
            path,
            rows,
            cols,
            measure,
            json,
            csv,
        }) => crate::query::cli::matrix_cmd(&path, &rows, &cols, &measure, json, csv),
        Some(Command::Cooccur {
            path,
            same_turn,
            jaccard,
            json,
        }) => crate::query::cli::cooccur_cmd(&path, same_turn, jaccard, json),
        Some(Command::Chart {
            path,
            kind,
            rows,
            measure,
            group,
            largest_first,
            same_turn,
            jaccard,
            out,
        }) => crate::query::cli::chart_cmd(
            &path,
            &crate::query::cli::ChartArgs {
                kind: &kind,
                rows: &rows,
                measure: &measure,
                group: group.as_deref(),
                largest_first,
                same_turn,
                jaccard,
                out: &out,
            },
        ),
        Some(Command::Merge {
            base,
            ours,
            theirs,
            out,
            setup_git,
        }) => match (setup_git, base, ours, theirs) {
            (false, Some(b), Some(o), Some(t)) => {
                return crate::merge::cli::merge_files(&b, &o, &t, out.as_deref());
            }
            _ => crate::merge::cli::setup_git(),
        },
        Some(Command::Log {
            path,
            since,
            coder,
            kind,
            json,
        }) => crate::merge::cli::log(
            &path,
            since.as_deref(),
            coder.as_deref(),
            kind.as_deref(),
            json,
        ),
        Some(Command::SaveLoop { path, start }) => store::stress::save_loop(&path, start),
        Some(Command::Export {
            path,
            format,
            out,
            no_bom,
        }) => crate::export::cli::export(&path, &format, &out, !no_bom),
        Some(Command::Convert { input, output }) => convert(&input, &output),
        Some(Command::Attributes {
            path,
            of,
            json,
            csv,
            import,
            dry_run,
        }) => crate::cases::cli::parse_of(&of).and_then(|of| match import {
            Some(file) => crate::cases::cli::import_file(&path, of, &file, dry_run, json),
            None => {
                use crate::cases::cli::Output;
                let out = match (json, csv) {
                    (true, _) => Output::Json,
                    (_, true) => Output::Csv,
                    _ => Output::Text,
                };
                crate::cases::cli::print_table(&path, of, out)
            }
        }),
        Some(Command::Memos { path, json, write }) => match write.text {
            Some(_) => crate::cases::cli::write_memo(&path, &write, json),
            None => crate::cases::cli::print_memos(&path, json),
        },
        Some(Command::Agreement {
            path,
            coders,
            unit,
            codes,
            filter,
            json,
        }) => crate::query::agreement::cli::run(
            &path,
            &coders,
            &unit,
            codes.as_deref(),
            filter.as_deref(),
            json,
        ),
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
    let mut v = serde_json::json!({
        "name": project.name,
        "format_version": store::FORMAT_VERSION,
        "documents": project.documents.len(),
        "words": project.total_words(),
        "codes": project.codes.len(),
        "themes": project.themes.len(),
        "codings": project.codings.len(),
        "coders": project.coders.len(),
        "conflicts": project.conflicts.len(),
        "trail": project.trail.len(),
        "document_list": project.documents.iter().map(|d| serde_json::json!({
            "title": d.title,
            "speakers": import::speakers_of(d),
            "turns": d.turns().len(),
            "words": d.word_count(),
        })).collect::<Vec<_>>(),
    });
    if let Some(m) = v.as_object_mut() {
        m.extend(crate::review::cli::info_fields(project));
    }
    v
}

fn info(path: &Path, json: bool) -> Result<(), String> {
    let project = store::load(path).map_err(|e| e.to_string())?;
    if json {
        let mut v = info_json(&project);
        // The whole trail, the trail file's steps included.
        if let (Some(m), Ok(n)) = (v.as_object_mut(), store::trail::count(path, &project.trail)) {
            m.insert("trail".into(), n.into());
        }
        println!("{v}");
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

fn import_files(path: &Path, files: &[PathBuf], allow_duplicates: bool) -> Result<(), String> {
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
    let mut known = import::duplicates::Known::of(&project);
    let mut skipped = 0;
    for file in files {
        match import::import_path(file, import::Pattern::Auto) {
            Ok(imported) if !allow_duplicates && known.find(&imported.document).is_some() => {
                let title = known.find(&imported.document).map(|(_, t)| t);
                println!(
                    "{}: skipped, its text is already in the project as “{}” (--allow-duplicates \
                     imports it anyway)",
                    file.display(),
                    title.unwrap_or_default()
                );
                skipped += 1;
            }
            Ok(imported) => {
                known.add(&imported.document);
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
        let label = format!("Import {added} transcripts (command line)");
        edit::apply_logged(&mut project, batch, &label, &crate::system_user_name())
            .map_err(|e| e.to_string())?;
    }
    if added > 0 {
        store::save(&project, path).map_err(|e| e.to_string())?;
    }
    let skipped = match skipped {
        0 => String::new(),
        n => format!(", {n} skipped (already in the project)"),
    };
    println!(
        "{added} imported, {failed} failed{skipped}; {} now holds {} documents",
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
