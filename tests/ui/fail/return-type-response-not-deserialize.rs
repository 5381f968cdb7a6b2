use altur_client::{Response, Result, altur_api};

struct Opaque;

#[altur_api]
trait Api {
    #[get("/campaigns/<id>")]
    async fn retrieve(&self, id: u64) -> Result<Response<Opaque>>;
}

fn main() {}
