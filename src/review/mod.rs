//! Supervisor review as pure logic, tested without a window: who may change what while a
//! project is open for review ([`guard`]), comment threads ([`comments`]), sign-offs and what
//! changed since one ([`signoff`]), labelled snapshots of the theme tree ([`snapshot`]) and the
//! tree diff between two of them or one and now ([`diff`]). The review workspace
//! (`ui::review`), the command line ([`cli`]) and the review report (`export::review`) all read
//! from here.

pub mod cli;
pub mod comments;
pub mod diff;
pub mod guard;
pub mod signoff;
pub mod snapshot;

pub use diff::{Change, Mark, TreeDiff, Words, diff};
pub use guard::refusal;
pub use snapshot::{current, take};

#[cfg(test)]
mod tests;

/// A date for people: `YYYY-MM-DD` (UTC).
pub fn date(t: crate::model::Timestamp) -> String {
    t.to_iso8601().chars().take(10).collect()
}

/// A date and time for people: `YYYY-MM-DD HH:MM` (UTC).
pub fn date_time(t: crate::model::Timestamp) -> String {
    t.to_iso8601().replace('T', " ").chars().take(16).collect()
}

/// The name of a coder (comment author, reviewer), or "someone" for one the project lost.
pub fn person(project: &crate::model::Project, id: crate::model::CoderId) -> String {
    project
        .coder(id)
        .map_or_else(|| "someone".to_owned(), |c| c.name.clone())
}
