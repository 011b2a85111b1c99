//! Relations on every configured backend: many-to-many fields with their
//! intermediary tables and managers, reverse foreign-key managers,
//! lookups across relations, `on_delete` with Django's collector, model
//! signals and the query counter.

mod common;

use std::sync::{Arc, Mutex};

use common::{Backend, TestDb, database};
use nuages_db::connections;
use nuages_db::dispatch::Connect;
use nuages_db::migrations::create_table_sql_for;
use nuages_db::models::signals::{m2m_changed, post_delete, post_save, pre_delete};
use nuages_db::prelude::*;
use nuages_db::test::{assert_num_queries, capture_queries};

#[derive(Model, Debug, Clone, serde::Serialize)]
#[model(app_label = "rel")]
pub struct Group {
    pub id: i64,
    #[field(max_length = 80)]
    pub name: String,
}

#[derive(Model, Debug, Clone, serde::Serialize)]
#[model(app_label = "rel")]
pub struct Member {
    pub id: i64,
    #[field(max_length = 150)]
    pub username: String,
    #[field(blank, related_name = "members")]
    pub groups: ManyToMany<Group>,
}

#[derive(Model, Debug, Clone)]
#[model(app_label = "rel")]
pub struct Person {
    pub id: i64,
    #[field(max_length = 50)]
    pub name: String,
}

#[derive(Model, Debug, Clone)]
#[model(app_label = "rel")]
pub struct Club {
    pub id: i64,
    #[field(max_length = 50)]
    pub name: String,
    #[field(through = Membership)]
    pub people: ManyToMany<Person>,
}

#[derive(Model, Debug, Clone)]
#[model(app_label = "rel")]
pub struct Membership {
    pub id: i64,
    #[field(on_delete = Cascade)]
    pub club: ForeignKey<Club>,
    #[field(on_delete = Cascade)]
    pub person: ForeignKey<Person>,
    #[field(max_length = 20, default = "member")]
    pub role: String,
}

// Django's RESTRICT example: deleting an album with songs is refused,
// deleting the artist (which cascades to both) is allowed.
#[derive(Model, Debug, Clone)]
#[model(app_label = "rel")]
pub struct Artist {
    pub id: i64,
    #[field(max_length = 10)]
    pub name: String,
}

#[derive(Model, Debug, Clone)]
#[model(app_label = "rel")]
pub struct Album {
    pub id: i64,
    #[field(on_delete = Cascade)]
    pub artist: ForeignKey<Artist>,
}

#[derive(Model, Debug, Clone)]
#[model(app_label = "rel")]
pub struct Song {
    pub id: i64,
    #[field(on_delete = Cascade)]
    pub artist: ForeignKey<Artist>,
    #[field(on_delete = Restrict)]
    pub album: ForeignKey<Album>,
}

#[derive(Model, Debug, Clone)]
#[model(app_label = "rel")]
pub struct Sticker {
    pub id: i64,
    #[field(on_delete = Protect)]
    pub album: ForeignKey<Album>,
}

#[derive(Model, Debug, Clone)]
#[model(app_label = "rel")]
pub struct Review {
    pub id: i64,
    #[field(null, on_delete = SetNull, related_name = "reviews")]
    pub album: Option<ForeignKey<Album>>,
    #[field(on_delete = SetDefault, default = 1i64, related_name = "+")]
    pub fallback: ForeignKey<Artist>,
}

backend_tests!(
    many_to_many_managers_and_lookups,
    explicit_through_model,
    reverse_foreign_key_manager,
    on_delete_follows_django,
    model_signals_are_sent,
);

async fn setup(name: &str, backend: Backend) -> Option<TestDb> {
    let test_db = database(name, backend).await?;
    let db = connections::get(&test_db.alias).expect("db");
    let metas = [
        Group::meta(),
        Member::meta(),
        Person::meta(),
        Club::meta(),
        Membership::meta(),
        Artist::meta(),
        Album::meta(),
        Song::meta(),
        Sticker::meta(),
        Review::meta(),
    ];
    for meta in metas {
        db.execute_script(&create_table_sql_for(db.vendor(), meta).expect("sql"))
            .await
            .expect("table");
    }
    Some(test_db)
}

fn names(groups: &[Group]) -> Vec<&str> {
    let mut v: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
    v.sort_unstable();
    v
}

