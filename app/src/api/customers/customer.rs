//! The customer's side: its partners, and ending a relationship with one.

use super::*;
#[cfg(feature = "ssr")]
use crate::api::form_done;
#[cfg(feature = "ssr")]
use crate::{
    api::accounts::{acting, client_address},
    server::store::customers,
};

/// The signed-in global admin's organization's partners (the customer's side): who serves
/// which tenant, and who bills it.
#[server(endpoint = "load_my_partners")]
pub async fn load_my_partners() -> Result<Vec<CustomerView>, AppError> {
    let (services, me) =
        gate::customer(crate::domain::roles::Permission::GlobalAdminsManage).await?;
    let rows = customers::list_for_customer(&services.db, &me.organization).await?;
    Ok(rows.into_iter().map(view_of).collect())
}

/// The customer ends a relationship with a partner: billing is disconnected from now and the
/// partner's global admins are e-mailed.
#[server(endpoint = "end_partner_relationship")]
pub async fn end_partner_relationship(id: String) -> Result<(), AppError> {
    let (services, me) =
        gate::customer(crate::domain::roles::Permission::GlobalAdminsManage).await?;
    let key = gate::record_from_page("customer_relationship", &id)?;
    let row = customers::get(&services.db, &me.organization, &key)
        .await?
        .filter(|row| row.customer.as_ref() == Some(&me.organization))
        .ok_or(AppError::NotFound)?;
    let mails = ended_mails(
        &services,
        &row.partner,
        &row,
        &row.customer_name,
        "/customers",
    )
    .await?;
    let from = client_address().await;
    customers::end(&services.db, acting(&me, &from), &row, &mails)
        .await
        .map_err(customer_error)?;
    form_done("/customer?done=ended")
}
