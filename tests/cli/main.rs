//! Integration tests: the real `ferry` binary on fixture curricula copied into temp dirs.

mod harness;

mod bad_info_toml;
mod deadlock;
mod judge;
mod reliability;
mod run;
mod rustlings;
mod state;
mod verify;
mod watch;
mod workspace;
