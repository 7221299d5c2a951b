//! The reading pane's *Edit text* mode: a clearly marked bar above the transcript where the
//! paragraph at the selection is edited in place (type, delete, paste), split at the cursor or
//! joined with the next, and its speaker and time corrected. Every change is an edit through the
//! one dispatcher; keystrokes in one paragraph coalesce into one undo step; a deletion that would
//! remove a coding's whole passage asks first, saying what goes. *Replace text from file…*
//! re-imports a corrected transcript here too.

use super::{Action, View};
use crate::edit::{Edit, reimport, text_ops};
use crate::model::{CodingId, DocId, Document, TextRange, char_to_byte};
use egui::{Color32, RichText};

/// The label of the mode's toggle (tests find it by this).
pub const TOGGLE_LABEL: &str = "Edit text";
/// The label of the paragraph editor.
pub const EDITOR_LABEL: &str = "Paragraph text:";

/// A change that removes codings, waiting for the user's word.
struct Pending {
    edit: Edit,
    what: String,
}

/// A corrected transcript read and aligned, waiting for the user to place or drop lost codings.
struct Replacing {
    doc: DocId,
    file: String,
    turns: Vec<crate::model::Turn>,
    plan: reimport::ReplacePlan,
    place: Vec<CodingId>,
}

#[derive(Default)]
pub struct TextEditState {
    /// Is the mode on?
    pub on: bool,
    /// The paragraph being edited, in the shown document.
    pub turn: usize,
    /// The selection head the paragraph was last picked from.
    followed: Option<usize>,
    /// The editor's cursor (byte in the paragraph) when it last had focus: where Split cuts.
    cursor: Option<usize>,
    speaker: Option<(usize, String)>,
    time: Option<(usize, String)>,
    pending: Option<Pending>,
    note: Option<String>,
    replacing: Option<Replacing>,
    /// The speaker tools: new name for "rename everywhere", and paragraphs + name for "split".
    rename_to: String,
    split_paragraphs: String,
    split_to: String,
}

/// The mode's toggle and, while it is on, its bar.
pub fn edit_bar_ui(
    ui: &mut egui::Ui,
    state: &mut TextEditState,
    head: Option<usize>,
    view: &mut View,
    doc: &Document,
) {
    ui.horizontal(|ui| {
        let label = if state.on {
            RichText::new(format!("✏ {TOGGLE_LABEL}: on")).strong()
        } else {
            RichText::new(format!("✏ {TOGGLE_LABEL}"))
        };
        if ui
            .selectable_label(state.on, label)
            .on_hover_text("Correct the transcript: codings follow the words")
            .clicked()
        {
            state.on = !state.on;
        }
        if state.on && ui.button("Replace text from file…").clicked() {
            pick_replacement(state, view, doc);
        }
    });
    if let Some(r) = &mut state.replacing {
        if replace_ui(ui, r, view) {
            state.replacing = None;
        }
        return;
    }
    if !state.on {
        return;
    }
    if doc.turns().is_empty() {
        ui.label("This document has no paragraphs to edit.");
        return;
    }
    // Follow the selection to its paragraph.
    if let Some(h) = head
        && state.followed != Some(h)
    {
        state.followed = Some(h);
        if let Some((t, _)) = doc.locate(h) {
            state.turn = t;
        }
    }
    state.turn = state.turn.min(doc.turns().len() - 1);
    let turn = state.turn;
    let frame = egui::Frame::group(ui.style())
        .stroke(egui::Stroke::new(2.0, Color32::from_rgb(230, 140, 30)))
        .inner_margin(6.0);
    frame.show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.label(
                RichText::new("EDITING TEXT")
                    .strong()
                    .color(Color32::from_rgb(230, 140, 30)),
            );
            ui.label(format!("Paragraph {} of {}", turn + 1, doc.turns().len()));
            if ui
                .small_button("◀")
                .on_hover_text("Previous paragraph")
                .clicked()
                && turn > 0
            {
                state.turn -= 1;
            }
            if ui
                .small_button("▶")
                .on_hover_text("Next paragraph")
                .clicked()
                && turn + 1 < doc.turns().len()
            {
                state.turn += 1;
            }
            ui.separator();
            fields_ui(ui, state, view, doc, turn);
        });
        editor_ui(ui, state, view, doc, turn);
        ui.horizontal(|ui| {
            if ui
                .button("Split here")
                .on_hover_text("Start a new paragraph at the cursor")
                .clicked()
            {
                split(state, view, doc, turn);
            }
            if ui
                .add_enabled(
                    turn + 1 < doc.turns().len(),
                    egui::Button::new("Join with next"),
                )
                .clicked()
            {
                join(state, view, doc, turn);
            }
            if let Some(note) = &state.note {
                ui.label(RichText::new(note).weak());
            }
        });
        speakers_ui(ui, state, view, doc, turn);
        if let Some(p) = &state.pending {
            let mut answer = None;
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    RichText::new(format!("This change removes {}.", p.what))
                        .color(ui.visuals().warn_fg_color),
                );
                if ui.button("Remove and change").clicked() {
                    answer = Some(true);
                }
                if ui.button("Cancel").clicked() {
                    answer = Some(false);
                }
            });
            match answer {
                Some(true) => {
                    if let Some(p) = state.pending.take() {
                        view.actions.push(Action::edit(p.edit, "Delete coded text"));
                    }
                }
                Some(false) => state.pending = None,
                None => {}
            }
        }
    });
}

