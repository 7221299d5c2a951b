//! Speaker detection of `super::super::speakers` before the speed work, verbatim.

use crate::import::speakers::{Pattern, Split};
use crate::model::Turn;
use std::collections::BTreeMap;

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
fn is_timestamp(s: &str) -> bool {
    let s = s.trim();
    let main = s.split(['.', ',', '-']).next().unwrap_or("");
    let frac = &s[main.len()..];
    if !frac.is_empty() {
        let digits = &frac[1..];
        if digits.is_empty() || digits.len() > 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
    }
    let parts: Vec<&str> = main.split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        return false;
    }
    parts.iter().enumerate().all(|(i, p)| {
        let ok_len = if i == 0 {
            (1..=2).contains(&p.len())
        } else {
            p.len() == 2
        };
        ok_len
            && p.bytes().all(|b| b.is_ascii_digit())
            && (i == 0 || p.parse::<u32>().is_ok_and(|v| v < 60))
    })
}

/// A timestamp at the start of `s`, bare or in `[]`, `()` or `##`: the timestamp and the rest.
fn leading_timestamp(s: &str) -> Option<(&str, &str)> {
    let s = s.trim_start();
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

/// Splits `line` by `pattern` (not `Auto`), without deciding yet whether the name is credible.
pub(super) fn split_raw(line: &str, pattern: Pattern) -> Option<Split<'_>> {
    let line = line.trim();
    match pattern {
        Pattern::NameColon => {
            // A timestamp may come first: `[00:01:02] Name: text`.
            let (pre_time, body) = match leading_timestamp(line) {
                Some((t, rest)) => (Some(t), rest),
                None => (None, line),
            };
            // The label ends at the first colon followed by a space or the end of the line.
            let colon = body.char_indices().find_map(|(i, c)| {
                let after = body.get(i + 1..).filter(|_| c == ':')?;
                (after.is_empty() || after.starts_with(char::is_whitespace)).then_some(i)
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

/// The names a pattern finds at line starts, with how often each occurs.
fn names_at_starts(lines: &[String], pattern: Pattern) -> BTreeMap<&str, usize> {
    let mut names = BTreeMap::new();
    for line in lines {
        if let Some(s) = split_raw(line, pattern) {
            *names.entry(s.speaker).or_insert(0) += 1;
        }
    }
    names
}

/// The speakers a pattern credibly finds: names written with capitals, or any name that opens
/// at least two paragraphs (`admin-1:`); a one-off lowercase `note:` is prose.
fn credible_names(lines: &[String], pattern: Pattern) -> BTreeMap<String, usize> {
    names_at_starts(lines, pattern)
        .into_iter()
        .filter(|(name, n)| credible(name, *n))
        .map(|(name, n)| (name.to_owned(), n))
        .collect()
}

/// The pattern that explains most lines, or `Paragraphs` when none finds a speaker.
fn detect(lines: &[String]) -> Pattern {
    let mut best = (0usize, Pattern::Paragraphs);
    for p in CANDIDATES {
        let names = credible_names(lines, p);
        // A pattern must find a speaker twice before it explains a transcript, unless the
        // whole text is one turn.
        let hits: usize = names.values().sum();
        let enough =
            hits >= 2 || (hits == 1 && lines.iter().filter(|l| !l.trim().is_empty()).count() <= 2);
        if enough && hits > best.0 {
            best = (hits, p);
        }
    }
    best.1
}

/// Splits lines into turns by `pattern` (`Auto` detects it first). A line opening with a
/// speaker starts a turn; other lines continue the current paragraph (hard-wrapped text); blank
/// lines end paragraphs. Returns the turns and the pattern used.
pub(super) fn build_turns(lines: &[String], pattern: Pattern) -> (Vec<Turn>, Pattern) {
    let pattern = if pattern == Pattern::Auto {
        detect(lines)
    } else {
        pattern
    };
    let names = credible_names(lines, pattern);
    let mut turns: Vec<Turn> = Vec::new();
    let mut open = false; // is the last turn still taking continuation lines?
    for raw in lines {
        let line = raw.trim();
        if line.is_empty() {
            // A name on its own line takes the paragraphs below it.
            if !(pattern == Pattern::NameLine && turns.last().is_some_and(|t| t.text.is_empty())) {
                open = false;
            }
            continue;
        }
        let split = split_raw(line, pattern).filter(|s| names.contains_key(s.speaker));
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
