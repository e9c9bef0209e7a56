//! Names generated code must not give to its own methods, because the
//! runtime (or the generator itself) already uses them on the same type.
//!
//! Generated code adds methods to three runtime types: group accessors,
//! root operations, `new` and `builder` to `Client` (`impl
//! crate::runtime::Client`), setters for optional parameters to `Call<'_,
//! Op>`, and credential setters to `ClientBuilder`. Such a method named like one of
//! the runtime's would be a duplicate definition (an inherent method, of any
//! visibility) or would hide the one users expect (a trait method such as
//! `clone`). The lists are data, checked by the tests below against the
//! runtime's source ([`crate::standalone::RUNTIME`]): a method added to or
//! removed from `Client` or `Call` fails them until the list says the same.

/// Every method and associated function of the runtime's `Client`: its
/// inherent ones (wherever in the runtime they are defined) and those of the
/// traits it implements or derives, plus [`CLIENT_GENERATED`]. Group
/// accessors and root operations must not take these names.
pub const CLIENT_RESERVED: &[&str] = &[
    "new",
    "builder",
    "from_env",
    "from_env_with",
    "base_url",
    "retry_policy",
    "call",
    "raw",
    "clone",
    "fmt",
];

/// Names the generator itself gives on `Client`: its constructors.
pub const CLIENT_GENERATED: &[&str] = &["new", "builder"];

/// Every method and associated function of the runtime's `ClientBuilder`,
/// as for [`CLIENT_RESERVED`]: credential setters must not take these.
pub const BUILDER_RESERVED: &[&str] = &[
    "new",
    "credential",
    "credentials_provider",
    "base_url",
    "timeout",
    "retry_policy",
    "max_retries",
    "retry_backoff",
    "max_retry_delay",
    "retry_non_idempotent",
    "hook",
    "idempotency_keys",
    "http_client",
    "build",
    "fmt",
];

/// Every method and associated function of the runtime's `Call`, as for
/// [`CLIENT_RESERVED`], plus [`CALL_GENERATED`]. Parameter setters (and
/// the operation struct's fields, which share their names) must not take these.
pub const CALL_RESERVED: &[&str] = &[
    "new",
    "operation",
    "send",
    "with_timeout",
    "with_header",
    "with_query",
    "with_retries",
    "with_retry_non_idempotent",
    "with_body_field",
    "with_idempotency_key",
    "with_idempotency",
    "with_options",
    "reconnecting",
    "streamed",
    "into_pages",
    "into_items",
    "into_future",
    "fmt",
    "body",
];

/// Every method and associated function of the runtime's mock server
/// (`testing::MockServer`, the `testing` feature), as for
/// [`CLIENT_RESERVED`]: the mock gets the client's group accessors and root
/// operations as its own stub accessors, so they must not take these either.
pub const MOCK_RESERVED: &[&str] = &[
    "start",
    "with_operations",
    "mount_fallback",
    "uri",
    "client_builder",
    "client",
    "received",
    "verify",
    "reset",
    "self_check",
    "fmt",
];

/// Every method and associated function of the runtime's `testing::Stub`,
/// as for [`CALL_RESERVED`]: a stub gets a matcher per argument and setter
/// of its call, named like it, so parameters must not take these.
pub const STUB_RESERVED: &[&str] = &[
    "new",
    "matching",
    "matching_body",
    "returns",
    "returns_json",
    "returns_items",
    "with_status",
    "fails",
    "with_message",
    "fails_validation",
    "fails_with",
    "rate_limited",
    "with_delay",
    "times",
    "expect",
    "received",
    "mount",
    "into_future",
    "fmt",
];

/// Methods every generated struct has (its constructor, and those of the
/// traits it implements or derives: `Clone`, `Debug`, `PartialEq`,
/// `Default`, serde's, `runtime::object::Object`), and those of std's
/// blanket traits: a field setter must not take these (it becomes
/// `with_{name}`).
pub const STRUCT_RESERVED: &[&str] = &[
    "new",
    "read",
    "clone",
    "clone_from",
    "clone_into",
    "fmt",
    "eq",
    "ne",
    "default",
    "serialize",
    "deserialize",
    "into",
    "from",
    "try_into",
    "try_from",
    "to_owned",
    "borrow",
    "borrow_mut",
    "type_id",
    // Names clippy's `should_implement_trait` reads as a std trait's method.
    "add",
    "sub",
    "mul",
    "div",
    "rem",
    "neg",
    "not",
    "shl",
    "shr",
    "bitand",
    "bitor",
    "bitxor",
    "next",
    "deref",
    "deref_mut",
    "drop",
    "index",
    "index_mut",
    "hash",
    "cmp",
    "partial_cmp",
    "from_str",
    "as_ref",
    "as_mut",
    "from_iter",
    "into_iter",
];

/// Prefixes clippy's `wrong_self_convention` expects not to take `self` by
/// value (`as_`, `is_`, `to_` borrow it, `from_` takes none): a setter of a
/// field named so is `with_{name}`.
pub const SETTER_PREFIXES: &[&str] = &["as_", "from_", "is_", "to_"];

