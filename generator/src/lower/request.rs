//! An operation's request body: the media type to send, and the body's shape.

use super::examples;
use super::media::Media;
use super::resolve::resolve;
use super::schema::ShapeBuilder;
use super::shape::{Hint, Kind, Shape};
use crate::ir::{BodyMedia, Example};
use crate::pointer;

/// A request body whose type is still a shape.
pub struct PendingBody {
    pub media: BodyMedia,
    pub shape: Shape,
    pub required: bool,
    pub description: Option<String>,
    pub examples: Vec<Example>,
}

/// The body of `op` (at `at`), named `{type_name}Request` when it is an object.
pub fn body(
    b: &mut ShapeBuilder,
    op: &openapiv3::Operation,
    at: &str,
    type_name: &str,
) -> Option<PendingBody> {
    let rb = resolve(b.doc, op.request_body.as_ref()?)?;
    let (media_type, mut media, mt) = pick(rb)?;
    let hint = Hint::Root(vec![format!("{type_name}Request")]);
    let at = format!("{at}/requestBody/content/{}", pointer::escape(media_type));
    let examples = examples::request_examples(b.space(), b.doc, mt);
    let values: Vec<serde_json::Value> = examples.iter().map(|e| e.value.clone()).collect();
    let mut shape = match &mt.schema {
        Some(s) => b.shape_with_examples(s, hint, &format!("{at}/schema"), &values),
        None => Shape::unknown(),
    };
    // Raw bodies are bytes (a file) or, when the schema says string, text.
    if media == BodyMedia::Bytes && shape.kind != Kind::Bytes {
        if shape.kind == Kind::Str {
            media = BodyMedia::Text;
        } else {
            shape = Shape::new(Kind::Bytes);
        }
    }
    if media == BodyMedia::Text && shape.kind != Kind::Str {
        shape = Shape::new(Kind::Str);
    }
    Some(PendingBody {
        media,
        shape,
        required: rb.required,
        description: rb.description.clone(),
        examples,
    })
}

/// The media type to send: JSON, then multipart, form, text, anything else.
fn pick(rb: &openapiv3::RequestBody) -> Option<(&str, BodyMedia, &openapiv3::MediaType)> {
    rb.content
        .iter()
        .map(|(k, v)| {
            let (rank, media) = match Media::of(k) {
                Media::Json => (0, BodyMedia::Json),
                Media::Multipart => (1, BodyMedia::Multipart),
                Media::Form => (2, BodyMedia::Form),
                Media::Text => (3, BodyMedia::Text),
                Media::Any | Media::Binary => (4, BodyMedia::Bytes),
            };
            (rank, k.as_str(), media, v)
        })
        .min_by_key(|x| x.0)
        .map(|(_, k, m, v)| (k, m, v))
}
