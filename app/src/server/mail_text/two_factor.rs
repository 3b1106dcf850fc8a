//! The e-mail of two-factor sign-in, to the user whose sign-in changed: turned on, turned off,
//! a recovery code used, a new set of recovery codes. Each says what to do if it was not them.

use super::Notice;

const LINK: (&str, &str) = ("Your sign-in security", "로그인 보안");
const PATH: &str = "/account/security";
const NOT_YOU_EN: &str = "If this was not you, change your password at once and tell your \
    organization's global admin (or, for the program's staff, a program admin).";
const NOT_YOU_KO: &str = "본인이 한 일이 아니라면 즉시 암호를 바꾸고 조직의 전역 관리자(프로그램 \
    직원은 프로그램 관리자)에게 알리세요.";

fn notice(subject: &str, en: String, ko: String) -> Notice {
    Notice {
        subject: subject.to_owned(),
        english: vec![en, NOT_YOU_EN.to_owned()],
        korean: vec![ko, NOT_YOU_KO.to_owned()],
        path: PATH,
        link: LINK,
    }
}

/// Two-factor sign-in was set up (or set up again on a new authenticator).
pub fn turned_on() -> Notice {
    notice(
        "Two-factor sign-in is on / 2단계 로그인 켜짐",
        "Two-factor sign-in was set up for your CSP Portal account: from now on you sign in \
         with your password and a code from your authenticator app. Keep your recovery codes \
         somewhere safe."
            .to_owned(),
        "CSP 포털 계정에 2단계 로그인이 설정되었습니다. 이제부터 암호와 인증 앱의 코드로 \
         로그인합니다. 복구 코드는 안전한 곳에 보관하세요."
            .to_owned(),
    )
}

/// Two-factor sign-in was turned off.
pub fn turned_off() -> Notice {
    notice(
        "Two-factor sign-in is off / 2단계 로그인 꺼짐",
        "Two-factor sign-in was turned off for your CSP Portal account: you now sign in with \
         your password alone."
            .to_owned(),
        "CSP 포털 계정의 2단계 로그인이 꺼졌습니다. 이제 암호만으로 로그인합니다.".to_owned(),
    )
}

/// A recovery code was used to sign in; `left` are still unused.
pub fn recovery_code_used(left: u32) -> Notice {
    notice(
        "A recovery code was used / 복구 코드 사용됨",
        format!(
            "Someone signed in to your CSP Portal account with one of your recovery codes. \
             {left} unused codes are left; you can make a new set on your security page."
        ),
        format!(
            "누군가 복구 코드로 CSP 포털 계정에 로그인했습니다. 사용하지 않은 코드가 {left}개 \
             남았습니다. 보안 페이지에서 새 코드를 만들 수 있습니다."
        ),
    )
}

/// A new set of recovery codes replaced the old one.
pub fn recovery_codes_renewed() -> Notice {
    notice(
        "New recovery codes / 새 복구 코드",
        "A new set of recovery codes was made for your CSP Portal account. The old codes no \
         longer work."
            .to_owned(),
        "CSP 포털 계정의 새 복구 코드가 만들어졌습니다. 이전 코드는 더 이상 쓸 수 없습니다."
            .to_owned(),
    )
}

/// `by` (an administrator) reset the user's two-factor sign-in.
pub fn reset_by(by: &str) -> Notice {
    notice(
        "Your two-factor sign-in was reset / 2단계 로그인 초기화",
        format!(
            "{by} reset the two-factor sign-in of your CSP Portal account, so that you can set \
             it up again (for example on a new phone). Your sessions were ended; at your next \
             sign-in you set it up with your authenticator app."
        ),
        format!(
            "{by}님이 CSP 포털 계정의 2단계 로그인을 초기화하여 (예: 새 휴대폰에) 다시 설정할 수 \
             있게 했습니다. 모든 세션이 종료되었으며, 다음 로그인 때 인증 앱으로 다시 설정합니다."
        ),
    )
}

/// To every global admin of `organization`: `by` (a program admin) asked to reset the
/// two-factor sign-in of its global admin `admin`, for `reason`; a second program admin must
/// approve it.
pub fn recovery_requested(organization: &str, admin: &str, by: &str, reason: &str) -> Notice {
    Notice {
        subject: "Two-factor recovery requested / 2단계 로그인 복구 요청".to_owned(),
        english: vec![
            format!(
                "{by} of the program team asked to reset the two-factor sign-in of {admin}, a \
                 global admin of {organization} on the CSP Portal, because nobody of your \
                 organization could sign in. A second program admin must approve it before it \
                 happens."
            ),
            format!("The reason given: {reason}"),
            "If your organization did not ask for this, tell the program team at once: the \
             request can still be stopped."
                .to_owned(),
        ],
        korean: vec![
            format!(
                "프로그램 팀의 {by}님이 조직의 누구도 로그인할 수 없어 CSP 포털에서 \
                 {organization}의 전역 관리자 {admin}님의 2단계 로그인 초기화를 요청했습니다. \
                 다른 프로그램 관리자가 승인해야 실행됩니다."
            ),
            format!("요청 사유: {reason}"),
            "조직에서 요청한 일이 아니라면 즉시 프로그램 팀에 알리세요. 아직 요청을 멈출 수 \
             있습니다."
                .to_owned(),
        ],
        path: "/account/audit",
        link: ("The audit log", "감사 로그"),
    }
}

/// To every global admin of `organization`: the recovery `by` asked for was approved by
/// `approver`; `admin` sets up two-factor sign-in again at their next sign-in.
pub fn recovery_done(organization: &str, admin: &str, by: &str, approver: &str) -> Notice {
    notice(
        "Two-factor sign-in reset / 2단계 로그인 초기화 완료",
        format!(
            "The two-factor sign-in of {admin}, a global admin of {organization}, was reset: \
             {by} asked for it and {approver} approved it. {admin} sets it up again at their \
             next sign-in."
        ),
        format!(
            "{organization}의 전역 관리자 {admin}님의 2단계 로그인이 초기화되었습니다. {by}님이 \
             요청하고 {approver}님이 승인했습니다. {admin}님은 다음 로그인 때 다시 설정합니다."
        ),
    )
}
