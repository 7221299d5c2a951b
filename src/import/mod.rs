//! Turning transcript files into [`Document`]s. Pure functions: bytes in, a document or an error
//! out; nothing is added to a project here except through the [`Edit`] that [`plan_batch`]
//! returns.
//!
//! Each format has its own module. [`extract`] sniffs the content (magic bytes, `WEBVTT`, SRT
//! timing lines) before trusting the file name's extension, and gives [`Extracted`] text: lines
//! still to be split into speaker turns by a [`Pattern`], or turns already known (subtitle cues).
//! [`build`] turns that into a document, so the import dialog can re-split with another pattern
//! without reading the file again.

mod docx;
pub mod duplicates;
mod html;
mod odt;
mod pdf;
pub mod speakers;
mod squeeze;
mod srt;
mod text;
mod vtt;

pub use speakers::{Pattern, looks_like_interviewer};
pub use text::decode_text;

use crate::edit::Edit;
use crate::model::{Document, Participant, Project, Turn};
use squeeze::{Gaps, squeeze, squeeze_owned};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;
use thiserror::Error;

#[derive(Debug, Error, PartialEq, Eq, Clone)]
pub enum ImportError {
    #[error("{file}: could not read it: {reason}")]
    Read { file: String, reason: String },
    #[error("{file}: {reason}")]
    Unsupported { file: String, reason: String },
    #[error("{file}: {reason}")]
    BadText { file: String, reason: String },
    #[error("{file}: holds no text to import")]
    Empty { file: String },
}

/// The formats Gloss reads.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub enum Format {
    Text,
    Docx,
    Odt,
    Vtt,
    Srt,
    Pdf,
    Html,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Docx => "docx",
            Format::Odt => "odt",
            Format::Vtt => "vtt",
            Format::Srt => "srt",
            Format::Pdf => "pdf",
            Format::Html => "html",
        }
    }
}

/// File extensions the file picker offers.
pub const EXTENSIONS: [&str; 11] = [
    "txt", "text", "md", "markdown", "docx", "odt", "vtt", "srt", "pdf", "html", "htm",
];

/// The text of a file before it is split into turns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    /// Lines of running text (paragraphs end at blank lines), to be split by a [`Pattern`].
    Lines(Vec<String>),
    /// Turns the format itself marks (subtitle cues with voice tags).
    Turns(Vec<Turn>),
}

/// What a format module reads from a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Extracted {
    pub title: Option<String>,
    pub body: Body,
    /// Things the user should know (guessed encoding, left-out headers and comments).
    pub warnings: Vec<String>,
}

/// A file read and parsed, ready to add.
#[derive(Clone, Debug)]
pub struct Imported {
    pub document: Document,
    pub format: Format,
    /// The pattern that split the turns (`Auto` resolved), or `None` for subtitle formats.
    pub pattern: Option<Pattern>,
    pub warnings: Vec<String>,
}

impl Imported {
    /// The speakers in order of first appearance.
    pub fn speakers(&self) -> Vec<String> {
        speakers_of(&self.document)
    }
}

/// A document's speakers in order of first appearance.
pub fn speakers_of(doc: &Document) -> Vec<String> {
    let mut seen = BTreeSet::new();
    doc.turns()
        .iter()
        .filter_map(|t| t.speaker.as_deref())
        .filter(|s| seen.insert(*s))
        .map(str::to_owned)
        .collect()
}

