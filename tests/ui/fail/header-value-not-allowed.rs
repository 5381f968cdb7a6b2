use altur_client::{Result, altur_api};

struct Token {
    value: String,
}

#[altur_api]
trait Api {
    #[post("/campaigns")]
    async fn create(&self, #[header("Idempotency-Key")] key: Token) -> Result<()>;
}

fn main() {}
