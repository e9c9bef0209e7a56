//! Binary downloads as a stream of byte chunks ([`Download`]), with helpers
//! to collect them or write them to a file or any writer. The body is read
//! as it arrives, so memory stays flat whatever its size; the byte source
//! ([`Chunks`]) is shared by the other streams (`sse`, `lines`).

use super::decode::Answer;
use super::error::Error;
use super::kind::ResponseKind;
use super::receive::Receive;
use super::response::Response;
use futures_util::stream::{self, BoxStream, Stream, StreamExt};
use std::fmt;
use std::path::Path;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::io::{AsyncWrite, AsyncWriteExt};

/// The chunks of a body as they arrive (a transport failure mid-way is an
/// error item).
pub(crate) type Chunks = BoxStream<'static, Result<bytes::Bytes, Error>>;

/// The body of `answer` as chunks: the live response, or the body already
/// read (the mock's self-check hands one over whole).
pub(crate) fn chunks(op: &'static str, answer: &mut Answer) -> Chunks {
    match answer.live.take() {
        Some(live) => live
            .bytes_stream()
            .map(move |chunk| chunk.map_err(|e| Error::transport(op, e)))
            .boxed(),
        None => {
            let body = std::mem::take(&mut answer.body);
            stream::iter((!body.is_empty()).then_some(Ok(body))).boxed()
        }
    }
}

/// A binary response body, streamed: a [`Stream`] of byte chunks as they
/// arrive. [`Download::bytes`] collects them, [`Download::save`] and
/// [`Download::write_to`] write them out chunk by chunk (memory stays flat).
pub struct Download {
    op: &'static str,
    length: Option<u64>,
    chunks: Chunks,
}

impl fmt::Debug for Download {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Download")
            .field("operation", &self.op)
            .field("content_length", &self.length)
            .finish_non_exhaustive()
    }
}

impl Download {
    /// The size the server announced (`Content-Length`), if it did.
    pub fn content_length(&self) -> Option<u64> {
        self.length
    }

    /// Every byte, collected in memory.
    pub async fn bytes(mut self) -> Result<bytes::Bytes, Error> {
        let mut all = bytes::BytesMut::new();
        while let Some(chunk) = self.chunks.next().await {
            all.extend_from_slice(&chunk?);
        }
        Ok(all.freeze())
    }

    /// Write the body to `writer` as it arrives (flushed at the end);
    /// the number of bytes written.
    pub async fn write_to<W: AsyncWrite + Unpin + ?Sized>(
        mut self,
        writer: &mut W,
    ) -> Result<u64, Error> {
        let op = self.op;
        let failed = |e| Error::io(op, "writing the download failed", e);
        let mut written = 0u64;
        while let Some(chunk) = self.chunks.next().await {
            let chunk = chunk?;
            writer.write_all(&chunk).await.map_err(failed)?;
            written += chunk.len() as u64;
        }
        writer.flush().await.map_err(failed)?;
        Ok(written)
    }

    /// Write the body to the file at `path` (created, or truncated), as it
    /// arrives; the number of bytes written.
    pub async fn save(self, path: impl AsRef<Path>) -> Result<u64, Error> {
        let path = path.as_ref();
        let mut file = tokio::fs::File::create(path)
            .await
            .map_err(|e| Error::io(self.op, format!("cannot create {}", path.display()), e))?;
        self.write_to(&mut file).await
    }
}

impl Stream for Download {
    type Item = Result<bytes::Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.chunks.as_mut().poll_next(cx)
    }
}

impl Receive for Download {
    const STREAMED: bool = true;

    fn receive(
        op: &'static str,
        _kind: ResponseKind,
        mut answer: Answer,
    ) -> Result<Response<Self>, Error> {
        let length = answer
            .live
            .as_ref()
            .map_or(Some(answer.body.len() as u64), |live| live.content_length());
        let chunks = chunks(op, &mut answer);
        let download = Download { op, length, chunks };
        Ok(Response::new(
            download,
            answer.status,
            answer.headers,
            None,
            None,
            bytes::Bytes::new(),
        ))
    }
}
