// The generated `impl<T: Users + ?Sized> Users for &T` (and `Box<T>`, `Arc<T>`) covers every
// reference: implement the trait for the type itself, not for a reference to it.
use altur_client::{Result, altur_api};

#[altur_api]
pub trait Users {
    #[get("/users/<id>")]
    async fn name(&self, id: u64) -> Result<String>;
}

struct Fake;

impl Users for Fake {
    async fn name(&self, id: u64) -> Result<String> {
        Ok(id.to_string())
    }
}

impl Users for &Fake {
    async fn name(&self, id: u64) -> Result<String> {
        Ok(id.to_string())
    }
}

fn main() {}
