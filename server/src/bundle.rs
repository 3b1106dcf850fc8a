//! The browser bundle served from memory. In a release build its files have hashed names and
//! never change while the server runs, so they are read once at start-up, with the `.br` and
//! `.gz` variants cargo-leptos precompressed, and a request costs no file system call (reading
//! them from disk for each request made a 3 KB stylesheet 25 times as costly as `/healthz`).

use axum::{
    body::Body,
    extract::Path,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use std::{collections::HashMap, path::Path as FsPath, sync::Arc};

/// How long a browser may keep a file whose name changes with its content: a year.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// One file of the bundle, as it is and compressed.
#[derive(Debug)]
struct File {
    content_type: &'static str,
    plain: axum::body::Bytes,
    brotli: Option<axum::body::Bytes>,
    gzip: Option<axum::body::Bytes>,
}

/// The bundle's files by name.
#[derive(Debug, Clone, Default)]
pub struct Bundle {
    files: Arc<HashMap<String, File>>,
}

/// The content type of a bundle file, by its ending; None for what the browser never loads.
fn content_type(name: &str) -> Option<&'static str> {
    let (_, ending) = name.rsplit_once('.')?;
    match ending {
        "wasm" => Some("application/wasm"),
        "js" => Some("text/javascript"),
        "css" => Some("text/css"),
        _ => None,
    }
}

/// Whether `accept` (an `Accept-Encoding` value) takes `coding`: named (or `*`) without `q=0`.
fn accepts(accept: &str, coding: &str) -> bool {
    accept.split(',').any(|part| {
        let mut pieces = part.split(';').map(str::trim);
        let name = pieces.next().unwrap_or_default();
        let refused = pieces.any(|p| {
            p.strip_prefix("q=")
                .is_some_and(|q| q.parse::<f32>().is_ok_and(|q| q == 0.0))
        });
        (name.eq_ignore_ascii_case(coding) || name == "*") && !refused
    })
}

impl Bundle {
    /// Reads the bundle in `dir` (files the browser loads, and their compressed variants).
    pub fn read(dir: &FsPath) -> std::io::Result<Self> {
        let mut files = HashMap::new();
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            let Some(content_type) = content_type(name) else {
                continue;
            };
            let variant = |ending: &str| {
                std::fs::read(dir.join(format!("{name}.{ending}")))
                    .ok()
                    .map(axum::body::Bytes::from)
            };
            let file = File {
                content_type,
                plain: std::fs::read(&path)?.into(),
                brotli: variant("br"),
                gzip: variant("gz"),
            };
            files.insert(name.to_owned(), file);
        }
        Ok(Self {
            files: Arc::new(files),
        })
    }

    /// The answer for `name`: the smallest variant the request accepts, for a year (the name
    /// changes with the content); 404 for a name the bundle does not have.
    pub fn answer(&self, name: &str, headers: &HeaderMap) -> Response {
        let Some(file) = self.files.get(name) else {
            return StatusCode::NOT_FOUND.into_response();
        };
        let accept = headers
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let (body, encoding) = match (&file.brotli, &file.gzip) {
            (Some(brotli), _) if accepts(accept, "br") => (brotli.clone(), Some("br")),
            (_, Some(gzip)) if accepts(accept, "gzip") => (gzip.clone(), Some("gzip")),
            _ => (file.plain.clone(), None),
        };
        let mut response = Response::new(Body::from(body));
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(file.content_type),
        );
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(IMMUTABLE));
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        if let Some(encoding) = encoding {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
        }
        response
    }

    /// The axum handler for `/<pkg>/{file}`.
    pub fn handler(
        self,
    ) -> impl Fn(Path<String>, HeaderMap) -> std::future::Ready<Response> + Clone + Send + Sync + 'static
    {
        move |Path(name): Path<String>, headers: HeaderMap| {
            std::future::ready(self.answer(&name, &headers))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle() -> (tempfile::TempDir, Bundle) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("site.abc.css"), "body{}").unwrap();
        std::fs::write(dir.path().join("site.abc.css.br"), "BR").unwrap();
        std::fs::write(dir.path().join("site.abc.css.gz"), "GZ").unwrap();
        std::fs::write(dir.path().join("site.abc.js"), "js()").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "not served").unwrap();
        let bundle = Bundle::read(dir.path()).unwrap();
        (dir, bundle)
    }

    async fn body(response: Response) -> String {
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    fn asking(accept: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(accept).unwrap(),
        );
        headers
    }

    #[tokio::test]
    async fn the_smallest_accepted_variant_with_its_headers() {
        let (_dir, bundle) = bundle();
        let br = bundle.answer("site.abc.css", &asking("gzip, deflate, br"));
        assert_eq!(br.headers()[header::CONTENT_ENCODING], "br");
        assert_eq!(br.headers()[header::CONTENT_TYPE], "text/css");
        assert_eq!(br.headers()[header::VARY], "accept-encoding");
        assert!(
            br.headers()[header::CACHE_CONTROL]
                .to_str()
                .unwrap()
                .contains("immutable")
        );
        assert_eq!(body(br).await, "BR");
        let gz = bundle.answer("site.abc.css", &asking("gzip, br;q=0"));
        assert_eq!(gz.headers()[header::CONTENT_ENCODING], "gzip");
        assert_eq!(body(gz).await, "GZ");
        let plain = bundle.answer("site.abc.css", &HeaderMap::new());
        assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
        assert_eq!(body(plain).await, "body{}");
        // no compressed variant: as it is
        let js = bundle.answer("site.abc.js", &asking("br"));
        assert!(js.headers().get(header::CONTENT_ENCODING).is_none());
        assert_eq!(js.headers()[header::CONTENT_TYPE], "text/javascript");
    }

    #[tokio::test]
    async fn what_the_bundle_does_not_have_is_not_found() {
        let (_dir, bundle) = bundle();
        for name in [
            "notes.txt",
            "site.abc.css.br",
            "../Cargo.toml",
            "missing.wasm",
        ] {
            let answer = bundle.answer(name, &HeaderMap::new());
            assert_eq!(answer.status(), StatusCode::NOT_FOUND, "{name}");
        }
    }
}
