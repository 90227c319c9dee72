//! Seeing a deadlock as it happens: every thread of a learner's program blocked, for good.
//!
//! While the program runs, the runner hands this module the processes of its group a few times
//! a second. From `/proc/PID/task/TID/{stat,syscall,schedstat}` it reads each thread's state,
//! the syscall it is blocked in with its arguments, and how much it has run. When every thread
//! of every process waits in a futex wait that has no timeout (std's Mutex, RwLock, Condvar,
//! Barrier, channels, `thread::park` and `join` all wait that way), and over `SETTLE` none of
//! them has run at all, nothing inside the program can ever wake them: that is a deadlock, and
//! the verdict need not wait for the timeout.
//!
//! Anything else is left to the timeout: a thread that runs or is runnable, one that sleeps or
//! waits with a timeout (`recv_timeout`, `wait_timeout`, a tokio runtime with timers), one in
//! `read`, `poll` or `epoll_wait` (input from outside could still come), a stopped one, or
//! anything `/proc` will not say. Linux only (x86_64 and aarch64, whose syscall numbers come
//! from the `libc` crate); elsewhere the timeout is the only verdict on a hang.

/// One thread of a deadlocked program, as seen when ferry stopped it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadWait {
    /// The process it belongs to; the program itself is the group's first process.
    pub pid: u32,
    pub tid: u32,
    /// `/proc/PID/task/TID/comm`: the thread's name, cut to 15 bytes by the kernel. A thread
    /// spawned without a name inherits its parent's.
    pub name: String,
    pub wait: Wait,
}

impl ThreadWait {
    /// The first thread of its process (`main` in a program, libtest's harness in tests).
    pub fn is_main(&self) -> bool {
        self.tid == self.pid
    }
}

/// What a blocked thread waits for, as far as its futex wait tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// To take a lock: std's Mutex waits with the word at "contended", an RwLock reader with a
    /// writer's bits set.
    Lock,
    /// In `thread::park`: a channel receive, `thread::scope` waiting for its threads, or a
    /// plain `park()`.
    Parked,
    /// For the thread `tid` of the same process to end (`JoinHandle::join`).
    Join { tid: u32 },
    /// Some other wait with no timeout: a Condvar, a Barrier, an RwLock writer (it waits on a
    /// counter, like a Condvar), a `Once` being run elsewhere.
    Other,
}

/// Whether this build of ferry sees deadlocks (elsewhere a hang ends at the timeout).
pub const DETECTS: bool = cfg!(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
));

#[cfg(not(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
)))]
pub use elsewhere::Detector;
#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
pub use linux::{Detector, SETTLE};

/// Where ferry cannot see threads' waits: never a deadlock, the timeout decides.
#[cfg(not(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
)))]
mod elsewhere {
    use super::ThreadWait;

    #[derive(Debug, Default)]
    pub struct Detector;

    impl Detector {
        pub fn observe(
            &mut self,
            _processes: &[u32],
            _now: std::time::Instant,
        ) -> Option<Vec<ThreadWait>> {
            None
        }
    }
}

/// The part that reads /proc.
#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
mod linux {
    use std::time::{Duration, Instant};

    use super::{ThreadWait, Wait};

    /// How long every thread must stay blocked, without running at all, before it is a deadlock.
    pub const SETTLE: Duration = Duration::from_millis(150);
    /// And in how many samples in a row (at least).
    const SAMPLES: usize = 3;
    /// A program with more threads than this is left to the timeout: reading them all would cost
    /// more than it saves.
    const MAX_THREADS: usize = 512;

    /// Fed samples of a program's process group; says when it has been deadlocked for `SETTLE`.
    #[derive(Debug, Default)]
    pub struct Detector {
        /// Since when every thread has been blocked exactly as in this sample, and in how many.
        blocked: Option<(Instant, Vec<Blocked>, usize)>,
    }

