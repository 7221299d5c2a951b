//! Coder layers: whose codings the reading pane, the stripes, retrieval and counts show. A
//! window shows everyone's codings, only the user's own, or those of chosen coders; a coder who
//! codes blind (listed in [`crate::model::Settings::blind`]) sees only their own, whatever the
//! window's choice, so a second coder can code without seeing the first.
//!
//! Counts for a filter come from the counts kept with the project per code and coder
//! ([`crate::model::Tally::code_for_coders`]), so showing them costs a lookup per code and coder.

use crate::edit::ops::AsCoder;
use crate::model::{CodeId, CoderId, DocId, Project, ThemeId};
use crate::query::{self, Counts, Row};
use std::collections::{BTreeMap, BTreeSet};

/// The window's choice of coders.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub enum CoderFilter {
    #[default]
    Everyone,
    OnlyMe,
    Chosen(BTreeSet<CoderId>),
}

/// The coder the user codes as (the window's coder, by id; a name, by name), if the project
/// knows them.
pub fn me(project: &Project, user: &(impl AsCoder + ?Sized)) -> Option<CoderId> {
    let (id, add) = user.resolve(project);
    add.is_none().then_some(id)
}

/// Does `user` code blind in this project?
pub fn is_blind(project: &Project, user: &(impl AsCoder + ?Sized)) -> bool {
    me(project, user).is_some_and(|id| project.settings.blind.contains(&id))
}

/// The coders whose codings show for `user` with `filter`, sorted; `None`: everyone's.
pub fn visible(
    project: &Project,
    user: &(impl AsCoder + ?Sized),
    filter: &CoderFilter,
) -> Option<Vec<CoderId>> {
    let mine = || me(project, user).into_iter().collect::<Vec<_>>();
    if is_blind(project, user) {
        return Some(mine());
    }
    match filter {
        CoderFilter::Everyone => None,
        CoderFilter::OnlyMe => Some(mine()),
        CoderFilter::Chosen(set) => Some(set.iter().copied().collect()),
    }
}

/// Is a coding by `coder` shown?
pub fn shows(visible: Option<&[CoderId]>, coder: CoderId) -> bool {
    visible.is_none_or(|v| v.contains(&coder))
}

/// Counts for every code, of the visible coders' codings only.
pub fn code_counts(project: &Project, visible: Option<&[CoderId]>) -> BTreeMap<CodeId, Counts> {
    let Some(v) = visible else {
        return query::code_counts(project);
    };
    project
        .codes
        .iter()
        .map(|c| {
            let n = match project.tally() {
                Some(t) => t.code_for_coders(c.id, v),
                None => query::recount(project, |x| x.code == c.id && v.contains(&x.coder)).0,
            };
            (c.id, n)
        })
        .collect()
}

/// Counts for every theme, of the visible coders' codings only.
pub fn theme_counts(project: &Project, visible: Option<&[CoderId]>) -> BTreeMap<ThemeId, Counts> {
    let Some(v) = visible else {
        return query::theme_counts(project);
    };
    project
        .themes
        .iter()
        .map(|t| {
            let codes = query::theme_codes(project, t.id);
            let n = match project.tally() {
                Some(tally) => tally.codes_for_coders(&codes, v),
                None => {
                    query::recount(project, |x| codes.contains(&x.code) && v.contains(&x.coder)).0
                }
            };
            (t.id, n)
        })
        .collect()
}

/// Codings of a code by the visible coders.
pub fn count(project: &Project, visible: Option<&[CoderId]>, code: CodeId) -> usize {
    match (visible, project.tally()) {
        (None, _) => query::counts_for_code(project, code).codings,
        (Some(v), Some(t)) => t.code_for_coders(code, v).codings,
        (Some(v), None) => project
            .codings
            .values()
            .filter(|c| c.code == code && v.contains(&c.coder))
            .count(),
    }
}

/// Codings of a document by the visible coders.
pub fn count_in_document(project: &Project, visible: Option<&[CoderId]>, doc: DocId) -> usize {
    match (visible, project.tally()) {
        (None, _) => project.codings_count_in(doc),
        (Some(v), Some(t)) => t.codings_in_document_by(doc, v),
        (Some(v), None) => project
            .codings
            .values()
            .filter(|c| c.document == doc && v.contains(&c.coder))
            .count(),
    }
}

/// Keeps the retrieved rows of visible coders' codings.
pub fn keep_visible(project: &Project, visible: Option<&[CoderId]>, rows: &mut Vec<Row>) {
    if let Some(v) = visible {
        rows.retain(|r| {
            project
                .codings
                .get(&r.coding)
                .is_some_and(|c| v.contains(&c.coder))
        });
    }
}

/// The settings with `coder` coding blind (`on`) or not.
pub fn with_blind(project: &Project, coder: CoderId, on: bool) -> crate::model::Settings {
    let mut s = project.settings.clone();
    s.blind.retain(|c| *c != coder);
    if on {
        s.blind.push(coder);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{Edit, apply};
    use crate::testing::fixture;

    #[test]
    fn blind_coders_see_only_their_own() {
        let mut p = fixture();
        let Some(tester) = p.coders.first().map(|c| (c.id, c.name.clone())) else {
            panic!("the fixture has a coder")
        };
        let everyone = visible(&p, &tester.1, &CoderFilter::Everyone);
        assert_eq!(everyone, None);
        assert!(!is_blind(&p, &tester.1));
        let s = with_blind(&p, tester.0, true);
        let inverse =
            apply(&mut p, Edit::SetSettings(Box::new(s))).unwrap_or_else(|e| panic!("{e}"));
        assert!(is_blind(&p, &tester.1));
        assert_eq!(
            visible(&p, &tester.1, &CoderFilter::Everyone),
            Some(vec![tester.0])
        );
        // Someone else is not blind.
        assert_eq!(visible(&p, "someone else", &CoderFilter::Everyone), None);
        assert_eq!(
            visible(&p, "someone else", &CoderFilter::OnlyMe),
            Some(vec![])
        );
        apply(&mut p, inverse).unwrap_or_else(|e| panic!("{e}"));
        assert!(!is_blind(&p, &tester.1));
    }

    #[test]
    fn counts_follow_the_filter() {
        let p = fixture();
        let Some(k) = p.coders.first().map(|c| c.id) else {
            panic!("a coder")
        };
        let all = code_counts(&p, None);
        let mine = code_counts(&p, Some(&[k]));
        let none = code_counts(&p, Some(&[]));
        for c in &p.codes {
            let by_me = p
                .codings
                .values()
                .filter(|x| x.code == c.id && x.coder == k)
                .count();
            assert_eq!(mine[&c.id].codings, by_me);
            assert_eq!(count(&p, Some(&[k]), c.id), by_me);
            assert_eq!(none[&c.id], Counts::default());
            assert_eq!(all[&c.id], query::counts_for_code(&p, c.id));
            let mut rows = query::retrieve_code(&p, c.id);
            keep_visible(&p, Some(&[]), &mut rows);
            assert!(rows.is_empty());
        }
    }
}
