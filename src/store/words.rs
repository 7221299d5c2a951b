//! Error messages in the user's words: what a file that is not a Gloss project looks like, what a
//! damaged project file's syntax error means, and why the operating system refused a file. No
//! message built here names a Rust type, a serde or RON term.

use std::io;

/// What kind of file `bytes` looks like, as a phrase to follow "it looks like": "plain text",
/// "a PNG image", "an empty file".
pub fn looks_like(bytes: &[u8]) -> &'static str {
    let head = &bytes[..bytes.len().min(512)];
    let starts = |magic: &[u8]| head.starts_with(magic);
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return if bytes.is_empty() {
            "an empty file"
        } else {
            "a file holding only blank space"
        };
    }
    if starts(b"\x89PNG") {
        return "a PNG image";
    }
    if starts(b"\xff\xd8\xff") {
        return "a JPEG image";
    }
    if starts(b"GIF8") {
        return "a GIF image";
    }
    if starts(b"%PDF") {
        return "a PDF document";
    }
    if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") {
        let has = |name: &[u8]| bytes.windows(name.len()).any(|w| w == name);
        return if has(b"word/document.xml") {
            "a Word document (.docx); import it as a transcript instead"
        } else if has(b"project.qde") {
            "a REFI-QDA project (.qdpx); open it with File > Open to convert it"
        } else if has(b"content.xml") {
            "an OpenDocument file (.odt); import it as a transcript instead"
        } else {
            "a ZIP archive"
        };
    }
    if starts(b"\x1f\x8b") {
        return "a compressed (gzip) file";
    }
    if starts(b"\xd0\xcf\x11\xe0") {
        return "an old Microsoft Office document (.doc)";
    }
    if starts(b"{\\rtf") {
        return "a rich text document (.rtf)";
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        // Latin-1 and similar text still reads as mostly printable bytes.
        let printable = head
            .iter()
            .filter(|b| b.is_ascii_graphic() || b.is_ascii_whitespace() || **b >= 0xa0)
            .count();
        return if printable * 10 >= head.len() * 9 {
            "plain text in an encoding other than UTF-8"
        } else {
            "binary data, not text"
        };
    };
    let t = text.trim_start_matches('\u{feff}').trim_start();
    let lower: String = t.chars().take(200).collect::<String>().to_lowercase();
    if lower.starts_with("<?xml") && lower.contains("<project") {
        return "a REFI-QDA project file (.qde); open it with File > Open to convert it";
    }
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") {
        return "a web page (HTML); import it as a transcript instead";
    }
    if lower.starts_with("<?xml") || lower.starts_with('<') {
        return "an XML file";
    }
    if lower.starts_with("webvtt") {
        return "a subtitle file (WebVTT); import it as a transcript instead";
    }
    if lower.starts_with('{') || lower.starts_with('[') {
        return "a JSON file";
    }
    if lower.starts_with('(') || lower.starts_with("//") {
        return "a damaged or unfinished project file";
    }
    "plain text; to add a transcript, use File > Import transcripts"
}

/// Why a project file's text could not be read, in plain words (the place is given apart).
pub fn syntax(code: &ron::Error) -> String {
    use ron::Error as E;
    let field = |f: &str| f.replace('_', " ");
    match code {
        E::Eof => "the file ends too early (it may have been cut off)".to_owned(),
        E::ExpectedComma => "a comma is missing".to_owned(),
        E::ExpectedArrayEnd
        | E::ExpectedMapEnd
        | E::ExpectedStructLikeEnd
        | E::ExpectedOptionEnd
        | E::ExpectedAttributeEnd => "a closing bracket is missing".to_owned(),
        E::ExpectedString | E::ExpectedStringEnd => "a text in quotes was expected".to_owned(),
        E::ExpectedInteger | E::IntegerOutOfBounds | E::InvalidIntegerDigit { .. } => {
            "a whole number was expected".to_owned()
        }
        E::ExpectedFloat | E::FloatUnderscore => "a number was expected".to_owned(),
        E::ExpectedBoolean => "true or false was expected".to_owned(),
        E::InvalidEscape(_) => "a backslash sequence in a text is not valid".to_owned(),
        E::UnclosedBlockComment | E::UnclosedLineComment => "a comment is not closed".to_owned(),
        E::UnexpectedChar(c) => format!("the character {c:?} does not belong here"),
        E::TrailingCharacters => "there is more text after the end of the project".to_owned(),
        E::Utf8Error(_) => "the file is not UTF-8 text".to_owned(),
        E::MissingStructField { field: f, .. } => format!("the entry \"{}\" is missing", field(f)),
        E::DuplicateStructField { field: f, .. } => {
            format!("the entry \"{}\" appears twice", field(f))
        }
        E::NoSuchStructField { found, .. } => {
            format!("\"{}\" is not an entry this Gloss knows", field(found))
        }
        E::NoSuchEnumVariant { found, .. } => {
            format!("\"{found}\" is not a value this Gloss knows here")
        }
        E::ExpectedDifferentLength { .. } => "a list has the wrong number of items".to_owned(),
        E::ExceededRecursionLimit => "the file nests too deeply".to_owned(),
        E::Message(m) => plain_message(m),
        E::InvalidValueForType { found, .. } => format!("{} does not fit here", plain(found)),
        _ => "the text here does not follow the Gloss project layout".to_owned(),
    }
}

