//! Bad input gets a clear error naming the file, a JSON pointer and the
//! problem; never a panic.

use generator::{generate, Options};

fn err(text: &str) -> generator::Error {
    generate("bad.yaml", text, &Options::default()).expect_err("must be rejected")
}

#[test]
fn invalid_yaml_names_the_line() {
    let e = err("openapi: 3.0.3\ninfo: [unclosed\n");
    assert_eq!(e.file, "bad.yaml");
    assert!(e.message.contains("line 2"), "{e}");
}

#[test]
fn not_openapi() {
    assert_eq!(err("just: a map\n").pointer, "/openapi");
    assert!(err("- a list\n").message.contains("not a map"));
}

#[test]
fn unsupported_versions_are_named() {
    for (text, pointer, found) in [
        (
            "openapi: 4.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n",
            "/openapi",
            "4.0.0",
        ),
        ("openapi: '3.3'\n", "/openapi", "3.3"),
        ("openapi: '2.0'\n", "/openapi", "2.0"),
        ("swagger: '1.2'\n", "/swagger", "1.2"),
    ] {
        let e = err(text);
        assert_eq!(e.file, "bad.yaml");
        assert_eq!(e.pointer, pointer, "{text}");
        assert!(
            e.message
                .contains(&format!("version {found} is not supported")),
            "{e}"
        );
        assert!(
            e.message
                .contains("Swagger 2.0, OpenAPI 3.0.x, 3.1.x and 3.2.x"),
            "{e}"
        );
    }
    let e = err("info: {title: t, version: '1'}\npaths: {}\n");
    assert_eq!(e.pointer, "/openapi");
    assert!(
        e.message
            .contains("no `openapi` (or `swagger`) version field"),
        "{e}"
    );
}

#[test]
fn a_fault_in_an_upgraded_document_points_into_the_original() {
    // Swagger 2.0: the body parameter leaves the list, so the bad one moves
    // from index 1 to 0; the error names index 1.
    let e = err(
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    post:\n      parameters:\n        - {in: body, name: b, schema: {type: object}}\n        - {in: nowhere, name: q, type: string}\n      responses: {}\n",
    );
    assert!(e.pointer.starts_with("/paths/~1x/post/parameters/1"), "{e}");
    assert!(
        e.message.contains("a Swagger 2.0 document, read as 3.0"),
        "{e}"
    );
}

#[test]
fn a_fault_in_a_3_2_operation_points_where_it_was_written() {
    // `openapiv3` keeps a QUERY operation as JSON (an extension): it is
    // still read, and its fault located in the document as written.
    let bad_op = "{parameters: [{in: nowhere, name: b, schema: {type: string}}], responses: {}}";
    for (item, at) in [
        (format!("query: {bad_op}"), "/paths/~1x/query/parameters/0"),
        (
            format!("additionalOperations: {{COPY: {bad_op}}}"),
            "/paths/~1x/additionalOperations/COPY/parameters/0",
        ),
    ] {
        let e = err(&format!(
            "openapi: 3.2.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /x:\n    {item}\n"
        ));
        assert!(e.pointer.starts_with(at), "{e}");
        assert!(
            e.message.contains("an OpenAPI 3.2 document, read as 3.0"),
            "{e}"
        );
    }
    let e = err(
        "openapi: 3.2.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            text/event-stream:\n              itemSchema: {discriminator: {propertyName: [k]}}\n",
    );
    assert!(
        e.pointer.starts_with(
            // `ReferenceOr` is untagged: the path ends at the schema.
            "/paths/~1x/get/responses/200/content/text~1event-stream/itemSchema"
        ),
        "{e}"
    );
}

#[test]
fn a_fault_deep_in_paths_is_located() {
    let e = err(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      parameters:\n        - {in: query, name: a, schema: {type: string}}\n        - {in: nowhere, name: b, schema: {type: string}}\n      responses: {}\n",
    );
    assert!(e.pointer.starts_with("/paths/~1x/get/parameters"), "{e}");
    assert!(
        e.to_string()
            .starts_with("bad.yaml: at /paths/~1x/get/parameters"),
        "{e}"
    );
}

#[test]
fn strict_turns_warnings_into_errors() {
    let text = "openapi: 3.0.3\ninfo: {title: null, version: '1'}\npaths: {}\n";
    assert!(generate("s.yaml", text, &Options::default()).is_ok());
    let e = generate(
        "s.yaml",
        text,
        &Options {
            strict: true,
            ..Options::default()
        },
    )
    .unwrap_err();
    assert_eq!(e.pointer, "/info/title");
    assert!(e.message.contains("--strict"), "{e}");
}

#[test]
fn garbage_never_panics() {
    for text in ["", "null", "42", "openapi: 3.0.3", "openapi: 3.0.3\npaths: 7", "{\"openapi\": \"3.0.0\", \"paths\": {\"/a\": {\"get\": {\"responses\": {\"200\": {\"content\": {\"application/json\": {\"schema\": {\"$ref\": \"#/nope\"}}}}}}}}, \"info\": {\"title\": \"x\", \"version\": \"1\"}}"] {
        let _ = generate("g", text, &Options::default());
    }
}
