use altur_client::altur_api;

#[derive(Debug)]
struct MyError;

#[altur_api]
trait Api {
    #[get("/enduser/<id>")]
    async fn retrieve(&self, id: u64) -> Result<(), MyError>;
}

fn main() {}
