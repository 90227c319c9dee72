//! A full room on loopback: `ferry class serve`, 200 simulated learners each sending a check
//! every 2–4 s, and one board reading the live stream, for a minute.
//!
//! `cargo bench --bench class` reports the board's update latency (a learner's POST sent, or
//! answered, to the update seen on the board's server-sent events), medians and p99; the
//! server's peak resident memory (VmHWM, from /proc: Linux); and a learner's own `ferry run`
//! time with and without a class connection, in the same run and under the same load, runs
//! interleaved: until the verdict is printed, and until it exits (with the class, once the
//! check is delivered). `FERRY_BENCH_SECONDS` (60) shortens the minute, `FERRY_BENCH_LEARNERS` (200)
//! changes the room, `FERRY_BENCH_RUNS` (10) the `ferry run`s on each side.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[path = "common.rs"]
mod common;

use common::{FERRY, REPO, median};

const EXERCISES: [&str; 3] = ["compile_fail", "runtime_fail", "passing"];
const CODES: [&str; 4] = ["E0382", "E0502", "E0499", "E0505"];

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn copy_dir(from: &Path, to: &Path) {
    let status = Command::new("cp")
        .arg("-R")
        .arg(from)
        .arg(to)
        .status()
        .unwrap();
    assert!(status.success());
}

fn agent(timeout: Option<Duration>) -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .timeout_global(timeout)
        .build()
        .into()
}

