//! `GET discovery`: the endpoint describes itself.

use crate::helpers::{spawn_app, xml_texts};

#[tokio::test]
async fn discovery_names_the_spec_and_formats() {
    let app = spawn_app().await;
    let json = app.get_json("/discovery.json", 200).await;
    let endpoint = &json["endpoints"][0];
    assert_eq!(
        endpoint["specification"],
        "http://wiki.open311.org/GeoReport_v2"
    );
    assert_eq!(endpoint["url"], format!("{}/", app.base));
    assert_eq!(
        endpoint["formats"],
        serde_json::json!(["text/xml", "application/json"])
    );
    assert!(json["changeset"].is_string());

    let xml = app.get_xml("/discovery.xml", 200).await;
    assert!(xml.contains("<discovery><changeset>"), "{xml}");
    assert_eq!(
        xml_texts(&xml, "format"),
        vec!["text/xml", "application/json"]
    );
    assert_eq!(
        xml_texts(&xml, "specification"),
        vec!["http://wiki.open311.org/GeoReport_v2"]
    );
}
