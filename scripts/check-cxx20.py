#!/usr/bin/env python3
"""Compiles every source of a build once more as C++20 (syntax only), from its compile_commands.json.

libtorch 2.11 and later need C++20, and CMake then builds the whole project in it (the studio on
Windows with a CUDA libtorch from pytorch.org, or on a Debian with a newer libtorch). A build here
against libtorch 1.13 is C++17, so without this check a C++17-only construct would surface only on
those machines. Exit status 1 when any file fails; the C++20 deprecation warnings are listed as
well (they fail too: they are errors in C++23 or on MSVC).

Usage: check-cxx20.py BUILD_DIR [--jobs N] [--only SUFFIX ...] [--add ARG ...]
  --only  just the sources whose path ends so;
  --add   (last) arguments added to each compile line (e.g. -DHL_HAVE_C10_CUDA=1: the sources a CUDA
          libtorch builds); with them a source built as C++20 already is compiled again too.
"""
import argparse
import json
import os
import re
import shlex
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

STD = re.compile(r"-std=(?:c|gnu)\+\+(?:1[147]|2a|20)\b")


def cxx20_command(command, add):
    if not add and ("-std=c++20" in command or "-std=gnu++20" in command):
        return None  # already C++20
    args = shlex.split(command)
    out = []
    skip = False
    for a in args:
        if skip:
            skip = False
            continue
        if a == "-o":
            skip = True
            continue
        out.append("-std=c++20" if STD.fullmatch(a) else a)
    if not any(a == "-std=c++20" for a in out):
        out.insert(1, "-std=c++20")
    return out + add + ["-fsyntax-only", "-Wdeprecated"]


def check(entry, add):
    cmd = cxx20_command(entry["command"], add)
    if cmd is None:
        return entry["file"], 0, "", True
    r = subprocess.run(cmd, cwd=entry["directory"], capture_output=True, text=True)
    return entry["file"], r.returncode, r.stderr, False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build", nargs="?", default="build")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--only", nargs="+", default=[])
    # --add takes the rest of the line: its arguments start with '-' themselves.
    ap.add_argument("--add", nargs=argparse.REMAINDER, default=[])
    a = ap.parse_args()
    with open(os.path.join(a.build, "compile_commands.json")) as f:
        entries = [e for e in json.load(f) if e["file"].endswith((".cpp", ".cc", ".cxx"))]
    if a.only:
        entries = [e for e in entries if e["file"].endswith(tuple(a.only))]
        missing = [o for o in a.only if not any(e["file"].endswith(o) for e in entries)]
        if missing:
            print("not in the build: " + " ".join(missing))
            return 1
    failed, deprecated, already = [], [], 0
    with ThreadPoolExecutor(a.jobs) as pool:
        for path, rc, err, was20 in pool.map(lambda e: check(e, a.add), entries):
            already += was20
            if rc != 0:
                failed.append(path)
                print(f"FAILED as C++20: {path}\n{err[:4000]}")
            elif re.search(r"warning: .*(\[-Wdeprecated(?!-declarations)[^\]]*\]|C\+\+20)", err):
                deprecated.append(path)
                print(f"C++20 deprecation in {path}:\n{err[:4000]}")
    print(f"{len(entries)} sources: {len(entries) - len(failed) - len(deprecated) - already} compiled as "
          f"C++20, {already} built as C++20 already, {len(failed)} failed, "
          f"{len(deprecated)} with C++20 deprecations")
    return 1 if failed or deprecated else 0


if __name__ == "__main__":
    sys.exit(main())