async fn many_to_many_managers_and_lookups(backend: Backend) {
    let Some(test_db) = setup("m2m", backend).await else {
        return;
    };
    let alias: &str = &test_db.alias;
    let group = |n: &str| Group { id: 0, name: n.into() };
    let staff = Group::objects()
        .using(alias)
        .create(group("staff"))
        .await
        .expect("group");
    let editors = Group::objects()
        .using(alias)
        .create(group("editors"))
        .await
        .expect("group");
    let admins = Group::objects()
        .using(alias)
        .create(group("admins"))
        .await
        .expect("group");
    let ann = Member::objects()
        .using(alias)
        .create(Member {
            id: 0,
            username: "ann".into(),
            groups: ManyToMany::new(),
        })
        .await
        .expect("member");
    let bob = Member::objects()
        .using(alias)
        .create(Member {
            id: 0,
            username: "bob".into(),
            groups: ManyToMany::new(),
        })
        .await
        .expect("member");

    // add() skips rows already there: one SELECT, one INSERT for the new ones.
    assert_num_queries(2, ann.groups().using(alias).add([&staff, &editors]))
        .await
        .expect("add");
    ann.groups().using(alias).add([&staff]).await.expect("add again");
    assert_eq!(
        names(&ann.groups().using(alias).all().await.expect("all")),
        ["editors", "staff"]
    );
    bob.groups().using(alias).add([staff.id]).await.expect("add by pk");

    // The reverse side (related_name = "members").
    let mut members: Vec<String> = staff
        .members()
        .using(alias)
        .all()
        .await
        .expect("members")
        .into_iter()
        .map(|m| m.username)
        .collect();
    members.sort();
    assert_eq!(members, ["ann", "bob"]);
    assert_eq!(editors.members().using(alias).count().await.expect("count"), 1);

    // Lookups across the relation, both ways.
    let in_staff = Member::objects()
        .using(alias)
        .filter(Q::new("groups__name", "staff"))
        .order_by(["username"])
        .all()
        .await
        .expect("filter");
    assert_eq!(in_staff.len(), 2);
    let anns = Group::objects()
        .using(alias)
        .filter(Q::new("members__username", "ann"))
        .count()
        .await
        .expect("reverse filter");
    assert_eq!(anns, 2);
    let by_pk = Member::objects()
        .using(alias)
        .filter(Q::new("groups", editors.id))
        .get()
        .await
        .expect("groups=pk");
    assert_eq!(by_pk.username, "ann");
    let err = Member::objects()
        .using(alias)
        .filter(Q::new("group__name", "x"))
        .count()
        .await
        .expect_err("unknown name");
    assert!(err.to_string().contains("Choices are: groups, id, username"), "{err}");

    // set(), remove(), clear(), create().
    ann.groups().using(alias).set([&admins, &staff]).await.expect("set");
    assert_eq!(
        names(&ann.groups().using(alias).all().await.expect("all")),
        ["admins", "staff"]
    );
    ann.groups().using(alias).remove([&admins]).await.expect("remove");
    assert_eq!(names(&ann.groups().using(alias).all().await.expect("all")), ["staff"]);
    let created = ann.groups().using(alias).create(group("new")).await.expect("create");
    assert!(created.id > 0);
    assert_eq!(ann.groups().using(alias).count().await.expect("count"), 2);
    staff.members().using(alias).clear().await.expect("clear");
    assert_eq!(bob.groups().using(alias).count().await.expect("count"), 0);
    assert_eq!(names(&ann.groups().using(alias).all().await.expect("all")), ["new"]);

    // Deleting a member deletes its intermediary rows (auto-created model CASCADE).
    let deleted = Member::objects()
        .using(alias)
        .filter(Q::new("pk", ann.id))
        .delete()
        .await
        .expect("delete");
    assert_eq!(deleted.per_model.get("rel.Member_groups"), Some(&1));
    assert_eq!(deleted.total, 2);

    // An unsaved instance cannot use its relation.
    let unsaved = Member {
        id: 0,
        username: "x".into(),
        groups: ManyToMany::new(),
    };
    let err = unsaved.groups().using(alias).add([&staff]).await.expect_err("unsaved");
    assert!(err.to_string().contains("needs to have a primary key"), "{err}");
}

