//! Cases: the HTTP face (`api`) over the rows (`db`); the rules are in `domain`.

pub mod api;
pub mod db;
pub mod follow;
