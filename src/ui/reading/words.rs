//! Paragraph layout from cached word shapes.
//!
//! egui shapes a paragraph (harfrust, glyph placement, mesh) the first time it is shown, at about
//! 0.15 µs a character, so a page of a part of the transcript not seen before costs more than half
//! a millisecond; its own galley cache only keeps what was drawn in the last frame. Words repeat,
//! though (a two-hour interview has a few thousand distinct words), so the pane shapes each
//! distinct word once, through egui, and sets lines from those shapes: a new paragraph then costs
//! a hash lookup per word and copying its glyphs, as browsers do with their word shape caches.
//! Most new words are not even shaped but composed from what earlier runs taught (see
//! [`super::compose`]). The result is a real [`Galley`] (see [`super::lines`]), so selection, hit
//! testing and painting use egui's own code.
//!
//! Paragraphs this cannot set the way egui would (line breaks inside, a word wider than the line,
//! very long runs without spaces such as Chinese text) are laid out by egui as a whole.

use super::compose::{Composed, Composer};
use super::lines::{Lines, Packed, pack, paragraph_job};
use egui::Color32;
use egui::epaint::text::{Galley, Glyph, TextFormat};
use rustc_hash::{FxBuildHasher, FxHashMap};
use std::hash::BuildHasher as _;
use std::ops::Range;
use std::sync::Arc;
use unicode_segmentation::GraphemeCursor;

/// Segments longer than this (in bytes) are not cached: the paragraph goes to egui whole.
const MAX_SEGMENT: usize = 80;
/// The word cache is emptied when it holds this many distinct words (a few hundred bytes each).
const MAX_WORDS: usize = 30_000;

/// What every cached shape depends on: a change empties the cache.
#[derive(Clone, Copy, PartialEq, Debug)]
struct StyleKey {
    size: u32,
    line_height: u32,
    color: Color32,
    pixels_per_point: u32,
}

/// One word (with the spaces after it) shaped once: its text in [`WordCache::text`], and where
/// its glyphs are in [`WordCache::glyphs`], positioned from the word's start. Their quads are made
/// again from the glyphs when a line is set, as egui makes them, which keeps a word to a few
/// hundred bytes.
struct Word {
    text: u32,
    text_len: u32,
    glyphs: Range<u32>,
    /// Width without the trailing spaces: what must fit on the line.
    ink: f32,
    /// Advance to the next word.
    advance: f32,
    row_h: f32,
    /// How far right of its first glyph's whole-pixel position the word began in the run it was
    /// shaped in: its glyphs' bitmaps are drawn at those sub-pixel offsets, so the word is placed
    /// that much further left to land where egui would draw it.
    lead: f32,
}

/// Lines set from cached words, or why not.
enum Set {
    Done(Lines),
    /// A word is not cached.
    Missing,
    /// Only egui can set this paragraph.
    Cannot,
}

/// A paragraph about to be shown, as [`WordCache::prepare`] found it: which text (its address
/// and length, for this frame only) and the slots of its words, in order.
struct Prepared {
    text: (usize, usize),
    slots: Vec<u32>,
}

/// A laid-out paragraph kept while it stays on screen.
struct Kept {
    wrap: f32,
    galley: Arc<Galley>,
    used: u64,
}

#[derive(Default)]
pub struct WordCache {
    style: Option<StyleKey>,
    /// The cached words by the hash of their text ([`key`]); a word whose hash another word
    /// already has is not cached (its paragraph goes to egui).
    words: FxHashMap<u64, u32>,
    /// The cached words, indexed by `words`' values.
    slots: Vec<Word>,
    /// This frame's paragraphs as [`Self::prepare`] found them: their words, looked up once.
    prepared: FxHashMap<usize, Prepared>,
    /// The text of all cached words, one after the other.
    text: String,
    /// The glyphs of all cached words, in one array.
    glyphs: Vec<Packed>,
    /// Glyphs of each font face met (with their vertical metrics, baseline and colour flag),
    /// to rebuild a [`Packed`] glyph from.
    faces: Vec<Glyph>,
    /// What shaping taught about characters and pairs, to compose new words without it.
    composer: Composer,
    composed: Vec<Composed>,
    /// A space's advance on its own, and a row's height, in this style (known after the first
    /// run).
    space: Option<f32>,
    row_h: Option<f32>,
    /// For tests: every word's hash is this, so that they all collide.
    #[cfg(test)]
    collide: bool,
    /// A galley of this style, whose private fields the paragraphs' galleys copy.
    template: Option<Arc<Galley>>,
    paragraphs: FxHashMap<usize, Kept>,
    /// The font atlas's fill ratio at the end of the last frame: egui empties the atlas when it
    /// is nearly full, and cached glyphs would then point at stale texels.
    atlas_fill: f32,
    frame: u64,
    /// Paragraphs set from words and by egui, and words composed without the shaper, since the
    /// cache was made (for tests).
    pub set_from_words: usize,
    pub set_by_egui: usize,
    pub composed_words: usize,
}

