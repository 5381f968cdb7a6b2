//! The Altur endpoints, declared with `#[altur_api]` and implemented by [`Client`](crate::Client).

mod calls;
mod campaigns;
mod enduser;
mod messages;
mod threads;

pub use calls::{CallsApi, DynCallsApi};
pub use campaigns::{CampaignsApi, DynCampaignsApi};
pub use enduser::{DynEndUserApi, EndUserApi};
pub use messages::{DynMessagesApi, MessagesApi};
pub use threads::{DynThreadsApi, ThreadsApi};
