//! Small widgets shared by panels, each with an accessible name (screen readers and the GUI tests
//! find widgets by it).

/// A combo box named by a visible label in front of it. Returns what `add_contents` returned if
/// the list was open.
pub fn labelled_combo<R>(
    ui: &mut egui::Ui,
    label: &str,
    id_salt: impl std::hash::Hash + std::fmt::Debug,
    selected_text: &str,
    add_contents: impl FnOnce(&mut egui::Ui) -> R,
) -> Option<R> {
    let label = ui.label(label);
    let r = egui::ComboBox::from_id_salt(id_salt)
        .selected_text(selected_text)
        .show_ui(ui, add_contents);
    r.response.labelled_by(label.id);
    r.inner
}