impl WordCache {
    /// Starts a frame: empties what the style or the font atlas made stale, and forgets
    /// paragraphs not shown in the last frame.
    pub fn begin_frame(&mut self, ctx: &egui::Context, format: &TextFormat) {
        let style = StyleKey {
            size: format.font_id.size.to_bits(),
            line_height: format.line_height.unwrap_or(0.0).to_bits(),
            color: format.color,
            pixels_per_point: ctx.pixels_per_point().to_bits(),
        };
        let fill = ctx.fonts(|f| f.font_atlas_fill_ratio());
        if self.style != Some(style) || fill < self.atlas_fill || self.words.len() > MAX_WORDS {
            self.words.clear();
            self.slots.clear();
            self.text.clear();
            self.glyphs.clear();
            self.faces.clear();
            self.composer.clear();
            self.space = None;
            self.row_h = None;
            self.template = None;
            self.paragraphs.clear();
            self.style = Some(style);
        }
        self.atlas_fill = fill;
        self.prepared.clear();
        let frame = self.frame;
        self.paragraphs.retain(|_, k| k.used >= frame);
        self.frame += 1;
    }

    /// Notes the atlas's fill after this frame's layout, so a clear at the next frame is seen.
    pub fn end_frame(&mut self, ctx: &egui::Context) {
        self.atlas_fill = ctx.fonts(|f| f.font_atlas_fill_ratio());
    }

    /// Forgets the kept paragraphs.
    #[cfg(test)]
    fn forget_paragraphs(&mut self) {
        self.paragraphs.clear();
    }

    /// Paragraph `para` (`text`) wrapped at `wrap` points.
    pub fn paragraph(
        &mut self,
        ctx: &egui::Context,
        para: usize,
        text: &str,
        format: &TextFormat,
        wrap: f32,
    ) -> Arc<Galley> {
        let frame = self.frame;
        if let Some(k) = self.paragraphs.get_mut(&para)
            && k.wrap == wrap
            && k.galley.job.text == text
        {
            k.used = frame;
            return k.galley.clone();
        }
        let galley = match self.set(ctx, para, text, format, wrap) {
            Some(g) => {
                self.set_from_words += 1;
                Arc::new(g)
            }
            None => {
                self.set_by_egui += 1;
                ctx.fonts_mut(|f| f.layout_job(paragraph_job(text, format, wrap)))
            }
        };
        self.paragraphs.insert(
            para,
            Kept {
                wrap,
                galley: galley.clone(),
                used: frame,
            },
        );
        galley
    }

