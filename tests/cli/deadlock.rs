//! Deadlock detection on real programs (README, "Reliability"): a program whose threads are all
//! blocked for good gets a deadlock verdict at once; one that sleeps, waits with a timeout,
//! computes or runs tokio timers is never called deadlocked.
//!
//! Every exercise here has a 10 s timeout, so a deadlock verdict can only come from the
//! detector; the tests assert the kind of verdict, never the time it took (the benchmark
//! `cargo bench --bench deadlock` measures that).

use crate::harness::{Curriculum, Output};
use crate::reliability::one;

const TIMEOUT: &str = "timeout = 10\n";

/// `ferry run` on a one-exercise curriculum; the output and the status the attempt log got.
fn check(name: &str, test: bool, extra: &str, source: &str) -> (Output, String) {
    let c = one(name, test, &format!("{TIMEOUT}{extra}"), source);
    check_in(&c, name)
}

fn check_in(c: &Curriculum, name: &str) -> (Output, String) {
    let out = c.ferry(&["run", name]);
    let log = c.read(".ferry/attempts.jsonl");
    let line: serde_json::Value = serde_json::from_str(log.lines().last().unwrap()).unwrap();
    (out, line["status"].as_str().unwrap().to_string())
}

/// Whether this ferry sees deadlocks (Linux on x86_64 and aarch64); where it does not, the
/// deadlock tests are skipped (they would only wait out the timeout).
fn detects() -> bool {
    if !ferry::runner::deadlock::DETECTS {
        eprintln!("skipped: ferry does not detect deadlocks on this platform");
    }
    ferry::runner::deadlock::DETECTS
}

#[track_caller]
fn deadlocked(out: &Output, status: &str) {
    out.code(1)
        .stdout_has("deadlock after")
        .stdout_lacks("timed out");
    assert_eq!(status, "deadlocked", "{}", out.stdout);
}

#[track_caller]
fn done(out: &Output, status: &str) {
    out.code(0).stdout_has("is done").stdout_lacks("deadlock");
    assert_eq!(status, "done", "{}", out.stdout);
}

#[test]
fn a_lock_taken_twice_in_a_test_is_a_deadlock_naming_the_test() {
    if !detects() {
        return;
    }
    let source = r#"fn main() {}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    #[test]
    fn passes_first() {}

    #[test]
    fn takes_the_lock_twice() {
        let counter = Mutex::new(0);
        let first = counter.lock().unwrap();
        let second = counter.lock().unwrap();
        assert_eq!(*first + *second, 0);
    }
}
"#;
    let (out, status) = check("lock_twice", true, "", source);
    deadlocked(&out, &status);
    // libtest's own main thread, which only waits for the test, is not counted.
    out.stdout_has("in test tests::takes_the_lock_twice: its only thread is waiting")
        .stdout_has("the test thread (tests::takes_the_lock_twice): waiting for a lock")
        .stdout_has("is a lock taken twice?");
}

#[test]
fn two_threads_taking_two_locks_in_opposite_orders_are_a_deadlock() {
    if !detects() {
        return;
    }
    let source = r#"use std::sync::{Arc, Barrier, Mutex};
use std::thread;

fn main() {
    let accounts = Arc::new((Mutex::new(100), Mutex::new(50)));
    // Both take their first lock before either takes its second: a deadlock every time.
    let both_hold_one = Arc::new(Barrier::new(2));
    let (mine, barrier) = (Arc::clone(&accounts), Arc::clone(&both_hold_one));
    let other = thread::Builder::new()
        .name("transfer_back".to_string())
        .spawn(move || {
            let second = mine.1.lock().unwrap();
            barrier.wait();
            let first = mine.0.lock().unwrap();
            *first + *second
        })
        .unwrap();
    let first = accounts.0.lock().unwrap();
    both_hold_one.wait();
    let second = accounts.1.lock().unwrap();
    println!("{}", *first + *second + other.join().unwrap());
}
"#;
    let (out, status) = check("opposite_orders", false, "", source);
    deadlocked(&out, &status);
    out.stdout_has("both threads are waiting and neither can wake the other")
        .stdout_has("the main thread: waiting for a lock")
        .stdout_has("thread 'transfer_back': waiting for a lock")
        .stdout_has("two locks taken in opposite orders");
}

#[test]
fn a_receive_on_a_channel_whose_sender_is_kept_but_never_used_is_a_deadlock() {
    if !detects() {
        return;
    }
    let source = r#"use std::sync::mpsc;
use std::thread;

fn main() {
    let (sender, receiver) = mpsc::channel::<u32>();
    let consumer = thread::spawn(move || receiver.iter().sum::<u32>());
    // The sender is still alive here, and never sends: the consumer waits forever.
    let total = consumer.join().unwrap();
    drop(sender);
    println!("{total}");
}
"#;
    let (out, status) = check("idle_sender", false, "", source);
    deadlocked(&out, &status);
    out.stdout_has("the main thread: waiting for an unnamed thread to finish (join)")
        .stdout_has("an unnamed thread: parked: a channel receive")
        .stdout_has("every sender is dropped");
}

