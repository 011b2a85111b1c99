//! Renders per CPU-second of each benchmark case, as one JSON object on stdout,
//! for `scripts/bench_templates_django.sh` to compare with Django.
//!
//! `throughput [SECONDS] [--dump DIR]`: run each case for SECONDS (default
//! 2); with `--dump`, also write each case's Nuages output to
//! `DIR/<case>.html` so the script can check Django renders the same.

use std::time::{Duration, Instant};

use nuages_bench::{
    JINJA_TEMPLATES, minijinja_env, nuages_context, nuages_engine, page_context, render_minijinja, render_nuages,
    table_context,
};

/// CPU time this thread has run, from Linux's `/proc/thread-self/schedstat`
/// (nanoseconds); `None` elsewhere. On a machine shared with other work,
/// renders per CPU-second compare engines fairly where wall-clock time
/// counts the time the thread waited for a core.
fn thread_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok().map(Duration::from_nanos)
}

/// A clock: the thread's CPU time when available, else wall-clock time.
fn clock(start: Instant) -> Duration {
    thread_cpu_time().unwrap_or_else(|| start.elapsed())
}

/// Renders per CPU-second of `f`: the best of five slices of about
/// `secs / 5` seconds each (the best slice is the one least disturbed by
/// other load on the machine; Python's `time.thread_time` is the same
/// clock on Django's side).
fn measure(secs: f64, mut f: impl FnMut() -> usize) -> f64 {
    let mut sink = 0usize;
    for _ in 0..10 {
        sink = sink.wrapping_add(f());
    }
    let budget = Duration::from_secs_f64(secs / 5.0);
    let epoch = Instant::now();
    let mut best = 0.0f64;
    for _ in 0..5 {
        let start = clock(epoch);
        let mut n = 0u64;
        while clock(epoch) - start < budget {
            sink = sink.wrapping_add(f());
            n += 1;
        }
        best = best.max(n as f64 / (clock(epoch) - start).as_secs_f64());
    }
    std::hint::black_box(sink);
    best
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let secs = args.first().and_then(|a| a.parse().ok()).unwrap_or(2.0);
    let dump = args.iter().position(|a| a == "--dump").and_then(|i| args.get(i + 1)).map(std::path::PathBuf::from);

    let page = page_context();
    let table = table_context();
    let (page_ctx, table_ctx) = (nuages_context(&page), nuages_context(&table));
    let (page_j, table_j) = (minijinja::Value::from_serialize(&page), minijinja::Value::from_serialize(&table));
    let engine = nuages_engine();
    let env = minijinja_env();

    if let Some(dir) = &dump {
        std::fs::create_dir_all(dir).expect("create the dump directory");
        for (case, name, ctx) in [("page", "page.html", &page_ctx), ("table", "table.html", &table_ctx)] {
            std::fs::write(dir.join(format!("{case}.html")), render_nuages(&engine, name, ctx)).expect("write output");
        }
    }

    let page_render = measure(secs, || render_nuages(&engine, "page.html", &page_ctx).len());
    let page_parse_render = measure(secs, || {
        engine.clear_cache();
        render_nuages(&engine, "page.html", &page_ctx).len()
    });
    let table_render = measure(secs, || render_nuages(&engine, "table.html", &table_ctx).len());
    let mj_page_render = measure(secs, || render_minijinja(&env, "page.html", &page_j).len());
    let mut fresh = minijinja_env();
    let mj_page_parse_render = measure(secs, || {
        fresh.clear_templates();
        for (name, source) in JINJA_TEMPLATES {
            fresh.add_template(name, source).expect("bundled Jinja template compiles");
        }
        render_minijinja(&fresh, "page.html", &page_j).len()
    });
    let mj_table_render = measure(secs, || render_minijinja(&env, "table.html", &table_j).len());

    println!(
        "{}",
        serde_json::json!({
            "nuages": {"page_render": page_render, "page_parse_render": page_parse_render, "table_render": table_render},
            "minijinja": {"page_render": mj_page_render, "page_parse_render": mj_page_parse_render, "table_render": mj_table_render},
        })
    );
}
