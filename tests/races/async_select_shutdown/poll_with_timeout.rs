// race: polls the signal: waits for a job with a 100 ms timeout in a loop instead of select!
// A report worker takes jobs from a queue and answers each on the job's reply channel, until
// the server tells it to shut down. The tests fail: when the queue is idle, the worker never
// notices the shutdown signal. Fix `run_worker` so it stops as soon as either one happens.

use tokio::sync::{mpsc, oneshot};

struct Job {
    user_id: u32,
    reply: oneshot::Sender<String>,
}

// Returns how many jobs the worker handled.
async fn run_worker(mut jobs: mpsc::Receiver<Job>, mut shutdown: oneshot::Receiver<()>) -> u32 {
    let mut handled = 0;
    loop {
        if shutdown.try_recv().is_ok() {
            break;
        }
        // Wait for a job at most 100 ms, then go round and look at the signal again.
        let job = match tokio::time::timeout(std::time::Duration::from_millis(100), jobs.recv()).await {
            Ok(job) => job,
            Err(_) => continue,
        };
        let Some(job) = job else {
            break;
        };
        // The requester may have given up waiting; then there's nobody left to answer.
        let _ = job.reply.send(format!("report for user {}", job.user_id));
        handled += 1;
    }
    handled
}

// Sends one job and waits for the worker's answer.
async fn request_report(jobs: &mpsc::Sender<Job>, user_id: u32) -> String {
    let (reply, answer) = oneshot::channel();
    let job = Job { user_id, reply };
    jobs.send(job).await.expect("the worker is running");
    answer.await.expect("the worker answers every job")
}

#[tokio::main]
async fn main() {
    let (jobs, queue) = mpsc::channel(16);
    let (stop, shutdown) = oneshot::channel();
    let worker = tokio::spawn(run_worker(queue, shutdown));
    println!("{}", request_report(&jobs, 7).await);
    let _ = stop.send(());
    drop(jobs);
    println!("handled {} jobs", worker.await.expect("worker panicked"));
}
