//! Client benchmark: what the generated client costs on top of raw `reqwest`.
//!
//! 1. **Requests.** A loopback HTTP/1.1 server (raw tokio TCP, keep-alive,
//!    one thread, a fixed answer: the `showSmartLinkPostback` fixture) is
//!    called for a fixed time by the variants below. The client runs on one
//!    current-thread tokio runtime pinned to CPU 0, the server on the last
//!    CPU (when there are two or more), so what is measured is the client's
//!    CPU cost per request.
//!    - `generated`: `client.smart_link_postbacks().show(123)`, retries at
//!      their default (2; none happens, every answer is a 200), decoded into
//!      `Response<types::SmartLinkPostback>` (envelope, `_meta`, headers);
//!    - `raw reqwest (typed)`: the same GET with the same headers (`Accept`,
//!      `Authorization: Bearer …`, the same user agent) and the same 60 s
//!      per-request timeout, body read with `bytes()` and decoded with
//!      `serde_json::from_slice` into `{ data: types::SmartLinkPostback,
//!      _meta: Value, _pagination: Value }`, the envelope the client reads;
//!    - `raw reqwest (Value)`: the same, decoded into `serde_json::Value`.
//!
//!    At concurrency 1 and 64, each for `--secs` after `--warmup`, in
//!    `--rounds` rounds; within a round the variants run back to back (the
//!    order rotates each round), so a ratio compares runs a few seconds apart.
//!    Reported: the median over rounds of requests/s, p50 and p99 latency, and
//!    of the per-round ratio generated / raw (typed); and the client thread's
//!    CPU time per request (`CLOCK_THREAD_CPUTIME_ID` over the window) with
//!    its per-round ratio raw / generated, which is what requests/s would be
//!    on idle CPUs and holds up when other work shares the machine.
//! 2. **Decoding** a `listSmartLinkClicks` envelope with `--rows` click rows
//!    (the fixture's row, ids varied), in process: into `serde_json::Value`,
//!    into the generated `types::SmartLinkClicks` with plain `serde_json`
//!    (what the runtime does, `runtime/decode.rs` `json()`), and with
//!    `serde_path_to_error` around `serde_json` (the runtime's path for a body
//!    that fails to decode, to name the field; before commit 0a71906 it
//!    decoded every body so); then the whole call over
//!    loopback (`client.smart_links().list_clicks(..)`) against raw reqwest +
//!    `Value`.
//!
//! Output: Markdown tables on stdout. Usage: `client-bench [--secs S]
//! [--warmup S] [--rounds N] [--rows N] [--decode-reps N]`; `--only
//! generated|raw-typed|raw-value` runs one variant of the request benchmark
//! and nothing else (for a profiler), at concurrency 1 and 64 or only at
//! `--concurrency N`.

use onlyfans_api::operations::ListSmartLinkClicks;
use onlyfans_api::types::SmartLinkPostback;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

type Clicks = <ListSmartLinkClicks as onlyfans_api::Operation>::Output;

const SHOW_FIXTURE: &str =
    include_str!("../../../generated-client/tests/fixtures/show_smart_link_postback.json");
const CLICKS_FIXTURE: &str =
    include_str!("../../../generated-client/tests/fixtures/list_smart_link_clicks.json");
const API_KEY: &str = "bench-key-0123456789";
const USER_AGENT: &str = "onlyfans-api/0.1.0";
const TIMEOUT: Duration = Duration::from_secs(60);