    impl Detector {
        /// Samples the threads of `processes` (the group's pids, the program first). `Some` with
        /// every thread once all of them have been blocked, untouched, for `SETTLE`.
        pub fn observe(&mut self, processes: &[u32], now: Instant) -> Option<Vec<ThreadWait>> {
            let Some(sample) = sample(processes) else {
                self.blocked = None;
                return None;
            };
            match &mut self.blocked {
                Some((since, seen, count)) if *seen == sample => {
                    *count += 1;
                    if *count >= SAMPLES && now.duration_since(*since) >= SETTLE {
                        return Some(describe(&sample));
                    }
                }
                _ => self.blocked = Some((now, sample, 1)),
            }
            None
        }
    }

    /// One blocked thread in one sample. Two samples are the same when every thread is blocked at
    /// the same place (the whole syscall line: number, arguments, stack and instruction pointers)
    /// and has not run in between (CPU time, and the count of times it was scheduled in).
    #[derive(Debug, Clone, PartialEq, Eq)]
    struct Blocked {
        pid: u32,
        tid: u32,
        syscall: String,
        futex: Futex,
        cpu: u64,
        /// From `schedstat`, where the kernel keeps it.
        runs: Option<u64>,
    }

    /// Every live thread of `processes`, if each one is blocked in a wait without a timeout;
    /// `None` as soon as one is not, or something cannot be read.
    fn sample(processes: &[u32]) -> Option<Vec<Blocked>> {
        let mut threads = Vec::new();
        for &pid in processes {
            for entry in std::fs::read_dir(format!("/proc/{pid}/task")).ok()? {
                let tid: u32 = entry.ok()?.file_name().to_str()?.parse().ok()?;
                if threads.len() == MAX_THREADS {
                    return None;
                }
                let dir = format!("/proc/{pid}/task/{tid}");
                let stat = std::fs::read_to_string(format!("{dir}/stat")).ok()?;
                let (state, cpu) = state_and_cpu(&stat)?;
                match state {
                    // Gone: it can wake nobody.
                    'Z' | 'X' | 'x' => continue,
                    'S' | 'D' => {}
                    // Running, runnable, stopped, traced: not stuck.
                    _ => return None,
                }
                let syscall = std::fs::read_to_string(format!("{dir}/syscall")).ok()?;
                let futex = untimed_futex_wait(&syscall)?;
                let runs = std::fs::read_to_string(format!("{dir}/schedstat"))
                    .ok()
                    .and_then(|s| s.split_whitespace().nth(2)?.parse().ok());
                threads.push(Blocked {
                    pid,
                    tid,
                    syscall,
                    futex,
                    cpu,
                    runs,
                });
            }
        }
        (!threads.is_empty()).then_some(threads)
    }

    /// The state letter and user+system CPU time (in clock ticks) from a `stat` line:
    /// `tid (comm) state ppid … utime stime …`; comm may hold spaces and parentheses.
    fn state_and_cpu(stat: &str) -> Option<(char, u64)> {
        let (_, rest) = stat.rsplit_once(')')?;
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let state = fields.first()?.chars().next()?;
        // Fields 14 and 15 of the whole line; `rest` starts at field 3.
        let utime: u64 = fields.get(11)?.parse().ok()?;
        let stime: u64 = fields.get(12)?.parse().ok()?;
        Some((state, utime + stime))
    }

