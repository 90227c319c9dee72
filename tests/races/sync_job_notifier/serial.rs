// race: keeps the Rc counter and runs the jobs on the calling thread; only the notices go to the thread
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
    let notices: Vec<String> = queue.iter().map(|j| j.notifier.notify(j.id)).collect();
    thread::spawn(move || notices)
}

fn main() {
    let dashboard = FinishedCounter::default();
    let notifier = Box::new(dashboard.clone());
    let job = Job { id: 1, notifier };
    println!("{:?}", run_in_background(vec![job]).join().unwrap());
    println!("dashboard: {} finished", dashboard.get());
}
