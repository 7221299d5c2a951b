//! Quote attribution: the participant attributes that name a quote's speaker in reports and
//! citations.

use crate::cases::table::{self};
use crate::cases::{cite, plan};
use crate::ui::action::Action;
use crate::ui::view::View;
use egui::RichText;

/// Which participant attributes name a quote's speaker (Participants tab).
pub(super) fn attribution_ui(ui: &mut egui::Ui, view: &mut View, cols: &[table::Column]) {
    let chosen = view.project.settings.quote_attribution.clone();
    egui::CollapsingHeader::new("Quote attribution")
        .id_salt("quote-attribution")
        .show(ui, |ui| {
            ui.label(
                RichText::new(
                    "Name the speakers of quotes in reports and copied citations by these \
                     attributes instead of their names (none ticked: by name).",
                )
                .weak(),
            );
            ui.horizontal_wrapped(|ui| {
                for c in cols {
                    let mut on = chosen.contains(&c.name);
                    if ui.checkbox(&mut on, &c.name).changed() {
                        let mut next: Vec<String> =
                            chosen.iter().filter(|a| **a != c.name).cloned().collect();
                        if on {
                            next.push(c.name.clone());
                        }
                        view.push(Action::edit(
                            plan::set_attribution(view.project, next),
                            "Change quote attribution",
                        ));
                    }
                }
            });
            let example = view
                .project
                .participants
                .iter()
                .find(|p| !p.interviewer)
                .map(|p| cite::speaker(view.project, Some(&p.name)));
            if let Some(e) = example {
                ui.label(format!("A quote is attributed: — {e}"));
            }
        });
}
