//! Which database to use, as given in `--database-url`.

use std::{fmt, path::PathBuf, str::FromStr};

/// Where the data lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// `mem://`: in memory, gone when the process exits (tests).
    Memory,
    /// `surrealkv://PATH`: the embedded on-disk store (the default).
    SurrealKv(PathBuf),
    /// `ws://HOST:PORT` or `wss://…`: a SurrealDB server, signed in as the root user given in the
    /// URL (`ws://USER:PASSWORD@HOST:PORT`).
    Server {
        /// `ws://host:port`, without credentials
        endpoint: String,
        credentials: Option<(String, String)>,
    },
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DatabaseUrlError {
    #[error("unknown scheme '{0}': use surrealkv://PATH, mem:// or ws://HOST:PORT")]
    UnknownScheme(String),
    #[error(
        "the {0}:// engine is not built into csp-portal: use surrealkv://PATH (embedded), \
         mem:// or ws://HOST:PORT"
    )]
    EngineNotBuilt(String),
    #[error("surrealkv:// needs a directory, e.g. surrealkv://./data/db")]
    MissingPath,
    #[error("not a URL: expected surrealkv://PATH, mem:// or ws://HOST:PORT")]
    NotAUrl,
    #[error("{0}")]
    BadServer(String),
}

impl FromStr for DatabaseUrl {
    type Err = DatabaseUrlError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let value = value.trim();
        if value == "mem://" || value == "memory" {
            return Ok(Self::Memory);
        }
        let Some((scheme, rest)) = value.split_once("://") else {
            return Err(DatabaseUrlError::NotAUrl);
        };
        match scheme.to_ascii_lowercase().as_str() {
            "mem" | "memory" => Ok(Self::Memory),
            "surrealkv" => {
                if rest.is_empty() {
                    Err(DatabaseUrlError::MissingPath)
                } else {
                    Ok(Self::SurrealKv(PathBuf::from(rest)))
                }
            }
            "ws" | "wss" => parse_server(value),
            engine @ ("rocksdb" | "tikv" | "indxdb" | "http" | "https" | "grpc" | "grpcs") => {
                Err(DatabaseUrlError::EngineNotBuilt(engine.to_owned()))
            }
            other => Err(DatabaseUrlError::UnknownScheme(other.to_owned())),
        }
    }
}

fn parse_server(value: &str) -> Result<DatabaseUrl, DatabaseUrlError> {
    let url = url::Url::parse(value)
        .map_err(|e| DatabaseUrlError::BadServer(format!("not a URL ({e})")))?;
    let host = url
        .host_str()
        .ok_or_else(|| DatabaseUrlError::BadServer("the URL has no host".into()))?;
    let port = url
        .port_or_known_default()
        .ok_or_else(|| DatabaseUrlError::BadServer("the URL has no port".into()))?;
    let credentials = match (url.username(), url.password()) {
        ("", None) => None,
        (user, Some(password)) if !user.is_empty() => {
            Some((percent_decode(user), percent_decode(password)))
        }
        _ => {
            return Err(DatabaseUrlError::BadServer(
                "give both a user and a password (ws://USER:PASSWORD@HOST:PORT), or neither".into(),
            ));
        }
    };
    let host = if host.contains(':') {
        format!("[{host}]")
    } else {
        host.to_owned()
    };
    Ok(DatabaseUrl::Server {
        endpoint: format!("{}://{host}:{port}", url.scheme()),
        credentials,
    })
}

fn percent_decode(value: &str) -> String {
    url::form_urlencoded::parse(format!("v={value}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| value.to_owned())
}

/// Shown in logs and `check-config`: never the password.
impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Memory => f.write_str("mem://"),
            Self::SurrealKv(path) => write!(f, "surrealkv://{}", path.display()),
            Self::Server {
                endpoint,
                credentials: None,
            } => f.write_str(endpoint),
            Self::Server {
                endpoint,
                credentials: Some((user, _)),
            } => {
                let (scheme, rest) = endpoint.split_once("://").unwrap_or(("ws", endpoint));
                write!(f, "{scheme}://{user}:********@{rest}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_three_kinds() {
        assert_eq!("mem://".parse(), Ok(DatabaseUrl::Memory));
        assert_eq!(
            "surrealkv://./data/db".parse(),
            Ok(DatabaseUrl::SurrealKv(PathBuf::from("./data/db")))
        );
        assert_eq!(
            "surrealkv:///var/lib/csp/db".parse(),
            Ok(DatabaseUrl::SurrealKv(PathBuf::from("/var/lib/csp/db")))
        );
        assert_eq!(
            "ws://127.0.0.1:8000".parse(),
            Ok(DatabaseUrl::Server {
                endpoint: "ws://127.0.0.1:8000".into(),
                credentials: None
            })
        );
        assert_eq!(
            "wss://root:s%40cret@db.example.com".parse(),
            Ok(DatabaseUrl::Server {
                endpoint: "wss://db.example.com:443".into(),
                credentials: Some(("root".into(), "s@cret".into()))
            })
        );
    }

    #[test]
    fn refuses_what_it_cannot_open_with_a_reason() {
        assert_eq!(
            "ftp://x".parse::<DatabaseUrl>(),
            Err(DatabaseUrlError::UnknownScheme("ftp".into()))
        );
        assert_eq!(
            "rocksdb://./db".parse::<DatabaseUrl>(),
            Err(DatabaseUrlError::EngineNotBuilt("rocksdb".into()))
        );
        assert_eq!(
            "surrealkv://".parse::<DatabaseUrl>(),
            Err(DatabaseUrlError::MissingPath)
        );
        assert_eq!(
            "./data/db".parse::<DatabaseUrl>(),
            Err(DatabaseUrlError::NotAUrl)
        );
        assert!(matches!(
            "ws://root@db:8000".parse::<DatabaseUrl>(),
            Err(DatabaseUrlError::BadServer(_))
        ));
    }

    #[test]
    fn display_never_shows_the_password() {
        let url: DatabaseUrl = "ws://root:topsecret@db:8000".parse().unwrap();
        assert_eq!(url.to_string(), "ws://root:********@db:8000");
    }
}
