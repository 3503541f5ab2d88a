#!/usr/bin/env bash
# Installs what cube/ needs and skips what is there: DuckDB and PySpark from PyPI at pinned
# versions, and a Java runtime 17+ for Spark (Debian's openjdk-17-jre-headless).
#
#   bash cube/setup.sh                 # everything
#   bash cube/setup.sh --duckdb-only   # no PySpark, no Java
#
# Debian 12, Python 3.11; runs as root (or with sudo for apt-get).
set -euo pipefail

DUCKDB_VERSION=1.5.6
PYSPARK_VERSION=4.0.5   # Spark 4.0: needs Java 17 or 21
PYTHON=${PYTHON:-python3}
SPARK=1
[ "${1:-}" = "--duckdb-only" ] && SPARK=0

start=$SECONDS
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

has_version() { # has_version MODULE VERSION
  "$PYTHON" -c "import sys, $1; sys.exit($1.__version__ != '$2')" 2>/dev/null
}

wanted=()
has_version duckdb "$DUCKDB_VERSION" || wanted+=("duckdb==$DUCKDB_VERSION")
if [ "$SPARK" = 1 ]; then
  has_version pyspark "$PYSPARK_VERSION" || wanted+=("pyspark==$PYSPARK_VERSION")
fi
if [ "${#wanted[@]}" -gt 0 ]; then
  echo "cube/setup.sh: pip install ${wanted[*]}"
  "$PYTHON" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
    "${wanted[@]}"
else
  echo "cube/setup.sh: duckdb $DUCKDB_VERSION$([ "$SPARK" = 1 ] && echo ", pyspark $PYSPARK_VERSION") already installed"
fi

java_major() { # 17 for 'openjdk version "17.0.15"', 1 for '"1.8.0_392"'
  java -version 2>&1 | sed -n 's/.* version "\([0-9]*\).*/\1/p' | head -n 1
}
if [ "$SPARK" = 1 ]; then
  major=$(command -v java >/dev/null 2>&1 && java_major || true)
  if [ -z "$major" ] || [ "$major" -lt 17 ]; then
    echo "cube/setup.sh: installing openjdk-17-jre-headless (found java: ${major:-none})"
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq
    as_root apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless
    if [ "$(java_major)" -lt 17 ]; then  # another java first on PATH
      echo "cube/setup.sh: java on PATH is still older than 17; set JAVA_HOME to" \
           "/usr/lib/jvm/java-17-openjdk-$(dpkg --print-architecture)" >&2
      exit 1
    fi
  else
    echo "cube/setup.sh: java $major found"
  fi
fi
echo "cube/setup.sh: ready ($((SECONDS - start)) s)"
