//! Running a child process for its wall time and peak memory.
//!
//! `wait4(2)` reaps the child and returns its `rusage`, whose `ru_maxrss` is
//! the peak resident set in KiB (Linux) of the child and of the descendants
//! it waited for (for `cargo`: the largest `rustc`).
//!
//! One catch: Linux records the RSS high-water mark of the address space a
//! process leaves at `exec`, i.e. of its parent's (std spawns with vfork),
//! so the suite, which grows while timing stages in process, would inflate
//! every child's figure. So [`run`] goes through a small helper process,
//! `bench measure` ([`measure_command`]), which spawns the real command,
//! times it and reports; the helper is small, and the command inherits only
//! its mark. Output goes to files, so a chatty child never blocks on a pipe.

use std::fs::File;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub(crate) struct Run {
    pub wall: Duration,
    pub max_rss_kb: u64,
    /// User + system CPU time of the child and the descendants it waited
    /// for: the work done, which other load on the machine moves far less
    /// than the wall time.
    pub cpu: Duration,
    pub success: bool,
    /// Exit code, or the signal as `signal N`.
    pub status: String,
    /// stdout then stderr, as text.
    pub output: String,
}

/// Runs `cmd` to completion through `bench measure`; its stdout and stderr
/// land in `scratch/{out,err}.txt`.
pub(crate) fn run(cmd: &mut Command, scratch: &Path) -> Result<Run, String> {
    std::fs::create_dir_all(scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;
    let out_path = scratch.join("out.txt");
    let err_path = scratch.join("err.txt");
    let exe = std::env::current_exe().map_err(|e| format!("current exe: {e}"))?;
    let mut helper = Command::new(exe);
    helper
        .arg("measure")
        .arg(&out_path)
        .arg(&err_path)
        .arg("--")
        .arg(cmd.get_program())
        .args(cmd.get_args());
    for (key, value) in cmd.get_envs() {
        match value {
            Some(v) => helper.env(key, v),
            None => helper.env_remove(key),
        };
    }
    if let Some(dir) = cmd.get_current_dir() {
        helper.current_dir(dir);
    }
    let report = helper
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot start bench measure: {e}"))?;
    let text = String::from_utf8_lossy(&report.stdout);
    let fields: Vec<&str> = text.split_whitespace().collect();
    let [nanos, rss, status, cpu] = fields[..] else {
        return Err(format!(
            "bench measure {:?}: unexpected report {text:?}",
            cmd.get_program()
        ));
    };
    let mut output = std::fs::read_to_string(&out_path).unwrap_or_default();
    output.push_str(&std::fs::read_to_string(&err_path).unwrap_or_default());
    Ok(Run {
        wall: Duration::from_nanos(nanos.parse().map_err(|_| "bad report")?),
        max_rss_kb: rss.parse().map_err(|_| "bad report")?,
        cpu: Duration::from_nanos(cpu.parse().map_err(|_| "bad report")?),
        success: status == "0",
        status: status.replace('_', " "),
        output,
    })
}

/// `bench measure OUT ERR -- PROGRAM ARGS...`: runs the program with stdout
/// to OUT and stderr to ERR, and prints `NANOS MAXRSS_KB STATUS CPU_NANOS`
/// (STATUS: the exit code, or `signal_N`; CPU: user + system time).
pub(crate) fn measure_command(args: &[String]) -> Result<(), String> {
    let [out, err, dashes, program, rest @ ..] = args else {
        return Err("usage: bench measure OUT ERR -- PROGRAM ARGS...".into());
    };
    if dashes != "--" {
        return Err("usage: bench measure OUT ERR -- PROGRAM ARGS...".into());
    }
    let file = |p: &str| File::create(p).map_err(|e| format!("{p}: {e}"));
    let mut cmd = Command::new(program);
    cmd.args(rest)
        .stdin(Stdio::null())
        .stdout(Stdio::from(file(out)?))
        .stderr(Stdio::from(file(err)?));
    let start = Instant::now();
    let child = cmd
        .spawn()
        .map_err(|e| format!("cannot start {program}: {e}"))?;
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain data; wait4 fills it and `status`.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let reaped = loop {
        // SAFETY: valid pointers to locals; `pid` is our own child, not yet reaped.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == -1 && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
            continue;
        }
        break r;
    };
    let wall = start.elapsed();
    // The child is reaped: `Child` must not wait for it again (dropping it does not).
    drop(child);
    if reaped != pid {
        return Err(format!("wait4 failed: {}", std::io::Error::last_os_error()));
    }
    let status = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status).to_string()
    } else {
        format!("signal_{}", libc::WTERMSIG(status))
    };
    let tv = |t: libc::timeval| t.tv_sec as u128 * 1_000_000_000 + t.tv_usec as u128 * 1_000;
    let cpu = tv(usage.ru_utime) + tv(usage.ru_stime);
    println!("{} {} {status} {cpu}", wall.as_nanos(), usage.ru_maxrss);
    Ok(())
}

/// The last `n` non-empty lines of a program's output, joined by ` / `.
pub(crate) fn last_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[lines.len().saturating_sub(n)..].join(" / ")
}
