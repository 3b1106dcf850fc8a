//! The reviewers' console: the queue, an application with its checks and history, claiming it,
//! and the decisions. For the operator's reviewers and program admins only; every function
//! checks that on the server.

use crate::api::AppError;
#[cfg(feature = "ssr")]
use crate::api::form_done;
#[cfg(feature = "ssr")]
use crate::api::gate;
#[cfg(feature = "ssr")]
use crate::domain::roles::StaffPermission;
#[cfg(feature = "ssr")]
use crate::{
    domain::{
        application::{Model, Status},
        bank::{BankAccount, BankDetails},
        review::{self as rules, RejectReason, TENANT_DOMAIN_SUFFIX, tenant_label},
    },
    server::{
        auth::token::{new_token, token_hash},
        services::is_form_post,
        store::{
            enrollment,
            review::{self, Provisioning, QueueCursor, QueueFrom, ReviewError},
        },
    },
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Applications per page of the queue.
pub const PAGE_SIZE: usize = 50;

pub use crate::domain::review::QueueItem;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Queue {
    pub items: Vec<QueueItem>,
    /// (status code, how many)
    pub counts: Vec<(String, i64)>,
    /// the cursor of the next page (`after=`), if there is one
    pub next: Option<String>,
    /// the cursor of the previous page (`before=`), if there is one
    pub previous: Option<String>,
    /// this is not the first page
    pub paged: bool,
}

/// One page of the queue, oldest submission first, with the counts per status. A page starts
/// after (`after`) or ends before (`before`) a cursor from a previous page; neither is the
/// first page. A cursor that cannot be one is the first page too.
#[server(endpoint = "review_queue")]
pub async fn review_queue(
    #[server(default)] status: String,
    #[server(default)] model: String,
    #[server(default)] country: String,
    #[server(default)] older_than_days: String,
    #[server(default)] after: String,
    #[server(default)] before: String,
) -> Result<Queue, AppError> {
    let (services, _) = gate::staff(StaffPermission::ApplicationsReview).await?;
    let filter = review::QueueFilter {
        status: Status::parse(&status).map(|s| s.code().to_owned()),
        model: Model::parse(&model).map(|m| m.code().to_owned()),
        country: crate::domain::country::find(&country).map(|c| c.code.to_owned()),
        older_than_days: older_than_days.trim().parse().ok().filter(|d| *d <= 3650),
    };
    let from = match (QueueCursor::decode(&after), QueueCursor::decode(&before)) {
        (Some(cursor), _) => QueueFrom::After(cursor),
        (None, Some(cursor)) => QueueFrom::Before(cursor),
        (None, None) => QueueFrom::Start,
    };
    // the page and the counts at once: the database reads them side by side
    let (page, counts) = tokio::join!(
        review::queue(&services.db, &filter, &from, PAGE_SIZE),
        review::counts(&services.db)
    );
    let page = page?;
    let counts = counts?;
    let first = page.rows.first().map(|r| r.cursor().encode());
    let last = page.rows.last().map(|r| r.cursor().encode());
    // (an empty page after or before a cursor leads back to the first page only)
    let (next, previous) = match &from {
        QueueFrom::Start => (last.filter(|_| page.more), None),
        QueueFrom::After(_) => (last.filter(|_| page.more), first),
        QueueFrom::Before(_) => (last, first.filter(|_| page.more)),
    };
    Ok(Queue {
        items: page.rows.into_iter().map(|row| row.item).collect(),
        counts,
        next,
        previous,
        paged: !matches!(from, QueueFrom::Start),
    })
}

/// One entry of an application's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub actor: String,
    pub action: String,
    pub detail: String,
    pub at: String,
}

/// An application as the reviewer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewedApplication {
    pub id: String,
    pub application: crate::api::enrollment::ApplicationView,
    pub claimed_by: Option<String>,
    /// the signed-in reviewer holds it
    pub mine: bool,
    pub history: Vec<HistoryEntry>,
    /// the full account number, once, after a reveal without JavaScript
    pub revealed: Option<RevealedBank>,
    /// whom a program admin can give the application to (empty for reviewers)
    pub reviewers: Vec<Reviewer>,
}

