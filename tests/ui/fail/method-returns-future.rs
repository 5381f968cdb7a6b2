use altur_client::{Result, altur_api};
use std::future::Future;

#[altur_api]
trait Api {
    #[get("/enduser/<id>")]
    fn retrieve(&self, id: u64) -> impl Future<Output = Result<()>> + Send;
}

fn main() {}