#[test]
fn a_barrier_waiting_for_a_thread_that_never_comes_is_a_deadlock() {
    if !detects() {
        return;
    }
    let source = r#"fn main() {}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Barrier};
    use std::thread;

    #[test]
    fn all_workers_start_together() {
        // Three parties, but only two ever arrive.
        let barrier = Arc::new(Barrier::new(3));
        let theirs = Arc::clone(&barrier);
        let worker = thread::spawn(move || {
            theirs.wait();
        });
        barrier.wait();
        worker.join().unwrap();
    }
}
"#;
    let (out, status) = check("short_barrier", true, "", source);
    deadlocked(&out, &status);
    out.stdout_has("in test tests::all_workers_start_together: both threads are waiting")
        .stdout_has("the test thread (tests::all_workers_start_together): waiting on a condition variable, a barrier or a lock")
        .stdout_has("a thread the test started: waiting on a condition variable")
        .stdout_has("a barrier for a thread that never comes");
}

#[test]
fn a_test_that_sleeps_then_finishes_is_not_a_deadlock() {
    // libtest's main thread waits for the test without a timeout; the test sleeps.
    let source = r#"fn main() {}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    #[test]
    fn sleeps_then_finishes() {
        std::thread::sleep(Duration::from_secs(1));
    }
}
"#;
    let (out, status) = check("sleeps", true, "", source);
    done(&out, &status);
}

#[test]
fn a_recv_timeout_loop_is_not_a_deadlock() {
    // The main thread waits without a timeout (join); the other only ever with one, longer
    // than the detector's settle time.
    let source = r#"use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::Duration;

fn main() {
    let (sender, receiver) = mpsc::channel::<u32>();
    let poller = thread::spawn(move || {
        let mut timeouts = 0;
        while timeouts < 4 {
            match receiver.recv_timeout(Duration::from_millis(300)) {
                Ok(n) => println!("got {n}"),
                Err(RecvTimeoutError::Timeout) => timeouts += 1,
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        timeouts
    });
    let timeouts = poller.join().unwrap();
    drop(sender);
    println!("gave up after {timeouts} timeouts");
}
"#;
    let (out, status) = check("recv_timeout_loop", false, "", source);
    done(&out, &status);
}

#[test]
fn a_condvar_wait_timeout_loop_is_not_a_deadlock() {
    // A helper waits on a channel without a timeout; the main thread on a Condvar with one,
    // longer than the detector's settle time.
    let source = r#"use std::sync::{Condvar, Mutex, mpsc};
use std::thread;
use std::time::Duration;

fn main() {
    let (sender, receiver) = mpsc::channel::<()>();
    let helper = thread::spawn(move || receiver.recv().is_err());
    let ready = Mutex::new(false);
    let changed = Condvar::new();
    let mut guard = ready.lock().unwrap();
    let mut rounds = 0;
    while !*guard && rounds < 4 {
        guard = changed
            .wait_timeout(guard, Duration::from_millis(300))
            .unwrap()
            .0;
        rounds += 1;
    }
    drop(guard);
    drop(sender);
    assert!(helper.join().unwrap());
    println!("waited {rounds} rounds");
}
"#;
    let (out, status) = check("wait_timeout_loop", false, "", source);
    done(&out, &status);
}

#[test]
fn a_thread_computing_for_a_second_is_not_a_deadlock() {
    // The main thread waits for it without a timeout (join).
    let source = r#"use std::hint::black_box;
use std::thread;
use std::time::{Duration, Instant};

fn main() {
    let worker = thread::spawn(|| {
        let start = Instant::now();
        let mut sum = 0u64;
        while start.elapsed() < Duration::from_secs(1) {
            sum = black_box(sum.wrapping_add(1));
        }
        sum
    });
    println!("{}", worker.join().unwrap() > 0);
}
"#;
    let (out, status) = check("computes", false, "", source);
    done(&out, &status);
}

#[test]
fn a_tokio_runtime_waiting_on_a_timer_is_not_a_deadlock() {
    // Worker threads park without a timeout; the one driving the timers waits with one.
    let source = r#"use std::time::Duration;

fn main() {
    let threaded = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_time()
        .build()
        .unwrap();
    let slept = threaded.block_on(async {
        let timer = tokio::spawn(async {
            tokio::time::sleep(Duration::from_millis(600)).await;
            1
        });
        timer.await.unwrap()
    });
    let local = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    local.block_on(async { tokio::time::sleep(Duration::from_millis(600)).await });
    println!("slept {slept} + 1 times");
}
"#;
    let c = one(
        "tokio_timer",
        false,
        &format!("{TIMEOUT}crates = [\"tokio\"]\n"),
        source,
    );
    // The bundled curriculum's crates, so the build is the one every test shares.
    let info = c.read("info.toml").replace(
        "format_version = 1\n",
        &format!(
            "format_version = 1\n\n{}",
            crate::harness::bundled_crates_table()
        ),
    );
    c.write("info.toml", &info);
    let (out, status) = check_in(&c, "tokio_timer");
    done(&out, &status);
}

#[test]
fn a_program_that_runs_past_its_timeout_gets_the_timeout_words_not_a_lock() {
    // Sleeping forever is not a deadlock ferry can see: the timeout says so, claiming no cause.
    let source = r#"use std::time::Duration;

fn main() {
    loop {
        std::thread::sleep(Duration::from_millis(50));
    }
}
"#;
    let c = one("sleeps_forever", false, "timeout = 1\n", source);
    let (out, status) = check_in(&c, "sleeps_forever");
    out.code(1)
        .stdout_has("timed out: did not finish within 1 s — something may be waiting forever, or it is too slow")
        .stdout_lacks("deadlock")
        .stdout_lacks("lock taken twice");
    assert_eq!(status, "timed-out");
}