/// A custom message from the project's own checks (ids, colours) with serde's phrasing removed.
fn plain_message(m: &str) -> String {
    let m = plain(m);
    if m.contains("invalid type") || m.contains("expected") && m.contains("found") {
        "a value of the wrong kind stands here".to_owned()
    } else {
        m
    }
}

/// Drops code quoting (backticks) so no type names stand out.
fn plain(s: &str) -> String {
    s.replace('`', "\"")
}

/// Why the operating system refused a file, in plain words.
pub fn io(e: &io::Error) -> String {
    use io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "there is no such file".to_owned(),
        K::PermissionDenied => {
            "permission denied (check the file's and folder's rights)".to_owned()
        }
        K::IsADirectory => "it is a folder, not a file".to_owned(),
        K::NotADirectory => "a part of the path is a file, not a folder".to_owned(),
        K::AlreadyExists => "a file of that name already exists".to_owned(),
        K::StorageFull => "the disk is full".to_owned(),
        K::ReadOnlyFilesystem => "the disk is read-only".to_owned(),
        K::InvalidData => "the file holds data of the wrong kind".to_owned(),
        K::UnexpectedEof => "the file ends too early".to_owned(),
        K::Interrupted | K::TimedOut => "the system interrupted it; try again".to_owned(),
        _ => {
            // The system's own text, without Rust's "(os error N)" suffix.
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_owned(),
                None => s,
            }
        }
    }
}

/// Why a ZIP package (.docx, .odt, .qdpx) could not be opened, in plain words.
pub fn zip(e: &zip::result::ZipError) -> String {
    use zip::result::ZipError as Z;
    match e {
        Z::Io(e) => io(e),
        Z::InvalidArchive(_) => "it is not a complete ZIP package".to_owned(),
        Z::UnsupportedArchive(_) => "it uses a kind of ZIP packing Gloss cannot read".to_owned(),
        Z::FileNotFound => "a part it needs is missing".to_owned(),
        Z::InvalidPassword => "it is protected by a password".to_owned(),
        _ => "it could not be unpacked".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_of_files_are_named() {
        assert_eq!(looks_like(b""), "an empty file");
        assert_eq!(looks_like(b"\x89PNG\r\n\x1a\n\0\0"), "a PNG image");
        assert!(looks_like(b"Interviewer: hello\nP1: hi\n").starts_with("plain text"));
        assert_eq!(looks_like(b"PK\x03\x04junk"), "a ZIP archive");
        assert!(looks_like(b"PK\x03\x04...word/document.xml...").contains("Word"));
        assert_eq!(
            looks_like(&[0u8, 1, 2, 3, 200, 201, 7, 8]),
            "binary data, not text"
        );
    }

    #[test]
    fn ron_errors_lose_their_type_names() {
        let e: Result<Vec<u32>, _> = ron::from_str("(a: 1)");
        let Err(e) = e else {
            panic!("expected an error")
        };
        let s = syntax(&e.code);
        assert!(!s.contains('`') && !s.contains("Expected"), "{s}");
    }

    #[test]
    fn io_errors_lose_os_codes() {
        let e = io::Error::from_raw_os_error(21);
        assert!(!io(&e).contains("os error"), "{}", io(&e));
    }
}
