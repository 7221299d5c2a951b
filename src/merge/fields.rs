//! The three-way rule for one value and for the fields of one item, and the sequence merge that
//! gives merged lists a sensible order.

use super::Cx;
use crate::model::Subject;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::Hash;

/// base == ours -> theirs; base == theirs -> ours; ours == theirs -> either; else `None`.
pub(super) fn pick<'a, T: PartialEq + ?Sized>(
    base: Option<&T>,
    ours: &'a T,
    theirs: &'a T,
) -> Option<&'a T> {
    if ours == theirs || base == Some(theirs) {
        Some(ours)
    } else if base == Some(ours) {
        Some(theirs)
    } else {
        None
    }
}

/// How one field of an item merges when both sides changed it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Rule {
    /// Three-way; differing changes are a conflict.
    Plain,
    /// A map of keys to values (attributes): three-way per key, field `NAME.KEY`.
    Map,
    /// A list of ids (a theme's codes, its exemplars): what either side added is added, what
    /// either side removed is removed, in a merged order; never a conflict.
    Set,
    /// Bookkeeping (where a document came from): ours, without a conflict.
    Ours,
}

/// A value's RON text, for a conflict record.
pub(super) fn text<T: Serialize + ?Sized>(v: &T) -> String {
    ron::to_string(v).unwrap_or_default()
}

/// Merges an item changed on both sides field by field (`rule` says how each field merges);
/// unresolvable fields keep ours and are recorded as conflicts on `subject`.
pub(super) fn merge_fields<T: Serialize + DeserializeOwned + Clone + PartialEq>(
    cx: &mut Cx,
    subject: &Subject,
    base: Option<&T>,
    ours: &T,
    theirs: &T,
    rule: impl Fn(&str) -> Rule,
) -> T {
    if let Some(v) = pick(base, ours, theirs) {
        return v.clone();
    }
    let as_map = |v: &T| match serde_json::to_value(v) {
        Ok(Value::Object(m)) => Some(m),
        _ => None,
    };
    let (Some(o), Some(t)) = (as_map(ours), as_map(theirs)) else {
        cx.conflict(
            subject,
            "item",
            base.map(text),
            Some(text(ours)),
            Some(text(theirs)),
        );
        return ours.clone();
    };
    let b = base.and_then(as_map);
    let mut out = o.clone();
    let keys: BTreeSet<&String> = o.keys().chain(t.keys()).collect();
    for key in keys {
        let (bv, ov, tv) = (b.as_ref().and_then(|b| b.get(key)), o.get(key), t.get(key));
        let merged = match pick(Some(&bv), &ov, &tv) {
            Some(v) => *v,
            None => match rule(key) {
                Rule::Ours => ov,
                Rule::Plain => {
                    cx.conflict(subject, key, bv.map(text), ov.map(text), tv.map(text));
                    ov
                }
                Rule::Map => {
                    let v = merge_map(cx, subject, key, bv, ov, tv);
                    set(&mut out, key, Some(&v));
                    continue;
                }
                Rule::Set => {
                    let list = |v: Option<&Value>| match v {
                        Some(Value::Array(a)) => a.clone(),
                        _ => Vec::new(),
                    };
                    let v = Value::Array(merge_set(&list(bv), &list(ov), &list(tv)));
                    set(&mut out, key, Some(&v));
                    continue;
                }
            },
        };
        set(&mut out, key, merged);
    }
    match serde_json::from_value(Value::Object(out)) {
        Ok(v) => v,
        Err(_) => {
            cx.conflict(
                subject,
                "item",
                base.map(text),
                Some(text(ours)),
                Some(text(theirs)),
            );
            ours.clone()
        }
    }
}

fn set(out: &mut Map<String, Value>, key: &str, v: Option<&Value>) {
    match v {
        Some(v) => {
            out.insert(key.to_owned(), v.clone());
        }
        None => {
            out.remove(key);
        }
    }
}

/// A map field merged key by key; a key changed differently on both sides is a conflict on
/// field `field.KEY` (ours kept).
fn merge_map(
    cx: &mut Cx,
    subject: &Subject,
    field: &str,
    base: Option<&Value>,
    ours: Option<&Value>,
    theirs: Option<&Value>,
) -> Value {
    let empty = Map::new();
    let obj = |v: Option<&Value>| match v {
        Some(Value::Object(m)) => m.clone(),
        _ => empty.clone(),
    };
    let (b, o, t) = (obj(base), obj(ours), obj(theirs));
    let mut out = Map::new();
    let keys: BTreeSet<&String> = b.keys().chain(o.keys()).chain(t.keys()).collect();
    for key in keys {
        let (bv, ov, tv) = (b.get(key), o.get(key), t.get(key));
        let v = match pick(Some(&bv), &ov, &tv) {
            Some(v) => *v,
            None => {
                cx.conflict(
                    subject,
                    &format!("{field}.{key}"),
                    bv.map(text),
                    ov.map(text),
                    tv.map(text),
                );
                ov
            }
        };
        if let Some(v) = v {
            out.insert(key.clone(), v.clone());
        }
    }
    Value::Object(out)
}

