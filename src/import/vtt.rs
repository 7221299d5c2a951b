//! WebVTT (.vtt) from Zoom, Teams, Otter, Whisper and noScribe. Cue timings become paragraph
//! timestamps; `<v Speaker>` voice tags and `Name:` prefixes become speakers; consecutive cues of
//! one speaker merge into one turn; NOTE, STYLE and REGION blocks and inline styling are dropped.
//! The cue handling here is shared with SubRip ([`super::srt`]).

use super::speakers::{bracket, credible, name_colon};
use super::squeeze::{Gaps, squeeze_owned};
use super::{Body, Extracted};
use crate::model::Turn;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// One subtitle cue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Cue {
    pub start_ms: u64,
    pub end_ms: u64,
    /// From a voice tag; prefixes are looked at later, across all cues.
    pub voice: Option<String>,
    pub text: String,
}

/// `hh:mm:ss.mmm`, `mm:ss.mmm` or SubRip's `hh:mm:ss,mmm` in milliseconds.
pub(super) fn parse_time(s: &str) -> Option<u64> {
    let s = s.trim();
    let (main, frac) = s.split_once(['.', ',']).unwrap_or((s, "0"));
    let frac = frac.get(..frac.len().min(3))?;
    if frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let ms: u64 = frac.parse::<u64>().ok()? * 10u64.pow(3 - frac.len() as u32);
    // Two or three parts, checked without collecting them (twice per cue).
    let mut total = 0u64;
    let mut parts = 0;
    for p in main.split(':') {
        parts += 1;
        if parts > 3 || p.is_empty() || p.len() > 3 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        total = total * 60 + p.parse::<u64>().ok()?;
    }
    (parts >= 2).then_some(total * 1000 + ms)
}

