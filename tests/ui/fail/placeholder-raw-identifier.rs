use altur_client::{Result, altur_api};

#[altur_api]
trait Api {
    #[get("/integrations/<r#type>")]
    async fn retrieve(&self, r#type: &str) -> Result<()>;
}

fn main() {}
