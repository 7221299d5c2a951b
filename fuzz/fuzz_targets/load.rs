//! Feeds arbitrary bytes to the project loader: it must return a project or an error, never
//! panic; whatever it accepts is valid; whatever parses can be repaired into a valid project, and
//! an accepted project saves and loads back unchanged.
#![no_main]

use gloss::model::validate;
use gloss::store;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(p) = store::from_str(text, "fuzz") {
        assert!(validate(&p).is_empty());
        let again = store::to_string(&p).unwrap_or_default();
        assert_eq!(store::from_str(&again, "fuzz").ok().as_ref(), Some(&p));
    }
    if let Ok(parsed) = store::parse(text, "fuzz") {
        let mut p = parsed.project;
        let _ = store::repair(&mut p);
        assert!(validate(&p).is_empty());
    }
});
