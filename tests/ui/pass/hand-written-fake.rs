// A test double implements the trait with plain `async fn`s.
use altur_client::{Result, altur_api};
use uuid::Uuid;

#[altur_api]
pub trait Users {
    #[get("/enduser/<id>")]
    async fn user(&self, id: Uuid) -> Result<String>;

    #[get("/enduser/<id>/name")]
    async fn name(&self, id: &str) -> Result<String>;
}

struct Fake;

impl Users for Fake {
    async fn user(&self, id: Uuid) -> Result<String> {
        Ok(id.to_string())
    }

    async fn name(&self, id: &str) -> Result<String> {
        Ok(format!("user {id}"))
    }
}

async fn greet(users: &impl Users) -> Result<String> {
    let name = users.name("ada").await?;
    Ok(format!("hello, {name}"))
}

fn spawn_it<A: Users + Send + Sync + 'static>(api: A) -> tokio::task::JoinHandle<Result<String>> {
    tokio::spawn(async move { api.user(Uuid::nil()).await })
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    assert_eq!(greet(&Fake).await.unwrap(), "hello, user ada");
    assert_eq!(
        spawn_it(Fake).await.unwrap().unwrap(),
        Uuid::nil().to_string()
    );
}
