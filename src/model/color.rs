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
}
