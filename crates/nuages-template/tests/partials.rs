//! Template partials (`{% partialdef %}`, `{% partial %}`, `page.html#name`).

use nuages_template::{Context, Engine, TemplateError};

fn engine(templates: &[(&str, &str)]) -> Engine {
    Engine::builder()
        .templates(templates.iter().map(|(k, v)| (k.to_string(), v.to_string())))
        .build()
}

fn ctx() -> Context {
    let mut c = Context::new();
    c.insert("who", "<b>");
    c
}

fn render(e: &Engine, name: &str) -> String {
    e.render_to_string(name, &ctx()).expect(name)
}

fn syntax_message(e: TemplateError) -> String {
    match e {
        TemplateError::TemplateSyntaxError { message, .. } => message,
        other => panic!("expected a TemplateSyntaxError, got {other:?}"),
    }
}

#[test]
fn partialdef_renders_nothing_and_partial_renders_it_with_the_context() {
    let e = engine(&[(
        "page.html",
        "{% partialdef card %}[{{ who }}]{% endpartialdef %}A{% partial card %}B{% with who='x' %}{% partial card %}{% endwith %}",
    )]);
    assert_eq!(render(&e, "page.html"), "A[&lt;b&gt;]B[x]");
}

#[test]
fn inline_renders_in_place_and_named_end_tag_and_use_before_definition() {
    let e = engine(&[(
        "page.html",
        "{% partial late %}|{% partialdef late inline %}<{{ who|safe }}>{% endpartialdef late %}",
    )]);
    assert_eq!(render(&e, "page.html"), "<<b>>|<<b>>");
}

#[test]
fn loading_page_hash_name_renders_the_partial_alone() {
    let e = engine(&[
        (
            "page.html",
            "head{% partialdef row %}({{ who }}){% endpartialdef %}tail",
        ),
        ("inc.html", "{% include 'page.html#row' %}!"),
    ]);
    assert_eq!(render(&e, "page.html#row"), "(&lt;b&gt;)");
    assert_eq!(
        e.get_template("page.html#row").ok().as_deref().and_then(|t| t.name()),
        Some("page.html#row")
    );
    assert_eq!(
        e.select_template(&["nope.html", "page.html#row"])
            .and_then(|t| t.render(&ctx()))
            .ok()
            .as_deref(),
        Some("(&lt;b&gt;)")
    );
    assert_eq!(render(&e, "inc.html"), "(&lt;b&gt;)!");
    match e.get_template("page.html#missing") {
        Err(TemplateError::TemplateDoesNotExist { name, .. }) => assert_eq!(name, "missing"),
        other => panic!("expected TemplateDoesNotExist, got {other:?}"),
    }
    assert!(matches!(
        e.get_template("nope.html#row"),
        Err(TemplateError::TemplateDoesNotExist { .. })
    ));
}

#[test]
fn errors_match_django() {
    let e = engine(&[
        ("undef.html", "{% partial nope %}"),
        (
            "dup.html",
            "{% partialdef a %}{% endpartialdef %}{% partialdef a %}{% endpartialdef %}",
        ),
        ("open.html", "{% partialdef a %}x"),
        ("wrongend.html", "{% partialdef a %}x{% endpartialdef b %}"),
        ("noname.html", "{% partialdef %}{% endpartialdef %}"),
        ("badarg.html", "{% partialdef a other %}{% endpartialdef %}"),
        ("toomany.html", "{% partialdef a inline x %}{% endpartialdef %}"),
        ("partialargs.html", "{% partial %}"),
    ]);
    let render_err = e
        .render_to_string("undef.html", &Context::new())
        .expect_err("undefined partial");
    assert_eq!(
        syntax_message(render_err),
        "Partial 'nope' is not defined in the current template."
    );
    let msg = |name: &str| syntax_message(e.get_template(name).expect_err(name));
    assert_eq!(
        msg("dup.html"),
        "Partial 'a' is already defined in the 'dup.html' template."
    );
    assert_eq!(
        msg("open.html"),
        "Unclosed tag on line 1: 'partialdef'. Looking for one of: endpartialdef, endpartialdef a."
    );
    assert!(msg("wrongend.html").starts_with("Invalid block tag on line 1: 'endpartialdef', expected"));
    assert_eq!(msg("noname.html"), "'partialdef' tag requires a name");
    assert_eq!(
        msg("badarg.html"),
        "The 'inline' argument does not have any parameters; either use 'inline' or remove it completely."
    );
    assert_eq!(msg("toomany.html"), "'partialdef' tag takes at most 2 arguments");
    assert_eq!(msg("partialargs.html"), "'partial' tag requires a single argument");
}
