//! Save-to-verdict latency of `ferry watch`, next to the bare compiler in the same run, and what
//! an idle `ferry watch` costs.
//!
//! `cargo bench --bench watch_latency`: ferry runs in a pseudo-terminal; each round saves the
//! exercise (a temporary file renamed over it, as editors do) alternately broken and fixed, and
//! times from the rename to the new verdict appearing on the screen. The baseline is the bare
//! toolchain doing the same work: `rustc --error-format=json --test` for the broken file,
//! `clippy-driver --test` plus running the tests for the fixed one. Medians of
//! `FERRY_BENCH_RUNS` (20) each. Then ferry idles for 5 s: its CPU time and resident memory are
//! read from /proc (Linux).

use std::io::Read;
use std::num::NonZeroU16;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

#[path = "common.rs"]
mod common;

use common::{FERRY, REPO};
const DEBOUNCE_MS: f64 = 25.0;

const INFO: &str = r#"format_version = 1

[[exercises]]
name = "subject"
errors = ["E0382"]
test = true
hint = "h"

[[exercises]]
name = "after"
errors = ["E0382"]
test = true
hint = "h"
"#;

fn main() {
    let runs = common::runs(20);
    let repo = Path::new(REPO);
    let broken =
        std::fs::read_to_string(repo.join("exercises/ownership/move_log_request.rs")).unwrap();
    let fixed =
        std::fs::read_to_string(repo.join("solutions/ownership/move_log_request.rs")).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("info.toml"), INFO).unwrap();
    std::fs::create_dir_all(root.join("exercises")).unwrap();
    let subject = root.join("exercises/subject.rs");
    std::fs::write(&subject, &broken).unwrap();
    std::fs::write(root.join("exercises/after.rs"), &broken).unwrap();
    let bare_dir = root.join("bare");
    std::fs::create_dir_all(&bare_dir).unwrap();

    let watch = Watch::start(root);
    watch.expect("does not compile yet", Duration::from_secs(60));

    let mut failing = Vec::new();
    let mut passing = Vec::new();
    let mut bare_failing = Vec::new();
    let mut bare_passing = Vec::new();
    for i in 0..runs {
        // Fixed, then broken again: each save flips the verdict, so the new one is unmistakable.
        passing.push(watch.save_and_wait(&subject, &format!("{fixed}// run {i}\n"), "is done"));
        failing.push(watch.save_and_wait(
            &subject,
            &format!("{broken}// run {i}\n"),
            "does not compile yet",
        ));

        let bare_file = bare_dir.join("subject.rs");
        std::fs::write(&bare_file, format!("{broken}// bare {i}\n")).unwrap();
        bare_failing.push(time(|| {
            let ok = compile("rustc", &bare_file, &bare_dir.join("f"));
            assert!(!ok);
        }));
        std::fs::write(&bare_file, format!("{fixed}// bare {i}\n")).unwrap();
        bare_passing.push(time(|| {
            let binary = bare_dir.join("p");
            assert!(compile("clippy-driver", &bare_file, &binary));
            assert!(
                Command::new(&binary)
                    .stdout(Stdio::null())
                    .status()
                    .unwrap()
                    .success()
            );
        }));
    }

    let (f, bf) = (median(&mut failing), median(&mut bare_failing));
    let (p, bp) = (median(&mut passing), median(&mut bare_passing));
    println!(
        "save-to-verdict in ferry watch, {runs} saves each, medians (debounce {DEBOUNCE_MS} ms):"
    );
    println!(
        "  failing: ferry {f:>6.1} ms   bare rustc {bf:>6.1} ms   ratio to bare+debounce {:.2}x   to bare {:.2}x",
        f / (bf + DEBOUNCE_MS),
        f / bf
    );
    println!(
        "  passing: ferry {p:>6.1} ms   bare clippy+tests {bp:>6.1} ms   ratio to bare+debounce {:.2}x   to bare {:.2}x",
        p / (bp + DEBOUNCE_MS),
        p / bp
    );
    watch.idle_report(Duration::from_secs(5));
}

