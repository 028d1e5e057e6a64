#!/usr/bin/env python3
"""Checks a staged release (bash .ci/stage) the way Maven Central would, and that it is ours, not bytedeco's.

  python3 .ci/check-staging.py target/staging --platforms linux-x86_64,linux-arm64 [--verify-signatures]

- layout: org/mymodule/mymodule and mymodule-platform, each with .pom, .jar, -sources.jar, -javadoc.jar;
  mymodule with one jar per platform named in --platforms; target/central-bundle.zip holds the same files
- every file has .asc, .md5 and .sha1, the checksums match, and (--verify-signatures) gpg verifies each .asc
- each POM declares Central's required elements itself: groupId, artifactId, version, name, description,
  url, licenses (name, url), developers, scm (url, connection)
- neither the POM nor its effective POM (mvn help:effective-pom on the staged file) names bytedeco except
  as the parent, a dependency's or a plugin's groupId, or JavaCPP's own resources (org/bytedeco/javacpp/);
  the parent's <pluginManagement> templates and executions turned off with <phase>none</phase> are skipped.
  (The parent's licences and developer contain no "bytedeco": the check above that each POM declares its
  own is what keeps them out, since Maven inherits those lists only when a POM has none.)
- no jar's MANIFEST.MF names Bytedeco
"""
import argparse
import hashlib
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile

NS = "{http://maven.apache.org/POM/4.0.0}"
SIDE = (".asc", ".md5", ".sha1", ".sha256", ".sha512")
errors = []


def fail(message):
    errors.append(message)


def local(tag):
    return tag.replace(NS, "")


def check_layout(staging, platforms):
    expected = {
        "mymodule": ["", "-sources", "-javadoc"] + ["-" + p for p in platforms],
        "mymodule-platform": ["", "-sources", "-javadoc"],
    }
    poms = []
    for artifact, suffixes in expected.items():
        folder = os.path.join(staging, "org", "mymodule", artifact)
        versions = [v for v in os.listdir(folder) if os.path.isdir(os.path.join(folder, v))] if os.path.isdir(folder) else []
        if len(versions) != 1:
            fail(f"{folder}: expected one version, found {versions}")
            continue
        base = os.path.join(folder, versions[0], f"{artifact}-{versions[0]}")
        for name in [base + ".pom"] + [base + s + ".jar" for s in suffixes]:
            if not os.path.isfile(name):
                fail(f"missing {os.path.relpath(name, staging)}")
        poms.append(base + ".pom")
    return poms


def check_files(staging, verify_signatures):
    count = 0
    for folder, _, names in os.walk(staging):
        for name in names:
            if name.endswith(SIDE) or name.startswith("maven-metadata"):
                continue
            path = os.path.join(folder, name)
            data = open(path, "rb").read()
            for ext, algorithm in ((".md5", hashlib.md5), (".sha1", hashlib.sha1)):
                if not os.path.isfile(path + ext):
                    fail(f"missing {os.path.relpath(path, staging)}{ext}")
                elif open(path + ext).read().split()[0] != algorithm(data).hexdigest():
                    fail(f"{os.path.relpath(path, staging)}{ext} does not match")
            if not os.path.isfile(path + ".asc"):
                fail(f"missing {os.path.relpath(path, staging)}.asc")
            elif verify_signatures:
                result = subprocess.run(["gpg", "--batch", "--verify", path + ".asc", path], capture_output=True, text=True)
                if result.returncode != 0:
                    fail(f"{os.path.relpath(path, staging)}.asc does not verify: {result.stderr.strip()}")
            if name.endswith(".jar"):
                with zipfile.ZipFile(path) as jar:
                    if "bytedeco" in jar.read("META-INF/MANIFEST.MF").decode().lower():
                        fail(f"{os.path.relpath(path, staging)}: MANIFEST.MF names Bytedeco")
            count += 1
    return count


def check_bundle(staging, bundle):
    staged = {os.path.relpath(os.path.join(f, n), staging) for f, _, ns in os.walk(staging) for n in ns
              if not n.startswith("maven-metadata")}
    with zipfile.ZipFile(bundle) as z:
        zipped = set(z.namelist())
    if staged != zipped:
        fail(f"{bundle} differs from the staging folder: {sorted(staged ^ zipped)}")


def check_required(pom_path):
    project = ET.parse(pom_path).getroot()
    def text(path):
        element = project.find("/".join(NS + p for p in path.split("/")))
        return element.text.strip() if element is not None and element.text else ""
    for path in ("groupId", "artifactId", "version", "name", "description", "url",
                 "licenses/license/name", "licenses/license/url", "scm/url", "scm/connection"):
        if not text(path):
            fail(f"{os.path.basename(pom_path)}: no <{path}> of its own (Central requires it)")
    if not (text("developers/developer/name") or text("developers/developer/id")):
        fail(f"{os.path.basename(pom_path)}: no <developers> of its own (Central requires them)")


ALLOWED = re.compile(r"org/bytedeco/javacpp/|org\.bytedeco\.javacpp\b", re.I)


def check_no_bytedeco(pom_path, label):
    """Every mention of bytedeco outside <parent>, coordinates' groupIds, <pluginManagement> (the parent's
    templates), executions turned off (<phase>none</phase>) and JavaCPP's own resource paths is an error."""
    root = ET.parse(pom_path).getroot()
    projects = [root] if local(root.tag) == "project" else [p for p in root if local(p.tag) == "project"]

    def walk(element, trail):
        tag = local(element.tag)
        if tag in ("parent", "pluginManagement"):
            return
        if tag == "execution" and (element.findtext(NS + "phase") or "").strip() == "none":
            return  # turned off: never runs
        value = (element.text or "").strip()
        if value and "bytedeco" in value.lower():
            coordinate = tag == "groupId" and value == "org.bytedeco" and trail and trail[-1] in (
                "dependency", "plugin", "exclusion", "extension")
            if not coordinate and "bytedeco" in ALLOWED.sub("", value).lower():
                fail(f"{label}: <{'/'.join(trail + [tag])}> names bytedeco: {value}")
        for child in element:
            walk(child, trail + [tag])

    for project in projects:
        walk(project, [])


def effective_pom(pom_path, output):
    subprocess.run(["mvn", "-B", "-q", "help:effective-pom", "-f", pom_path, "-Doutput=" + output],
                   check=True, stdout=subprocess.DEVNULL)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("staging")
    parser.add_argument("--platforms", required=True)
    parser.add_argument("--bundle", default=None)
    parser.add_argument("--verify-signatures", action="store_true")
    args = parser.parse_args()
    platforms = [p for p in args.platforms.split(",") if p]

    poms = check_layout(args.staging, platforms)
    count = check_files(args.staging, args.verify_signatures)
    if args.bundle:
        check_bundle(args.staging, args.bundle)
    with tempfile.TemporaryDirectory() as tmp:
        for pom in poms:
            name = os.path.basename(pom)
            check_required(pom)
            check_no_bytedeco(pom, name)
            effective = os.path.join(tmp, name + ".effective.xml")
            effective_pom(pom, effective)
            check_no_bytedeco(effective, name + " (effective POM)")
    for message in errors:
        print("check-staging: " + message, file=sys.stderr)
    if errors:
        sys.exit(1)
    print(f"check-staging: {count} files in {args.staging}: each with .asc, .md5, .sha1"
          f"{' (signatures verified)' if args.verify_signatures else ''}; {len(poms)} POMs with Central's "
          f"required elements, naming bytedeco only as parent, dependency or plugin; platforms {','.join(platforms)}")


if __name__ == "__main__":
    main()
