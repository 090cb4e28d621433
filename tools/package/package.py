#!/usr/bin/env python3
"""./commitstats package: every deployable artifact in dist/, with dist/manifest.json.

Called by the launcher after it built ingest, spark-jobs and api. Writes:
  commitstats-glue.jar               the transform and register jobs' jar (--extra-jars)
  commitstats-ingest-glue.jar        the distributed ingest job's jar (--extra-jars)
  glue/transform.scala               the transform job's Scala launcher
  glue/ingest.scala                  the distributed ingest job's Scala launcher
  glue/register.py                   the registration job (Python shell)
  glue/tables.txt                    the tables the registration registers (from model/)
  commitstats-ingest-lambda.zip      the ingest function (java21, arm64): lib/*.jar and DuckDB's
                                     native library beside its jar
  commitstats-api-lambda.zip         the API function (java21, arm64, SnapStart): the same layout
  sbom/*.cdx.json                    CycloneDX bills of materials of the three deployables
Native libraries are kept for Linux on the functions' architecture only (`--arch`, terraform's
`architectures`, arm64 by default; DuckDB ships five platforms in one jar). In the Lambda zips
DuckDB's library is a file of its own, lib/libduckdb_java.so_linux_<arch>, and its jar holds none:
finding none among its classes, the driver loads the one beside its jar, instead of copying it
(51 MB on arm64) out of the jar into /tmp at every cold start (~0.3 s of CPU and wall,
bench/lambda-zip-start.sh).
Zips are reproducible (fixed times, sorted entries): the same inputs give the same bytes, and a
run whose inputs did not change rewrites nothing.
"""
import hashlib
import io
import json
import os
import sys
import zipfile

# what names a native library of Linux on each architecture the functions can run on
ARCH_KEEP = {
    "arm64": ("linux_arm64", "linux/aarch64", "linux-aarch64"),
    "x86_64": ("linux_amd64", "linux/x86_64", "linux-x86_64", "linux/amd64", "linux-amd64"),
}
DUCKDB_LIBRARY = "libduckdb_java.so_linux_"
DUCKDB_ARCH = {"arm64": "arm64", "x86_64": "amd64"}
NATIVE_SUFFIXES = (".so", ".dll", ".dylib", ".jnilib")
FIXED_TIME = (2020, 1, 1, 0, 0, 0)
LAMBDA_UNZIPPED_LIMIT = 250 * 1024 * 1024
# the Lambda zips' layout: a zip packaged by an older layout is packaged again
LAMBDA_LAYOUT = "lib-jars+duckdb-library-beside"


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def is_native(name):
    base = name.lower()
    return base.endswith(NATIVE_SUFFIXES) or "libduckdb_java.so_" in base


def native_elsewhere(name, arch):
    return is_native(name) and not any(k in name.lower() for k in ARCH_KEEP[arch])


def slim_jar(path, arch, drop=lambda name: False):
    """The jar's bytes without native libraries of other platforms, nor those `drop` names (the
    same jar if none)."""
    leave_out = lambda n: native_elsewhere(n, arch) or drop(n)
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        if not any(leave_out(n) for n in names):
            with open(path, "rb") as f:
                return f.read(), 0
        out = io.BytesIO()
        dropped = 0
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as w:
            for info in z.infolist():
                if leave_out(info.filename):
                    dropped += info.file_size
                    continue
                entry = zipfile.ZipInfo(info.filename, FIXED_TIME)
                entry.external_attr = info.external_attr
                entry.compress_type = zipfile.ZIP_STORED if info.filename.endswith(".so") else zipfile.ZIP_DEFLATED
                w.writestr(entry, z.read(info.filename))
        return out.getvalue(), dropped


def lambda_zip(target, jars, arch):
    unzipped = 0
    dropped = 0
    duckdb = DUCKDB_LIBRARY + DUCKDB_ARCH[arch]
    tmp = target + ".part"
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for jar in sorted(set(jars), key=os.path.basename):
            with zipfile.ZipFile(jar) as j:
                library = j.read(duckdb) if duckdb in j.namelist() else None
            # DuckDB's library beside its jar, none inside (the driver then loads that file)
            data, d = slim_jar(jar, arch, lambda n: library is not None and is_native(n))
            if library is not None:
                d -= len(library)
                entry = zipfile.ZipInfo("lib/" + duckdb, FIXED_TIME)
                entry.external_attr = 0o755 << 16
                entry.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(entry, library)
                unzipped += len(library)
            dropped += d
            unzipped += len(data)
            entry = zipfile.ZipInfo("lib/" + os.path.basename(jar), FIXED_TIME)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_STORED
            z.writestr(entry, data)
    os.replace(tmp, target)
    if unzipped > LAMBDA_UNZIPPED_LIMIT:
        sys.exit(f"package: {target} holds {unzipped} bytes unzipped, over Lambda's 250 MB limit")
    return unzipped, dropped


def module_jar(root, module):
    folder = os.path.join(root, module, "target")
    for f in sorted(os.listdir(folder)):
        if f.startswith("commitstats-") and f.endswith(".jar") and not f.endswith(("-tests.jar", "-glue.jar")):
            return os.path.join(folder, f)
    sys.exit(f"package: no jar in {folder}: build {module} first")


