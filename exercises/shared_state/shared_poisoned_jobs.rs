// A job runner runs each background job on a thread of its own, so that a crashing job can't
// take the runner down, and keeps statistics for the admin page. Yet after one job crashes,
// every later one fails too. Find out why, and make the runner survive a crash.

use std::sync::Mutex;
use std::thread;

#[derive(Debug, Default, PartialEq)]
struct Stats {
    completed: Vec<String>,
    failed: Vec<String>,
    busy_ms: u64,
}

struct Job {
    name: String,
    // Does the work and returns how many milliseconds it took. Jobs are written by other
    // teams: any of them may panic.
    run: fn() -> u64,
}

fn run_job(job: &Job, stats: &Mutex<Stats>) {
    let mut stats = stats.lock().unwrap();
    stats.busy_ms += (job.run)();
    stats.completed.push(job.name.clone());
}

fn run_all(jobs: &[Job], stats: &Mutex<Stats>) {
    for job in jobs {
        let outcome = thread::scope(|s| s.spawn(|| run_job(job, stats)).join());
        if outcome.is_err() {
            stats.lock().unwrap().failed.push(job.name.clone());
        }
    }
}

fn main() {
    let stats = Mutex::new(Stats::default());
    let digest = Job {
        name: "send-digest".to_string(),
        run: || 40,
    };
    run_all(&[digest], &stats);
    println!("{:?}", stats.lock().unwrap());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(name: &str, run: fn() -> u64) -> Job {
        Job {
            name: name.to_string(),
            run,
        }
    }

    #[test]
    fn records_completed_jobs() {
        let stats = Mutex::new(Stats::default());
        run_all(&[job("send-digest", || 40), job("cleanup", || 2)], &stats);
        let stats = stats.lock().unwrap();
        assert_eq!(stats.completed, ["send-digest", "cleanup"]);
        assert_eq!(stats.busy_ms, 42);
    }

    #[test]
    fn a_crashing_job_is_recorded_and_the_rest_still_run() {
        let stats = Mutex::new(Stats::default());
        let jobs = [
            job("send-digest", || 40),
            job("resize-avatars", || {
                panic!("image library: unsupported format")
            }),
            job("cleanup", || 2),
        ];
        run_all(&jobs, &stats);
        let expected = Stats {
            completed: vec!["send-digest".to_string(), "cleanup".to_string()],
            failed: vec!["resize-avatars".to_string()],
            busy_ms: 42,
        };
        // The admin page reads the stats with a plain `lock().unwrap()`.
        assert_eq!(*stats.lock().unwrap(), expected);
    }
}