struct Args {
    secs: f64,
    warmup: f64,
    rounds: usize,
    rows: usize,
    decode_reps: usize,
    /// Only this variant, only the request benchmark (for profiling).
    only: Option<Variant>,
    /// With `--only`: only this concurrency (default: 1 and 64).
    concurrency: Option<usize>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        secs: 3.0,
        warmup: 0.5,
        rounds: 5,
        rows: 10_000,
        decode_reps: 20,
        only: None,
        concurrency: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        let bad = || format!("bad value for {flag}: {value}");
        match flag.as_str() {
            "--secs" => args.secs = value.parse().map_err(|_| bad())?,
            "--warmup" => args.warmup = value.parse().map_err(|_| bad())?,
            "--rounds" => args.rounds = value.parse().map_err(|_| bad())?,
            "--rows" => args.rows = value.parse().map_err(|_| bad())?,
            "--decode-reps" => args.decode_reps = value.parse().map_err(|_| bad())?,
            "--concurrency" => args.concurrency = Some(value.parse().map_err(|_| bad())?),
            "--only" => {
                args.only = Some(match value.as_str() {
                    "generated" => Variant::Generated,
                    "raw-typed" => Variant::RawTyped,
                    "raw-value" => Variant::RawValue,
                    _ => return Err(bad()),
                })
            }
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    Ok(args)
}

fn main() {
    let args = parse_args().unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(2)
    });
    // reqwest's `rustls-no-provider` (as the generated client uses it) needs
    // a process-wide provider for a plain `reqwest::Client`: ring, the one
    // the generated client picks when none is installed.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let small = compact(SHOW_FIXTURE);
    let big = big_clicks_body(args.rows);
    let addr = start_server(small.clone(), big.clone());
    // (The server pins its own thread when there are two CPUs or more.)
    let base = format!("http://{addr}");
    // The client and the server each get a CPU of their own (when there are
    // two): the client is what is measured, and on a shared core the
    // scheduler's placement of three busy threads made runs bimodal.
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    let pinned = cpus >= 2 && pin_to_cpu(0);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    println!(
        "Loopback server: one thread, raw HTTP/1.1 keep-alive, fixed answers ({} B for show, {} B for the clicks list){}. Client: one current-thread tokio runtime{}.\n",
        small.len(),
        big.len(),
        if pinned { ", pinned to the last CPU" } else { "" },
        if pinned { ", pinned to CPU 0" } else { "" },
    );
    println!(
        "The future of one generated call (`show(123)`, boxed once by `.await`): {} B.\n",
        call_future_size(&base),
    );
    if let Some(variant) = args.only {
        let levels = args.concurrency.map_or(vec![1, 64], |c| vec![c]);
        for concurrency in levels {
            let s = rt.block_on(run_one(variant, concurrency, &base, &args));
            println!(
                "{} c={concurrency}: {:.0} req/s, p50 {}, p99 {}, client CPU {} per request",
                variant.name(),
                s.rps,
                fmt_dur(s.p50),
                fmt_dur(s.p99),
                fmt_dur_ns(s.cpu)
            );
        }
        return;
    }
    rt.block_on(requests(&args, &base));
    decode_in_process(&args, &big);
    rt.block_on(decode_over_loopback(&args, &base, big.len()));
}

// ---------------------------------------------------------------- requests

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Variant {
    Generated,
    RawTyped,
    RawValue,
}

const VARIANTS: [Variant; 3] = [Variant::Generated, Variant::RawTyped, Variant::RawValue];

impl Variant {
    fn name(self) -> &'static str {
        match self {
            Variant::Generated => "generated client",
            Variant::RawTyped => "raw reqwest (typed)",
            Variant::RawValue => "raw reqwest (Value)",
        }
    }
}

#[derive(Deserialize)]
#[allow(dead_code)] // read for their decoding cost only
struct RawEnvelope<T> {
    data: T,
    #[serde(rename = "_meta", default)]
    meta: Option<Value>,
    #[serde(rename = "_pagination", default)]
    pagination: Option<Value>,
}

#[derive(Clone)]
enum Caller {
    Generated(onlyfans_api::Client),
    Raw {
        http: reqwest::Client,
        url: Arc<str>,
        variant: Variant,
    },
}

