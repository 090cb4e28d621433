"""Where the notebooks' SQL runs.

With Athena settings in the environment (``COMMITSTATS_ATHENA_WORKGROUP``, and
``COMMITSTATS_ATHENA_OUTPUT`` when the workgroup has no result location; the region and
credentials from the usual AWS settings), through PyAthena (``pip install pyathena``) against the
Glue database ``COMMITSTATS_ATHENA_DATABASE`` (default ``commitstats``). Otherwise on the local
lake named by ``COMMITSTATS_LAKE`` through the project itself (``./commitstats sql --format csv``,
embedded DuckDB), so every notebook runs without AWS.

The SQL of each notebook is a file in ``notebooks/sql``: the tests run every file on DuckDB and
on Trino (Athena's engine), so it stays in what both accept.
"""

import io
import os
import pathlib
import shlex
import subprocess

import pandas as pd

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent


def sql_text(name):
    """The statement of ``notebooks/sql/<name>.sql``."""
    return (HERE / "sql" / f"{name}.sql").read_text()


def where():
    """Which engine answers: ``athena`` or ``local lake <path>``."""
    if os.environ.get("COMMITSTATS_ATHENA_WORKGROUP"):
        return "athena (workgroup " + os.environ["COMMITSTATS_ATHENA_WORKGROUP"] + ")"
    return "local lake " + _lake()


def query(name, time_columns=()):
    """The rows of ``notebooks/sql/<name>.sql`` as a DataFrame (``time_columns`` parsed, UTC)."""
    sql = sql_text(name)
    if os.environ.get("COMMITSTATS_ATHENA_WORKGROUP"):
        df = _athena(sql)
    else:
        df = _local(sql)
    for c in time_columns:
        df[c] = pd.to_datetime(df[c], utc=True)
    return df


def _lake():
    lake = os.environ.get("COMMITSTATS_LAKE")
    if not lake:
        raise SystemExit(
            "Set COMMITSTATS_LAKE to a lake folder (./lake after ./commitstats demo), or"
            " COMMITSTATS_ATHENA_WORKGROUP (and AWS settings) to query Athena."
        )
    return lake


def _local(sql):
    command = os.environ.get("COMMITSTATS_SQL_COMMAND")
    cmd = shlex.split(command) if command else [str(ROOT / "commitstats")]
    out = subprocess.run(
        cmd + ["sql", "--lake", _lake(), "--format", "csv", "--", sql],
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        raise RuntimeError("commitstats sql failed: " + out.stderr.strip())
    return pd.read_csv(io.StringIO(out.stdout))


def _athena(sql):
    from pyathena import connect
    from pyathena.pandas.cursor import PandasCursor

    conn = connect(
        work_group=os.environ["COMMITSTATS_ATHENA_WORKGROUP"],
        s3_staging_dir=os.environ.get("COMMITSTATS_ATHENA_OUTPUT"),
        schema_name=os.environ.get("COMMITSTATS_ATHENA_DATABASE", "commitstats"),
        cursor_class=PandasCursor,
    )
    return conn.cursor().execute(sql).as_pandas()
