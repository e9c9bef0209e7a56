//! `download-bench [MiB]`: a loopback server sends MiB mebibytes (default
//! 1024: 1 GiB) as one `application/octet-stream` body; the client reads it
//! through the runtime's [`Download`] into a sink (`write_to`), then into a
//! file (`save`) when `--file` is given. Prints the peak resident memory of
//! the process (`VmHWM`, server and client together) before and after, the
//! bytes received and the throughput.

use onlyfans_api::{Client, Download, Operation, ResponseKind};
use std::time::Instant;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

#[derive(Debug, Clone)]
struct Fetch;

impl Operation for Fetch {
    type Output = Download;
    const ID: &'static str = "fetch";
    const METHOD: &'static str = "GET";
    const PATH: &'static str = "/blob";
    const RESPONSE: ResponseKind = ResponseKind::Bytes;
    fn path(&self) -> String {
        "/blob".into()
    }
}

/// The peak resident set of this process, in KiB (`VmHWM` of `/proc/self/status`).
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Serve `total` bytes (a 64 KiB pattern, again and again) to each connection.
async fn serve(listener: TcpListener, total: u64) {
    let chunk: Vec<u8> = (0..64 * 1024).map(|i| (i % 251) as u8).collect();
    while let Ok((mut socket, _)) = listener.accept().await {
        let chunk = chunk.clone();
        tokio::spawn(async move {
            let mut head = [0u8; 4096];
            let _ = socket.read(&mut head).await;
            let answer = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: {total}\r\n\r\n"
            );
            socket.write_all(answer.as_bytes()).await?;
            let mut left = total;
            while left > 0 {
                let n = left.min(chunk.len() as u64) as usize;
                socket.write_all(&chunk[..n]).await?;
                left -= n as u64;
            }
            socket.flush().await
        });
    }
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mib: u64 = args.iter().find_map(|a| a.parse().ok()).unwrap_or(1024);
    let to_file = args.iter().any(|a| a == "--file");
    let total = mib * 1024 * 1024;
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(serve(listener, total));
    let client = Client::builder()
        .api_key("bench")
        .base_url(base)
        .build()
        .expect("client");
    let before = peak_rss_kib();
    let started = Instant::now();
    let download = client.call(Fetch).send().await.expect("answer").into_data();
    let received = if to_file {
        let dir = std::env::temp_dir().join(format!("download-bench-{}", std::process::id()));
        let written = download.save(&dir).await.expect("saved");
        let _ = std::fs::remove_file(&dir);
        written
    } else {
        download.write_to(&mut tokio::io::sink()).await.expect("read")
    };
    let seconds = started.elapsed().as_secs_f64();
    assert_eq!(received, total, "every byte arrived");
    println!(
        "downloaded {} MiB{} in {seconds:.2} s ({:.0} MiB/s); peak RSS {:.1} MiB before, {:.1} MiB after",
        received / (1024 * 1024),
        if to_file { " to a file" } else { "" },
        received as f64 / (1024.0 * 1024.0) / seconds,
        before as f64 / 1024.0,
        peak_rss_kib() as f64 / 1024.0,
    );
}
