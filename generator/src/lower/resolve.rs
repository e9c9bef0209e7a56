//! Following `$ref`s inside the document: the one place that knows where
//! each kind of component lives. References are local (`#/components/…`);
//! a chain of references is followed a bounded number of steps.

use openapiv3::{Components, OpenAPI, ReferenceOr};

/// Reference chains longer than this are cut (only a cycle gets there).
const MAX_CHAIN: usize = 16;

/// A kind of component that may be referenced: where its map is.
pub trait Component: Sized {
    /// `#/components/schemas/`, …
    const PREFIX: &'static str;
    fn map(c: &Components) -> &indexmap::IndexMap<String, ReferenceOr<Self>>;
}

macro_rules! component {
    ($ty:ty, $prefix:literal, $field:ident) => {
        impl Component for $ty {
            const PREFIX: &'static str = $prefix;
            fn map(c: &Components) -> &indexmap::IndexMap<String, ReferenceOr<Self>> {
                &c.$field
            }
        }
    };
}

component!(openapiv3::Schema, "#/components/schemas/", schemas);
component!(openapiv3::Parameter, "#/components/parameters/", parameters);
component!(
    openapiv3::RequestBody,
    "#/components/requestBodies/",
    request_bodies
);
component!(openapiv3::Response, "#/components/responses/", responses);
component!(openapiv3::Example, "#/components/examples/", examples);
component!(
    openapiv3::SecurityScheme,
    "#/components/securitySchemes/",
    security_schemes
);

/// The component a reference names, following further references; `None`
/// when it names nothing.
pub fn resolve<'a, T: Component>(doc: &'a OpenAPI, item: &'a ReferenceOr<T>) -> Option<&'a T> {
    let mut cur = item;
    for _ in 0..MAX_CHAIN {
        match cur {
            ReferenceOr::Item(item) => return Some(item),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix(T::PREFIX)?;
                cur = T::map(doc.components.as_ref()?).get(name)?;
            }
        }
    }
    None
}

/// A boxed schema reference as a plain one.
pub fn unbox(s: &ReferenceOr<Box<openapiv3::Schema>>) -> ReferenceOr<openapiv3::Schema> {
    match s {
        ReferenceOr::Reference { reference } => ReferenceOr::Reference {
            reference: reference.clone(),
        },
        ReferenceOr::Item(b) => ReferenceOr::Item((**b).clone()),
    }
}
