use super::DeserializeWithAliases;
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
/// accepted too. A body may carry both keys, as a server honouring both halves of the spec
/// would: then `integration_type` wins, unless it is `null` and `integration` is not.
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, DeserializeWithAliases)]
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

/// The body of [`create_enduser`](crate::EndUserApi::create_enduser) and
/// [`update_enduser`](crate::EndUserApi::update_enduser): `{"display_name": .., "info": ..}`.
///
/// Both fields are optional, as the API documents no `required` list, and a field left `None` is
/// not sent at all. On an update, a field that is not sent keeps its value.
///
/// ```
/// use altur_client::models::EndUserData;
///
/// let data = EndUserData::new().with_display_name("Ada Lovelace");
/// assert_eq!(serde_json::to_string(&data)?, r#"{"display_name":"Ada Lovelace"}"#);
///
/// let data = EndUserData {
///     info: Some("prefers mornings".to_owned()),
///     ..EndUserData::default()
/// };
/// assert_eq!(serde_json::to_string(&data)?, r#"{"info":"prefers mornings"}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndUserData {
    /// The EndUser's display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Information about the EndUser that agents (AI or human) can use in conversations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub info: Option<String>,
}

impl EndUserData {
    /// A body with no field set, which sends `{}`.
    pub fn new() -> Self {
        EndUserData::default()
    }

    /// Sets [`display_name`](Self::display_name).
    #[must_use]
    pub fn with_display_name(mut self, display_name: impl Into<String>) -> Self {
        self.display_name = Some(display_name.into());
        self
    }

    /// Sets [`info`](Self::info).
    #[must_use]
    pub fn with_info(mut self, info: impl Into<String>) -> Self {
        self.info = Some(info.into());
        self
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
    fn both_spellings_of_the_integration_decode_and_integration_type_wins() {
        let body = |integration: &str, integration_type: &str| {
            format!(
                r#"{{"id": "{ID}", "display_name": "Ada", "integration": {integration}, "integration_type": {integration_type}}}"#
            )
        };
        let decoded = |body: String| serde_json::from_str::<EndUser>(&body).unwrap();
        let equal = decoded(body(r#""whatsapp""#, r#""whatsapp""#));
        assert_eq!(equal.integration_type, Some(IntegrationType::Whatsapp));
        let different = decoded(body(r#""whatsapp""#, r#""api""#));
        assert_eq!(different.integration_type, Some(IntegrationType::Api));
        let null_new = decoded(body(r#""whatsapp""#, "null"));
        assert_eq!(null_new.integration_type, Some(IntegrationType::Whatsapp));
        let reversed: EndUser = serde_json::from_value(json!({
            "integration_type": "api",
            "display_name": "Ada",
            "integration": "whatsapp",
            "id": ID,
        }))
        .unwrap();
        assert_eq!(reversed, different);
        assert_eq!(
            serde_json::to_value(&reversed).unwrap(),
            json!({"id": ID, "display_name": "Ada", "integration_type": "api"})
        );
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
    fn enduser_data_omits_unset_fields() {
        assert_eq!(serde_json::to_value(EndUserData::new()).unwrap(), json!({}));
        let data = EndUserData::new()
            .with_display_name("Ada")
            .with_info("prefers mornings");
        let value = serde_json::to_value(&data).unwrap();
        assert_eq!(
            value,
            json!({"display_name": "Ada", "info": "prefers mornings"})
        );
        assert_eq!(serde_json::from_value::<EndUserData>(value).unwrap(), data);
        let only_info: EndUserData =
            serde_json::from_value(json!({"info": "x", "display_name": null, "extra": 1})).unwrap();
        assert_eq!(only_info, EndUserData::new().with_info("x"));
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
