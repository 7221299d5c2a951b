//! The memo editor: a floating window for the memo on a document, participant, coding or
//! passage (opened from the case tables, the "Codings here" popup and the reading pane's margin
//! markers), and the editor widget the Journal tab shares with it. The first keystroke writes the
//! memo; typing after it is coalesced into the same undo step. Memos link to passages: "Link the
//! selected passage" adds the reading pane's selection, and each link opens its passage.

use crate::cases::memos;
use crate::model::{Anchor, DocId, Memo, MemoId, TextRange, Timestamp};
use crate::ui::action::Action;
use crate::ui::view::View;

/// Which memo the floating window shows (kept in egui's memory: it is UI state only).
#[derive(Clone, Debug)]
struct Open {
    anchor: Anchor,
    /// The memo shown; `None` until the first keystroke writes one.
    memo: Option<MemoId>,
    /// Put the cursor in the memo's text (the first frame after opening).
    focus: bool,
}

fn key() -> egui::Id {
    egui::Id::unique("gloss-memo-window")
}

/// Opens the memo window on `anchor` (its first memo, or a new one on the first keystroke),
/// with the cursor in its text.
pub fn open(ctx: &egui::Context, anchor: Anchor, memo: Option<MemoId>) {
    let open = Open {
        anchor,
        memo,
        focus: true,
    };
    ctx.data_mut(|d| d.insert_temp(key(), open));
}

/// The coalescing key of typing in one memo.
pub fn typing_key(id: MemoId) -> String {
    format!("memo-{}", id.0)
}

/// Title and text of a memo (or of the memo about to be written on `anchor`), with its links.
/// Returns the id of the memo written this frame, if the first keystroke created it. `focus`
/// puts the cursor in the text.
pub fn memo_editor_ui(
    ui: &mut egui::Ui,
    view: &mut View,
    anchor: &Anchor,
    memo: Option<&Memo>,
    selection: Option<(DocId, TextRange)>,
    text_label: &str,
    focus: bool,
) -> Option<MemoId> {
    let now = Timestamp::now();
    let mut title = memo.map(|m| m.title.clone()).unwrap_or_default();
    let mut text = memo.map(|m| m.text.clone()).unwrap_or_default();
    let title_label = ui.label("Title");
    let t = ui
        .add(
            egui::TextEdit::singleline(&mut title)
                .hint_text("A few words (optional)")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(title_label.id);
    let body_label = ui.label(text_label);
    let b = ui
        .add(
            egui::TextEdit::multiline(&mut text)
                .hint_text("Write here…")
                .desired_rows(8)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(body_label.id);
    if focus {
        b.request_focus();
    }
    let mut created = None;
    if t.changed() || b.changed() {
        let about = memos::anchor_label(view.project, anchor);
        match memo {
            Some(m) => view.push(Action::typing(
                memos::rewrite(m, &title, &text, now),
                format!("Edit memo: {about}"),
                typing_key(m.id),
            )),
            None => {
                let (edit, id) =
                    memos::create(view.project, anchor.clone(), &title, &text, view.user, now);
                view.push(Action::typing(
                    edit,
                    format!("Write memo: {about}"),
                    typing_key(id),
                ));
                created = Some(id);
            }
        }
    }
    let Some(m) = memo else {
        return created;
    };
    let author = view.project.coder(m.author).map_or("", |c| c.name.as_str());
    ui.label(
        egui::RichText::new(format!(
            "{author}, written {}, changed {}",
            memos::date(m.created),
            memos::date(m.modified)
        ))
        .weak(),
    );
    if !m.links.is_empty() {
        ui.label(egui::RichText::new("Linked passages").strong());
    }
    let mut unlink = None;
    for (i, l) in m.links.iter().enumerate() {
        ui.horizontal(|ui| {
            let label = crate::ui::reading::ellipsize(&memos::link_label(view.project, l), 90);
            if ui
                .link(label)
                .on_hover_text("Show this passage in the reading pane")
                .clicked()
            {
                view.push(Action::ShowPassage {
                    document: l.document,
                    range: l.range,
                });
            }
            if ui
                .small_button("Unlink")
                .on_hover_text("Remove this link (the passage stays as it is)")
                .clicked()
            {
                unlink = Some(i);
            }
        });
    }
    if let Some(i) = unlink
        && let Some(e) = memos::unlink(m, i, now)
    {
        view.push(Action::edit(e, "Unlink passage from memo"));
    }
    ui.horizontal(|ui| {
        let link = ui
            .add_enabled(
                selection.is_some(),
                egui::Button::new("Link the selected passage"),
            )
            .on_hover_text("Link the passage selected in the reading pane to this memo")
            .on_disabled_hover_text("Select a passage in the reading pane first");
        if link.clicked()
            && let Some((doc, range)) = selection
            && let Some(e) = memos::link(m, doc, range, now)
        {
            view.push(Action::edit(e, "Link passage to memo"));
        }
        if ui
            .button("Delete memo")
            .on_hover_text("Delete this memo (Undo brings it back)")
            .clicked()
        {
            view.push(Action::edit(memos::delete(m), "Delete memo"));
        }
    });
    created
}

/// The floating memo window, if open. Call once per frame.
pub fn memo_window_ui(ctx: &egui::Context, view: &mut View, selection: Option<(DocId, TextRange)>) {
    let Some(mut state) = ctx.data(|d| d.get_temp::<Open>(key())) else {
        return;
    };
    let memo = state
        .memo
        .and_then(|id| memos::memo(view.project, id))
        .or_else(|| {
            memos::memos_on(view.project, &state.anchor)
                .into_iter()
                .next()
        })
        .cloned();
    let mut open = true;
    let title = memos::anchor_label(view.project, &state.anchor);
    egui::Window::new("Memo")
        .id(egui::Id::unique("gloss-memo-window-frame"))
        .open(&mut open)
        .default_width(380.0)
        .collapsible(false)
        .show(ctx, |ui| {
            ui.label(egui::RichText::new(&title).strong());
            if let Some(id) = memo_editor_ui(
                ui,
                view,
                &state.anchor,
                memo.as_ref(),
                selection,
                "Memo",
                state.focus,
            ) {
                state.memo = Some(id);
            }
            if memo.is_some() && state.memo.is_none() {
                state.memo = memo.as_ref().map(|m| m.id);
            }
        });
    state.focus = false;
    ctx.data_mut(|d| {
        if open {
            d.insert_temp(key(), state);
        } else {
            d.remove::<Open>(key());
        }
    });
}

/// A small "Memo" button that opens the memo window on `anchor` ("Memo (n)" when it has n).
pub fn memo_button_ui(ui: &mut egui::Ui, view: &View, anchor: Anchor) {
    let n = memos::memos_on(view.project, &anchor).len();
    memo_button_with(ui, view, anchor, n);
}

/// [`memo_button_ui`] when the caller already knows how many memos the anchor has.
pub fn memo_button_with(ui: &mut egui::Ui, view: &View, anchor: Anchor, n: usize) {
    let has = n > 0;
    let text = if has {
        format!("Memo ({n})")
    } else {
        "Memo".to_owned()
    };
    let about = memos::anchor_label(view.project, &anchor);
    let hover = if has {
        format!("Open the memo on {about}")
    } else {
        format!("Write a memo on {about}")
    };
    let button = ui
        .small_button(text.as_str())
        .accessible_name(format!("{text} on {about}"))
        .on_hover_text(hover);
    if button.clicked() {
        open(ui.ctx(), anchor, None);
    }
}
