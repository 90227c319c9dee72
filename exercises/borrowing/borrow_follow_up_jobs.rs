// A job queue: some jobs need another job run after them (a charged card needs its receipt
// emailed). `schedule_follow_ups` adds those follow-ups at the back of the queue and says how
// many it added. It doesn't compile: fix it.

// Any type that implements `Job` can sit in the queue, like a Kotlin interface type.
trait Job {
    fn describe(&self) -> String;
    // The job to run after this one. Most jobs have none.
    fn follow_up(&self) -> Option<Box<dyn Job>> {
        None
    }
}

struct ChargeCard {
    order: u32,
}

struct EmailReceipt {
    order: u32,
}

impl Job for ChargeCard {
    fn describe(&self) -> String {
        format!("charge card for order {}", self.order)
    }
    fn follow_up(&self) -> Option<Box<dyn Job>> {
        Some(Box::new(EmailReceipt { order: self.order }))
    }
}

impl Job for EmailReceipt {
    fn describe(&self) -> String {
        format!("email receipt for order {}", self.order)
    }
}

fn schedule_follow_ups(queue: &mut Vec<Box<dyn Job>>) -> usize {
    let mut added = 0;
    for job in queue.iter() {
        if let Some(next) = job.follow_up() {
            queue.push(next);
            added += 1;
        }
    }
    added
}

fn main() {
    let mut queue: Vec<Box<dyn Job>> = vec![Box::new(ChargeCard { order: 7 })];
    let added = schedule_follow_ups(&mut queue);
    println!("added {added}, then: {}", queue[1].describe());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn descriptions(queue: &[Box<dyn Job>]) -> Vec<String> {
        queue.iter().map(|job| job.describe()).collect()
    }

    #[test]
    fn follow_ups_go_to_the_back_in_order() {
        let mut queue: Vec<Box<dyn Job>> = vec![
            Box::new(ChargeCard { order: 7 }),
            Box::new(EmailReceipt { order: 3 }),
            Box::new(ChargeCard { order: 9 }),
        ];
        assert_eq!(schedule_follow_ups(&mut queue), 2);
        assert_eq!(
            descriptions(&queue),
            [
                "charge card for order 7",
                "email receipt for order 3",
                "charge card for order 9",
                "email receipt for order 7",
                "email receipt for order 9",
            ]
        );
    }

    #[test]
    fn jobs_without_follow_ups_add_nothing() {
        let mut queue: Vec<Box<dyn Job>> = vec![Box::new(EmailReceipt { order: 3 })];
        assert_eq!(schedule_follow_ups(&mut queue), 0);
        assert_eq!(descriptions(&queue), ["email receipt for order 3"]);
    }
}
