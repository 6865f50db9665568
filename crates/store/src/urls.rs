//! Database URLs: the one way Accord writes and reads a SQLite file's URL, and the one way it
//! hides a password before a URL is shown.

use std::path::{Path, PathBuf};

use crate::StoreError;

/// What a path may hold that a SQLite URL's path may not, percent-encoded by [`sqlite_url`]:
/// controls, space, `%` (the escape itself), `?` (the query), `#` (the fragment), and every byte
/// beyond ASCII. Separators (`/`, and `\` and `:` of Windows paths) stay as they are.
const PATH_ESCAPES: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'%')
    .add(b'?')
    .add(b'#')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// The URL of a SQLite file: `sqlite://` and its path, percent-encoded so that
/// [`sqlite_path`] (and [`crate::Store::open`]) read back exactly that path, whatever its name
/// holds (spaces, `?`, `%`, `#`, letters beyond ASCII). The one way Accord writes such URLs
/// (the default database, the desktop's file dialogs).
#[must_use]
pub fn sqlite_url(path: &Path) -> String {
    let text = path.to_string_lossy();
    format!(
        "sqlite://{}",
        percent_encoding::utf8_percent_encode(&text, PATH_ESCAPES)
    )
}

/// The file a SQLite URL names (`sqlite://PATH` or `sqlite:PATH`, the path percent-decoded),
/// and its query (SQLite's own parameters, `mode=ro`, …), if any. The one way Accord reads
/// such URLs: the file checked, created and reported is the file SQLite opens.
///
/// # Errors
/// [`StoreError::BadUrl`] when it is not a SQLite URL, its path does not decode to UTF-8, or
/// it has a query that is not `key=value` parameters (a `?` of a file name, unencoded).
pub fn sqlite_path(url: &str) -> Result<PathBuf, StoreError> {
    sqlite_parts(url).map(|(p, _)| p)
}

/// [`sqlite_path`], with the URL's query.
pub(crate) fn sqlite_parts(url: &str) -> Result<(PathBuf, Option<&str>), StoreError> {
    let bad = |why: &str| StoreError::BadUrl(url.to_owned(), why.to_owned());
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .ok_or_else(|| bad("use sqlite://PATH"))?;
    let (encoded, query) = match rest.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (rest, None),
    };
    if let Some(q) = query
        && (q.is_empty() || q.split('&').any(|kv| !kv.contains('=')))
    {
        return Err(bad(concat!(
            "`?` starts the URL's query (SQLite parameters like mode=ro): ",
            "a `?` in a file name is written %3F"
        )));
    }
    let path = percent_encoding::percent_decode_str(encoded)
        .decode_utf8()
        .map_err(|_| bad("its path is not UTF-8 once its %XX escapes are decoded"))?;
    if path.is_empty() {
        return Err(bad("it names no file: use sqlite://PATH"));
    }
    Ok((PathBuf::from(path.into_owned()), query))
}

/// Hides the password of a database URL: what lies between the user's name and the `@` that
/// ends the user information is left out (`postgres://dana:pw@host/db` is shown as
/// `postgres://dana@host/db`), so not even a password's length shows.
///
/// The user information starts after `://`; where a URL has no `@` after one, it starts after
/// the scheme's `:` and any slashes, of either kind, that follow: URL parsers read
/// `http:dana:pw@host` and `http:\\dana:pw@host` as holding a password too.
///
/// A password given as a query parameter (`?password=…`, which libpq and sqlx accept too) is
/// left out with its parameter.
#[must_use]
pub fn redact(url: &str) -> String {
    let url = &without_password_parameter(url);
    let start = match url.find("://") {
        Some(s) if url[s..].contains('@') => s + 3,
        _ => match url.find(':') {
            Some(c) => url.len() - url[c + 1..].trim_start_matches(['/', '\\']).len(),
            None => return url.to_owned(),
        },
    };
    match url.rfind('@') {
        Some(at) if at >= start => {
            let user = url[start..at].split(':').next().unwrap_or_default();
            format!("{}{user}{}", &url[..start], &url[at..])
        }
        _ => url.to_owned(),
    }
}

/// `url` without any `password` query parameter.
fn without_password_parameter(url: &str) -> String {
    let Some((base, query)) = url.split_once('?') else {
        return url.to_owned();
    };
    let (query, fragment) = query
        .split_once('#')
        .map_or((query, None), |(q, f)| (q, Some(f)));
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| {
            let key = pair.split('=').next().unwrap_or_default();
            !key.eq_ignore_ascii_case("password")
        })
        .collect();
    let mut out = base.to_owned();
    if !kept.is_empty() {
        out.push('?');
        out.push_str(&kept.join("&"));
    }
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_is_left_out_wherever_a_url_parser_would_find_one() {
        for (url, shown) in [
            (
                "postgres://dana@db/accord?sslmode=require&password=pw&connect_timeout=5",
                "postgres://dana@db/accord?sslmode=require&connect_timeout=5",
            ),
            ("postgres://db/accord?PASSWORD=pw", "postgres://db/accord"),
            (
                "postgres://dana:pw@db/accord?password=pw2",
                "postgres://dana@db/accord",
            ),
            (
                "postgres://db/accord?passwordless=1",
                "postgres://db/accord?passwordless=1",
            ),
            (
                "postgres://dana:pw@db:5432/accord",
                "postgres://dana@db:5432/accord",
            ),
            ("postgresql://dana@db/accord", "postgresql://dana@db/accord"),
            ("postgres://db/accord", "postgres://db/accord"),
            (
                "postgres://dana:p@ss:w@db/accord",
                "postgres://dana@db/accord",
            ),
            // Not URLs a parser accepts (a `/` in the password, a port that is no number):
            // the password is hidden all the same.
            ("postgres://dana:p/w@db/accord", "postgres://dana@db/accord"),
            (
                "postgres://dana:pw@db:port/accord",
                "postgres://dana@db:port/accord",
            ),
            ("mysql://u:pw@h/db", "mysql://u@h/db"),
            // Read as holding a password by URL parsers, though written without `//`.
            ("http:dana:pw@db/accord", "http:dana@db/accord"),
            (r"http:\\dana:pw@db/accord", r"http:\\dana@db/accord"),
            ("https:/dana:pw@db", "https:/dana@db"),
            ("not a url", "not a url"),
            ("sqlite:///tmp/a.db", "sqlite:///tmp/a.db"),
            ("", ""),
        ] {
            assert_eq!(redact(url), shown, "{url}");
        }
    }
}