/// The speaker and time of paragraph `turn`, committed on Enter or when the field loses focus.
fn fields_ui(
    ui: &mut egui::Ui,
    state: &mut TextEditState,
    view: &mut View,
    doc: &Document,
    turn: usize,
) {
    let t = &doc.turns()[turn];
    for speaker in [true, false] {
        let current = if speaker {
            t.speaker.as_deref()
        } else {
            t.time.as_deref()
        };
        let slot = if speaker {
            &mut state.speaker
        } else {
            &mut state.time
        };
        if slot.as_ref().is_none_or(|(i, _)| *i != turn) {
            *slot = Some((turn, current.unwrap_or_default().to_owned()));
        }
        let Some((_, text)) = slot else { continue };
        ui.label(if speaker { "Speaker" } else { "Time" });
        let r = ui.add(
            egui::TextEdit::singleline(text)
                .desired_width(if speaker { 120.0 } else { 70.0 })
                .hint_text(if speaker { "none" } else { "00:00:00" }),
        );
        let commit = r.lost_focus();
        let value = Some(text.trim().to_owned()).filter(|s| !s.is_empty());
        if commit && value.as_deref() != current {
            let edit = if speaker {
                Edit::SetTurnSpeaker {
                    doc: doc.id,
                    turn,
                    speaker: value,
                }
            } else {
                Edit::SetTurnTime {
                    doc: doc.id,
                    turn,
                    time: value,
                }
            };
            let label = if speaker { "Set speaker" } else { "Set time" };
            view.actions.push(Action::edit(edit, label));
        }
        if !r.has_focus() && !commit {
            *slot = None; // follow the project (undo, another paragraph)
        }
    }
}

