use altur_client::{Result, altur_api};

#[altur_api]
trait Api {
    #[head("/campaigns/<id>")]
    async fn exists(&self, id: u64) -> Result<serde_json::Value>;
}

fn main() {}
