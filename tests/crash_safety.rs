//! Kill a saving process at random moments, hundreds of times: after every kill the project file
//! parses and equals either the last state the process reported saved or the one it was writing.

use gloss::store;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const KILLS: usize = 220;

/// xorshift64*: enough randomness for kill timings without a crate.
fn next(seed: &mut u64) -> u64 {
    *seed ^= *seed >> 12;
    *seed ^= *seed << 25;
    *seed ^= *seed >> 27;
    seed.wrapping_mul(0x2545_f491_4f6c_dd1d)
}

#[test]
fn killing_a_save_never_leaves_a_broken_file() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("drill.gloss");
    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(88_172_645_463_325_252, |d| d.as_nanos() as u64)
        | 1;
    println!("seed {seed}");
    let mut start = 0u64;
    let mut torn_candidates = 0;
    for kill in 0..KILLS {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gloss"))
            .arg("__save-loop")
            .arg(&path)
            .arg("--start")
            .arg(start.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"));
        let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
        let (tx, rx) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Ok(n) = line.trim().parse::<u64>()
                    && tx.send(n).is_err()
                {
                    break;
                }
            }
        });
        // Let it get going (at least one save on the first round), then kill at a random moment.
        let first = rx.recv_timeout(Duration::from_secs(20));
        if kill == 0 {
            assert!(first.is_ok(), "the drill process never saved");
        }
        let wait = Duration::from_micros(next(&mut seed) % 12_000);
        let t = Instant::now();
        while t.elapsed() < wait {
            std::hint::spin_loop();
        }
        child.kill().unwrap_or_else(|e| panic!("{e}"));
        let _ = child.wait();
        let _ = reader.join();
        let reported: Vec<u64> = first.into_iter().chain(rx.try_iter()).collect();
        let last = reported.last().copied();

        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("kill {kill}: the project file is unreadable: {e}"));
        let loaded = store::from_str(&text, "drill.gloss")
            .unwrap_or_else(|e| panic!("kill {kill}: the project file is broken: {e}"));
        let n: u64 = loaded
            .name
            .strip_prefix("state ")
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("kill {kill}: unexpected name {}", loaded.name));
        // The file holds the last reported state or the next one (written, not yet reported);
        // before any report of this round it holds the previous round's last state.
        let previous = last.unwrap_or(start.saturating_sub(1));
        assert!(
            n == previous || n == previous + 1,
            "kill {kill}: file holds state {n}, last reported {previous}"
        );
        if n == previous + 1 {
            torn_candidates += 1;
        }
        let expected = store::stress::state(n).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(loaded, expected, "kill {kill}: state {n} differs");
        start = n + 1;
    }
    // No stray temporary files pile up beyond the one a killed save may leave.
    let temps = std::fs::read_dir(dir.path())
        .map(|r| {
            r.filter_map(|e| e.ok())
                .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
                .count()
        })
        .unwrap_or(0);
    println!(
        "{KILLS} kills; {torn_candidates} landed after a write finished but before its report; {temps} temp files left"
    );
}
