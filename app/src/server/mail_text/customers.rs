//! The e-mail of customer relationships: the invitation to the customer's admin, the customer's
//! answer to the partner (and to the provider that bills it), and an end.

use super::{Notice, Part, bilingual, without_link};
use crate::server::store::{customers::CustomerRow, outbox::Email};
use std::time::Duration;

/// The invitation: `partner` asks to serve `customer` (tenant `domain`); `billing_party` bills.
/// The link (to `public_url`) works for `lasts`.
pub struct Invitation<'a> {
    pub partner: &'a str,
    pub billing_party: &'a str,
    pub customer: &'a str,
    pub domain: &'a str,
    pub admin_email: &'a str,
    pub token: &'a str,
}

pub fn invitation(invitation: &Invitation<'_>, public_url: &str, lasts: Duration) -> Email {
    let Invitation {
        partner,
        billing_party,
        customer,
        domain,
        admin_email,
        token,
    } = *invitation;
    let link = format!("{public_url}/customer-invitation?token={token}");
    let days = lasts.as_secs() as f64 / 86_400.0;
    let (lasts_en, lasts_ko) = if days >= 1.0 {
        (
            format!("{} days", days.round()),
            format!("{}일", days.round()),
        )
    } else {
        let minutes = (lasts.as_secs() / 60).max(1);
        (format!("{minutes} minutes"), format!("{minutes}분"))
    };
    let (billing_en, billing_ko) = if billing_party == partner {
        (
            format!("{partner} will bill you."),
            format!("{partner}이(가) 요금을 청구합니다."),
        )
    } else {
        (
            format!("{billing_party}, {partner}'s indirect provider, will bill you."),
            format!("{partner}의 간접 공급자인 {billing_party}이(가) 요금을 청구합니다."),
        )
    };
    bilingual(
        admin_email,
        &format!("{partner} asks to be your cloud solution provider / CSP 파트너 관계 요청"),
        Part {
            paragraphs: &[
                format!(
                    "{partner} asks to become the cloud solution provider of {customer} \
                     (tenant {domain}) on the CSP Portal."
                ),
                format!(
                    "{billing_en} Once you accept, {partner} may sell you online services \
                     and manage your subscriptions. You can end the relationship at any time."
                ),
                format!(
                    "The link works for {lasts_en}. If you did not expect this, decline or \
                     ignore it."
                ),
            ],
            link_label: "Review the request",
        },
        Part {
            paragraphs: &[
                format!(
                    "{partner}이(가) CSP 포털에서 {customer}(테넌트 {domain})의 클라우드 \
                     솔루션 공급자가 되기를 요청했습니다."
                ),
                format!(
                    "{billing_ko} 수락하면 {partner}이(가) 온라인 서비스를 판매하고 구독을 \
                     관리할 수 있습니다. 관계는 언제든지 끝낼 수 있습니다."
                ),
                format!(
                    "링크는 {lasts_ko} 동안 유효합니다. 예상하지 못한 요청이면 거절하거나 무시하세요."
                ),
            ],
            link_label: "요청 검토",
        },
        Some(&link),
    )
}

/// To the customer's admin: `partner` withdrew its request; the link no longer works.
pub fn withdrawn(row: &CustomerRow, partner: &str) -> Email {
    let customer = &row.customer_name;
    without_link(
        &row.admin_email,
        "Request withdrawn / 요청 철회",
        &[format!(
            "{partner} withdrew its request to become the cloud solution provider of {customer}. \
             The link in its e-mail no longer works; there is nothing for you to do."
        )],
        &[format!(
            "{partner}이(가) {customer}의 클라우드 솔루션 공급자 요청을 철회했습니다. 이전 메일의 \
             링크는 더 이상 작동하지 않으며, 하실 일은 없습니다."
        )],
    )
}

/// To the partner's employee who asked: `by` accepted or declined for `customer`.
pub fn answered(row: &CustomerRow, accepted: bool, by: &str, customer: &str) -> Notice {
    let domain = &row.domain;
    let billing = &row.billing_party_name;
    let (subject, en, ko) = if accepted {
        (
            "Customer relationship accepted / 고객 관계 수락",
            format!(
                "{by} accepted for {customer} (tenant {domain}): the relationship is active, and \
                 {billing} bills the customer from now."
            ),
            format!(
                "{by}님이 {customer}(테넌트 {domain})을(를) 대신해 수락했습니다. 관계가 \
                 활성화되었고, 지금부터 {billing}이(가) 고객에게 청구합니다."
            ),
        )
    } else {
        (
            "Customer relationship declined / 고객 관계 거절",
            format!(
                "{by} declined your request to become the cloud solution provider of {customer} \
                 (tenant {domain})."
            ),
            format!(
                "{by}님이 {customer}(테넌트 {domain})의 클라우드 솔루션 공급자 요청을 거절했습니다."
            ),
        )
    };
    Notice::one(
        subject,
        (en, ko),
        "/customers",
        ("Your customers", "고객 목록"),
    )
}

/// To the billing admins of the provider that bills a reseller's new customer.
pub fn billed_to_provider(row: &CustomerRow, customer: &str) -> Notice {
    let (domain, reseller) = (&row.domain, &row.partner_name);
    Notice {
        subject: "A new customer is billed to you / 새 청구 고객".to_owned(),
        english: vec![format!(
            "{customer} (tenant {domain}) became a customer of your reseller {reseller}: you \
             bill it from now."
        )],
        korean: vec![format!(
            "{customer}(테넌트 {domain})이(가) 리셀러 {reseller}의 고객이 되었습니다. 지금부터 \
             청구합니다."
        )],
        path: "/account/billing",
        link: ("Customers billed to you", "청구 고객"),
    }
}

/// To the other side's global admins: `by` ended the relationship; the link opens `path`.
pub fn ended(row: &CustomerRow, by: &str, path: &'static str) -> Notice {
    let CustomerRow {
        partner_name: partner,
        customer_name: customer,
        domain,
        billing_party_name: billing,
        ..
    } = row;
    Notice {
        subject: "Customer relationship ended / 고객 관계 종료".to_owned(),
        english: vec![format!(
            "{by} ended the relationship between {partner} and {customer} (tenant {domain}). \
             Billing through {billing} stopped at that moment."
        )],
        korean: vec![format!(
            "{by}이(가) {partner}와(과) {customer}(테넌트 {domain})의 관계를 끝냈습니다. \
             {billing}을(를) 통한 청구는 그 시점에 중단되었습니다."
        )],
        path,
        link: ("Open the portal", "포털 열기"),
    }
}
