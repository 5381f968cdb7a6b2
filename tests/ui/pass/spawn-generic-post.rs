// A method with a body and a header still returns a `Send` future for every implementor, so
// generic code can spawn it.
use altur_client::{Client, Result, altur_api};
use serde::Serialize;

#[derive(Serialize)]
struct NewCampaign {
    name: String,
}

#[altur_api]
pub trait MyApi {
    #[post("/campaigns?<dry_run>", data = "<campaign>", timeout = "5s")]
    async fn create(
        &self,
        campaign: &NewCampaign,
        dry_run: Option<bool>,
        #[header("Idempotency-Key")] key: Option<&str>,
    ) -> Result<serde_json::Value>;
}

fn spawn_it<A: MyApi + Send + Sync + 'static>(
    a: A,
) -> tokio::task::JoinHandle<Result<serde_json::Value>> {
    tokio::spawn(async move {
        let campaign = NewCampaign {
            name: "spring".to_owned(),
        };
        let key = String::from("key-1");
        a.create(&campaign, Some(true), Some(&key)).await
    })
}

fn assert_send<T: Send>(_: T) {}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let client = Client::builder()
        .api_key("test")
        .base_url("http://127.0.0.1:1")
        .build()
        .unwrap();
    let campaign = NewCampaign {
        name: "spring".to_owned(),
    };
    assert_send(client.create(&campaign, None, Some("key-1")));
    // Spawned, then aborted before it is ever polled: nothing is sent.
    spawn_it(client).abort();
}
