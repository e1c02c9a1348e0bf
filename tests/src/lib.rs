//! The test harness: starts and stops the real runtime for tests and for `cargo xtask dev`,
//! split by job — `server` (one `wrangler dev` in its own process group), `d1` (the local
//! database as files: migrate, seed, query, back up, restore), `client` (HTTP answers, the
//! phone, a member of staff), `fixtures` (sample report, demo accounts and data) and `volume`
//! (an office's year as SQL).

mod client;
mod d1;
mod fixtures;
mod hook;
mod server;
pub mod volume;

pub use client::*;
pub use d1::*;
pub use fixtures::*;
pub use hook::*;
pub use server::*;

use std::net::TcpListener;
use std::path::{Path, PathBuf};

/// The repository root (this crate lives in `<root>/tests`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("root")
        .to_path_buf()
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}