    /// A futex wait, as its arguments describe it.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    struct Futex {
        /// Process-private (std's own locks) rather than shared (glibc's `pthread_join`, which
        /// the kernel wakes when the thread ends).
        private: bool,
        /// The value the waiter expects the futex word to hold; `None` for a PI lock or a waitv.
        value: Option<u32>,
        /// A priority-inheritance lock (`FUTEX_LOCK_PI`).
        lock: bool,
    }

    /// The futex wait without a timeout this `/proc/…/syscall` line shows, if it shows one.
    ///
    /// The line is `NR ARG0 … ARG5 SP PC` (hex arguments), `running`, or `-1 SP PC` when the
    /// thread is blocked outside a syscall. `futex(uaddr, op, val, timeout, uaddr2, val3)` waits
    /// for FUTEX_WAIT, FUTEX_WAIT_BITSET, FUTEX_WAIT_REQUEUE_PI, FUTEX_LOCK_PI and FUTEX_LOCK_PI2,
    /// with no timeout when `timeout` is NULL; `futex_waitv(waiters, n, flags, timeout, clock)`
    /// likewise.
    fn untimed_futex_wait(line: &str) -> Option<Futex> {
        let mut fields = line.split_whitespace();
        let number: i64 = fields.next()?.parse().ok()?;
        let args: Vec<u64> = fields
            .take(6)
            .map(|a| u64::from_str_radix(a.strip_prefix("0x")?, 16).ok())
            .collect::<Option<_>>()?;
        if args.len() < 6 || args[3] != 0 {
            return None;
        }
        if number == libc::SYS_futex_waitv {
            // Its words and flags are in the array it points to: nothing to tell them by.
            return Some(Futex {
                private: false,
                value: None,
                lock: false,
            });
        }
        if number != libc::SYS_futex {
            return None;
        }
        let op = args[1] as i32;
        let private = op & libc::FUTEX_PRIVATE_FLAG != 0;
        let value = Some(args[2] as u32);
        match op & libc::FUTEX_CMD_MASK {
            libc::FUTEX_WAIT | libc::FUTEX_WAIT_BITSET | libc::FUTEX_WAIT_REQUEUE_PI => {
                Some(Futex {
                    private,
                    value,
                    lock: false,
                })
            }
            libc::FUTEX_LOCK_PI | libc::FUTEX_LOCK_PI2 => Some(Futex {
                private,
                value: None,
                lock: true,
            }),
            _ => None,
        }
    }

    /// What each thread of a deadlocked sample waits for, with its name.
    fn describe(sample: &[Blocked]) -> Vec<ThreadWait> {
        sample
            .iter()
            .map(|b| {
                let joins = |tid: u32| sample.iter().any(|o| o.pid == b.pid && o.tid == tid);
                let name = std::fs::read_to_string(format!("/proc/{}/task/{}/comm", b.pid, b.tid))
                    .map(|n| n.trim_end_matches('\n').to_string())
                    .unwrap_or_default();
                ThreadWait {
                    pid: b.pid,
                    tid: b.tid,
                    name,
                    wait: classify(b.futex, joins),
                }
            })
            .collect()
    }

    /// std's futex words: a Mutex waiter expects 2 (locked, contended); a parked thread u32::MAX;
    /// an RwLock reader its state with a writer's bits (30, 31) set; glibc's `pthread_join` waits,
    /// on a shared futex, for the word holding the joined thread's id to change.
    fn classify(futex: Futex, is_thread: impl Fn(u32) -> bool) -> Wait {
        match futex.value {
            _ if futex.lock => Wait::Lock,
            Some(tid) if !futex.private && is_thread(tid) => Wait::Join { tid },
            Some(u32::MAX) if futex.private => Wait::Parked,
            Some(2) if futex.private => Wait::Lock,
            Some(word) if futex.private && word & 0xc000_0000 != 0 => Wait::Lock,
            _ => Wait::Other,
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn line(number: i64, args: [u64; 6]) -> String {
            let args: Vec<String> = args.iter().map(|a| format!("{a:#x}")).collect();
            format!("{number} {} 0x7ffd1000 0x7f0012345678\n", args.join(" "))
        }

        const BITSET_PRIVATE: u64 = (libc::FUTEX_WAIT_BITSET | libc::FUTEX_PRIVATE_FLAG) as u64;

        #[test]
        fn futex_waits_without_a_timeout_are_recognised() {
            // Recorded on x86_64 (numbers from libc here): a Mutex taken twice, a channel receive,
            // a join.
            let mutex = line(
                libc::SYS_futex,
                [0x55ed_b0ce, BITSET_PRIVATE, 2, 0, 0, 0xffff_ffff],
            );
            let wait = untimed_futex_wait(&mutex).unwrap();
            assert!(wait.private);
            assert_eq!(classify(wait, |_| false), Wait::Lock);

            let recv = line(
                libc::SYS_futex,
                [0x55ed, BITSET_PRIVATE, 0xffff_ffff, 0, 0, 0],
            );
            assert_eq!(
                classify(untimed_futex_wait(&recv).unwrap(), |_| false),
                Wait::Parked
            );

            let join_op = (libc::FUTEX_WAIT_BITSET | libc::FUTEX_CLOCK_REALTIME) as u64;
            let join = line(libc::SYS_futex, [0x7fb6, join_op, 23322, 0, 0, 0xffff_ffff]);
            let wait = untimed_futex_wait(&join).unwrap();
            assert!(!wait.private);
            assert_eq!(
                classify(wait, |tid| tid == 23322),
                Wait::Join { tid: 23322 }
            );
            // The same word when no such thread is there: nothing to name.
            assert_eq!(classify(wait, |_| false), Wait::Other);

            let reader = line(
                libc::SYS_futex,
                [0x55, BITSET_PRIVATE, 0x7fff_ffff, 0, 0, 0],
            );
            assert_eq!(
                classify(untimed_futex_wait(&reader).unwrap(), |_| false),
                Wait::Lock
            );
            let condvar = line(libc::SYS_futex, [0x55, BITSET_PRIVATE, 0, 0, 0, 0]);
            assert_eq!(
                classify(untimed_futex_wait(&condvar).unwrap(), |_| false),
                Wait::Other
            );
            let plain = line(libc::SYS_futex, [0x55, libc::FUTEX_WAIT as u64, 7, 0, 0, 0]);
            assert!(untimed_futex_wait(&plain).is_some());
            let waitv = line(libc::SYS_futex_waitv, [0x55, 2, 0, 0, 1, 0]);
            assert!(untimed_futex_wait(&waitv).is_some());
            let pi = line(
                libc::SYS_futex,
                [0x55, libc::FUTEX_LOCK_PI as u64, 0, 0, 0, 0],
            );
            assert_eq!(
                classify(untimed_futex_wait(&pi).unwrap(), |_| false),
                Wait::Lock
            );
        }

        #[test]
        fn timed_waits_and_other_syscalls_are_never_a_deadlock() {
            // `recv_timeout` and `wait_timeout`: the same futex wait, with a timeout.
            let timed = line(
                libc::SYS_futex,
                [0x55, BITSET_PRIVATE, 0xffff_ffff, 0x7fb6, 0, 0],
            );
            assert_eq!(untimed_futex_wait(&timed), None);
            let waitv = line(libc::SYS_futex_waitv, [0x55, 2, 0, 0x7fb6, 1, 0]);
            assert_eq!(untimed_futex_wait(&waitv), None);
            // A wake, a requeue: not waits.
            let wake = (libc::FUTEX_WAKE | libc::FUTEX_PRIVATE_FLAG) as u64;
            assert_eq!(
                untimed_futex_wait(&line(libc::SYS_futex, [0x55, wake, 1, 0, 0, 0])),
                None
            );
            for number in [
                libc::SYS_clock_nanosleep,
                libc::SYS_nanosleep,
                libc::SYS_read,
                libc::SYS_epoll_pwait,
                libc::SYS_ppoll,
                libc::SYS_wait4,
            ] {
                assert_eq!(untimed_futex_wait(&line(number, [0; 6])), None, "{number}");
            }
            assert_eq!(untimed_futex_wait("running\n"), None);
            assert_eq!(untimed_futex_wait("-1 0x7ffd 0x7f00\n"), None);
            assert_eq!(untimed_futex_wait(""), None);
        }

        #[test]
        fn reads_state_and_cpu_time_even_when_the_name_has_parentheses() {
            let stat = "4242 (a) b) S 1 4242 4242 0 -1 4194304 90 0 0 0 7 3 0 0 20 0 2 0 1 0 0\n";
            assert_eq!(state_and_cpu(stat), Some(('S', 10)));
            assert_eq!(state_and_cpu("4242 (x) R"), None);
        }

        #[test]
        fn a_running_process_is_never_a_deadlock() {
            // This test's own process: the thread running it is not blocked.
            let mut detector = Detector::default();
            let start = Instant::now();
            for i in 0..5 {
                let at = start + SETTLE * i;
                assert_eq!(detector.observe(&[std::process::id()], at), None);
            }
        }
    }
}
