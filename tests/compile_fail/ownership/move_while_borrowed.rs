include!("../../../exercises/ownership/move_while_borrowed.rs");
