//! Uploads: [`File`] (bytes in memory, a file on disk streamed in chunks, or
//! any stream of bytes) and [`Multipart`] (a `multipart/form-data` body:
//! text parts and file parts, built per attempt by the generated code).
//!
//! Nothing here reads a whole file into memory: a file on disk is opened when
//! the request is sent and read in [`CHUNK`]-sized pieces, with its length
//! known up front so the request carries a `Content-Length`. A retry opens the
//! file again; a caller's stream can be sent once only, so a request with one
//! is never retried.

use super::error::Error;
use super::nullable::Nullable;
use bytes::Bytes;
use futures_util::stream::{BoxStream, Stream, StreamExt};
use serde::Serialize;
use serde_json::Value;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// How much of a file on disk is read at a time.
pub(crate) const CHUNK: usize = 128 * 1024;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A file to upload: its name, content type and where its bytes come from:
/// `File::from_bytes("hello.txt", "hello").content_type("text/plain")`, or
/// `File::from_path("/videos/clip.mp4").content_type("video/mp4")`.
#[derive(Clone)]
pub struct File {
    name: String,
    content_type: Option<String>,
    source: Source,
}

#[derive(Clone)]
enum Source {
    Bytes(Bytes),
    Path(PathBuf),
    Stream(Arc<OneShot>),
}

/// A caller's stream: taken by the first request that sends it.
struct OneShot {
    stream: Mutex<Option<BoxStream<'static, Result<Bytes, BoxError>>>>,
    length: Option<u64>,
}

impl File {
    /// A file from bytes in memory.
    pub fn from_bytes(name: impl Into<String>, data: impl Into<Bytes>) -> Self {
        File {
            name: name.into(),
            content_type: None,
            source: Source::Bytes(data.into()),
        }
    }

    /// A file on disk, named after the path's last component. Nothing is
    /// read now: each request opens the file and streams it in chunks, so a
    /// file of any size uploads in constant memory and a retry starts again
    /// from the beginning. A file that cannot be opened fails the call with
    /// [`ErrorKind::Request`](super::ErrorKind::Request).
    pub fn from_path(path: impl AsRef<Path>) -> Self {
        let path = path.as_ref().to_path_buf();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        File {
            name,
            content_type: None,
            source: Source::Path(path),
        }
    }

    /// A file whose bytes come from a stream, sent as they arrive. Give the
    /// `length` when known (the request then has a `Content-Length`; without
    /// it the body is chunked). A stream can be sent once: a request with it
    /// is not retried, and sending a clone of this `File` after the first
    /// request fails with [`ErrorKind::Request`](super::ErrorKind::Request).
    pub fn from_stream<S, B, E>(name: impl Into<String>, stream: S, length: Option<u64>) -> Self
    where
        S: Stream<Item = Result<B, E>> + Send + 'static,
        B: Into<Bytes>,
        E: Into<BoxError>,
    {
        let stream = stream.map(|item| item.map(Into::into).map_err(Into::into));
        File {
            name: name.into(),
            content_type: None,
            source: Source::Stream(Arc::new(OneShot {
                stream: Mutex::new(Some(stream.boxed())),
                length,
            })),
        }
    }

    /// Set the content type (otherwise none is sent and the server guesses).
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// Send it under another file name.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// The file name sent with the upload.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The content type, when set.
    pub fn mime_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The bytes, for a file made with [`File::from_bytes`].
    pub fn data(&self) -> Option<&[u8]> {
        match &self.source {
            Source::Bytes(b) => Some(b),
            _ => None,
        }
    }

    /// The path, for a file made with [`File::from_path`].
    pub fn path(&self) -> Option<&Path> {
        match &self.source {
            Source::Path(p) => Some(p),
            _ => None,
        }
    }

    /// The length when known without reading anything (bytes in memory, or a
    /// stream given its length); a file on disk is measured when it is sent.
    pub fn length(&self) -> Option<u64> {
        match &self.source {
            Source::Bytes(b) => Some(b.len() as u64),
            Source::Path(_) => None,
            Source::Stream(s) => s.length,
        }
    }

    /// False for a stream: it can be sent once, so a request with it is not retried.
    pub fn is_replayable(&self) -> bool {
        !matches!(self.source, Source::Stream(_))
    }

    /// The body of this file for one request, and its length when known.
    pub(crate) async fn open(
        &self,
        op: &'static str,
    ) -> Result<(reqwest::Body, Option<u64>), Error> {
        match &self.source {
            Source::Bytes(b) => Ok((reqwest::Body::from(b.clone()), Some(b.len() as u64))),
            Source::Path(path) => {
                let file = tokio::fs::File::open(path).await.map_err(|e| {
                    Error::io(op, format!("cannot open the upload {}", path.display()), e)
                })?;
                let length = file
                    .metadata()
                    .await
                    .map_err(|e| Error::io(op, format!("cannot read {}", path.display()), e))?
                    .len();
                Ok((
                    reqwest::Body::wrap_stream(read_chunks(file, length)),
                    Some(length),
                ))
            }
            Source::Stream(shot) => {
                let stream = shot
                    .stream
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .take()
                    .ok_or_else(|| {
                        Error::request(
                            op,
                            format!(
                                "the stream of upload {:?} was already sent; a stream can be sent once",
                                self.name
                            ),
                        )
                    })?;
                Ok((reqwest::Body::wrap_stream(stream), shot.length))
            }
        }
    }