/// Which format `bytes` hold, from their content first and the file name second.
pub fn sniff(name: &str, bytes: &[u8]) -> Result<Format, String> {
    let ext = Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if bytes.starts_with(b"%PDF-") {
        return Ok(Format::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return match ext.as_str() {
            "odt" => Ok(Format::Odt),
            "docx" => Ok(Format::Docx),
            _ if memmem(bytes, b"word/document.xml") => Ok(Format::Docx),
            _ if memmem(bytes, b"application/vnd.oasis.opendocument.text") => Ok(Format::Odt),
            _ => Err(
                "is a ZIP archive but neither a Word (.docx) nor an OpenDocument text \
                      (.odt) file"
                    .to_owned(),
            ),
        };
    }
    if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return Err(
            "is an old Word 97-2003 (.doc) or other Office binary file; open it in Word \
                    or LibreOffice, save it as .docx, and import that"
                .to_owned(),
        );
    }
    if bytes.starts_with(b"{\\rtf") {
        return Err(
            "is a Rich Text (.rtf) file; save it as .docx or .txt and import that".to_owned(),
        );
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(600)]);
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with("WEBVTT") {
        return Ok(Format::Vtt);
    }
    let first_lines: Vec<&str> = head.lines().map(str::trim).take(3).collect();
    if first_lines.len() >= 2
        && first_lines[0].bytes().all(|b| b.is_ascii_digit())
        && !first_lines[0].is_empty()
        && first_lines[1].contains("-->")
    {
        return Ok(Format::Srt);
    }
    let lower = head.to_ascii_lowercase();
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") {
        return Ok(Format::Html);
    }
    match ext.as_str() {
        "txt" | "text" | "md" | "markdown" | "" => Ok(Format::Text),
        "vtt" => Ok(Format::Vtt),
        "srt" => Ok(Format::Srt),
        "html" | "htm" | "xhtml" => Ok(Format::Html),
        "docx" => Err(
            "is not a valid .docx file (it is not a ZIP package); it may be damaged \
                       or renamed; open it in Word and save it again"
                .to_owned(),
        ),
        "odt" => Err(
            "is not a valid .odt file (it is not a ZIP package); it may be damaged or \
                      renamed; open it in LibreOffice and save it again"
                .to_owned(),
        ),
        "pdf" => {
            Err("is not a valid PDF (it does not start with %PDF-); it may be damaged".to_owned())
        }
        "gloss" => Err("is a Gloss project, not a transcript; open it with File > Open".to_owned()),
        other => Err(format!(
            "Gloss cannot read .{other} files; it reads .txt, .md, .docx, .odt, .vtt, .srt, \
             .pdf and .html transcripts"
        )),
    }
}

fn memmem(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Reads the text out of a file's bytes. `name` is the file name (its extension is a hint).
pub fn extract(name: &str, bytes: &[u8]) -> Result<(Format, Extracted), ImportError> {
    let format = sniff(name, bytes).map_err(|reason| ImportError::Unsupported {
        file: name.to_owned(),
        reason,
    })?;
    extract_as(name, bytes, format).map(|e| (format, e))
}

/// [`extract`] of bytes already sniffed as `format`.
fn extract_as(name: &str, bytes: &[u8], format: Format) -> Result<Extracted, ImportError> {
    let fail = |reason: String| ImportError::BadText {
        file: name.to_owned(),
        reason,
    };
    match format {
        Format::Text => text::extract(bytes),
        Format::Docx => docx::extract(bytes),
        Format::Odt => odt::extract(bytes),
        Format::Vtt => vtt::extract(bytes),
        Format::Srt => srt::extract(bytes),
        Format::Pdf => pdf::extract(bytes),
        Format::Html => html::extract(bytes),
    }
    .map_err(fail)
}

/// [`extract`] of bytes read from a file: text is decoded in place rather than copied.
fn extract_owned(name: &str, bytes: Vec<u8>) -> Result<(Format, Extracted), ImportError> {
    match sniff(name, &bytes) {
        Ok(Format::Text) => text::extract_owned(bytes)
            .map(|e| (Format::Text, e))
            .map_err(|reason| ImportError::BadText {
                file: name.to_owned(),
                reason,
            }),
        _ => extract(name, &bytes),
    }
}

/// Splits extracted text into a document titled by the file (or by a `# Title` line).
pub fn build(
    name: &str,
    format: Format,
    extracted: &Extracted,
    pattern: Pattern,
) -> Result<Imported, ImportError> {
    match &extracted.body {
        Body::Lines(lines) => build_lines(
            name,
            format,
            extracted.title.as_deref(),
            lines,
            extracted.warnings.clone(),
            pattern,
        ),
        Body::Turns(t) => {
            // Cue turns are borrowed from `extracted` (which the import dialog may split
            // again), so they are copied once.
            let turns = t
                .iter()
                .map(|t| Turn {
                    speaker: t.speaker.clone(),
                    time: t.time.clone(),
                    text: clean_line(&t.text),
                })
                .filter(|t| !t.text.is_empty())
                .collect();
            finish_build(
                name,
                format,
                extracted.title.as_deref(),
                turns,
                None,
                extracted.warnings.clone(),
            )
        }
    }
}

/// [`build`] of running text: lines (owned by an [`Extracted`], or borrowed from a file's
/// text) split into turns by `pattern`.
fn build_lines<L: AsRef<str>>(
    name: &str,
    format: Format,
    title: Option<&str>,
    lines: &[L],
    warnings: Vec<String>,
    pattern: Pattern,
) -> Result<Imported, ImportError> {
    // Turn text holds no line breaks, no control characters and single spaces. Turns split
    // here are owned already and usually clean (kept as they are).
    let (mut turns, used) = speakers::build_turns(lines, pattern);
    for t in &mut turns {
        t.text = squeeze_owned(std::mem::take(&mut t.text), Gaps::WhitespaceOrControl);
    }
    turns.retain(|t| !t.text.is_empty());
    finish_build(name, format, title, turns, Some(used), warnings)
}

/// The document of `turns`, titled by `title` or the file name.
fn finish_build(
    name: &str,
    format: Format,
    title: Option<&str>,
    turns: Vec<Turn>,
    pattern: Option<Pattern>,
    warnings: Vec<String>,
) -> Result<Imported, ImportError> {
    if turns.is_empty() {
        return Err(ImportError::Empty {
            file: name.to_owned(),
        });
    }
    let path = Path::new(name);
    let title = match title {
        Some(t) => t.to_owned(),
        None => path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| name.to_owned()),
    };
    let mut document = Document::new(&title, turns);
    document.source = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    document
        .attributes
        .insert("format".to_owned(), format.name().to_owned());
    Ok(Imported {
        document,
        format,
        pattern,
        warnings,
    })
}

