//! Code colours, stored as sRGB bytes so the model needs no GUI types.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// An sRGB colour. Serialised as `"#rrggbb"` so project files stay readable.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub struct Rgb(pub [u8; 3]);

impl Rgb {
    pub const fn new(r: u8, g: u8, b: u8) -> Self {
        Self([r, g, b])
    }

    /// Parses `#rrggbb` (the `#` is optional).
    pub fn parse_hex(s: &str) -> Option<Self> {
        let s = s.trim();
        let s = s.strip_prefix('#').unwrap_or(s);
        if s.len() != 6 || !s.is_ascii() {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&s[i..i + 2], 16).ok();
        Some(Self([byte(0)?, byte(2)?, byte(4)?]))
    }

    pub fn to_hex(self) -> String {
        let [r, g, b] = self.0;
        format!("#{r:02x}{g:02x}{b:02x}")
    }

    /// A well-spread palette for new codes; picks the `n`th entry, cycling.
    pub fn palette(n: usize) -> Self {
        const PALETTE: [Rgb; 12] = [
            Rgb::new(0x4e, 0x9a, 0xd6),
            Rgb::new(0xe0, 0x8a, 0x3c),
            Rgb::new(0x5c, 0xb8, 0x5c),
            Rgb::new(0xd6, 0x5a, 0x6e),
            Rgb::new(0x9b, 0x7b, 0xd4),
            Rgb::new(0x3f, 0xb5, 0xa9),
            Rgb::new(0xc9, 0xa2, 0x27),
            Rgb::new(0xd4, 0x6f, 0xb6),
            Rgb::new(0x7f, 0x9c, 0x3a),
            Rgb::new(0x6b, 0x8f, 0xb8),
            Rgb::new(0xb8, 0x6b, 0x4a),
            Rgb::new(0x8a, 0x8a, 0x8a),
        ];
        PALETTE[n % PALETTE.len()]
    }

    /// The colour for a new code: of a fixed set of mid-light, moderately saturated colours
    /// (readable under text on light and on dark backgrounds), the one farthest in OKLab from
    /// every colour in `taken`. With nothing taken, the first palette colour.
    pub fn distinct_from(taken: &[Rgb]) -> Self {
        if taken.is_empty() {
            return Self::palette(0);
        }
        let taken: Vec<[f32; 3]> = taken.iter().map(|c| c.oklab()).collect();
        let mut best = (Self::palette(0), f32::MIN);
        for candidate in candidates() {
            let lab = candidate.oklab();
            let nearest = taken
                .iter()
                .map(|t| oklab_distance(lab, *t))
                .fold(f32::MAX, f32::min);
            if nearest > best.1 + 1e-6 {
                best = (candidate, nearest);
            }
        }
        best.0
    }

    /// The colour in OKLab (L, a, b), L from 0 (black) to 1 (white).
    pub fn oklab(self) -> [f32; 3] {
        let [r, g, b] = self.0.map(|c| srgb_to_linear(f32::from(c) / 255.0));
        let l = 0.412_221_46 * r + 0.536_332_55 * g + 0.051_445_995 * b;
        let m = 0.211_903_5 * r + 0.680_699_5 * g + 0.107_396_96 * b;
        let s = 0.088_302_46 * r + 0.281_718_85 * g + 0.629_978_7 * b;
        let (l, m, s) = (l.cbrt(), m.cbrt(), s.cbrt());
        [
            0.210_454_26 * l + 0.793_617_8 * m - 0.004_072_047 * s,
            1.977_998_5 * l - 2.428_592_2 * m + 0.450_593_7 * s,
            0.025_904_037 * l + 0.782_771_77 * m - 0.808_675_77 * s,
        ]
    }

    /// The colour from OKLab, or `None` outside the sRGB gamut.
    pub fn from_oklab([l, a, b]: [f32; 3]) -> Option<Self> {
        let l_ = l + 0.396_337_78 * a + 0.215_803_76 * b;
        let m_ = l - 0.105_561_346 * a - 0.063_854_17 * b;
        let s_ = l - 0.089_484_18 * a - 1.291_485_5 * b;
        let (l3, m3, s3) = (l_ * l_ * l_, m_ * m_ * m_, s_ * s_ * s_);
        let rgb = [
            4.076_741_7 * l3 - 3.307_711_6 * m3 + 0.230_969_94 * s3,
            -1.268_438 * l3 + 2.609_757_4 * m3 - 0.341_319_38 * s3,
            -0.004_196_086_3 * l3 - 0.703_418_6 * m3 + 1.707_614_7 * s3,
        ];
        if rgb.iter().any(|c| !(-0.0005..=1.0005).contains(c)) {
            return None;
        }
        Some(Self(rgb.map(|c| {
            (linear_to_srgb(c.clamp(0.0, 1.0)) * 255.0).round() as u8
        })))
    }

    /// WCAG relative luminance, 0 (black) to 1 (white).
    pub fn luminance(self) -> f32 {
        let [r, g, b] = self.0.map(|c| srgb_to_linear(f32::from(c) / 255.0));
        0.2126 * r + 0.7152 * g + 0.0722 * b
    }

