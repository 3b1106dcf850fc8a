//! The e-mail of a partner organization's own account: its bank details replaced (to its global
//! and billing admins), and the program team's decision on a legal name request.

use super::Notice;

/// `person` replaced `organization`'s bank details; payments now go to the account ending
/// `last4`. The link opens the audit log.
pub fn bank_replaced(person: &str, organization: &str, last4: &str) -> Notice {
    Notice {
        subject: "Bank details changed / 은행 정보 변경".to_owned(),
        english: vec![
            format!(
                "{person} replaced the bank details of {organization} on the CSP Portal. \
                 Payments now go to the account ending {last4}."
            ),
            "If you did not expect this change, tell your global admin and the program's \
             operator at once."
                .to_owned(),
        ],
        korean: vec![
            format!(
                "{person}님이 CSP 포털에서 {organization}의 은행 정보를 변경했습니다. 이제 \
                 끝자리가 {last4}인 계좌로 지급됩니다."
            ),
            "예상하지 못한 변경이라면 즉시 전역 관리자와 프로그램 운영자에게 알리세요.".to_owned(),
        ],
        path: "/account/audit?action=bank.replace",
        link: ("The audit log", "감사 로그"),
    }
}

/// To the person who asked: the legal name `requested` was approved, or declined (the name
/// stays `current`), with the program team's `note`.
pub fn legal_name_decided(approved: bool, requested: &str, current: &str, note: &str) -> Notice {
    let (subject, en, ko) = if approved {
        (
            "Legal name change approved / 법인명 변경 승인",
            format!(
                "Your request was approved: your organization's legal name on the CSP Portal is \
                 now {requested}."
            ),
            format!("요청이 승인되었습니다. 이제 CSP 포털에서 조직의 법인명은 {requested}입니다."),
        )
    } else {
        (
            "Legal name change declined / 법인명 변경 거절",
            format!(
                "Your request to change the legal name to {requested} was declined. The name \
                 stays {current}."
            ),
            format!(
                "법인명을 {requested}(으)로 변경해 달라는 요청이 거절되었습니다. 이름은 \
                 {current}(으)로 유지됩니다."
            ),
        )
    };
    let link = ("Your organization profile", "조직 프로필");
    Notice::one(subject, (en, ko), "/account/organization", link)
        .quoting(note, ("The program team wrote", "프로그램 팀의 메시지"))
}