/// Names the generator itself gives on `Call<'_, Op>` and on operation
/// structs, next to the parameter setters: `body`, the setter of an optional
/// request body and the body's field.
pub const CALL_GENERATED: &[&str] = &["body"];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    /// Methods of derivable traits, for `#[derive(..)]` on `Client` or `Call`.
    const DERIVED: &[(&str, &[&str])] = &[
        ("Clone", &["clone"]),
        ("Copy", &[]),
        ("Debug", &["fmt"]),
        ("Default", &["default"]),
        ("PartialEq", &["eq", "ne"]),
        ("Eq", &[]),
        ("Hash", &["hash"]),
    ];

    fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
        attrs.iter().any(|a| {
            a.path().is_ident("cfg") && a.parse_args::<syn::Ident>().is_ok_and(|i| i == "test")
        })
    }

    /// The last segment of a type path (`Call` for `Call<'a, O>`).
    fn type_name(ty: &syn::Type) -> Option<String> {
        match ty {
            syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
            _ => None,
        }
    }

    /// The names callable on `ty`, from every runtime file (test modules
    /// aside): the functions written in its impl blocks, inherent or of a
    /// trait, and those a derive writes. (Provided trait methods that are not
    /// written out, like `clone_from`, are not counted: a generated method of
    /// that name would shadow them, not clash.)
    /// The functions each `macro_rules!` of the runtime defines (by name):
    /// what an impl gets from invoking it.
    fn runtime_macros() -> BTreeMap<String, BTreeSet<String>> {
        let mut macros = BTreeMap::new();
        for (path, source) in crate::standalone::RUNTIME {
            let file = syn::parse_file(source).unwrap_or_else(|e| panic!("{path}: {e}"));
            for item in &file.items {
                let syn::Item::Macro(m) = item else { continue };
                let Some(name) = &m.ident else { continue };
                let mut fns = BTreeSet::new();
                fn_names(m.mac.tokens.clone(), &mut fns);
                macros.insert(name.to_string(), fns);
            }
        }
        macros
    }

    /// The identifier after every `fn` in `tokens`, in groups too.
    fn fn_names(tokens: proc_macro2::TokenStream, out: &mut BTreeSet<String>) {
        let mut after_fn = false;
        for tree in tokens {
            match tree {
                proc_macro2::TokenTree::Ident(i) if after_fn => {
                    out.insert(i.to_string());
                    after_fn = false;
                }
                proc_macro2::TokenTree::Ident(i) => after_fn = i == "fn",
                proc_macro2::TokenTree::Group(g) => {
                    fn_names(g.stream(), out);
                    after_fn = false;
                }
                _ => after_fn = false,
            }
        }
    }

    fn runtime_methods(ty: &str) -> BTreeSet<String> {
        let macros = runtime_macros();
        fn walk(
            items: &[syn::Item],
            ty: &str,
            found: &mut BTreeSet<String>,
            macros: &BTreeMap<String, BTreeSet<String>>,
        ) {
            for item in items {
                match item {
                    syn::Item::Impl(i) if !is_cfg_test(&i.attrs) => {
                        if type_name(&i.self_ty).as_deref() != Some(ty) {
                            continue;
                        }
                        for member in &i.items {
                            match member {
                                syn::ImplItem::Fn(f) => {
                                    found.insert(f.sig.ident.to_string());
                                }
                                syn::ImplItem::Macro(m) => {
                                    let name =
                                        m.mac.path.segments.last().map(|s| s.ident.to_string());
                                    let fns = name.and_then(|n| macros.get(&n)).unwrap_or_else(|| {
                                        panic!("a macro in impl {ty} that the runtime does not define")
                                    });
                                    found.extend(fns.iter().cloned());
                                }
                                _ => {}
                            }
                        }
                    }
                    syn::Item::Struct(s) if s.ident == ty => {
                        for attr in s.attrs.iter().filter(|a| a.path().is_ident("derive")) {
                            attr.parse_nested_meta(|meta| {
                                let name = meta.path.get_ident().unwrap().to_string();
                                let methods = DERIVED
                                    .iter()
                                    .find(|(t, _)| *t == name)
                                    .unwrap_or_else(|| {
                                        panic!("derive({name}) on {ty}: add its methods to DERIVED")
                                    })
                                    .1;
                                found.extend(methods.iter().map(|m| m.to_string()));
                                Ok(())
                            })
                            .unwrap();
                        }
                    }
                    syn::Item::Mod(m) if !is_cfg_test(&m.attrs) => {
                        if let Some((_, items)) = &m.content {
                            walk(items, ty, found, macros);
                        }
                    }
                    _ => {}
                }
            }
        }
        let mut found = BTreeSet::new();
        for (path, source) in crate::standalone::RUNTIME {
            let file = syn::parse_file(source).unwrap_or_else(|e| panic!("{path}: {e}"));
            walk(&file.items, ty, &mut found, &macros);
        }
        found
    }

    fn set(names: &[&str]) -> BTreeSet<String> {
        let set: BTreeSet<String> = names.iter().map(|n| n.to_string()).collect();
        assert_eq!(set.len(), names.len(), "a name is listed twice: {names:?}");
        set
    }

    #[test]
    fn client_reserved_is_exactly_the_methods_of_client_and_the_generated_names() {
        let runtime = runtime_methods("Client");
        assert!(runtime.contains("call"), "the walk finds impls in any file");
        let generated = set(CLIENT_GENERATED);
        assert!(runtime.is_disjoint(&generated), "{runtime:?}");
        let expected: BTreeSet<String> = runtime.union(&generated).cloned().collect();
        let listed = set(CLIENT_RESERVED);
        let missing: Vec<_> = expected.difference(&listed).collect();
        let stale: Vec<_> = listed.difference(&expected).collect();
        assert!(
            missing.is_empty() && stale.is_empty(),
            "CLIENT_RESERVED differs from the runtime's Client + CLIENT_GENERATED: \
             methods not listed {missing:?}, listed names that are no method {stale:?}"
        );
    }

    #[test]
    fn builder_reserved_is_exactly_the_methods_of_the_client_builder() {
        let runtime = runtime_methods("ClientBuilder");
        assert!(runtime.contains("build"), "the walk finds the builder");
        assert_eq!(runtime, set(BUILDER_RESERVED));
    }

    #[test]
    fn call_reserved_is_exactly_the_methods_of_call_and_the_generated_names() {
        let runtime = runtime_methods("Call");
        assert!(
            runtime.contains("into_pages"),
            "the walk finds impls in any file"
        );
        let generated = set(CALL_GENERATED);
        assert!(
            runtime.is_disjoint(&generated),
            "a generated name is also a runtime method: {:?}",
            runtime.intersection(&generated).collect::<Vec<_>>()
        );
        let expected: BTreeSet<String> = runtime.union(&generated).cloned().collect();
        let listed = set(CALL_RESERVED);
        let missing: Vec<_> = expected.difference(&listed).collect();
        let stale: Vec<_> = listed.difference(&expected).collect();
        assert!(
            missing.is_empty() && stale.is_empty(),
            "CALL_RESERVED differs from the runtime's Call + CALL_GENERATED: \
             names not listed {missing:?}, listed names that are neither {stale:?}"
        );
    }

    #[test]
    fn mock_reserved_is_exactly_the_methods_of_the_mock_server() {
        let runtime = runtime_methods("MockServer");
        assert!(runtime.contains("self_check"), "the walk finds the mock");
        let listed = set(MOCK_RESERVED);
        assert_eq!(
            runtime, listed,
            "MOCK_RESERVED differs from the runtime's testing::MockServer"
        );
    }

    #[test]
    fn stub_reserved_is_exactly_the_methods_of_stub() {
        let runtime = runtime_methods("Stub");
        assert!(runtime.contains("returns"), "the walk finds stubs");
        let listed = set(STUB_RESERVED);
        assert_eq!(
            runtime, listed,
            "STUB_RESERVED differs from the runtime's testing::Stub"
        );
    }

    /// Names the mock and its stubs reserve are avoided: a tag named like a
    /// mock method and a parameter named like a stub method are renamed.
    #[test]
    fn mock_and_stub_names_are_avoided() {
        let spec = r#"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /things/{times}:
    get:
      operationId: listThings
      tags: [Client]
      parameters:
        - {name: times, in: path, required: true, schema: {type: integer}}
        - {name: returns, in: query, schema: {type: string}}
      responses:
        "200": {description: ok}
  /reset:
    post:
      operationId: reset
      responses:
        "200": {description: ok}
"#;
        let (api, _) = crate::lower_spec("t.yaml", spec, &crate::Options::default()).unwrap();
        let accessors: Vec<&str> = api.groups.iter().map(|g| g.accessor.as_str()).collect();
        assert!(accessors.contains(&"client_2"), "{accessors:?}");
        let names: Vec<&str> = api.operations[0]
            .params
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(names, ["times_2", "returns_2"]);
        assert_eq!(api.operations[1].call.method, "reset_2");
    }

    /// `CALL_GENERATED` is what the emitter really writes: an operation
    /// with an optional body gets exactly these methods on its `Call`,
    /// besides its parameter setters (it has none here).
    #[test]
    fn call_generated_is_what_the_emitter_writes() {
        let spec = r#"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /things:
    post:
      operationId: createThing
      requestBody:
        required: false
        content:
          application/json:
            schema:
              type: object
              properties:
                name: {type: string}
      responses:
        "200": {description: ok}
"#;
        let out = crate::generate("t.yaml", spec, &crate::Options::default()).unwrap();
        let ops = out
            .files
            .iter()
            .find(|f| f.path == "src/generated/operations.rs")
            .expect("operations.rs");
        let file = syn::parse_file(&ops.contents).unwrap();
        let mut on_call = BTreeSet::new();
        for item in &file.items {
            if let syn::Item::Impl(i) = item {
                if i.trait_.is_none() && type_name(&i.self_ty).as_deref() == Some("Call") {
                    for member in &i.items {
                        if let syn::ImplItem::Fn(f) = member {
                            on_call.insert(f.sig.ident.to_string());
                        }
                    }
                }
            }
        }
        assert_eq!(on_call, set(CALL_GENERATED));
    }
}
