use altur_client::{Result, altur_api};

#[altur_api]
trait Api {
    #[post("/campaigns")]
    async fn create(&self, #[header("Bad Name")] key: &str) -> Result<()>;
}

fn main() {}
