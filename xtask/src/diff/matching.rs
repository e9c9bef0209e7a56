//! Matching: which old thing is which new thing.
//!
//! - Operations: first by method + route (path parameter names ignored:
//!   `/a/{id}` = `/a/{user}`), then what is left by operationId.
//! - Parameters: path parameters by position in the path, the others by
//!   location + wire name; struct fields by wire name; enum values by wire
//!   value; union variants by Rust name ([`by_key`]).
//! - Types are never matched by name: each one used by a matched operation is
//!   walked from it, old and new side by side ([`TypePairs::same_shape`]:
//!   `TypeRef` → definition, aliases looked through), and the old and new
//!   types met at the same position form a *pair*, compared once. A type
//!   whose name alone changed is no change.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use generator::ir::{Api, Operation, Param, ParamLocation, TypeKind, TypeRef, UnionVariant};

/// At most this many (old type, new type) pairs are compared.
pub(crate) const MAX_PAIRS: usize = 20_000;
/// `TypeRef` nesting is followed at most this deep.
const MAX_DEPTH: usize = 64;

/// `/a/{id}/b` → `/a/{}/b`: routes compare without parameter names.
pub(crate) fn route_key(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_var = false;
    for ch in path.chars() {
        match ch {
            '{' if !in_var => {
                in_var = true;
                out.push_str("{}");
            }
            '}' if in_var => in_var = false,
            _ if in_var => {}
            _ => out.push(ch),
        }
    }
    out
}

/// How a parameter is matched across versions: path parameters by position.
pub(crate) fn param_key(op: &Operation, p: &Param) -> (u8, String) {
    match p.location {
        ParamLocation::Path => {
            let position = op
                .params
                .iter()
                .filter(|q| q.location == ParamLocation::Path)
                .position(|q| std::ptr::eq(q, p))
                .unwrap_or(0);
            (0, position.to_string())
        }
        ParamLocation::Query => (1, p.wire.clone()),
        ParamLocation::Header => (2, p.wire.clone()),
        ParamLocation::Cookie => (3, p.wire.clone()),
        ParamLocation::QueryString => (4, p.wire.clone()),
    }
}

/// One element of two matched lists.
pub(crate) enum Matched<'a, T> {
    Both(&'a T, &'a T),
    Added(&'a T),
    Removed(&'a T),
}

/// Match two lists by key: the new list in order (matched or added), then
/// the old elements left over (removed), in order.
pub(crate) fn by_key<'a, T, K: Ord>(
    old: &'a [T],
    new: &'a [T],
    key: impl Fn(&T) -> K,
) -> Vec<Matched<'a, T>> {
    let old_by_key: BTreeMap<K, &T> = old.iter().map(|o| (key(o), o)).collect();
    let new_keys: BTreeSet<K> = new.iter().map(&key).collect();
    let mut out: Vec<Matched<T>> = new
        .iter()
        .map(|n| match old_by_key.get(&key(n)) {
            Some(&o) => Matched::Both(o, n),
            None => Matched::Added(n),
        })
        .collect();
    out.extend(
        old.iter()
            .filter(|o| !new_keys.contains(&key(o)))
            .map(Matched::Removed),
    );
    out
}

/// Which old operation is which new one.
pub(crate) struct OperationMatch {
    /// (old index, new index), in new document order.
    pub(crate) matched: Vec<(usize, usize)>,
    /// Old operations with no new one.
    pub(crate) removed: Vec<usize>,
    /// New operations with no old one.
    pub(crate) added: Vec<usize>,
}

