//! SubRip (.srt), as written by Whisper and most captioning tools: numbered cues with
//! `00:00:00,000 --> 00:00:11,000` timings. Speakers come from `Name:` / `[Name]` prefixes or
//! `<v Name>` tags; cues merge into turns as in WebVTT ([`super::vtt`]).

use super::vtt::{Cue, blocks, cues_to_turns, parse_timing, payload};
use super::{Body, Extracted};

pub fn extract(bytes: &[u8]) -> Result<Extracted, String> {
    let decoded = super::text::decode(bytes)?;
    let mut cues = Vec::new();
    let mut bad = 0usize;
    for block in blocks(&decoded.text) {
        let Some(at) = block.iter().position(|l| l.contains("-->")) else {
            bad += 1;
            continue;
        };
        let Some((start_ms, end_ms)) = parse_timing(block[at]) else {
            bad += 1;
            continue;
        };
        let (voice, text) = payload(&block[at + 1..]);
        cues.push(Cue {
            start_ms,
            end_ms,
            voice,
            text,
        });
    }
    if cues.is_empty() {
        return Err(
            "is not a SubRip file: it holds no cues (no lines like 00:00:01,000 --> \
             00:00:04,000)"
                .to_owned(),
        );
    }
    let mut warnings: Vec<String> = decoded.warning.into_iter().collect();
    if bad > 0 {
        warnings.push(format!(
            "{bad} blocks without a valid cue timing were skipped"
        ));
    }
    Ok(Extracted {
        title: None,
        body: Body::Turns(cues_to_turns(cues)),
        warnings,
    })
}
