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
    /// The client crate's name (`onlyfans-api`).
    pub crate_name: String,
    pub version: String,
    pub description: Option<String>,
    /// The first usable server URL, if any. Without one, the base URL is an
    /// argument of `Client::builder` (and `Client::new`).
    pub base_url: Option<String>,
    /// The environment variable `Client::from_env` reads the base URL from
    /// (`ONLYFANS_API_BASE_URL`).
    pub base_url_env: String,
    /// How requests authenticate: the schemes, their credentials and
    /// variables, the default requirement.
    pub auth: Auth,
    /// `Client::new`, when the client can be made from at most one secret
    /// (and the base URL, when the spec names no server).
    pub constructor: Option<Constructor>,
    /// Named types, sorted by name (the type lookup relies on it).
    pub types: Vec<TypeDef>,
    /// Operation groups (one per tag, plus the untagged group), in tag order.
    pub groups: Vec<Group>,
    pub operations: Vec<Operation>,
    /// What the API has beyond operations and types, detected from the spec
    /// or configured ([`crate::profile`]): what its docs, its runtime data
    /// and its mock describe.
    pub conventions: Conventions,
}

/// The conventions of one API: decided in lowering, printed by the emitter
/// (the runtime's `ApiConventions`), the templates and the mock.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Conventions {
    /// Some operation answers in the `{data, _meta, …}` envelope.
    pub envelope: bool,
    /// Some operation pages (`_pagination.next_page`, or `limit` + `offset`).
    pub pagination: bool,
    /// Some operation takes a multipart body (files).
    pub uploads: bool,
    /// The response headers that carry metadata (credits, cache, rate
    /// limits), configured: `None` when the API has none.
    pub metadata: Option<MetadataHeaders>,
    /// Webhook deliveries are signed: the header that carries the
    /// signature (configured).
    pub webhook_signature: Option<String>,
    /// The shape the mock writes validation errors (and its own refusals)
    /// in where an operation documents none: configured, else the shape
    /// most operations document, else a neutral one.
    pub validation: ErrorShape,
    /// Where `validation` came from.
    pub validation_source: ShapeSource,
}

/// Where an API-wide error shape was decided.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ShapeSource {
    /// The SDK profile names it.
    Configured,
    /// The spec documents it for some operation.
    Documented,
    /// Nothing says: a neutral shape.
    #[default]
    Neutral,
}

/// The response headers an API reports metadata in; each `None` when the
/// API has no such header.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MetadataHeaders {
    /// Credits the request used.
    pub credits_used: Option<String>,
    /// Credits left on the account.
    pub credits_balance: Option<String>,
    /// Whether the answer came from a cache (`true`/`false`).
    pub cached: Option<String>,
    /// Requests allowed per minute.
    pub rate_limit_limit: Option<String>,
    /// Requests left this minute (0 on a 429: wait for the next minute).
    pub rate_limit_remaining: Option<String>,
}

/// How an error body says what went wrong: which property is the message,
/// which holds the errors by field and in what form. Decided per documented
/// error schema in lowering, handed to the runtime as data.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ErrorShape {
    /// RFC 9457 problem details (`type`, `title`, `status`, `detail`,
    /// `instance`), written as `application/problem+json`.
    pub problem: bool,
    /// The properties that may hold the message, in order (wire names).
    pub message: Vec<String>,
    /// Where the errors by field are, if the body has them.
    pub fields: Option<FieldErrors>,
}

/// The errors by field of an error body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "form", rename_all = "snake_case")]
pub enum FieldErrors {
    /// `{property: {field: [message, …]}}` (Laravel's `errors`).
    Map { property: String },
    /// `{property: [{field_key: …, message_key: …}, …]}`: problem+json's
    /// `errors: [{location, message}]`, GitHub's `errors: [{field, code,
    /// message}]`, FastAPI's `detail: [{loc, msg}]`.
    List {
        property: String,
        field: String,
        message: String,
    },
}

