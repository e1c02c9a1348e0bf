//! Cases: the rows (`db`), how they change (`store`: one D1 batch per change), the staff actions
//! (`actions`; the return to the desk in `returned`, 一次性告知 in `ask`, 会同 tasks in `assist`, 督办 orders and 决策 in `supervise`), the staff view (`view`), and the enterprise's routes (`api`, `follow`); the rules
//! are in `domain`.

pub mod actions;
pub mod api;
pub mod ask;
pub mod assist;
pub mod db;
pub mod follow;
pub mod returned;
pub mod store;
pub mod supervise;
pub mod view;
