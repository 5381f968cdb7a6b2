// Every query form: `key=<param>`, `<param>`, `<param..>` and constant pairs, with any
// `Serialize` value.
use altur_client::{Client, Result, altur_api};
use serde::Serialize;

#[derive(Clone, Copy, Serialize)]
#[serde(rename_all = "snake_case")]
enum Status {
    Active,
    NotStarted,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Filters {
    agent_id: Option<String>,
    page_size: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_date: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    status: Vec<Status>,
}

#[altur_api]
trait Queries {
    #[get("/campaigns?pageSize=<page_size>")]
    async fn keyed(&self, page_size: u32) -> Result<()>;

    #[get("/campaigns?<cursor>")]
    async fn named(&self, cursor: &str) -> Result<()>;

    #[get("/campaigns?agentId=<agent_id>&<cursor>")]
    async fn optional(&self, agent_id: Option<&str>, cursor: Option<String>) -> Result<()>;

    #[get("/campaigns?status=<statuses>")]
    async fn repeated(&self, statuses: Vec<Status>) -> Result<()>;

    #[get("/campaigns?tag=<tags>")]
    async fn slice(&self, tags: &[&str]) -> Result<()>;

    #[get("/campaigns?<status>")]
    async fn user_enum(&self, status: Status) -> Result<()>;

    #[get("/campaigns?<filters..>")]
    async fn flattened(&self, filters: &Filters) -> Result<()>;

    #[get("/campaigns?view=full&sort=-created_at&flag=")]
    async fn constants(&self) -> Result<()>;

    #[get("/agents/<agent_id>/campaigns?view=full&<filters..>&page=<page>&include=stats")]
    async fn mixed(&self, agent_id: &str, filters: Filters, page: Option<u32>) -> Result<()>;
}

fn main() {
    let client = Client::builder()
        .api_key("test")
        .base_url("http://127.0.0.1:1")
        .build()
        .unwrap();
    let filters = Filters {
        agent_id: Some("agt_1".to_owned()),
        page_size: 50,
        start_date: None,
        status: vec![Status::Active, Status::NotStarted],
    };
    drop(client.keyed(50));
    drop(client.named("abc"));
    drop(client.optional(None, Some("abc".to_owned())));
    drop(client.repeated(vec![Status::Active, Status::NotStarted]));
    let tags = ["a", "b"];
    drop(client.slice(&tags));
    drop(client.slice(&[]));
    drop(client.user_enum(Status::Active));
    drop(client.flattened(&filters));
    drop(client.constants());
    drop(client.mixed("agt_1", filters, Some(2)));
}
