//! SubRip (.srt), as written by Whisper and most captioning tools: numbered cues with
//! `00:00:00,000 --> 00:00:11,000` timings. Speakers come from `Name:` / `[Name]` prefixes or
//! `<v Name>` tags; cues merge into turns as in WebVTT ([`super::vtt`]).

use super::Extracted;
use super::vtt::{blocks, cue_of, cues_extracted};

pub fn extract(bytes: &[u8]) -> Result<Extracted, String> {
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
