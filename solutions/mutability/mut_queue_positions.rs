// A job queue's status page lists the waiting jobs in the order they will run, numbered from 1.
// `status_lines` doesn't compile: fix it.

struct Job {
    name: String,
    failed_attempts: u32,
}

fn status_lines(queue: &[Job]) -> Vec<String> {
    // The position isn't state that changes: it is the job's index in the queue, plus one.
    // `enumerate` hands it to us, and building the Vec with `map` + `collect` needs no
    // mutable variable at all. `let mut position` compiles too, but it is a second counter to
    // keep in step with the loop by hand (clippy flags it as `explicit_counter_loop`), and a
    // `continue` added later that skips the `+= 1` would misnumber every job after it.
    queue
        .iter()
        .enumerate()
        .map(|(index, job)| {
            format!(
                "{}. {} (attempt {})",
                index + 1,
                job.name,
                job.failed_attempts + 1
            )
        })
        .collect()
}

fn main() {
    let queue = vec![
        Job {
            name: "send-welcome-email".to_string(),
            failed_attempts: 0,
        },
        Job {
            name: "resize-avatar".to_string(),
            failed_attempts: 2,
        },
    ];
    for line in status_lines(&queue) {
        println!("{line}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(name: &str, failed_attempts: u32) -> Job {
        Job {
            name: name.to_string(),
            failed_attempts,
        }
    }

    #[test]
    fn numbers_jobs_from_one_in_queue_order() {
        let queue = [
            job("send-welcome-email", 0),
            job("resize-avatar", 2),
            job("nightly-report", 0),
        ];
        assert_eq!(
            status_lines(&queue),
            [
                "1. send-welcome-email (attempt 1)",
                "2. resize-avatar (attempt 3)",
                "3. nightly-report (attempt 1)",
            ]
        );
    }

    #[test]
    fn an_empty_queue_has_no_lines() {
        assert!(status_lines(&[]).is_empty());
    }
}
