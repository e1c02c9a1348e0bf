//! Cases: the rows (`db`), how they change (`store`: one D1 batch per change), the staff actions
//! (`actions`; the return to the desk in `returned`), the staff view (`view`), and the enterprise's routes (`api`, `follow`); the rules
//! are in `domain`.

pub mod actions;
pub mod api;
pub mod ask;
pub mod db;
pub mod follow;
pub mod returned;
pub mod store;
pub mod view;
