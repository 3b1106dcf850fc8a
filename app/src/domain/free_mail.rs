//! Consumer and free e-mail providers, so a partner application is tied to a company address.
//!
//! Message codes used here (from [`WorkEmailProblem::code`] and [`email_problem_code`]):
//! - `email.empty`
//! - `email.too_long`
//! - `email.malformed`
//! - `email.free_mail` (an address at a consumer provider where a work address is expected)

use crate::domain::email::{EmailAddress, EmailProblem};
use serde::{Deserialize, Serialize};

/// Providers anyone can sign up with, so an address there says nothing about an employer.
/// Lower case, sorted (binary search) and without duplicates. Hosts that also serve companies'
/// own domains (Zoho, Google Workspace, Microsoft 365) are not here: their customers' domains are
/// their own, and only the provider's public consumer domains are listed. Disposable-address
/// services are listed too. Subdomains match ("mail.naver.com"), so no domain that registries
/// sell names under (such as "au.com") may be added.
#[rustfmt::skip]
pub const FREE_MAIL_DOMAINS: &[&str] = &[
    "10minutemail.com", "126.com", "139.com", "163.com", "189.cn", "21cn.com", "aim.com",
    "alice.it", "aliyun.com", "aol.co.uk", "aol.com", "aol.de", "aol.fr", "arcor.de", "atlas.cz",
    "att.net", "azet.sk", "bbox.fr", "bellsouth.net", "biglobe.ne.jp", "bigpond.com",
    "bigpond.net.au", "bk.ru", "bluewin.ch", "blueyonder.co.uk", "bol.com.br", "btinternet.com",
    "centrum.cz", "centrum.sk", "charter.net", "citromail.hu", "club-internet.fr", "comcast.net",
    "cox.net", "daum.net", "docomo.ne.jp", "dreamwiz.com", "duck.com", "earthlink.net",
    "email.com", "email.cz", "empal.com", "excite.com", "ezweb.ne.jp", "fastmail.com",
    "fastmail.fm", "foxmail.com", "free.fr", "freemail.hu", "freenet.de", "gazeta.pl", "gmail.com",
    "gmx.at", "gmx.ch", "gmx.co.uk", "gmx.com", "gmx.de", "gmx.fr", "gmx.net", "gmx.us",
    "googlemail.com", "guerrillamail.com", "hanafos.com", "hanmail.net", "hotmail.at",
    "hotmail.be", "hotmail.ca", "hotmail.ch", "hotmail.co.jp", "hotmail.co.kr", "hotmail.co.th",
    "hotmail.co.uk", "hotmail.com", "hotmail.com.ar", "hotmail.com.au", "hotmail.com.br",
    "hotmail.com.mx", "hotmail.de", "hotmail.dk", "hotmail.es", "hotmail.fi", "hotmail.fr",
    "hotmail.gr", "hotmail.it", "hotmail.nl", "hotmail.no", "hotmail.se", "hushmail.com",
    "i.softbank.jp", "i.ua", "icloud.com", "ig.com.br", "inbox.com", "inbox.ru", "interia.pl",
    "inwind.it", "iol.it", "juno.com", "kakao.com", "keemail.me", "korea.com", "kpnmail.nl",
    "laposte.net", "libero.it", "list.ru", "live.be", "live.ca", "live.cn", "live.co.uk",
    "live.com", "live.com.ar", "live.com.au", "live.com.mx", "live.de", "live.dk", "live.fr",
    "live.it", "live.jp", "live.nl", "live.no", "live.se", "lycos.com", "mac.com", "mail.com",
    "mail.ru", "mailbox.org", "mailinator.com", "me.com", "msn.com", "mynet.com", "nate.com",
    "naver.com", "netzero.net", "neuf.fr", "nifty.com", "ntlworld.com", "o2.pl", "ocn.ne.jp",
    "onet.pl", "online.no", "op.pl", "optonline.net", "optusnet.com.au", "orange.fr",
    "outlook.com", "outlook.com.au", "outlook.com.br", "outlook.de", "outlook.es", "outlook.fr",
    "outlook.in", "outlook.it", "outlook.jp", "outlook.kr", "outlook.sa", "paran.com", "planet.nl",
    "pm.me", "post.cz", "posteo.de", "prodigy.net.mx", "proton.me", "protonmail.ch",
    "protonmail.com", "qq.com", "rambler.ru", "rediffmail.com", "rocketmail.com", "rogers.com",
    "sbcglobal.net", "seznam.cz", "sfr.fr", "sharklasers.com", "shaw.ca", "sina.cn", "sina.com",
    "singnet.com.sg", "sky.com", "skynet.be", "so-net.ne.jp", "softbank.ne.jp", "sohu.com",
    "sympatico.ca", "t-online.de", "talktalk.net", "telefonica.net", "telenet.be", "temp-mail.org",
    "terra.com.br", "terra.es", "tim.it", "tiscali.it", "tlen.pl", "tom.com", "tuta.com",
    "tuta.io", "tutamail.com", "tutanota.com", "tutanota.de", "ukr.net", "uol.com.br", "usa.com",
    "verizon.net", "videotron.ca", "virgilio.it", "virginmedia.com", "walla.co.il", "walla.com",
    "wanadoo.fr", "web.de", "windowslive.com", "wp.pl", "xtra.co.nz", "ya.ru", "yahoo.ca",
    "yahoo.co.id", "yahoo.co.in", "yahoo.co.jp", "yahoo.co.kr", "yahoo.co.nz", "yahoo.co.th",
    "yahoo.co.uk", "yahoo.com", "yahoo.com.ar", "yahoo.com.au", "yahoo.com.br", "yahoo.com.hk",
    "yahoo.com.mx", "yahoo.com.my", "yahoo.com.ph", "yahoo.com.sg", "yahoo.com.tw", "yahoo.com.vn",
    "yahoo.de", "yahoo.dk", "yahoo.es", "yahoo.fr", "yahoo.gr", "yahoo.ie", "yahoo.in", "yahoo.it",
    "yahoo.no", "yahoo.pl", "yahoo.ro", "yahoo.se", "yandex.by", "yandex.com", "yandex.kz",
    "yandex.ru", "yandex.ua", "ybb.ne.jp", "yeah.net", "ymail.com", "yopmail.com", "ziggo.nl",
];

