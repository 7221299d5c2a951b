//! The list of transcripts: pick one to read, import more, delete one.

use super::action::Action;
use super::view::View;
use crate::model::DocId;
use egui::RichText;

pub fn documents_ui(ui: &mut egui::Ui, current: Option<DocId>, view: &mut View) {
    ui.horizontal(|ui| {
        ui.heading("Documents");
        if ui
            .button("Import…")
            .on_hover_text("Add plain-text transcripts (.txt, .md)")
            .clicked()
        {
            view.push(Action::Import);
        }
    });
    ui.separator();
    // Only the rows in view are laid out, so a project of a thousand transcripts costs no more a
    // frame than one of ten.
    let title_h = ui.spacing().interact_size.y;
    let small_h = ui.text_style_height(&egui::TextStyle::Small);
    let row_h = title_h + ui.spacing().item_spacing.y + small_h + 4.0;
    let docs = &view.project.documents;
    if docs.is_empty() {
        ui.label(RichText::new("No documents yet. Import transcripts to begin.").weak());
        return;
    }
    // A document newly chosen (by the arrow keys, a jump) that was out of view is scrolled to.
    let memory = ui.make_persistent_id("documents-shown");
    let shown: Option<(Option<DocId>, std::ops::Range<usize>)> = ui.data(|d| d.get_temp(memory));
    let step = row_h + ui.spacing().item_spacing.y;
    let mut area = egui::ScrollArea::vertical()
        .id_salt("documents")
        .auto_shrink([false, false]);
    if let Some((before, visible)) = shown
        && before != current
        && let Some(i) = current.and_then(|c| docs.iter().position(|d| d.id == c))
        && (i <= visible.start || i + 1 >= visible.end)
    {
        let in_view = visible.len().saturating_sub(1).max(1);
        let top = if i <= visible.start {
            i
        } else {
            (i + 2).saturating_sub(in_view)
        };
        area = area.vertical_scroll_offset(top as f32 * step);
    }
    area.show_rows(ui, row_h, docs.len(), |ui, rows| {
        ui.data_mut(|d| d.insert_temp(memory, (current, rows.clone())));
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
        for d in docs.get(rows).unwrap_or_default() {
            let size = egui::vec2(ui.available_width(), row_h);
            let layout = egui::Layout::top_down(egui::Align::Min);
            ui.allocate_ui_with_layout(size, layout, |ui| {
                ui.set_min_height(row_h);
                let selected = current == Some(d.id);
                let r = ui.selectable_label(selected, &d.title);
                if r.clicked() {
                    view.actions.push(Action::SelectDocument(d.id));
                }
                r.context_menu(|ui| {
                    if ui.button("Delete document…").clicked() {
                        view.actions.push(Action::ConfirmDeleteDocument(d.id));
                    }
                });
                ui.label(
                    RichText::new(format!(
                        "{} words · {} codings",
                        d.word_count(),
                        crate::query::layers::count_in_document(view.project, view.visible, d.id)
                    ))
                    .weak()
                    .small(),
                );
            });
        }
    });
}
