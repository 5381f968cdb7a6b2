use altur_client::{Result, altur_api};

struct UserId(u64);

#[altur_api]
trait Api {
    #[get("/enduser/<id>")]
    async fn retrieve(&self, id: UserId) -> Result<()>;
}

fn main() {
    let _ = UserId(1).0;
}
