//! The Altur endpoints, declared with `#[altur_api]` and implemented by [`Client`](crate::Client).

mod calls;
mod campaigns;
mod enduser;
mod messages;
mod threads;

pub use calls::CallsApi;
pub use campaigns::CampaignsApi;
pub use enduser::EndUserApi;
pub use messages::MessagesApi;
pub use threads::ThreadsApi;