/// A member of the operator's staff who can review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reviewer {
    /// the user's record key
    pub key: String,
    pub name: String,
}

/// The active staff who review (reviewers and program admins), by name.
#[cfg(feature = "ssr")]
async fn reviewers_of(
    services: &crate::server::services::Services,
    operator: &surrealdb::types::RecordId,
) -> Result<Vec<Reviewer>, AppError> {
    let staff = crate::server::store::users::list(&services.db, operator).await?;
    Ok(staff
        .into_iter()
        .filter(|s| {
            s.status == "active"
                && gate::staff_roles_allow(&s.roles, StaffPermission::ApplicationsReview)
        })
        .map(|s| Reviewer {
            key: s.key,
            name: s.display_name,
        })
        .collect())
}

/// Gives an undecided application to another reviewer (program admins only). The new holder
/// decides from then on; the history records who moved it to whom.
#[server(endpoint = "reassign_application")]
pub async fn reassign_application(
    id: String,
    #[server(default)] to: String,
) -> Result<(), AppError> {
    let (services, admin) = gate::staff(StaffPermission::ProgramManage).await?;
    let application = gate::record_from_page("application", &id)?;
    let target = reviewers_of(&services, &admin.organization)
        .await?
        .into_iter()
        .find(|r| r.key == to)
        .ok_or_else(|| AppError::field("to", "review.reassign_choose"))?;
    let to_user = gate::record_from_page("user", &target.key)?;
    let holder = review::holder(&services.db, &application).await?;
    if holder.is_some_and(|(who, _)| who == to_user) {
        return Err(AppError::field("to", "review.reassign_same"));
    }
    review::reassign(
        &services.db,
        &application,
        actor(&admin),
        &to_user,
        &target.name,
    )
    .await
    .map_err(review_error)?;
    form_done(&format!("/review/{id}?done=reassigned"))
}

/// The full bank account number, shown once to the reviewer who revealed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevealedBank {
    /// the application's key (a page shows only its own)
    pub application: String,
    /// an IBAN, or a domestic account number
    pub iban: bool,
    /// the number, in groups of four for an IBAN
    pub number: String,
}

/// How long a reveal without JavaScript may wait for its page.
#[cfg(feature = "ssr")]
const REVEAL_GRANT_LIFETIME: std::time::Duration = std::time::Duration::from_secs(60);

/// Opens sealed bank details for their application.
#[cfg(feature = "ssr")]
fn open_bank(
    services: &crate::server::services::Services,
    application: &surrealdb::types::RecordId,
    sealed: &str,
) -> Result<RevealedBank, AppError> {
    let plain = services
        .field_key
        .open(
            sealed,
            &crate::server::store::enrollment::seal_context(application),
        )
        .map_err(|_| AppError::internal("sealed bank details do not open"))?;
    let details: BankDetails = serde_json::from_slice(&plain).map_err(AppError::internal)?;
    let key = crate::server::db::record_key(application);
    Ok(match details.account {
        BankAccount::Iban { iban, .. } => RevealedBank {
            application: key,
            iban: true,
            number: iban
                .as_bytes()
                .chunks(4)
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect::<Vec<_>>()
                .join(" "),
        },
        BankAccount::Domestic { account_number, .. } => RevealedBank {
            application: key,
            iban: false,
            number: account_number,
        },
    })
}

/// Shows the full bank account number to the reviewer who holds the application, once, and
/// records that in its history; it takes fresh proof of who is asking (see
/// [`crate::api::two_factor::step_up`]). With JavaScript the number comes back in the answer; without,
/// the page it redirects to shows it (the address carries a one-time grant, not the number).
#[server(endpoint = "reveal_bank_number")]
pub async fn reveal_bank_number(
    id: String,
    #[server(default)] proof: String,
) -> Result<Option<RevealedBank>, AppError> {
    let (services, user) = gate::staff(StaffPermission::ApplicationsReview).await?;
    let application = gate::record_from_page("application", &id)?;
    let holder = review::holder(&services.db, &application).await?;
    if holder.is_none_or(|(who, _)| who != user.user) {
        return Err(AppError::Forbidden {
            reason: "review.holder_only".into(),
        });
    }
    crate::api::two_factor::step_up(&services, &user, &proof).await?;
    let page = is_form_post();
    let token = page.then(new_token);
    let sealed = review::reveal_bank(
        &services.db,
        &application,
        actor(&user),
        token.as_deref().map(token_hash).as_deref(),
        REVEAL_GRANT_LIFETIME,
    )
    .await
    .map_err(review_error)?;
    match token {
        Some(token) => {
            leptos_axum::redirect(&format!("/review/{id}?reveal={token}#bank-number"));
            Ok(None)
        }
        None => open_bank(&services, &application, &sealed).map(Some),
    }
}