/// How a caller reads an operation's documented error body: the type of
/// `Error::documented()` on what the call returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ErrorAccess {
    /// No error body is documented (`runtime::Untyped`: no `documented()`).
    None,
    /// Every documented error body is this type.
    Single { ty: TypeRef },
    /// Bodies differ by status: an enum in `crate::errors`, a variant per
    /// documented status.
    ByStatus {
        name: String,
        variants: Vec<ErrorVariant>,
    },
}

/// One variant of an operation's error enum: the status it is read at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorVariant {
    pub name: String,
    /// `None` for `default`; a range keeps its first digit × 100.
    pub status: Option<u16>,
    pub range: bool,
    pub ty: TypeRef,
}

/// Cargo features every generated crate has besides one per group.
pub const FULL_FEATURE: &str = "full";
/// The feature of operations without a tag.
pub const UNTAGGED_FEATURE: &str = "untagged";
/// The feature that compiles the typed mock of the API (`testing::MockServer`
/// and its stubs), off by default: without it the crate builds as if the
/// mock did not exist (its dependency, wiremock, is optional).
pub const TESTING_FEATURE: &str = "testing";
/// The feature that adds conversions between the date and time types
/// (`DateTime`, `Date`, `Time`) and the `time` crate's, off by default.
pub const TIME_FEATURE: &str = "time";

/// Alias chains longer than this are cut (only a cyclic alias gets there).
const MAX_ALIAS_CHAIN: usize = 64;

/// The position of a named type in a list sorted by name: the one type lookup.
pub fn type_index(types: &[TypeDef], name: &str) -> Option<usize> {
    types.binary_search_by(|t| t.name.as_str().cmp(name)).ok()
}

/// The kind of the type `ty` names, if it names one.
pub fn kind_of<'a>(types: &'a [TypeDef], ty: &TypeRef) -> Option<&'a TypeKind> {
    match ty {
        TypeRef::Named(n) => type_index(types, n).map(|i| &types[i].kind),
        _ => None,
    }
}

/// `ty` with aliases followed to what they stand for: the one alias resolution.
pub fn resolve<'a>(types: &'a [TypeDef], mut ty: &'a TypeRef) -> &'a TypeRef {
    for _ in 0..MAX_ALIAS_CHAIN {
        match kind_of(types, ty) {
            Some(TypeKind::Alias { target }) => ty = target,
            _ => break,
        }
    }
    ty
}

impl Api {
    /// The definition of a named type.
    pub fn type_def(&self, name: &str) -> Option<&TypeDef> {
        type_index(&self.types, name).map(|i| &self.types[i])
    }

    /// The kind of the type `ty` names, if it names one.
    pub fn kind_of(&self, ty: &TypeRef) -> Option<&TypeKind> {
        kind_of(&self.types, ty)
    }

    /// `ty` with aliases followed.
    pub fn resolve<'a>(&'a self, ty: &'a TypeRef) -> &'a TypeRef {
        resolve(&self.types, ty)
    }
}

/// How requests authenticate, decided from the spec's `securitySchemes`
/// and `security`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Auth {
    /// The schemes some requirement names, in the order the spec defines
    /// them (schemes named but not defined last). No scheme: no operation
    /// needs credentials.
    pub schemes: Vec<Scheme>,
    /// The spec's global `security`: what an operation that states none requires.
    pub default: Security,
    /// Some operation cannot be called without credentials (a requirement
    /// with alternatives, none of them empty): `Client::from_env` then
    /// fails when the environment holds none.
    pub required: bool,
}

/// A security scheme (`components/securitySchemes/{name}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scheme {
    /// Its name in the spec.
    pub name: String,
    /// The constant describing it in generated code (`API_KEY`).
    pub const_name: String,
    pub description: Option<String>,
    pub kind: SchemeKind,
    /// Named by a requirement, defined nowhere: read as a bearer token.
    pub undefined: bool,
    /// The spec deprecates it (OpenAPI 3.2): a requirement's alternatives
    /// that need it come after those that do not.
    pub deprecated: bool,
    /// The client builder's methods that set its credential.
    pub setters: Vec<CredentialSetter>,
    /// Where `Client::from_env` reads its credential.
    pub env: SchemeEnv,
}