/// When each marked check was sent and answered, and when the board saw it.
#[derive(Default)]
struct Times {
    sent: HashMap<u64, Instant>,
    answered: HashMap<u64, Instant>,
    seen: HashMap<u64, Instant>,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn main() {
    let seconds = env_number("FERRY_BENCH_SECONDS", 60);
    let learners = env_number("FERRY_BENCH_LEARNERS", 200);
    let runs = common::runs(10);
    let dir = tempfile::tempdir().unwrap();
    let fixture = Path::new(REPO).join("tests/fixtures/basic");
    let room = dir.path().join("room");
    copy_dir(&fixture, &room);

    let mut server = Command::new(FERRY)
        .args(["class", "serve", "--listen", "127.0.0.1:0", "--db"])
        .arg(dir.path().join("class.db"))
        .current_dir(&room)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let pid = server.id();
    let mut lines = BufReader::new(server.stdout.take().unwrap()).lines();
    let (mut join, mut token) = (None, None);
    while join.is_none() || token.is_none() {
        let line = lines.next().expect("ferry class serve starts").unwrap();
        if let Some(url) = line.strip_prefix("learners join with:   ferry class join ") {
            join = Some(url.to_string());
        }
        if let Some((_, t)) = line.split_once("token=") {
            token = Some(t.to_string());
        }
    }
    std::thread::spawn(move || for _ in lines {});
    let join = join.unwrap();
    let (base, code) = join.split_once("/join/").unwrap();
    let (base, code, token) = (base.to_string(), code.to_string(), token.unwrap());

    // The board: the live stream, each update's marked check noted as it arrives.
    let times = Arc::new(Mutex::new(Times::default()));
    let board_ready = Arc::new(AtomicBool::new(false));
    {
        let (times, base, token, ready) = (
            Arc::clone(&times),
            base.clone(),
            token.clone(),
            Arc::clone(&board_ready),
        );
        std::thread::spawn(move || {
            let response = agent(None)
                .get(&format!("{base}/api/stream"))
                .header("authorization", &format!("Bearer {token}"))
                .call()
                .unwrap();
            let reader = BufReader::new(response.into_body().into_reader());
            let mut event = String::new();
            for line in reader.lines() {
                let Ok(line) = line else { return };
                if let Some(name) = line.strip_prefix("event: ") {
                    event = name.to_string();
                } else if let Some(data) = line.strip_prefix("data: ") {
                    if event == "snapshot" {
                        ready.store(true, Ordering::SeqCst);
                    }
                    if event != "update" {
                        continue;
                    }
                    let at = Instant::now();
                    let update: serde_json::Value = serde_json::from_str(data).unwrap();
                    // The marked check is the cell whose `seconds` is its mark.
                    let exercise = update["learner"]["current"].as_u64().unwrap_or(0) as usize;
                    if let Some(mark) = update["learner"]["cells"][exercise]["seconds"].as_u64() {
                        times.lock().unwrap().seen.entry(mark).or_insert(at);
                    }
                }
            }
        });
    }
    while !board_ready.load(Ordering::SeqCst) {
        std::thread::sleep(Duration::from_millis(10));
    }

    // The room: each learner a thread with its own connection.
    let marks = Arc::new(AtomicU64::new(1));
    let refused = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let end = start + Duration::from_secs(seconds);
    let mut threads = Vec::new();
    for n in 0..learners {
        let (times, marks, refused, base, code) = (
            Arc::clone(&times),
            Arc::clone(&marks),
            Arc::clone(&refused),
            base.clone(),
            code.clone(),
        );
        threads.push(std::thread::spawn(move || {
            let agent = agent(Some(Duration::from_secs(10)));
            let id = format!("{:032x}", 0xfe44_0000_u64 + n);
            let name = format!("learner {n:03}");
            // Spread the room over the first interval; then every 2 to 4 s.
            let mut next = start + Duration::from_millis((n * 3000 / learners.max(1)) % 3000);
            let mut i = 0u64;
            while next < end {
                std::thread::sleep(next.saturating_duration_since(Instant::now()));
                let mark = marks.fetch_add(1, Ordering::SeqCst);
                let exercise = EXERCISES[((i / 5) as usize) % EXERCISES.len()];
                let done = i % 5 == 4;
                let event = serde_json::json!({
                    "kind": "check",
                    "id": format!("b{n}-{i}"),
                    "exercise": exercise,
                    "outcome": if done { "done" } else { "lesson-error" },
                    "codes": if done { vec![] } else { vec![CODES[(n + i) as usize % CODES.len()]] },
                    "hint_level": i % 3,
                    "seconds": mark,
                    "time": common_now(),
                    "trigger": "save",
                });
                let body = serde_json::json!({ "name": name, "events": [event] }).to_string();
                let sent = Instant::now();
                let response = agent
                    .post(&format!("{base}/api/events"))
                    .header("x-ferry-code", &code)
                    .header("x-ferry-learner", &id)
                    .header("content-type", "application/json")
                    .send(&body);
                let answered = Instant::now();
                match response {
                    Ok(r) if r.status() == 200 => {
                        let mut times = times.lock().unwrap();
                        times.sent.insert(mark, sent);
                        times.answered.insert(mark, answered);
                    }
                    _ => {
                        refused.fetch_add(1, Ordering::SeqCst);
                    }
                }
                i += 1;
                next += Duration::from_millis(2000 + (n * 7919 + i * 104_729) % 2000);
            }
        }));
    }

    // Meanwhile, a learner's own checks, with and without the class, interleaved.
    let alone = dir.path().join("alone");
    let joined = dir.path().join("joined");
    copy_dir(&fixture, &alone);
    copy_dir(&fixture, &joined);
    let ferry = |dir: &Path, args: &[&str]| {
        Command::new(FERRY)
            .args(args)
            .current_dir(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap()
    };
    ferry(&joined, &["class", "join", &join, "--name", "measured"]);
    // A first run of each builds what later runs reuse.
    ferry(&alone, &["run", "compile_fail"]);
    ferry(&joined, &["run", "compile_fail"]);
    // Until the verdict is out (ferry prints it before it sends), and until ferry exits.
    let timed = |dir: &Path| {
        let started = Instant::now();
        let mut child = Command::new(FERRY)
            .args(["run", "compile_fail"])
            .current_dir(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut byte = [0u8; 1];
        let _ = std::io::Read::read(&mut stdout, &mut byte);
        let verdict = started.elapsed();
        std::io::copy(&mut stdout, &mut std::io::sink()).unwrap();
        child.wait().unwrap();
        (verdict, started.elapsed())
    };
    let (mut without, mut without_exit) = (Vec::new(), Vec::new());
    let (mut with, mut with_exit) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let (verdict, exit) = timed(&alone);
        without.push(verdict);
        without_exit.push(exit);
        let (verdict, exit) = timed(&joined);
        with.push(verdict);
        with_exit.push(exit);
    }

    for thread in threads {
        thread.join().unwrap();
    }
    std::thread::sleep(Duration::from_millis(500));
    let rss = peak_rss_kib(pid);
    let _ = server.kill();
    let _ = server.wait();

    let times = times.lock().unwrap();
    let mut from_sent = Vec::new();
    let mut from_answer = Vec::new();
    let mut missing = 0;
    for (mark, sent) in &times.sent {
        match times.seen.get(mark) {
            Some(seen) => {
                from_sent.push(seen.saturating_duration_since(*sent).as_secs_f64() * 1000.0);
                let answered = times.answered[mark];
                from_answer.push(seen.saturating_duration_since(answered).as_secs_f64() * 1000.0);
            }
            None => missing += 1,
        }
    }
    from_sent.sort_by(f64::total_cmp);
    from_answer.sort_by(f64::total_cmp);
    let checks = times.sent.len();
    println!(
        "class board: {learners} learners, a check every 2-4 s each, {seconds} s: {checks} checks accepted ({:.0}/s), {} refused, {missing} not seen on the board",
        checks as f64 / seconds as f64,
        refused.load(Ordering::SeqCst)
    );
    if !from_sent.is_empty() {
        println!(
            "  update latency, POST sent -> on the board's stream: median {:.2} ms, p99 {:.2} ms, max {:.2} ms",
            percentile(&from_sent, 0.5),
            percentile(&from_sent, 0.99),
            from_sent[from_sent.len() - 1]
        );
        println!(
            "  update latency, POST answered -> on the board's stream: median {:.2} ms, p99 {:.2} ms (0: the board had it before the learner had the answer)",
            percentile(&from_answer, 0.5),
            percentile(&from_answer, 0.99)
        );
    }
    match rss {
        Some(kib) => println!(
            "  server peak resident memory (VmHWM): {:.1} MiB",
            kib as f64 / 1024.0
        ),
        None => println!("  server memory needs Linux's /proc"),
    }
    let to_ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let (a, j) = (to_ms(median(&mut without)), to_ms(median(&mut with)));
    let (ae, je) = (
        to_ms(median(&mut without_exit)),
        to_ms(median(&mut with_exit)),
    );
    println!(
        "  a learner's `ferry run` (failing exercise), {runs} runs each, medians, under this load:"
    );
    println!(
        "    to the verdict: without a class {a:.1} ms, with a class {j:.1} ms, ratio {:.2}x",
        j / a
    );
    println!(
        "    to exit (with the class: the check delivered): without {ae:.1} ms, with {je:.1} ms, ratio {:.2}x",
        je / ae
    );
}

fn common_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}
