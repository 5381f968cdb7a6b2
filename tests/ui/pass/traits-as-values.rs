// `&T`, `Box<T>` and `Arc<T>` implement the trait when `T` does, for the client and for fakes;
// provided methods (a default body, no route) pass through and can call the routes; a user's
// impls for their own types, generic ones included, do not conflict with the generated ones.
use altur_client::{Client, Result, altur_api};
use std::fmt::Display;
use std::sync::Arc;

#[altur_api]
pub trait Users {
    #[get("/users/<id>")]
    async fn name(&self, id: u64) -> Result<String>;

    #[get("/things/<id>")]
    async fn thing<T: Display + Send + Sync>(&self, id: T) -> Result<String>;

    #[cfg(any())]
    #[get("/never")]
    async fn never(&self) -> Result<NotEvenAType>;

    /// A helper written in the trait itself.
    async fn greeting(&self, id: u64) -> Result<String> {
        Ok(format!("hello, {}", self.name(id).await?))
    }

    fn shout(&self, text: &str) -> String {
        text.to_uppercase()
    }
}

struct Fake;

impl Users for Fake {
    async fn name(&self, id: u64) -> Result<String> {
        Ok(format!("user {id}"))
    }

    async fn thing<T: Display + Send + Sync>(&self, id: T) -> Result<String> {
        Ok(format!("thing {id}"))
    }
}

/// A user's own generic wrapper: its impl and the generated ones are for different types.
struct Logged<T>(T);

impl<T: Users + Sync> Users for Logged<T> {
    async fn name(&self, id: u64) -> Result<String> {
        self.0.name(id).await
    }

    async fn thing<U: Display + Send + Sync>(&self, id: U) -> Result<String> {
        self.0.thing(id).await
    }
}

async fn greet(users: impl Users) -> String {
    users.greeting(7).await.unwrap()
}

fn spawn_it<A: Users + Send + Sync + 'static>(api: A) -> tokio::task::JoinHandle<Result<String>> {
    tokio::spawn(async move { api.thing("x").await })
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let fake = Fake;
    assert_eq!(greet(&fake).await, "hello, user 7");
    assert_eq!(greet(Box::new(Fake)).await, "hello, user 7");
    assert_eq!(greet(Arc::new(Fake)).await, "hello, user 7");
    assert_eq!(greet(&&Arc::new(Box::new(Fake))).await, "hello, user 7");
    assert_eq!(greet(Logged(&fake)).await, "hello, user 7");
    assert_eq!(spawn_it(Arc::new(Fake)).await.unwrap().unwrap(), "thing x");
    assert_eq!(Arc::new(Fake).shout("hi"), "HI");

    let client = Client::builder()
        .api_key("test")
        .base_url("http://127.0.0.1:1")
        .build()
        .unwrap();
    let shared = Arc::new(client.clone());
    drop(greet(&client));
    drop(greet(Arc::clone(&shared)));
    drop(spawn_it(shared));
}
