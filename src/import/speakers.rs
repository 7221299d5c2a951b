//! Speaker turns in running text: which pattern a transcript uses to name its speakers
//! (`Name:`, `[Name]`, `{Name}`, `Name 00:01:02` on a line of its own), the timestamps written
//! next to them, and the split of lines into turns.

use crate::model::Turn;
use std::collections::BTreeMap;

/// How a transcript marks who speaks. `Auto` picks the pattern most lines follow.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Hash)]
pub enum Pattern {
    #[default]
    Auto,
    /// `Name: text`, `NAME: text`, `Name (00:01:02): text`, `S01: [00:00:12] text`.
    NameColon,
    /// `[Name] text`.
    Bracket,
    /// `{Name} text`.
    Brace,
    /// A line holding only a name and a timestamp (`Speaker 1  0:03`), the words below it.
    NameLine,
    /// No speakers: every paragraph is a turn of its own.
    Paragraphs,
}

impl Pattern {
    /// The patterns a user can pick, `Auto` first.
    pub const ALL: [Pattern; 6] = [
        Pattern::Auto,
        Pattern::NameColon,
        Pattern::Bracket,
        Pattern::Brace,
        Pattern::NameLine,
        Pattern::Paragraphs,
    ];

    /// A short description with an example, for the import dialog and `--help`.
    pub fn label(self) -> &'static str {
        match self {
            Pattern::Auto => "Detect automatically",
            Pattern::NameColon => "Name: text   (also NAME:, Name (00:01:02):, S01: [00:00:12])",
            Pattern::Bracket => "[Name] text",
            Pattern::Brace => "{Name} text",
            Pattern::NameLine => "Name 00:01:02 on its own line, the words below",
            Pattern::Paragraphs => "No speakers: one turn per paragraph",
        }
    }
}

/// Words in brackets that describe a sound, not a speaker (`[laughs] yes`).
const NOT_SPEAKERS: &[&str] = &[
    "laughs",
    "laughter",
    "laughing",
    "inaudible",
    "crosstalk",
    "pause",
    "silence",
    "unclear",
    "music",
    "applause",
    "noise",
    "sighs",
    "coughs",
    "overlapping",
    "overlap",
    "indistinct",
    "break",
    "end",
    "start",
    "redacted",
];

/// Is `s` a timestamp in a common form: `h:mm:ss`, `hh:mm:ss`, `mm:ss`, each optionally with
/// `.mmm`, `,mmm` or `-n` (f4/f5 transcripts) fractions?
pub fn is_timestamp(s: &str) -> bool {
    let s = s.trim();
    let main = s.split(['.', ',', '-']).next().unwrap_or("");
    let frac = &s[main.len()..];
    if !frac.is_empty() {
        let digits = &frac[1..];
        if digits.is_empty() || digits.len() > 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
    }
    // Two or three `:`-separated parts, counted without collecting them (this runs for most
    // lines of a transcript, several times).
    let mut parts = 0;
    for (i, p) in main.split(':').enumerate() {
        parts += 1;
        let ok_len = if i == 0 {
            (1..=2).contains(&p.len())
        } else {
            p.len() == 2
        };
        let ok = ok_len
            && p.bytes().all(|b| b.is_ascii_digit())
            && (i == 0 || p.parse::<u32>().is_ok_and(|v| v < 60));
        if parts > 3 || !ok {
            return false;
        }
    }
    (2..=3).contains(&parts)
}

/// A timestamp at the start of `s`, bare or in `[]`, `()` or `##`: the timestamp and the rest.
pub fn leading_timestamp(s: &str) -> Option<(&str, &str)> {
    let s = s.trim_start();
    // Every form below starts with one of these; most lines start with a letter.
    if !s.starts_with(['[', '(', '#']) && !s.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    for (open, close) in [('[', ']'), ('(', ')'), ('#', '#')] {
        if let Some(inner) = s.strip_prefix(open)
            && let Some(end) = inner.find(close)
            && is_timestamp(&inner[..end])
        {
            return Some((inner[..end].trim(), inner[end + 1..].trim_start()));
        }
    }
    let end = s.find(char::is_whitespace).unwrap_or(s.len());
    let word = s[..end].trim_end_matches([':', '-']);
    is_timestamp(word).then(|| (word, s[end..].trim_start()))
}

