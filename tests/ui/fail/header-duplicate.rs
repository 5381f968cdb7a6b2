use altur_client::{Result, altur_api};

#[altur_api]
trait Api {
    #[post("/campaigns")]
    async fn create(
        &self,
        #[header("Idempotency-Key")] key: &str,
        #[header("idempotency-key")] again: &str,
    ) -> Result<()>;
}

fn main() {}