/// A text file's decoded text split into turns, its lines borrowed from `text` (no copy of
/// the file's text, no allocation per line).
fn build_text(
    name: &str,
    text: &str,
    warning: Option<String>,
    pattern: Pattern,
) -> Result<Imported, ImportError> {
    let (title, lines) = text::lines_of(text);
    build_lines(
        name,
        Format::Text,
        title.as_deref(),
        &lines,
        warning.into_iter().collect(),
        pattern,
    )
}

/// A turn's text holds no line breaks, no control characters and single spaces.
fn clean_line(s: &str) -> String {
    squeeze(s, Gaps::WhitespaceOrControl)
}

/// Reads, extracts and builds one file's bytes.
pub fn import_bytes(name: &str, bytes: &[u8], pattern: Pattern) -> Result<Imported, ImportError> {
    let format = sniff(name, bytes).map_err(|reason| ImportError::Unsupported {
        file: name.to_owned(),
        reason,
    })?;
    if format == Format::Text {
        // The text is split where it lies: the lines an `Extracted` would own are not needed.
        let (text, warning) =
            text::decode_borrowed(bytes).map_err(|reason| ImportError::BadText {
                file: name.to_owned(),
                reason,
            })?;
        return build_text(name, &text, warning, pattern);
    }
    let extracted = extract_as(name, bytes, format)?;
    build(name, format, &extracted, pattern)
}

/// Reads and parses one transcript file, detecting its speaker pattern.
pub fn import_path(path: &Path, pattern: Pattern) -> Result<Imported, ImportError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| ImportError::Read {
        file: file.clone(),
        reason: crate::store::words::io(&e),
    })?;
    if let Ok(Format::Text) = sniff(&file, &bytes) {
        let decoded = text::decode_owned(bytes).map_err(|reason| ImportError::BadText {
            file: file.clone(),
            reason,
        })?;
        return build_text(&file, &decoded.text, decoded.warning, pattern);
    }
    let (format, extracted) = extract_owned(&file, bytes)?;
    build(&file, format, &extracted, pattern)
}

/// Reads and parses one transcript file.
pub fn import_file(path: &Path) -> Result<Document, ImportError> {
    import_path(path, Pattern::Auto).map(|i| i.document)
}

