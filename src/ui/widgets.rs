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

/// A name field that edits a copy and hands back the new name only when the user commits it
/// (Enter or leaving the field), so half-typed names never reach the project or the undo history.
/// `buffer` holds the copy for the item `id`; `is_taken` flags a name another item already has.
/// Returns the committed, trimmed name when it is new, non-empty and free.
pub fn committed_name_field<Id: PartialEq + Copy>(
    ui: &mut egui::Ui,
    buffer: &mut Option<(Id, String)>,
    id: Id,
    current: &str,
    label: egui::Id,
    is_taken: impl Fn(&str) -> bool,
) -> Option<String> {
    if buffer.as_ref().is_none_or(|(e, _)| *e != id) {
        *buffer = Some((id, current.to_owned()));
    }
    let (_, text) = buffer.as_mut()?;
    let r = ui
        .add(egui::TextEdit::singleline(text).desired_width(170.0))
        .labelled_by(label);
    let name = text.trim().to_owned();
    let taken = name != current && is_taken(&name);
    if taken {
        ui.colored_label(ui.visuals().error_fg_color, "name in use");
    }
    if r.lost_focus() {
        *buffer = None; // show the stored name again (the new one once the edit is applied)
        return (!name.is_empty() && !taken && name != current).then_some(name);
    }
    if !r.has_focus() && *text != current {
        *buffer = None; // changed elsewhere (undo): show the stored name
    }
    None
}

/// Names joined with commas, the first dozen of them, then how many more: a list that stays
/// readable when a theme has hundreds of participants.
pub fn name_list(names: &[String]) -> String {
    const SHOWN: usize = 12;
    let mut s = names
        .iter()
        .take(SHOWN)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > SHOWN {
        s.push_str(&format!(" and {} more", names.len() - SHOWN));
    }
    s
}
