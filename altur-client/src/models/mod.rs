//! Every model of the Altur API, in one flat module: the bodies the endpoints take and return,
//! their enums, their pagination blocks, and the [`Timestamp`] they share.
//!
//! ```
//! use altur_client::models::{Call, CallStatus};
//!
//! let call: Call = serde_json::from_str(r#"{"id": "cll_1", "status": "ended"}"#)?;
//! assert_eq!(call.status, Some(CallStatus::Ended));
//! # Ok::<(), serde_json::Error>(())
//! ```

mod call;
mod campaign;
mod campaign_call;
mod campaign_contact;
mod common;
mod enduser;
mod message;
pub(crate) mod renamed_keys;
mod thread;

pub(crate) use altur_macros::DeserializeWithAliases;
pub use call::{AnsweredBy, Call, CallStatus, CallType, EndUserContext, NewCall};
pub use campaign::{
    Campaign, CampaignAction, CampaignAnalytics, CampaignCycles, CampaignCyclesUpdate,
    CampaignFilters, CampaignIntegrationType, CampaignList, CampaignResponse, CampaignStatus,
    CampaignUpdate, CursorPagination, CycleMode, DaySchedule, IndexPagination, NewCampaign,
    Scheduling,
};
pub use campaign_call::{CampaignCall, CampaignCallContact, CampaignCallFilters, CampaignCallList};
pub use campaign_contact::{
    AddContactResult, AddContacts, AddContactsResponse, AddContactsSummary, CampaignContact,
    ContactError, ContactErrorCode, ContactFilters, ContactList, ContactResponse, ContactStatus,
    IfDuplicate, NewContact,
};
pub use common::Timestamp;
pub(crate) use common::string_enum;
pub use enduser::{EndUser, EndUserData, IntegrationType};
pub use message::{Message, MessageResponse, MessageType, NewMessage, SentBy};
pub use thread::{Agent, AssignedUser, Integration, Tag, Thread};
