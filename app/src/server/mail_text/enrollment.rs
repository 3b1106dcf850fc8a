//! The e-mail enrollment sends: the new program ID, and the link that opens an application.

use crate::{
    domain::program_id::ProgramId,
    server::{
        mail_text::{Part, bilingual},
        store::outbox::Email,
    },
};

pub fn program_id(public_url: &str, recipient: &str, legal_name: &str, id: &str) -> Email {
    let apply = format!("{public_url}/apply");
    bilingual(
        recipient,
        &format!("Your partner program ID: {id} / 파트너 프로그램 ID: {id}"),
        Part {
            paragraphs: &[
                format!("{legal_name} has joined the partner program. Your program ID is {id}."),
                "You need the program ID to apply to the Cloud Solution Provider (CSP) \
                 program. Keep this e-mail."
                    .into(),
            ],
            link_label: "Apply to the CSP program",
        },
        Part {
            paragraphs: &[
                format!(
                    "{legal_name}이(가) 파트너 프로그램에 가입했습니다. 프로그램 ID는 {id}입니다."
                ),
                "CSP(클라우드 솔루션 공급자) 프로그램에 신청하려면 프로그램 ID가 필요합니다. \
                 이 메일을 보관하세요."
                    .into(),
            ],
            link_label: "CSP 프로그램 신청",
        },
        Some(&apply),
    )
}

pub fn application_link(
    public_url: &str,
    recipient: &str,
    token: &str,
    id: ProgramId,
    resumed: bool,
    hours: u64,
) -> Email {
    let link = format!("{public_url}/apply/open?token={token}");
    let (subject, first_en, first_ko) = if resumed {
        (
            format!(
                "Your link to the CSP application for program ID {id} / 프로그램 ID {id}의 CSP 신청서 링크"
            ),
            format!("Here is a link to your CSP application for program ID {id}."),
            format!("프로그램 ID {id}의 CSP 신청서를 여는 링크입니다."),
        )
    } else {
        (
            "Confirm your e-mail to open your CSP application / CSP 신청서를 열려면 이메일을 확인하세요".to_owned(),
            format!(
                "A CSP application for program ID {id} was started with this address as the \
                 work e-mail of the partner account's global admin. Open the link to confirm \
                 the address and continue the application."
            ),
            format!(
                "이 주소를 파트너 계정 전역 관리자의 회사 이메일로 하여 프로그램 ID {id}의 CSP \
                 신청이 시작되었습니다. 링크를 열어 주소를 확인하고 신청을 계속하세요."
            ),
        )
    };
    bilingual(
        recipient,
        &subject,
        Part {
            paragraphs: &[
                first_en,
                format!(
                    "The link works once, within {hours} hours. For a new one, use \"E-mail \
                     me a link\" at {public_url}/apply. If you did not start a CSP \
                     application, ignore this e-mail."
                ),
            ],
            link_label: "Open the application",
        },
        Part {
            paragraphs: &[
                first_ko,
                format!(
                    "링크는 {hours}시간 안에 한 번만 쓸 수 있습니다. 새 링크는 {public_url}/apply \
                     에서 \"링크 받기\"로 받으세요. CSP 신청을 시작하지 않았다면 이 메일을 \
                     무시하세요."
                ),
            ],
            link_label: "신청서 열기",
        },
        Some(&link),
    )
}