/// Whether a domain (or one of its parent domains) is a free-mail provider. Case and a
/// trailing dot (the DNS root) are ignored.
pub fn is_free_mail(domain: &str) -> bool {
    any_parent(domain, |d| FREE_MAIL_DOMAINS.binary_search(&d).is_ok())
}

/// Whether a domain (or one of its parent domains) is among `additions`: the free-mail
/// domains the operator added to the built-in list (lower case, as [`parse_addition`] gives).
pub fn is_added_free_mail(domain: &str, additions: &[String]) -> bool {
    any_parent(domain, |d| additions.iter().any(|a| a == d))
}

/// Whether `test` holds for the domain or one of its parents.
fn any_parent(domain: &str, test: impl Fn(&str) -> bool) -> bool {
    let domain = domain.trim().trim_end_matches('.').to_ascii_lowercase();
    if domain.is_empty() {
        return false;
    }
    let mut rest = domain.as_str();
    loop {
        if test(rest) {
            return true;
        }
        match rest.split_once('.') {
            Some((_, parent)) => rest = parent,
            None => return false,
        }
    }
}

/// Message codes of a domain the operator adds to the free-mail list.
pub const ADDITION_EMPTY: &str = "free_mail.empty";
pub const ADDITION_MALFORMED: &str = "free_mail.malformed";
pub const ADDITION_BUILT_IN: &str = "free_mail.built_in";

/// Reads a domain the operator adds to the free-mail list ("Example.com", "@example.com." →
/// "example.com"). Refused: no domain, not a domain name of at least two labels (letters,
/// digits and inner hyphens; a top-level label that is not all digits), and a domain the
/// built-in list already covers.
pub fn parse_addition(input: &str) -> Result<String, &'static str> {
    let domain = input
        .trim()
        .trim_start_matches('@')
        .trim_end_matches('.')
        .to_ascii_lowercase();
    if domain.is_empty() {
        return Err(ADDITION_EMPTY);
    }
    if !super::is_domain_name(&domain) {
        return Err(ADDITION_MALFORMED);
    }
    if is_free_mail(&domain) {
        return Err(ADDITION_BUILT_IN);
    }
    Ok(domain)
}

