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
    let per_doc = view.doc_counts;
    egui::ScrollArea::vertical()
        .id_salt("documents")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if view.project.documents.is_empty() {
                ui.label(RichText::new("No documents yet. Import transcripts to begin.").weak());
            }
            for d in &view.project.documents {
                let selected = current == Some(d.id);
                let r = ui.selectable_label(selected, &d.title);
                if r.clicked() {
                    view.push(Action::SelectDocument(d.id));
                }
                r.context_menu(|ui| {
                    if ui.button("Delete document…").clicked() {
                        view.push(Action::ConfirmDeleteDocument(d.id));
                    }
                });
                ui.label(
                    RichText::new(format!(
                        "{} words · {} codings",
                        d.word_count(),
                        per_doc.get(&d.id).copied().unwrap_or(0)
                    ))
                    .weak()
                    .small(),
                );
                ui.add_space(4.0);
            }
        });
}