/// How a scheme's credential travels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SchemeKind {
    /// HTTP bearer (`bearerFormat`, when given, says what the token is).
    Bearer {
        format: Option<String>,
    },
    Basic,
    /// Another HTTP scheme, as the spec names it (`Digest`).
    Http {
        scheme: String,
    },
    ApiKey {
        location: KeyLocation,
        name: String,
    },
    /// OAuth2: a bearer access token; with a client credentials flow, the
    /// client can fetch it.
    OAuth2 {
        client_credentials: Option<TokenFlow>,
        /// The flows the spec declares (`authorizationCode`, …).
        flows: Vec<String>,
    },
    OpenIdConnect {
        url: String,
    },
}

impl SchemeKind {
    /// What the credential is and how it travels, in words (for docs).
    pub fn describe(&self) -> String {
        const BEARER: &str = "sent as `Authorization: Bearer <token>`";
        match self {
            SchemeKind::Bearer { format: None } => format!("a bearer token, {BEARER}"),
            SchemeKind::Bearer { format: Some(f) } => format!("a bearer token ({f}), {BEARER}"),
            SchemeKind::Basic => {
                "a user name and password, sent as `Authorization: Basic <base64 of user:password>`"
                    .into()
            }
            SchemeKind::Http { scheme } => format!(
                "credentials of the HTTP `{scheme}` scheme, sent as `Authorization: {scheme} <credentials>`"
            ),
            SchemeKind::ApiKey { location, name } => match location {
                KeyLocation::Header => format!("an API key, sent in the `{name}` header"),
                KeyLocation::Query => format!("an API key, sent as the `{name}` query parameter"),
                KeyLocation::Cookie => format!("an API key, sent as the `{name}` cookie"),
            },
            SchemeKind::OAuth2 {
                client_credentials: Some(flow),
                ..
            } => format!(
                "an OAuth2 access token, {BEARER}; with client credentials the client fetches it from `{}` and refreshes it before it expires",
                flow.token_url
            ),
            SchemeKind::OAuth2 { flows, .. } => format!(
                "an OAuth2 access token (flows: {}), {BEARER}",
                if flows.is_empty() { "none declared".to_string() } else { flows.join(", ") }
            ),
            SchemeKind::OpenIdConnect { url } => {
                format!("an OpenID Connect token (discovery: `{url}`), {BEARER}")
            }
        }
    }
}

impl EnvVar {
    /// `` `A` `` or `` `A` (or `B`) ``.
    pub fn describe(&self) -> String {
        if self.aliases.is_empty() {
            format!("`{}`", self.name)
        } else {
            let aliases: Vec<String> = self.aliases.iter().map(|a| format!("`{a}`")).collect();
            format!("`{}` (or {})", self.name, aliases.join(", "))
        }
    }
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyLocation {
    Header,
    Query,
    Cookie,
}

/// An OAuth2 client credentials flow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenFlow {
    pub token_url: String,
    /// The scopes it declares.
    pub scopes: Vec<String>,
}

/// A method of the client builder that sets a scheme's credential:
/// `.api_key(key)`, `.basic_auth(user, password)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CredentialSetter {
    pub name: String,
    pub takes: Takes,
}

/// What a credential setter takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Takes {
    /// One secret, the parameter so named (`key`, `token`).
    Secret { param: String },
    /// A user name and a password (HTTP basic).
    UserPassword,
    /// OAuth2 client credentials (`runtime::ClientCredentials`).
    ClientCredentials,
}

/// The environment variables of a scheme's credential, by part (a part
/// the scheme does not take is `None`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SchemeEnv {
    pub token: Option<EnvVar>,
    pub username: Option<EnvVar>,
    pub password: Option<EnvVar>,
    pub client_id: Option<EnvVar>,
    pub client_secret: Option<EnvVar>,
}

impl SchemeEnv {
    /// Every variable, in the order the parts are read.
    pub fn vars(&self) -> impl Iterator<Item = &EnvVar> {
        [
            &self.token,
            &self.username,
            &self.password,
            &self.client_id,
            &self.client_secret,
        ]
        .into_iter()
        .flatten()
    }

