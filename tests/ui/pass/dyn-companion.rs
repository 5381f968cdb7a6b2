// `Arc<dyn DynUsers>` holds any `Send + Sync` implementation of `Users` behind one type, as an
// application's shared state needs, and implements `Users` itself.
use altur_client::{Client, Result, altur_api};
use std::borrow::Cow;
use std::sync::Arc;

#[altur_api]
pub trait Users {
    #[get("/users/<id>")]
    async fn name(&self, id: u64) -> Result<String>;

    #[get("/users?<name>&<team>")]
    async fn find(&self, name: &str, team: Option<&str>) -> Result<Vec<u64>>;

    #[get("/teams/<team>")]
    async fn team<'a>(&self, team: &'a str) -> Result<String>;

    #[get("/notes/<note>")]
    async fn note(&self, note: Cow<'_, str>) -> Result<()>;

    /// Provided methods work through the handle too.
    async fn greeting(&self, id: u64) -> Result<String> {
        Ok(format!("hello, {}", self.name(id).await?))
    }
}

struct Fake;

impl Users for Fake {
    async fn name(&self, id: u64) -> Result<String> {
        Ok(format!("user {id}"))
    }

    async fn find(&self, name: &str, team: Option<&str>) -> Result<Vec<u64>> {
        Ok(vec![name.len() as u64, team.map_or(0, |team| team.len() as u64)])
    }

    async fn team<'a>(&self, team: &'a str) -> Result<String> {
        Ok(team.to_uppercase())
    }

    async fn note(&self, _note: Cow<'_, str>) -> Result<()> {
        Ok(())
    }
}

/// What a web framework asks of its state.
#[derive(Clone)]
struct AppState {
    users: Arc<dyn DynUsers>,
}

fn assert_state<T: Clone + Send + Sync + 'static>(_: &T) {}

async fn generic(users: impl Users) -> String {
    users.greeting(1).await.unwrap()
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let state = AppState {
        users: Arc::new(Fake),
    };
    assert_state(&state);
    let users = Arc::clone(&state.users);
    assert_eq!(users.name(7).await.unwrap(), "user 7");
    let name = String::from("ada");
    assert_eq!(users.find(&name, Some("core")).await.unwrap(), [3, 4]);
    assert_eq!(users.team("core").await.unwrap(), "CORE");
    users.note(Cow::Borrowed("x")).await.unwrap();
    assert_eq!(users.greeting(2).await.unwrap(), "hello, user 2");
    assert_eq!(generic(&users).await, "hello, user 1");
    let spawned = tokio::spawn(async move { users.name(3).await });
    assert_eq!(spawned.await.unwrap().unwrap(), "user 3");
    let boxed: Box<dyn DynUsers> = Box::new(Fake);
    assert_eq!(boxed.name(4).await.unwrap(), "user 4");
    let borrowed: &dyn DynUsers = &Fake;
    assert_eq!(borrowed.team("x").await.unwrap(), "X");

    let client = Client::builder()
        .api_key("test")
        .base_url("http://127.0.0.1:1")
        .build()
        .unwrap();
    let real = AppState {
        users: Arc::new(client),
    };
    drop(real.users.name(1));
}
