#!/bin/sh
# Regenerate crates/nuages-db/tests/django_schema/{sqlite,postgresql,mysql}.json:
# the schema Django 5.2 creates for scripts/django_schema/compat/models.py.
# tests/django_schema.rs compares the schema Nuages creates with them.
#
# Needs python3 (the virtualenv is made in $DJANGO_SCHEMA_VENV, default
# /tmp/nuages-django-schema-venv) and, for the server backends, the URLs in
# NUAGES_TEST_POSTGRES and NUAGES_TEST_MYSQL (a scratch database named
# nuages_django_schema is created there and dropped afterwards).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../../crates/nuages-db/tests/django_schema"
venv=${DJANGO_SCHEMA_VENV:-/tmp/nuages-django-schema-venv}
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q "Django==5.2.*" "psycopg[binary]" pymysql
py="$venv/bin/python"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$py" "$here/dump.py" sqlite "$tmp/db.sqlite3" "$out/sqlite.json"
echo "wrote $out/sqlite.json"

scratch=nuages_django_schema
server_url() { # URL with its database replaced by $2
    "$py" -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' "$1" "$2"
}
if [ -n "${NUAGES_TEST_POSTGRES:-}" ]; then
    "$py" - "$NUAGES_TEST_POSTGRES" "$scratch" <<'PY'
import sys, psycopg
with psycopg.connect(sys.argv[1], autocommit=True) as c:
    c.execute(f'DROP DATABASE IF EXISTS "{sys.argv[2]}"')
    c.execute(f'CREATE DATABASE "{sys.argv[2]}"')
PY
    "$py" "$here/dump.py" postgresql "$(server_url "$NUAGES_TEST_POSTGRES" $scratch)" "$out/postgresql.json"
    "$py" - "$NUAGES_TEST_POSTGRES" "$scratch" <<'PY'
import sys, psycopg
with psycopg.connect(sys.argv[1], autocommit=True) as c:
    c.execute(f'DROP DATABASE IF EXISTS "{sys.argv[2]}" WITH (FORCE)')
PY
    echo "wrote $out/postgresql.json"
else
    echo "NUAGES_TEST_POSTGRES not set: postgresql.json left as it is"
fi
if [ -n "${NUAGES_TEST_MYSQL:-}" ]; then
    mysql_admin() {
        "$py" - "$NUAGES_TEST_MYSQL" "$1" <<'PY'
import sys, urllib.parse as u, pymysql
p = u.urlsplit(sys.argv[1])
c = pymysql.connect(host=p.hostname, port=p.port or 3306, user=u.unquote(p.username or "root"),
                    password=u.unquote(p.password or ""), autocommit=True)
c.cursor().execute(sys.argv[2])
PY
    }
    mysql_admin "DROP DATABASE IF EXISTS \`$scratch\`"
    mysql_admin "CREATE DATABASE \`$scratch\` CHARACTER SET utf8mb4"
    "$py" "$here/dump.py" mysql "$(server_url "$NUAGES_TEST_MYSQL" $scratch)" "$out/mysql.json"
    mysql_admin "DROP DATABASE IF EXISTS \`$scratch\`"
    echo "wrote $out/mysql.json"
else
    echo "NUAGES_TEST_MYSQL not set: mysql.json left as it is"
fi
