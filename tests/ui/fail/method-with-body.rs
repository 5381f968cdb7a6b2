use altur_client::{Result, altur_api};

#[altur_api]
trait Api {
    #[get("/enduser")]
    async fn list(&self) -> Result<()> {
        Ok(())
    }
}

fn main() {}
