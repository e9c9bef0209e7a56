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

use generator::ir::{Api, Direction, Operation, Param, ParamLocation, TypeKind, TypeRef};

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
    by_keys(old, new, &key, &key)
}

/// [`by_key`], with the key of an old and of a new element worked out
/// differently (it may depend on the side).
pub(crate) fn by_keys<'a, T, K: Ord>(
    old: &'a [T],
    new: &'a [T],
    old_key: impl Fn(&T) -> K,
    new_key: impl Fn(&T) -> K,
) -> Vec<Matched<'a, T>> {
    let old_by_key: BTreeMap<K, &T> = old.iter().map(|o| (old_key(o), o)).collect();
    let new_keys: BTreeSet<K> = new.iter().map(&new_key).collect();
    let mut out: Vec<Matched<T>> = new
        .iter()
        .map(|n| match old_by_key.get(&new_key(n)) {
            Some(&o) => Matched::Both(o, n),
            None => Matched::Added(n),
        })
        .collect();
    out.extend(
        old.iter()
            .filter(|o| !new_keys.contains(&old_key(o)))
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
    /// (new operation index, direction) → pairs reached directly.
    roots: BTreeMap<(usize, Direction), BTreeSet<usize>>,
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
            roots: BTreeMap::new(),
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
        let (o, n) = (self.old.resolve(o), self.new.resolve(n));
        match (o, n) {
            (TypeRef::Named(a), TypeRef::Named(b)) => {
                let (ca, cb) = (category(self.old, a), category(self.new, b));
                if ca != cb || (ca == Category::Missing && a != b) {
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

    /// Records the pairs `found` while comparing operation `op`'s types.
    pub(crate) fn root(&mut self, op: usize, direction: Direction, found: Found) {
        for (a, b) in found {
            if let Some(index) = self.pair(a, b) {
                self.roots.entry((op, direction)).or_default().insert(index);
            }
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

    /// For each pair: the (new operation, direction)s that reach it.
    pub(crate) fn uses(&self) -> Vec<BTreeSet<(usize, Direction)>> {
        let mut uses = vec![BTreeSet::new(); self.pairs.len()];
        for (&(op, direction), starts) in &self.roots {
            let mut seen = vec![false; self.pairs.len()];
            let mut stack: Vec<usize> = starts.iter().copied().collect();
            while let Some(index) = stack.pop() {
                if std::mem::replace(&mut seen[index], true) {
                    continue;
                }
                uses[index].insert((op, direction));
                stack.extend(self.pairs[index].children.iter().copied());
            }
        }
        uses
    }
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
