//! What ferry guarantees when things go wrong: signals, programs that leave processes behind or
//! eat memory, and a full disk (README, "Reliability").

use std::io::Read;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use nix::sys::termios::{LocalFlags, OutputFlags};
use portable_pty::MasterPty;

use crate::harness::Curriculum;

/// A curriculum of one exercise, `name`, with this source and these extra info.toml keys.
pub(crate) fn one(name: &str, test: bool, extra: &str, source: &str) -> Curriculum {
    let c = Curriculum::empty();
    c.write(
        "info.toml",
        &format!(
            "format_version = 1\n\n[[exercises]]\nname = \"{name}\"\ntest = {test}\n{extra}hint = \"h\"\n"
        ),
    );
    c.write(&format!("exercises/{name}.rs"), source);
    c.write(&format!("solutions/{name}.rs"), source);
    c
}

/// Live (not zombie) processes whose command line is exactly `argv`.
fn processes_running(argv: &[&str]) -> Vec<u32> {
    let wanted: Vec<u8> = argv
        .iter()
        .flat_map(|a| [a.as_bytes(), b"\0"].concat())
        .collect();
    pids()
        .filter(|pid| std::fs::read(format!("/proc/{pid}/cmdline")).is_ok_and(|c| c == wanted))
        .filter(|pid| !is_zombie(*pid))
        .collect()
}

/// Live processes whose name (comm) is `name`.
fn processes_named(name: &str) -> Vec<u32> {
    pids()
        .filter(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/comm")).is_ok_and(|c| c.trim() == name)
        })
        .filter(|pid| !is_zombie(*pid))
        .collect()
}

/// Kills what a failing test found running (so it does not run on after the test), and
/// returns it for the assertion.
fn left_behind(pids: Vec<u32>) -> Vec<u32> {
    for pid in &pids {
        let _ = std::process::Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .status();
    }
    pids
}

fn pids() -> impl Iterator<Item = u32> {
    std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse().ok())
}

fn is_zombie(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|s| {
            s.rsplit_once(')')
                .is_none_or(|(_, rest)| rest.trim_start().starts_with('Z'))
        })
        .unwrap_or(true)
}

