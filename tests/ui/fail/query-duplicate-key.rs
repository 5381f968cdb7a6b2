use altur_client::{Result, altur_api};

#[altur_api]
trait Api {
    #[get("/campaigns?a=1&a=<x>")]
    async fn list(&self, x: u32) -> Result<()>;
}

fn main() {}
