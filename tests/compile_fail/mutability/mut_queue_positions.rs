include!("../../../exercises/mutability/mut_queue_positions.rs");
