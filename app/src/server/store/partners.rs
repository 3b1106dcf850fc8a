//! Partner organizations (created by the approval of their application).

use crate::server::db::{Database, DbError};
use surrealdb::types::{RecordId, SurrealValue};

#[derive(Debug, Clone, SurrealValue)]
pub struct Partner {
    pub name: String,
    pub program_id: Option<i64>,
    pub model: Option<String>,
    pub country: Option<String>,
    pub csp_tenant: Option<String>,
}

/// The partner organization `organization`; `None` for the operator or an unknown record.
pub async fn find(db: &Database, organization: &RecordId) -> Result<Option<Partner>, DbError> {
    db.query(
        "SELECT name, program_id, model, country,
             (SELECT VALUE domain FROM tenant
                 WHERE organization = $parent.id AND kind = 'csp' LIMIT 1)[0] AS csp_tenant
         FROM ONLY $organization WHERE kind = 'partner'",
    )
    .bind("organization", organization.clone())
    .rows()
    .await
}