/// Rename the paragraph's speaker everywhere (merging into an existing speaker of that name),
/// or give chosen paragraphs of this document to another person.
fn speakers_ui(
    ui: &mut egui::Ui,
    state: &mut TextEditState,
    view: &mut View,
    doc: &Document,
    turn: usize,
) {
    let Some(current) = doc.turns()[turn].speaker.clone() else {
        return;
    };
    ui.horizontal_wrapped(|ui| {
        ui.label(format!("Speaker \u{201c}{current}\u{201d} everywhere:"));
        ui.add(
            egui::TextEdit::singleline(&mut state.rename_to)
                .desired_width(120.0)
                .hint_text("new name"),
        );
        // Looked up only once a name is typed: every frame of typing in the paragraph editor
        // would otherwise read every turn of the project.
        let name = state.rename_to.trim();
        let merge = !name.is_empty()
            && (view.project.participant(name).is_some()
                || view
                    .project
                    .documents
                    .iter()
                    .any(|d| d.turns().iter().any(|t| t.speaker.as_deref() == Some(name))));
        let label = if merge { "Merge into" } else { "Rename" };
        if ui.button(label).clicked() {
            match text_ops::rename_speaker(view.project, &current, &state.rename_to) {
                Ok(e) => {
                    let what = if merge {
                        "Merge speakers"
                    } else {
                        "Rename speaker"
                    };
                    view.actions.push(Action::edit(e, what));
                    state.rename_to.clear();
                }
                Err(e) => state.note = Some(e),
            }
        }
        ui.separator();
        ui.label("Paragraphs");
        ui.add(
            egui::TextEdit::singleline(&mut state.split_paragraphs)
                .desired_width(90.0)
                .hint_text("3, 5, 8"),
        );
        ui.label("are spoken by");
        ui.add(
            egui::TextEdit::singleline(&mut state.split_to)
                .desired_width(110.0)
                .hint_text("another person"),
        );
        if ui.button("Split speaker").clicked() {
            let turns: Result<Vec<usize>, _> = state
                .split_paragraphs
                .split([',', ' '])
                .filter(|s| !s.trim().is_empty())
                .map(|s| s.trim().parse::<usize>().map(|n| n.saturating_sub(1)))
                .collect();
            match turns {
                Ok(turns) if !turns.is_empty() => {
                    match text_ops::split_speaker(view.project, doc.id, &turns, &state.split_to) {
                        Ok(e) => view.actions.push(Action::edit(e, "Split speaker")),
                        Err(e) => state.note = Some(e),
                    }
                }
                _ => {
                    state.note = Some("List the paragraph numbers, for example 3, 5, 8.".into());
                }
            }
        }
    });
}

/// The paragraph's text in an editor; a change is turned into one replacement of the stretch
/// between what stayed the same at both ends.
fn editor_ui(
    ui: &mut egui::Ui,
    state: &mut TextEditState,
    view: &mut View,
    doc: &Document,
    turn: usize,
) {
    let old = &doc.turns()[turn].text;
    let mut buf = old.clone();
    let label = ui.label(EDITOR_LABEL);
    let out = egui::TextEdit::multiline(&mut buf)
        .id_salt(("paragraph editor", doc.id, turn))
        .desired_width(f32::INFINITY)
        .desired_rows(3)
        .show(ui);
    let _ = out.response.response.clone().labelled_by(label.id);
    if let Some(c) = out.cursor_range
        && out.response.response.has_focus()
    {
        state.cursor = Some(char_to_byte(&buf, c.primary.index.0));
    }
    if buf == *old {
        return;
    }
    let Some(start) = doc.turn_starts().get(turn).copied() else {
        return;
    };
    let (a, b, inserted) = difference(old, &buf);
    let range = TextRange::new(start + a, start + b);
    match text_ops::replace(view.project, doc.id, range, inserted) {
        Ok((plan, note)) => {
            state.note = note;
            if plan.needs_confirmation() {
                state.pending = Some(Pending {
                    what: plan.describe_loss(view.project),
                    edit: plan.edit,
                });
            } else {
                view.actions.push(Action::typing(
                    plan.edit,
                    "Edit text",
                    format!("text:{}:{turn}", doc.id),
                ));
            }
        }
        Err(e) => state.note = Some(e),
    }
}

/// The stretch `a..b` of `old` that `new` replaces, and its replacement (common ends kept).
pub fn difference<'a>(old: &str, new: &'a str) -> (usize, usize, &'a str) {
    let mut a = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(x, y)| x == y)
        .count();
    while !old.is_char_boundary(a) || !new.is_char_boundary(a) {
        a -= 1;
    }
    let max_suffix = old.len().min(new.len()) - a;
    let mut s = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suffix)
        .take_while(|(x, y)| x == y)
        .count();
    while !old.is_char_boundary(old.len() - s) || !new.is_char_boundary(new.len() - s) {
        s -= 1;
    }
    (a, old.len() - s, &new[a..new.len() - s])
}

