use altur_client::{Result, altur_api};

#[altur_api]
trait Api {
    #[post("/campaigns/<key>")]
    async fn create(&self, #[header("Idempotency-Key")] key: &str) -> Result<()>;
}

fn main() {}
