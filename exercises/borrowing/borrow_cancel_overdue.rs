// Billing: orders still open after their due day are cancelled, and every change goes into a
// numbered audit log. `cancel_overdue` doesn't compile, yet it is safe: this is a limit of the
// borrow checker's analysis, not a bug. Restructure the code so the checker can see it's safe.

struct Order {
    id: u32,
    due_day: u32,
    cancelled: bool,
}

#[derive(Default)]
struct Billing {
    orders: Vec<Order>,
    audit: Vec<String>,
}

impl Billing {
    fn record(&mut self, event: String) {
        let number = self.audit.len() + 1;
        self.audit.push(format!("#{number} {event}"));
    }

    fn open(&mut self, id: u32, due_day: u32) {
        self.orders.push(Order {
            id,
            due_day,
            cancelled: false,
        });
        self.record(format!("order {id} opened, due day {due_day}"));
    }

    // Cancels every order still open after its due day.
    fn cancel_overdue(&mut self, today: u32) {
        for order in self.orders.iter_mut() {
            if !order.cancelled && order.due_day < today {
                order.cancelled = true;
                self.record(format!("order {} cancelled on day {today}", order.id));
            }
        }
    }

    fn audit_log(&self) -> &[String] {
        &self.audit
    }
}

fn main() {
    let mut billing = Billing::default();
    billing.open(7, 10);
    billing.cancel_overdue(15);
    println!("{:?}", billing.audit_log());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cancels_only_orders_past_their_due_day() {
        let mut billing = Billing::default();
        billing.open(7, 10);
        billing.open(8, 20);
        billing.open(9, 12);
        billing.cancel_overdue(15);
        let cancelled: Vec<bool> = billing.orders.iter().map(|o| o.cancelled).collect();
        assert_eq!(
            cancelled,
            [true, false, true],
            "the billing's own orders must be cancelled (a loop over a copy cancels the copies)"
        );
    }

    #[test]
    fn every_change_is_in_the_numbered_audit_log() {
        let mut billing = Billing::default();
        billing.open(7, 10);
        billing.open(9, 12);
        billing.cancel_overdue(15);
        billing.cancel_overdue(16);
        assert_eq!(
            billing.audit_log(),
            [
                "#1 order 7 opened, due day 10",
                "#2 order 9 opened, due day 12",
                "#3 order 7 cancelled on day 15",
                "#4 order 9 cancelled on day 15",
            ],
            "each order is cancelled once, and once cancelled it isn't overdue any more"
        );
    }
}