/// A timestamp at the end of `s` (`... #00:01:02-5#`, `... [00:01:02]`): the text and the stamp.
fn trailing_timestamp(s: &str) -> Option<(&str, &str)> {
    let s = s.trim_end();
    // One look at the last char rules out most names and lines.
    if !s.ends_with([']', ')', '#']) {
        return None;
    }
    for (open, close) in [('[', ']'), ('(', ')'), ('#', '#')] {
        if let Some(inner) = s.strip_suffix(close)
            && let Some(start) = inner.rfind(open)
            && is_timestamp(&inner[start + 1..])
        {
            return Some((inner[..start].trim_end(), inner[start + 1..].trim()));
        }
    }
    None
}

/// Could `name` be a speaker's name or label: at most five words and 40 bytes, starting with a
/// letter or digit, made of letters, digits, spaces and `.-'_`?
fn name_shape(name: &str) -> bool {
    let words = name.split_whitespace().count();
    (1..=5).contains(&words)
        && name.len() <= 40
        && name.chars().next().is_some_and(char::is_alphanumeric)
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '.' | '-' | '\'' | '_' | '’' | '#'))
        && !is_timestamp(name)
        && name.chars().any(char::is_alphabetic)
}

/// Names written word by word with capitals ("Dr Lind", "NURSE 2", "S01"), allowing particles.
fn capitalised(name: &str) -> bool {
    name.split_whitespace().all(|w| {
        w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            || matches!(
                w,
                "de" | "van" | "der" | "von" | "da" | "di" | "la" | "le" | "del" | "bin" | "al"
            )
    })
}

/// One line split by a pattern: speaker, timestamp and the words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub speaker: &'a str,
    pub time: Option<&'a str>,
    pub rest: &'a str,
}

/// Splits `line` by `pattern` (not `Auto`), without deciding yet whether the name is credible.
fn split_raw(line: &str, pattern: Pattern) -> Option<Split<'_>> {
    let line = line.trim();
    match pattern {
        Pattern::NameColon => {
            // A timestamp may come first: `[00:01:02] Name: text`.
            let (pre_time, body) = match leading_timestamp(line) {
                Some((t, rest)) => (Some(t), rest),
                None => (None, line),
            };
            // The label ends at the first colon followed by a space or the end of the line.
            let colon = body.match_indices(':').map(|(i, _)| i).find(|&i| {
                let after = &body[i + 1..];
                after.is_empty() || after.starts_with(char::is_whitespace)
            })?;
            let (head, rest) = (&body[..colon], &body[colon + 1..]);
            let (name, time) = match trailing_timestamp(head) {
                Some((n, t)) => (n, Some(t)),
                None => match head.trim_end().rsplit_once(char::is_whitespace) {
                    Some((n, t)) if is_timestamp(t) => (n, Some(t)),
                    _ => (head.trim(), None),
                },
            };
            let rest = rest.trim_start();
            let (time, rest) = match (time.or(pre_time), leading_timestamp(rest)) {
                (None, Some((t, r))) => (Some(t), r),
                (t, _) => (t, rest),
            };
            name_shape(name).then_some(Split {
                speaker: name.trim(),
                time,
                rest: rest.trim(),
            })
        }
        Pattern::Bracket | Pattern::Brace => {
            let (open, close) = if pattern == Pattern::Bracket {
                ('[', ']')
            } else {
                ('{', '}')
            };
            let (pre_time, body) = match leading_timestamp(line) {
                Some((t, rest)) if open != '[' || !line.starts_with('[') => (Some(t), rest),
                _ => (None, line),
            };
            let inner = body.strip_prefix(open)?;
            let end = inner.find(close)?;
            let name = inner[..end].trim();
            let rest = inner[end + 1..].trim_start().trim_start_matches(':').trim();
            let lower = name.to_lowercase();
            if NOT_SPEAKERS.contains(&lower.as_str()) || !name_shape(name) {
                return None;
            }
            let (time, rest) = match (pre_time, leading_timestamp(rest)) {
                (None, Some((t, r))) => (Some(t), r),
                (t, _) => (t, rest),
            };
            Some(Split {
                speaker: name,
                time,
                rest,
            })
        }
        Pattern::NameLine => {
            // Both forms end with the timestamp: its last digit, or a closing `]`, `)` or `#`.
            if !line.ends_with(|c: char| c.is_ascii_digit() || matches!(c, ']' | ')' | '#')) {
                return None;
            }
            let (name, time) = match trailing_timestamp(line) {
                Some(x) => x,
                None => {
                    let (n, t) = line.rsplit_once(char::is_whitespace)?;
                    is_timestamp(t).then_some(())?;
                    (n.trim_end(), t)
                }
            };
            let name = name.trim_end_matches([':', '-', '–']).trim();
            name_shape(name).then_some(Split {
                speaker: name,
                time: Some(time),
                rest: "",
            })
        }
        Pattern::Auto | Pattern::Paragraphs => None,
    }
}