pub(crate) fn operations(old: &Api, new: &Api) -> OperationMatch {
    let mut by_route: BTreeMap<(&str, String), usize> = BTreeMap::new();
    for (i, op) in old.operations.iter().enumerate() {
        by_route
            .entry((op.method.as_str(), route_key(&op.path)))
            .or_insert(i);
    }
    let mut old_taken = vec![false; old.operations.len()];
    let mut new_match: Vec<Option<usize>> = vec![None; new.operations.len()];
    for (i, op) in new.operations.iter().enumerate() {
        if let Some(&o) = by_route.get(&(op.method.as_str(), route_key(&op.path))) {
            if !old_taken[o] {
                old_taken[o] = true;
                new_match[i] = Some(o);
            }
        }
    }
    // What is left, by operationId (only ids used once on each side).
    let mut by_id: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, op) in old.operations.iter().enumerate() {
        if !old_taken[i] {
            by_id.entry(op.id.as_str()).or_default().push(i);
        }
    }
    let mut new_ids: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, op) in new.operations.iter().enumerate() {
        if new_match[i].is_none() {
            *new_ids.entry(op.id.as_str()).or_default() += 1;
        }
    }
    for (i, op) in new.operations.iter().enumerate() {
        if new_match[i].is_some() || new_ids[op.id.as_str()] != 1 {
            continue;
        }
        if let Some([o]) = by_id.get(op.id.as_str()).map(Vec::as_slice) {
            old_taken[*o] = true;
            new_match[i] = Some(*o);
        }
    }
    OperationMatch {
        matched: new_match
            .iter()
            .enumerate()
            .filter_map(|(n, o)| Some(((*o)?, n)))
            .collect(),
        removed: (0..old.operations.len())
            .filter(|&i| !old_taken[i])
            .collect(),
        added: (0..new.operations.len())
            .filter(|&i| new_match[i].is_none())
            .collect(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Category {
    Struct,
    Enum,
    Union,
    /// An alias that did not resolve, or no such type.
    Missing,
}

fn category(api: &Api, name: &str) -> Category {
    match api.type_def(name).map(|d| &d.kind) {
        Some(TypeKind::Struct { .. }) => Category::Struct,
        Some(TypeKind::Enum { .. }) => Category::Enum,
        Some(TypeKind::Union { .. }) => Category::Union,
        Some(TypeKind::Alias { .. }) | None => Category::Missing,
    }
}

/// An old type and the new type found at the same position.
pub(crate) struct Pair {
    pub(crate) old: String,
    pub(crate) new: String,
    /// Pairs met inside this one (field types, items, variants).
    pub(crate) children: Vec<usize>,
}

/// The pairs of types met so far, and those still to compare.
pub(crate) struct TypePairs<'a> {
    pub(crate) old: &'a Api,
    pub(crate) new: &'a Api,
    pub(crate) pairs: Vec<Pair>,
    index: BTreeMap<(String, String), usize>,
    queue: VecDeque<usize>,
    /// [`MAX_PAIRS`] was reached: some types were not compared.
    pub(crate) truncated: bool,
}

/// Named types met at the same position: (old name, new name).
pub(crate) type Found = Vec<(String, String)>;

impl<'a> TypePairs<'a> {
    pub(crate) fn new(old: &'a Api, new: &'a Api) -> Self {
        TypePairs {
            old,
            new,
            pairs: Vec::new(),
            index: BTreeMap::new(),
            queue: VecDeque::new(),
            truncated: false,
        }
    }

    /// Are `o` (old) and `n` (new) the same Rust type, up to the names of
    /// named types? Named types met at the same position go to `found`.
    pub(crate) fn same_shape(&self, o: &TypeRef, n: &TypeRef, found: &mut Found) -> bool {
        self.same_shape_at(o, n, found, 0)
    }

    fn same_shape_at(&self, o: &TypeRef, n: &TypeRef, found: &mut Found, depth: usize) -> bool {
        if depth > MAX_DEPTH {
            return o == n;
        }
        // The same named type on both sides (an alias too): the same
        // position; its own comparison reports what changed inside.
        if let (TypeRef::Named(a), TypeRef::Named(b)) = (o, n) {
            if a == b && self.old.type_def(a).is_some() && self.new.type_def(b).is_some() {
                found.push((a.clone(), b.clone()));
                return true;
            }
        }
        let (o, n) = (self.old.resolve(o), self.new.resolve(n));
        match (o, n) {
            (TypeRef::Named(a), TypeRef::Named(b)) => {
                let (ca, cb) = (category(self.old, a), category(self.new, b));
                if ca != cb || (ca == Category::Missing && a != b) {
                    return false;
                }
                // Another name at this position is a rename only when the old
                // name is gone and the new one is new; else it is another type.
                if a != b && (self.new.type_def(a).is_some() || self.old.type_def(b).is_some()) {
                    return false;
                }
                if ca != Category::Missing {
                    found.push((a.clone(), b.clone()));
                }
                true
            }
            (TypeRef::Array(a), TypeRef::Array(b))
            | (TypeRef::Map(a), TypeRef::Map(b))
            | (TypeRef::Nullable(a), TypeRef::Nullable(b)) => {
                self.same_shape_at(a, b, found, depth + 1)
            }
            (TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::Nullable(_), _)
            | (_, TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::Nullable(_))
            | (TypeRef::Named(_), _)
            | (_, TypeRef::Named(_)) => false,
            (a, b) => a == b,
        }
    }

    /// The index of the pair (`old`, `new`), queued for comparison when new.
    pub(crate) fn pair(&mut self, old: String, new: String) -> Option<usize> {
        let key = (old, new);
        if let Some(&index) = self.index.get(&key) {
            return Some(index);
        }
        if self.pairs.len() >= MAX_PAIRS {
            self.truncated = true;
            return None;
        }
        let index = self.pairs.len();
        self.pairs.push(Pair {
            old: key.0.clone(),
            new: key.1.clone(),
            children: Vec::new(),
        });
        self.index.insert(key, index);
        self.queue.push_back(index);
        Some(index)
    }

    /// Queues the pairs `found` at an operation's parameters, body or response.
    pub(crate) fn meet(&mut self, found: Found) {
        for (a, b) in found {
            self.pair(a, b);
        }
    }

    /// The next pair to compare.
    pub(crate) fn next(&mut self) -> Option<usize> {
        self.queue.pop_front()
    }

    /// Records the pairs met inside pair `index`.
    pub(crate) fn children(&mut self, index: usize, found: Found) {
        let children = found
            .into_iter()
            .filter_map(|(a, b)| self.pair(a, b))
            .collect();
        self.pairs[index].children = children;
    }

    /// Old types in no pair, and new types in no pair, by name.
    pub(crate) fn unpaired(&self) -> (Vec<String>, Vec<String>) {
        let old: BTreeSet<&str> = self.pairs.iter().map(|p| p.old.as_str()).collect();
        let new: BTreeSet<&str> = self.pairs.iter().map(|p| p.new.as_str()).collect();
        (
            self.old
                .types
                .iter()
                .filter(|t| !old.contains(t.name.as_str()))
                .map(|t| t.name.clone())
                .collect(),
            self.new
                .types
                .iter()
                .filter(|t| !new.contains(t.name.as_str()))
                .map(|t| t.name.clone())
                .collect(),
        )
    }
}

/// What a type looks like, names aside: its kind and the wire names it
/// knows (fields, values, tags or variant names), for finding renames.
fn fingerprint(api: &Api, name: &str) -> Option<String> {
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v.join(",")
    };
    Some(match &api.type_def(name)?.kind {
        TypeKind::Struct { fields, .. } => {
            format!(
                "struct {}",
                sorted(fields.iter().map(|f| f.wire.clone()).collect())
            )
        }
        TypeKind::Enum {
            variants,
            repr,
            open,
        } => format!(
            "enum {repr:?}{} {}",
            if *open { " open" } else { "" },
            sorted(variants.iter().map(|v| v.wire.clone()).collect())
        ),
        TypeKind::Union { variants, tag } => format!(
            "union {tag:?} {}",
            sorted(
                variants
                    .iter()
                    .map(|v| {
                        if v.tags.is_empty() {
                            v.name.clone()
                        } else {
                            v.tags.join("|")
                        }
                    })
                    .collect()
            )
        ),
        TypeKind::Alias { target } => format!(
            "alias {}",
            generator::rust::type_ref(target, generator::rust::Paths::Short)
        ),
    })
}

