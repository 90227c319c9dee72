// Predict first: a support desk queues tickets and tells each new customer who is being served.
// Before changing any code, read it and predict the compiler's error: its code, and the line
// rustc points at. Write both on the ANSWER line below and save; ferry then shows the real
// error and grades your prediction. Then fix the code.
// ANSWER: E____ line __

struct Ticket {
    id: u32,
    customer: String,
}

// Queues a ticket for `customer` and returns the message shown to them.
fn open_ticket(queue: &mut Vec<Ticket>, customer: &str) -> String {
    let id = queue.last().map_or(1, |t| t.id + 1);
    let serving = queue.first();
    queue.push(Ticket {
        id,
        customer: customer.to_string(),
    });
    match serving {
        Some(t) => format!(
            "Ticket #{id} opened. Now serving #{} ({}).",
            t.id, t.customer
        ),
        None => format!("Ticket #{id} opened. You're next!"),
    }
}

fn main() {
    let mut queue = Vec::new();
    println!("{}", open_ticket(&mut queue, "Ada"));
    println!("{}", open_ticket(&mut queue, "Grace"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_customers_who_is_being_served() {
        let mut queue = Vec::new();
        assert_eq!(
            open_ticket(&mut queue, "Ada"),
            "Ticket #1 opened. You're next!"
        );
        assert_eq!(
            open_ticket(&mut queue, "Grace"),
            "Ticket #2 opened. Now serving #1 (Ada)."
        );
        assert_eq!(
            open_ticket(&mut queue, "Linus"),
            "Ticket #3 opened. Now serving #1 (Ada)."
        );
    }

    #[test]
    fn queues_every_ticket_in_order() {
        let mut queue = Vec::new();
        for customer in ["Ada", "Grace", "Linus", "Barbara", "Edsger"] {
            open_ticket(&mut queue, customer);
        }
        let ids: Vec<u32> = queue.iter().map(|t| t.id).collect();
        assert_eq!(ids, [1, 2, 3, 4, 5]);
        assert_eq!(queue[4].customer, "Edsger");
    }
}