def classpath(root, module):
    with open(os.path.join(root, module, "target", "runtime-classpath.txt")) as f:
        return [p for p in f.read().strip().split(":") if p]


def main():
    root, out, tables, athena_driver = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
    arch = sys.argv[5] if len(sys.argv) > 5 else "arm64"
    if arch not in ARCH_KEEP:
        sys.exit(f"package: --arch {arch}: Lambda runs arm64 or x86_64; use one of those")
    os.makedirs(os.path.join(out, "glue"), exist_ok=True)
    os.makedirs(os.path.join(out, "sbom"), exist_ok=True)
    glue_jar = [os.path.join(root, "spark-jobs", "target", f) for f in os.listdir(os.path.join(root, "spark-jobs", "target")) if f.endswith("-glue.jar")]
    if not glue_jar:
        sys.exit("package: no Glue jar in spark-jobs/target: build spark-jobs first")
    ingest_glue = [os.path.join(root, "ingest-spark", "target", f) for f in os.listdir(os.path.join(root, "ingest-spark", "target")) if f.endswith("-glue.jar")]
    if not ingest_glue:
        sys.exit("package: no Glue jar in ingest-spark/target: build ingest-spark first")
    ingest = [module_jar(root, "ingest")] + classpath(root, "ingest")
    api = [module_jar(root, "api")] + classpath(root, "api")
    if athena_driver:
        api.append(athena_driver)
    plan = {
        "commitstats-glue.jar": ("glue-jar", [glue_jar[0]]),
        "glue/transform.scala": ("glue-transform-script", [os.path.join(root, "glue", "transform.scala")]),
        "commitstats-ingest-glue.jar": ("glue-ingest-jar", [ingest_glue[0]]),
        "glue/ingest.scala": ("glue-ingest-script", [os.path.join(root, "glue", "ingest.scala")]),
        "glue/register.py": ("glue-register-script", [os.path.join(root, "glue", "register.py")]),
        "glue/tables.txt": ("glue-tables", [tables]),
        "commitstats-ingest-lambda.zip": ("ingest-lambda", ingest),
        "commitstats-api-lambda.zip": ("api-lambda", api),
        # CycloneDX bills of materials, made by the build (cyclonedx-maven-plugin at package)
        "sbom/commitstats-glue.cdx.json": ("sbom-glue", [os.path.join(root, "spark-jobs", "target", "bom.json")]),
        "sbom/commitstats-ingest-glue.cdx.json": ("sbom-ingest-glue", [os.path.join(root, "ingest-spark", "target", "bom.json")]),
        "sbom/commitstats-ingest-lambda.cdx.json": ("sbom-ingest", [os.path.join(root, "ingest", "target", "bom.json")]),
        "sbom/commitstats-api-lambda.cdx.json": ("sbom-api", [os.path.join(root, "api", "target", "bom.json")]),
    }
    for name, (_, paths) in plan.items():
        for p in paths:
            if not os.path.exists(p):
                sys.exit(f"package: {p} is missing (for {name}): build again (./commitstats build)")
    inputs = {name: [[p, sha256(p)] for p in paths] for name, (_, paths) in plan.items()}
    for name in inputs:
        if name.endswith(".zip"):  # the zips' layout and architecture are inputs too
            inputs[name].append(["layout", f"{LAMBDA_LAYOUT} {arch}"])
    state_file = os.path.join(out, ".inputs.json")
    previous = {}
    if os.path.exists(state_file):
        with open(state_file) as f:
            previous = json.load(f)
    artifacts = []
    for name, (role, paths) in plan.items():
        target = os.path.join(out, name)
        if previous.get(name) == inputs[name] and os.path.exists(target):
            print(f"package: {name} unchanged", file=sys.stderr)
        elif name.endswith(".zip"):
            unzipped, dropped = lambda_zip(target, paths, arch)
            print(f"package: {name}: {len(paths)} jars, {unzipped / 1e6:.1f} MB unzipped"
                  f" ({dropped / 1e6:.1f} MB of other platforms' native libraries left out)", file=sys.stderr)
        else:
            with open(paths[0], "rb") as src, open(target + ".part", "wb") as dst:
                dst.write(src.read())
            os.replace(target + ".part", target)
            print(f"package: {name}", file=sys.stderr)
        artifacts.append({"name": name, "role": role, "sha256": sha256(target), "size": os.path.getsize(target)})
    manifest = {"artifacts": artifacts, "athena_jdbc_driver": bool(athena_driver), "lambda_architecture": arch}
    text = json.dumps(manifest, indent=2) + "\n"
    path = os.path.join(out, "manifest.json")
    if not os.path.exists(path) or open(path).read() != text:
        with open(path + ".part", "w") as f:
            f.write(text)
        os.replace(path + ".part", path)
    with open(state_file + ".part", "w") as f:
        json.dump(inputs, f)
    os.replace(state_file + ".part", state_file)
    for a in artifacts:
        print(f"{a['sha256']}  {a['size']:>11}  {a['name']}")


if __name__ == "__main__":
    main()
