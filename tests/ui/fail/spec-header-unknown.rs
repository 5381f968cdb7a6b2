use altur_client::{Result, altur_api};

#[altur_api(spec = "specs/pets.yaml")]
trait Pets {
    #[get("/pets?<limit>")]
    async fn pets(&self, limit: u32, #[header("X-Request-Ids")] id: &str) -> Result<()>;

    #[get("/pets/<id>")]
    async fn show_pet(&self, id: u64, #[header("X-Trace")] trace: &str) -> Result<()>;
}

fn main() {}
