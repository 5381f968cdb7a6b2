use altur_client::{Result, altur_api};

#[altur_api(spec = "specs/pets.yaml")]
trait Pets {
    #[get("/pets?limit=<limit>&limits=<more>&sort=name")]
    async fn pets(&self, limit: u32, more: u32) -> Result<()>;

    #[get("/pets/<id>?verbose=true")]
    async fn show_pet(&self, id: u64) -> Result<()>;
}

fn main() {}
