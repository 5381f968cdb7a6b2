// A method with type parameters cannot be called through `dyn`, so such a trait has no `Dyn`
// companion.
use altur_client::{Result, altur_api};
use std::fmt::Display;

#[altur_api]
pub trait Things {
    #[get("/things/<id>")]
    async fn thing<T: Display + Send + Sync>(&self, id: T) -> Result<String>;
}

fn main() {
    let _: Option<DynThings> = None;
}
