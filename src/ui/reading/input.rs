//! Pointer and keyboard input on the reading pane: drag, click, double and triple click, stripe
//! clicks, Shift+arrows; every position turned into a document offset snapped to graphemes.

use super::*;

/// Pointer and keyboard input on the text: selection, clicks on codings and stripes, hover.
pub(super) fn interact(
    ui: &mut egui::Ui,
    state: &mut ReadingState,
    view: &mut View,
    doc: &Document,
    placed: &[paint::Placed],
    rect: Rect,
) {
    let surface = ui.interact(
        rect,
        ui.scope_id().with("reading-surface"),
        Sense::click_and_drag(),
    );
    surface.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::Document,
            true,
            format!("Transcript: {}", doc.title),
        )
    });
    let shift = ui.input(|i| i.modifiers.shift);
    let starts = &state.derived.starts;
    let in_stripes = |p: Pos2| placed.iter().any(|pl| p.x >= pl.stripes_x) && !placed.is_empty();

    if surface.drag_started()
        && let Some(origin) = ui.input(|i| i.pointer.press_origin())
        && !in_stripes(origin)
    {
        let at = offset_at(doc, placed, origin);
        state.selection = Some(match state.selection {
            Some(s) if shift => Selection {
                anchor: s.anchor,
                head: at,
            },
            _ => Selection {
                anchor: at,
                head: at,
            },
        });
        state.inspect = None;
    }
    if surface.dragged()
        && let Some(pos) = ui.input(|i| i.pointer.interact_pos())
        && let Some(sel) = state.selection.as_mut()
    {
        sel.head = offset_at(doc, placed, pos);
        // Auto-scroll while the pointer is held near (or beyond) the top or bottom edge.
        let edge = 28.0;
        let speed = if pos.y < rect.top() + edge {
            -(rect.top() + edge - pos.y).min(120.0) * 0.5
        } else if pos.y > rect.bottom() - edge {
            (pos.y - (rect.bottom() - edge)).min(120.0) * 0.5
        } else {
            0.0
        };
        if speed != 0.0 {
            state.autoscroll = speed;
            ui.ctx().request_repaint();
        }
    }
    if surface.clicked()
        && let Some(pos) = surface.interact_pointer_pos()
    {
        if in_stripes(pos) {
            if let Some(m) = paint::stripe_at(placed, &state.derived, pos) {
                let range = state.derived.range(m);
                state.selection = Some(Selection {
                    anchor: range.start,
                    head: range.end,
                });
                state.selected_coding = Some(m.id);
                state.flash = Some((m.id, ui.input(|i| i.time)));
                view.push(Action::Status(format!(
                    "Selected a coding of “{}”: {}",
                    state.derived.name(m),
                    ellipsize(&doc.slice(range), 60)
                )));
            }
        } else {
            let at = offset_at(doc, placed, pos);
            if surface.triple_clicked() {
                state.selection = select::paragraph_at(doc, starts, at).map(|r| Selection {
                    anchor: r.start,
                    head: r.end,
                });
                state.inspect = None;
            } else if surface.double_clicked() {
                state.selection = select::word_at(doc, starts, at).map(|r| Selection {
                    anchor: r.start,
                    head: r.end,
                });
                state.inspect = None;
            } else {
                match state.selection {
                    Some(s) if shift => {
                        state.selection = Some(Selection {
                            anchor: s.anchor,
                            head: at,
                        });
                    }
                    _ => {
                        state.selection = Some(Selection {
                            anchor: at,
                            head: at,
                        });
                        let para = state.derived.para_of(at);
                        let hit = state.derived.marks_at(para, at).next().is_some();
                        state.inspect = hit.then_some((at, pos));
                    }
                }
            }
        }
    }
    // What is under the pointer: a stripe or coded text.
    if let Some(pos) = surface.hover_pos()
        && !surface.dragged()
    {
        let names: Vec<String> = if in_stripes(pos) {
            paint::stripe_at(placed, &state.derived, pos)
                .map(|m| {
                    vec![format!(
                        "{} — “{}” (click to select)",
                        state.derived.name(m),
                        ellipsize(&doc.slice(state.derived.range(m)), 60)
                    )]
                })
                .unwrap_or_default()
        } else if placed.iter().any(|p| p.contains_text(pos)) {
            let at = offset_at(doc, placed, pos);
            let para = state.derived.para_of(at);
            let mut v: Vec<String> = state
                .derived
                .marks_at(para, at)
                .map(|m| state.derived.name(m).to_owned())
                .collect();
            v.dedup();
            v
        } else {
            Vec::new()
        };
        if !names.is_empty() {
            surface.clone().on_hover_ui_at_pointer(|ui| {
                for n in &names {
                    ui.label(n);
                }
            });
        }
        if in_stripes(pos) {
            ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
        } else {
            ui.ctx().set_cursor_icon(egui::CursorIcon::Text);
        }
    }
    // Right-click: what can be done with the selection (ui::explore::memo_open).
    let selected = state.selected_range(doc).is_some();
    surface.context_menu(|ui| {
        if let Some(a) = crate::ui::explore::memo_open::selection_menu_ui(ui, selected) {
            view.push(a);
        }
    });
    keyboard(ui, state, doc, placed);
}

