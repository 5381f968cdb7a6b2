use altur_client::{Result, altur_api};

#[altur_api]
trait Api {
    #[get("/enduser/<user_id>")]
    async fn retrieve(&self, usr_id: u64) -> Result<()>;
}

fn main() {}