/// An application for the review page; `reveal` is the one-time grant of a reveal without
/// JavaScript (see [`reveal_bank_number`]).
#[server(endpoint = "application_for_review")]
pub async fn application_for_review(
    id: String,
    #[server(default)] reveal: String,
) -> Result<ReviewedApplication, AppError> {
    let (services, user) = gate::staff(StaffPermission::ApplicationsReview).await?;
    let application = gate::record_from_page("application", &id)?;
    let record = application_record(&services, &application).await?;
    if record.status() == crate::domain::application::Status::Draft {
        // drafts belong to their applicants until they are submitted
        return Err(AppError::NotFound);
    }
    let view = crate::api::enrollment::view_of(&services, &record).await?;
    let holder = review::holder(&services.db, &application).await?;
    let history = review::history(&services.db, &application).await?;
    let granted = !reveal.is_empty()
        && review::take_reveal_grant(
            &services.db,
            &crate::server::auth::token::token_hash(&reveal),
            &user.user,
            &application,
        )
        .await?;
    let revealed = match record.bank_sealed.as_deref() {
        Some(sealed) if granted => Some(open_bank(&services, &application, sealed)?),
        _ => None,
    };
    let reviewers = if gate::staff_may(&user, StaffPermission::ApplicationsReassign) {
        reviewers_of(&services, &user.organization).await?
    } else {
        Vec::new()
    };
    Ok(ReviewedApplication {
        revealed,
        reviewers,
        id,
        application: view,
        mine: holder.as_ref().is_some_and(|(who, _)| *who == user.user),
        claimed_by: holder.map(|(_, name)| name),
        history: history
            .into_iter()
            .map(|e| HistoryEntry {
                actor: e.actor_name,
                action: e.action,
                detail: e.detail,
                at: e.at,
            })
            .collect(),
    })
}

#[server(endpoint = "claim_application")]
pub async fn claim_application(id: String) -> Result<(), AppError> {
    let (services, user) = gate::staff(StaffPermission::ApplicationsReview).await?;
    let application = gate::record_from_page("application", &id)?;
    review::claim(&services.db, &application, actor(&user))
        .await
        .map_err(review_error)?;
    form_done(&format!("/review/{id}?done=claimed"))
}

/// Asks the applicant for more information about the sections ticked (`sections[<code>]=on`).
#[server(endpoint = "request_information")]
pub async fn request_information(
    id: String,
    #[server(default)] sections: HashMap<String, String>,
    message: String,
) -> Result<(), AppError> {
    let (services, user) = gate::staff(StaffPermission::ApplicationsReview).await?;
    let application = gate::record_from_page("application", &id)?;
    let codes: Vec<String> = sections.into_keys().collect();
    let mut fields = Vec::new();
    let sections = rules::sections(&codes)
        .map_err(|code| fields.push(("sections".to_owned(), code.to_owned())))
        .ok();
    let text = rules::message(&message)
        .map_err(|code| fields.push(("message".to_owned(), code.to_owned())))
        .ok();
    let (Some(sections), Some(text)) = (sections, text) else {
        return Err(AppError::Validation {
            fields,
            values: vec![("message".to_owned(), message.clone())],
        });
    };
    let record = application_record(&services, &application).await?;
    let codes: Vec<&str> = sections.iter().map(|s| s.code()).collect();
    let email = crate::server::mail_text::review::more_information(
        &services.public_url,
        &record,
        &codes,
        &text,
    );
    review::request_information(
        &services.db,
        &application,
        actor(&user),
        &codes,
        &text,
        &email,
    )
    .await
    .map_err(review_error)?;
    form_done(&format!("/review/{id}?done=requested"))
}

