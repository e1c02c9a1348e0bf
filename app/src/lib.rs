//! What the phone portal's bundles (`src/main.rs`, `src/bin/report.rs`, `src/bin/guide.rs`)
//! and the staff console (`src/bin/console/`) share: calls to the API, text lookup,
//! localStorage, the loading/failed/not-found pieces, the portal's pages and frame.
//! Each binary is its own wasm bundle: a phone downloads only the one its page needs.

pub mod api;
pub mod boot;
pub mod components;
pub mod features;
pub mod i18n;
pub mod portal;
pub mod storage;
