use altur_client::{Result, altur_api};

#[altur_api]
trait Api {
    #[post("/enduser")]
    async fn create(&self) -> Result<()>;
}

fn main() {}