/// Waits (up to a minute) for `ready`, panicking with `what` if it never holds.
#[track_caller]
fn wait_until(what: &str, mut ready: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !ready() {
        assert!(Instant::now() < deadline, "never: {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

const BACKGROUND: &str = r#"use std::process::{Command, Stdio};

fn main() {
    // `sh` exits at once; the sleep it started in the background stays in the group.
    let status = Command::new("sh")
        .args(["-c", "sleep 31337 &"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    println!("done");
}
"#;

#[cfg(target_os = "linux")]
#[test]
fn a_background_child_with_null_stdio_does_not_outlive_the_verdict() {
    let c = one("bg_null", false, "", BACKGROUND);
    let out = c.ferry(&["run", "bg_null"]);
    out.code(0).stdout_has("done");
    assert_eq!(
        left_behind(processes_running(&["sleep", "31337"])),
        Vec::<u32>::new()
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_grandchild_holding_stdout_open_does_not_turn_a_pass_into_a_timeout() {
    let source = BACKGROUND
        .replace("31337", "31338")
        .replace("        .stdout(Stdio::null())\n", "");
    let c = one("bg_pipe", false, "timeout = 5\n", &source);
    let out = c.ferry(&["run", "bg_pipe"]);
    out.code(0).stdout_lacks("timed out").stdout_has("done");
    assert_eq!(
        left_behind(processes_running(&["sleep", "31338"])),
        Vec::<u32>::new()
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_program_that_touches_3_gib_is_stopped_with_a_memory_verdict() {
    // 3 GiB in blocks of 1 MiB, each written (`vec!` of a byte is one memset, quick even in a
    // debug build), then kept: the program cannot end before ferry has seen it.
    let source = r#"fn main() {
    let blocks: Vec<Vec<u8>> = (0..3 * 1024).map(|_| vec![1u8; 1 << 20]).collect();
    println!("{}", blocks[1234][12_345]);
    loop {
        std::thread::sleep(std::time::Duration::from_secs(1));
    }
}
"#;
    let c = one("eats_memory", false, "timeout = 60\n", source);
    let out = c.ferry(&["run", "eats_memory"]);
    out.code(1)
        .stdout_has("used more than 2 GiB of memory")
        .stdout_lacks("timed out");
    let log = c.read(".ferry/attempts.jsonl");
    assert!(log.contains("\"memory\""), "{log}");
}

#[cfg(target_os = "linux")]
#[test]
fn a_test_that_starts_10000_threads_still_passes() {
    let source = r#"fn main() {}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Barrier};

    #[test]
    fn ten_thousand_threads_at_once() {
        let barrier = Arc::new(Barrier::new(10_001));
        let threads: Vec<_> = (0..10_000)
            .map(|_| {
                let barrier = Arc::clone(&barrier);
                std::thread::Builder::new()
                    .stack_size(64 * 1024)
                    .spawn(move || {
                        barrier.wait();
                    })
                    .unwrap()
            })
            .collect();
        barrier.wait();
        for thread in threads {
            thread.join().unwrap();
        }
    }
}
"#;
    let c = one("many_threads", true, "timeout = 120\n", source);
    let out = c.ferry(&["run", "many_threads"]);
    out.code(0).stdout_lacks("memory");
}

/// A small tmpfs, unmounted when dropped; `None` (with the reason printed) where mounting is
/// not permitted.
struct Tmpfs(tempfile::TempDir);

impl Tmpfs {
    fn mount(size: &str) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().unwrap();
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .output();
        match mounted {
            Ok(out) if out.status.success() => Some(Tmpfs(dir)),
            Ok(out) => {
                eprintln!(
                    "skipped: cannot mount a tmpfs ({})",
                    String::from_utf8_lossy(&out.stderr).trim()
                );
                None
            }
            Err(err) => {
                eprintln!("skipped: cannot run mount ({err})");
                None
            }
        }
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg(self.0.path())
            .status();
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_during_compile_is_a_ferry_error_naming_the_disk() {
    let Some(disk) = Tmpfs::mount("256k") else {
        return;
    };
    // A megabyte of data in the program: its binary cannot fit however it is linked.
    let source = "static DATA: [u8; 1 << 20] = [7; 1 << 20];\n\nfn main() {\n    println!(\"{}\", DATA[DATA.len() / 2]);\n}\n";
    let c = one("disk_full", false, "", source);
    let root = disk.0.path().join("curriculum");
    crate::harness::copy_dir(c.path(), &root);
    let out = crate::harness::ferry_in(&root, &["run", "disk_full"], |_| {});
    out.code(2)
        .stderr_has("No space left on device")
        .stderr_has(&format!("mounted at {}", disk.0.path().display()))
        .stdout_lacks("does not compile");
    let attempts = root.join(".ferry/attempts.jsonl");
    let log = std::fs::read_to_string(attempts).unwrap_or_default();
    assert!(!log.contains("compile-error"), "{log}");
}

/// A test that never ends, in a way ferry cannot call a deadlock (a sleeping thread could still
/// wake up), so only a signal or the timeout stops it.
const HANG: &str = r#"fn main() {}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    #[test]
    fn sleeps_for_an_hour() {
        std::thread::sleep(Duration::from_secs(3600));
    }
}
"#;

struct Pty {
    master: Box<dyn MasterPty + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    output: Arc<Mutex<Vec<u8>>>,
}

impl Pty {
    fn start(dir: &Path, args: &[&str]) -> Pty {
        let (master, child) = crate::harness::ferry_in_pty(dir, args, 40, 120);
        let mut reader = master.try_clone_reader().unwrap();
        let output = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&output);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Pty {
            master,
            child,
            output,
        }
    }

    /// Cooked mode, as a shell expects to find the terminal: line editing, echo, signal keys
    /// and output processing all on.
    fn is_sane(&self) -> Result<(), String> {
        let termios = self.master.get_termios().ok_or("no termios")?;
        let local = LocalFlags::ICANON | LocalFlags::ECHO | LocalFlags::ISIG;
        if !termios.local_flags.contains(local)
            || !termios.output_flags.contains(OutputFlags::OPOST)
        {
            return Err(format!(
                "{:?} {:?}",
                termios.local_flags, termios.output_flags
            ));
        }
        Ok(())
    }

    fn send(&self, signal: &str) {
        let pid = self.child.process_id().unwrap();
        let status = std::process::Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(pid.to_string())
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Waits for ferry to end; its exit code.
    fn exit_code(&mut self) -> u32 {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.exit_code();
            }
            assert!(
                Instant::now() < deadline,
                "ferry did not end; it printed:\n{}",
                String::from_utf8_lossy(&self.output.lock().unwrap())
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// `ferry ARGS` checks a hanging exercise named `name` in a pseudo-terminal; once the test
/// binary hangs, `stop` ends ferry. Afterwards: the exit code, a sane terminal, no test binary.
fn stops_cleanly(args: &[&str], name: &str, stop: impl FnOnce(&mut Pty), code: u32) {
    let c = one(name, true, "timeout = 120\n", HANG);
    let mut pty = Pty::start(c.path(), args);
    wait_until("the test binary runs", || !processes_named(name).is_empty());
    if args[0] == "watch" {
        wait_until("watch is in raw mode", || pty.is_sane().is_err());
    }
    stop(&mut pty);
    let exit_code = pty.exit_code();
    if let Err(flags) = pty.is_sane() {
        panic!("the terminal was left in raw mode: {flags}");
    }
    // ferry waited for its group to be killed before it exited.
    assert_eq!(left_behind(processes_named(name)), Vec::<u32>::new());
    let target = c.path().join(".ferry/target").join(name);
    let leftovers: Vec<_> = std::fs::read_dir(&target)
        .map(|d| d.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(
        !leftovers.iter().any(|n| n == name),
        "the binary is left in {}: {leftovers:?}",
        target.display()
    );
    assert_eq!(exit_code, code);
}

#[cfg(target_os = "linux")]
#[test]
fn sigterm_to_watch_restores_the_terminal_and_kills_the_learners_program() {
    stops_cleanly(&["watch"], "hang_wterm", |p| p.send("TERM"), 143);
}

#[cfg(target_os = "linux")]
#[test]
fn sighup_to_watch_restores_the_terminal_and_kills_the_learners_program() {
    stops_cleanly(&["watch"], "hang_whup", |p| p.send("HUP"), 129);
}

#[cfg(target_os = "linux")]
#[test]
fn sigint_to_watch_restores_the_terminal_and_kills_the_learners_program() {
    stops_cleanly(&["watch"], "hang_wint", |p| p.send("INT"), 130);
}

#[cfg(target_os = "linux")]
#[test]
fn ctrl_c_on_run_kills_the_learners_program() {
    // Ctrl-C as a learner types it: the terminal sends SIGINT to ferry's process group.
    stops_cleanly(
        &["run", "hang_rint"],
        "hang_rint",
        |p| {
            let mut writer = p.master.take_writer().unwrap();
            std::io::Write::write_all(&mut writer, b"\x03").unwrap();
        },
        130,
    );
}

#[cfg(target_os = "linux")]
#[test]
fn sigterm_to_run_kills_the_learners_program() {
    stops_cleanly(
        &["run", "hang_rterm"],
        "hang_rterm",
        |p| p.send("TERM"),
        143,
    );
}

#[cfg(target_os = "linux")]
#[test]
fn sighup_to_run_kills_the_learners_program() {
    stops_cleanly(&["run", "hang_rhup"], "hang_rhup", |p| p.send("HUP"), 129);
}

#[cfg(target_os = "linux")]
#[test]
fn the_memory_limit_is_set_per_exercise_and_per_curriculum() {
    let source = r#"fn main() {
    let mut memory: Vec<u8> = Vec::new();
    memory.resize(256 << 20, 1);
    println!("{}", memory[12_345]);
}
"#;
    let c = one("mem_exercise", false, "timeout = 60\nmemory = 64\n", source);
    c.ferry(&["run", "mem_exercise"])
        .code(1)
        .stdout_has("used more than 64 MiB of memory");

    let c = one("mem_curriculum", false, "timeout = 60\n", source);
    let info = c
        .read("info.toml")
        .replace("format_version = 1\n", "format_version = 1\nmemory = 100\n");
    c.write("info.toml", &info);
    c.ferry(&["run", "mem_curriculum"])
        .code(1)
        .stdout_has("used more than 100 MiB of memory");
}
