//! The generator's own intermediate representation.
//!
//! Lowering (`lower`) produces it from an `openapiv3` document; the emitter
//! (`emit`) and the templates (`render`) read only this. Every name in it is
//! final: the emitter never invents or changes a name. Everything is in a
//! deterministic order (types sorted by name, operations in document order).

use serde::Serialize;

/// A whole API, ready to emit.
#[derive(Debug, Clone, Serialize)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// The first usable server URL, if any.
    pub base_url: Option<String>,
    pub auth: Auth,
    /// Named types, sorted by name.
    pub types: Vec<TypeDef>,
    /// Operation groups (one per tag, plus the untagged group), in tag order.
    pub groups: Vec<Group>,
    pub operations: Vec<Operation>,
}

/// How requests authenticate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Auth {
    None,
    Bearer,
    Basic,
    ApiKeyHeader { name: String },
    ApiKeyQuery { name: String },
}

#[derive(Debug, Clone, Serialize)]
pub struct TypeDef {
    pub name: String,
    pub doc: Option<String>,
    pub kind: TypeKind,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeKind {
    /// A struct with named fields; `additional` collects unknown keys when the
    /// schema allows them with a known value type.
    Struct {
        fields: Vec<Field>,
        additional: Option<TypeRef>,
    },
    /// A string enum; always has an extra `Unknown(String)` variant so new
    /// server values never break decoding.
    Enum { variants: Vec<Variant> },
    /// One of several shapes, tried in order (`oneOf` / `anyOf`).
    Union { variants: Vec<UnionVariant> },
    /// A named alias for another type (a component schema that is not an object).
    Alias { target: TypeRef },
}

#[derive(Debug, Clone, Serialize)]
pub struct Field {
    pub name: String,
    pub wire: String,
    pub ty: TypeRef,
    /// `Option<_>`: absent (or null) is allowed.
    pub optional: bool,
    /// Listed in the schema's `required`: serialized even when `None` (as null).
    pub required: bool,
    /// Box the type (recursive types).
    pub boxed: bool,
    pub doc: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Variant {
    pub name: String,
    pub wire: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnionVariant {
    pub name: String,
    pub ty: TypeRef,
}

/// A reference to a type, as a field, parameter or body uses it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum TypeRef {
    String,
    Integer,
    Number,
    Boolean,
    /// Anything: the spec says nothing usable.
    Any,
    /// Raw bytes (`format: binary`).
    Bytes,
    Array(Box<TypeRef>),
    Map(Box<TypeRef>),
    Named(String),
    /// Nullable inside a collection (`Vec<Option<T>>`).
    Nullable(Box<TypeRef>),
}

#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// The tag as written in the spec (empty for untagged operations).
    pub tag: String,
    pub description: Option<String>,
    /// Accessor on the client (`smart_link_postbacks`); empty for the root group.
    pub accessor: String,
    /// The group's struct name (`SmartLinkPostbacks`); empty for the root group.
    pub type_name: String,
    /// Indexes into `Api::operations`.
    pub operations: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    /// The operationId as written, or the one derived when it was missing.
    pub id: String,
    /// Operation struct name (`UpdateSmartLinkPostback`).
    pub type_name: String,
    /// Method on its group (`update`).
    pub method_name: String,
    /// Index into `Api::groups`.
    pub group: usize,
    pub method: Method,
    /// Path template as in the spec (`/api/{account}/smart-links`).
    pub path: String,
    /// The path split into literal text and parameter references.
    pub path_parts: Vec<PathPart>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub response: Response,
    /// Documented non-success statuses.
    pub errors: Vec<ErrorResponse>,
    /// The operation can be paged (a `_pagination`/`next_page` envelope).
    pub paginated: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum PathPart {
    Literal(String),
    /// Index into `Operation::params`.
    Param(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

impl ParamLocation {
    /// `path`, `query`, `header` or `cookie`, as OpenAPI's `in` says.
    pub fn as_str(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QueryStyle {
    /// `name=a&name=b` (OpenAPI's default `form` + `explode`).
    FormExploded,
    /// `name=a,b`.
    FormCsv,
    /// `name[key]=value`.
    DeepObject,
}

#[derive(Debug, Clone, Serialize)]
pub struct Param {
    /// Name on the wire (`filter[status]`).
    pub wire: String,
    /// Rust name (`filter_status`).
    pub name: String,
    pub location: ParamLocation,
    pub ty: TypeRef,
    pub required: bool,
    pub style: QueryStyle,
    pub description: Option<String>,
    pub example: Option<serde_json::Value>,
    pub deprecated: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Body {
    pub media: BodyMedia,
    pub ty: TypeRef,
    pub required: bool,
    pub description: Option<String>,
    /// Documented examples of the body (for docs and round-trip tests).
    pub examples: Vec<Example>,
}

/// A documented example, with the reason it contradicts its own schema (if it does).
#[derive(Debug, Clone, Serialize)]
pub struct Example {
    pub value: serde_json::Value,
    /// `Some(why)` when the spec's example disagrees with the spec's schema;
    /// such an example is not expected to decode.
    pub contradiction: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyMedia {
    Json,
    Form,
    Multipart,
    Text,
    Bytes,
}

#[derive(Debug, Clone, Serialize)]
pub struct Response {
    pub status: Option<u16>,
    pub description: Option<String>,
    pub kind: ResponseKind,
    /// The Rust type the caller receives.
    pub ty: TypeRef,
    /// Documented examples of the whole body, for docs and round-trip tests.
    pub examples: Vec<Example>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseKind {
    /// JSON decoded into `ty`.
    Json,
    /// JSON `{ data, _meta, … }`: `data` decoded into `ty`, the rest kept as metadata.
    Envelope,
    /// No body (or none documented): `()`.
    Empty,
    /// Text body: `String`.
    Text,
    /// Binary body: bytes.
    Bytes,
}

#[derive(Debug, Clone, Serialize)]
pub struct ErrorResponse {
    /// `None` for `default`; `4XX`-style ranges keep their first digit × 100.
    pub status: Option<u16>,
    pub range: bool,
    pub description: Option<String>,
    /// The type of the documented error body, when the spec gives one.
    pub ty: Option<TypeRef>,
    /// Documented examples of the error body.
    pub examples: Vec<Example>,
}
