// A job queue: each job names a notifier that reports when it has finished (a mail to whoever
// submitted it, a count on the ops dashboard). The whole queue is handed to one background
// worker, which runs the jobs and returns the notices. It doesn't compile: fix it.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::thread::{self, JoinHandle};

trait Notifier {
    fn notify(&self, job_id: u64, bytes: usize) -> String;
}

struct EmailNotifier {
    to: String,
}

impl Notifier for EmailNotifier {
    fn notify(&self, job_id: u64, bytes: usize) -> String {
        format!("mail {}: job {job_id} done, {bytes} bytes", self.to)
    }
}

// Counts finished jobs. Every job holds a clone; the dashboard reads the shared count.
// Once `Job` promised `Send`, the compiler checked this notifier where it is boxed and refused
// it: the worker would bump an `Rc<Cell<u32>>` while the dashboard clone stays on the main
// thread, racing on both the `Rc`'s count and the `Cell`. `Arc` shares the counter safely,
// and an atomic makes each `+ 1` a single indivisible step. `Relaxed` is enough for a count
// that nothing else depends on (`Arc<Mutex<u32>>` would work too, with a lock per bump).
#[derive(Clone, Default)]
struct FinishedCounter(Arc<AtomicU32>);

impl FinishedCounter {
    fn get(&self) -> u32 {
        self.0.load(Ordering::Relaxed)
    }
}

impl Notifier for FinishedCounter {
    fn notify(&self, job_id: u64, _bytes: usize) -> String {
        self.0.fetch_add(1, Ordering::Relaxed);
        format!("dashboard: job {job_id} finished")
    }
}

// Nobody writes `impl Send for Job`: the compiler derives it from the fields. `u64` and `String`
// are `Send`; `Box<dyn Notifier>` is `Send` only if whatever is boxed is, and the compiler can't
// see inside: any type may implement `Notifier`. `+ Send` makes the field promise it, and the
// compiler checks that promise at every `Box::new(...)`: `EmailNotifier` (a `String`) passes,
// and `FinishedCounter` was caught holding an `Rc`. The tempting `unsafe impl Send for Job {}`
// makes the same promise unchecked: it would have compiled and let that counter race.
// (`trait Notifier: Send` works too, but then no single-threaded notifier could exist.)
struct Job {
    id: u64,
    payload: String,
    notifier: Box<dyn Notifier + Send>,
}

// Runs every job in order on one background thread; the notices come back through `join`.
fn run_in_background(queue: Vec<Job>) -> JoinHandle<Vec<String>> {
    thread::spawn(move || {
        queue
            .iter()
            .map(|job| job.notifier.notify(job.id, job.payload.len()))
            .collect()
    })
}

fn main() {
    let dashboard = FinishedCounter::default();
    let queue = vec![Job {
        id: 1,
        payload: "resize avatar.png".to_string(),
        notifier: Box::new(dashboard.clone()),
    }];
    println!("{:?}", run_in_background(queue).join().unwrap());
    println!("dashboard: {} finished", dashboard.get());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_job_is_run_and_notified_in_order() {
        let queue = vec![
            Job {
                id: 7,
                payload: "export orders.csv".to_string(),
                notifier: Box::new(EmailNotifier {
                    to: "ada@example.com".to_string(),
                }),
            },
            Job {
                id: 8,
                payload: "vacuum".to_string(),
                notifier: Box::new(FinishedCounter::default()),
            },
        ];
        assert_eq!(
            run_in_background(queue).join().unwrap(),
            [
                "mail ada@example.com: job 7 done, 17 bytes",
                "dashboard: job 8 finished",
            ]
        );
    }

    #[test]
    fn the_dashboard_counts_every_finished_job() {
        let dashboard = FinishedCounter::default();
        let queue = (1..=3)
            .map(|id| Job {
                id,
                payload: format!("nightly report {id}"),
                notifier: Box::new(dashboard.clone()),
            })
            .collect();
        run_in_background(queue).join().unwrap();
        assert_eq!(dashboard.get(), 3);
    }
}
