use altur_client::{Result, altur_api};

#[altur_api]
trait Api {
    #[get("/campaigns", timeout = "1.5s")]
    async fn list(&self) -> Result<()>;
}

fn main() {}