/// The size of the future a generated call is (`Call::send`'s, which
/// `.await` boxes): it is moved into its box, and everything in it is
/// moved at each level of the call, so its size is a cost per request.
fn call_future_size(base: &str) -> usize {
    let client = onlyfans_api::Client::builder()
        .api_key(API_KEY)
        .base_url(base)
        .build()
        .expect("client");
    let call = client.smart_link_postbacks().show(123).send();
    std::mem::size_of_val(&call)
}

fn raw_http() -> reqwest::Client {
    // What `ClientBuilder::build` makes when no client is given (with the
    // crypto provider `main` installs, which the generated client uses too).
    reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .build()
        .expect("reqwest client")
}

impl Caller {
    fn new(variant: Variant, base: &str) -> Self {
        match variant {
            Variant::Generated => Caller::Generated(
                onlyfans_api::Client::builder()
                    .api_key(API_KEY)
                    .base_url(base)
                    .build()
                    .expect("client"),
            ),
            Variant::RawTyped | Variant::RawValue => Caller::Raw {
                http: raw_http(),
                url: format!("{base}/api/smart-link-postbacks/123").into(),
                variant,
            },
        }
    }

    async fn call(&self) {
        match self {
            Caller::Generated(client) => {
                let r = client
                    .smart_link_postbacks()
                    .show(123)
                    .await
                    .expect("generated call");
                assert_eq!(r.data.id, Some(123));
                std::hint::black_box(r);
            }
            Caller::Raw { http, url, variant } => {
                let resp = http
                    .get(&**url)
                    .header(reqwest::header::ACCEPT, "application/json")
                    .bearer_auth(API_KEY)
                    .timeout(TIMEOUT)
                    .send()
                    .await
                    .expect("raw send")
                    .error_for_status()
                    .expect("raw status");
                let bytes = resp.bytes().await.expect("raw body");
                match variant {
                    Variant::RawTyped => {
                        let env: RawEnvelope<SmartLinkPostback> =
                            serde_json::from_slice(&bytes).expect("raw typed decode");
                        assert_eq!(env.data.id, Some(123));
                        std::hint::black_box(env);
                    }
                    _ => {
                        let v: Value = serde_json::from_slice(&bytes).expect("raw value decode");
                        std::hint::black_box(v);
                    }
                }
            }
        }
    }
}

struct Sample {
    rps: f64,
    p50: Duration,
    p99: Duration,
    /// CPU time of the client's thread per request in the window: what
    /// requests/s would be bounded by on an otherwise idle CPU, and far less
    /// sensitive than wall time to other work on the machine.
    cpu: Duration,
}

/// CPU time used by the calling thread so far.
fn thread_cpu() -> Duration {
    // SAFETY: clock_gettime writes the timespec it is given.
    unsafe {
        let mut t: libc::timespec = std::mem::zeroed();
        libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t);
        Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
    }
}

async fn run_one(variant: Variant, concurrency: usize, base: &str, args: &Args) -> Sample {
    let caller = Caller::new(variant, base);
    let start = Instant::now();
    let measure_from = start + Duration::from_secs_f64(args.warmup);
    let end = measure_from + Duration::from_secs_f64(args.secs);
    // Requests finished so far, read with the thread's CPU time at both
    // ends of the window (the runtime is current-thread: every task, the
    // client's I/O included, runs on this thread).
    let done = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let counter = done.clone();
    let sampler = tokio::spawn(async move {
        let read = || {
            (
                counter.load(std::sync::atomic::Ordering::Relaxed),
                thread_cpu(),
            )
        };
        tokio::time::sleep_until(measure_from.into()).await;
        let (n0, c0) = read();
        tokio::time::sleep_until(end.into()).await;
        let (n1, c1) = read();
        (c1 - c0) / (n1 - n0).max(1) as u32
    });
    let tasks: Vec<_> = (0..concurrency)
        .map(|_| {
            let caller = caller.clone();
            let done = done.clone();
            tokio::spawn(async move {
                let mut latencies = Vec::with_capacity(1 << 16);
                loop {
                    let t0 = Instant::now();
                    if t0 >= end {
                        break;
                    }
                    caller.call().await;
                    done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let t1 = Instant::now();
                    if t0 >= measure_from && t1 <= end {
                        latencies.push((t1 - t0).as_nanos() as u64);
                    }
                }
                latencies
            })
        })
        .collect();
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.expect("task"));
    }
    all.sort_unstable();
    assert!(!all.is_empty(), "no request completed in the window");
    Sample {
        rps: all.len() as f64 / args.secs,
        p50: Duration::from_nanos(all[all.len() / 2]),
        p99: Duration::from_nanos(all[(all.len() * 99 / 100).min(all.len() - 1)]),
        cpu: sampler.await.expect("sampler"),
    }
}