/// A `Name:` label (with optional timestamps) opening `line`, credible or not.
pub(super) fn name_colon(line: &str) -> Option<Split<'_>> {
    split_raw(line, Pattern::NameColon)
}

/// A `[Name]` label opening `line`, credible or not.
pub(super) fn bracket(line: &str) -> Option<Split<'_>> {
    split_raw(line, Pattern::Bracket)
}

/// Is a label found `count` times credible as a speaker: written with capitals, or repeated?
pub(super) fn credible(name: &str, count: usize) -> bool {
    count >= 2 || capitalised(name)
}

/// The candidate patterns `Auto` chooses from.
const CANDIDATES: [Pattern; 4] = [
    Pattern::NameColon,
    Pattern::Bracket,
    Pattern::Brace,
    Pattern::NameLine,
];

/// Each line split by `pattern` (`None` where it finds no label), computed once and shared by
/// detection, the credibility count and the split into turns.
fn split_lines<L: AsRef<str>>(lines: &[L], pattern: Pattern) -> Vec<Option<Split<'_>>> {
    lines
        .iter()
        .map(|l| split_raw(l.as_ref(), pattern))
        .collect()
}

/// The speakers a pattern credibly finds: names written with capitals, or any name that opens
/// at least two paragraphs (`admin-1:`); a one-off lowercase `note:` is prose.
fn credible_names<'a>(splits: &[Option<Split<'a>>]) -> BTreeMap<&'a str, usize> {
    let mut names = BTreeMap::new();
    for s in splits.iter().flatten() {
        *names.entry(s.speaker).or_insert(0) += 1;
    }
    names.retain(|name, n| credible(name, *n));
    names
}

/// The pattern that explains most lines, or `Paragraphs` when none finds a speaker.
pub fn detect<L: AsRef<str>>(lines: &[L]) -> Pattern {
    detect_splits(lines).0
}

/// [`detect`], with the chosen pattern's splits and credible names.
#[allow(clippy::type_complexity)]
fn detect_splits<L: AsRef<str>>(
    lines: &[L],
) -> (Pattern, Vec<Option<Split<'_>>>, BTreeMap<&str, usize>) {
    let mut best = (0usize, Pattern::Paragraphs, Vec::new(), BTreeMap::new());
    // A pattern finds at most one speaker per line that is not blank: once one finds a speaker
    // on every such line, the patterns after it (which must find more) are not tried.
    let filled = lines
        .iter()
        .filter(|l| !l.as_ref().trim().is_empty())
        .count();
    for p in CANDIDATES {
        if best.0 >= filled {
            break;
        }
        let splits = split_lines(lines, p);
        let names = credible_names(&splits);
        // A pattern must find a speaker twice before it explains a transcript, unless the
        // whole text is one turn.
        let hits: usize = names.values().sum();
        let enough = hits >= 2 || (hits == 1 && filled <= 2);
        if enough && hits > best.0 {
            best = (hits, p, splits, names);
        }
    }
    (best.1, best.2, best.3)
}

