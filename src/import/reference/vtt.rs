//! WebVTT cues to turns as in `super::super::vtt` before the speed work, verbatim.

use super::speakers::{credible, split_raw};
use crate::import::speakers::Pattern;
use crate::import::vtt::{Cue, blocks, format_time};
use crate::import::{Body, Extracted};
use crate::model::Turn;
use std::collections::BTreeMap;

/// `hh:mm:ss.mmm`, `mm:ss.mmm` or SubRip's `hh:mm:ss,mmm` in milliseconds.
fn parse_time(s: &str) -> Option<u64> {
    let s = s.trim();
    let (main, frac) = s.split_once(['.', ',']).unwrap_or((s, "0"));
    let frac = frac.get(..frac.len().min(3))?;
    if frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let ms: u64 = frac.parse::<u64>().ok()? * 10u64.pow(3 - frac.len() as u32);
    let mut total = 0u64;
    let parts: Vec<&str> = main.split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        return None;
    }
    for p in parts {
        if p.is_empty() || p.len() > 3 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        total = total * 60 + p.parse::<u64>().ok()?;
    }
    Some(total * 1000 + ms)
}

/// The start and end of a timing line `00:00:01.000 --> 00:00:04.000 align:start`.
fn parse_timing(line: &str) -> Option<(u64, u64)> {
    let (a, b) = line.split_once("-->")?;
    let b = b.split_whitespace().next()?;
    Some((parse_time(a)?, parse_time(b)?))
}

fn unescape(s: &str) -> String {
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
fn cues_extracted(cues: Vec<Cue>, warning: Option<String>, bad: usize) -> Extracted {
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
fn cue_of(block: &[&str]) -> Option<Cue> {
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

fn payload(lines: &[&str]) -> (Option<String>, String) {
    let joined = lines.join(" ");
    let mut voice = None;
    let mut text = String::with_capacity(joined.len());
    let mut rest = joined.as_str();
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
    (
        voice,
        unescape(&text)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// Turns cues into speaker turns. Voice tags name speakers; otherwise a `Name:` or `[Name]`
/// prefix does, when it is credible (capitalised, or used in two cues). Consecutive cues of one
/// speaker merge; cues without a speaker merge until a pause of two seconds or a long paragraph
/// ends at a sentence end.
fn cues_to_turns(cues: Vec<Cue>) -> Vec<Turn> {
    let label = |t: &str| {
        split_raw(t, Pattern::NameColon)
            .or_else(|| split_raw(t, Pattern::Bracket))
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
    for cue in cues {
        let (speaker, text) = match cue.voice {
            Some(v) => (Some(v), cue.text),
            None => {
                let split = split_raw(&cue.text, Pattern::NameColon)
                    .or_else(|| split_raw(&cue.text, Pattern::Bracket));
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
                        && !(t.text.split_whitespace().count() >= 120
                            && t.text.ends_with(['.', '?', '!']))))
        });
        last_end = cue.end_ms;
        if merge && let Some(t) = turns.last_mut() {
            t.text.push(' ');
            t.text.push_str(&text);
        } else {
            let mut turn = Turn::new(speaker.as_deref(), &text);
            turn.time = Some(format_time(cue.start_ms).into());
            turns.push(turn);
        }
    }
    turns
}

pub(super) fn extract(bytes: &[u8]) -> Result<Extracted, String> {
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

/// SubRip as `super::super::srt::extract` read it.
pub(super) fn extract_srt(bytes: &[u8]) -> Result<Extracted, String> {
    let decoded = super::text::decode(bytes)?;
    let mut cues = Vec::new();
    let mut bad = 0usize;
    for block in blocks(&decoded.text) {
        match cue_of(&block) {
            Some(cue) => cues.push(cue),
            None => bad += 1,
        }
    }
    if cues.is_empty() {
        return Err(
            "is not a SubRip file: it holds no cues (no lines like 00:00:01,000 --> \
             00:00:04,000)"
                .to_owned(),
        );
    }
    Ok(cues_extracted(cues, decoded.warning, bad))
}