async fn explicit_through_model(backend: Backend) {
    let Some(test_db) = setup("through", backend).await else {
        return;
    };
    let alias: &str = &test_db.alias;
    let club = Club::objects()
        .using(alias)
        .create(Club {
            id: 0,
            name: "chess".into(),
            people: ManyToMany::new(),
        })
        .await
        .expect("club");
    let eve = Person::objects()
        .using(alias)
        .create(Person {
            id: 0,
            name: "eve".into(),
        })
        .await
        .expect("person");
    // add() fills the intermediary model's other fields with their defaults.
    club.people().using(alias).add([&eve]).await.expect("add");
    let m = Membership::objects().using(alias).get().await.expect("membership");
    assert_eq!(
        (m.club.id(), m.person.id(), m.role.as_str()),
        (club.id, eve.id, "member")
    );
    let clubs = Club::objects()
        .using(alias)
        .filter(Q::new("people__name", "eve"))
        .all()
        .await
        .expect("filter");
    assert_eq!(clubs.len(), 1);
    assert_eq!(eve.club_set().using(alias).count().await.expect("reverse"), 1);
    // The through model is an ordinary model: no table of our own is made.
    let ddl = create_table_sql_for(test_db.vendor(), Club::meta()).expect("ddl");
    assert!(!ddl.contains("rel_club_people"), "{ddl}");
}

async fn reverse_foreign_key_manager(backend: Backend) {
    let Some(test_db) = setup("fkrev", backend).await else {
        return;
    };
    let alias: &str = &test_db.alias;
    let artist = Artist::objects()
        .using(alias)
        .create(Artist {
            id: 0,
            name: "a".into(),
        })
        .await
        .expect("artist");
    let album = artist
        .album_set()
        .using(alias)
        .create(Album {
            id: 0,
            artist: ForeignKey::new(0),
        })
        .await
        .expect("create sets the key");
    assert_eq!(album.artist.id(), artist.id);
    let review = Review::objects()
        .using(alias)
        .create(Review {
            id: 0,
            album: None,
            fallback: (&artist).into(),
        })
        .await
        .expect("review");
    album.reviews().using(alias).add([&review]).await.expect("add");
    assert_eq!(album.reviews().using(alias).count().await.expect("count"), 1);
    album.reviews().using(alias).remove([&review]).await.expect("remove");
    assert_eq!(album.reviews().using(alias).count().await.expect("count"), 0);
    album.reviews().using(alias).set([&review]).await.expect("set");
    album.reviews().using(alias).clear().await.expect("clear");
    assert_eq!(album.reviews().using(alias).count().await.expect("count"), 0);
    // remove() needs a nullable key, as in Django.
    let err = artist.album_set().using(alias).clear().await.expect_err("not nullable");
    assert!(err.to_string().contains("nullable"), "{err}");
    // Filtering across a reverse foreign key.
    let with_album = Artist::objects()
        .using(alias)
        .filter(Q::new("album__id", album.id))
        .count()
        .await
        .expect("reverse lookup");
    assert_eq!(with_album, 1);
}