    /// Every variable, mutably (aliases are added after lowering).
    pub fn vars_mut(&mut self) -> impl Iterator<Item = &mut EnvVar> {
        [
            &mut self.token,
            &mut self.username,
            &mut self.password,
            &mut self.client_id,
            &mut self.client_secret,
        ]
        .into_iter()
        .flatten()
    }
}

/// An environment variable and the other names it is also read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnvVar {
    pub name: String,
    /// Read when `name` is not set, in order (`Options::env_aliases`).
    pub aliases: Vec<String>,
}

/// A security requirement: alternatives, any one of which suffices (OR),
/// each the schemes it needs together (AND). No alternative: no
/// authentication. An alternative needing nothing (optional
/// authentication) is put last, so credentials the client has are sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Security {
    pub alternatives: Vec<Vec<SchemeUse>>,
}

/// A scheme an alternative needs, with the OAuth2 scopes it asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SchemeUse {
    /// Index into `Auth::schemes`.
    pub scheme: usize,
    pub scopes: Vec<String>,
}

impl Security {
    /// No authentication.
    pub fn is_none(&self) -> bool {
        self.alternatives.is_empty()
    }

    /// In words, scheme names in backticks: `none`, `` `a` ``,
    /// `` `a` and `b`, or `c` ``, `` `a`, or none ``.
    pub fn describe(&self, schemes: &[Scheme]) -> String {
        if self.is_none() {
            return "none".into();
        }
        let alternatives: Vec<String> = self
            .alternatives
            .iter()
            .map(|alternative| {
                if alternative.is_empty() {
                    return "none".to_string();
                }
                let names: Vec<String> = alternative
                    .iter()
                    .map(|u| {
                        let name = format!("`{}`", schemes[u.scheme].name);
                        match u.scopes.as_slice() {
                            [] => name,
                            scopes => format!("{name} (scopes {})", scopes.join(", ")),
                        }
                    })
                    .collect();
                names.join(" and ")
            })
            .collect();
        alternatives.join(", or ")
    }
}

/// `Client::new(..)`: its arguments, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Constructor {
    pub args: Vec<ConstructorArg>,
}

/// An argument of `Client::new`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ConstructorArg {
    /// `base_url` (the spec names no server): `new` then returns a `Result`.
    BaseUrl,
    /// The one secret of the API's one scheme: passed to `setter`.
    Secret {
        scheme: usize,
        setter: String,
        param: String,
    },
}

#[derive(Debug, Clone, Serialize)]
pub struct TypeDef {
    pub name: String,
    pub doc: Option<String>,
    pub kind: TypeKind,
    /// Every operation that reaches this type (through its parameters, body,
    /// response or error bodies, directly or inside other types), and how;
    /// sorted by operation, then direction.
    pub uses: Vec<TypeUse>,
    /// The cargo features that compile it: those of the groups whose
    /// operations reach it, sorted. Empty: no operation reaches it (a
    /// webhook payload, say), and it is always compiled.
    pub features: Vec<String>,
}

impl TypeDef {
    /// Reached from a request (a parameter or the body): users build it.
    pub fn in_requests(&self) -> bool {
        self.uses.iter().any(|u| u.direction == Direction::Request)
    }
}

/// An operation that reaches a type, and in which direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct TypeUse {
    /// Index into `Api::operations`.
    pub operation: usize,
    pub direction: Direction,
}

