# AWS Glue Python shell job (1/16 DPU) of the refresh workflow, run after each successful
# transform: registers in the Glue database, through Athena DDL, each Delta table of the lake
# that exists (it has a _delta_log) and that the catalog lacks; exits at once when none is
# missing. The tables are those of dist/glue/tables.txt, which ./commitstats package writes from
# model/ (the same list as `./commitstats register`, dev.commitstats.spark.RegisterTablesJob).
# Parameters: --lake s3://bucket[/prefix] --database NAME --athena-workgroup WG --tables s3://…/tables.txt
import os
import sys
import time

import boto3
from botocore.config import Config


def arg(name):
    flag = "--" + name
    for i, a in enumerate(sys.argv):
        if a == flag and i + 1 < len(sys.argv):
            return sys.argv[i + 1]
        if a.startswith(flag + "="):
            return a.split("=", 1)[1]
    raise SystemExit(f"register: the job parameter {flag} is missing")


def split(url):
    rest = url[len("s3://"):] if url.startswith("s3://") else None
    if not rest:
        raise SystemExit(f"register: {url} is not an s3:// location")
    bucket, _, prefix = rest.partition("/")
    return bucket, prefix.strip("/")


def client(service):
    # stand-ins for tests (never set on Glue): COMMITSTATS_S3_ENDPOINT for S3 (path style, as the
    # Java code reads it), COMMITSTATS_AWS_ENDPOINT_URL for Glue and Athena
    if service == "s3" and os.environ.get("COMMITSTATS_S3_ENDPOINT"):
        return boto3.client("s3", endpoint_url=os.environ["COMMITSTATS_S3_ENDPOINT"],
                            config=Config(s3={"addressing_style": "path"}))
    if service != "s3" and os.environ.get("COMMITSTATS_AWS_ENDPOINT_URL"):
        return boto3.client(service, endpoint_url=os.environ["COMMITSTATS_AWS_ENDPOINT_URL"])
    return boto3.client(service)


def main():
    lake, database, workgroup = arg("lake"), arg("database"), arg("athena-workgroup")
    bucket, prefix = split(lake)
    s3 = client("s3")
    tb, tk = split(arg("tables"))
    tables = [t.strip() for t in s3.get_object(Bucket=tb, Key=tk)["Body"].read().decode().splitlines() if t.strip()]
    glue = client("glue")
    known = set()
    for page in glue.get_paginator("get_tables").paginate(DatabaseName=database):
        known.update(t["Name"] for t in page["TableList"])
    root = (prefix + "/" if prefix else "") + "delta/"
    missing = []
    for table in tables:
        if table in known:
            continue
        listed = s3.list_objects_v2(Bucket=bucket, Prefix=f"{root}{table}/_delta_log/", MaxKeys=1)
        if listed.get("KeyCount", 0) > 0:
            missing.append(table)
    if not missing:
        print(f"register: all {len(tables)} tables are registered (or not written yet)")
        return
    athena = client("athena")
    location = f"s3://{bucket}/{root}"
    for table in missing:
        sql = (f"CREATE EXTERNAL TABLE IF NOT EXISTS `{database}`.`{table}` LOCATION '{location}{table}/' "
               "TBLPROPERTIES ('table_type' = 'DELTA')")
        qid = athena.start_query_execution(QueryString=sql, WorkGroup=workgroup,
                                           QueryExecutionContext={"Catalog": "AwsDataCatalog"})["QueryExecutionId"]
        deadline = time.time() + 300
        while True:
            status = athena.get_query_execution(QueryExecutionId=qid)["QueryExecution"]["Status"]
            if status["State"] == "SUCCEEDED":
                print(f"register: {database}.{table} registered")
                break
            if status["State"] in ("FAILED", "CANCELLED"):
                raise SystemExit(f"register: Athena {status['State']} for {table}: {status.get('StateChangeReason')}:"
                                 " check the workgroup and the job role's Glue and S3 permissions")
            if time.time() > deadline:
                raise SystemExit(f"register: Athena did not finish registering {table} in 5 minutes")
            time.sleep(1)


if __name__ == "__main__":
    main()