/// The text the reader thread waits for, and where it reports the moment it appears.
type Wanted = Arc<Mutex<Option<(String, mpsc::Sender<Instant>)>>>;

struct Watch {
    pid: Option<u32>,
    screen: Arc<Mutex<vt100::Parser>>,
    /// The text the reader thread is looking for, and where to say when it appears.
    waiting: Wanted,
    _child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Watch {
    fn start(root: &Path) -> Watch {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 60,
                cols: 160,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut command = CommandBuilder::new(FERRY);
        command.arg("watch");
        command.cwd(root);
        command.env("NO_COLOR", "1");
        let child = pair.slave.spawn_command(command).unwrap();
        drop(pair.slave);
        let pid = child.process_id();
        let mut reader = pair.master.try_clone_reader().unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            NonZeroU16::new(60).unwrap(),
            NonZeroU16::new(160).unwrap(),
            0,
        )));
        let waiting: Wanted = Arc::default();
        let (parser, wanted) = (Arc::clone(&screen), Arc::clone(&waiting));
        std::thread::spawn(move || {
            let _master = pair.master;
            let mut buf = [0u8; 16384];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let mut parser = parser.lock().unwrap();
                parser.process(&buf[..n]);
                let mut wanted = wanted.lock().unwrap();
                let seen = wanted
                    .as_ref()
                    .is_some_and(|(text, _)| parser.screen().contents().contains(text.as_str()));
                if seen && let Some((_, tx)) = wanted.take() {
                    let _ = tx.send(Instant::now());
                }
            }
        });
        Watch {
            pid,
            screen,
            waiting,
            _child: child,
        }
    }

    fn expect(&self, text: &str, within: Duration) {
        let (tx, rx) = mpsc::channel();
        *self.waiting.lock().unwrap() = Some((text.to_string(), tx));
        if !self
            .screen
            .lock()
            .unwrap()
            .screen()
            .contents()
            .contains(text)
        {
            rx.recv_timeout(within)
                .unwrap_or_else(|_| panic!("never saw {text:?}"));
        }
        *self.waiting.lock().unwrap() = None;
    }

    /// Renames a new version over `path` and returns the milliseconds until `text` shows.
    fn save_and_wait(&self, path: &Path, content: &str, text: &str) -> f64 {
        let tmp = path.with_extension("rs.tmp");
        std::fs::write(&tmp, content).unwrap();
        let (tx, rx) = mpsc::channel();
        *self.waiting.lock().unwrap() = Some((text.to_string(), tx));
        let start = Instant::now();
        std::fs::rename(&tmp, path).unwrap();
        let seen = rx
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("never saw {text:?}"));
        (seen - start).as_secs_f64() * 1000.0
    }

    fn idle_report(&self, idle: Duration) {
        let Some(pid) = self.pid else { return };
        let before = cpu_ticks(pid);
        std::thread::sleep(idle);
        let after = cpu_ticks(pid);
        let rss = std::fs::read_to_string(format!("/proc/{pid}/status"))
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("VmRSS:"))
                    .map(|l| l.split_whitespace().nth(1).unwrap_or("?").to_string())
            });
        match (before, after, rss) {
            (Some(b), Some(a), Some(rss)) => println!(
                "idle ferry watch over {} s: {} CPU ticks (1 tick = 10 ms), resident memory {rss} kB",
                idle.as_secs(),
                a - b
            ),
            _ => println!("idle measurement needs Linux's /proc"),
        }
    }
}

fn cpu_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name (which may contain spaces, so split after the last ')').
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(utime + stime)
}

fn compile(tool: &str, source: &Path, out: &Path) -> bool {
    Command::new(common::tool(tool))
        .arg(source)
        .args(["--edition", "2024", "--test", "--error-format=json", "-o"])
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap()
        .success()
}

fn time(f: impl FnOnce()) -> f64 {
    let start = Instant::now();
    f();
    start.elapsed().as_secs_f64() * 1000.0
}

fn median(samples: &mut [f64]) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}
