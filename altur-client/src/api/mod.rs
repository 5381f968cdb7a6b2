//! The Altur endpoints, declared with `#[altur_api]` and implemented by [`Client`](crate::Client).

mod calls;
mod campaigns;
mod enduser;
mod messages;
mod threads;

pub use calls::CallsApi;
pub use campaigns::{
    CampaignsApi, MAX_CONTACTS_PER_REQUEST, add_contacts_in_batches, all_campaign_calls,
    all_campaign_contacts, all_campaigns,
};
pub use enduser::EndUserApi;
pub use messages::MessagesApi;
pub use threads::ThreadsApi;
