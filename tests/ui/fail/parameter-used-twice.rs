use altur_client::{Result, altur_api};

#[altur_api]
trait Api {
    #[get("/campaigns/<id>?id=<id>")]
    async fn retrieve(&self, id: u64) -> Result<()>;
}

fn main() {}