fn split(state: &mut TextEditState, view: &mut View, doc: &Document, turn: usize) {
    let Some(start) = doc.turn_starts().get(turn).copied() else {
        return;
    };
    let Some(cursor) = state.cursor else {
        state.note = Some("Click in the paragraph where it should split first.".into());
        return;
    };
    if let Some(e) = text_ops::split(view.project, doc.id, start + cursor) {
        view.actions.push(Action::edit(e, "Split paragraph"));
        state.turn = turn + 1;
        state.cursor = None;
    }
}

fn join(state: &mut TextEditState, view: &mut View, doc: &Document, turn: usize) {
    if let Some(plan) = text_ops::join(view.project, doc.id, turn) {
        if plan.needs_confirmation() {
            state.pending = Some(Pending {
                what: plan.describe_loss(view.project),
                edit: plan.edit,
            });
        } else {
            view.actions
                .push(Action::edit(plan.edit, "Join paragraphs"));
        }
    }
}

fn pick_replacement(state: &mut TextEditState, view: &View, doc: &Document) {
    let Some(path) = rfd::FileDialog::new()
        .add_filter(
            "Transcript",
            &["txt", "md", "docx", "odt", "vtt", "srt", "html", "pdf"],
        )
        .pick_file()
    else {
        return;
    };
    match crate::import::import_path(&path, crate::import::Pattern::Auto) {
        Ok(imported) => start_replacing(
            state,
            view,
            doc,
            &path.display().to_string(),
            imported.document.into_turns(),
        ),
        Err(e) => state.note = Some(e.to_string()),
    }
}

/// Aligns `turns` (a corrected transcript read from `file`) with document `doc`, for the user
/// to review before anything changes.
pub fn start_replacing(
    state: &mut TextEditState,
    view: &View,
    doc: &Document,
    file: &str,
    turns: Vec<crate::model::Turn>,
) {
    match reimport::plan(view.project, doc.id, turns.clone(), &[]) {
        Ok(plan) => {
            state.replacing = Some(Replacing {
                doc: doc.id,
                file: file.to_owned(),
                turns,
                plan,
                place: Vec::new(),
            });
        }
        Err(e) => state.note = Some(e),
    }
}

/// The review of a replacement: returns true when done (replaced or cancelled).
fn replace_ui(ui: &mut egui::Ui, r: &mut Replacing, view: &mut View) -> bool {
    let mut done = false;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.label(RichText::new(format!("Replace the text with {}", r.file)).strong());
        ui.label(format!(
            "{} words removed, {} added; {} codings stay on their words.",
            r.plan.words_removed, r.plan.words_added, r.plan.kept
        ));
        if !r.plan.lost.is_empty() {
            ui.label("These codings lost their words. Tick those to place where their words went; the rest are dropped:");
            for l in &r.plan.lost {
                let mut on = r.place.contains(&l.coding);
                let text = format!("{}: \u{201c}{}\u{201d} ({})", l.code, l.old_text, l.why);
                let enabled = l.proposed.is_some();
                if ui.add_enabled(enabled, egui::Checkbox::new(&mut on, text)).changed() {
                    if on {
                        r.place.push(l.coding);
                    } else {
                        r.place.retain(|c| *c != l.coding);
                    }
                }
            }
        }
        ui.horizontal(|ui| {
            if ui.button("Replace").clicked() {
                match reimport::plan(view.project, r.doc, r.turns.clone(), &r.place) {
                    Ok(plan) => view
                        .actions
                        .push(Action::edit(plan.edit, "Replace text from file")),
                    Err(e) => view.actions.push(Action::Status(e)),
                }
                done = true;
            }
            if ui.button("Cancel").clicked() {
                done = true;
            }
        });
    });
    done
}

#[cfg(test)]
mod tests {
    use super::difference;

    #[test]
    fn difference_keeps_common_ends() {
        assert_eq!(difference("we met", "we have met"), (3, 3, "have "));
        assert_eq!(difference("we met", "we t"), (3, 5, ""));
        assert_eq!(difference("café", "cafe\u{301}"), (3, 5, "e\u{301}"));
        assert_eq!(difference("aaa", "aaaa"), (3, 3, "a"));
        assert_eq!(difference("", "x"), (0, 0, "x"));
    }
}
