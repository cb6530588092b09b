//! Pieces of the page that are not a results view: file input, messages, progress,
//! column mapping, settings, exports and the tab bar.

mod controls;
mod drop;
mod exports;
pub mod heat;
mod mapping;
mod messages;
mod progress;
mod tabs;

pub use controls::Controls;
pub use drop::{FileDrop, FilePicker};
pub use exports::Exports;
pub use mapping::Mapping;
pub use messages::ErrorBanner;
pub use progress::ProgressBar;
pub use tabs::Tabs;
