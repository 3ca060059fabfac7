#!/usr/bin/env python3
"""Compiles every source of a build once more as C++20 (syntax only), from its compile_commands.json.

libtorch 2.11 and later need C++20, and CMake then builds the whole project in it (the studio on
Windows with a CUDA libtorch from pytorch.org, or on a Debian with a newer libtorch). A build here
against libtorch 1.13 is C++17, so without this check a C++17-only construct would surface only on
those machines. Usage: check-cxx20.py BUILD_DIR [JOBS]. Exit status 1 when any file fails; the
C++20 deprecation warnings are listed as well (they fail too: they are errors in C++23 or on MSVC).
"""
import json
import os
import re
import shlex
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

STD = re.compile(r"-std=(?:c|gnu)\+\+(?:1[147]|2a|20)\b")


def cxx20_command(command):
    if "-std=c++20" in command or "-std=gnu++20" in command:
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
    return out + ["-fsyntax-only", "-Wdeprecated"]


def check(entry):
    cmd = cxx20_command(entry["command"])
    if cmd is None:
        return entry["file"], 0, "", True
    r = subprocess.run(cmd, cwd=entry["directory"], capture_output=True, text=True)
    return entry["file"], r.returncode, r.stderr, False


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    jobs = int(sys.argv[2]) if len(sys.argv) > 2 else os.cpu_count() or 1
    with open(os.path.join(build, "compile_commands.json")) as f:
        entries = [e for e in json.load(f) if e["file"].endswith((".cpp", ".cc", ".cxx"))]
    failed, deprecated, already = [], [], 0
    with ThreadPoolExecutor(jobs) as pool:
        for path, rc, err, was20 in pool.map(check, entries):
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
