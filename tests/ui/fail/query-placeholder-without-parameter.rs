use altur_client::{Result, altur_api};

#[altur_api]
trait Api {
    #[get("/campaigns?pageSize=<page_sise>")]
    async fn list(&self, page_size: u32) -> Result<()>;
}

fn main() {}
