//! The types of two APIs compared, pair by pair ([`TypePairs`]): the pairs
//! met from matched operations, then types both crates have by name, then
//! renames; each pair's fields, enum values, union variants or alias target,
//! and the pairs met inside them. What is left unpaired is removed or added.

use generator::ir::{
    Direction, Field, TypeDef, TypeKind, TypeRef, UnionTag, UnionVariant, Variant,
};
use generator::items::member_path;
use generator::rust::{self, Paths};

use super::change::{change, short, Change, Subject, Use};
use super::kinds::Kind;
use super::matching::{self, by_key, Found, Matched, TypePairs};
use super::wording as say;

/// The type changes, sorted by type name: every pair compared, then the
/// types left over (renamed when one old and one new type have the same
/// shape, else removed or added).
pub(crate) fn compare(pairs: &mut TypePairs<'_>) -> Vec<Change> {
    let mut t = Types { pairs };
    let mut per_pair: Vec<Vec<Change>> = Vec::new();
    t.drain(&mut per_pair);
    let (old, new) = (t.pairs.old, t.pairs.new);
    let common: Vec<String> = old
        .types
        .iter()
        .filter(|d| new.type_def(&d.name).is_some())
        .map(|d| d.name.clone())
        .collect();
    for name in common {
        t.pairs.pair(name.clone(), name);
    }
    t.drain(&mut per_pair);
    let (removed, added) = t.pairs.unpaired();
    for (old_name, new_name) in matching::renamed(old, new, &removed, &added) {
        t.pairs.pair(old_name, new_name);
    }
    t.drain(&mut per_pair);
    t.report(per_pair)
}

/// Placeholder subject of a type's changes, until [`Types::report`] names
/// the type.
const PLACEHOLDER: Subject = Subject::Client;

struct Types<'p, 'a> {
    pairs: &'p mut TypePairs<'a>,
}

impl Types<'_, '_> {
    /// Compares the queued pairs; `per_pair[i]` gets pair `i`'s changes.
    fn drain(&mut self, per_pair: &mut Vec<Vec<Change>>) {
        while let Some(index) = self.pairs.next() {
            let (changes, found) = self.compare_pair(index);
            self.pairs.children(index, found);
            if per_pair.len() <= index {
                per_pair.resize_with(index + 1, Vec::new);
            }
            per_pair[index] = changes;
        }
        per_pair.resize_with(self.pairs.pairs.len(), Vec::new);
    }

