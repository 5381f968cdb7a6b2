use altur_client::{Result, altur_api};

#[altur_api]
trait Api {
    #[get("/campaigns/<id>")]
    async fn retrieve(&self, #[foo] id: u64) -> Result<()>;
}

fn main() {}
