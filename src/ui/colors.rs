//! Code colours on screen: fills that keep text readable in light and dark themes.

use crate::model::Rgb;
use egui::Color32;

pub fn solid(c: Rgb) -> Color32 {
    let [r, g, b] = c.0;
    Color32::from_rgb(r, g, b)
}

/// Translucent fill for a coded passage; overlapping fills add up visibly.
pub fn fill(c: Rgb, dark: bool) -> Color32 {
    let [r, g, b] = c.0;
    Color32::from_rgba_unmultiplied(r, g, b, if dark { 70 } else { 60 })
}
