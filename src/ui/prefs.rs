//! What Gloss remembers between runs, in eframe's storage (the user's settings folder), never in
//! a project file: the recent projects, who is coding, and the layout eframe does not keep by
//! itself. eframe already keeps the window's size and position and egui's memory (panel widths,
//! light/dark, collapsed tree nodes); Gloss adds the split between codebook and themes, the
//! reading zoom, line numbers and the last workspace.

use super::workspace::Workspace;
use crate::model::{Coder, CoderId};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The storage key of [`Prefs`].
pub const KEY: &str = "gloss.prefs";
/// The key earlier versions kept the coder's name under (read once, to prefill the question).
pub const OLD_USER_KEY: &str = "gloss.user";
/// How many recent projects are listed.
pub const RECENT_MAX: usize = 10;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// Recent projects, most recent first.
    pub recent: Vec<PathBuf>,
    /// Who is coding on this machine; `None` until the first-start question is answered.
    pub coder: Option<Coder>,
    /// Has the user opened or saved a project file of their own? Then `gloss` without a file
    /// shows the start screen rather than the sample.
    pub worked: bool,
    /// Share of the right panel given to the codebook (the rest is the theme tree).
    pub split: f32,
    /// Reading-pane text size (1.0 = 100 %).
    pub zoom: f32,
    pub line_numbers: bool,
    /// The workspace shown last, by its Ctrl digit.
    pub workspace: u8,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            recent: Vec::new(),
            coder: None,
            worked: false,
            split: 0.5,
            zoom: 1.0,
            line_numbers: false,
            workspace: 1,
        }
    }
}

impl Prefs {
    /// The preferences kept in `storage` (defaults for what is missing or unreadable).
    pub fn load(storage: Option<&dyn eframe::Storage>) -> Self {
        let Some(storage) = storage else {
            return Self::default();
        };
        let mut prefs: Self = eframe::get_value(storage, KEY).unwrap_or_default();
        prefs.split = if prefs.split.is_finite() {
            prefs.split.clamp(0.15, 0.85)
        } else {
            0.5
        };
        prefs.zoom = if prefs.zoom.is_finite() {
            prefs.zoom.clamp(0.5, 3.0)
        } else {
            1.0
        };
        prefs.recent.truncate(RECENT_MAX);
        prefs
    }

    /// The name an earlier Gloss kept (to prefill the first-start question).
    pub fn old_user_name(storage: Option<&dyn eframe::Storage>) -> Option<String> {
        storage?
            .get_string(OLD_USER_KEY)
            .filter(|s| !s.trim().is_empty())
    }

    pub fn store(&self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, KEY, self);
    }

    /// Puts `path` first in the recent projects (once), keeping at most ten.
    pub fn note_recent(&mut self, path: &Path) {
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(RECENT_MAX);
        self.worked = true;
    }

    /// Drops recent projects whose file no longer exists.
    pub fn drop_missing(&mut self) {
        self.recent.retain(|p| p.is_file());
    }

    pub fn workspace(&self) -> Workspace {
        Workspace::ALL
            .into_iter()
            .find(|w| w.digit() == self.workspace)
            .unwrap_or_default()
    }
}

/// A new coder for this machine called `name` (a fresh id, so nobody else's codings are taken).
pub fn new_coder(name: &str) -> Coder {
    Coder {
        id: CoderId::new(),
        name: name.trim().to_owned(),
        machine: machine_name(),
    }
}

/// This computer's name, to tell apart two coders with one display name.
pub fn machine_name() -> String {
    let from_env = ["GLOSS_MACHINE", "HOSTNAME", "COMPUTERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()));
    from_env
        .or_else(|| {
            std::fs::read_to_string("/etc/hostname")
                .ok()
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
        })
        .unwrap_or_default()
}

/// A recent project as the menu shows it: "name — folder".
pub fn recent_label(path: &Path) -> (String, String) {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let folder = path
        .parent()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    (name, folder)
}

/// File > Open Recent: the recent projects that still exist, and Clear.
pub fn open_recent_menu_ui(
    ui: &mut egui::Ui,
    recent: &[PathBuf],
    actions: &mut Vec<super::Action>,
) {
    ui.add_enabled_ui(!recent.is_empty(), |ui| {
        ui.menu_button("Open Recent", |ui| {
            for p in recent {
                let (name, folder) = recent_label(p);
                let b = egui::Button::new(name).shortcut_text(folder);
                if ui.add(b).on_hover_text(p.display().to_string()).clicked() {
                    actions.push(super::Action::OpenPath(p.clone()));
                }
            }
            ui.separator();
            if ui.button("Clear recent projects").clicked() {
                actions.push(super::Action::ClearRecent);
            }
        });
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[derive(Default)]
    struct Memory(HashMap<String, String>);

    impl eframe::Storage for Memory {
        fn get_string(&self, key: &str) -> Option<String> {
            self.0.get(key).cloned()
        }
        fn set_string(&mut self, key: &str, value: String) {
            self.0.insert(key.to_owned(), value);
        }
        fn remove_string(&mut self, key: &str) {
            self.0.remove(key);
        }
        fn flush(&mut self) {}
    }

    #[test]
    fn recent_projects_are_most_recent_first_without_repeats_and_at_most_ten() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let mut prefs = Prefs::default();
        for i in 0..12 {
            prefs.note_recent(&dir.path().join(format!("p{i}.gloss")));
        }
        prefs.note_recent(&dir.path().join("p5.gloss"));
        assert_eq!(prefs.recent.len(), RECENT_MAX);
        assert_eq!(prefs.recent[0], dir.path().join("p5.gloss"));
        assert_eq!(prefs.recent[1], dir.path().join("p11.gloss"));
        assert_eq!(
            prefs
                .recent
                .iter()
                .filter(|p| p.ends_with("p5.gloss"))
                .count(),
            1
        );
        // None of them exists on disk: all are dropped.
        std::fs::write(dir.path().join("p11.gloss"), "x").unwrap_or_else(|e| panic!("{e}"));
        prefs.drop_missing();
        assert_eq!(prefs.recent, vec![dir.path().join("p11.gloss")]);
    }

    #[test]
    fn prefs_survive_storage_and_bad_values_are_tamed() {
        let mut storage = Memory::default();
        let prefs = Prefs {
            recent: vec![PathBuf::from("/a/b.gloss")],
            coder: Some(new_coder("Ann")),
            worked: true,
            split: 0.3,
            zoom: 1.5,
            line_numbers: true,
            workspace: 3,
        };
        prefs.store(&mut storage);
        assert_eq!(Prefs::load(Some(&storage)), prefs);
        assert_eq!(Prefs::load(Some(&storage)).workspace(), Workspace::Analysis);
        let mut wild = prefs.clone();
        wild.zoom = 99.0;
        wild.split = f32::NAN;
        wild.store(&mut storage);
        let back = Prefs::load(Some(&storage));
        assert_eq!(back.zoom, 3.0);
        assert_eq!(back.split, 0.5);
        // Nothing stored, or something unreadable: the defaults.
        eframe::Storage::set_string(&mut storage, KEY, "not ron at all (".into());
        assert_eq!(Prefs::load(Some(&storage)), Prefs::default());
        assert_eq!(Prefs::load(None), Prefs::default());
    }

    #[test]
    fn a_new_name_is_a_new_coder() {
        let a = new_coder("Ann");
        let b = new_coder("Ann");
        assert_ne!(a.id, b.id);
        assert_eq!(a.name, "Ann");
    }
}
