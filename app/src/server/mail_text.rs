//! The words of the portal's e-mail. Every message carries English and Korean, one after the
//! other: the recipient may not have chosen a language yet (applicants have no account).

use crate::server::store::outbox::Email;

/// Escapes text for HTML.
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
}
