"""Writes a safetensors file from raw tensor bytes, for the reference-data scripts."""
import json
import os
import struct

ITEM_SIZE = {"F64": 8, "I64": 8, "U64": 8, "F32": 4, "I32": 4, "U32": 4,
             "F16": 2, "BF16": 2, "I16": 2, "U16": 2, "I8": 1, "U8": 1, "BOOL": 1}


def write(path, tensors, metadata=None):
    """tensors: (name, dtype, shape, raw bytes) in any order. They are laid out as the safetensors
    writer does (widest element first, then by name): every offset aligned and no gaps, which
    readers require. Written to a temporary file, then renamed."""
    header, parts, offset = {}, [], 0
    for name, dtype, shape, raw in sorted(tensors, key=lambda t: (-ITEM_SIZE.get(t[1], 1), t[0])):
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + len(raw)]}
        parts.append(raw)
        offset += len(raw)
    if metadata is not None:
        header["__metadata__"] = metadata
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(parts))
    os.replace(tmp, path)
