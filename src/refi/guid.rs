//! REFI-QDA GUIDs from Gloss ids. Documents, codes, codings, coders and themes use their own
//! UUIDs; things without a Gloss id of their own (a selection, a memo's note, a participant's
//! case, a variable) get one derived deterministically, so exporting a project twice gives the
//! same GUIDs and importing the export gives back the same Gloss ids.

use uuid::Uuid;

/// The GUID text of a Gloss id (upper case, as NVivo and ATLAS.ti write them).
pub fn of(id: Uuid) -> String {
    id.hyphenated().to_string().to_uppercase()
}

fn mixed(id: Uuid, salt: u128) -> String {
    of(Uuid::from_u128(id.as_u128() ^ salt))
}

/// The selection holding a coding.
pub fn selection(coding: Uuid) -> String {
    mixed(coding, 0x5e1e_c710_0000_0000_0000_0000_0000_0001)
}

/// The note holding a code's or theme's memo.
pub fn note(owner: Uuid) -> String {
    mixed(owner, 0x0a7e_0000_0000_0000_0000_0000_0000_0002)
}

/// FNV-1a, 128 bits: a stable hash for names.
fn fnv128(s: &str) -> u128 {
    let mut h: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    for b in s.bytes() {
        h ^= u128::from(b);
        h = h.wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013b);
    }
    h
}

/// The case of a participant (by name).
pub fn case(name: &str) -> String {
    of(Uuid::from_u128(fnv128(&format!("gloss case\u{0}{name}"))))
}

/// The variable of an attribute key.
pub fn variable(key: &str) -> String {
    of(Uuid::from_u128(fnv128(&format!(
        "gloss variable\u{0}{key}"
    ))))
}
