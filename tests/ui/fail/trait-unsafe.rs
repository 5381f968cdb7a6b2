use altur_client::{Result, altur_api};

#[altur_api]
unsafe trait Api {
    #[get("/enduser")]
    async fn list(&self) -> Result<()>;
}

fn main() {}
