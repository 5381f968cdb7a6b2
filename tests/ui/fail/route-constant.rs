use altur_client::{Result, altur_api};

const PATH: &str = "/enduser";

#[altur_api]
trait Api {
    #[get(PATH)]
    async fn retrieve(&self) -> Result<()>;
}

fn main() {
    let _ = PATH;
}