/// `hh:mm:ss` for a paragraph's timestamp.
pub(super) fn format_time(ms: u64) -> String {
    let s = ms / 1000;
    format!("{:02}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
}

/// The start and end of a timing line `00:00:01.000 --> 00:00:04.000 align:start`.
pub(super) fn parse_timing(line: &str) -> Option<(u64, u64)> {
    let (a, b) = line.split_once("-->")?;
    let b = b.split_whitespace().next()?;
    Some((parse_time(a)?, parse_time(b)?))
}

fn unescape(s: &str) -> String {
    // Every entity starts with `&`; most names and cues hold none.
    if !s.contains('&') {
        return s.to_owned();
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
        .replace("&lrm;", "")
        .replace("&rlm;", "")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// A cue's payload without tags: the first `<v Name>` voice and the plain text.
/// The extracted document of a cue file: turns from `cues`, the decoding warning if any, and a
/// note on the `bad` blocks that were skipped.
pub(super) fn cues_extracted(cues: Vec<Cue>, warning: Option<String>, bad: usize) -> Extracted {
    let mut warnings: Vec<String> = warning.into_iter().collect();
    if bad > 0 {
        warnings.push(format!(
            "{bad} blocks without a valid cue timing were skipped"
        ));
    }
    Extracted {
        title: None,
        body: Body::Turns(cues_to_turns(cues)),
        warnings,
    }
}

/// The cue of one blank-line-separated block: its timing line and the text after it. `None` when
/// the block has no valid timing (counted by the callers as a bad block).
pub(super) fn cue_of(block: &[&str]) -> Option<Cue> {
    let at = block.iter().position(|l| l.contains("-->"))?;
    let (start_ms, end_ms) = parse_timing(block[at])?;
    let (voice, text) = payload(&block[at + 1..]);
    Some(Cue {
        start_ms,
        end_ms,
        voice,
        text,
    })
}

pub(super) fn payload(lines: &[&str]) -> (Option<String>, String) {
    // Most cues hold one line, read in place.
    let joined = match lines {
        [one] => Cow::Borrowed(*one),
        _ => Cow::Owned(lines.join(" ")),
    };
    let mut voice = None;
    let mut text = String::with_capacity(joined.len());
    let mut rest = joined.as_ref();
    while let Some(open) = rest.find(['<', '{']) {
        text.push_str(&rest[..open]);
        let close = if rest[open..].starts_with('<') {
            '>'
        } else {
            '}'
        };
        let tail = &rest[open + 1..];
        // `{\an8}` is a SubRip position tag; other braces are text.
        if close == '}' && !tail.starts_with('\\') {
            text.push('{');
            rest = tail;
            continue;
        }
        let Some(end) = tail.find(close) else {
            text.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let tag = &tail[..end];
        if voice.is_none()
            && let Some(v) = tag.strip_prefix('v').filter(|v| v.starts_with([' ', '.']))
        {
            // `<v.loud Kari Lind>`: classes first, then the name.
            // noScribe writes `<v //S02>` for overlapping speech: the speaker is S02.
            let name = v
                .split_once(' ')
                .map_or("", |(_, n)| n)
                .trim()
                .trim_matches('/')
                .trim();
            if !name.is_empty() {
                voice = Some(unescape(name));
            }
        }
        rest = &tail[end + 1..];
    }
    text.push_str(rest);
    // Unescaped only when needed, so that the text is not copied.
    let text = if text.contains('&') {
        unescape(&text)
    } else {
        text
    };
    (voice, squeeze_owned(text, Gaps::Whitespace))
}

/// Turns cues into speaker turns. Voice tags name speakers; otherwise a `Name:` or `[Name]`
/// prefix does, when it is credible (capitalised, or used in two cues). Consecutive cues of one
/// speaker merge; cues without a speaker merge until a pause of two seconds or a long paragraph
/// ends at a sentence end.
pub(super) fn cues_to_turns(cues: Vec<Cue>) -> Vec<Turn> {
    let label = |t: &str| {
        name_colon(t)
            .or_else(|| bracket(t))
            .map(|s| s.speaker.to_owned())
    };
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for c in cues.iter().filter(|c| c.voice.is_none()) {
        if let Some(n) = label(&c.text) {
            *counts.entry(n).or_insert(0) += 1;
        }
    }
    let mut turns: Vec<Turn> = Vec::new();
    let mut last_end = 0u64;
    // Words in the last turn, kept as cues merge (recounting made long unlabelled runs
    // quadratic); only turns without a speaker need it.
    let mut last_words = 0usize;
    for cue in cues {
        let (speaker, text) = match cue.voice {
            Some(v) => (Some(v), cue.text),
            None => {
                let split = name_colon(&cue.text).or_else(|| bracket(&cue.text));
                match split {
                    Some(s) if credible(s.speaker, counts.get(s.speaker).copied().unwrap_or(0)) => {
                        (Some(s.speaker.to_owned()), s.rest.to_owned())
                    }
                    _ => (None, cue.text),
                }
            }
        };
        if text.is_empty() {
            continue;
        }
        let merge = turns.last().is_some_and(|t| {
            t.speaker.as_deref() == speaker.as_deref()
                && (speaker.is_some()
                    || (cue.start_ms.saturating_sub(last_end) < 2000
                        && !(last_words >= 120 && t.text.ends_with(['.', '?', '!']))))
        });
        last_end = cue.end_ms;
        // Joined with a space, so the words of the whole are the words of the parts.
        let words = if speaker.is_none() {
            text.split_whitespace().count()
        } else {
            0
        };
        if merge && let Some(t) = turns.last_mut() {
            t.text.push(' ');
            t.text.push_str(&text);
            last_words += words;
        } else {
            let mut turn = Turn::new(speaker.as_deref(), &text);
            turn.time = Some(format_time(cue.start_ms).into());
            turns.push(turn);
            last_words = words;
        }
    }
    turns
}

pub fn extract(bytes: &[u8]) -> Result<Extracted, String> {
    let decoded = super::text::decode(bytes)?;
    let text = decoded.text.trim_start_matches('\u{feff}');
    if !text.trim_start().starts_with("WEBVTT") {
        return Err("is not a WebVTT file (it does not start with WEBVTT)".to_owned());
    }
    let mut cues = Vec::new();
    let mut bad = 0usize;
    for block in blocks(text).into_iter().skip(1) {
        let first = block.first().map(|l| l.trim()).unwrap_or("");
        if first.starts_with("NOTE") || first == "STYLE" || first == "REGION" {
            continue;
        }
        match cue_of(&block) {
            Some(cue) => cues.push(cue),
            None => bad += 1,
        }
    }
    if cues.is_empty() {
        return Err("holds no cues (no lines like 00:00:01.000 --> 00:00:04.000)".to_owned());
    }
    Ok(cues_extracted(cues, decoded.warning, bad))
}

/// Blocks of lines separated by blank lines.
pub(super) fn blocks(text: &str) -> Vec<Vec<&str>> {
    let mut out: Vec<Vec<&str>> = Vec::new();
    let mut current = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_payloads() {
        assert_eq!(parse_time("00:01:02.500"), Some(62_500));
        assert_eq!(parse_time("01:02.5"), Some(62_500));
        assert_eq!(parse_time("00:00:11,000"), Some(11_000));
        assert_eq!(parse_time("x"), None);
        assert_eq!(format_time(3_723_000), "01:02:03");
        assert_eq!(
            payload(&["<v.loud Kari Lind>Hello <i>there</i> &amp; you</v>"]),
            (Some("Kari Lind".to_owned()), "Hello there & you".to_owned())
        );
        assert_eq!(
            payload(&["{\\an8}Top {sic}"]),
            (None, "Top {sic}".to_owned())
        );
    }
}
