//! The words of the portal's e-mail, one module a flow. Every message carries English and
//! Korean, one after the other: the recipient may not have chosen a language yet (applicants
//! have no account). The functions here only word a message from what they are given; the
//! server functions read what it needs and queue it.

pub mod accounts;
pub mod customers;
pub mod enrollment;
pub mod organization;
pub mod referrals;
pub mod relationships;
pub mod review;
pub mod two_factor;

use crate::server::store::outbox::Email;

/// Escapes text for HTML.
/// Where a temporary password is used (the sign-in page) and within how many hours (rounded
/// up) it must be.
pub fn sign_in_within(public_url: &str, valid_for: std::time::Duration) -> (String, u64) {
    (
        format!("{public_url}/sign-in"),
        valid_for.as_secs().div_ceil(3600),
    )
}

pub fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One language's part of a message: paragraphs, and an optional link with its label placed
/// after the first paragraph.
pub struct Part<'a> {
    pub paragraphs: &'a [String],
    pub link_label: &'a str,
}

/// A message in English and Korean. `link` (if any) is shown in both parts.
pub fn bilingual(
    recipient: &str,
    subject: &str,
    english: Part<'_>,
    korean: Part<'_>,
    link: Option<&str>,
) -> Email {
    let text_part = |part: &Part<'_>| {
        let mut out = String::new();
        for (i, paragraph) in part.paragraphs.iter().enumerate() {
            out.push_str(paragraph);
            out.push_str("\n\n");
            if i == 0
                && let Some(link) = link
            {
                out.push_str(&format!("{}: {link}\n\n", part.link_label));
            }
        }
        out
    };
    let html_part = |part: &Part<'_>, lang: &str| {
        let mut out = String::new();
        for (i, paragraph) in part.paragraphs.iter().enumerate() {
            out.push_str(&format!(
                "<p lang=\"{lang}\">{}</p>",
                html_escape(paragraph)
            ));
            if i == 0
                && let Some(link) = link
            {
                out.push_str(&format!(
                    "<p lang=\"{lang}\"><a href=\"{href}\">{label}</a></p>",
                    href = html_escape(link),
                    label = html_escape(part.link_label),
                ));
            }
        }
        out
    };
    Email {
        recipient: recipient.to_owned(),
        subject: subject.to_owned(),
        text: format!(
            "{}---\n\n{}",
            text_part(&english),
            text_part(&korean).trim_end()
        ) + "\n",
        html: format!(
            "{}<hr>{}",
            html_part(&english, "en"),
            html_part(&korean, "ko")
        ),
    }
}

/// A message in English and Korean without a link (to someone without an account).
pub fn without_link(
    recipient: &str,
    subject: &str,
    english: &[String],
    korean: &[String],
) -> Email {
    let part = |paragraphs| Part {
        paragraphs,
        link_label: "",
    };
    bilingual(recipient, subject, part(english), part(korean), None)
}

/// A message to the members of an organization who may act on something: its words, and the
/// page its link opens. [`Notice::to`] makes one member's e-mail.
pub struct Notice {
    pub subject: String,
    pub english: Vec<String>,
    pub korean: Vec<String>,
    /// the page's path, e.g. `/referrals`
    pub path: &'static str,
    /// the link's words in English and Korean
    pub link: (&'static str, &'static str),
}

impl Notice {
    /// A notice of one paragraph in each language.
    pub fn one(
        subject: &str,
        (english, korean): (String, String),
        path: &'static str,
        link: (&'static str, &'static str),
    ) -> Self {
        Self {
            subject: subject.to_owned(),
            english: vec![english],
            korean: vec![korean],
            path,
            link,
        }
    }

    /// The notice as an e-mail to `recipient`, its link on the portal at `public_url`.
    pub fn to(&self, recipient: &str, public_url: &str) -> Email {
        bilingual(
            recipient,
            &self.subject,
            Part {
                paragraphs: &self.english,
                link_label: self.link.0,
            },
            Part {
                paragraphs: &self.korean,
                link_label: self.link.1,
            },
            Some(&format!("{public_url}{}", self.path)),
        )
    }

    /// Adds what the person who acted wrote, if anything: `Their message: …` in English and
    /// `메시지: …` in Korean (or the given words).
    pub fn quoting(mut self, said: &str, (en, ko): (&str, &str)) -> Self {
        if !said.is_empty() {
            self.english.push(format!("{en}: {said}"));
            self.korean.push(format!("{ko}: {said}"));
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_with_the_link_after_the_first_paragraph() {
        let email = bilingual(
            "ji@contoso.example",
            "Subject",
            Part {
                paragraphs: &["Hello <you>.".into(), "Bye.".into()],
                link_label: "Open",
            },
            Part {
                paragraphs: &["안녕하세요.".into()],
                link_label: "열기",
            },
            Some("http://portal/a?token=x&y=1"),
        );
        assert!(
            email
                .text
                .starts_with("Hello <you>.\n\nOpen: http://portal/a?token=x&y=1\n\nBye.")
        );
        assert!(
            email
                .text
                .contains("---\n\n안녕하세요.\n\n열기: http://portal/a?token=x&y=1")
        );
        assert!(email.html.contains("Hello &lt;you&gt;."));
        assert!(
            email
                .html
                .contains("href=\"http://portal/a?token=x&amp;y=1\"")
        );
        assert!(email.html.contains("<p lang=\"ko\">안녕하세요.</p>"));
    }

    #[test]
    fn a_notice_links_its_page_and_quotes_what_was_written_only_when_something_was() {
        let quiet = relationships::answered("Hanbit Distribution", true, "");
        let email = quiet.to("admin@adatum.example", "https://portal.example");
        assert_eq!(email.subject, "Relationship accepted / 관계 수락");
        assert!(
            email
                .text
                .contains("Your partner relationships: https://portal.example/partners"),
            "{}",
            email.text
        );
        assert!(!email.text.contains("Their message"), "{}", email.text);

        let said = relationships::answered("Hanbit Distribution", false, "Not in your region.");
        let email = said.to("admin@adatum.example", "https://portal.example");
        assert_eq!(email.subject, "Relationship declined / 관계 거절");
        assert!(email.text.contains("Their message: Not in your region."));
        assert!(email.text.contains("메시지: Not in your region."));
    }

    #[test]
    fn a_message_without_a_link_has_no_link_line() {
        let email = without_link(
            "ji@contoso.example",
            "Request withdrawn / 요청 철회",
            &["Withdrawn.".into()],
            &["철회되었습니다.".into()],
        );
        assert_eq!(email.text, "Withdrawn.\n\n---\n\n철회되었습니다.\n");
        assert!(!email.html.contains("<a "));
    }
}