    /// Sets paragraph `para` (`text`) from word shapes, or `None` where egui must lay it out.
    fn set(
        &mut self,
        ctx: &egui::Context,
        para: usize,
        text: &str,
        format: &TextFormat,
        wrap: f32,
    ) -> Option<Galley> {
        if text.is_empty() || text.contains(['\n', '\r']) {
            return None;
        }
        let template = self.template(ctx, format)?;
        let ppp = ctx.pixels_per_point();
        // Found by `prepare` this frame: its words are known already.
        if let Some(p) = self.prepared.remove(&para)
            && p.text == (text.as_ptr() as usize, text.len())
        {
            let words = p.slots.iter().map(|k| self.slots.get(*k as usize));
            if let Set::Done(lines) = self.lines(words, ppp, format, wrap) {
                return lines.into_galley(&template, text, format, wrap);
            }
        }
        let segments = segments(text)?;
        // Usually `prepare` has shaped every word: each is looked up once, as it is set.
        let first = self.lines(segments.iter().map(|s| self.word(s)), ppp, format, wrap);
        let lines = match first {
            Set::Done(lines) => lines,
            Set::Missing => {
                let missing = self.missing(&segments);
                self.shape(ctx, missing, format)?;
                match self.lines(segments.iter().map(|s| self.word(s)), ppp, format, wrap) {
                    Set::Done(lines) => lines,
                    Set::Missing | Set::Cannot => return None,
                }
            }
            Set::Cannot => return None,
        };
        lines.into_galley(&template, text, format, wrap)
    }