    /// A multipart part with this file's name, type and bytes.
    async fn part(&self, op: &'static str) -> Result<reqwest::multipart::Part, Error> {
        let (body, length) = self.open(op).await?;
        let part = match length {
            Some(n) => reqwest::multipart::Part::stream_with_length(body, n),
            None => reqwest::multipart::Part::stream(body),
        }
        .file_name(self.name.clone());
        match &self.content_type {
            Some(ct) => part
                .mime_str(ct)
                .map_err(|_| Error::request(op, format!("{ct:?} is not a valid content type"))),
            None => Ok(part),
        }
    }
}

/// Exactly `length` bytes of `file`, [`CHUNK`] at a time. A file that ends
/// early is an error (the request promised `length` bytes); bytes appended
/// while it is sent are not part of this upload.
fn read_chunks(
    file: tokio::fs::File,
    length: u64,
) -> impl Stream<Item = std::io::Result<Bytes>> + Send + 'static {
    futures_util::stream::unfold((file, length), |(mut file, left)| async move {
        use tokio::io::AsyncReadExt;
        if left == 0 {
            return None;
        }
        let want = left.min(CHUNK as u64) as usize;
        let mut buf = vec![0_u8; want];
        match file.read(&mut buf).await {
            Ok(0) => Some((
                Err(std::io::Error::new(
                    std::io::ErrorKind::UnexpectedEof,
                    "the upload file became shorter while it was sent",
                )),
                (file, 0),
            )),
            Ok(n) => {
                buf.truncate(n);
                Some((Ok(Bytes::from(buf)), (file, left - n as u64)))
            }
            Err(e) => Some((Err(e), (file, 0))),
        }
    })
}

impl fmt::Debug for File {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("File");
        d.field("name", &self.name)
            .field("content_type", &self.content_type);
        match &self.source {
            Source::Bytes(b) => d.field("len", &b.len()),
            Source::Path(p) => d.field("path", p),
            Source::Stream(s) => d.field("stream_len", &s.length),
        };
        d.finish()
    }
}

/// Equal when name, content type and source are: the same bytes, the same
/// path, or the very same stream.
impl PartialEq for File {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
            && self.content_type == other.content_type
            && match (&self.source, &other.source) {
                (Source::Bytes(a), Source::Bytes(b)) => a == b,
                (Source::Path(a), Source::Path(b)) => a == b,
                (Source::Stream(a), Source::Stream(b)) => Arc::ptr_eq(a, b),
                _ => false,
            }
    }
}

impl Eq for File {}

impl Default for File {
    fn default() -> Self {
        File::from_bytes("", Bytes::new())
    }
}

/// In JSON a file is only its name (binary content never goes into JSON).
impl Serialize for File {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.name)
    }
}

impl<'de> serde::Deserialize<'de> for File {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        Ok(File::from_bytes(name, Bytes::new()))
    }
}

/// Values that hold files, for [`Multipart::file`]: a [`File`], and options,
/// lists and boxes of them (each file becomes one part).
pub trait Files {
    /// Call `f` with each file, in order.
    fn each_file<'s>(&'s self, f: &mut dyn FnMut(&'s File));
}

impl Files for File {
    fn each_file<'s>(&'s self, f: &mut dyn FnMut(&'s File)) {
        f(self)
    }
}

impl<T: Files> Files for Option<T> {
    fn each_file<'s>(&'s self, f: &mut dyn FnMut(&'s File)) {
        if let Some(v) = self {
            v.each_file(f)
        }
    }
}

impl<T: Files> Files for Nullable<T> {
    fn each_file<'s>(&'s self, f: &mut dyn FnMut(&'s File)) {
        if let Nullable::Value(v) = self {
            v.each_file(f)
        }
    }
}

impl<T: Files> Files for Vec<T> {
    fn each_file<'s>(&'s self, f: &mut dyn FnMut(&'s File)) {
        for v in self {
            v.each_file(f)
        }
    }
}

impl<T: Files + ?Sized> Files for Box<T> {
    fn each_file<'s>(&'s self, f: &mut dyn FnMut(&'s File)) {
        (**self).each_file(f)
    }
}

/// A `multipart/form-data` body, part by part, in order.
///
/// Following OpenAPI's defaults: a scalar is a text part; a list is one part
/// per item under the same name; an object (or a list item that is one) is a
/// JSON part (`application/json`); null and absent values send nothing; a
/// [`File`] is a file part with its name and content type.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Multipart {
    parts: Vec<(String, Part)>,
}

#[derive(Debug, Clone, PartialEq)]
enum Part {
    Text(String),
    Json(String),
    File(File),
}

impl Multipart {
    pub fn new() -> Self {
        Self::default()
    }