    /// The changes of every pair with their subject, then the removed and
    /// added types, sorted by type name.
    fn report(&self, mut per_pair: Vec<Vec<Change>>) -> Vec<Change> {
        let (removed, added) = self.pairs.unpaired();
        let mut order: Vec<usize> = (0..per_pair.len())
            .filter(|&i| !per_pair[i].is_empty())
            .collect();
        order.sort_by(|&a, &b| {
            let (a, b) = (&self.pairs.pairs[a], &self.pairs.pairs[b]);
            (&a.new, &a.old).cmp(&(&b.new, &b.old))
        });
        let mut out: Vec<(String, Change)> = Vec::new();
        for index in order {
            let pair = &self.pairs.pairs[index];
            let subject = self.subject(&pair.new, Some(&pair.old));
            for mut c in std::mem::take(&mut per_pair[index]) {
                c.subject = subject.clone();
                out.push((pair.new.clone(), c));
            }
        }
        for name in &removed {
            let subject = Subject::Type {
                name: name.clone(),
                old_name: None,
                used_by: Vec::new(),
            };
            let c = change(
                Kind::TypeRemoved,
                &subject,
                name.clone(),
                (Some(name.clone()), None),
                say::type_removed(name),
            );
            out.push((name.clone(), c));
        }
        for name in &added {
            let c = change(
                Kind::TypeAdded,
                &self.subject(name, None),
                name.clone(),
                (None, Some(name.clone())),
                say::type_added(name),
            );
            out.push((name.clone(), c));
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out.into_iter().map(|(_, c)| c).collect()
    }

    /// A type as the subject of changes: its name (and old name), and the
    /// operations of the new crate that use it (from the IR).
    fn subject(&self, name: &str, old_name: Option<&str>) -> Subject {
        let new = self.pairs.new;
        let used_by = new
            .type_def(name)
            .map(|t| {
                t.uses
                    .iter()
                    .filter_map(|u| {
                        Some(Use {
                            call: new.operations.get(u.operation)?.call.path(),
                            direction: u.direction,
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        Subject::Type {
            name: name.to_owned(),
            old_name: old_name.filter(|o| *o != name).map(str::to_owned),
            used_by,
        }
    }

    /// The changes inside one pair (their subject filled in by
    /// [`Self::report`]), and the pairs met inside it.
    fn compare_pair(&self, index: usize) -> (Vec<Change>, Found) {
        let pair = &self.pairs.pairs[index];
        let mut found = Found::new();
        let mut changes = Vec::new();
        let (Some(o), Some(n)) = (
            self.pairs.old.type_def(&pair.old),
            self.pairs.new.type_def(&pair.new),
        ) else {
            return (changes, found);
        };
        if pair.old != pair.new {
            changes.push(change(
                Kind::TypeRenamed,
                &PLACEHOLDER,
                pair.old.clone(),
                (Some(pair.old.clone()), Some(pair.new.clone())),
                say::type_renamed(&pair.old, &pair.new),
            ));
        }
        self.definitions(o, n, &mut found, &mut changes);
        (changes, found)
    }

    /// Two definitions of a pair, member by member when they are of the
    /// same kind. Removed members are named in the old crate, the rest in
    /// the new one.
    fn definitions(&self, o: &TypeDef, n: &TypeDef, found: &mut Found, changes: &mut Vec<Change>) {
        let ty = (o.name.as_str(), n.name.as_str());
        match (&o.kind, &n.kind) {
            (
                TypeKind::Struct {
                    fields: of,
                    additional: oa,
                    defaultable: od,
                },
                TypeKind::Struct {
                    fields: nf,
                    additional: na,
                    defaultable: nd,
                },
            ) => {
                self.fields(ty, of, nf, found, changes);
                let (oa, na) = (oa.as_ref().map(|a| &a.ty), na.as_ref().map(|a| &a.ty));
                self.additional(ty, oa, na, found, changes);
                changes.extend(default_change(&n.name, *od, *nd));
            }
            (
                TypeKind::Enum {
                    variants: ov,
                    repr: or,
                    open: oo,
                },
                TypeKind::Enum {
                    variants: nv,
                    repr: nr,
                    open: no,
                },
            ) if or == nr && oo == no => {
                let decoded = n.uses.iter().any(|u| u.direction == Direction::Response);
                enum_values(ty, ov, nv, decoded, changes);
            }
            (
                TypeKind::Union {
                    variants: ov,
                    tag: ot,
                },
                TypeKind::Union {
                    variants: nv,
                    tag: nt,
                },
            ) => {
                self.union_variants(ty, ov, nv, found, changes);
                changes.extend(union_tag_change(ty, ot.as_ref(), nt.as_ref()));
            }
            (TypeKind::Alias { target: a }, TypeKind::Alias { target: b }) => {
                let mut inner = Found::new();
                if self.pairs.same_shape(a, b, &mut inner) {
                    found.extend(inner);
                } else {
                    let (x, y) = (short(a), short(b));
                    changes.push(change(
                        Kind::AliasChanged,
                        &PLACEHOLDER,
                        n.name.clone(),
                        (Some(x.clone()), Some(y.clone())),
                        say::alias_changed(&n.name, &x, &y),
                    ));
                }
            }
            (a, b) => {
                let (x, y) = (say::kind_word(a), say::kind_word(b));
                changes.push(change(
                    Kind::TypeKindChanged,
                    &PLACEHOLDER,
                    n.name.clone(),
                    (Some(x.into()), Some(y.into())),
                    say::type_kind_changed(&n.name, x, y),
                ));
            }
        }
    }

    fn fields(
        &self,
        (old_ty, ty): (&str, &str),
        old: &[Field],
        new: &[Field],
        found: &mut Found,
        changes: &mut Vec<Change>,
    ) {
        for m in by_key(old, new, |f| f.wire.clone()) {
            match m {
                Matched::Added(nf) => {
                    let item = member_path(ty, &nf.name);
                    let t = rust::field(nf, Paths::Short);
                    let kind = if nf.optional {
                        Kind::OptionalFieldAdded
                    } else {
                        Kind::RequiredFieldAdded
                    };
                    let had_new = old.iter().any(Field::in_constructor);
                    let message = say::field_added(!nf.optional, had_new, &item, &t, ty);
                    changes.push(change(kind, &PLACEHOLDER, item, (None, Some(t)), message));
                }
                Matched::Removed(of) => {
                    let item = member_path(old_ty, &of.name);
                    let t = rust::field(of, Paths::Short);
                    let message = say::removed("field", &item, &t);
                    changes.push(change(
                        Kind::FieldRemoved,
                        &PLACEHOLDER,
                        item,
                        (Some(t), None),
                        message,
                    ));
                }
                Matched::Both(of, nf) => {
                    changes.extend(self.field(ty, of, nf, found));
                }
            }
        }
    }

    /// A matched field: renamed in Rust, retyped, optional ↔ required, or
    /// listed as required or not.
    fn field(&self, ty: &str, of: &Field, nf: &Field, found: &mut Found) -> Vec<Change> {
        let item = member_path(ty, &nf.name);
        let mut out = Vec::new();
        if of.name != nf.name {
            let message = say::field_renamed(&nf.wire, &item, &member_path(ty, &of.name));
            out.push(change(
                Kind::FieldRenamed,
                &PLACEHOLDER,
                item.clone(),
                (Some(of.name.clone()), Some(nf.name.clone())),
                message,
            ));
        }
        let (a, b) = (rust::field(of, Paths::Short), rust::field(nf, Paths::Short));
        let mut inner = Found::new();
        let same_inner = self.pairs.same_shape(&of.ty, &nf.ty, &mut inner) && of.boxed == nf.boxed;
        if same_inner {
            found.extend(inner);
        }
        let (kind, message) = if !same_inner {
            (Kind::FieldTypeChanged, say::retyped(&item, &a, &b))
        } else if of.optional != nf.optional {
            let kind = if nf.optional {
                Kind::FieldNowOptional
            } else {
                Kind::FieldNowRequired
            };
            let now = (nf.optional, nf.required);
            (kind, say::field_optionality(&item, now, &a, &b))
        } else if of.three_state != nf.three_state {
            // `Option<T>` ↔ `Nullable<T>`: absent and null now told apart (or
            // no longer), another Rust type like any other retyping.
            (Kind::FieldTypeChanged, say::retyped(&item, &a, &b))
        } else if of.required != nf.required && nf.optional {
            (
                Kind::FieldNullHandling,
                say::null_handling(&item, nf.required),
            )
        } else {
            return out;
        };
        out.push(change(
            kind,
            &PLACEHOLDER,
            item,
            (Some(a), Some(b)),
            message,
        ));
        out
    }

    fn additional(
        &self,
        (old_ty, ty): (&str, &str),
        old: Option<&TypeRef>,
        new: Option<&TypeRef>,
        found: &mut Found,
        changes: &mut Vec<Change>,
    ) {
        let item = member_path(ty, "additional_properties");
        let old_item = member_path(old_ty, "additional_properties");
        let map = |t: &TypeRef| short(&TypeRef::Map(Box::new(t.clone())));
        let (kind, old_new, message) = match (old, new) {
            (None, None) => return,
            (None, Some(t)) => (
                Kind::AdditionalPropertiesAdded,
                (None, Some(map(t))),
                say::additional_added(&item, &map(t)),
            ),
            (Some(t), None) => (
                Kind::AdditionalPropertiesRemoved,
                (Some(map(t)), None),
                say::removed("field", &item, &map(t)),
            ),
            (Some(a), Some(b)) => {
                let mut inner = Found::new();
                if self.pairs.same_shape(a, b, &mut inner) {
                    found.extend(inner);
                    return;
                }
                (
                    Kind::AdditionalPropertiesTypeChanged,
                    (Some(map(a)), Some(map(b))),
                    say::retyped(&item, &map(a), &map(b)),
                )
            }
        };
        let item = if kind == Kind::AdditionalPropertiesRemoved {
            old_item
        } else {
            item
        };
        changes.push(change(kind, &PLACEHOLDER, item, old_new, message));
    }

    fn union_variants(
        &self,
        (old_ty, ty): (&str, &str),
        old: &[UnionVariant],
        new: &[UnionVariant],
        found: &mut Found,
        changes: &mut Vec<Change>,
    ) {
        for m in matching::variants(old, new) {
            match m {
                Matched::Added(nv) => changes.push(change(
                    Kind::UnionVariantAdded,
                    &PLACEHOLDER,
                    member_path(ty, &nv.name),
                    (None, Some(short(&nv.ty))),
                    say::variant_added(ty, &nv.name, &short(&nv.ty)),
                )),
                Matched::Removed(ov) => changes.push(change(
                    Kind::UnionVariantRemoved,
                    &PLACEHOLDER,
                    member_path(old_ty, &ov.name),
                    (Some(short(&ov.ty)), None),
                    say::variant_removed(old_ty, &ov.name, &short(&ov.ty)),
                )),
                Matched::Both(ov, nv) => {
                    let mut inner = Found::new();
                    if self.pairs.same_shape(&ov.ty, &nv.ty, &mut inner) {
                        found.extend(inner);
                    } else {
                        let item = member_path(ty, &nv.name);
                        let (a, b) = (short(&ov.ty), short(&nv.ty));
                        let message = say::retyped(&item, &a, &b);
                        changes.push(change(
                            Kind::UnionVariantTypeChanged,
                            &PLACEHOLDER,
                            item,
                            (Some(a), Some(b)),
                            message,
                        ));
                    }
                }
            }
        }
    }
}

/// A struct that gained or lost `Default`.
fn default_change(name: &str, old: bool, new: bool) -> Option<Change> {
    if old == new {
        return None;
    }
    let kind = if new {
        Kind::DefaultAdded
    } else {
        Kind::DefaultRemoved
    };
    Some(change(
        kind,
        &PLACEHOLDER,
        name.to_owned(),
        (None, None),
        say::default_impl(name, new),
    ))
}

/// A union that became tagged (it gains `Unknown(Value)`) or untagged (it
/// loses it).
fn union_tag_change(
    (old, new): (&str, &str),
    old_tag: Option<&UnionTag>,
    new_tag: Option<&UnionTag>,
) -> Option<Change> {
    let item = member_path(new, "Unknown");
    let value = Some("Value".to_owned());
    let (kind, old_new, message) = match (old_tag, new_tag) {
        (Some(_), None) => (
            Kind::UnionVariantRemoved,
            (value, None),
            say::union_untagged(old, new),
        ),
        (None, Some(tag)) => (
            Kind::UnionVariantAdded,
            (None, value),
            say::union_tagged(new, &tag.property),
        ),
        _ => return None,
    };
    Some(change(kind, &PLACEHOLDER, item, old_new, message))
}

/// Enum values by wire value; `decoded`: responses carry the enum.
fn enum_values(
    (old_ty, ty): (&str, &str),
    old: &[Variant],
    new: &[Variant],
    decoded: bool,
    changes: &mut Vec<Change>,
) {
    for m in by_key(old, new, |v| v.wire.clone()) {
        match m {
            Matched::Added(nv) => {
                let item = member_path(ty, &nv.name);
                let message = say::enum_value_added(&nv.wire, &item, ty, decoded);
                changes.push(change(
                    Kind::EnumValueAdded,
                    &PLACEHOLDER,
                    item,
                    (None, Some(nv.wire.clone())),
                    message,
                ));
            }
            Matched::Removed(ov) => {
                let item = member_path(old_ty, &ov.name);
                let message = say::enum_value_removed(&ov.wire, &item);
                changes.push(change(
                    Kind::EnumValueRemoved,
                    &PLACEHOLDER,
                    item,
                    (Some(ov.wire.clone()), None),
                    message,
                ));
            }
            Matched::Both(ov, nv) if ov.name != nv.name => {
                let item = member_path(ty, &nv.name);
                let message = say::enum_value_renamed(&nv.wire, &item, &member_path(ty, &ov.name));
                changes.push(change(
                    Kind::EnumVariantRenamed,
                    &PLACEHOLDER,
                    item,
                    (Some(ov.name.clone()), Some(nv.name.clone())),
                    message,
                ));
            }
            Matched::Both(..) => {}
        }
    }
}