/// Splits lines into turns by `pattern` (`Auto` detects it first). A line opening with a
/// speaker starts a turn; other lines continue the current paragraph (hard-wrapped text); blank
/// lines end paragraphs. Returns the turns and the pattern used.
pub fn build_turns<L: AsRef<str>>(lines: &[L], pattern: Pattern) -> (Vec<Turn>, Pattern) {
    let (pattern, splits, names) = if pattern == Pattern::Auto {
        detect_splits(lines)
    } else {
        let splits = split_lines(lines, pattern);
        let names = credible_names(&splits);
        (pattern, splits, names)
    };
    let mut turns: Vec<Turn> = Vec::new();
    let mut open = false; // is the last turn still taking continuation lines?
    for (i, raw) in lines.iter().enumerate() {
        let line = raw.as_ref().trim();
        if line.is_empty() {
            // A name on its own line takes the paragraphs below it.
            if !(pattern == Pattern::NameLine && turns.last().is_some_and(|t| t.text.is_empty())) {
                open = false;
            }
            continue;
        }
        // `Paragraphs` has no splits; every other pattern has one (maybe `None`) per line.
        let split = splits
            .get(i)
            .cloned()
            .flatten()
            .filter(|s| names.contains_key(s.speaker));
        if let Some(s) = split {
            let mut turn = Turn::new(Some(s.speaker), s.rest);
            turn.time = s.time.map(Box::from);
            turns.push(turn);
            open = true;
        } else if open && let Some(last) = turns.last_mut() {
            if !last.text.is_empty() {
                last.text.push(' ');
            }
            last.text.push_str(line);
        } else {
            let mut turn = Turn::new(None, line);
            if let Some((t, rest)) = leading_timestamp(line)
                && !rest.is_empty()
            {
                turn = Turn::new(None, rest);
                turn.time = Some(t.into());
            }
            turns.push(turn);
            open = true;
        }
    }
    // A name line with no words below it says nothing.
    turns.retain(|t| !t.text.trim().is_empty());
    (turns, pattern)
}

/// Where a turn's words come from: byte range `start..end` of line `line`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece {
    pub line: usize,
    pub start: usize,
    pub end: usize,
}

/// A turn before its text is assembled: speaker, time and the pieces of the lines it holds (its
/// text is the pieces joined by single spaces). Importers that must map positions in the source
/// text to positions in the document (REFI-QDA) use the pieces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TurnSpan {
    pub speaker: Option<String>,
    pub time: Option<String>,
    pub pieces: Vec<Piece>,
}

/// The byte offset of `inner` inside `outer` (`inner` is a slice of `outer`).
fn offset_in(outer: &str, inner: &str) -> usize {
    let (o, i) = (outer.as_ptr() as usize, inner.as_ptr() as usize);
    if i >= o && i + inner.len() <= o + outer.len() {
        i - o
    } else {
        outer.find(inner).unwrap_or(0)
    }
}

/// [`build_turns`], keeping where each turn's text comes from instead of the text itself.
pub fn build_turn_spans(lines: &[String], pattern: Pattern) -> (Vec<TurnSpan>, Pattern) {
    let (pattern, splits, names) = if pattern == Pattern::Auto {
        detect_splits(lines)
    } else {
        let splits = split_lines(lines, pattern);
        let names = credible_names(&splits);
        (pattern, splits, names)
    };
    let mut turns: Vec<TurnSpan> = Vec::new();
    let empty = |t: &TurnSpan| t.pieces.iter().all(|p| p.start == p.end);
    let mut open = false; // is the last turn still taking continuation lines?
    for (index, raw) in lines.iter().enumerate() {
        let line = raw.trim();
        let piece = |part: &str| {
            let start = offset_in(raw, part);
            Piece {
                line: index,
                start,
                end: start + part.len(),
            }
        };
        if line.is_empty() {
            // A name on its own line takes the paragraphs below it.
            if !(pattern == Pattern::NameLine && turns.last().is_some_and(empty)) {
                open = false;
            }
            continue;
        }
        // `Paragraphs` has no splits; every other pattern has one (maybe `None`) per line.
        let split = splits
            .get(index)
            .cloned()
            .flatten()
            .filter(|s| names.contains_key(s.speaker));
        if let Some(s) = split {
            turns.push(TurnSpan {
                speaker: Some(s.speaker.to_owned()),
                time: s.time.map(str::to_owned),
                pieces: vec![piece(s.rest)],
            });
            open = true;
        } else if open && let Some(last) = turns.last_mut() {
            last.pieces.push(piece(line));
        } else {
            let mut turn = TurnSpan {
                speaker: None,
                time: None,
                pieces: vec![piece(line)],
            };
            if let Some((t, rest)) = leading_timestamp(line)
                && !rest.is_empty()
            {
                turn.pieces = vec![piece(rest)];
                turn.time = Some(t.to_owned());
            }
            turns.push(turn);
            open = true;
        }
    }
    // A name line with no words below it says nothing.
    turns.retain(|t| {
        t.pieces.iter().any(|p| {
            lines
                .get(p.line)
                .and_then(|l| l.get(p.start..p.end))
                .is_some_and(|s| !s.trim().is_empty())
        })
    });
    (turns, pattern)
}

