use altur_client::{Result, altur_api};

struct Campaign {
    name: String,
}

#[altur_api]
trait Api {
    #[post("/campaigns", data = "<campaign>")]
    async fn create(&self, campaign: &Campaign) -> Result<()>;
}

fn main() {}
