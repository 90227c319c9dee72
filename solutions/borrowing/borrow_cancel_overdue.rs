// Billing: orders still open after their due day are cancelled, and every change goes into a
// numbered audit log. `cancel_overdue` doesn't compile, yet it is safe: this is a limit of the
// borrow checker's analysis, not a bug. Restructure the code so the checker can see it's safe.

struct Order {
    id: u32,
    due_day: u32,
    cancelled: bool,
}

impl Order {
    fn is_overdue(&self, today: u32) -> bool {
        !self.cancelled && self.due_day < today
    }
}

// The original program was safe: `overdue_mut` only touches `orders` and `record` only touches
// `audit`. But the checker judges a call by its signature, and both said `&mut self`, the
// whole struct, so it saw two `&mut` to the same value. That's a limit of the analysis, not a
// bug. The checker does see that two *fields* don't overlap, so give the audit log its own
// type: `self.orders.iter_mut()` and `self.audit.record(..)` then borrow different fields.
// (Borrowing `&mut self.audit` directly, or a method returning both fields as
// `(&mut Vec<Order>, &mut Vec<String>)`, works too.) Don't reach for `Rc<RefCell<_>>` or
// `unsafe` to get past a limit like this: the restructured code is checked, and clearer.
#[derive(Default)]
struct AuditLog {
    lines: Vec<String>,
}

impl AuditLog {
    fn record(&mut self, event: String) {
        let number = self.lines.len() + 1;
        self.lines.push(format!("#{number} {event}"));
    }
}

#[derive(Default)]
struct Billing {
    orders: Vec<Order>,
    audit: AuditLog,
}

impl Billing {
    fn open(&mut self, id: u32, due_day: u32) {
        self.orders.push(Order {
            id,
            due_day,
            cancelled: false,
        });
        self.audit
            .record(format!("order {id} opened, due day {due_day}"));
    }

    // Cancels every overdue order; returns how many it cancelled.
    fn cancel_overdue(&mut self, today: u32) -> usize {
        let mut cancelled = 0;
        for order in self.orders.iter_mut().filter(|o| o.is_overdue(today)) {
            order.cancelled = true;
            self.audit
                .record(format!("order {} cancelled on day {today}", order.id));
            cancelled += 1;
        }
        cancelled
    }

    fn audit_log(&self) -> &[String] {
        &self.audit.lines
    }
}

fn main() {
    let mut billing = Billing::default();
    billing.open(7, 10);
    billing.open(8, 20);
    billing.cancel_overdue(15);
    for line in billing.audit_log() {
        println!("{line}");
    }
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
        assert_eq!(billing.cancel_overdue(15), 2);
        let cancelled: Vec<bool> = billing.orders.iter().map(|o| o.cancelled).collect();
        assert_eq!(cancelled, [true, false, true]);
    }

    #[test]
    fn every_change_is_in_the_numbered_audit_log() {
        let mut billing = Billing::default();
        billing.open(7, 10);
        billing.open(9, 12);
        assert_eq!(billing.cancel_overdue(15), 2);
        assert_eq!(billing.cancel_overdue(16), 0);
        assert_eq!(
            billing.audit_log(),
            [
                "#1 order 7 opened, due day 10",
                "#2 order 9 opened, due day 12",
                "#3 order 7 cancelled on day 15",
                "#4 order 9 cancelled on day 15",
            ]
        );
    }
}
