use crate::Result;
use crate::models::{Message, MessageResponse, NewMessage};
use altur_macros::altur_api;

/// Message endpoints: `/message`.
///
/// ```
/// # #[cfg(feature = "mock")]
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> altur_client::Result<()> {
/// use altur_client::mock::MockServer;
/// use altur_client::{EndUserApi, MessagesApi};
/// use altur_client::models::{EndUserData, NewMessage, SentBy};
///
/// let server = MockServer::start().await;
/// let client = server.client()?;
/// let user = client
///     .create_enduser(&EndUserData::new().with_display_name("Ada"))
///     .await?;
/// let agent_id = uuid::Uuid::from_u128(1);
///
/// let response = client
///     .send_message(&NewMessage::new(agent_id, user.id, "Where is my order?"))
///     .await?;
/// assert_eq!(response.messages[0].sent_by, SentBy::Ai);
///
/// let history = client.list_messages(&response.thread.id).await?;
/// assert_eq!(history.len(), 2); // the question, then the reply
/// # Ok(())
/// # }
/// # #[cfg(not(feature = "mock"))]
/// # fn main() {}
/// ```
#[altur_api(spec = "openapi/altur.yaml")]
pub trait MessagesApi {
    /// Sends a message from an EndUser to an agent, and returns the agent's replies:
    /// `POST /message`.
    ///
    /// The thread of the agent and the EndUser is created if they have none. The response comes
    /// once the agent has replied, so it can take longer than other calls; raise
    /// [`ClientBuilder::timeout`](crate::ClientBuilder::timeout) if it times out. Like every
    /// `POST`, the call is not retried, so that the message cannot be sent twice.
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) with status 400 when the API refuses the message, 404
    /// when the EndUser does not exist, 401 when the key is wrong; and every transport error.
    #[post("/message", data = "<message>")]
    async fn send_message(&self, message: &NewMessage) -> Result<MessageResponse>;

    /// Lists every message of a thread, oldest first: `GET /message/{thread_id}`. The API does
    /// not paginate this list.
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) with status 404 "Thread not found", 400 when the API
    /// refuses the id, 401 when the key is wrong; and every transport error.
    #[get("/message/<thread_id>")]
    async fn list_messages(&self, thread_id: &str) -> Result<Vec<Message>>;
}
