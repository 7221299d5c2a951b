//! Words set from what earlier shaping runs taught: for each character, its glyph bitmap at each
//! of egui's four sub-pixel offsets, and for each pair of characters, the first one's advance
//! when followed by the second (kerning included). A new word made only of characters and pairs
//! already seen is then composed in a fraction of a microsecond instead of going through the
//! shaper (about 2 µs a word), with the glyph positions, advances and bitmaps egui's own layout
//! gives it when the word starts on a whole pixel.
//!
//! Only what shaping showed to be context-free is used. A character is never composed once it
//! was seen in a cluster of several characters (ligatures, combining marks), off the position
//! that its advances predict, or with a bitmap or face that changed with its neighbours; such
//! words, and any with a character or pair not seen yet, are shaped as before.

use egui::epaint::text::Glyph;
use rustc_hash::{FxHashMap, FxHashSet};

/// A glyph's place in egui's font atlas at one sub-pixel offset: offset, texel corners.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Bitmap {
    pub offset: egui::Vec2,
    pub min: [u16; 2],
    pub max: [u16; 2],
}

impl Bitmap {
    fn of(g: &Glyph) -> Self {
        Self {
            offset: g.uv_rect.offset,
            min: g.uv_rect.min,
            max: g.uv_rect.max,
        }
    }
}

/// What shaping showed of one character.
#[derive(Clone, Copy, Default)]
struct Learned {
    /// Its glyph at each sub-pixel bin (see [`bin`]).
    bins: [Option<Bitmap>; 4],
    /// Its face in the word cache's table of faces.
    face: Option<u16>,
}

/// One glyph of a composed word, relative to the word's start.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Composed {
    pub chr: char,
    pub x: f32,
    pub advance: f32,
    pub bitmap: Bitmap,
    pub face: u16,
}

#[derive(Default)]
pub struct Composer {
    chars: FxHashMap<char, Learned>,
    /// The advance (points) of the first character when the second follows it.
    pairs: FxHashMap<(char, char), f32>,
    /// Characters never composed.
    complex: FxHashSet<char>,
    /// Pairs shaped as one glyph (ligatures such as "fi"): words with them are shaped.
    ligatures: FxHashSet<(char, char)>,
}

/// egui's sub-pixel binning: the whole pixel a glyph at `h` (pixels) is drawn from and which of
/// four bitmaps (offset by 0, ¼, ½ or ¾ of a pixel) draws it.
fn bin(h: f32) -> (i32, usize) {
    let whole = h.floor();
    let fract = h - whole;
    let whole = whole as i32;
    if fract < 0.125 {
        (whole, 0)
    } else if fract < 0.375 {
        (whole, 1)
    } else if fract < 0.625 {
        (whole, 2)
    } else if fract < 0.875 {
        (whole, 3)
    } else {
        (whole + 1, 0)
    }
}

impl Composer {
    pub fn clear(&mut self) {
        self.chars.clear();
        self.pairs.clear();
        self.complex.clear();
        self.ligatures.clear();
    }

    /// Learns from a run egui shaped from its start at x = `start` (points), each glyph's face
    /// given by `face`.
    pub fn learn(
        &mut self,
        glyphs: &[Glyph],
        start: f32,
        ppp: f32,
        mut face: impl FnMut(&Glyph) -> Option<u16>,
    ) {
        // egui's cursor, in pixels, as its layout advances it.
        let mut h = start * ppp;
        for (i, g) in glyphs.iter().enumerate() {
            let c = g.chr;
            let next = glyphs.get(i + 1).map(|n| n.chr);
            let (whole, b) = bin(h);
            h += g.advance_width * ppp;
            // A glyph with no bitmap after another is the rest of a cluster the other one draws
            // (a ligature such as "fi"): that pair is never composed, and neither glyph teaches
            // anything about its character alone.
            let rest = |g: &Glyph| g.uv_rect.is_nothing() && !g.chr.is_whitespace();
            if rest(g) {
                if let Some(p) = i.checked_sub(1).and_then(|p| glyphs.get(p)) {
                    self.ligatures.insert((p.chr, c));
                } else {
                    self.complex.insert(c);
                }
                continue;
            }
            if let Some(n) = glyphs.get(i + 1)
                && rest(n)
            {
                self.ligatures.insert((c, n.chr));
                continue;
            }
            if (g.pos.x * ppp - whole as f32).abs() > 0.01 {
                // Not where plain advances put it (a mark, an offset, no binning).
                self.complex.insert(c);
                continue;
            }
            let f = face(g);
            let learned = self.chars.entry(c).or_default();
            let bitmap = Bitmap::of(g);
            let same_bitmap = learned.bins[b].is_none_or(|x| x == bitmap);
            let same_face = learned.face.is_none_or(|x| Some(x) == f);
            if !same_bitmap || !same_face || f.is_none() {
                self.complex.insert(c);
                continue;
            }
            learned.bins[b] = Some(bitmap);
            learned.face = f;
            if let Some(n) = next {
                let a = self.pairs.entry((c, n)).or_insert(g.advance_width);
                if (*a - g.advance_width).abs() > 1e-4 {
                    self.complex.insert(c);
                }
            }
        }
    }

    /// `word`'s glyphs as egui would shape it starting on a whole pixel, followed by `next` (the
    /// character after the word in the run it would be shaped in), or `None` if anything in it
    /// was not learned. A trailing space advances by `space` (its advance on its own).
    pub fn compose(
        &self,
        word: &str,
        next: char,
        ppp: f32,
        space: f32,
        out: &mut Vec<Composed>,
    ) -> Option<()> {
        out.clear();
        let mut h = 0.0;
        let mut chars = word.chars().peekable();
        while let Some(c) = chars.next() {
            if self.complex.contains(&c) {
                return None;
            }
            let learned = self.chars.get(&c)?;
            let follower = chars.peek().copied().unwrap_or(next);
            if self.ligatures.contains(&(c, follower)) {
                return None;
            }
            let advance = if c == ' ' && chars.peek().is_none() {
                space
            } else {
                *self.pairs.get(&(c, follower))?
            };
            let (whole, b) = bin(h);
            let bitmap = learned.bins[b]?;
            out.push(Composed {
                chr: c,
                x: whole as f32 / ppp,
                advance,
                bitmap,
                face: learned.face?,
            });
            h += advance * ppp;
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_follow_egui() {
        assert_eq!(bin(0.0), (0, 0));
        assert_eq!(bin(3.124), (3, 0));
        assert_eq!(bin(3.2), (3, 1));
        assert_eq!(bin(3.5), (3, 2));
        assert_eq!(bin(3.8), (3, 3));
        assert_eq!(bin(3.9), (4, 0));
    }
}