    /// A paragraph's words (`None` where one is not cached) set in lines.
    fn lines<'w>(
        &'w self,
        words: impl Iterator<Item = Option<&'w Word>>,
        ppp: f32,
        format: &TextFormat,
        wrap: f32,
    ) -> Set {
        let per_row = (wrap / (format.font_id.size * 0.4)) as usize;
        let mut lines = Lines::new(ppp, per_row, format.color);
        for w in words {
            let Some(w) = w else {
                return Set::Missing;
            };
            if w.ink > wrap {
                return Set::Cannot;
            }
            if lines.x > 0.0 && lines.x + w.ink > wrap {
                lines.break_line();
            }
            let r = w.glyphs.start as usize..w.glyphs.end as usize;
            let pushed = self
                .glyphs
                .get(r)
                .and_then(|g| lines.push((w.advance, w.row_h, w.lead), g, &self.faces));
            if pushed.is_none() {
                return Set::Cannot;
            }
        }
        Set::Done(lines)
    }

    /// Shapes, in one run, the words of the paragraphs about to be shown (`(index, text)`) that
    /// were not seen yet: the shaper's set-up for each run costs more than a few short words'
    /// glyphs. Remembers each paragraph's words for this frame, so that setting it looks none up
    /// again (on a long transcript the cache outgrows the processor's, and each lookup costs).
    pub fn prepare<'a>(
        &mut self,
        ctx: &egui::Context,
        paragraphs: impl IntoIterator<Item = (usize, &'a str)>,
        format: &TextFormat,
    ) {
        // Each paragraph with its words and their slots (`None` until shaped).
        type Found<'t> = (usize, &'t str, Vec<&'t str>, Vec<Option<u32>>);
        let mut found: Vec<Found> = Vec::new();
        let mut missing = Vec::new();
        for (para, text) in paragraphs {
            if text.contains(['\n', '\r']) {
                continue;
            }
            if let Some(segments) = segments(text) {
                let slots: Vec<Option<u32>> = segments.iter().map(|s| self.slot(s)).collect();
                missing.extend(
                    segments
                        .iter()
                        .zip(&slots)
                        .filter(|(_, k)| k.is_none())
                        .map(|(s, _)| *s),
                );
                found.push((para, text, segments, slots));
            }
        }
        if !missing.is_empty() {
            // A word that cannot be cut out is shaped with its paragraph, and that paragraph
            // goes to egui.
            let _ = self.shape(ctx, missing, format);
        }
        for (para, text, segments, slots) in found {
            let slots: Option<Vec<u32>> = slots
                .into_iter()
                .zip(&segments)
                .map(|(k, s)| k.or_else(|| self.slot(s)))
                .collect();
            if let Some(slots) = slots {
                let text = (text.as_ptr() as usize, text.len());
                self.prepared.insert(para, Prepared { text, slots });
            }
        }
    }

    /// A small galley of this style, to copy the private fields of galleys and rows from.
    fn template(&mut self, ctx: &egui::Context, format: &TextFormat) -> Option<Arc<Galley>> {
        if self.template.is_none() {
            let g = ctx.fonts_mut(|f| f.layout_job(paragraph_job("x", format, f32::INFINITY)));
            if g.rows.len() == 1 {
                self.template = Some(g);
            }
        }
        self.template.clone()
    }

    /// The hash of `s` that the cache keys it by.
    fn key(&self, s: &str) -> u64 {
        #[cfg(test)]
        if self.collide {
            return 0;
        }
        FxBuildHasher.hash_one(s)
    }

    /// The cached word `s`, if it is (its text checked, so that another word of the same hash is
    /// never taken for it).
    fn word(&self, s: &str) -> Option<&Word> {
        self.slot(s).and_then(|k| self.slots.get(k as usize))
    }

    /// The slot of the cached word `s`, if it is (its text checked).
    fn slot(&self, s: &str) -> Option<u32> {
        let k = *self.words.get(&self.key(s))?;
        let w = self.slots.get(k as usize)?;
        let t = w.text as usize;
        (self.text.get(t..t + w.text_len as usize)? == s).then_some(k)
    }

    /// The segments not in the cache.
    fn missing<'a>(&self, segments: &[&'a str]) -> Vec<&'a str> {
        segments
            .iter()
            .copied()
            .filter(|s| self.word(s).is_none())
            .collect()
    }

    /// Caches the words of `missing`: composed from what earlier runs taught where it can be,
    /// the rest shaped in one run (which then teaches more).
    fn shape(
        &mut self,
        ctx: &egui::Context,
        mut missing: Vec<&str>,
        format: &TextFormat,
    ) -> Option<()> {
        missing.sort_unstable();
        missing.dedup();
        let ppp = ctx.pixels_per_point();
        if let (Some(space), Some(row_h)) = (self.space, self.row_h) {
            missing.retain(|s| !self.compose(s, ppp, space, row_h));
        }
        if missing.is_empty() {
            return Some(());
        }
        // Each word followed by a space (unless it ends with one), so that no word kerns into
        // the next; the separating spaces are dropped again below.
        let mut run = String::new();
        for s in &missing {
            run.push_str(s);
            if !s.ends_with(char::is_whitespace) {
                run.push(' ');
            }
        }
        let known = self.space;
        let (galley, space) = ctx.fonts_mut(|f| {
            // A space's advance on its own, once per style.
            let space = known.or_else(|| {
                let g = f.layout_job(paragraph_job(" ", format, f32::INFINITY));
                g.rows.first()?.glyphs.first().map(|g| g.advance_width)
            });
            let run = f.layout_job(paragraph_job(&run, format, f32::INFINITY));
            (run, space)
        });
        let space = space?;
        let row = match galley.rows.as_slice() {
            [row] => row,
            _ => return None,
        };
        self.space = Some(space);
        self.row_h = Some(row.size.y);
        let faces = &mut self.faces;
        self.composer.learn(&row.glyphs, row.pos.x, ppp, |g| {
            pack(g, 0.0, ppp, faces).map(|p| p.face)
        });
        let mut at = 0;
        // Where each word begins in the run, exactly (glyph positions are whole pixels).
        let mut x = row.pos.x;
        for s in missing {
            let n = s.chars().count();
            let glyphs = row.glyphs.get(at..at + n)?;
            let skip = usize::from(!s.ends_with(char::is_whitespace));
            let start = x;
            x += row
                .glyphs
                .get(at..at + n + skip)?
                .iter()
                .map(|g| g.advance_width)
                .sum::<f32>();
            at += n + skip;
            let key = self.key(s);
            // Taken by a word of the same hash: this one is not cached.
            if self.words.contains_key(&key) {
                continue;
            }
            if let Some(word) = self.cut_word(s, glyphs, start, row.size.y, ppp, space) {
                self.insert(key, word);
            }
        }
        Some(())
    }

    /// Caches `word` under `key`.
    fn insert(&mut self, key: u64, word: Word) {
        if let Ok(slot) = u32::try_from(self.slots.len()) {
            self.slots.push(word);
            self.words.insert(key, slot);
        }
    }

    /// Caches `s` composed from learned glyphs and pairs, if it can be. Returns whether it was.
    fn compose(&mut self, s: &str, ppp: f32, space: f32, row_h: f32) -> bool {
        let mut out = std::mem::take(&mut self.composed);
        // Shaped in a run, a word is followed by a space.
        let done = self
            .composer
            .compose(s, ' ', ppp, space, &mut out)
            .is_some()
            && self.cache_composed(s, &out, row_h).is_some();
        self.composed = out;
        self.composed_words += usize::from(done);
        done
    }

    fn cache_composed(&mut self, s: &str, glyphs: &[Composed], row_h: f32) -> Option<()> {
        let key = self.key(s);
        if self.words.contains_key(&key) {
            // Another word of this hash: never cached, so the caller must not count on it.
            return None;
        }
        let first = at(&self.glyphs)?;
        let text = at(self.text.as_bytes())?;
        let (mut x, mut ink) = (0.0, 0.0);
        for g in glyphs {
            self.glyphs.push(Packed {
                chr: g.chr,
                x: g.x,
                advance: g.advance,
                offset: g.bitmap.offset,
                min: g.bitmap.min,
                max: g.bitmap.max,
                face: g.face,
            });
            x += g.advance;
            if !g.chr.is_whitespace() {
                ink = x;
            }
        }
        self.text.push_str(s);
        let word = Word {
            text,
            text_len: u32::try_from(s.len()).ok()?,
            glyphs: first..at(&self.glyphs)?,
            ink,
            advance: x,
            row_h,
            lead: 0.0,
        };
        self.insert(key, word);
        Some(())
    }

    /// Word `s`'s glyphs out of a shaped run, moved to start at x = 0 (by whole pixels, since the
    /// first glyph sits on one), packed and appended to [`Self::glyphs`]; its text appended to
    /// [`Self::text`]. `None` (and nothing appended) if a glyph cannot be packed. `start` is where
    /// the word began in the run, exactly.
    ///
    /// A trailing space takes `space`, the advance of a space on its own: in the run it was
    /// shaped in, it may have been kerned with whatever word came next there.
    #[allow(clippy::too_many_arguments)]
    fn cut_word(
        &mut self,
        s: &str,
        glyphs: &[Glyph],
        start: f32,
        row_h: f32,
        ppp: f32,
        space: f32,
    ) -> Option<Word> {
        let x0 = glyphs.first()?.pos.x;
        let first = at(&self.glyphs)?;
        let text = at(self.text.as_bytes())?;
        // Advances are exact (the positions are rounded to pixels).
        let (mut x, mut ink) = (0.0, 0.0);
        for g in glyphs {
            let mut g = *g;
            if g.chr == ' ' {
                g.advance_width = space;
            }
            let Some(p) = pack(&g, x0, ppp, &mut self.faces) else {
                self.glyphs.truncate(first as usize);
                return None;
            };
            self.glyphs.push(p);
            x += g.advance_width;
            if !g.chr.is_whitespace() {
                ink = x;
            }
        }
        self.text.push_str(s);
        Some(Word {
            text,
            text_len: u32::try_from(s.len()).ok()?,
            glyphs: first..at(&self.glyphs)?,
            ink,
            advance: x,
            row_h,
            lead: start - x0,
        })
    }
}

/// The length of `v` as an index into [`WordCache::glyphs`].
fn at<T>(v: &[T]) -> Option<u32> {
    u32::try_from(v.len()).ok()
}

/// The text cut where a line may break: each piece is a word with the spaces after it. `None` if
/// a piece is too long to cache.
fn segments(text: &str) -> Option<Vec<&str>> {
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    let mut start = 0;
    let mut after_space = false;
    for (i, c) in text.char_indices() {
        let space = c.is_whitespace();
        // After a space, only a combining mark or joiner can continue the cluster.
        if after_space && !space && i > start && (c.is_ascii() || is_grapheme_boundary(text, i)) {
            out.push(text.get(start..i)?);
            start = i;
        }
        after_space = space;
    }
    out.push(text.get(start..)?);
    out.iter().all(|s| s.len() <= MAX_SEGMENT).then_some(out)
}

fn is_grapheme_boundary(text: &str, at: usize) -> bool {
    // Only what follows a space is asked about, so a combining mark or joiner is the only way
    // this is not a boundary; the cursor needs no context before the space.
    GraphemeCursor::new(at, text.len(), true)
        .is_boundary(text, 0)
        .unwrap_or(false)
}

#[cfg(test)]
#[path = "words_tests.rs"]
mod tests;