/// Which way a value travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Sent: a parameter or a request body.
    Request,
    /// Received: a success or error response body.
    Response,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeKind {
    /// A struct with named fields. `additional` keeps the keys no field
    /// takes, in the struct's `additional_properties` map: OpenAPI objects
    /// are open, so every struct has it unless the schema says
    /// `additionalProperties: false` (`None`: those keys are skipped) or a
    /// flattened field (`Field::flatten`) reads them instead (`None` too:
    /// its union's variants keep what they do not declare).
    Struct {
        fields: Vec<Field>,
        additional: Option<Additional>,
        /// Every field has a default (optional, or of a type with one): the
        /// struct derives `Default`.
        defaultable: bool,
    },
    /// An enum of string (or integer) values; always has an extra `Unknown`
    /// variant so new server values never break decoding.
    Enum {
        variants: Vec<Variant>,
        repr: EnumRepr,
        /// The schema allows values beyond the listed ones: the catch-all
        /// variant is `Other` (a value the schema declares), not `Unknown`.
        open: bool,
    },
    /// One of several shapes (`oneOf` / `anyOf`). With a `tag`, the variant
    /// is chosen by the tag property's value (unknown values decode as
    /// `Unknown`, keeping the JSON); without, by the shape of the value
    /// (see `Accepts`), the most specific fitting variant first.
    Union {
        variants: Vec<UnionVariant>,
        tag: Option<UnionTag>,
    },
    /// A named alias for another type (a component schema that is not an object).
    Alias { target: TypeRef },
}

/// The Rust name of a struct's map of the keys it keeps beyond its fields
/// ([`Additional`]); no field takes it.
pub const ADDITIONAL_PROPERTIES: &str = "additional_properties";

/// The keys a struct keeps beyond its fields, in `additional_properties`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Additional {
    /// The map's values: `Any` unless `additionalProperties` is a schema.
    pub ty: TypeRef,
    /// The schema gives `additionalProperties` (`true` or a schema): those
    /// keys are values the schema describes. Otherwise the map holds what an
    /// open object does not declare (kept so that nothing is lost when a
    /// value is read and sent back), a fallback: an untagged union tries a
    /// variant that declares every key first (`Accepts::Object::open`).
    pub declared: bool,
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
    /// The schema lets it be `null` (`nullable`, or no type at all).
    pub nullable: bool,
    /// `runtime::Nullable<T>` instead of `Option<T>`: absent, `null` and a
    /// value are three states, each sent as such. An optional nullable
    /// field of a type reached from a request (`TypeDef::in_requests`),
    /// where leaving a key out ("keep it") and sending null ("clear it")
    /// differ. Set once the uses of types are known.
    pub three_state: bool,
    /// Not declared by the schema: typed from the spec's examples (a key
    /// only the examples show, or a field of an object the schema leaves
    /// without properties). It never rejects a value: one that is not
    /// exactly of its type is kept with the struct's other keys instead
    /// (`runtime::object::inferred`).
    pub inferred: bool,
    /// Box the type (recursive types).
    pub boxed: bool,
    /// Not a key but the rest of the object: the union of the schema's
    /// `oneOf`/`anyOf` branches beside its properties, read from the keys
    /// no other field takes and written back among them (`wire` is empty;
    /// always required, and never beside `additionalProperties`).
    pub flatten: bool,
    pub doc: Option<String>,
    /// The chained setter of an optional field (`Pet::new(name).tag("x")`):
    /// the field's name, unless a method of the struct has it (then
    /// `with_{name}`). `None` for fields `new(..)` takes.
    pub setter: Option<String>,
    /// The setter that sends `null` (three-state fields): `{name}_null`.
    pub null_setter: Option<String>,
}

impl Field {
    /// An argument of its struct's `new(..)`: every field that is not optional.
    pub fn in_constructor(&self) -> bool {
        !self.optional
    }

    /// Its key must be in the object: required (nullable or not).
    pub fn must_be_present(&self) -> bool {
        !self.optional || self.required
    }

