//! The e-mail of reseller relationships, to the members of the other organization who handle
//! them: a request, its answer, an end.

use super::Notice;

const MESSAGE: (&str, &str) = ("Their message", "메시지");

fn notice(subject: &str, english: String, korean: String) -> Notice {
    let link = ("Your partner relationships", "파트너 관계");
    Notice::one(subject, (english, korean), "/partners", link)
}

/// To the provider: `reseller` (its `person`) asks `provider` to be its indirect provider.
pub fn requested(reseller: &str, person: &str, provider: &str, message: &str) -> Notice {
    notice(
        "A reseller asks for a relationship / 리셀러 관계 요청",
        format!(
            "{reseller} ({person}) asks {provider} to be its indirect provider on the CSP Portal. \
             Accept or decline the request on your partner relationships page."
        ),
        format!(
            "{reseller}({person})이(가) CSP 포털에서 {provider}에 간접 공급자가 되어 달라고 \
             요청했습니다. 파트너 관계 페이지에서 요청을 수락하거나 거절하세요."
        ),
    )
    .quoting(message, MESSAGE)
}

/// To the reseller: `provider` accepted or declined its request.
pub fn answered(provider: &str, accepted: bool, message: &str) -> Notice {
    if accepted {
        notice(
            "Relationship accepted / 관계 수락",
            format!(
                "{provider} accepted your request: it is now your indirect provider on the CSP \
                 Portal."
            ),
            format!("{provider}이(가) 요청을 수락했습니다. 이제 CSP 포털에서 간접 공급자입니다."),
        )
    } else {
        notice(
            "Relationship declined / 관계 거절",
            format!("{provider} declined your request for a relationship."),
            format!("{provider}이(가) 관계 요청을 거절했습니다."),
        )
    }
    .quoting(message, MESSAGE)
}

/// To the other side: `actor` withdrew its request (`withdrawn`) or ended the relationship.
pub fn ended(actor: &str, withdrawn: bool, reason: &str) -> Notice {
    if withdrawn {
        notice(
            "Relationship ended / 관계 종료",
            format!("{actor} withdrew its request for a relationship."),
            format!("{actor}이(가) 관계 요청을 철회했습니다."),
        )
    } else {
        notice(
            "Relationship ended / 관계 종료",
            format!("{actor} ended your relationship on the CSP Portal."),
            format!("{actor}이(가) CSP 포털에서 관계를 종료했습니다."),
        )
    }
    .quoting(reason, ("Their reason", "사유"))
}