async fn requests(args: &Args, base: &str) {
    println!(
        "### Requests: `show(123)` over loopback ({} rounds × {:.1} s per variant and concurrency, {:.1} s warm-up)\n",
        args.rounds, args.secs, args.warmup
    );
    println!("| concurrency | variant | requests/s | p50 | p99 | ratio to raw reqwest (typed) | client CPU per request | ratio by CPU (raw CPU / this CPU) |");
    println!("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for concurrency in [1usize, 64] {
        let mut samples: Vec<Vec<Sample>> = VARIANTS.iter().map(|_| Vec::new()).collect();
        for round in 0..args.rounds {
            for k in 0..VARIANTS.len() {
                let i = (k + round) % VARIANTS.len();
                let s = run_one(VARIANTS[i], concurrency, base, args).await;
                eprintln!(
                    "  requests c={concurrency} round {} {}: {:.0} req/s, p50 {:?}, p99 {:?}, cpu {:?}",
                    round + 1,
                    VARIANTS[i].name(),
                    s.rps,
                    s.p50,
                    s.p99,
                    s.cpu
                );
                samples[i].push(s);
            }
        }
        let raw = &samples[1];
        for (i, v) in VARIANTS.iter().enumerate() {
            let s = &samples[i];
            let ratios: Vec<f64> = s.iter().zip(raw).map(|(a, b)| a.rps / b.rps).collect();
            let cpu_ratios: Vec<f64> = s
                .iter()
                .zip(raw)
                .map(|(a, b)| b.cpu.as_secs_f64() / a.cpu.as_secs_f64())
                .collect();
            let show = |r: &[f64]| {
                format!(
                    "{:.3} (rounds: {})",
                    median_f(r.to_vec()),
                    r.iter()
                        .map(|r| format!("{r:.3}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            println!(
                "| {concurrency} | {} | {:.0} | {} | {} | {} | {} | {} |",
                v.name(),
                median_f(s.iter().map(|x| x.rps).collect()),
                fmt_dur(median_d(s.iter().map(|x| x.p50).collect())),
                fmt_dur(median_d(s.iter().map(|x| x.p99).collect())),
                if i == 1 {
                    "1".to_string()
                } else {
                    show(&ratios)
                },
                fmt_dur_ns(median_d(s.iter().map(|x| x.cpu).collect())),
                if i == 1 {
                    "1".to_string()
                } else {
                    show(&cpu_ratios)
                },
            );
        }
    }
    println!();
}

// ---------------------------------------------------------------- decoding

fn compact(json: &str) -> Vec<u8> {
    let v: Value = serde_json::from_str(json).expect("fixture is JSON");
    serde_json::to_vec(&v).expect("serialize")
}

/// The `listSmartLinkClicks` fixture with `rows` rows (its one row, ids and
/// IP addresses varied), compact JSON.
fn big_clicks_body(rows: usize) -> Vec<u8> {
    let mut v: Value = serde_json::from_str(CLICKS_FIXTURE).expect("fixture is JSON");
    let row = v["data"]["rows"][0].clone();
    let list: Vec<Value> = (0..rows)
        .map(|i| {
            let mut r = row.clone();
            r["id"] = Value::String(format!("01JTESTCLICK{i:015}"));
            r["ip_address"] =
                Value::String(format!("10.{}.{}.{}", i >> 16, (i >> 8) & 255, i & 255));
            r["gross_clicks"] = Value::from(i as i64 % 7);
            r
        })
        .collect();
    v["data"]["rows"] = Value::Array(list);
    serde_json::to_vec(&v).expect("serialize")
}

/// Path-tracking decoding, as `generated-client/src/runtime/decode.rs` (`json`)
/// does for a body that plain `serde_json` refused: `serde_path_to_error`
/// around a `serde_json` deserializer.
fn tracked_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let v = serde_path_to_error::deserialize(&mut de).map_err(|e| e.into_inner())?;
    de.end()?;
    Ok(v)
}

fn time_reps<R>(reps: usize, mut f: impl FnMut() -> R) -> Vec<Duration> {
    let _ = std::hint::black_box(f()); // warm-up
    (0..reps)
        .map(|_| {
            let t = Instant::now();
            let out = std::hint::black_box(f());
            let d = t.elapsed();
            drop(out); // dropping is not timed
            d
        })
        .collect()
}

fn decode_in_process(args: &Args, body: &[u8]) {
    let rows = |c: &Clicks| c.rows.as_ref().map_or(0, Vec::len);
    let check: RawEnvelope<Clicks> = serde_json::from_slice(body).expect("typed decode");
    assert_eq!(rows(&check.data), args.rows);
    let check: RawEnvelope<Clicks> = tracked_json(body).expect("tracked decode");
    assert_eq!(rows(&check.data), args.rows);
    drop(check);

    let mb = body.len() as f64 / 1e6;
    println!(
        "### Decoding `listSmartLinkClicks` with {} rows ({:.2} MB compact JSON), in process, median of {}\n",
        args.rows, mb, args.decode_reps
    );
    println!("| into | median | MB/s | ratio to `Value` |");
    println!("| --- | ---: | ---: | ---: |");
    let value = median_d(time_reps(args.decode_reps, || {
        serde_json::from_slice::<Value>(body).expect("value")
    }));
    let typed = median_d(time_reps(args.decode_reps, || {
        serde_json::from_slice::<RawEnvelope<Clicks>>(body).expect("typed")
    }));
    let tracked = median_d(time_reps(args.decode_reps, || {
        tracked_json::<RawEnvelope<Clicks>>(body).expect("tracked")
    }));
    for (name, d) in [
        ("`serde_json::Value`", value),
        (
            "generated `SmartLinkClicks`, plain `serde_json::from_slice` (as the runtime decodes)",
            typed,
        ),
        (
            "generated `SmartLinkClicks`, with `serde_path_to_error` (the runtime's error path)",
            tracked,
        ),
    ] {
        println!(
            "| {name} | {} | {:.0} | {:.2} |",
            fmt_dur(d),
            mb / d.as_secs_f64(),
            d.as_secs_f64() / value.as_secs_f64()
        );
    }
    println!();
}

async fn decode_over_loopback(args: &Args, base: &str, len: usize) {
    let client = onlyfans_api::Client::builder()
        .api_key(API_KEY)
        .base_url(base)
        .build()
        .expect("client");
    let http = raw_http();
    let url = format!("{base}/api/acct_1/smart-links/01JTESTLINK/clicks");
    let reps = args.decode_reps;
    let mut gen = Vec::new();
    let mut raw = Vec::new();
    for i in 0..=reps {
        let t = Instant::now();
        let r = client
            .smart_links()
            .list_clicks("acct_1", "01JTESTLINK")
            .await
            .expect("list_clicks");
        let d = t.elapsed();
        assert_eq!(r.data.rows.as_ref().map_or(0, Vec::len), args.rows);
        drop(r);
        let t = Instant::now();
        let bytes = http
            .get(&url)
            .header(reqwest::header::ACCEPT, "application/json")
            .bearer_auth(API_KEY)
            .timeout(TIMEOUT)
            .send()
            .await
            .expect("raw send")
            .bytes()
            .await
            .expect("raw body");
        let v: Value = serde_json::from_slice(&bytes).expect("raw value");
        let e = t.elapsed();
        drop(v);
        if i > 0 {
            gen.push(d);
            raw.push(e);
        }
    }
    let mb = len as f64 / 1e6;
    let (g, r) = (median_d(gen), median_d(raw));
    println!(
        "### The same response over loopback, whole call (request, {:.2} MB body, decode), median of {reps}\n",
        mb
    );
    println!("| call | median | MB/s | ratio to raw reqwest + `Value` |");
    println!("| --- | ---: | ---: | ---: |");
    println!(
        "| `client.smart_links().list_clicks(..)` | {} | {:.0} | {:.2} |",
        fmt_dur(g),
        mb / g.as_secs_f64(),
        g.as_secs_f64() / r.as_secs_f64()
    );
    println!(
        "| raw reqwest, `bytes()` + `serde_json::Value` | {} | {:.0} | 1 |",
        fmt_dur(r),
        mb / r.as_secs_f64()
    );
    println!();
}

// ---------------------------------------------------------------- server

/// Starts the loopback server on its own thread (one current-thread tokio
/// runtime): every request gets `big` when its target contains `/clicks`,
/// else `small`, as a 200 with `content-length`; connections are kept alive.
fn start_server(small: Vec<u8>, big: Vec<u8>) -> SocketAddr {
    let response = |body: &[u8]| {
        let mut r = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        r.extend_from_slice(body);
        Arc::new(r)
    };
    let (small, big) = (response(&small), response(&big));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    listener.set_nonblocking(true).expect("nonblocking");
    let addr = listener.local_addr().expect("address");
    std::thread::spawn(move || {
        let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
        if cpus >= 2 {
            pin_to_cpu(cpus - 1);
        }
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("server runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let _ = stream.set_nodelay(true);
                tokio::spawn(serve(stream, small.clone(), big.clone()));
            }
        });
    });
    addr
}

