//! Unit tests over whole files: the real transcripts, when present.

use super::*;

#[test]
fn dump_real_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/transcripts");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        match import_path(&p, Pattern::Auto) {
            Ok(i) => {
                println!(
                    "{} {} {:?} {:?}",
                    p.display(),
                    summary_line(&i),
                    i.pattern,
                    i.warnings
                );
                for t in i.document.turns.iter().take(6) {
                    println!(
                        "   {:?} {:?} {}",
                        t.speaker,
                        t.time,
                        t.text.chars().take(80).collect::<String>()
                    );
                }
            }
            Err(e) => println!("ERR {e}"),
        }
    }
}
