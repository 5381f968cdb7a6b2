// A trait shaped like the Altur campaigns API, using the whole grammar together.
use altur_client::{Bytes, Client, Response, Result, altur_api};
use serde::{Deserialize, Serialize};
use std::fmt::{self, Display};
use uuid::Uuid;

#[derive(Clone, Copy, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CampaignStatus {
    Draft,
    Running,
    Paused,
}

#[derive(Clone, Copy)]
pub enum Action {
    Start,
    Pause,
    Resume,
}

impl Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Action::Start => "start",
            Action::Pause => "pause",
            Action::Resume => "resume",
        })
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewCampaign {
    name: String,
    agent_id: Uuid,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_date: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
pub struct Campaign {
    id: Uuid,
    name: String,
    agent_id: Uuid,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
pub struct Page<T> {
    items: Vec<T>,
    next_cursor: Option<String>,
}

#[altur_api]
pub trait CampaignApi {
    /// Lists campaigns, optionally of one agent and in one status.
    #[get("/campaigns?agentId=<agent_id>&status=<status>&pageSize=<page_size>")]
    async fn list_campaigns(
        &self,
        agent_id: Option<Uuid>,
        status: Option<CampaignStatus>,
        page_size: u32,
    ) -> Result<Page<Campaign>>;

    /// Creates a campaign; the key makes a retried creation safe.
    #[post("/campaigns", data = "<campaign>", timeout = "30s")]
    async fn create_campaign(
        &self,
        campaign: &NewCampaign,
        #[header("Idempotency-Key")] idempotency_key: Option<&str>,
    ) -> Result<Response<Campaign>>;

    /// Starts, pauses or resumes a campaign.
    #[post("/campaigns/<id>/<action>")]
    async fn campaign_action(&self, id: Uuid, action: Action) -> Result<Campaign>;

    #[delete("/campaigns/<campaign_id>/contacts/<contact_id>")]
    async fn delete_contact(&self, campaign_id: Uuid, contact_id: &str) -> Result<()>;

    #[get("/calls/<call_id>/recording", timeout = "2m")]
    async fn download_recording(&self, call_id: &str) -> Result<Bytes>;

    #[head("/calls/<call_id>/recording")]
    async fn recording_exists(&self, call_id: &str) -> Result<Response<()>>;
}

fn main() {
    let client = Client::builder()
        .api_key("test")
        .base_url("http://127.0.0.1:1")
        .build()
        .unwrap();
    let agent = Uuid::nil();
    drop(client.list_campaigns(Some(agent), Some(CampaignStatus::Running), 50));
    drop(client.list_campaigns(None, None, 10));
    let campaign = NewCampaign {
        name: "spring".to_owned(),
        agent_id: agent,
        start_date: None,
    };
    let key = String::from("2f0c6a52-5b1e-4c59-9d43-0e7f3f6c1a10");
    drop(client.create_campaign(&campaign, Some(&key)));
    for action in [Action::Start, Action::Pause, Action::Resume] {
        drop(client.campaign_action(Uuid::nil(), action));
    }
    let _ = CampaignStatus::Draft;
    let _ = CampaignStatus::Paused;
    drop(client.delete_contact(Uuid::nil(), "ctc_1"));
    drop(client.download_recording("call_1"));
    drop(client.recording_exists("call_1"));
}
