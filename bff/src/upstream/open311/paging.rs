//! Following a paged list. GeoReport v2 leaves paging to each server; what real ones do:
//! an `X-Next-Page-URL` header (with `X-Result-Count`), a `Link: <…>; rel="next"` header,
//! or `page`/`page_size` parameters that a client counts on. All three are followed,
//! bounded in pages (the profile's `max_pages`) and in time.

use reqwest::header::HeaderMap;
use url::Url;

/// The next page's URL from the answer's headers, only on the server's own origin (a
/// link elsewhere is not followed: the BFF calls only the city's system).
pub fn next_page(current: &Url, headers: &HeaderMap) -> Option<Url> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let link = header("x-next-page-url")
        .map(str::trim)
        .map(str::to_owned)
        .or_else(|| header("link").and_then(link_next));
    let next = current.join(link?.as_str()).ok()?;
    let same_origin = next.scheme() == current.scheme()
        && next.host_str() == current.host_str()
        && next.port_or_known_default() == current.port_or_known_default();
    (same_origin && next != *current).then_some(next)
}

/// The `rel="next"` target of an RFC 8288 `Link` header.
fn link_next(value: &str) -> Option<String> {
    value.split(',').find_map(|part| {
        let (target, params) = part.split_once(';')?;
        let is_next = params.split(';').any(|p| {
            let p = p.trim().to_ascii_lowercase();
            p == "rel=next" || p == "rel=\"next\""
        });
        let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
        is_next.then(|| target.to_owned())
    })
}

/// The URL of page `page` when the profile says to count pages (`page_size`).
pub fn counted_page(first: &Url, page: u32, page_size: u32) -> Url {
    let mut url = first.clone();
    let kept: Vec<(String, String)> = first
        .query_pairs()
        .filter(|(k, _)| k != "page" && k != "page_size")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    url.query_pairs_mut()
        .clear()
        .extend_pairs(kept)
        .append_pair("page", &page.to_string())
        .append_pair("page_size", &page_size.to_string());
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(*k, v.parse().unwrap());
        }
        map
    }

    #[test]
    fn next_links_are_followed_on_the_same_origin_only() {
        let here: Url = "http://city.example/v2/services.json?locale=en"
            .parse()
            .unwrap();
        let next = next_page(
            &here,
            &headers(&[(
                "x-next-page-url",
                "http://city.example/v2/services.json?page=2",
            )]),
        );
        assert_eq!(next.unwrap().query(), Some("page=2"));
        let linked = next_page(
            &here,
            &headers(&[(
                "link",
                "<services.json?page=1>; rel=\"prev\", <services.json?page=3>; rel=\"next\"",
            )]),
        );
        assert_eq!(
            linked.unwrap().as_str(),
            "http://city.example/v2/services.json?page=3"
        );
        assert_eq!(
            next_page(
                &here,
                &headers(&[("x-next-page-url", "http://evil.example/x")])
            ),
            None
        );
        assert_eq!(next_page(&here, &HeaderMap::new()), None);
    }

    #[test]
    fn counted_pages_replace_the_page_parameters() {
        let first: Url = "http://c.example/services.json?locale=en&page=9"
            .parse()
            .unwrap();
        assert_eq!(
            counted_page(&first, 2, 100).query(),
            Some("locale=en&page=2&page_size=100")
        );
    }
}
