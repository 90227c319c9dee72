//! `ferry class`: a workshop's live board. The instructor serves it (`server`, keeping the
//! session in a `store` and the room's state in a `room`); each learner's ferry sends an event
//! per check, through an outbox that never makes the learning loop wait (`client`); the wire
//! types and their bounds are in `protocol`.

pub mod client;
pub mod protocol;
pub mod room;
pub mod server;
pub mod store;
