#!/usr/bin/env python3
"""Render the benchmark templates with Django 5.2 and compare with Nuages.

Usage (normally through bench_templates_django.sh, inside its virtualenv):

    bench_templates_django.py SECONDS OUTDIR

OUTDIR holds `nuages.json` (the output of the `throughput` bench binary)
and `page.html` / `table.html` (Nuages' renders). Django renders the same
templates (benches/templates/dtl) with the same contexts (mirroring
benches/src/lib.rs), checks its output is byte-for-byte Nuages' output,
measures renders per CPU-second and prints Nuages' throughput as a ratio of
Django's and of MiniJinja's.
"""
import json
import pathlib
import sys
import time

import django
from django.conf import settings

ROOT = pathlib.Path(__file__).resolve().parents[1]
TEMPLATES = {
    name: (ROOT / "benches" / "templates" / "dtl" / name).read_text()
    for name in ("base.html", "page.html", "nav.html", "table.html")
}


def row(i):
    return {
        "id": i,
        "name": f"item {i} & <co>",
        "email": f"User{i}@Example.COM",
        "note": "" if i % 3 == 0 else f"note \"{i}\" 'quoted'",
        "price": i * 1.25,
        "active": i % 2 == 0,
    }


def page_context():
    labels = ["Home", "Polls", "Results", "About", "Contact"]
    return {
        "title": "quarterly report <draft>",
        "footer": "\u00a9 Nuages & friends",
        "user": {"name": "Ada <Lovelace>", "is_authenticated": True},
        "links": [{"url": f"/{i}/?a=1&b=2", "label": label} for i, label in enumerate(labels)],
        "rows": [row(i) for i in range(1, 101)],
    }


def table_context():
    return {"rows": [row(i) for i in range(1, 1001)]}


def measure(seconds, fn):
    """Renders per CPU-second (this thread's CPU time, the clock the Rust
    side uses too): the best of five slices of seconds / 5 each."""
    for _ in range(3):
        fn()
    best = 0.0
    for _ in range(5):
        n, start = 0, time.thread_time()
        while time.thread_time() - start < seconds / 5:
            fn()
            n += 1
        best = max(best, n / (time.thread_time() - start))
    return best


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
    outdir = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "target" / "bench-templates"
    settings.configure(DEBUG=False, USE_TZ=True, TIME_ZONE="America/Chicago")
    django.setup()
    from django.template import Context, Engine

    locmem = ("django.template.loaders.locmem.Loader", TEMPLATES)
    cached = Engine(loaders=[("django.template.loaders.cached.Loader", [locmem])])
    uncached = Engine(loaders=[locmem])
    page, table = page_context(), table_context()

    def render(engine, name, ctx):
        return engine.get_template(name).render(Context(ctx))

    same = {}
    for case, name, ctx in (("page", "page.html", page), ("table", "table.html", table)):
        ours = outdir / f"{case}.html"
        same[case] = ours.exists() and ours.read_text() == render(cached, name, ctx)

    django_rates = {
        "page_render": measure(seconds, lambda: render(cached, "page.html", page)),
        "page_parse_render": measure(seconds, lambda: render(uncached, "page.html", page)),
        "table_render": measure(seconds, lambda: render(cached, "table.html", table)),
    }
    results = json.loads((outdir / "nuages.json").read_text())
    nuages, minijinja = results["nuages"], results["minijinja"]
    print(f"Django {django.get_version()}, Python {sys.version.split()[0]}; {seconds:g} s per case")
    print(f"{'case':<20}{'Nuages/s':>12}{'Django/s':>12}{'MiniJinja/s':>13}{'vs Django':>11}{'vs MiniJinja':>14}")
    for case in ("page_render", "page_parse_render", "table_render"):
        n, d, m = nuages[case], django_rates[case], minijinja[case]
        print(f"{case:<20}{n:>12.0f}{d:>12.0f}{m:>13.0f}{n / d:>10.1f}x{n / m:>13.2f}x")
    for case, ok in same.items():
        print(f"{case}.html: Nuages output {'identical to' if ok else 'DIFFERS from'} Django's")
    (outdir / "django.json").write_text(json.dumps(django_rates))


if __name__ == "__main__":
    main()
