//! The crash-safety drill behind the hidden `gloss __save-loop PATH` command: saves a sequence of
//! distinct projects to PATH as fast as it can, printing each number once its save returned. The
//! test `tests/crash_safety.rs` kills it at random moments and checks the file after each kill.

use crate::model::Project;
use std::io::Write;
use std::path::Path;

/// State number `i` of the drill: the bundled sample, renamed and with a last paragraph whose
/// length changes with `i`, so a torn write could not pass for a whole one. The text grows at the
/// very end of the last document, so no coding's offsets move.
pub fn state(i: u64) -> Result<Project, String> {
    let mut p =
        super::from_str(crate::SAMPLE_PROJECT, "the bundled sample").map_err(|e| e.to_string())?;
    p.name = format!("state {i}");
    if let Some(d) = p.documents.last_mut() {
        let d = std::sync::Arc::make_mut(d);
        let mut turns = d.turns().to_vec();
        if let Some(t) = turns.last_mut() {
            t.text = format!("{} {}", t.text, "more ".repeat((i % 997) as usize));
        }
        d.set_turns(turns);
    }
    let keep: Vec<_> = p
        .codings
        .values()
        .filter(|c| {
            p.document(c.document)
                .is_some_and(|d| d.is_valid_range(c.range))
        })
        .map(|c| c.id)
        .collect();
    p.codings.retain(|id, _| keep.contains(id));
    for t in &mut p.themes {
        t.exemplars.retain(|c| keep.contains(c));
    }
    p.reindex();
    Ok(p)
}

/// Saves states `start`, `start + 1`, ... to `path` until killed.
pub fn save_loop(path: &Path, start: u64) -> Result<(), String> {
    let mut out = std::io::stdout();
    for i in start.. {
        let p = state(i)?;
        super::save_with_backups(&p, path, 2).map_err(|e| e.to_string())?;
        let _ = writeln!(out, "{i}");
        let _ = out.flush();
    }
    Ok(())
}
