//! A partner organization's audit log: the page, its filter and the CSV export.

use super::*;
#[cfg(feature = "ssr")]
use crate::{
    domain::roles::Permission,
    server::{db::record_key, store::accounts},
};

/// The audit log (global admins): newest first, by user and by action, a page at a time;
/// `older` is where the previous page said the next one starts.
#[server(endpoint = "load_audit_log")]
pub async fn load_audit_log(
    #[server(default)] user: String,
    #[server(default)] action: String,
    #[server(default)] older: String,
) -> Result<AuditPage, AppError> {
    let (services, me, _) = gate::member(Permission::AuditView).await?;
    let filter = audit_filter(&user, &action, &older)?;
    let (name, log, users) = tokio::join!(
        crate::server::store::partners::find(&services.db, &me.organization),
        accounts::audit_log(&services.db, &me.organization, &filter, AUDIT_PAGE_SIZE + 1),
        accounts::list(&services.db, &me.organization)
    );
    let mut log = log?;
    let older = (log.len() > AUDIT_PAGE_SIZE).then(|| {
        log.truncate(AUDIT_PAGE_SIZE);
        log.last().map(|e| e.at.clone()).unwrap_or_default()
    });
    Ok(AuditPage {
        organization: name?.map(|p| p.name).unwrap_or_default(),
        lines: log.into_iter().map(audit_line).collect(),
        users: users?
            .into_iter()
            .map(|m| (record_key(&m.id), m.display_name))
            .collect(),
        older,
    })
}

#[cfg(feature = "ssr")]
fn audit_line(entry: crate::server::store::accounts::AuditEntry) -> AuditLine {
    AuditLine {
        at: readable_time(&entry.at, true),
        actor: entry.actor_name,
        action: entry.action,
        target: entry.target,
        detail: entry.detail,
        address: entry.address.unwrap_or_default(),
    }
}

/// The filter the audit log page and its CSV export share; values come from the address bar.
#[cfg(feature = "ssr")]
pub fn audit_filter(
    user: &str,
    action: &str,
    older: &str,
) -> Result<crate::server::store::accounts::AuditFilter, AppError> {
    let actor = if user.is_empty() {
        None
    } else {
        Some(gate::record_from_page("user", user)?)
    };
    let action = if action.is_empty() {
        None
    } else if AUDIT_ACTIONS.contains(&action) {
        Some(action.to_owned())
    } else {
        return Err(AppError::field("action", "audit.action_unknown"));
    };
    let before = if older.is_empty() {
        None
    } else if older.len() <= 40
        && older
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | ':' | '.' | '+'))
    {
        Some(older.to_owned())
    } else {
        return Err(AppError::field("older", "audit.older_invalid"));
    };
    Ok(crate::server::store::accounts::AuditFilter {
        actor,
        action,
        before,
    })
}

/// The audit log as CSV (RFC 4180), newest first, every entry that `filter` selects.
#[cfg(feature = "ssr")]
pub async fn audit_csv(
    services: &crate::server::services::Services,
    organization: &surrealdb::types::RecordId,
    filter: &crate::server::store::accounts::AuditFilter,
) -> Result<String, AppError> {
    let log =
        crate::server::store::accounts::audit_log(&services.db, organization, filter, 100_000)
            .await?;
    let mut out = String::from("time_utc,user,action,target,detail,address\r\n");
    for entry in log {
        let cells = [
            entry.at.trim_matches(|c| c == '\'' || c == '"').to_owned(),
            entry.actor_name,
            entry.action,
            entry.target,
            entry.detail,
            entry.address.unwrap_or_default(),
        ];
        let line: Vec<String> = cells.iter().map(|cell| csv_cell(cell)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    Ok(out)
}

/// The audit log export for a plain HTTP request (the CSV download link): the session comes
/// from the request's cookie, and the same permission as the page is needed.
#[cfg(feature = "ssr")]
pub async fn audit_csv_for_request(
    services: &crate::server::services::Services,
    headers: &http::HeaderMap,
    user: &str,
    action: &str,
) -> Result<String, AppError> {
    let (session, _) = gate::member_from_headers(
        services,
        headers,
        crate::domain::roles::Permission::AuditView,
    )
    .await?;
    let filter = audit_filter(user, action, "")?;
    audit_csv(services, &session.organization, &filter).await
}

/// One CSV cell: quoted when it needs to be, and never read as a formula by a spreadsheet.
pub fn csv_cell(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}
