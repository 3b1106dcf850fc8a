//! The e-mails of the review, in English and Korean: more information needed, rejected,
//! approved.

use crate::server::{
    mail_text::{Part, bilingual},
    store::{enrollment::ApplicationRecord, outbox::Email},
};

fn subject(record: &ApplicationRecord, en: &str, ko: &str) -> String {
    format!("{en} ({}) / {ko}", record.program_id)
}

pub fn more_information(
    public_url: &str,
    record: &ApplicationRecord,
    sections: &[&str],
    message: &str,
) -> Email {
    let link = format!("{public_url}/apply#resume");
    let sections = sections.join(", ");
    bilingual(
        &record.work_email,
        &subject(
            record,
            "More information needed for your CSP application",
            "CSP 신청서에 추가 정보가 필요합니다",
        ),
        Part {
            paragraphs: &[
                format!(
                    "The reviewer of your CSP application for program ID {} needs more \
                     information about: {sections}.",
                    record.program_id
                ),
                format!("The reviewer's message: {message}"),
                "Open your application with \"E-mail me a link\", fix these sections and \
                 submit it again."
                    .into(),
            ],
            link_label: "Continue the application",
        },
        Part {
            paragraphs: &[
                format!(
                    "프로그램 ID {}의 CSP 신청서 검토자에게 다음 항목의 추가 정보가 필요합니다: \
                     {sections}.",
                    record.program_id
                ),
                format!("검토자 메시지: {message}"),
                "\"링크 받기\"로 신청서를 열어 해당 항목을 고친 다음 다시 제출하세요.".into(),
            ],
            link_label: "신청 계속하기",
        },
        Some(&link),
    )
}

/// A rejection's reason in English and Korean, as the status page words it.
pub fn reason_words(reason: &str) -> (&'static str, &'static str) {
    match reason {
        "business_not_verifiable" => (
            "the business could not be verified",
            "사업체를 확인할 수 없습니다",
        ),
        "program_id_inactive" => (
            "the program ID is not active",
            "프로그램 ID가 활성 상태가 아닙니다",
        ),
        "bank_not_verifiable" => (
            "the bank details could not be verified",
            "은행 정보를 확인할 수 없습니다",
        ),
        "fails_acceptance_criteria" => (
            "the business does not meet the acceptance criteria",
            "사업체가 승인 기준을 충족하지 않습니다",
        ),
        _ => ("see the reviewer's message", "검토자 메시지를 참고하세요"),
    }
}

pub fn rejected(
    public_url: &str,
    record: &ApplicationRecord,
    reason: &str,
    message: &str,
) -> Email {
    let link = format!("{public_url}/apply#resume");
    let (reason_en, reason_ko) = reason_words(reason);
    bilingual(
        &record.work_email,
        &subject(
            record,
            "Your CSP application was rejected",
            "CSP 신청이 거절되었습니다",
        ),
        Part {
            paragraphs: &[
                format!(
                    "Your CSP application for program ID {} was rejected: {reason_en}.",
                    record.program_id
                ),
                format!("The reviewer's message: {message}"),
                "The status page of your application shows the details; you can start a new \
                 application."
                    .into(),
            ],
            link_label: "See the application",
        },
        Part {
            paragraphs: &[
                format!(
                    "프로그램 ID {}의 CSP 신청이 거절되었습니다. 사유: {reason_ko}.",
                    record.program_id
                ),
                format!("검토자 메시지: {message}"),
                "신청서 진행 상황 페이지에서 자세한 내용을 볼 수 있으며, 새로 신청할 수 있습니다."
                    .into(),
            ],
            link_label: "신청서 보기",
        },
        Some(&link),
    )
}

pub fn approved(
    public_url: &str,
    record: &ApplicationRecord,
    message: &str,
    password: &str,
    valid_for: std::time::Duration,
) -> Email {
    let (sign_in, hours) = super::sign_in_within(public_url, valid_for);
    let email = &record.work_email;
    let note_en = if message.is_empty() {
        String::new()
    } else {
        format!(" The reviewer's message: {message}")
    };
    let note_ko = if message.is_empty() {
        String::new()
    } else {
        format!(" 검토자 메시지: {message}")
    };
    bilingual(
        email,
        &subject(
            record,
            "Your CSP application is approved",
            "CSP 신청이 승인되었습니다",
        ),
        Part {
            paragraphs: &[
                format!(
                    "Your CSP application for program ID {} is approved. Your partner \
                     account is ready, and you are its global admin.{note_en}",
                    record.program_id
                ),
                format!("E-mail: {email}\nTemporary password: {password}"),
                format!(
                    "The temporary password works once, within {hours} hours. At your first \
                     sign-in you choose your own password."
                ),
            ],
            link_label: "Sign in",
        },
        Part {
            paragraphs: &[
                format!(
                    "프로그램 ID {}의 CSP 신청이 승인되었습니다. 파트너 계정이 준비되었으며 \
                     귀하가 전역 관리자입니다.{note_ko}",
                    record.program_id
                ),
                format!("이메일: {email}\n임시 암호: {password}"),
                format!(
                    "임시 암호는 {hours}시간 안에 한 번만 사용할 수 있습니다. 처음 로그인할 때 \
                     새 암호를 정합니다."
                ),
            ],
            link_label: "로그인",
        },
        Some(&sign_in),
    )
}