/// Shift+arrow keys move the selection's head by a grapheme or a line.
pub(super) fn keyboard(
    ui: &egui::Ui,
    state: &mut ReadingState,
    doc: &Document,
    placed: &[paint::Placed],
) {
    if ui.ctx().text_edit_focused() {
        return;
    }
    let Some(mut sel) = state.selection else {
        return;
    };
    let starts = &state.derived.starts;
    let mut moved = false;
    for (key, forward) in [(Key::ArrowLeft, false), (Key::ArrowRight, true)] {
        if ui.input_mut(|i| i.consume_key(Modifiers::SHIFT, key)) {
            sel.head = select::step_grapheme(doc, starts, sel.head, forward);
            moved = true;
        }
    }
    for (key, down) in [(Key::ArrowUp, false), (Key::ArrowDown, true)] {
        if ui.input_mut(|i| i.consume_key(Modifiers::SHIFT, key)) {
            sel.head = line_step(doc, starts, placed, sel.head, down);
            moved = true;
        }
    }
    if moved {
        state.selection = Some(sel);
        state.inspect = None;
        // Keep the head in view.
        let visible = placed
            .iter()
            .any(|p| p.start <= sel.head && sel.head <= p.start + p.len);
        if !visible {
            state.goal = Some(Goal::Range(TextRange {
                start: sel.head,
                end: sel.head,
            }));
        }
    }
}

/// The offset one line above or below `at`: through the laid-out galley when the paragraph is on
/// screen, else the start of the neighbouring paragraph.
pub(super) fn line_step(
    doc: &Document,
    starts: &[usize],
    placed: &[paint::Placed],
    at: usize,
    down: bool,
) -> usize {
    if let Some(k) = placed
        .iter()
        .position(|p| p.start <= at && at <= p.start + p.len)
    {
        let p = &placed[k];
        let text = doc.turns().get(p.para).map_or("", |t| t.text.as_str());
        let cur = p
            .galley
            .pos_from_cursor(CCursor::new(byte_to_char(text, at - p.start)));
        let y = if down {
            cur.max.y + 2.0
        } else {
            cur.min.y - 2.0
        };
        if y >= 0.0 && y <= p.galley.size().y {
            let c = p.galley.cursor_from_pos(vec2(cur.min.x, y));
            return p.start + char_to_byte(text, c.index.0);
        }
        // Into the neighbouring paragraph, keeping the horizontal position.
        let next = if down { k + 1 } else { k.wrapping_sub(1) };
        if let Some(q) = placed.get(next) {
            let qt = doc.turns().get(q.para).map_or("", |t| t.text.as_str());
            let y = if down { 1.0 } else { q.galley.size().y - 1.0 };
            let c = q.galley.cursor_from_pos(vec2(cur.min.x, y));
            return q.start + char_to_byte(qt, c.index.0);
        }
    }
    let p = starts.partition_point(|s| *s <= at).saturating_sub(1);
    let target = if down { p + 1 } else { p.saturating_sub(1) };
    starts.get(target).copied().unwrap_or(doc.len())
}

/// The document offset under a screen position: the paragraph under it (or the nearest one), then
/// the nearest character.
pub(super) fn offset_at(doc: &Document, placed: &[paint::Placed], pos: Pos2) -> usize {
    let Some(first) = placed.first() else {
        return 0;
    };
    if pos.y < first.top {
        return first.start;
    }
    let p = placed
        .iter()
        .find(|p| pos.y < p.bottom)
        .or_else(|| placed.last())
        .unwrap_or(first);
    if pos.y < p.origin.y {
        return p.start;
    }
    if pos.y > p.origin.y + p.galley.size().y {
        return p.start + p.len;
    }
    let text = doc.turns().get(p.para).map_or("", |t| t.text.as_str());
    let cursor = p.galley.cursor_from_pos(pos - p.origin);
    p.start + char_to_byte(text, cursor.index.0)
}
