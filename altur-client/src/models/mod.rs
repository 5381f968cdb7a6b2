//! Serde models of the Altur API.

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
