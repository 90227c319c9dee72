// An inventory service: reserving stock for an order must lower what the warehouse has available.
// The tests fail. Find out why the warehouse never changes, and fix `reserve`.

#[derive(Debug, Clone, Copy, PartialEq)]
struct Stock {
    sku: u32,
    available: u32,
    reserved: u32,
}

struct Warehouse {
    items: Vec<Stock>,
}

impl Warehouse {
    fn stock(&self, sku: u32) -> Option<Stock> {
        self.items.iter().find(|s| s.sku == sku).copied()
    }

    // Reserves `qty` units of `sku`; returns how many are still available,
    // or None if the warehouse doesn't have enough.
    fn reserve(&mut self, sku: u32, qty: u32) -> Option<u32> {
        let index = self.items.iter().position(|s| s.sku == sku)?;
        let mut stock = self.items[index];
        if stock.available < qty {
            return None;
        }
        stock.available -= qty;
        stock.reserved += qty;
        Some(stock.available)
    }
}

fn main() {
    let mut warehouse = Warehouse {
        items: vec![Stock {
            sku: 42,
            available: 10,
            reserved: 0,
        }],
    };
    println!("reserve 3 -> {:?}", warehouse.reserve(42, 3));
    println!("now: {:?}", warehouse.stock(42));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warehouse() -> Warehouse {
        Warehouse {
            items: vec![Stock {
                sku: 42,
                available: 10,
                reserved: 0,
            }],
        }
    }

    #[test]
    fn reserving_updates_the_warehouse() {
        let mut warehouse = warehouse();
        assert_eq!(warehouse.reserve(42, 3), Some(7));
        assert_eq!(
            warehouse.stock(42),
            Some(Stock {
                sku: 42,
                available: 7,
                reserved: 3
            })
        );
    }

    #[test]
    fn cannot_reserve_more_than_available() {
        let mut warehouse = warehouse();
        assert_eq!(warehouse.reserve(42, 8), Some(2));
        assert_eq!(warehouse.reserve(42, 8), None);
        assert_eq!(
            warehouse.stock(42),
            Some(Stock {
                sku: 42,
                available: 2,
                reserved: 8
            })
        );
    }
}
