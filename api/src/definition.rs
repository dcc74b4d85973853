use serde::{Deserialize, Serialize};

use crate::ServiceKind;

/// The kind of answer an attribute asks for; the six datatypes of Open311.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Datatype {
    String,
    Number,
    Datetime,
    Text,
    #[serde(rename = "singlevaluelist")]
    SingleValueList,
    #[serde(rename = "multivaluelist")]
    MultiValueList,
}

impl Datatype {
    pub fn from_open311(datatype: &str) -> Option<Datatype> {
        Some(match datatype.trim().to_ascii_lowercase().as_str() {
            "string" => Datatype::String,
            "number" => Datatype::Number,
            "datetime" => Datatype::Datetime,
            "text" => Datatype::Text,
            "singlevaluelist" => Datatype::SingleValueList,
            "multivaluelist" => Datatype::MultiValueList,
            _ => return None,
        })
    }

    pub fn is_list(self) -> bool {
        matches!(self, Datatype::SingleValueList | Datatype::MultiValueList)
    }
}

/// One choice of a list attribute.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributeValue {
    pub key: String,
    pub name: String,
}

/// One question a service asks, from its Open311 definition.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribute {
    pub code: String,
    /// The question itself (Open311 `description`).
    pub label: String,
    /// Help with the answer's form (Open311 `datatype_description`).
    pub hint: Option<String>,
    pub datatype: Datatype,
    pub required: bool,
    /// `false`: information shown to the resident, not a question.
    pub variable: bool,
    pub order: i64,
    pub values: Vec<AttributeValue>,
}

/// `GET /api/services/{code}` answers this.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceDefinition {
    pub code: String,
    pub name: String,
    pub description: String,
    pub category: Option<String>,
    pub kind: Option<ServiceKind>,
    /// The time limit (办理时限) in working days, when the upstream publishes it; `None`
    /// and the service page says plainly that it is not published.
    #[serde(default)]
    pub time_limit_days: Option<u32>,
    /// The questions in the order to ask them.
    pub attributes: Vec<Attribute>,
}

impl ServiceDefinition {
    /// The questions to ask, in the order to ask them; the notices, which ask nothing, are
    /// left out.
    pub fn questions(&self) -> Vec<&Attribute> {
        let mut questions: Vec<&Attribute> =
            self.attributes.iter().filter(|a| a.variable).collect();
        questions.sort_by_key(|a| a.order);
        questions
    }
}
