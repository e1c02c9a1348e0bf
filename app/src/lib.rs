//! What the phone portal (`src/main.rs`) and the staff console (`src/bin/console.rs`) share:
//! calls to the API, text lookup, localStorage, and the loading/failed/not-found pieces.
//! Each binary is its own wasm bundle, so the portal never downloads the console.

pub mod api;
pub mod components;
pub mod i18n;
pub mod storage;