    /// Left out of the object when `None` (or `Nullable::Absent`): an
    /// optional field that is not required.
    pub fn left_out_when_none(&self) -> bool {
        self.optional && !self.required
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Variant {
    pub name: String,
    /// The value on the wire: the string, or the integer's decimal text.
    pub wire: String,
    /// What the schema says of this value (its `oneOf` branch's description).
    pub doc: Option<String>,
}

/// What an enum's values are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum EnumRepr {
    String,
    Integer(IntFormat),
}

/// The property whose value says which variant of a union a value is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnionTag {
    /// Its wire name (`type`).
    pub property: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnionVariant {
    pub name: String,
    pub ty: TypeRef,
    /// Tagged unions: the tag values that select this variant.
    pub tags: Vec<String>,
    /// What JSON this variant accepts, for choosing it (untagged unions).
    pub accepts: Accepts,
}

/// The JSON a union variant accepts: how an untagged union picks a variant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Accepts {
    Boolean,
    Integer,
    Number,
    String,
    /// An array whose items accept `items`.
    Array {
        items: Box<Accepts>,
    },
    /// The values an enum lists, of this kind (`String` or `Integer`):
    /// tried before a variant that takes any value of the kind, so a listed
    /// value lands in the enum that lists it.
    Listed {
        of: Box<Accepts>,
    },
    /// An object with these required and known properties (wire names);
    /// `open`: other keys are values of its own (declared
    /// `additionalProperties`, or a flattened union), not kept as a
    /// fallback, so it fits a value with unknown keys as well as one
    /// that names every key.
    Object {
        required: Vec<String>,
        known: Vec<String>,
        open: bool,
    },
    /// Anything.
    Any,
}

/// A reference to a type, as a field, parameter or body uses it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum TypeRef {
    String,
    Integer(IntFormat),
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
    /// A string of a typed format (`date-time`, `uuid`, …): a runtime type
    /// that reads the text leniently and writes it back as it came.
    Formatted(StrFormat),
}

/// The typed string formats, each a type of the runtime (`runtime::formats`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StrFormat {
    /// `format: date-time`.
    DateTime,
    /// `format: date`.
    Date,
    /// `format: time`.
    Time,
    /// `format: uuid`.
    Uuid,
    /// `format: byte`: the bytes of base64 text.
    Base64,
}

impl StrFormat {
    /// The runtime type's name: `DateTime`, `Uuid`, …
    pub fn rust(self) -> &'static str {
        match self {
            StrFormat::DateTime => "DateTime",
            StrFormat::Date => "Date",
            StrFormat::Time => "Time",
            StrFormat::Uuid => "Uuid",
            StrFormat::Base64 => "Base64",
        }
    }
}

/// The Rust integer type of an integer (its `format`; `int64` when none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IntFormat {
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
}

impl IntFormat {
    /// The Rust type: `i64`, `u32`, …
    pub fn rust(self) -> &'static str {
        match self {
            IntFormat::I8 => "i8",
            IntFormat::I16 => "i16",
            IntFormat::I32 => "i32",
            IntFormat::I64 => "i64",
            IntFormat::U8 => "u8",
            IntFormat::U16 => "u16",
            IntFormat::U32 => "u32",
            IntFormat::U64 => "u64",
        }
    }

    /// The narrowest format that holds every value of both.
    pub fn widen(self, other: IntFormat) -> IntFormat {
        use IntFormat::*;
        let signed = |f: IntFormat| matches!(f, I8 | I16 | I32 | I64);
        let bits = |f: IntFormat| match f {
            I8 | U8 => 8,
            I16 | U16 => 16,
            I32 | U32 => 32,
            I64 | U64 => 64,
        };
        if self == other {
            return self;
        }
        match (signed(self), signed(other)) {
            (true, true) | (false, false) => {
                if bits(self) >= bits(other) {
                    self
                } else {
                    other
                }
            }
            // Mixed signs: the signed type twice as wide as the unsigned one, at most i64.
            _ => {
                let (s, u) = if signed(self) {
                    (self, other)
                } else {
                    (other, self)
                };
                match bits(u).max(bits(s) / 2) {
                    8 => I16,
                    16 => I32,
                    _ => I64,
                }
            }
        }
    }
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
    /// The cargo feature that compiles the group (`smart-link-postbacks`;
    /// `untagged` for the root group).
    pub feature: String,
    /// Indexes into `Api::operations`.
    pub operations: Vec<usize>,
}

