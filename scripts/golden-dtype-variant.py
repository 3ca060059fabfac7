#!/usr/bin/env python3
"""Writes a copy of a golden reference set whose weight files have the other float dtype.

Other reference sets choose float16 or float32 per component, so every loader must take both.
This copy swaps them: each F16 weight tensor becomes F32, and each F32 weight tensor whose values
are all exact in float16 becomes F16. The values do not change, so the expected outputs of the
cases stay valid. Case files (inputs and references) are copied as they are. The manifest's
weight_dtypes, byte sizes and sha256 sums are rewritten to match.

usage: golden-dtype-variant.py DEST [DEFAULT_SOURCE]
The source is $HYPERLORA_GOLDEN_DIR when set, else DEFAULT_SOURCE, else ../shared/golden beside
the repository.
Exit 77 when there is no source set (1 under CI=true), as the parity tests do.
"""
import hashlib
import json
import os
import shutil
import struct
import sys

import safetensors_file

def swapped(dtype, raw):
    """The tensor's bytes in the other float dtype, or None to keep it as it is."""
    if dtype == "F16":
        values = struct.unpack("<%de" % (len(raw) // 2), raw)
        return "F32", struct.pack("<%df" % len(values), *values)
    if dtype == "F32":
        values = struct.unpack("<%df" % (len(raw) // 4), raw)
        try:
            half = struct.pack("<%de" % len(values), *values)
        except OverflowError:
            return None
        if struct.unpack("<%de" % len(values), half) != values:
            return None
        return "F16", half
    return None


def rewrite(path):
    """Swaps the float dtype of every tensor in one safetensors file; returns (swapped, kept)."""
    with open(path, "rb") as f:
        blob = f.read()
    (header_len,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + header_len])
    data = blob[8 + header_len:]
    metadata = header.pop("__metadata__", None)
    tensors, done, kept = [], 0, 0
    for name, entry in header.items():
        begin, end = entry["data_offsets"]
        dtype, raw = entry["dtype"], data[begin:end]
        other = swapped(dtype, raw)
        if other:
            (dtype, raw), done = other, done + 1
        elif dtype in ("F16", "F32"):
            kept += 1
        tensors.append((name, dtype, entry["shape"], raw))
    safetensors_file.write(path, tensors, metadata)
    return done, kept


def source_dir(args):
    env = os.environ.get("HYPERLORA_GOLDEN_DIR")
    if env:
        return env
    if len(args) > 1:
        return args[1]
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.join(here, "..", "..", "shared", "golden")


def main(args):
    if not args:
        sys.exit(__doc__)
    dest, src = args[0], source_dir(args)
    shutil.rmtree(dest, ignore_errors=True)
    if not os.path.isfile(os.path.join(src, "manifest.json")):
        in_ci = os.environ.get("CI") == "true"
        print("%s: no golden reference set at %s" % ("FAIL" if in_ci else "SKIPPED", src))
        return 1 if in_ci else 77
    shutil.copytree(src, dest, copy_function=shutil.copyfile)
    for root, _, _ in os.walk(dest):
        os.chmod(root, 0o755)  # copytree keeps the source's read-only folder modes
    manifest_path = os.path.join(dest, "manifest.json")
    with open(manifest_path) as f:
        manifest = json.load(f)
    total_done = total_kept = 0
    for rel in manifest["files"]:
        if rel.endswith(".safetensors") and not rel.startswith("cases/"):
            done, kept = rewrite(os.path.join(dest, rel))
            total_done, total_kept = total_done + done, total_kept + kept
            print("%s: %d tensors swapped, %d kept (not exact in float16)" % (rel, done, kept))
    swap = {"float16": "float32", "float32": "float16"}
    manifest["weight_dtypes"] = {k: swap.get(v, v) for k, v in manifest["weight_dtypes"].items()}
    for rel, info in manifest["files"].items():
        path = os.path.join(dest, rel)
        if os.path.isfile(path):
            with open(path, "rb") as f:
                blob = f.read()
            info["bytes"], info["sha256"] = len(blob), hashlib.sha256(blob).hexdigest()
    manifest["total_bytes"] = sum(info["bytes"] for info in manifest["files"].values())
    with open(manifest_path, "w") as f:
        json.dump(manifest, f, indent=1)
    print("%s: %d weight tensors swapped, %d kept" % (dest, total_done, total_kept))
    if total_done == 0:
        print("FAIL: no weight tensor could be swapped")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
