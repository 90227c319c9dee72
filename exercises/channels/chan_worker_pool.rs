// A thumbnail service runs its jobs on a fixed pool of worker threads that take jobs from one
// shared queue. `run_pool` doesn't compile: let the workers share the queue and run side by side.

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

// A job runs once, on whichever worker takes it, and returns a line for the report.
struct Job(Box<dyn FnOnce() -> String + Send>);

fn job(task: impl FnOnce() -> String + Send + 'static) -> Job {
    Job(Box::new(task))
}

// The worker loop: take the next job from the queue and run it, until the queue is closed.
fn work(queue: Arc<Receiver<Job>>, results: Sender<String>) {
    while let Ok(Job(task)) = queue.recv() {
        results.send(task()).expect("results are collected");
    }
}

// Runs every job on `workers` threads; returns all results, sorted.
fn run_pool(workers: usize, jobs: Vec<Job>) -> Vec<String> {
    let (job_tx, job_rx) = mpsc::channel();
    let (result_tx, result_rx) = mpsc::channel();
    let queue = Arc::new(job_rx);

    let mut handles = Vec::new();
    for _ in 0..workers {
        let (queue, result_tx) = (Arc::clone(&queue), result_tx.clone());
        handles.push(thread::spawn(move || work(queue, result_tx)));
    }
    drop(result_tx);

    for job in jobs {
        job_tx.send(job).expect("workers are running");
    }
    drop(job_tx); // no more jobs: once the queue is empty, every worker's `recv` fails

    for handle in handles {
        handle.join().expect("worker finished");
    }
    let mut results: Vec<String> = result_rx.iter().collect();
    results.sort();
    results
}

fn main() {
    let jobs = ["cat.png", "logo.svg"].map(|file| job(move || format!("resized {file}")));
    println!("{:?}", run_pool(2, jobs.into()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Barrier;

    #[test]
    fn every_job_runs_exactly_once() {
        let jobs = (1..=20)
            .map(|n| job(move || format!("thumb-{n:02}")))
            .collect();
        let results = run_pool(3, jobs);
        let expected: Vec<String> = (1..=20).map(|n| format!("thumb-{n:02}")).collect();
        assert_eq!(results, expected);
    }

    #[test]
    fn four_workers_run_four_jobs_at_the_same_time() {
        // Each job waits at the barrier until four jobs are running at once: this passes only
        // if four workers really run jobs side by side. If it hangs, the workers don't.
        let barrier = Arc::new(Barrier::new(4));
        let jobs = (0..4)
            .map(|n| {
                let barrier = Arc::clone(&barrier);
                job(move || {
                    barrier.wait();
                    format!("resized image {n}")
                })
            })
            .collect();
        assert_eq!(run_pool(4, jobs).len(), 4);
    }
}
