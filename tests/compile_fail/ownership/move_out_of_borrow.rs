include!("../../../exercises/ownership/move_out_of_borrow.rs");
