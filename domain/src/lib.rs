//! The rules of 直通车, shared by the phone app and the Worker so each rule is written once.
//!
//! No I/O, no clock, no randomness: time and random bytes are arguments. Nothing here depends
//! on `worker`, `leptos` or `web-sys`.

pub mod api;
pub mod audit;
pub mod calendar;
pub mod case_no;
pub mod consent;
pub mod coordination;
pub mod glossary;
pub mod grade;
pub mod i18n;
pub mod idempotency;
pub mod intake;
pub mod knowledge;
pub mod ledger;
pub mod lifecycle;
pub mod openapi;
pub mod page;
pub mod phone;
pub mod privacy;
pub mod queue;
pub mod rating;
pub mod rights;
pub mod search;
pub mod settings;
pub mod similar;
pub mod sla;
pub mod staff;
pub mod stats;
pub mod taxonomy;
pub mod text;
pub mod time;
pub mod token;
pub mod triage;
pub mod uscc;

pub use case_no::CaseNo;
pub use i18n::Lang;
pub use phone::Phone;
pub use token::CaseToken;
pub use uscc::Uscc;
