//! The application, tested as a downstream crate tests its use of the SDK:
//! against `onlyfans_api::testing::MockServer`, on loopback, no network.

use onlyfans_api::testing::{webhook_delivery, MockServer};
use onlyfans_api::types::{SmartLinkPostback, SmartLinkPostbackLatestResponse};
use onlyfans_api::webhooks::Event;
use onlyfans_api::ErrorKind;
use serde_json::json;
use testing_example::{
    acknowledge, broken_postbacks, retarget, retarget_without_headers, Ack, Broken,
};

fn postback(id: i64, succeeded: bool, status: i64) -> SmartLinkPostback {
    let mut latest = SmartLinkPostbackLatestResponse::default();
    latest.succeeded = Some(succeeded);
    latest.status_code = Some(status);
    let mut p = SmartLinkPostback::default();
    p.id = Some(id);
    p.url = Some(format!("https://example.com/{id}"));
    p.latest_response = Some(latest);
    p
}

#[tokio::test]
async fn the_documented_example_has_no_broken_postback() {
    let mock = MockServer::start().await;
    assert_eq!(broken_postbacks(&mock.client()).await.unwrap(), []);
}

#[tokio::test]
async fn failed_deliveries_are_found() {
    let mock = MockServer::start().await;
    mock.smart_link_postbacks()
        .list()
        .returns(vec![postback(1, true, 200), postback(2, false, 500)])
        .await;
    let broken = broken_postbacks(&mock.client()).await.unwrap();
    assert_eq!(
        broken,
        [Broken {
            id: 2,
            url: "https://example.com/2".into(),
            status: Some(500)
        }]
    );
}

#[tokio::test]
async fn errors_reach_the_caller() {
    let mock = MockServer::start().await;
    mock.smart_link_postbacks().list().fails(401).await;
    let err = broken_postbacks(&mock.client()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unauthorized);
    assert_eq!(err.message(), Some("Unauthenticated."));
}

#[tokio::test]
async fn retarget_sends_the_update_and_tolerates_a_missing_postback() {
    let mock = MockServer::start().await;
    mock.smart_link_postbacks()
        .update()
        .postback_id(9)
        .fails(404)
        .await;
    let client = mock.client();
    assert!(retarget(&client, 3, "https://example.com/new")
        .await
        .unwrap());
    assert!(!retarget(&client, 9, "https://example.com/new")
        .await
        .unwrap());

    let sent = mock.smart_link_postbacks().update().received();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].path_param("postback_id"), Some("3"));
    assert_eq!(
        sent[0].body.as_ref().unwrap(),
        &json!({
            "url": "https://example.com/new",
            "smart_link_scope": "global",
            "conversion_types": ["new_subscriber", "new_transaction"]
        })
    );
    assert_eq!(sent[1].status, 404);
}

#[tokio::test]
async fn clearing_headers_sends_null_where_retarget_leaves_them_out() {
    let mock = MockServer::start().await;
    let client = mock.client();
    assert!(retarget(&client, 3, "https://example.com/a").await.unwrap());
    assert!(
        retarget_without_headers(&client, 3, "https://example.com/b")
            .await
            .unwrap()
    );
    let sent = mock.smart_link_postbacks().update().received();
    let bodies: Vec<_> = sent.iter().map(|r| r.body.clone().unwrap()).collect();
    assert!(bodies[0].get("headers").is_none(), "{}", bodies[0]);
    assert_eq!(bodies[1]["headers"], json!(null));
    assert!(bodies[1].as_object().unwrap().contains_key("headers"));
}

#[tokio::test]
async fn a_validation_failure_is_an_error_with_its_fields() {
    let mock = MockServer::start().await;
    mock.smart_link_postbacks()
        .update()
        .fails_validation("url", "The url field must be a valid URL.")
        .await;
    let err = retarget(&mock.client(), 1, "not a url").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unprocessable);
    assert_eq!(
        err.validation_errors()["url"],
        ["The url field must be a valid URL."]
    );
}

#[test]
fn signed_deliveries_are_acknowledged_and_forged_ones_rejected() {
    let tip = Event::new("transactions.new", json!({"type": "tip", "amount": 5}))
        .with_event_id("evt_1")
        .with_account_id("acct_7");
    let delivery = webhook_delivery(&tip, "whsec_app");
    assert_eq!(
        acknowledge(&delivery.body, Some(&delivery.signature), "whsec_app"),
        Ack::Tip {
            account: "acct_7".into()
        }
    );
    let like = webhook_delivery(&Event::new("posts.liked", json!({})), "whsec_app");
    assert_eq!(
        acknowledge(&like.body, Some(&like.signature), "whsec_app"),
        Ack::Ignored("posts.liked".into())
    );
    assert_eq!(
        acknowledge(&delivery.body, Some(&delivery.signature), "another secret"),
        Ack::Rejected
    );
}
