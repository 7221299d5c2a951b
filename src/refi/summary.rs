//! What an import read, and what it approximated or left out and why: shown after every import
//! (window and command line).

use std::fmt;

/// How one text source's positions were read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileReport {
    /// The source's name.
    pub source: String,
    /// The counting used, in words ("UTF-16 code units, CRLF as one").
    pub counting: String,
    /// Selections in the source.
    pub selections: usize,
    /// Selections whose ends had to be moved (inside a character, found by their text
    /// nearby, snapped to whole characters).
    pub adjusted: usize,
    /// Selections that could not be placed (past the end, empty, reversed).
    pub not_placed: usize,
}

/// Counts read and what was approximated or left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// The tool that wrote the file (`origin`).
    pub origin: String,
    pub sources: usize,
    pub documents: usize,
    pub codes: usize,
    pub codings: usize,
    pub users: usize,
    pub notes: usize,
    pub sets: usize,
    pub cases: usize,
    /// Per text source, how its positions were read.
    pub files: Vec<FileReport>,
    /// Things read only approximately, one sentence each.
    pub approximated: Vec<String>,
    /// Things not imported, one sentence each with the reason.
    pub left_out: Vec<String>,
}

impl Summary {
    /// One line of counts.
    pub fn counts_line(&self) -> String {
        format!(
            "read {} sources ({} imported as documents), {} codes, {} codings, {} users, {} notes, \
             {} sets, {} cases",
            self.sources,
            self.documents,
            self.codes,
            self.codings,
            self.users,
            self.notes,
            self.sets,
            self.cases
        )
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.origin.is_empty() {
            writeln!(f, "written by {}", self.origin)?;
        }
        writeln!(f, "{}", self.counts_line())?;
        for r in &self.files {
            writeln!(
                f,
                "{}: positions read as {}; {} selections, {} adjusted, {} could not be placed",
                r.source, r.counting, r.selections, r.adjusted, r.not_placed
            )?;
        }
        for a in &self.approximated {
            writeln!(f, "approximated: {a}")?;
        }
        for l in &self.left_out {
            writeln!(f, "left out: {l}")?;
        }
        Ok(())
    }
}
