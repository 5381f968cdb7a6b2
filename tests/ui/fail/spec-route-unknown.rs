use altur_client::{Result, altur_api};

#[altur_api(spec = "specs/pets.yaml")]
trait Pets {
    #[get("/pet/<id>")]
    async fn show_pet(&self, id: u64) -> Result<()>;

    #[post("/pets/<id>")]
    async fn update_pet(&self, id: u64) -> Result<()>;

    #[get("/stores")]
    async fn stores(&self) -> Result<()>;
}

fn main() {}
