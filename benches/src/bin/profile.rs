//! Render one benchmark case N times, for a profiler:
//!
//! `profile CASE [N]` with CASE one of `page`, `page_parse`, `table`,
//! `mj_page`, `mj_table` (N defaults to 200). For example
//! `valgrind --tool=callgrind target/release/profile page 50`: instruction
//! counts are repeatable even on a busy machine, unlike wall-clock time.
//! Each case is rendered a few times first (lazy statics, caches), then N
//! times inside [`measured`]; to count only those, add
//! `--collect-atstart=no --toggle-collect='profile::measured*'`.

use nuages_bench::{
    minijinja_env, nuages_context, nuages_engine, page_context, render_minijinja, render_nuages, table_context,
};

/// Call `render` `n` times; the sum of the output lengths.
#[inline(never)]
fn measured(render: &mut dyn FnMut() -> usize, n: usize) -> usize {
    (0..n).map(|_| render()).sum()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let case = args.first().map_or("page", String::as_str);
    let n: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(200);
    let engine = nuages_engine();
    let env = minijinja_env();
    let page = (
        nuages_context(&page_context()),
        minijinja::Value::from_serialize(page_context()),
    );
    let table = (
        nuages_context(&table_context()),
        minijinja::Value::from_serialize(table_context()),
    );
    let mut render: Box<dyn FnMut() -> usize> = match case {
        "page" => Box::new(|| render_nuages(&engine, "page.html", &page.0).len()),
        "page_parse" => Box::new(|| {
            engine.clear_cache();
            render_nuages(&engine, "page.html", &page.0).len()
        }),
        "table" => Box::new(|| render_nuages(&engine, "table.html", &table.0).len()),
        "mj_page" => Box::new(|| render_minijinja(&env, "page.html", &page.1).len()),
        "mj_table" => Box::new(|| render_minijinja(&env, "table.html", &table.1).len()),
        other => {
            eprintln!("unknown case {other}: page, page_parse, table, mj_page or mj_table");
            std::process::exit(2);
        }
    };
    let warm: usize = (0..3).map(|_| render()).sum();
    let total = measured(&mut render, n);
    println!("{warm} {total}");
}