async fn on_delete_follows_django(backend: Backend) {
    let Some(test_db) = setup("ondelete", backend).await else {
        return;
    };
    let alias: &str = &test_db.alias;
    let artist = |n: &str| Artist { id: 0, name: n.into() };
    let fallback = Artist::objects()
        .using(alias)
        .create(artist("fallback"))
        .await
        .expect("a");
    assert_eq!(fallback.id, 1, "the SET_DEFAULT target");
    let singer = Artist::objects()
        .using(alias)
        .create(artist("singer"))
        .await
        .expect("a");
    let album = Album::objects()
        .using(alias)
        .create(Album {
            id: 0,
            artist: (&singer).into(),
        })
        .await
        .expect("album");
    let song = Song::objects()
        .using(alias)
        .create(Song {
            id: 0,
            artist: (&singer).into(),
            album: (&album).into(),
        })
        .await
        .expect("song");

    // RESTRICT: the album alone cannot go while a song points at it.
    let err = album.delete_using(alias).await.expect_err("restricted");
    match &err {
        nuages_db::Error::RestrictedError { objects, .. } => {
            assert_eq!(objects, &[format!("Song object ({})", song.id)]);
        }
        other => panic!("expected RestrictedError, got {other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "Cannot delete some instances of model 'Album' because they are referenced through restricted foreign keys: 'Song.album'."
    );

    // PROTECT names every protecting object.
    for _ in 0..2 {
        Sticker::objects()
            .using(alias)
            .create(Sticker {
                id: 0,
                album: (&album).into(),
            })
            .await
            .expect("sticker");
    }
    let err = singer.delete_using(alias).await.expect_err("protected");
    match &err {
        nuages_db::Error::ProtectedError { objects, .. } => assert_eq!(objects.len(), 2),
        other => panic!("expected ProtectedError, got {other:?}"),
    }
    assert!(
        err.to_string().ends_with("protected foreign keys: 'Sticker.album'."),
        "{err}"
    );
    Sticker::objects().using(alias).delete().await.expect("stickers");

    // SET_NULL and SET_DEFAULT update the pointing rows; the artist's delete
    // cascades to the album and the song, which satisfies RESTRICT.
    let review = Review::objects()
        .using(alias)
        .create(Review {
            id: 0,
            album: Some((&album).into()),
            fallback: (&singer).into(),
        })
        .await
        .expect("review");
    let deleted = singer.delete_using(alias).await.expect("cascade");
    assert_eq!(deleted.total, 3);
    assert_eq!(deleted.per_model.get("rel.Song"), Some(&1));
    assert_eq!(deleted.per_model.get("rel.Album"), Some(&1));
    let review = Review::objects()
        .using(alias)
        .get_by(Q::new("pk", review.id))
        .await
        .expect("review stays");
    assert!(review.album.is_none());
    assert_eq!(review.fallback.id(), fallback.id);
}

async fn model_signals_are_sent(backend: Backend) {
    let Some(test_db) = setup("signals", backend).await else {
        return;
    };
    let alias = test_db.alias.clone();
    let log: Arc<Mutex<Vec<String>>> = Arc::new(Mutex::new(Vec::new()));
    let push = |log: &Arc<Mutex<Vec<String>>>, s: String| log.lock().unwrap_or_else(|p| p.into_inner()).push(s);
    let ids = {
        let mut ids = Vec::new();
        let (l, a) = (log.clone(), alias.clone());
        ids.push(
            post_save().connect_with(Connect::new().sender_model::<Person>(), move |args| {
                if args.using == a {
                    let p: Person = args.instance()?;
                    push(&l, format!("post_save {} created={}", p.name, args.created));
                }
                Ok(())
            }),
        );
        let (l, a) = (log.clone(), alias.clone());
        ids.push(
            pre_delete().connect_with(Connect::new().sender_model::<Membership>(), move |args| {
                if args.using == a {
                    push(
                        &l,
                        format!("pre_delete membership {} origin={:?}", args.pk, args.origin),
                    );
                }
                Ok(())
            }),
        );
        let (l, a) = (log.clone(), alias.clone());
        ids.push(post_delete().connect(move |args| {
            if args.using == a {
                push(&l, format!("post_delete {}", args.model.object_name));
            }
            Ok(())
        }));
        ids
    };
    let (l, a) = (log.clone(), alias.clone());
    let m2m = m2m_changed().connect_with(Connect::new().sender("rel.Member_groups"), move |args| {
        if args.using == a {
            push(
                &l,
                format!("{} reverse={} {:?}", args.action.as_str(), args.reverse, args.pk_set),
            );
        }
        Ok(())
    });

    let mut eve = Person {
        id: 0,
        name: "eve".into(),
    };
    eve.save_using(&alias).await.expect("insert");
    eve.name = "eve2".into();
    eve.save_using(&alias).await.expect("update");
    let club = Club::objects()
        .using(&alias)
        .create(Club {
            id: 0,
            name: "c".into(),
            people: ManyToMany::new(),
        })
        .await
        .expect("club");
    club.people().using(&alias).add([&eve]).await.expect("add");
    eve.delete_using(&alias).await.expect("delete");

    let group = Group::objects()
        .using(&alias)
        .create(Group {
            id: 0,
            name: "g".into(),
        })
        .await
        .expect("group");
    let member = Member::objects()
        .using(&alias)
        .create(Member {
            id: 0,
            username: "m".into(),
            groups: ManyToMany::new(),
        })
        .await
        .expect("member");
    member.groups().using(&alias).add([&group]).await.expect("add");
    group.members().using(&alias).remove([&member]).await.expect("remove");

    assert!(post_save().disconnect(ids[0]));
    assert!(pre_delete().disconnect(ids[1]));
    assert!(post_delete().disconnect(ids[2]));
    assert!(m2m_changed().disconnect(m2m));
    let got = log.lock().unwrap_or_else(|p| p.into_inner()).clone();
    assert_eq!(
        got,
        [
            "post_save eve created=true".to_owned(),
            "post_save eve2 created=false".to_owned(),
            "pre_delete membership 1 origin=Some(\"rel.Person\")".to_owned(),
            "post_delete Membership".to_owned(),
            "post_delete Person".to_owned(),
            format!("pre_add reverse=false [{}]", group.id),
            format!("post_add reverse=false [{}]", group.id),
            format!("pre_remove reverse=true [{}]", member.id),
            format!("post_remove reverse=true [{}]", member.id),
        ]
    );
    let ((), queries) = capture_queries(async {
        Person::objects()
            .using(&alias)
            .count()
            .await
            .map(|_| ())
            .expect("count");
    })
    .await;
    assert_eq!(queries.len(), 1);
    assert!(queries[0].sql.contains("COUNT(*)"), "{:?}", queries[0]);
}
