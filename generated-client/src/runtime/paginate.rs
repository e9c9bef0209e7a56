//! Paging through results: [`Paginate`] says how to find the items of a page
//! and how to move the offset; [`Call::into_pages`] and [`Call::into_items`]
//! turn a call into a stream that fetches page after page.
//!
//! How the next page is found, for each page:
//! 1. The envelope has `_pagination`: follow `next_page` (a full URL) until
//!    it is null. The URL must be on the client's own server (same scheme,
//!    host and port as the base URL), else the stream ends with an error and
//!    nothing is sent: the API key goes nowhere else. Auth and the call's
//!    per-request options (headers, extra query, timeout, retries) go along.
//! 2. No `_pagination`, and the operation has an `offset` parameter: advance
//!    the offset by the number of items received. The last page is an empty
//!    one, or one shorter than `limit` (when the call sets no `limit`, than the
//!    first page, whose length is taken as the server's page size).
//!    A server that caps `limit` below the one asked for looks like a short
//!    last page: ask for at most the server's maximum.
//! 3. Neither: the first page is the only one.
//!
//! Each page is one call with its own retries. A failed page ends the stream
//! with that error (the items before it have been yielded).

use super::build::{RequestOptions, Target};
use super::call::Call;
use super::client::Client;
use super::error::Error;
use super::execute::execute;
use super::operation::Operation;
use super::response::Response;
use futures_util::stream::{BoxStream, Stream, StreamExt};
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

/// An operation whose results come in pages. The generator implements it
/// for operations whose response has `_pagination` or that take `limit` and
/// `offset`, when it can tell which list holds the items.
pub trait Paginate: Operation {
    /// One result.
    type Item: Send + 'static;

    /// The items of a page.
    fn items(page: &Self::Output) -> &[Self::Item];

    /// The items of a page, owned.
    fn into_items(page: Self::Output) -> Vec<Self::Item>;

    /// The page size asked for (`limit`), when the call sets one.
    fn limit(&self) -> Option<i64> {
        None
    }

    /// The current offset, when the call sets one.
    fn offset(&self) -> Option<i64> {
        None
    }

    /// Ask for the page starting at `offset`; false when the operation has
    /// no offset parameter (then only `next_page` can lead further).
    fn set_offset(&mut self, _offset: i64) -> bool {
        false
    }
}

/// A stream of the pages of a call, each a [`Response`] (with its metadata).
#[must_use = "a stream does nothing until polled"]
pub struct Pages<O: Paginate> {
    inner: BoxStream<'static, Result<Response<O::Output>, Error>>,
}

/// A stream of the items of every page of a call.
#[must_use = "a stream does nothing until polled"]
pub struct Items<O: Paginate> {
    inner: BoxStream<'static, Result<O::Item, Error>>,
}

impl<O: Paginate> Stream for Pages<O> {
    type Item = Result<Response<O::Output>, Error>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<O: Paginate> Stream for Items<O> {
    type Item = Result<O::Item, Error>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<O: Paginate> fmt::Debug for Pages<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages").field("operation", &O::ID).finish()
    }
}

impl<O: Paginate> fmt::Debug for Items<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items").field("operation", &O::ID).finish()
    }
}

impl<O: Paginate + 'static> Call<'_, O> {
    /// Every page, one request each, until the last (see the module docs
    /// for how the next page is found). The stream owns a clone of the
    /// client, so it can outlive the call's borrow and be spawned. Read it
    /// with [`TryStreamExt::try_next`](super::stream::TryStreamExt::try_next)
    /// (re-exported in [`stream`](super::stream)).
    pub fn into_pages(self) -> Pages<O> {
        let state = State {
            client: self.client.clone(),
            operation: self.operation,
            options: self.options,
            next: Next::First,
            page_size: None,
        };
        Pages {
            inner: futures_util::stream::unfold(state, State::step).boxed(),
        }
    }

    /// Every item of every page, in order; an error ends the stream.
    /// `try_collect::<Vec<_>>()` gathers them all.
    pub fn into_items(self) -> Items<O> {
        let items = self.into_pages().flat_map(|page| {
            futures_util::stream::iter(match page {
                Ok(page) => O::into_items(page.data).into_iter().map(Ok).collect(),
                Err(e) => vec![Err(e)],
            })
        });
        Items {
            inner: items.boxed(),
        }
    }
}

enum Next {
    First,
    Url(reqwest::Url),
    Offset,
    Fail(Error),
    Done,
}

struct State<O> {
    client: Client,
    operation: O,
    options: RequestOptions,
    next: Next,
    /// The page length that means "more may follow" (offset paging).
    page_size: Option<usize>,
}

impl<O: Paginate + 'static> State<O> {
    async fn step(mut self) -> Option<(Result<Response<O::Output>, Error>, Self)> {
        let (result, current) = match std::mem::replace(&mut self.next, Next::Done) {
            Next::Done => return None,
            Next::Fail(e) => return Some((Err(e), self)),
            Next::First | Next::Offset => {
                let target = Target::Operation;
                let page = execute(&self.client, &self.operation, &self.options, target)
                    .await
                    .map_err(Error::untyped);
                (page, None)
            }
            Next::Url(url) => {
                let target = Target::Url(&url);
                let page = execute(&self.client, &self.operation, &self.options, target)
                    .await
                    .map_err(Error::untyped);
                (page, Some(url))
            }
        };
        match result {
            Ok(page) => {
                self.next = self.after(&page, current);
                Some((Ok(page), self))
            }
            Err(e) => Some((Err(e), self)),
        }
    }

    /// Where to go after `page`, which came from `current` (a `next_page`
    /// URL) or from the operation itself (`None`).
    fn after(&mut self, page: &Response<O::Output>, current: Option<reqwest::Url>) -> Next {
        if let Some(pagination) = page.pagination() {
            let Some(next) = &pagination.next_page else {
                return Next::Done;
            };
            let base = current.as_ref().unwrap_or(&self.client.inner.base);
            let url = base.join(next);
            return match url {
                Ok(url) if Some(&url) == current.as_ref() => Next::Fail(Error::request(
                    O::ID,
                    "next_page points at the page just fetched; stopping instead of looping",
                )),
                Ok(url) => Next::Url(url),
                Err(e) => Next::Fail(Error::request(
                    O::ID,
                    format!("next_page is not a valid URL: {e}"),
                )),
            };
        }
        if current.is_some() {
            // Reached through next_page, but this page has no _pagination: the end.
            return Next::Done;
        }
        let received = O::items(&page.data).len();
        if received == 0 {
            return Next::Done;
        }
        let page_size = *self.page_size.get_or_insert_with(|| {
            self.operation
                .limit()
                .and_then(|l| usize::try_from(l).ok())
                .filter(|&l| l > 0)
                .unwrap_or(received)
        });
        if received < page_size {
            return Next::Done;
        }
        let offset = self.operation.offset().unwrap_or(0) + received as i64;
        if self.operation.set_offset(offset) {
            Next::Offset
        } else {
            Next::Done
        }
    }
}
