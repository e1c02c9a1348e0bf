//! The staff side of the API: accounts, the queue, a case and its actions, intake on behalf,
//! and the scheduled sweep. Every route checks the session, the role, and (for changes) the Origin.

pub mod accounts;
pub mod audit_page;
pub mod batches;
pub mod case;
pub mod follow;
pub mod follow_list;
pub mod intake;
pub mod marked;
pub mod queue;
pub mod sweep;
pub mod tell;
pub mod templates;
pub mod told;
pub mod users;
pub mod warn;
