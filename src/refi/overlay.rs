//! Applies `gloss-extras.json` to a project read from `project.qde`: the fields REFI-QDA cannot
//! hold come back exactly. Only entries whose ids the project has are used, and references to
//! things the project lacks are dropped, so a stale or edited extras file cannot break it.

use super::extras::Extras;
use crate::model::{CodeId, Project, ThemeId};
use std::collections::BTreeSet;

/// Overlays `x` on `p`.
pub fn apply(p: &mut Project, x: &Extras) {
    p.name = x.project_name.clone();
    for c in &mut p.coders {
        if let Some(n) = x.coder_names.get(&c.id.to_string()) {
            c.name = n.clone();
        }
    }
    for d in &mut p.documents {
        if let Some(e) = x.documents.get(&d.id) {
            let d = std::sync::Arc::make_mut(d);
            d.title = e.title.clone();
            d.source = e.source.clone();
            d.imported = e.imported;
            d.attributes = e.attributes.clone();
        }
    }
    for c in &mut p.codes {
        if let Some(e) = x.codes.get(&c.id) {
            c.name = e.name.clone();
            c.description = e.description.clone();
            c.when_to_use = e.when_to_use.clone();
            c.when_not_to_use = e.when_not_to_use.clone();
            c.example = e.example.clone();
            c.memo = e.memo.clone();
            c.shortcut = e.shortcut;
        }
    }
    // The codebook's order: listed codes first in that order, any others after.
    let mut codes = std::mem::take(&mut p.codes);
    for id in &x.code_order {
        if let Some(i) = codes.iter().position(|c| c.id == *id) {
            p.codes.push(codes.remove(i));
        }
    }
    p.codes.append(&mut codes);
    p.codings.change_all(|c| {
        if let Some(t) = x.coding_created.get(&c.id) {
            c.created = *t;
        }
    });
    p.participants = x.participants.clone();
    p.attributes = x.attributes.clone();
    p.memos = x.memos.clone();
    p.settings.quote_attribution = x.quote_attribution.clone();
    let code_ids: BTreeSet<CodeId> = p.codes.iter().map(|c| c.id).collect();
    let theme_ids: BTreeSet<ThemeId> = x.themes.iter().map(|t| t.id).collect();
    p.themes = x
        .themes
        .iter()
        .cloned()
        .map(|mut t| {
            t.codes.retain(|c| code_ids.contains(c));
            t.exemplars.retain(|c| p.codings.contains_key(c));
            t.parent = t.parent.filter(|id| theme_ids.contains(id) && *id != t.id);
            t
        })
        .collect();
}