/// The HTTP method an operation is sent with (serialized as sent: `GET`,
/// `QUERY`, `COPY`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
    /// OpenAPI 3.2's `query` (the HTTP QUERY method: safe, with a body).
    Query,
    /// A method of OpenAPI 3.2's `additionalOperations`, as written (an
    /// RFC 9110 token; methods are case-sensitive).
    Other(String),
}

impl Method {
    /// The method as sent.
    pub fn as_str(&self) -> &str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
            Method::Query => "QUERY",
            Method::Other(m) => m,
        }
    }
}

impl Serialize for Method {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    /// The operationId as written, or the one derived when it was missing.
    pub id: String,
    /// Operation struct name (`UpdateSmartLinkPostback`).
    pub type_name: String,
    /// Index into `Api::groups`.
    pub group: usize,
    /// How Rust code calls it: `client.smart_link_postbacks().update(id, body)`.
    pub call: Call,
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
    /// The type `Error::documented()` reads a documented error body into.
    pub error_access: ErrorAccess,
    /// The documented error that carries field errors (a 422, or a 400),
    /// index into `errors`: where `fails_validation` answers.
    pub validation: Option<usize>,
    /// The response has `_pagination` (a `next_page` envelope).
    pub paginated: bool,
    /// How `.into_items()` / `.into_pages()` page through it, when they can.
    pub paging: Option<Paging>,
    /// What it requires: its `security`, else the spec's global one.
    pub security: Security,
    /// The header of the idempotency key it declares (an `Idempotency-Key`
    /// header parameter, as the spec spells it): every call sends a key.
    pub idempotency_header: Option<String>,
}

/// The Rust call of an operation: `client.{accessor}().{method}(args…)`, then
/// setters on the returned `Call`, then `.await` for a `Response<output>`.
#[derive(Debug, Clone, Serialize)]
pub struct Call {
    /// The group accessor on `Client` (`smart_links`); `None` for an
    /// operation on the client itself (untagged).
    pub accessor: Option<String>,
    /// The method (`list_clicks`).
    pub method: String,
    /// Arguments in order: path and required parameters, then a required body.
    pub args: Vec<Input>,
    /// Setters: optional parameters, then an optional body.
    pub setters: Vec<Input>,
    /// What the call returns, inside `Response<…>`.
    pub output: Output,
    /// What `.streamed()` on the call returns, when the success response
    /// has a second media type that streams (OpenAI's `text/event-stream`
    /// beside `application/json`).
    pub streamed: Option<Output>,
}

impl Call {
    /// `client.smart_links().list_clicks`, or `client.list` for an operation
    /// on the client.
    pub fn path(&self) -> String {
        match &self.accessor {
            Some(a) => format!("client.{a}().{}", self.method),
            None => format!("client.{}", self.method),
        }
    }

    /// How a test stubs it on the mock (the `testing` feature):
    /// `mock.smart_links().list_clicks()`.
    pub fn stub(&self) -> String {
        match &self.accessor {
            Some(a) => format!("mock.{a}().{}()", self.method),
            None => format!("mock.{}()", self.method),
        }
    }

    /// `client.smart_links().list_clicks(account, smart_link_id)`.
    pub fn display(&self) -> String {
        let args: Vec<&str> = self.args.iter().map(|a| a.name.as_str()).collect();
        format!("{}({})", self.path(), args.join(", "))
    }
}

/// One argument or setter of a call.
#[derive(Debug, Clone, Serialize)]
pub struct Input {
    /// Its Rust name, which is also the field of the operation struct.
    pub name: String,
    pub source: InputSource,
    /// Its type (a setter takes it without `Option`).
    pub ty: TypeRef,
    /// Taken as `impl Into<String>` (string parameters), not as `ty` itself.
    pub into_string: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "index", rename_all = "snake_case")]
pub enum InputSource {
    /// Index into `Operation::params`.
    Param(usize),
    Body,
}

/// What a call returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum Output {
    /// No body: `()`.
    Unit,
    /// A text body: `String`.
    Text,
    /// A binary body, streamed: the runtime's `Download`.
    Binary,
    /// Server-sent events, each decoded into this type: the runtime's
    /// `Events<T>`.
    Events(TypeRef),
    /// The items of a JSON Lines body or JSON text sequence: the runtime's
    /// `Lines<T>`.
    Lines(TypeRef),
    /// A JSON body (or an envelope's `data`) decoded into this type.
    Json(TypeRef),
}