/// Old types gone and new types that appeared with the same shape, one to
/// one: renames.
pub(crate) fn renamed(
    old: &Api,
    new: &Api,
    removed: &[String],
    added: &[String],
) -> Vec<(String, String)> {
    let mut by_print: BTreeMap<String, (Vec<&String>, Vec<&String>)> = BTreeMap::new();
    for name in removed.iter().filter(|n| new.type_def(n).is_none()) {
        if let Some(f) = fingerprint(old, name) {
            by_print.entry(f).or_default().0.push(name);
        }
    }
    for name in added.iter().filter(|n| old.type_def(n).is_none()) {
        if let Some(f) = fingerprint(new, name) {
            by_print.entry(f).or_default().1.push(name);
        }
    }
    by_print
        .into_values()
        .filter_map(|(o, n)| match (o.as_slice(), n.as_slice()) {
            ([o], [n]) => Some(((*o).clone(), (*n).clone())),
            _ => None,
        })
        .collect()
}

/// Which old variant of a union is which new one: by tag value, then by
/// name, then by the kind of value it holds when only one variant of each
/// side holds that kind. Never by position.
pub(crate) fn variants<'a>(
    old: &'a [UnionVariant],
    new: &'a [UnionVariant],
) -> Vec<Matched<'a, UnionVariant>> {
    let mut taken = vec![false; old.len()];
    let pick = |found: Option<usize>, taken: &mut Vec<bool>| {
        let i = found?;
        (!std::mem::replace(&mut taken[i], true)).then_some(i)
    };
    let by_tag = |n: &UnionVariant, taken: &[bool]| {
        old.iter().enumerate().position(|(i, o)| {
            !taken[i] && !n.tags.is_empty() && o.tags.iter().any(|t| n.tags.contains(t))
        })
    };
    let by_name = |n: &UnionVariant, taken: &[bool]| {
        old.iter()
            .enumerate()
            .position(|(i, o)| !taken[i] && o.name == n.name)
    };
    let mut matches: Vec<Option<usize>> = vec![None; new.len()];
    for (k, n) in new.iter().enumerate() {
        matches[k] = pick(by_tag(n, &taken), &mut taken);
    }
    for (k, n) in new.iter().enumerate() {
        if matches[k].is_none() {
            matches[k] = pick(by_name(n, &taken), &mut taken);
        }
    }
    // The kind of value a variant accepts, when it is the only one of its kind.
    let kind = |v: &UnionVariant| format!("{:?}", std::mem::discriminant(&v.accepts));
    for (k, n) in new.iter().enumerate() {
        if matches[k].is_some() {
            continue;
        }
        let same: Vec<usize> = (0..old.len())
            .filter(|&i| !taken[i] && kind(&old[i]) == kind(n))
            .collect();
        let unmatched_new = new
            .iter()
            .enumerate()
            .filter(|(j, v)| matches[*j].is_none() && kind(v) == kind(n))
            .count();
        if let ([i], 1) = (same.as_slice(), unmatched_new) {
            taken[*i] = true;
            matches[k] = Some(*i);
        }
    }
    let mut out: Vec<Matched<UnionVariant>> = new
        .iter()
        .zip(&matches)
        .map(|(n, m)| match m {
            Some(i) => Matched::Both(&old[*i], n),
            None => Matched::Added(n),
        })
        .collect();
    out.extend(
        old.iter()
            .enumerate()
            .filter(|(i, _)| !taken[*i])
            .map(|(_, o)| Matched::Removed(o)),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_ignore_parameter_names() {
        assert_eq!(route_key("/a/{id}/b/{x_y}"), "/a/{}/b/{}");
        assert_eq!(route_key("/a"), "/a");
        assert_eq!(route_key("/a/{unclosed"), "/a/{}");
    }

    #[test]
    fn lists_match_by_key() {
        let old = [1, 2, 3];
        let new = [3, 4, 1];
        let got: Vec<String> = by_key(&old, &new, |x| *x)
            .into_iter()
            .map(|m| match m {
                Matched::Both(a, b) => format!("={a}{b}"),
                Matched::Added(b) => format!("+{b}"),
                Matched::Removed(a) => format!("-{a}"),
            })
            .collect();
        assert_eq!(got, ["=33", "+4", "=11", "-2"]);
    }
}
