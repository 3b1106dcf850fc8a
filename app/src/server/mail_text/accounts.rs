//! The e-mail of accounts: a temporary password, for a new reviewer, a new employee of a
//! partner, or anyone whose password was reissued.

use super::{html_escape, sign_in_within};
use crate::server::store::outbox::Email;

/// Why a temporary password is being sent.
#[derive(Clone, Copy)]
pub enum TemporaryPasswordReason<'a> {
    /// a reviewer of the operator
    Invited,
    /// an employee of a partner organization (its name)
    Employee(&'a str),
    Reissued,
}

/// The e-mail that carries a temporary password, in English and Korean, text and HTML.
pub fn temporary_password_email(
    reason: TemporaryPasswordReason<'_>,
    public_url: &str,
    recipient: &str,
    name: &str,
    sender: &str,
    password: &str,
    valid_for: std::time::Duration,
) -> Email {
    let (sign_in, hours) = sign_in_within(public_url, valid_for);
    let (subject, why_en, why_ko) = match reason {
        TemporaryPasswordReason::Invited => (
            "Your CSP Portal account / CSP 포털 계정",
            format!("{sender} invited you to the CSP Portal as a reviewer."),
            format!("{sender}님이 CSP 포털의 검토자로 초대했습니다."),
        ),
        TemporaryPasswordReason::Employee(organization) => (
            "Your CSP Portal account / CSP 포털 계정",
            format!("{sender} added you to {organization}'s account on the CSP Portal."),
            format!("{sender}님이 CSP 포털의 {organization} 계정에 추가했습니다."),
        ),
        TemporaryPasswordReason::Reissued => (
            "A new temporary password for the CSP Portal / CSP 포털 새 임시 암호",
            format!(
                "{sender} issued you a new temporary password for the CSP Portal. Your previous \
                 password no longer works."
            ),
            format!(
                "{sender}님이 CSP 포털의 새 임시 암호를 발급했습니다. 이전 암호는 더 이상 쓸 수 없습니다."
            ),
        ),
    };
    let text = format!(
        "Hello {name},\n\n{why_en}\n\nSign in at {sign_in}\nE-mail: {recipient}\n\
         Temporary password: {password}\n\nThe temporary password works once, within {hours} \
         hours. At your first sign-in you choose your own password.\n\n---\n\n{name}님, \
         안녕하세요.\n\n{why_ko}\n\n로그인: {sign_in}\n이메일: {recipient}\n임시 암호: \
         {password}\n\n임시 암호는 {hours}시간 안에 한 번만 사용할 수 있습니다. 처음 로그인할 때 \
         새 암호를 정합니다.\n"
    );
    let html = format!(
        "<p>Hello {name},</p><p>{why_en}</p><p>Sign in at <a href=\"{sign_in}\">{sign_in}</a><br>\
         E-mail: {recipient}<br>Temporary password: <code>{password}</code></p><p>The temporary \
         password works once, within {hours} hours. At your first sign-in you choose your own \
         password.</p><hr><p lang=\"ko\">{name}님, 안녕하세요.</p><p lang=\"ko\">{why_ko}</p>\
         <p lang=\"ko\">로그인: <a href=\"{sign_in}\">{sign_in}</a><br>이메일: {recipient}<br>\
         임시 암호: <code>{password}</code></p><p lang=\"ko\">임시 암호는 {hours}시간 안에 한 번만 \
         사용할 수 있습니다. 처음 로그인할 때 새 암호를 정합니다.</p>",
        name = html_escape(name),
        why_en = html_escape(&why_en),
        why_ko = html_escape(&why_ko),
        sign_in = html_escape(&sign_in),
        recipient = html_escape(recipient),
        password = html_escape(password),
    );
    Email {
        recipient: recipient.to_owned(),
        subject: subject.to_owned(),
        text,
        html,
    }
}