/// Why an address was refused where a work address is expected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WorkEmailProblem {
    /// not an e-mail address at all
    Email(EmailProblem),
    /// an address at a consumer provider
    FreeMail,
}

impl WorkEmailProblem {
    /// The message code the page translates.
    pub fn code(self) -> &'static str {
        match self {
            Self::Email(problem) => email_problem_code(problem),
            Self::FreeMail => "email.free_mail",
        }
    }
}

impl From<EmailProblem> for WorkEmailProblem {
    fn from(problem: EmailProblem) -> Self {
        Self::Email(problem)
    }
}

/// The message code for a plain e-mail problem, so every e-mail field shows the same sentences.
pub fn email_problem_code(problem: EmailProblem) -> &'static str {
    match problem {
        EmailProblem::Empty => "email.empty",
        EmailProblem::TooLong => "email.too_long",
        EmailProblem::Malformed => "email.malformed",
    }
}

/// Parses an address that must belong to a company: valid, and not at a free-mail provider.
pub fn parse_work_email(input: &str) -> Result<EmailAddress, WorkEmailProblem> {
    let email = EmailAddress::parse(input)?;
    if is_free_mail(email.domain()) {
        return Err(WorkEmailProblem::FreeMail);
    }
    Ok(email)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn list_is_large_sorted_lower_case_and_unique() {
        assert!(
            FREE_MAIL_DOMAINS.len() >= 150,
            "{}",
            FREE_MAIL_DOMAINS.len()
        );
        assert!(
            FREE_MAIL_DOMAINS.windows(2).all(|w| w[0] < w[1]),
            "sorted without duplicates"
        );
        for domain in FREE_MAIL_DOMAINS {
            assert_eq!(domain.to_ascii_lowercase(), *domain);
            assert!(domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.'));
            assert!(!domain.contains(' '), "{domain}");
        }
        for required in [
            "gmail.com",
            "googlemail.com",
            "outlook.com",
            "hotmail.com",
            "live.com",
            "msn.com",
            "yahoo.com",
            "yahoo.co.jp",
            "icloud.com",
            "me.com",
            "mac.com",
            "aol.com",
            "proton.me",
            "protonmail.com",
            "gmx.de",
            "web.de",
            "mail.ru",
            "yandex.ru",
            "naver.com",
            "daum.net",
            "hanmail.net",
            "kakao.com",
            "nate.com",
            "qq.com",
            "163.com",
            "126.com",
            "sina.com",
            "yeah.net",
            "foxmail.com",
            "aliyun.com",
            "rediffmail.com",
            "tutanota.com",
            "fastmail.com",
            "mail.com",
            "libero.it",
            "orange.fr",
            "free.fr",
            "laposte.net",
            "t-online.de",
            "btinternet.com",
            "rambler.ru",
            "seznam.cz",
            "wp.pl",
            "o2.pl",
            "interia.pl",
            "docomo.ne.jp",
            "ezweb.ne.jp",
            "softbank.ne.jp",
            "uol.com.br",
            "bol.com.br",
            "terra.com.br",
        ] {
            assert!(FREE_MAIL_DOMAINS.contains(&required), "{required}");
        }
        assert!(
            !FREE_MAIL_DOMAINS.contains(&"zoho.com"),
            "also a business host"
        );
    }

    #[test]
    fn matches_domains_and_their_subdomains_only() {
        assert!(is_free_mail("gmail.com"));
        assert!(is_free_mail("GMail.COM"));
        assert!(is_free_mail(" naver.com. "));
        assert!(is_free_mail("mail.naver.com"));
        assert!(is_free_mail("vip.qq.com"));
        assert!(!is_free_mail("example.com"));
        assert!(!is_free_mail("notgmail.com"));
        assert!(!is_free_mail("gmail.com.example.org"));
        assert!(!is_free_mail("samsung.co.kr"));
        assert!(!is_free_mail("com"));
        assert!(!is_free_mail(""));
        assert!(!is_free_mail("."));
    }

    #[test]
    fn additions_are_read_as_domains_and_match_subdomains() {
        for (typed, kept) in [
            (" @Mail.Example.ORG. ", "mail.example.org"),
            ("xn--9n2bp8q.kr", "xn--9n2bp8q.kr"),
        ] {
            assert_eq!(parse_addition(typed).as_deref(), Ok(kept), "{typed}");
        }
        assert_eq!(parse_addition("  "), Err(ADDITION_EMPTY));
        for bad in [
            "example",
            "exa mple.com",
            "-a.com",
            "a-.com",
            "a..com",
            "1.2.3.4",
            "a@b.com",
            "ü.com",
            ".com",
        ] {
            assert_eq!(parse_addition(bad), Err(ADDITION_MALFORMED), "{bad}");
        }
        assert_eq!(
            parse_addition(&format!("{}.com", "a".repeat(64))),
            Err(ADDITION_MALFORMED)
        );
        assert_eq!(parse_addition("gmail.com"), Err(ADDITION_BUILT_IN));
        assert_eq!(parse_addition("x.naver.com"), Err(ADDITION_BUILT_IN));

        let additions = vec!["freemail.example".to_owned()];
        assert!(is_added_free_mail("freemail.example", &additions));
        assert!(is_added_free_mail("EU.Freemail.Example.", &additions));
        assert!(!is_added_free_mail("notfreemail.example", &additions));
        assert!(!is_added_free_mail("example", &additions));
        assert!(!is_added_free_mail("freemail.example", &[]));
    }

    #[test]
    fn work_addresses_pass_and_free_mail_is_refused() {
        let email = parse_work_email(" Ji-Woo.Kim@Samsung.com ").unwrap();
        assert_eq!(email.as_str(), "ji-woo.kim@samsung.com");
        assert_eq!(
            parse_work_email("someone@Gmail.com"),
            Err(WorkEmailProblem::FreeMail)
        );
        assert_eq!(
            parse_work_email("someone@mail.naver.com"),
            Err(WorkEmailProblem::FreeMail)
        );
        assert_eq!(
            parse_work_email("someone@gmail.com").unwrap_err().code(),
            "email.free_mail"
        );
        assert_eq!(parse_work_email("  ").unwrap_err().code(), "email.empty");
        assert_eq!(
            parse_work_email("nope").unwrap_err().code(),
            "email.malformed"
        );
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(
            parse_work_email(&long).unwrap_err().code(),
            "email.too_long"
        );
    }

    fn label() -> impl Strategy<Value = String> {
        "[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?"
    }

    proptest! {
        #[test]
        fn every_listed_domain_and_subdomain_is_free_mail(
            index in 0..FREE_MAIL_DOMAINS.len(),
            sub in proptest::option::of(label()),
            upper in any::<bool>(),
        ) {
            let domain = FREE_MAIL_DOMAINS[index];
            let domain = match sub {
                Some(sub) => format!("{sub}.{domain}"),
                None => domain.to_string(),
            };
            let domain = if upper { domain.to_ascii_uppercase() } else { domain };
            prop_assert!(is_free_mail(&domain));
            let address = format!("someone@{domain}");
            prop_assert_eq!(parse_work_email(&address), Err(WorkEmailProblem::FreeMail));
        }

        #[test]
        fn company_domains_are_accepted_and_normalize_idempotently(
            local in "[a-z][a-z0-9._-]{0,15}[a-z0-9]",
            name in label(),
            tld in "(com|co\\.kr|de|io|co\\.jp)",
        ) {
            let address = format!("{local}@{name}-corp.{tld}");
            prop_assume!(!address.contains("..") && !address.contains(".@"));
            let email = parse_work_email(&address.to_uppercase());
            prop_assert!(email.is_ok(), "{address}: {email:?}");
            let email = email.unwrap();
            prop_assert_eq!(parse_work_email(email.as_str()), Ok(email.clone()));
        }

        #[test]
        fn arbitrary_input_never_panics(input in any::<String>()) {
            let _ = is_free_mail(&input);
            if let Err(problem) = parse_work_email(&input) {
                prop_assert!(problem.code().starts_with("email."));
            }
        }
    }
}
