//! What the mock sends on a connection: whole bodies, or the broken ones of a stub's
//! [`Fault`], and the connection itself, which a fault can reset.

use super::stubs::Fault;
use bytes::Bytes;
use futures_util::{StreamExt, stream};
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::Response;
use hyper::body::Frame;
use hyper::header::{CONTENT_LENGTH, HeaderValue};
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

/// How long a body that breaks off waits before it does, so that what comes before is sent.
const FLUSH_DELAY: Duration = Duration::from_millis(20);

/// The body of every response the mock sends.
pub(super) type Body = BoxBody<Bytes, io::Error>;

/// The response as it goes on the wire: whole, or, for a stub's fault, its head and half of its
/// body (with the whole body's `Content-Length`), then an error or nothing more. `None` for
/// [`Fault::Reset`], after which the connection is to be reset instead.
pub(super) fn body(response: Response<Bytes>, fault: Option<Fault>) -> Option<Response<Body>> {
    let (mut parts, whole) = response.into_parts();
    let length = whole.len();
    let half = whole.slice(..length / 2);
    let first = stream::once(async move { Ok(Frame::data(half)) });
    let body = match fault {
        None => Full::new(whole).map_err(|never| match never {}).boxed(),
        Some(Fault::Reset) => return None,
        Some(Fault::CloseMidBody) => {
            let broken = stream::once(async {
                // While the body waits, hyper sends what it has: the head and the first half.
                tokio::time::sleep(FLUSH_DELAY).await;
                Err(io::Error::other("closed by a stub"))
            });
            BodyExt::boxed(StreamBody::new(first.chain(broken)))
        }
        Some(Fault::StallBody) => BodyExt::boxed(StreamBody::new(first.chain(stream::pending()))),
    };
    if fault.is_some() {
        parts
            .headers
            .insert(CONTENT_LENGTH, HeaderValue::from(length));
    }
    Some(Response::from_parts(parts, body))
}

/// A TCP connection that a stub's [`Fault::Reset`] can reset: when `reset` is set, it is closed
/// without a FIN and with a zero linger, so the peer sees a TCP RST rather than an orderly end.
pub(super) struct Connection {
    stream: TcpStream,
    reset: Arc<AtomicBool>,
}

impl Connection {
    pub(super) fn new(stream: TcpStream) -> (Connection, Arc<AtomicBool>) {
        let reset = Arc::new(AtomicBool::new(false));
        let connection = Connection {
            stream,
            reset: Arc::clone(&reset),
        };
        (connection, reset)
    }

    fn is_reset(&self) -> bool {
        self.reset.load(Ordering::SeqCst)
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        if self.is_reset() {
            // `set_zero_linger` replaces this in tokio 1.50; a zero linger never blocks the drop.
            #[allow(deprecated)]
            let _ = self.stream.set_linger(Some(Duration::ZERO));
        }
    }
}

impl AsyncRead for Connection {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Connection {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.is_reset() {
            // No FIN: the drop resets the connection.
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}