async fn serve(mut stream: tokio::net::TcpStream, small: Arc<Vec<u8>>, big: Arc<Vec<u8>>) {
    let mut buf = Vec::with_capacity(16 * 1024);
    let mut chunk = vec![0u8; 16 * 1024];
    loop {
        let n = match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        buf.extend_from_slice(&chunk[..n]);
        let mut start = 0;
        let mut answers: Vec<&Arc<Vec<u8>>> = Vec::new();
        while let Some(end) = find(&buf[start..], b"\r\n\r\n") {
            let head = &buf[start..start + end];
            let line = &head[..find(head, b"\r\n").unwrap_or(head.len())];
            answers.push(if find(line, b"/clicks").is_some() {
                &big
            } else {
                &small
            });
            start += end + 4; // GET requests: no body
        }
        buf.drain(..start);
        for a in answers {
            if stream.write_all(a).await.is_err() {
                return;
            }
        }
    }
}

/// Pins the calling thread to one CPU; false when the system refuses.
fn pin_to_cpu(cpu: usize) -> bool {
    // SAFETY: a zeroed cpu_set_t is an empty set; the calls only read it.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(cpu, &mut set);
        libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set) == 0
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

// ---------------------------------------------------------------- stats

fn median_f(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn median_d(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Microseconds with one decimal (CPU per request is a few µs).
fn fmt_dur_ns(d: Duration) -> String {
    format!("{:.2} µs", d.as_secs_f64() * 1e6)
}

fn fmt_dur(d: Duration) -> String {
    let us = d.as_secs_f64() * 1e6;
    if us < 1000.0 {
        format!("{us:.0} µs")
    } else {
        format!("{:.2} ms", us / 1000.0)
    }
}
