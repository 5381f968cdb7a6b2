use altur_client::{Result, altur_api};

struct Status;

#[altur_api]
trait Api {
    #[get("/campaigns?<status>")]
    async fn list(&self, status: Status) -> Result<()>;
}

fn main() {}
