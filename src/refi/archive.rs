//! Reading a `.qdpx` archive without trusting it. Nothing is ever extracted to disk; entries are
//! read into memory under these limits (also stated in the README):
//!
//! - at most [`MAX_ENTRIES`] entries;
//! - no entry name with `..`, a leading `/` or `\`, or a drive letter (zip slip);
//! - each entry at most [`MAX_ENTRY_BYTES`] unpacked, and all entries read together at most
//!   [`MAX_TOTAL_BYTES`] (the absolute limit);
//! - an entry above [`RATIO_FLOOR`] bytes unpacked may be at most [`MAX_RATIO`] times its packed
//!   size (the ratio limit: real text compresses 3-10 times; bombs compress 1000 times).
//!
//! Sizes are enforced on the bytes actually inflated, not on the sizes the headers claim.

use std::io::{Cursor, Read};

/// Most entries an archive may hold.
pub const MAX_ENTRIES: usize = 100_000;
/// Largest unpacked size of one entry (256 MiB).
pub const MAX_ENTRY_BYTES: u64 = 256 * 1024 * 1024;
/// Largest unpacked size of everything read from one archive (1 GiB).
pub const MAX_TOTAL_BYTES: u64 = 1024 * 1024 * 1024;
/// Highest unpacked-to-packed size ratio for an entry larger than [`RATIO_FLOOR`].
pub const MAX_RATIO: u64 = 200;
/// Entries up to this size (1 MiB) are exempt from the ratio limit.
pub const RATIO_FLOOR: u64 = 1024 * 1024;

/// An opened archive: entry names checked, ready to read entries by name.
pub struct Archive<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    names: Vec<String>,
    read_so_far: u64,
}

/// Is `name` safe: relative, no `..` component, no drive letter?
fn safe_name(name: &str) -> bool {
    let n = name.replace('\\', "/");
    !(n.starts_with('/')
        || n.as_bytes().get(1) == Some(&b':')
        || n.split('/').any(|part| part == ".."))
}

impl<'a> Archive<'a> {
    /// Opens `bytes` as a ZIP archive, refusing unsafe entry names.
    pub fn open(bytes: &'a [u8]) -> Result<Self, String> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            format!("is not a readable .qdpx (ZIP) archive ({}); it may be damaged or not a REFI-QDA project", crate::store::words::zip(&e))
        })?;
        if zip.len() > MAX_ENTRIES {
            return Err(format!(
                "holds {} entries, more than the {MAX_ENTRIES} Gloss accepts",
                zip.len()
            ));
        }
        let mut names = Vec::with_capacity(zip.len());
        for name in zip.file_names() {
            let name = name.map_err(|e| format!("has an entry name it cannot read ({e})"))?;
            if !safe_name(&name) {
                return Err(format!(
                    "holds the entry \"{name}\", which points outside the archive (a \"zip \
                     slip\"); the file is not a safe REFI-QDA project"
                ));
            }
            names.push(name.into_owned());
        }
        Ok(Self {
            zip,
            names,
            read_so_far: 0,
        })
    }

    /// The entry names, in archive order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The entry whose name matches `wanted` ignoring ASCII case and `\` vs `/` (tools differ on
    /// `Sources/` vs `sources/`).
    pub fn find(&self, wanted: &str) -> Option<&str> {
        let wanted = wanted.replace('\\', "/");
        let wanted = wanted.trim_start_matches("./");
        self.names
            .iter()
            .find(|n| n.replace('\\', "/").eq_ignore_ascii_case(wanted))
            .map(String::as_str)
    }

    /// Reads entry `name` under the size limits.
    pub fn read(&mut self, name: &str) -> Result<Vec<u8>, String> {
        let mut file = self
            .zip
            .by_name(name)
            .map_err(|e| format!("cannot open its entry \"{name}\" ({e})"))?;
        let packed = file.compressed_size();
        let budget = MAX_ENTRY_BYTES.min(MAX_TOTAL_BYTES.saturating_sub(self.read_so_far));
        let ratio_cap = RATIO_FLOOR.max(packed.saturating_mul(MAX_RATIO));
        let cap = budget.min(ratio_cap);
        // Never trust the header's size: read one byte past the cap to detect overflow, so a
        // bomb is stopped after `cap` bytes rather than inflated.
        let mut out = Vec::with_capacity(file.size().min(cap).min(64 * 1024 * 1024) as usize);
        (&mut file)
            .take(cap + 1)
            .read_to_end(&mut out)
            .map_err(|e| {
                format!("cannot unpack its entry \"{name}\" ({e}); the archive may be damaged")
            })?;
        let got = out.len() as u64;
        if got > cap && cap == budget {
            return Err(format!(
                "entry \"{name}\" unpacks to more than {} MiB, past Gloss's limit for one \
                 archive (a \"zip bomb\"?); nothing was imported",
                budget / (1024 * 1024)
            ));
        }
        if got > cap {
            return Err(format!(
                "entry \"{name}\" unpacks to more than {MAX_RATIO} times its packed size of \
                 {packed} bytes (a \"zip bomb\"?); nothing was imported"
            ));
        }
        self.read_so_far += got;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_names_are_refused() {
        for bad in [
            "../x.txt",
            "a/../../x",
            "/etc/passwd",
            "C:\\x.txt",
            "a\\..\\x",
        ] {
            assert!(!safe_name(bad), "{bad}");
        }
        for good in ["project.qde", "sources/a.txt", "Sources\\b.txt", "a..b.txt"] {
            assert!(safe_name(good), "{good}");
        }
    }
}
