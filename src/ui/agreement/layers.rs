//! The coder-layer bar above the workspaces: whose codings the reading pane, stripes, retrieval
//! and counts show (everyone, only me, chosen coders), stripes grouped by coder, and blind coding
//! ("Hide other coders' codings", saved in the project for the current coder; turning it off
//! asks first).

use crate::edit::{Edit, ops};
use crate::model::{Coder, CoderId, Project};
use crate::query::layers::{self, CoderFilter};
use crate::ui::action::Action;
use egui::RichText;

/// Accessible names of the bar's controls.
pub const SHOWN_LABEL: &str = "Codings shown";
pub const BY_CODER_LABEL: &str = "Stripes by coder";
pub const BLIND_LABEL: &str = "Hide other coders' codings";
pub const UNBLIND_CONFIRM: &str = "Show other coders' codings";

/// The window's choice of coder layers (not saved in the project: blind coding is).
#[derive(Default)]
pub struct Layers {
    pub filter: CoderFilter,
    pub by_coder: bool,
    /// Asking whether to stop coding blind.
    confirm_unblind: bool,
}

impl Layers {
    /// The coders whose codings show for `user`; `None`: everyone's.
    pub fn visible(&self, project: &Project, user: &Coder) -> Option<Vec<CoderId>> {
        layers::visible(project, user, &self.filter)
    }

    /// Is the question about showing other coders' codings open?
    pub fn is_asking(&self) -> bool {
        self.confirm_unblind
    }
}

/// The edit that makes `user` code blind (`on`) or not; adds the user as a coder if needed.
pub fn blind_edit(project: &Project, user: &Coder, on: bool) -> Edit {
    let (id, add) = ops::ensure_coder(project, user);
    let mut edits: Vec<Edit> = add.into_iter().collect();
    edits.push(Edit::SetSettings(Box::new(layers::with_blind(
        project, id, on,
    ))));
    Edit::Batch(edits)
}

fn filter_text(project: &Project, filter: &CoderFilter) -> String {
    match filter {
        CoderFilter::Everyone => "Everyone".into(),
        CoderFilter::OnlyMe => "Only me".into(),
        CoderFilter::Chosen(set) => {
            let names: Vec<&str> = project
                .coders
                .iter()
                .filter(|c| set.contains(&c.id))
                .map(|c| c.name.as_str())
                .collect();
            if names.is_empty() {
                "Nobody".into()
            } else {
                names.join(", ")
            }
        }
    }
}

/// The bar: a coder filter, stripes by coder, blind coding.
pub fn layers_ui(
    ui: &mut egui::Ui,
    state: &mut Layers,
    project: &Project,
    user: &Coder,
    actions: &mut Vec<Action>,
) {
    let blind = layers::is_blind(project, user);
    ui.add_enabled_ui(!blind, |ui| {
        ui.label("Codings shown:");
        let text = if blind {
            "Only mine (coding blind)".to_owned()
        } else {
            filter_text(project, &state.filter)
        };
        let r = egui::ComboBox::from_id_salt("coder-layers")
            .selected_text(text)
            .show_ui(ui, |ui| {
                if ui
                    .selectable_label(state.filter == CoderFilter::Everyone, "Everyone")
                    .clicked()
                {
                    state.filter = CoderFilter::Everyone;
                }
                if ui
                    .selectable_label(state.filter == CoderFilter::OnlyMe, "Only me")
                    .clicked()
                {
                    state.filter = CoderFilter::OnlyMe;
                }
                ui.separator();
                for c in &project.coders {
                    let on = matches!(&state.filter, CoderFilter::Chosen(s) if s.contains(&c.id));
                    let mut ticked = on;
                    if ui.checkbox(&mut ticked, &c.name).changed() {
                        let mut set = match &state.filter {
                            CoderFilter::Chosen(s) => s.clone(),
                            _ => Default::default(),
                        };
                        if ticked {
                            set.insert(c.id);
                        } else {
                            set.remove(&c.id);
                        }
                        state.filter = CoderFilter::Chosen(set);
                    }
                }
            });
        r.response
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, SHOWN_LABEL));
        r.response
            .on_hover_text("Whose codings the reading pane, stripes, passages and counts show");
    });
    ui.checkbox(&mut state.by_coder, BY_CODER_LABEL)
        .on_hover_text(
            "One column of stripes per coder, so two coders' work on a passage shows side by side",
        );
    let mut on = blind;
    let name = project.coder_label_of(user);
    let r = ui.checkbox(&mut on, BLIND_LABEL).on_hover_text(format!(
        "Code without seeing other coders' work: while on, {name} sees only their own codings \
             and counts. Saved in the project for {name}."
    ));
    if r.changed() {
        if on {
            actions.push(Action::edit(
                blind_edit(project, user, true),
                "Hide other coders' codings",
            ));
        } else {
            state.confirm_unblind = true;
        }
    }
    if state.confirm_unblind {
        let mut close = false;
        egui::Modal::new(egui::Id::unique("unblind")).show(ui.ctx(), |ui| {
            ui.set_max_width(440.0);
            ui.heading("Show other coders' codings?");
            ui.label(
                "You are coding blind. Seeing the other coders' codings now can sway how you code \
                 the rest, and makes your codings less independent for checking agreement.",
            );
            ui.label(RichText::new("You can hide them again at any time.").weak());
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button(UNBLIND_CONFIRM).clicked() {
                    actions.push(Action::edit(
                        blind_edit(project, user, false),
                        "Show other coders' codings",
                    ));
                    close = true;
                }
                if ui.button("Keep them hidden").clicked()
                    || ui.input(|i| i.key_pressed(egui::Key::Escape))
                {
                    close = true;
                }
            });
        });
        if close {
            state.confirm_unblind = false;
        }
    }
}