#[server(endpoint = "reject_application")]
pub async fn reject_application(
    id: String,
    #[server(default)] reason: String,
    message: String,
) -> Result<(), AppError> {
    let (services, user) = gate::staff(StaffPermission::ApplicationsReview).await?;
    let application = gate::record_from_page("application", &id)?;
    let mut fields = Vec::new();
    let reason = RejectReason::parse(&reason);
    if reason.is_none() {
        fields.push(("reason".to_owned(), "decision.reason_empty".to_owned()));
    }
    let text = rules::message(&message)
        .map_err(|code| fields.push(("message".to_owned(), code.to_owned())))
        .ok();
    let (Some(reason), Some(text)) = (reason, text) else {
        return Err(AppError::Validation {
            fields,
            values: vec![("message".to_owned(), message.clone())],
        });
    };
    let record = application_record(&services, &application).await?;
    let email = crate::server::mail_text::review::rejected(
        &services.public_url,
        &record,
        reason.code(),
        &text,
    );
    review::reject(
        &services.db,
        &application,
        actor(&user),
        reason.code(),
        &text,
        &email,
    )
    .await
    .map_err(review_error)?;
    form_done(&format!("/review/{id}?done=rejected"))
}

/// Approves the application: creates the partner organization, its CSP tenant, its billing
/// profile and the global admin, who gets a temporary password by e-mail.
#[server(endpoint = "approve_application")]
pub async fn approve_application(
    id: String,
    #[server(default)] message: String,
) -> Result<(), AppError> {
    let (services, user) = gate::staff(StaffPermission::ApplicationsReview).await?;
    let application = gate::record_from_page("application", &id)?;
    let record = application_record(&services, &application).await?;
    let program_id = record
        .program_id()
        .ok_or_else(|| AppError::internal("an application without a valid program ID"))?;
    let domain = format!(
        "{}.{TENANT_DOMAIN_SUFFIX}",
        tenant_label(
            record.legal_name.as_deref().unwrap_or_default(),
            program_id.get()
        )
    );
    let (password, hash) = services.hasher.temporary_password().await?;
    let message = message
        .trim()
        .chars()
        .take(crate::domain::review::MAX_MESSAGE_LEN)
        .collect::<String>();
    let email = crate::server::mail_text::review::approved(
        &services.public_url,
        &record,
        &message,
        &password,
        services.temporary_password_lifetime,
    );
    review::approve(
        &services.db,
        &application,
        actor(&user),
        &message,
        &Provisioning {
            tenant_domain: &domain,
            password_hash: hash.as_stored(),
            temporary_password_lifetime: services.temporary_password_lifetime,
            email: &email,
        },
        &enrollment::seal_context(&application),
    )
    .await
    .map_err(review_error)?;
    form_done(&format!("/review/{id}?done=approved"))
}

/// An application as the store has it; NotFound when there is none.
#[cfg(feature = "ssr")]
async fn application_record(
    services: &crate::server::services::Services,
    application: &surrealdb::types::RecordId,
) -> Result<crate::server::store::enrollment::ApplicationRecord, AppError> {
    crate::server::store::enrollment::get(&services.db, application)
        .await?
        .ok_or(AppError::NotFound)
}

/// The signed-in reviewer as the store records who acted.
#[cfg(feature = "ssr")]
fn actor(
    user: &crate::server::store::sessions::ActiveSession,
) -> crate::server::store::review::Actor<'_> {
    crate::server::store::review::Actor {
        user: &user.user,
        name: &user.display_name,
    }
}

#[cfg(feature = "ssr")]
fn review_error(error: crate::server::store::review::ReviewError) -> AppError {
    match error {
        ReviewError::NotFound => AppError::NotFound,
        ReviewError::ClaimedBy { by } => AppError::Conflict(format!("review.claimed_by:{by}")),
        ReviewError::WrongStatus {
            decided_by: Some(by),
            ..
        } => AppError::Conflict(format!("review.decided_by:{by}")),
        ReviewError::WrongStatus { status, .. } => {
            AppError::Conflict(format!("review.wrong_status:{status}"))
        }
        ReviewError::EmailTaken => AppError::Conflict("review.email_taken".into()),
        ReviewError::Db(error) => AppError::internal(error),
    }
}
