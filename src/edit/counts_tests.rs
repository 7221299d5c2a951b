//! The counts and lookups kept with the project, checked against a full recount after every step
//! of random user operations, undo and redo included.

use super::History;
use crate::model::Project;
use crate::query::{self, Counts};
use crate::testing::{Op, fixture, op};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// Compares everything the tally answers with a recount over every coding; describes the first
/// difference.
pub(crate) fn check_derived(p: &Project) -> Result<(), String> {
    let t = p.tally().ok_or("the counts are not kept")?;
    for c in &p.codes {
        let (want, names) = query::recount(p, |x| x.code == c.id);
        if t.code(c.id) != want {
            return Err(format!(
                "code {}: kept {:?}, recount {want:?}",
                c.name,
                t.code(c.id)
            ));
        }
        let kept: Vec<&str> = t.code_participants(c.id);
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        if kept != names {
            return Err(format!(
                "code {}: participants {kept:?} vs {names:?}",
                c.name
            ));
        }
        let mut ids: Vec<_> = t.codings_of_code(c.id).collect();
        ids.sort_unstable();
        let scan: Vec<_> = p
            .codings
            .values()
            .filter(|x| x.code == c.id)
            .map(|x| x.id)
            .collect();
        if ids != scan {
            return Err(format!("code {}: codings differ", c.name));
        }
        // Split by coder, one coder at a time and every coder together.
        let all: Vec<_> = p.coders.iter().map(|k| k.id).collect();
        for k in &p.coders {
            let (want, _) = query::recount(p, |x| x.code == c.id && x.coder == k.id);
            if t.code_by_coder(c.id, k.id) != want {
                return Err(format!(
                    "code {} by {}: kept {:?}, recount {want:?}",
                    c.name,
                    k.name,
                    t.code_by_coder(c.id, k.id)
                ));
            }
        }
        let (want, _) = query::recount(p, |x| x.code == c.id && all.contains(&x.coder));
        if t.code_for_coders(c.id, &all) != want {
            return Err(format!("code {}: by all coders differs", c.name));
        }
        let mut coders = t.code_coders(c.id);
        coders.sort_unstable();
        let mut scan: BTreeMap<_, usize> = BTreeMap::new();
        for x in p.codings.values().filter(|x| x.code == c.id) {
            *scan.entry(x.coder).or_default() += 1;
        }
        if coders != scan.into_iter().collect::<Vec<_>>() {
            return Err(format!("code {}: coders differ", c.name));
        }
        let mut docs = t.code_documents(c.id);
        docs.sort_unstable();
        let mut scan: BTreeMap<_, usize> = BTreeMap::new();
        for x in p.codings.values().filter(|x| x.code == c.id) {
            *scan.entry(x.document).or_default() += 1;
        }
        if docs != scan.into_iter().collect::<Vec<_>>() {
            return Err(format!("code {}: documents differ", c.name));
        }
    }
    for th in &p.themes {
        let (want, names) = query::recount_theme(p, th.id);
        if t.theme(th.id) != want {
            return Err(format!(
                "theme {}: kept {:?}, recount {want:?}",
                th.name,
                t.theme(th.id)
            ));
        }
        let all: Vec<_> = p.coders.iter().map(|k| k.id).collect();
        let split = t.codes_for_coders(&query::theme_codes(p, th.id), &all);
        if split != want {
            return Err(format!(
                "theme {}: by coders {split:?} vs {want:?}",
                th.name
            ));
        }
        let kept = query::theme_participants(p, th.id);
        if kept != names.into_iter().collect::<Vec<_>>() {
            return Err(format!("theme {}: participants differ", th.name));
        }
    }
    for (i, d) in p.documents.iter().enumerate() {
        let scan: BTreeSet<_> = p
            .codings
            .values()
            .filter(|x| x.document == d.id)
            .map(|x| x.id)
            .collect();
        let kept: BTreeSet<_> = p.codings.in_document(d.id).map(|c| c.id).collect();
        for k in &p.coders {
            let n = p
                .codings
                .values()
                .filter(|x| x.document == d.id && x.coder == k.id)
                .count();
            if t.codings_in_document_by(d.id, &[k.id]) != n {
                return Err(format!("document {}: codings by {}", d.title, k.name));
            }
        }
        if kept != scan || p.codings.count_in(d.id) != scan.len() {
            return Err(format!("document {}: codings differ", d.title));
        }
        for k in p.codings.in_document(d.id) {
            let c = p.codings.get(&k.id).ok_or("a listed coding is gone")?;
            if (k.code, k.coder, k.range) != (c.code, c.coder, c.range) {
                return Err(format!("document {}: a coding's copy is stale", d.title));
            }
        }
        if p.document_index(d.id) != Some(i) {
            return Err(format!("document {}: lookup", d.title));
        }
    }
    for (i, c) in p.codes.iter().enumerate() {
        if p.code_index(c.id) != Some(i) {
            return Err(format!("code {}: lookup", c.name));
        }
    }
    for (i, th) in p.themes.iter().enumerate() {
        if p.theme_index(th.id) != Some(i) {
            return Err(format!("theme {}: lookup", th.name));
        }
    }
    for (i, c) in p.coders.iter().enumerate() {
        let n = p.codings.values().filter(|x| x.coder == c.id).count();
        if p.coder_index(c.id) != Some(i) || t.codings_by_coder(c.id) != n {
            return Err(format!("coder {}: lookup or count", c.name));
        }
    }
    for (i, person) in p.participants.iter().enumerate() {
        if p.participant_index(&person.name) != Some(i) {
            return Err(format!("participant {}: lookup", person.name));
        }
        let n = p
            .codings
            .values()
            .filter(|x| {
                p.document(x.document).is_some_and(|d| {
                    query::turns_overlapped(d, x)
                        .iter()
                        .any(|&k| d.turns()[k].speaker.as_deref() == Some(&person.name))
                })
            })
            .count();
        if t.codings_of_speaker(&person.name) != n {
            return Err(format!("participant {}: codings", person.name));
        }
    }
    Ok(())
}

