"""Create the compat models with Django 5.2 on one backend and dump the
schema Django made (tables, columns, types, nullability, constraints,
indexes) as JSON, with the introspection queries the Rust test also runs.

Usage: python dump.py sqlite|postgresql|mysql URL OUT.json
(run through generate.sh, which builds the virtualenv).
"""

import json
import os
import sys
import tempfile
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
QUERIES = os.path.join(ROOT, "crates", "nuages-db", "tests", "django_schema", "queries.json")


def database_settings(vendor, url):
    if vendor == "sqlite":
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": url}
    parts = urllib.parse.urlsplit(url)
    engine = {"postgresql": "django.db.backends.postgresql", "mysql": "django.db.backends.mysql"}[vendor]
    settings = {
        "ENGINE": engine,
        "NAME": parts.path.lstrip("/"),
        "USER": urllib.parse.unquote(parts.username or ""),
        "PASSWORD": urllib.parse.unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
    }
    if vendor == "mysql":
        settings["OPTIONS"] = {"charset": "utf8mb4"}
    return settings


def main():
    vendor, url, out = sys.argv[1], sys.argv[2], sys.argv[3]
    if vendor == "mysql":
        # PyMySQL stands in for mysqlclient (no C toolchain needed).
        import pymysql

        pymysql.version_info = (2, 2, 1, "final", 0)
        pymysql.install_as_MySQLdb()
    sys.path.insert(0, HERE)
    import django
    from django.conf import settings

    settings.configure(
        DATABASES={"default": database_settings(vendor, url)},
        INSTALLED_APPS=["compat"],
        USE_TZ=True,
        DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
    )
    django.setup()
    from django.db import connection

    from compat.models import MODELS

    with connection.schema_editor() as editor:
        for model in MODELS:
            editor.create_model(model)

    queries = json.load(open(QUERIES))[vendor]
    text = lambda v: None if v is None else str(v)
    with connection.cursor() as cursor:
        cursor.execute(queries["tables"])
        tables = [row[0] for row in cursor.fetchall()]
        schema = {}
        for table in tables:
            schema[table] = {}
            for key, sql in queries.items():
                if key == "tables":
                    continue
                cursor.execute(sql.replace("{table}", table))
                schema[table][key] = [[text(v) for v in row] for row in cursor.fetchall()]
    with connection.schema_editor() as editor:
        for model in reversed(MODELS):
            editor.delete_model(model)
    result = {
        "generated_by": "scripts/django_schema/generate.sh",
        "django": django.get_version(),
        "vendor": vendor,
        "tables": schema,
    }
    with open(out, "w") as f:
        json.dump(result, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
