use altur_client::{Result, altur_api};

struct Opaque;

#[altur_api]
trait Api {
    #[get("/enduser/<id>")]
    async fn retrieve(&self, id: u64) -> Result<Opaque>;
}

fn main() {}
