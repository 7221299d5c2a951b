//! Feeds arbitrary bytes to the REFI-QDA reader (as a .qdpx archive and as a bare .qde): it must
//! return a project or an error, never panic; whatever it accepts is valid, and writing it as a
//! .qdpx and reading that back gives the same project.
#![no_main]

use gloss::model::validate;
use gloss::refi;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(imported) = refi::read_bytes("fuzz.qdpx", data) {
        let p = imported.project;
        assert!(validate(&p).is_empty());
        let bytes = refi::write::qdpx(&p).unwrap_or_default();
        let again = refi::read_bytes("again.qdpx", &bytes).map(|i| i.project);
        assert_eq!(again.as_ref().ok(), Some(&p));
    }
});
