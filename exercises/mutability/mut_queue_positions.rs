// A job queue's status page lists the waiting jobs in the order they will run, numbered from 1.
// `status_lines` doesn't compile: fix it.

struct Job {
    name: String,
    failed_attempts: u32,
}

fn status_lines(queue: &[Job]) -> Vec<String> {
    let mut lines = Vec::new();
    let position = 1;
    for job in queue {
        lines.push(format!(
            "{position}. {} (attempt {})",
            job.name,
            job.failed_attempts + 1
        ));
        position += 1;
    }
    lines
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