/// A set kept as a list: members either side added, less those either side removed, in a merged
/// order.
pub(super) fn merge_set<K: Clone + Eq + Hash>(base: &[K], ours: &[K], theirs: &[K]) -> Vec<K> {
    let b: HashSet<&K> = base.iter().collect();
    let o: HashSet<&K> = ours.iter().collect();
    let t: HashSet<&K> = theirs.iter().collect();
    let keep: HashSet<K> = o
        .iter()
        .chain(t.iter())
        .filter(|k| !b.contains(*k) || (o.contains(*k) && t.contains(*k)))
        .map(|k| (*k).clone())
        .collect();
    order(base, ours, theirs, &keep)
}

/// The merged order of a list: the order of the side that reordered (ours when both did), with
/// what only the other side holds placed after the item it follows there. Only keys in `keep`
/// appear; kept keys that neither side lists come last, in `base` order.
pub(super) fn order<K: Clone + Eq + Hash>(
    base: &[K],
    ours: &[K],
    theirs: &[K],
    keep: &HashSet<K>,
) -> Vec<K> {
    let (ob, ot): (HashSet<&K>, HashSet<&K>) = (ours.iter().collect(), theirs.iter().collect());
    let bset: HashSet<&K> = base.iter().collect();
    let common = |list: &[K]| -> Vec<K> {
        list.iter()
            .filter(|k| bset.contains(k) && ob.contains(k) && ot.contains(k))
            .cloned()
            .collect()
    };
    // Items both sides added (documents imported on both, unified) keep ours' order unless
    // theirs has them in the same order: lists without a move edit can only keep it.
    let shared_new = |list: &[K]| -> Vec<K> {
        list.iter()
            .filter(|k| !bset.contains(k) && ob.contains(k) && ot.contains(k))
            .cloned()
            .collect()
    };
    let (skeleton, other) =
        if common(ours) == common(base) && shared_new(ours) == shared_new(theirs) {
            (theirs, ours)
        } else {
            (ours, theirs)
        };
    let mut out: Vec<K> = Vec::with_capacity(keep.len());
    let mut placed: HashSet<K> = HashSet::with_capacity(keep.len());
    for k in skeleton {
        if keep.contains(k) && placed.insert(k.clone()) {
            out.push(k.clone());
        }
    }
    // What only the other side holds goes after its predecessor there.
    let mut after: HashMap<Option<K>, Vec<K>> = HashMap::new();
    let mut prev: Option<K> = None;
    for k in other {
        if keep.contains(k) && !placed.contains(k) {
            after.entry(prev.clone()).or_default().push(k.clone());
        } else if placed.contains(k) {
            prev = Some(k.clone());
        }
    }
    if !after.is_empty() {
        let mut merged = Vec::with_capacity(out.len() + after.len());
        if let Some(first) = after.remove(&None) {
            merged.extend(first);
        }
        for k in out {
            let tail = after.remove(&Some(k.clone()));
            merged.push(k);
            if let Some(tail) = tail {
                merged.extend(tail);
            }
        }
        out = merged;
        for k in &out {
            placed.insert(k.clone());
        }
    }
    for k in base {
        if keep.contains(k) && placed.insert(k.clone()) {
            out.push(k.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keep(v: &[u8]) -> HashSet<u8> {
        v.iter().copied().collect()
    }

    #[test]
    fn the_three_way_rule() {
        assert_eq!(pick(Some(&1), &1, &2), Some(&2));
        assert_eq!(pick(Some(&1), &2, &1), Some(&2));
        assert_eq!(pick(Some(&1), &3, &3), Some(&3));
        assert_eq!(pick(Some(&1), &2, &3), None);
        assert_eq!(pick(None, &2, &3), None);
    }

    #[test]
    fn orders_keep_both_sides_insertions() {
        let base = [1, 2, 3];
        // Ours appended 4, theirs inserted 5 after 1.
        let o = order(&base, &[1, 2, 3, 4], &[1, 5, 2, 3], &keep(&[1, 2, 3, 4, 5]));
        assert_eq!(o, vec![1, 5, 2, 3, 4]);
        // Theirs reordered: its order wins, ours' new item follows its predecessor.
        let o = order(&base, &[1, 2, 4, 3], &[3, 2, 1], &keep(&[1, 2, 3, 4]));
        assert_eq!(o, vec![3, 2, 4, 1]);
        // An item neither lists but kept (restored from the base) comes last.
        let o = order(&base, &[1], &[1], &keep(&[1, 2]));
        assert_eq!(o, vec![1, 2]);
    }

    #[test]
    fn items_added_on_both_sides_keep_ours_order() {
        // Both added 4 and 5 (in other orders); theirs also added 6, after 4 there.
        let o = order(&[1], &[1, 4, 5], &[1, 5, 4, 6], &keep(&[1, 4, 5, 6]));
        assert_eq!(o, vec![1, 4, 6, 5]);
    }

    #[test]
    fn sets_take_additions_and_removals_of_both() {
        assert_eq!(merge_set(&[1, 2, 3], &[1, 3, 4], &[2, 3, 5]), vec![3, 4, 5]);
    }
}
