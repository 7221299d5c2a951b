//! Plain-text transcripts: `Speaker: text` turns, blank-line paragraphs, an optional `# Title`.

use crate::model::{Document, Turn};

/// Decodes UTF-8 text (with or without a byte-order mark) and normalises line ends to `\n`.
pub fn decode_text(bytes: &[u8]) -> Result<String, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "not UTF-8 text (bad byte at offset {}); save it as UTF-8 and import again",
            e.valid_up_to()
        )
    })?;
    if text.contains('\0') {
        return Err("holds NUL bytes, so it is not a text file".to_owned());
    }
    Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
}

/// The speaker prefix of a line (`Kari: ...`, `Dr Lind: ...`), if it has one: a short name of at
/// most four words that starts with a letter, followed by a colon and a space.
fn speaker_prefix(line: &str) -> Option<(&str, &str)> {
    let (name, rest) = line.split_once(':')?;
    let name = name.trim();
    let words = name.split_whitespace().count();
    let starts_ok = name.chars().next().is_some_and(char::is_alphabetic);
    let chars_ok = name
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '.' | '-' | '\'' | '_' | '(' | ')'));
    let rest_ok = rest.is_empty() || rest.starts_with(char::is_whitespace);
    // Names are capitalised word by word ("Dr Lind", "NURSE 2"), allowing particles ("van der").
    let capitalised = name.split_whitespace().all(|w| {
        w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || c == '(')
            || matches!(
                w,
                "de" | "van" | "der" | "von" | "da" | "di" | "la" | "le" | "del" | "bin"
            )
    });
    (starts_ok
        && chars_ok
        && capitalised
        && (1..=4).contains(&words)
        && name.len() <= 40
        && rest_ok)
        .then(|| (name, rest.trim()))
}

/// Splits transcript text into turns. A line with a speaker prefix starts a turn; other lines
/// continue the current paragraph (hard-wrapped text); blank lines end paragraphs. A first line
/// `# Title` names the document.
pub fn parse_transcript(default_title: &str, text: &str) -> Document {
    let mut title = default_title.to_owned();
    let mut turns: Vec<Turn> = Vec::new();
    let mut open = false; // is the last turn still taking continuation lines?
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if i == 0
            && let Some(t) = line.strip_prefix("# ")
        {
            title = t.trim().to_owned();
            continue;
        }
        if line.is_empty() {
            open = false;
            continue;
        }
        if let Some((name, rest)) = speaker_prefix(line) {
            turns.push(Turn::new(Some(name), rest));
            open = true;
        } else if open && let Some(last) = turns.last_mut() {
            if !last.text.is_empty() {
                last.text.push(' ');
            }
            last.text.push_str(line);
        } else {
            turns.push(Turn::new(None, line));
            open = true;
        }
    }
    Document::new(&title, turns)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_speakers_and_title() {
        let d = parse_transcript(
            "file",
            "# Round 1\r\n\r\nInterviewer: How was it?\r\nDr Lind: Calm,\r\nmostly.\r\n\r\nA note without speaker.\n",
        );
        assert_eq!(d.title, "Round 1");
        assert_eq!(d.turns.len(), 3);
        assert_eq!(d.turns[0].speaker.as_deref(), Some("Interviewer"));
        assert_eq!(d.turns[1].speaker.as_deref(), Some("Dr Lind"));
        assert_eq!(d.turns[1].text, "Calm, mostly.");
        assert_eq!(d.turns[2].speaker, None);
    }

    #[test]
    fn colon_in_prose_is_not_a_speaker() {
        assert_eq!(speaker_prefix("The point is this: we were late"), None);
        assert_eq!(speaker_prefix("http://x"), None);
        assert_eq!(speaker_prefix("10:30 we met"), None);
        assert_eq!(speaker_prefix("Søren: ja"), Some(("Søren", "ja")));
    }

    #[test]
    fn decodes_bom_and_rejects_binary() {
        assert_eq!(
            decode_text(b"\xEF\xBB\xBFa\r\nb\rc"),
            Ok("a\nb\nc".to_owned())
        );
        assert!(decode_text(b"\xff\xfe\x00").is_err());
    }
}