/// A step of the random walk: a user operation, or undo, or redo.
#[derive(Clone, Debug)]
enum Step {
    Do(Op),
    Undo,
    Redo,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => op().prop_map(Step::Do),
        1 => Just(Step::Undo),
        1 => Just(Step::Redo),
    ]
}

#[test]
fn the_fixture_is_counted_right() {
    assert_eq!(check_derived(&fixture()), Ok(()));
    let mut p = crate::store::from_str(crate::SAMPLE_PROJECT, "sample").unwrap_or_default();
    assert_eq!(check_derived(&p), Ok(()));
    // Changed around the edits: the counts are withheld until reindexed.
    p.codings.clear();
    assert!(p.tally().is_none());
    assert_eq!(query::counts_for_code(&p, p.codes[0].id), Counts::default());
    p.reindex();
    assert_eq!(check_derived(&p), Ok(()));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// After every step of any sequence of operations, undos and redos, the kept counts and
    /// lookups equal a full recount.
    #[test]
    fn kept_counts_equal_a_recount(steps in prop::collection::vec(step(), 1..40)) {
        let mut p = fixture();
        let mut h = History::new_saved();
        for s in &steps {
            match s {
                Step::Do(o) => {
                    if let Some(e) = o.to_edit(&p) {
                        let _ = h.apply(&mut p, e, format!("{o:?}"), "tester");
                    }
                }
                Step::Undo => {
                    prop_assert!(h.undo(&mut p).is_ok());
                }
                Step::Redo => {
                    prop_assert!(h.redo(&mut p).is_ok());
                }
            }
            if let Err(e) = check_derived(&p) {
                return Err(TestCaseError::fail(format!("after {s:?}: {e}")));
            }
        }
    }
}
