//! Receive webhook events and check their signatures.
//!
//! ```sh
//! ONLYFANS_WEBHOOK_SECRET=... cargo run -p onlyfans-api --example webhook_receiver
//! # then, from another shell, a signed delivery:
//! body='{"event":"messages.received","event_id":"evt_1","account_id":"acct_1","payload":{}}'
//! sig=$(printf %s "$body" | openssl dgst -sha256 -hmac "$ONLYFANS_WEBHOOK_SECRET" -r | cut -d' ' -f1)
//! curl -d "$body" -H "Signature: $sig" -H 'Content-Type: application/json' http://127.0.0.1:8085/webhooks
//! ```
//!
//! A deliberately small HTTP/1.1 server (one request per connection) so the
//! example needs nothing but tokio; in an application the same three steps
//! go in your web framework's handler: take the raw body bytes and the
//! `Signature` header, call `webhooks::verify_event`, answer 401 on an error
//! and 200 quickly otherwise, then process the event (deduplicating on
//! `event_id`: deliveries are at-least-once).

use onlyfans_api::webhooks::{self, WebhookError, WebhookEvent, SIGNATURE_HEADER};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Deliveries are small JSON documents; refuse anything larger.
const MAX_BODY: usize = 1 << 20;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let secret = std::env::var("ONLYFANS_WEBHOOK_SECRET")
        .map_err(|_| std::io::Error::other("set ONLYFANS_WEBHOOK_SECRET"))?;
    let addr = std::env::var("WEBHOOK_ADDR").unwrap_or_else(|_| "127.0.0.1:8085".into());
    let listener = TcpListener::bind(&addr).await?;
    println!("listening on http://{addr}/webhooks");
    loop {
        let (stream, _) = listener.accept().await?;
        let secret = secret.clone();
        tokio::spawn(async move {
            if let Err(e) = serve(stream, &secret).await {
                eprintln!("connection failed: {e}");
            }
        });
    }
}

async fn serve(mut stream: TcpStream, secret: &str) -> std::io::Result<()> {
    let Some((signature, body)) = read_request(&mut stream).await? else {
        return respond(&mut stream, "400 Bad Request").await;
    };
    match webhooks::verify_event(&body, signature.as_deref(), secret) {
        Ok(event) => {
            respond(&mut stream, "200 OK").await?;
            // Acknowledged; now the work (here, just a line).
            let who = event.account_id().unwrap_or("the team").to_string();
            let id = event.event_id().unwrap_or("?").to_string();
            match &event {
                WebhookEvent::TransactionsNew(t) => println!(
                    "{id}: a {} transaction for {who}: {}",
                    t.transaction_type().as_ref().map_or("?", |t| t.as_str()),
                    t.payload
                ),
                WebhookEvent::MessagesReceived(m) => {
                    println!("{id}: a message for {who}: {}", m.payload)
                }
                other => println!("{id} {} for {who}: {}", other.name(), other.payload()),
            }
            Ok(())
        }
        Err(e @ WebhookError::Decode(_)) => {
            eprintln!("signed, but not an event: {e}");
            respond(&mut stream, "400 Bad Request").await
        }
        Err(e) => {
            eprintln!("rejected: {e}");
            respond(&mut stream, "401 Unauthorized").await
        }
    }
}

/// The `Signature` header and the body of one request; `None` when malformed.
async fn read_request(
    stream: &mut TcpStream,
) -> std::io::Result<Option<(Option<String>, Vec<u8>)>> {
    let mut buf = Vec::new();
    let mut chunk = [0_u8; 8192];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        if buf.len() > 64 * 1024 {
            return Ok(None);
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut signature = None;
    let mut length = 0;
    for line in head.lines().skip(1) {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        if name.trim().eq_ignore_ascii_case(SIGNATURE_HEADER) {
            signature = Some(value.trim().to_string());
        } else if name.trim().eq_ignore_ascii_case("content-length") {
            length = value.trim().parse().unwrap_or(usize::MAX);
        }
    }
    if length > MAX_BODY {
        return Ok(None);
    }
    let mut body = buf.split_off(head_end);
    while body.len() < length {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        body.extend_from_slice(&chunk[..n]);
    }
    body.truncate(length);
    Ok(Some((signature, body)))
}

async fn respond(stream: &mut TcpStream, status: &str) -> std::io::Result<()> {
    let reply = format!("HTTP/1.1 {status}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
    stream.write_all(reply.as_bytes()).await?;
    stream.shutdown().await
}