/// Splits transcript text into turns (speaker pattern detected). A first line `# Title` names the
/// document.
pub fn parse_transcript(default_title: &str, text: &str) -> Document {
    let mut title = default_title.to_owned();
    let mut lines: Vec<String> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if i == 0
            && let Some(t) = line.trim().strip_prefix("# ")
        {
            title = t.trim().to_owned();
            continue;
        }
        lines.push(line.to_owned());
    }
    let (turns, _) = speakers::build_turns(&lines, Pattern::Auto);
    Document::new(&title, turns)
}

/// What the user decided for a batch: attributes for every document and who interviews.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BatchSettings {
    /// Attributes set on every document of the batch (site, round, ...); empty values are skipped.
    pub attributes: BTreeMap<String, String>,
    /// Speakers marked as interviewers.
    pub interviewers: BTreeSet<String>,
}

/// Plans adding `docs` to `project` as ONE edit: the speakers not yet in the project become
/// participants (interviewers marked), existing participants get the interviewer mark the user
/// chose, and the documents are appended with the batch attributes. Undoing it removes all.
pub fn plan_batch(project: &Project, docs: Vec<Document>, settings: &BatchSettings) -> Edit {
    let mut edits = Vec::new();
    let mut new_names: Vec<String> = Vec::new();
    // Each speaker once, in order of first appearance across the batch: a speaker of every
    // document (the interviewer) is looked up in the project once, not once per document.
    // Names are borrowed from the turns (a few hundred per document) and copied only when
    // seen first.
    let mut seen: HashSet<&str> = HashSet::new();
    let speakers = docs
        .iter()
        .flat_map(|d| d.turns())
        .filter_map(|t| t.speaker.as_deref());
    for name in speakers {
        if !seen.insert(name) {
            continue;
        }
        match project.participant(name) {
            Some(p) => {
                let mark = settings.interviewers.contains(name);
                if p.interviewer != mark {
                    edits.push(Edit::SetParticipantInterviewer {
                        name: name.to_owned(),
                        interviewer: mark,
                    });
                }
            }
            None => new_names.push(name.to_owned()),
        }
    }
    for (k, name) in new_names.into_iter().enumerate() {
        edits.push(Edit::InsertParticipant {
            index: project.participants.len() + k,
            participant: Participant {
                interviewer: settings.interviewers.contains(&name),
                name,
                attributes: BTreeMap::new(),
            },
        });
    }
    for (k, mut doc) in docs.into_iter().enumerate() {
        for (key, value) in &settings.attributes {
            let (key, value) = (key.trim(), value.trim());
            if !key.is_empty() && !value.is_empty() {
                doc.attributes.insert(key.to_owned(), value.to_owned());
            }
        }
        edits.push(Edit::InsertDocument {
            index: project.documents.len() + k,
            document: std::sync::Arc::new(doc),
        });
    }
    Edit::Batch(edits)
}

/// The speakers' interviewer marks a batch starts with: the project's marks for known
/// participants, otherwise names like "Interviewer" or "Moderator".
pub fn default_interviewers<'a>(
    project: &Project,
    names: impl IntoIterator<Item = &'a str>,
) -> BTreeSet<String> {
    names
        .into_iter()
        .filter(|n| match project.participant(n) {
            Some(p) => p.interviewer,
            None => looks_like_interviewer(n),
        })
        .map(str::to_owned)
        .collect()
}

/// The outcome of one file as `gloss import` prints it after the file name: speakers, turns,
/// words, then the format and the speakers' names.
pub fn summary_line(imported: &Imported) -> String {
    let speakers = imported.speakers();
    let doc = &imported.document;
    let plural = |n: usize, what: &str| {
        if n == 1 {
            format!("1 {what}")
        } else {
            format!("{n} {what}s")
        }
    };
    let mut shown: Vec<&str> = speakers.iter().take(8).map(String::as_str).collect();
    if speakers.len() > 8 {
        shown.push("…");
    }
    let mut detail = imported.format.name().to_owned();
    if !shown.is_empty() {
        detail.push_str("; ");
        detail.push_str(&shown.join(", "));
    }
    format!(
        "{}, {}, {} ({detail})",
        plural(speakers.len(), "speaker"),
        plural(doc.turns().len(), "turn"),
        plural(doc.word_count(), "word")
    )
}

#[cfg(test)]
mod equivalence_tests;
#[cfg(test)]
mod reference;
#[cfg(test)]
mod tests;