/// How an operation is paged: where each page's items are, and how the next
/// page is asked for.
#[derive(Debug, Clone, Serialize)]
pub struct Paging {
    pub items: PageItems,
    /// The type of one item.
    pub item: TypeRef,
    /// The integer `limit` and `offset` query parameters (indexes into
    /// `Operation::params`), for offset paging.
    pub offset: Option<OffsetParams>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PageItems {
    /// The output is the list of items.
    Output,
    /// The output is a struct; the items are this array field.
    Field {
        /// The field's Rust name.
        name: String,
        /// The field is an `Option<Vec<_>>`.
        optional: bool,
        /// The field is a `Nullable<Vec<_>>` (`Field::three_state`).
        three_state: bool,
    },
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct OffsetParams {
    pub limit: usize,
    pub offset: usize,
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
    /// OpenAPI 3.2's `in: querystring`: the whole query string is this one
    /// value, its fields form-encoded (as a form body's are).
    QueryString,
    Header,
    Cookie,
}

impl ParamLocation {
    /// `path`, `query`, `querystring`, `header` or `cookie`, as OpenAPI's `in` says.
    pub fn as_str(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::QueryString => "querystring",
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
    /// `name=a%20b` (`spaceDelimited`, not exploded).
    SpaceDelimited,
    /// `name=a|b` (`pipeDelimited`, not exploded).
    PipeDelimited,
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
    /// For a multipart body whose type is a struct: one part per field, in
    /// declaration order (files as file parts). `None`: the body is encoded
    /// as a whole, every field as text.
    pub parts: Option<Vec<Part>>,
}

/// One part of a multipart body.
#[derive(Debug, Clone, Serialize)]
pub struct Part {
    pub source: PartSource,
    /// The value holds files (`File`, in an option or list): sent as file parts.
    pub file: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PartSource {
    /// A field of the body struct: its Rust name and wire name.
    Field { name: String, wire: String },
    /// Each entry of the struct's `additional_properties` (declared, or the
    /// keys an open object keeps).
    Additional,
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
    /// The type of each item of a sequential body (OpenAPI 3.2's
    /// `itemSchema`: `text/event-stream`, `application/jsonl`, …), named
    /// `{Operation}Item`; the body itself is read whole, as `ty` says,
    /// unless it streams (`stream`). A stream's items are this type (any
    /// JSON when its schema says nothing).
    pub item: Option<TypeRef>,
    /// The media type that streams, when one does.
    pub stream: Option<Stream>,
    /// Documented examples of the whole body, for docs and round-trip tests.
    pub examples: Vec<Example>,
}

/// A success media type read as a stream of items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stream {
    /// `Events`, `EventObjects`, `JsonLines` or `JsonSeq`.
    pub kind: ResponseKind,
    /// The media type, sent as `Accept`.
    pub media: String,
    /// The call's own output (`Response::kind` is `kind`); else a second
    /// media type, reached with `.streamed()` (`Call::streamed`).
    pub primary: bool,
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
    /// Binary body: bytes, streamed.
    Bytes,
    /// Server-sent events, each event's data decoded into the item type.
    Events,
    /// Server-sent events whose schema describes whole events (`event`,
    /// `data`, `id`, `retry`; a union chosen by `event`, say): each event
    /// decoded as one object.
    EventObjects,
    /// JSON Lines / NDJSON: one item per line.
    JsonLines,
    /// JSON text sequences (RFC 7464).
    JsonSeq,
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
    /// The body's media type (`application/problem+json`, `application/json`).
    pub media: Option<String>,
    /// How the body says what went wrong (decided from its schema).
    pub shape: ErrorShape,
    /// A body for the mock: the first example that agrees with its schema,
    /// else one built from the schema (`None` without a typed body).
    pub sample: Option<serde_json::Value>,
}
