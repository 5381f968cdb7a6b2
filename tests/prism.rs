//! Every Altur operation through the client against Prism, a third-party mock server that
//! serves `altur-client/openapi/altur.yaml`: it refuses a request the document does not allow
//! (`400`/`401`/`422`) and answers from the document's examples, which must decode.
//!
//! Prism is a Node.js program: the test runs when `ALTUR_PRISM` names its executable (`.ci/run`
//! installs it when npm is present) and is skipped, with a message, otherwise.

use altur_client::models::{
    AddContacts, CampaignAction, CampaignCallFilters, CampaignFilters, CampaignIntegrationType,
    CampaignUpdate, ContactFilters, EndUserData, NewCall, NewCampaign, NewContact, NewMessage,
};
use altur_client::{CallsApi, CampaignsApi, Client, EndUserApi, MessagesApi, ThreadsApi};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// The Prism process, stopped when the test ends however it ends.
struct Prism(Child);

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_prism(executable: &str) -> (Prism, SocketAddr) {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    let document = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/altur-client/openapi/altur.yaml"
    );
    let child = Command::new(executable)
        .args(["mock", "-h", "127.0.0.1", "-p", &port.to_string(), document])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("Prism starts");
    let prism = Prism(child);
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    let started = Instant::now();
    while TcpStream::connect(address).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "Prism did not listen on {address} within 60 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    (prism, address)
}

#[tokio::test]
async fn every_operation_is_accepted_by_prism_and_its_answer_decodes() {
    let Some(executable) = std::env::var_os("ALTUR_PRISM") else {
        eprintln!(
            "skipped: set ALTUR_PRISM to Prism's executable (npm @stoplight/prism-cli@5) to run \
             every operation against it; .ci/run does when npm is present"
        );
        return;
    };
    let (_prism, address) = start_prism(&executable.to_string_lossy());
    let client = Client::builder()
        .api_key("prism-test-key")
        .base_url(format!("http://{address}"))
        .max_retries(0)
        .build()
        .expect("a client");

    let user = Uuid::parse_str("3f2b8c1e-4a5d-4e6f-8a9b-0c1d2e3f4a5b").expect("a UUID");
    let agent = Uuid::parse_str("0b8e7a0e-8f3c-4c47-9d61-4f9b2a9c1d10").expect("a UUID");
    let mut failures = Vec::new();
    let mut check = |operation: &str, result: altur_client::Result<()>| {
        if let Err(error) = result {
            failures.push(format!("{operation}: {error} ({error:?})"));
        }
    };

    let data = EndUserData::new().with_display_name("Ada Lovelace");
    check(
        "create_enduser",
        client.create_enduser(&data).await.map(drop),
    );
    check(
        "retrieve_enduser",
        client.retrieve_enduser(user).await.map(drop),
    );
    check(
        "update_enduser",
        client.update_enduser(user, &data).await.map(drop),
    );
    let message = NewMessage::new(agent, user, "Where is my order?");
    check(
        "send_message",
        client.send_message(&message).await.map(drop),
    );
    check(
        "list_messages",
        client.list_messages("thr_8Yv2kQ1mZx").await.map(drop),
    );
    check(
        "retrieve_thread",
        client.retrieve_thread("thr_8Yv2kQ1mZx").await.map(drop),
    );
    let call = NewCall::new(agent, "+14155550100");
    check("start_call", client.start_call(&call).await.map(drop));
    let call_id = "cll_gBoLtd02pUI50QwXkFjB";
    check(
        "retrieve_call",
        client.retrieve_call(call_id).await.map(drop),
    );
    check(
        "download_recording",
        client.download_recording(call_id).await.map(drop),
    );

    let filters = CampaignFilters::default();
    check(
        "list_campaigns",
        client.list_campaigns(&filters, None).await.map(drop),
    );
    let mut campaign = NewCampaign::new(
        "Cobranza Q2",
        agent,
        "int_phone",
        CampaignIntegrationType::PhoneCall,
    );
    campaign.first_message = Some("Hola, le llamo de Altur.".into());
    check(
        "create_campaign",
        client
            .create_campaign(&campaign, Some("import-1"))
            .await
            .map(drop),
    );
    check(
        "retrieve_campaign",
        client.retrieve_campaign(1234).await.map(drop),
    );
    let update = CampaignUpdate {
        name: Some("Cobranza Q3".into()),
        ..CampaignUpdate::default()
    };
    check(
        "update_campaign",
        client.update_campaign(1234, &update).await.map(drop),
    );
    check(
        "campaign_action",
        client
            .campaign_action(1234, CampaignAction::Pause)
            .await
            .map(drop),
    );
    let contacts = AddContacts::new(vec![NewContact::new("+5215512345678")]);
    check(
        "add_campaign_contacts",
        client
            .add_campaign_contacts(1234, &contacts, Some("import-1-0"))
            .await
            .map(drop),
    );
    check(
        "list_campaign_contacts",
        client
            .list_campaign_contacts(1234, &ContactFilters::default(), 0)
            .await
            .map(drop),
    );
    check(
        "retrieve_campaign_contact",
        client.retrieve_campaign_contact(1234, 981).await.map(drop),
    );
    check(
        "delete_campaign_contact",
        client.delete_campaign_contact(1234, 981).await,
    );
    check(
        "list_campaign_calls",
        client
            .list_campaign_calls(1234, &CampaignCallFilters::default(), 0)
            .await
            .map(drop),
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