    /// WCAG contrast ratio between two colours (1 to 21).
    pub fn contrast(self, other: Rgb) -> f32 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }
}

/// The colours new codes choose from: OKLCH lightness 0.62 to 0.74, chroma 0.09 to 0.15, every
/// 10 degrees of hue, kept inside sRGB.
fn candidates() -> impl Iterator<Item = Rgb> {
    const LIGHTNESS: [f32; 3] = [0.68, 0.62, 0.74];
    const CHROMA: [f32; 2] = [0.13, 0.09];
    (0..36).flat_map(|h| {
        let hue = (h as f32 * 10.0 + 250.0).to_radians();
        LIGHTNESS.iter().flat_map(move |&l| {
            CHROMA
                .iter()
                .filter_map(move |&c| Rgb::from_oklab([l, c * hue.cos(), c * hue.sin()]))
        })
    })
}

fn oklab_distance(a: [f32; 3], b: [f32; 3]) -> f32 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
}

fn srgb_to_linear(c: f32) -> f32 {
    if c <= 0.040_45 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

fn linear_to_srgb(c: f32) -> f32 {
    if c <= 0.003_130_8 {
        c * 12.92
    } else {
        1.055 * c.powf(1.0 / 2.4) - 0.055
    }
}

impl fmt::Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl Serialize for Rgb {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_hex())
    }
}

impl<'de> Deserialize<'de> for Rgb {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Rgb::parse_hex(&s).ok_or_else(|| {
            serde::de::Error::custom(format!("invalid colour {s:?}, expected \"#rrggbb\""))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trip() {
        let c = Rgb::new(1, 0xab, 0xff);
        assert_eq!(c.to_hex(), "#01abff");
        assert_eq!(Rgb::parse_hex("#01abff"), Some(c));
        assert_eq!(Rgb::parse_hex("01ABFF"), Some(c));
        assert_eq!(Rgb::parse_hex("#01abf"), None);
        assert_eq!(Rgb::parse_hex("#01abfg"), None);
        assert_eq!(Rgb::parse_hex("#é1abff"), None);
    }

    #[test]
    fn oklab_round_trips() {
        for c in [
            Rgb::new(0, 0, 0),
            Rgb::new(255, 255, 255),
            Rgb::new(0x4e, 0x9a, 0xd6),
        ] {
            assert_eq!(Rgb::from_oklab(c.oklab()), Some(c), "{c}");
        }
        let white = Rgb::new(255, 255, 255).oklab();
        assert!((white[0] - 1.0).abs() < 1e-3 && white[1].abs() < 1e-3);
    }

    /// The sample's twelve codes use the twelve palette colours; the thirteenth used to repeat
    /// the first blue.
    #[test]
    fn a_new_code_is_far_from_every_existing_colour() {
        let taken: Vec<Rgb> = (0..12).map(Rgb::palette).collect();
        let new = Rgb::distinct_from(&taken);
        let nearest = taken
            .iter()
            .map(|t| oklab_distance(new.oklab(), t.oklab()))
            .fold(f32::MAX, f32::min);
        assert!(!taken.contains(&new), "{new} repeats a taken colour");
        // The old choice (the palette cycling back to its first entry) was 0 away.
        assert!(
            nearest > 0.06,
            "{new} is only {nearest} from a taken colour"
        );
        // And it is the farthest of all candidates.
        for c in candidates() {
            let d = taken
                .iter()
                .map(|t| oklab_distance(c.oklab(), t.oklab()))
                .fold(f32::MAX, f32::min);
            assert!(
                d <= nearest + 1e-6,
                "{c} would be farther ({d} > {nearest})"
            );
        }
    }

    #[test]
    fn successive_new_codes_spread_and_stay_readable() {
        let light_bg = Rgb::new(0xf8, 0xf8, 0xf8);
        let dark_bg = Rgb::new(0x1b, 0x1b, 0x1b);
        let mut taken = Vec::new();
        for i in 0..30 {
            let c = Rgb::distinct_from(&taken);
            assert!(!taken.contains(&c), "code {i} repeats {c}");
            assert!(c.contrast(light_bg) >= 1.9, "{c} too pale on light");
            assert!(c.contrast(dark_bg) >= 4.0, "{c} too dark on dark");
            taken.push(c);
        }
        // The first eight are far apart from one another.
        for (i, a) in taken.iter().take(8).enumerate() {
            for b in taken.iter().take(8).skip(i + 1) {
                let d = oklab_distance(a.oklab(), b.oklab());
                assert!(d > 0.08, "{a} and {b} are only {d} apart");
            }
        }
    }

    #[test]
    fn a_colour_the_user_picked_is_respected_as_taken() {
        // Whatever colours the user chose, the next one avoids them.
        let taken = vec![
            Rgb::new(0xff, 0, 0),
            Rgb::new(0, 0x80, 0),
            Rgb::new(0x20, 0x40, 0xff),
        ];
        let c = Rgb::distinct_from(&taken);
        for t in &taken {
            assert!(oklab_distance(c.oklab(), t.oklab()) > 0.1, "{c} near {t}");
        }
    }
}
