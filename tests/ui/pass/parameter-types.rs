// Any `Display` type binds a placeholder.
use altur_client::{Client, Result, altur_api};
use std::fmt::{self, Display};
use uuid::Uuid;

enum Channel {
    Whatsapp,
    Sms,
}

impl Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Channel::Whatsapp => "whatsapp",
            Channel::Sms => "sms",
        })
    }
}

#[altur_api]
trait Params {
    #[get("/uuid/<id>")]
    async fn by_uuid(&self, id: Uuid) -> Result<()>;

    #[get("/u64/<n>")]
    async fn by_u64(&self, n: u64) -> Result<()>;

    #[get("/i32/<n>")]
    async fn by_i32(&self, n: i32) -> Result<()>;

    #[get("/str/<name>")]
    async fn by_str(&self, name: &str) -> Result<()>;

    #[get("/string/<name>")]
    async fn by_string(&self, name: String) -> Result<()>;

    #[get("/channel/<channel>")]
    async fn by_enum(&self, channel: Channel) -> Result<()>;

    #[get("/display/<value>")]
    async fn by_impl_display(&self, value: impl Display + Send) -> Result<()>;

    #[get("/<a>/<b>/<c>")]
    async fn several(&self, c: &str, a: u8, b: String) -> Result<()>;
}

fn main() {
    let client = Client::builder()
        .api_key("test")
        .base_url("http://127.0.0.1:1")
        .build()
        .unwrap();
    drop(client.by_uuid(Uuid::nil()));
    drop(client.by_u64(u64::MAX));
    drop(client.by_i32(-1));
    let name = String::from("ada");
    drop(client.by_str(&name));
    drop(client.by_string(name));
    drop(client.by_enum(Channel::Whatsapp));
    drop(client.by_enum(Channel::Sms));
    drop(client.by_impl_display(1.5));
    drop(client.several("c", 1, "b".to_owned()));
}
