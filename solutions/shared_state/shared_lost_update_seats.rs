// A ticket shop. `book` charges the customer and takes a seat. Charging is slow (it calls the
// payment provider), so the seat count is not locked while it runs. A test fails: two
// customers paying at the same moment both get a seat, but only one seat is taken. Fix `book`.

use std::sync::Mutex;

#[derive(Debug, PartialEq)]
enum BookingError {
    SoldOut,
    PaymentDeclined,
}

struct Event {
    seats_left: Mutex<u32>,
}

impl Event {
    fn new(seats: u32) -> Event {
        Event {
            seats_left: Mutex::new(seats),
        }
    }

    // `charge` asks the payment provider; it returns whether the payment went through.
    fn book(&self, charge: impl FnOnce() -> bool) -> Result<(), BookingError> {
        // Check and take the seat under one guard: nobody can read the count between our read
        // and our write, so no booking's update is lost and the last seat goes to one customer.
        // Split across two locks, both customers read 5 and both wrote 4. The block releases
        // the lock before charging: held across the slow payment call, every booking would
        // wait for the payment ahead of it (and the tests would wait forever). A declined
        // payment gives the seat back, again as one step under the lock (`+= 1`, never "write
        // back the number I saw"). Charging first and taking the seat afterwards would charge
        // customers for seats that are gone by then.
        {
            let mut seats_left = self.seats_left.lock().unwrap();
            if *seats_left == 0 {
                return Err(BookingError::SoldOut);
            }
            *seats_left -= 1;
        }
        if !charge() {
            *self.seats_left.lock().unwrap() += 1;
            return Err(BookingError::PaymentDeclined);
        }
        Ok(())
    }

    fn seats_left(&self) -> u32 {
        *self.seats_left.lock().unwrap()
    }
}

fn main() {
    let event = Event::new(2);
    println!("{:?}", event.book(|| true));
    println!("{} seats left", event.seats_left());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Barrier;
    use std::thread;

    #[test]
    fn customers_paying_at_the_same_time_each_take_a_seat() {
        let event = Event::new(5);
        // Both customers are at the payment provider at the same moment: each charge waits
        // until the other customer is being charged too. This is the timing that happens
        // under load now and then; the Barrier makes it happen every time.
        let both_paying = Barrier::new(2);
        let customer = || {
            event.book(|| {
                both_paying.wait();
                true
            })
        };
        thread::scope(|s| {
            let ana = s.spawn(customer);
            let ben = s.spawn(customer);
            assert_eq!(ana.join().unwrap(), Ok(()));
            assert_eq!(ben.join().unwrap(), Ok(()));
        });
        assert_eq!(event.seats_left(), 3);
    }

    #[test]
    fn the_last_seat_is_sold_only_once() {
        let event = Event::new(1);
        let ana = event.book(|| {
            // While Ana is at the payment provider, Ben's whole booking runs on another thread.
            let ben = thread::scope(|s| s.spawn(|| event.book(|| true)).join().unwrap());
            assert_eq!(
                ben,
                Err(BookingError::SoldOut),
                "Ben got a seat Ana is paying for"
            );
            true
        });
        assert_eq!(ana, Ok(()));
        assert_eq!(event.seats_left(), 0);
    }

    #[test]
    fn a_declined_payment_takes_no_seat() {
        let event = Event::new(2);
        assert_eq!(event.book(|| false), Err(BookingError::PaymentDeclined));
        assert_eq!(event.seats_left(), 2);
    }

    #[test]
    fn nobody_is_charged_for_a_sold_out_event() {
        let event = Event::new(1);
        assert_eq!(event.book(|| true), Ok(()));
        let mut charged = false;
        let late = event.book(|| {
            charged = true;
            true
        });
        assert_eq!(late, Err(BookingError::SoldOut));
        assert!(
            !charged,
            "a customer was charged for a seat that doesn't exist"
        );
        assert_eq!(event.seats_left(), 0);
    }
}
