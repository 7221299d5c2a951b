//! Repair of a project that fails validation: drops or fixes only the broken items and lists
//! what it did, so the user can judge. Everything valid is kept as it was.

use crate::model::{Coder, CoderId, Project, validate};
use std::collections::{BTreeMap, BTreeSet};

/// Repairs `p` in place; returns one line per fix. Afterwards `validate(p)` is empty.
pub fn repair(p: &mut Project) -> Vec<String> {
    let mut fixes = Vec::new();

    // Ids unique across documents, codes, themes and coders: later duplicates go.
    let mut seen = BTreeSet::new();
    p.documents.retain(|d| {
        let keep = seen.insert(d.id.0);
        if !keep {
            fixes.push(format!(
                "removed document \"{}\": its id {} was used twice",
                d.title, d.id
            ));
        }
        keep
    });
    for d in &mut p.documents {
        if !d.turns().iter().any(|t| t.text.contains('\n')) {
            continue;
        }
        let d = std::sync::Arc::make_mut(d);
        let mut turns = d.turns().to_vec();
        for (i, t) in turns.iter_mut().enumerate() {
            if t.text.contains('\n') {
                t.text = t.text.replace(['\r', '\n'], " ");
                fixes.push(format!(
                    "document \"{}\", paragraph {}: line breaks replaced by spaces",
                    d.title,
                    i + 1
                ));
            }
        }
        d.set_turns(turns);
    }
    p.codes.retain(|c| {
        let keep = seen.insert(c.id.0);
        if !keep {
            fixes.push(format!(
                "removed code \"{}\": its id was used twice",
                c.name
            ));
        }
        keep
    });
    p.themes.retain(|t| {
        let keep = seen.insert(t.id.0);
        if !keep {
            fixes.push(format!(
                "removed theme \"{}\": its id was used twice",
                t.name
            ));
        }
        keep
    });
    p.coders.retain(|c| {
        let keep = seen.insert(c.id.0);
        if !keep {
            fixes.push(format!(
                "removed coder \"{}\": its id was used twice",
                c.name
            ));
        }
        keep
    });
    let mut names = BTreeSet::new();
    p.participants.retain(|x| {
        let keep = names.insert(x.name.clone());
        if !keep {
            fixes.push(format!(
                "removed second entry for participant \"{}\"",
                x.name
            ));
        }
        keep
    });

    let code_ids: BTreeSet<_> = p.codes.iter().map(|c| c.id).collect();
    for c in &mut p.codes {
        if c.parent
            .is_some_and(|x| !code_ids.contains(&x) || x == c.id)
        {
            c.parent = None;
            fixes.push(format!(
                "code \"{}\": its parent code does not exist; moved to the top level",
                c.name
            ));
        }
    }
    // Parent cycles in the codebook: cut the link of the first code found on a cycle.
    let mut parents: BTreeMap<_, _> = p.codes.iter().map(|c| (c.id, c.parent)).collect();
    for i in 0..p.codes.len() {
        let id = p.codes[i].id;
        let mut at = parents.get(&id).copied().flatten();
        let mut steps = 0;
        while let Some(x) = at {
            if x == id || steps > parents.len() {
                p.codes[i].parent = None;
                parents.insert(id, None);
                fixes.push(format!(
                    "code \"{}\" was inside itself; moved to the top level",
                    p.codes[i].name
                ));
                break;
            }
            at = parents.get(&x).copied().flatten();
            steps += 1;
        }
    }

    // Codings: re-file under their own id, drop those whose code or document is gone, snap or
    // drop bad ranges, give a missing coder a placeholder entry.
    let coder_ids: BTreeSet<CoderId> = p.coders.iter().map(|c| c.id).collect();
    let mut missing_coders = BTreeSet::new();
    let codings = std::mem::take(&mut p.codings);
    for (key, mut c) in codings {
        if key != c.id {
            fixes.push(format!(
                "coding {} was filed under another id; re-filed",
                c.id
            ));
        }
        if p.codings.contains_key(&c.id) {
            fixes.push(format!("removed a second coding with id {}", c.id));
            continue;
        }
        if !code_ids.contains(&c.code) {
            fixes.push(format!("removed coding {}: its code does not exist", c.id));
            continue;
        }
        let Some(doc) = p.documents.iter().find(|d| d.id == c.document) else {
            fixes.push(format!(
                "removed coding {}: its document does not exist",
                c.id
            ));
            continue;
        };
        if !doc.is_valid_range(c.range) {
            match doc.snap_range(c.range.start, c.range.end) {
                Some(r) if doc.is_valid_range(r) => {
                    fixes.push(format!(
                        "coding {} in \"{}\": range {}..{} adjusted to {}..{}",
                        c.id, doc.title, c.range.start, c.range.end, r.start, r.end
                    ));
                    c.range = r;
                }
                _ => {
                    fixes.push(format!(
                        "removed coding {} in \"{}\": range {}..{} is empty or outside the text",
                        c.id, doc.title, c.range.start, c.range.end
                    ));
                    continue;
                }
            }
        }
        if !coder_ids.contains(&c.coder) {
            missing_coders.insert(c.coder);
        }
        p.codings.insert(c.id, c);
    }
    for id in missing_coders {
        // The id may be taken by something else (the coder lost to an id used twice): then the
        // codings get a coder of their own.
        let id = if seen.contains(&id.0) {
            let fresh = CoderId::new();
            p.codings.change_all(|c| {
                if c.coder == id {
                    c.coder = fresh;
                }
            });
            fresh
        } else {
            id
        };
        p.coders.push(Coder {
            id,
            name: "Unknown coder (repaired)".to_owned(),
            machine: String::new(),
        });
        fixes.push(
            "codings named a coder who was not listed; added \"Unknown coder (repaired)\""
                .to_owned(),
        );
    }

    // Themes: missing or cyclic parents go to the top; dangling or repeated codes and quotes go.
    let theme_ids: BTreeSet<_> = p.themes.iter().map(|t| t.id).collect();
    for t in &mut p.themes {
        if t.parent
            .is_some_and(|x| !theme_ids.contains(&x) || x == t.id)
        {
            t.parent = None;
            fixes.push(format!(
                "theme \"{}\": its parent does not exist; moved to the top level",
                t.name
            ));
        }
    }
    for i in 0..p.themes.len() {
        let (id, parent) = (p.themes[i].id, p.themes[i].parent);
        if let Some(parent) = parent
            && p.theme_is_within(parent, id)
        {
            p.themes[i].parent = None;
            fixes.push(format!(
                "theme \"{}\" was inside itself; moved to the top level",
                p.themes[i].name
            ));
        }
    }
    let coding_ids: BTreeSet<_> = p.codings.keys().copied().collect();
    for t in &mut p.themes {
        let mut kept = BTreeSet::new();
        let before = t.codes.len();
        t.codes.retain(|c| code_ids.contains(c) && kept.insert(*c));
        if t.codes.len() != before {
            fixes.push(format!(
                "theme \"{}\": removed {} missing or repeated codes",
                t.name,
                before - t.codes.len()
            ));
        }
        let mut kept = BTreeSet::new();
        let before = t.exemplars.len();
        t.exemplars
            .retain(|c| coding_ids.contains(c) && kept.insert(*c));
        if t.exemplars.len() != before {
            fixes.push(format!(
                "theme \"{}\": removed {} missing or repeated quotes",
                t.name,
                before - t.exemplars.len()
            ));
        }
    }
    p.reindex();
    debug_assert!(validate(p).is_empty(), "{:?}", validate(p));
    fixes
}