/// Names that usually belong to the interviewer (pre-marked in the import dialog).
pub fn looks_like_interviewer(name: &str) -> bool {
    let n = name.trim().to_lowercase();
    let first = n.split([' ', '_', '-']).next().unwrap_or("");
    matches!(
        first,
        "interviewer"
            | "interviewerin"
            | "moderator"
            | "facilitator"
            | "researcher"
            | "int"
            | "i"
            | "iv"
            | "q"
            | "interviewer1"
            | "interviewer2"
    )
}

/// Turns a paragraph of formatted runs `(text, bold)` into one line of text. A short bold run
/// opening the paragraph is a speaker label, even without a colon (`**Kari** We met ...`).
pub fn line_from_runs(runs: &[(String, bool)]) -> String {
    let text: String = runs.iter().map(|(t, _)| t.as_str()).collect();
    let bold: String = runs
        .iter()
        .take_while(|(t, b)| *b || t.trim().is_empty())
        .map(|(t, _)| t.as_str())
        .collect();
    let label = bold.trim();
    let rest = text[bold.len()..].trim_start();
    let name = label.trim_end_matches(':').trim();
    if !label.is_empty() && !rest.is_empty() && !label.contains(':') && name_shape(name) {
        let rest = rest.trim_start_matches(':').trim_start();
        return format!("{name}: {rest}");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<String> {
        s.lines().map(str::to_owned).collect()
    }

    fn speakers(turns: &[Turn]) -> Vec<Option<&str>> {
        turns.iter().map(|t| t.speaker.as_deref()).collect()
    }

    #[test]
    fn timestamps_in_common_forms() {
        for t in [
            "00:01:02",
            "0:03",
            "1:02:03",
            "12:34",
            "00:00:12.500",
            "00:01:02-5",
            "00:00:01,000",
        ] {
            assert!(is_timestamp(t), "{t}");
        }
        for t in [
            "10:30 we",
            "1:2",
            "00:61",
            "abc",
            "",
            "00:00:12.",
            "1:02:03:04",
        ] {
            assert!(!is_timestamp(t), "{t}");
        }
        assert_eq!(leading_timestamp("[00:00:12] Hi"), Some(("00:00:12", "Hi")));
        assert_eq!(leading_timestamp("(0:12) Hi"), Some(("0:12", "Hi")));
        assert_eq!(
            leading_timestamp("#00:01:02-5# x"),
            Some(("00:01:02-5", "x"))
        );
        assert_eq!(leading_timestamp("Hi there"), None);
    }

    #[test]
    fn every_listed_pattern_is_recognised() {
        let cases: &[(&str, Pattern, &str, Option<&str>, &str)] = &[
            ("Kari: We met.", Pattern::NameColon, "Kari", None, "We met."),
            ("KARI: We met.", Pattern::NameColon, "KARI", None, "We met."),
            (
                "Interviewer: So?",
                Pattern::NameColon,
                "Interviewer",
                None,
                "So?",
            ),
            (
                "Respondent: Yes.",
                Pattern::NameColon,
                "Respondent",
                None,
                "Yes.",
            ),
            (
                "Kari (00:01:02): We met.",
                Pattern::NameColon,
                "Kari",
                Some("00:01:02"),
                "We met.",
            ),
            (
                "S01: [00:00:12] Guten Tag",
                Pattern::NameColon,
                "S01",
                Some("00:00:12"),
                "Guten Tag",
            ),
            (
                "Speaker 1 00:01: Hi",
                Pattern::NameColon,
                "Speaker 1",
                Some("00:01"),
                "Hi",
            ),
            (
                "[00:00:05] Kari: Hi",
                Pattern::NameColon,
                "Kari",
                Some("00:00:05"),
                "Hi",
            ),
            ("[Kari] We met.", Pattern::Bracket, "Kari", None, "We met."),
            ("[id1] hello", Pattern::Bracket, "id1", None, "hello"),
            ("{Kari} We met.", Pattern::Brace, "Kari", None, "We met."),
            (
                "Speaker 1  0:03",
                Pattern::NameLine,
                "Speaker 1",
                Some("0:03"),
                "",
            ),
        ];
        for (line, p, name, time, rest) in cases {
            let s = split_raw(line, *p).unwrap_or_else(|| panic!("{line}"));
            assert_eq!((s.speaker, s.time, s.rest), (*name, *time, *rest), "{line}");
        }
        assert_eq!(split_raw("[laughs] yes", Pattern::Bracket), None);
        let t = lines("Kari: hi\n\nKari: yes\n\nThe point is this: we were late");
        let (turns, _) = build_turns(&t, Pattern::Auto);
        assert_eq!(speakers(&turns), [Some("Kari"), Some("Kari"), None]);
        assert_eq!(split_raw("http://x", Pattern::NameColon), None);
        assert_eq!(split_raw("10:30 we met", Pattern::NameColon), None);
    }

    #[test]
    fn detects_the_pattern_most_lines_follow() {
        let t = lines("[id1] a\n\n[id2] b\n\n[id1] c");
        assert_eq!(detect(&t), Pattern::Bracket);
        let t = lines("Speaker 1  0:00\nHello there.\n\nSpeaker 2  0:05\nHi.\nMore.");
        assert_eq!(detect(&t), Pattern::NameLine);
        let (turns, _) = build_turns(&t, Pattern::Auto);
        assert_eq!(speakers(&turns), [Some("Speaker 1"), Some("Speaker 2")]);
        assert_eq!(turns[1].text, "Hi. More.");
        assert_eq!(turns[1].time.as_deref(), Some("0:05"));
        let t = lines("Just prose.\n\nMore prose: with a colon.");
        assert_eq!(detect(&t), Pattern::Paragraphs);
    }

    #[test]
    fn lowercase_labels_count_when_repeated() {
        let t = lines(
            "Max Bigman:   Hello\nwrapped line\n\nadmin-1:   Sure.\n\nadmin-1:  Yes.\n\nnote: once",
        );
        let (turns, p) = build_turns(&t, Pattern::Auto);
        assert_eq!(p, Pattern::NameColon);
        assert_eq!(
            speakers(&turns),
            [Some("Max Bigman"), Some("admin-1"), Some("admin-1"), None]
        );
        assert_eq!(turns[0].text, "Hello wrapped line");
    }

    #[test]
    fn bold_run_becomes_a_label() {
        let runs = vec![("Kari".to_owned(), true), (" We met.".to_owned(), false)];
        assert_eq!(line_from_runs(&runs), "Kari: We met.");
        let runs = vec![("Kari:".to_owned(), true), (" We met.".to_owned(), false)];
        assert_eq!(line_from_runs(&runs), "Kari: We met.");
        let runs = vec![("Important".to_owned(), true)];
        assert_eq!(line_from_runs(&runs), "Important");
        assert!(looks_like_interviewer("Interviewer 2"));
        assert!(looks_like_interviewer("I"));
        assert!(!looks_like_interviewer("Ingrid"));
    }
}
