use super::string_enum;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A person the Altur platform talks to, as returned by
/// [`EndUserApi::retrieve_enduser`](crate::EndUserApi::retrieve_enduser).
///
/// Decoding ignores unknown fields. Only `id` and `display_name` are required: the published
/// spec's `required` list names `integration`, which is not a property (the property is
/// `integration_type`, and the rendered documentation marks only `id` and `display_name` as
/// required), so `integration_type` is optional and a body that spells it `integration` is
/// accepted too.
///
/// The struct has public fields and no hidden ones so that tests can build values to insert into
/// the [mock server](crate::mock).
///
/// ```
/// use altur_client::{EndUser, IntegrationType};
///
/// let user: EndUser = serde_json::from_str(
///     r#"{"id": "3f2b8c1e-4a5d-4e6f-8a9b-0c1d2e3f4a5b", "display_name": "Ada",
///         "integration_type": "whatsapp", "info": null}"#,
/// )?;
/// assert_eq!(user.display_name, "Ada");
/// assert_eq!(user.integration_type, Some(IntegrationType::Whatsapp));
/// assert_eq!(user.info, None);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndUser {
    /// Unique identifier of the EndUser.
    pub id: Uuid,
    /// The EndUser's display name.
    pub display_name: String,
    /// The channel the EndUser came through.
    #[serde(
        default,
        alias = "integration",
        skip_serializing_if = "Option::is_none"
    )]
    pub integration_type: Option<IntegrationType>,
    /// Information about the EndUser that agents (AI or human) can use in conversations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub info: Option<String>,
}

impl EndUser {
    /// An EndUser with only the required fields set.
    pub fn new(id: Uuid, display_name: impl Into<String>) -> Self {
        EndUser {
            id,
            display_name: display_name.into(),
            integration_type: None,
            info: None,
        }
    }
}

string_enum! {
    /// The channel of an integration. Values the API adds later decode into
    /// [`Other`](IntegrationType::Other) instead of failing.
    ///
    /// ```
    /// use altur_client::IntegrationType;
    ///
    /// let known: IntegrationType = serde_json::from_str(r#""api""#)?;
    /// assert_eq!(known, IntegrationType::Api);
    /// let future: IntegrationType = serde_json::from_str(r#""telegram""#)?;
    /// assert_eq!(future, IntegrationType::Other("telegram".to_owned()));
    /// assert_eq!(serde_json::to_string(&future)?, r#""telegram""#);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub enum IntegrationType {
        /// `api`
        Api = "api",
        /// `whatsapp`
        Whatsapp = "whatsapp",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const ID: &str = "3f2b8c1e-4a5d-4e6f-8a9b-0c1d2e3f4a5b";

    #[test]
    fn full_payload_round_trips() {
        let payload = json!({
            "id": ID,
            "display_name": "Ada Lovelace",
            "integration_type": "api",
            "info": "prefers mornings",
        });
        let user: EndUser = serde_json::from_value(payload.clone()).unwrap();
        assert_eq!(user.id, Uuid::parse_str(ID).unwrap());
        assert_eq!(user.integration_type, Some(IntegrationType::Api));
        assert_eq!(user.info.as_deref(), Some("prefers mornings"));
        assert_eq!(serde_json::to_value(&user).unwrap(), payload);
    }

    #[test]
    fn only_required_fields() {
        let user: EndUser =
            serde_json::from_value(json!({"id": ID, "display_name": "Ada"})).unwrap();
        assert_eq!(user, EndUser::new(Uuid::parse_str(ID).unwrap(), "Ada"));
        assert_eq!(
            serde_json::to_value(&user).unwrap(),
            json!({"id": ID, "display_name": "Ada"})
        );
    }

    #[test]
    fn unknown_fields_nulls_and_the_integration_alias() {
        let user: EndUser = serde_json::from_value(json!({
            "id": ID,
            "display_name": "Ada",
            "integration": "whatsapp",
            "info": null,
            "created_at": "2025-01-01T00:00:00Z",
        }))
        .unwrap();
        assert_eq!(user.integration_type, Some(IntegrationType::Whatsapp));
        assert_eq!(user.info, None);
    }

    #[test]
    fn unknown_integration_type_decodes() {
        let user: EndUser = serde_json::from_value(
            json!({"id": ID, "display_name": "Ada", "integration_type": "sms"}),
        )
        .unwrap();
        assert_eq!(
            user.integration_type,
            Some(IntegrationType::Other("sms".into()))
        );
    }

    #[test]
    fn missing_or_malformed_required_fields_fail() {
        for payload in [
            json!({"display_name": "Ada"}),
            json!({"id": ID}),
            json!({"id": "not-a-uuid", "display_name": "Ada"}),
            json!({"id": ID, "display_name": 5}),
        ] {
            assert!(
                serde_json::from_value::<EndUser>(payload.clone()).is_err(),
                "{payload}"
            );
        }
    }
}
