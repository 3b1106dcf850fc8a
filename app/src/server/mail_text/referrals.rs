//! The e-mail of customer referrals: the customer's confirmation link, the new referral to the
//! partner (or to the reseller its provider passes it to), and what the customer is told.

use super::{Notice, Part, bilingual, without_link};
use crate::server::store::{outbox::Email, referrals::Referral};

fn notice(subject: &str, english: Vec<String>, korean: Vec<String>) -> Notice {
    Notice {
        subject: subject.to_owned(),
        english,
        korean,
        path: "/referrals",
        link: ("Your referrals", "추천 목록"),
    }
}

/// The link that confirms the customer's address and sends the request to `partner`.
pub fn confirm_request(recipient: &str, partner: &str, link: &str) -> Email {
    bilingual(
        recipient,
        "Confirm your request / 요청 확인",
        Part {
            paragraphs: &[
                format!(
                    "You asked {partner} for help on the CSP Portal partner directory. Open the \
                     link to confirm your e-mail address and send the request. It works for 24 \
                     hours."
                ),
                "If you did not ask, ignore this message: nothing is sent.".to_owned(),
            ],
            link_label: "Confirm and send",
        },
        Part {
            paragraphs: &[
                format!(
                    "CSP 포털 파트너 디렉터리에서 {partner}에 도움을 요청했습니다. 링크를 열어 \
                     이메일 주소를 확인하고 요청을 보내세요. 링크는 24시간 동안 유효합니다."
                ),
                "요청하지 않았다면 이 메시지를 무시하세요. 아무것도 전송되지 않습니다.".to_owned(),
            ],
            link_label: "확인 및 보내기",
        },
        Some(link),
    )
}

/// To the partner's referrals admins: a confirmed request.
pub fn new_referral(referral: &Referral) -> Notice {
    let Referral {
        customer_name: name,
        customer_company: company,
        need,
        ..
    } = referral;
    notice(
        "New customer referral / 새 고객 추천",
        vec![
            format!("{name} of {company} asks for help: {need}"),
            "Accept or decline it in your referrals.".to_owned(),
        ],
        vec![
            format!("{company}의 {name}님이 도움을 요청했습니다: {need}"),
            "추천 목록에서 수락하거나 거절하세요.".to_owned(),
        ],
    )
}

/// To the customer: the request reached the partner.
pub fn sent(referral: &Referral) -> Email {
    let partner = &referral.holder_name;
    without_link(
        &referral.customer_email,
        "Your request was sent / 요청 전송됨",
        &[format!(
            "Your request reached {partner}. You will get an e-mail when they answer."
        )],
        &[format!(
            "요청이 {partner}에 전달되었습니다. 답변이 오면 이메일로 알려 드립니다."
        )],
    )
}

/// To the customer: the partner accepted (and `contact` will be in touch) or declined.
pub fn answered(referral: &Referral, accepted: bool, contact: &str, message: &str) -> Email {
    let partner = &referral.holder_name;
    let (subject, en, ko) = if accepted {
        (
            "Your request was accepted / 요청 수락됨",
            format!(
                "{partner} accepted your request and will contact you. Their contact: {contact}"
            ),
            format!("{partner}이(가) 요청을 수락했으며 곧 연락드립니다. 담당자: {contact}"),
        )
    } else {
        (
            "Your request was declined / 요청 거절됨",
            format!("{partner} cannot help with this request."),
            format!("{partner}이(가) 이 요청을 도울 수 없습니다."),
        )
    };
    let words = notice(subject, vec![en], vec![ko]).quoting(message, ("Their message", "메시지"));
    without_link(
        &referral.customer_email,
        &words.subject,
        &words.english,
        &words.korean,
    )
}

/// To the referrals admins of the reseller a provider passed the referral to.
pub fn passed_to_reseller(referral: &Referral) -> Notice {
    let Referral {
        holder_name: provider,
        customer_name: name,
        customer_company: company,
        need,
        ..
    } = referral;
    notice(
        "A customer referral from your provider / 공급자가 전달한 고객 추천",
        vec![format!(
            "{provider} passed you a customer referral: {name} of {company} asks for help: {need}"
        )],
        vec![format!(
            "{provider}이(가) 고객 추천을 전달했습니다. {company}의 {name}님이 도움을 \
             요청했습니다: {need}"
        )],
    )
}

/// To the customer: the provider passed the request to `reseller`.
pub fn passed_on(referral: &Referral, reseller: &str) -> Email {
    let provider = &referral.holder_name;
    without_link(
        &referral.customer_email,
        "Your request was passed on / 요청이 전달됨",
        &[format!(
            "{provider} passed your request to {reseller}, one of its resellers, who will answer \
             you."
        )],
        &[format!(
            "{provider}이(가) 요청을 리셀러인 {reseller}에 전달했습니다. {reseller}이(가) \
             답변할 것입니다."
        )],
    )
}
