//! The start screen and the results views, one file each.

mod backtest;
mod baskets;
mod choose_k;
mod cleaning;
mod cohorts;
mod customers;
mod layout;
mod lifetime;
mod recommendations;
mod rfm;
mod segments;
mod start;

pub use baskets::Baskets;
pub use choose_k::ChooseK;
pub use cleaning::Cleaning;
pub use cohorts::Cohorts;
pub use customers::Customers;
pub use lifetime::Lifetime;
pub use recommendations::Recommendations;
pub use rfm::Rfm;
pub use segments::Segments;
pub use start::Start;
