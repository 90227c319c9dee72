// A job queue: each job names a notifier that reports when it has finished (a mail to whoever
// submitted it, a count on the ops dashboard). The whole queue is handed to one background
// worker, which runs the jobs and returns the notices. It doesn't compile: fix it.

use std::cell::Cell;
use std::rc::Rc;
use std::thread::{self, JoinHandle};

trait Notifier {
    fn notify(&self, job_id: u64) -> String;
}

struct EmailNotifier(String);

impl Notifier for EmailNotifier {
    fn notify(&self, job_id: u64) -> String {
        format!("mail {}: job {job_id} done", self.0)
    }
}

// Counts finished jobs. Every job holds a clone; the dashboard reads the shared count.
#[derive(Clone, Default)]
struct FinishedCounter(Rc<Cell<u32>>);

impl FinishedCounter {
    fn get(&self) -> u32 {
        self.0.get()
    }
}

impl Notifier for FinishedCounter {
    fn notify(&self, job_id: u64) -> String {
        self.0.set(self.0.get() + 1);
        format!("dashboard: job {job_id} finished")
    }
}

struct Job {
    id: u64,
    notifier: Box<dyn Notifier>,
}

// Hands the queue to a background thread and returns at once; the notices come back via `join`.
fn run_in_background(queue: Vec<Job>) -> JoinHandle<Vec<String>> {
    let run_all = move || queue.iter().map(|j| j.notifier.notify(j.id)).collect();
    thread::spawn(run_all)
}

fn main() {
    let dashboard = FinishedCounter::default();
    let notifier = Box::new(dashboard.clone());
    let job = Job { id: 1, notifier };
    println!("{:?}", run_in_background(vec![job]).join().unwrap());
    println!("dashboard: {} finished", dashboard.get());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::{self, Receiver};
    use std::time::Duration;

    #[test]
    fn every_job_is_run_and_notified_in_order() {
        let mail = EmailNotifier("ada@example.com".to_string());
        let queue = vec![
            Job {
                id: 7,
                notifier: Box::new(mail),
            },
            Job {
                id: 8,
                notifier: Box::new(FinishedCounter::default()),
            },
        ];
        assert_eq!(
            run_in_background(queue).join().unwrap(),
            [
                "mail ada@example.com: job 7 done",
                "dashboard: job 8 finished"
            ]
        );
    }

    #[test]
    fn the_dashboard_counts_every_finished_job() {
        let dashboard = FinishedCounter::default();
        let queue = (1..=3)
            .map(|id| Job {
                id,
                notifier: Box::new(dashboard.clone()),
            })
            .collect();
        run_in_background(queue).join().unwrap();
        assert_eq!(dashboard.get(), 3);
    }

    // A notifier that can only finish once the caller has moved on: the caller tells it so
    // through a channel after `run_in_background` has returned.
    struct AfterTheCallerMovesOn(Receiver<()>);

    impl Notifier for AfterTheCallerMovesOn {
        fn notify(&self, job_id: u64) -> String {
            self.0.recv_timeout(Duration::from_secs(2)).expect(
                "the job ran on the calling thread: `run_in_background` must hand the queue \
                 to a worker thread and return at once, not run the jobs before it returns",
            );
            format!("job {job_id} done in the background")
        }
    }

    #[test]
    fn returns_before_the_jobs_have_run() {
        let (moved_on, caller_moved_on) = mpsc::channel();
        let notifier = Box::new(AfterTheCallerMovesOn(caller_moved_on));
        let worker = run_in_background(vec![Job { id: 9, notifier }]);
        moved_on.send(()).unwrap();
        assert_eq!(worker.join().unwrap(), ["job 9 done in the background"]);
    }
}
