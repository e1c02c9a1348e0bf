pub mod commitment;
pub mod home;
pub mod knowledge;
pub mod lookup;
pub mod receipt;
pub mod report;
pub mod status;
pub mod suggest;