    /// Add a field's value as text part(s).
    pub fn text<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> &mut Self {
        let v = serde_json::to_value(value).unwrap_or(Value::Null);
        match v {
            Value::Array(items) => {
                for item in &items {
                    self.push_value(name, item);
                }
            }
            other => self.push_value(name, &other),
        }
        self
    }

    fn push_value(&mut self, name: &str, v: &Value) {
        let part = match v {
            Value::Null => return,
            Value::String(s) => Part::Text(s.clone()),
            Value::Bool(b) => Part::Text(b.to_string()),
            Value::Number(n) => Part::Text(n.to_string()),
            other => Part::Json(other.to_string()),
        };
        self.parts.push((name.to_string(), part));
    }

    /// Add a field's file(s) as file part(s): a `File`, an optional one, a list.
    pub fn file<T: Files + ?Sized>(&mut self, name: &str, value: &T) -> &mut Self {
        value.each_file(&mut |file| {
            self.parts
                .push((name.to_string(), Part::File(file.clone())));
        });
        self
    }

    /// Every field of a serializable value as text parts (for bodies whose
    /// shape is not known field by field; files in it are sent as names only).
    pub fn from_value<T: Serialize + ?Sized>(value: &T) -> Self {
        let mut form = Multipart::new();
        match serde_json::to_value(value).unwrap_or(Value::Null) {
            Value::Object(map) => {
                for (k, v) in &map {
                    form.text(k, v);
                }
            }
            Value::Null => {}
            other => {
                form.text("body", &other);
            }
        }
        form
    }

    /// False when a part is a stream that can be sent once.
    pub fn is_replayable(&self) -> bool {
        self.parts.iter().all(|(_, p)| match p {
            Part::File(f) => f.is_replayable(),
            _ => true,
        })
    }

    /// The names of the parts, in order (for tests and debugging).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().map(|(n, _)| n.as_str())
    }

    /// The form to send with one request (files opened now).
    pub(crate) async fn to_form(
        &self,
        op: &'static str,
    ) -> Result<reqwest::multipart::Form, Error> {
        let mut form = reqwest::multipart::Form::new();
        for (name, part) in &self.parts {
            let part = match part {
                Part::Text(text) => reqwest::multipart::Part::text(text.clone()),
                Part::Json(json) => reqwest::multipart::Part::text(json.clone())
                    .mime_str("application/json")
                    .map_err(|_| Error::request(op, "cannot label a JSON part"))?,
                Part::File(file) => file.part(op).await?,
            };
            form = form.part(name.clone(), part);
        }
        Ok(form)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn file_debug_hides_content() {
        let f = File::from_bytes("a.png", vec![1_u8, 2, 3]).content_type("image/png");
        assert_eq!(
            format!("{f:?}"),
            "File { name: \"a.png\", content_type: Some(\"image/png\"), len: 3 }"
        );
    }

    #[test]
    fn from_path_takes_the_file_name_and_reads_nothing() {
        let f = File::from_path("/no/such/dir/clip.mp4");
        assert_eq!(f.name(), "clip.mp4");
        assert_eq!(f.path(), Some(Path::new("/no/such/dir/clip.mp4")));
        assert_eq!(f.length(), None);
        assert!(f.is_replayable());
        assert_eq!(f.clone(), f);
    }

    #[test]
    fn streams_are_one_shot_and_equal_only_to_their_clones() {
        let chunks = futures_util::stream::iter(vec![Ok::<_, std::io::Error>(Bytes::from("ab"))]);
        let f = File::from_stream("s.bin", chunks, Some(2));
        assert!(!f.is_replayable());
        assert_eq!(f.length(), Some(2));
        assert_eq!(f.clone(), f);
        let other = File::from_stream(
            "s.bin",
            futures_util::stream::empty::<Result<Bytes, std::io::Error>>(),
            Some(2),
        );
        assert_ne!(f, other);
    }

    #[test]
    fn multipart_parts_follow_openapi_defaults() {
        let mut form = Multipart::new();
        form.text("caption", &Some("hi"))
            .text("absent", &None::<String>)
            .text("tags", &vec!["a", "b"])
            .text("count", &3)
            .text("meta", &json!({"k": 1}))
            .file("file", &File::from_bytes("x.txt", "x"))
            .file("none", &None::<File>)
            .file(
                "many",
                &vec![File::from_bytes("1", "1"), File::from_bytes("2", "2")],
            );
        assert_eq!(
            form.names().collect::<Vec<_>>(),
            ["caption", "tags", "tags", "count", "meta", "file", "many", "many"]
        );
        assert_eq!(form.parts[4].1, Part::Json(r#"{"k":1}"#.into()));
        assert!(form.is_replayable());
        form.file(
            "stream",
            &File::from_stream(
                "s",
                futures_util::stream::empty::<Result<Bytes, std::io::Error>>(),
                None,
            ),
        );
        assert!(!form.is_replayable());
    }

    #[test]
    fn multipart_from_a_value_sends_each_field() {
        let form = Multipart::from_value(&json!({"a": "1", "b": null, "c": [1, 2]}));
        assert_eq!(form.names().collect::<Vec<_>>(), ["a", "c", "c"]);
    }
}
