use altur_client::altur_api;

#[altur_api]
trait Api {
    #[get("/enduser/<id>")]
    async fn retrieve(&self, id: u64) -> Vec<u8>;
}

fn main() {}
