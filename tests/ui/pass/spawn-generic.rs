// The futures are `Send` for every implementor, so generic code can spawn them.
use altur_client::{Client, Result, altur_api};
use uuid::Uuid;

#[altur_api]
pub trait Users {
    #[get("/enduser/<id>")]
    async fn user(&self, id: Uuid) -> Result<serde_json::Value>;

    #[get("/enduser/<name>")]
    async fn by_name(&self, name: &str) -> Result<serde_json::Value>;
}

fn spawn_it<A: Users + Send + Sync + 'static>(
    api: A,
) -> tokio::task::JoinHandle<Result<serde_json::Value>> {
    tokio::spawn(async move { api.user(Uuid::nil()).await })
}

fn spawn_borrowing<A: Users + Send + Sync + 'static>(
    api: A,
) -> tokio::task::JoinHandle<Result<serde_json::Value>> {
    tokio::spawn(async move {
        let name = String::from("ada");
        api.by_name(&name).await
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
    assert_send(client.user(Uuid::nil()));
    // Spawned, then aborted before it is ever polled: nothing is sent.
    spawn_it(client.clone()).abort();
    spawn_borrowing(client).abort();
}
