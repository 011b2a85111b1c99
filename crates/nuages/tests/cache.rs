//! The cache framework configured from CACHES: a view counting hits in the
//! default cache through the test client, key prefixes and versions,
//! timeouts, the dummy backend and an unknown alias.

use nuages::conf::{CacheSettings, Settings};
use nuages::core::cache::{CacheError, Timeout, caches};
use nuages::prelude::*;
use nuages::urls::{URLPattern, path};
use nuages::{Project, Site};
use tokio::sync::OnceCell;

static SITE: OnceCell<Site> = OnceCell::const_new();

async fn hits(_request: Request) -> Result<Response> {
    let cache = nuages::core::cache::cache()?;
    cache.add("view-hits", &0, Timeout::Forever).await?;
    let count = cache.incr("view-hits", 1).await?;
    Ok(Response::new(format!("hits {count}")))
}

fn urlpatterns() -> Vec<URLPattern> {
    vec![path("hits/", hits)]
}

async fn site() -> &'static Site {
    SITE.get_or_init(|| async {
        let mut settings = Settings::for_tests();
        settings.CACHES.insert(
            "prefixed".into(),
            CacheSettings {
                LOCATION: "prefixed".into(),
                KEY_PREFIX: "site1".into(),
                VERSION: 2,
                ..CacheSettings::default()
            },
        );
        settings.CACHES.insert(
            "small".into(),
            CacheSettings {
                LOCATION: "small".into(),
                OPTIONS: toml::toml! { MAX_ENTRIES = 3 },
                ..CacheSettings::default()
            },
        );
        settings.CACHES.insert(
            "dummy".into(),
            CacheSettings {
                BACKEND: "django.core.cache.backends.dummy.DummyCache".into(),
                ..CacheSettings::default()
            },
        );
        Project::new(".")
            .urls(urlpatterns)
            .settings(settings)
            .setup()
            .await
            .expect("setup")
    })
    .await
}

#[tokio::test]
async fn a_view_counts_hits_in_the_cache() {
    let client = site().await.client();
    assert_eq!(client.get("/hits/").await.text(), "hits 1");
    assert_eq!(client.get("/hits/").await.text(), "hits 2");
}

#[tokio::test]
async fn the_cache_api() {
    site().await;
    let cache = caches("prefixed").expect("cache");
    assert_eq!(cache.make_key("k"), "site1:2:k");
    cache.set("k", &vec![1, 2, 3], Timeout::Default).await.expect("set");
    assert_eq!(cache.get::<Vec<i32>>("k").await.expect("get"), Some(vec![1, 2, 3]));
    assert_eq!(cache.with_version(1).get::<Vec<i32>>("k").await.expect("get"), None);
    assert!(matches!(cache.get::<String>("k").await, Err(CacheError::Value(_))));
    assert!(!cache.add("k", &"x", Timeout::Default).await.expect("add"));
    assert!(cache.add("new", &"x", Timeout::Default).await.expect("add"));
    // Timeout 0 expires at once.
    cache.set("gone", &1, Timeout::Seconds(0)).await.expect("set");
    assert!(!cache.has_key("gone").await.expect("has_key"));
    assert!(cache.touch("k", Timeout::Forever).await.expect("touch"));
    assert!(!cache.touch("nothing", Timeout::Forever).await.expect("touch"));
    assert!(cache.touch("k", Timeout::Seconds(0)).await.expect("touch"));
    assert_eq!(cache.get::<Vec<i32>>("k").await.expect("get"), None);

    cache
        .set_many(&[("a", 1), ("b", 2)], Timeout::Default)
        .await
        .expect("set_many");
    let many = cache.get_many::<i32>(&["a", "b", "c"]).await.expect("get_many");
    assert_eq!((many.len(), many["a"], many["b"]), (2, 1, 2));
    assert_eq!(cache.incr("a", 10).await, Ok(11));
    assert_eq!(cache.decr("a", 1).await, Ok(10));
    assert_eq!(cache.incr("c", 1).await, Err(CacheError::KeyNotFound("c".into())));
    assert_eq!(cache.incr_version("b", 1).await, Ok(3));
    assert_eq!(cache.with_version(3).get::<i32>("b").await.expect("get"), Some(2));
    assert_eq!(cache.get::<i32>("b").await.expect("get"), None);
    assert_eq!(cache.get_or_set("lazy", 7, Timeout::Default).await, Ok(7));
    assert_eq!(cache.get_or_set("lazy", 8, Timeout::Default).await, Ok(7));
    assert!(cache.delete("lazy").await.expect("delete"));
    assert!(!cache.delete("lazy").await.expect("delete"));
    cache.delete_many(&["a", "new"]).await.expect("delete_many");
    assert!(!cache.has_key("a").await.expect("has_key"));
    cache.clear().await.expect("clear");
}

#[tokio::test]
async fn max_entries_culls() {
    site().await;
    let cache = caches("small").expect("cache");
    for key in ["one", "two", "three"] {
        cache.set(key, &key, Timeout::Default).await.expect("set");
    }
    // Full: the fourth entry culls a third, least recently used first.
    assert!(cache.has_key("one").await.expect("has_key"));
    cache.set("four", &"four", Timeout::Default).await.expect("set");
    assert_eq!(cache.get::<String>("two").await.expect("get"), None);
    assert_eq!(cache.get::<String>("one").await.expect("get").as_deref(), Some("one"));
    assert_eq!(cache.get::<String>("four").await.expect("get").as_deref(), Some("four"));
}

#[tokio::test]
async fn dummy_and_unknown_caches() {
    site().await;
    let dummy = caches("dummy").expect("dummy");
    dummy.set("k", &1, Timeout::Default).await.expect("set");
    assert_eq!(dummy.get::<i32>("k").await.expect("get"), None);
    assert!(matches!(caches("nope"), Err(CacheError::InvalidCacheBackend(_))));
}
