use altur_client::{Result, altur_api};

#[altur_api]
trait Api {
    #[get("/campaigns", timeout = "5h")]
    async fn list(&self) -> Result<()>;
}

fn main() {}
