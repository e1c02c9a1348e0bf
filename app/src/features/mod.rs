pub mod home;
pub mod receipt;
pub mod report;
pub mod status;
