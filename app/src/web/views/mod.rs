//! The start screen and the five results views, one file each.

mod choose_k;
mod cleaning;
mod customers;
mod layout;
mod recommendations;
mod segments;
mod start;

pub use choose_k::ChooseK;
pub use cleaning::Cleaning;
pub use customers::Customers;
pub use recommendations::Recommendations;
pub use segments::Segments;
pub use start::Start;
