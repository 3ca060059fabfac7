#!/usr/bin/env python3
"""Writes the union ControlNet reference of tests/parity/test_controlnet_union.cpp.

A tiny diffusers ControlNetUnionModel (xinsir union/ProMax layout: task embedding, control type
embedding, fusion transformer) with every parameter drawn from its name (the test draws the same
weights, so none are committed), its config.json, and cases.safetensors with the inputs and outputs of: one control image (batch 2, scaled
residuals) and two fused control images (per-image scales). diffusers comes from a source tree,
0.35 or later (earlier releases scaled a single image inside the fusion, not its residuals), e.g.

  DIFFUSERS_REF=v0.35.0 HF_HUB_REF=v0.34.0 scripts/diffusers-env.sh DIFFUSERS_GIT HF_HUB_GIT /tmp/denv
  PYTHONPATH=/tmp/denv/site python3 scripts/make-union-reference.py tests/data/controlnet_union
"""
import json
import math
import os
import sys

import torch

import safetensors_file

# diffusers 0.35 names dtypes and registers custom ops that Debian 12's PyTorch 1.13 lacks;
# none of them is used by this model.
for _n in ["float8_e4m3fn", "float8_e5m2"] + [f"uint{i}" for i in range(1, 65)] + [f"int{i}" for i in range(1, 8)]:
    if not hasattr(torch, _n):
        setattr(torch, _n, torch.float16)


class _UnusedOp:
    def __init__(self, fn):
        self.fn = fn

    def __call__(self, *args, **kwargs):
        return self.fn(*args, **kwargs)

    def register_fake(self, fn):
        return fn


if not hasattr(torch.library, "custom_op"):
    torch.library.custom_op = lambda *a, **k: _UnusedOp
if not hasattr(torch.library, "register_fake"):
    torch.library.register_fake = lambda *a, **k: (lambda fn: fn)

from diffusers.models.controlnets.controlnet_union import ControlNetUnionModel  # noqa: E402

M64 = (1 << 64) - 1
DTYPES = {torch.float32: "F32", torch.uint8: "U8", torch.int64: "I64"}


def draws(name, n):
    """n normals from the tensor's own name, as test_controlnet_union.cpp draws them: splitmix64
    seeded by FNV-1a of the name, Box-Muller (the cosine half)."""
    h = 0xCBF29CE484222325
    for b in name.encode():
        h = ((h ^ b) * 0x100000001B3) & M64
    out = []
    for _ in range(n):
        u = []
        for _ in range(2):
            h = (h + 0x9E3779B97F4A7C15) & M64
            z = h
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
            z ^= z >> 31
            u.append(((z >> 11) + 0.5) / 9007199254740992.0)
        out.append(math.sqrt(-2.0 * math.log(u[0])) * math.cos(6.283185307179586 * u[1]))
    return out


def randomise(model):
    """Every parameter from its name (the test makes the same weights instead of reading them):
    matrices and convolutions scaled by 1/sqrt(fan in), 1-d weights 1 + 0.1 n, biases 0.1 n."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            n = torch.tensor(draws(name, p.numel()), dtype=torch.float64).reshape(p.shape)
            if p.dim() > 1:
                scale = 1.0 if name == "task_embedding" else 1.0 / math.sqrt(p.numel() // p.shape[0])
                p.copy_(n * scale)
            elif name.endswith(".weight"):
                p.copy_(1.0 + 0.1 * n)
            else:
                p.copy_(0.1 * n)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "tests/data/controlnet_union"
    os.makedirs(out, exist_ok=True)
    gen = torch.Generator().manual_seed(20261203)
    model = ControlNetUnionModel(
        in_channels=4,
        block_out_channels=(16, 32),
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
        layers_per_block=1,
        attention_head_dim=(2, 4),
        transformer_layers_per_block=(1, 1),
        cross_attention_dim=16,
        norm_num_groups=8,
        use_linear_projection=True,
        addition_embed_type="text_time",
        addition_time_embed_dim=8,
        projection_class_embeddings_input_dim=20 + 6 * 8,
        conditioning_embedding_out_channels=(4, 4, 8, 8),
        num_control_type=8,
        num_trans_channel=16,
        num_trans_head=8,
        num_trans_layer=2,
        num_proj_channel=16,
    ).eval()
    randomise(model)
    config = {k: (list(v) if isinstance(v, tuple) else v) for k, v in dict(model.config).items() if not k.startswith("_")}
    config["_class_name"] = "ControlNetUnionModel"
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(config, f, indent=2, sort_keys=True)

    taps = {}
    model.control_add_embedding.register_forward_hook(lambda m, i, o: taps.__setitem__("control_add_embedding", o))
    model.transformer_layes[-1].register_forward_hook(lambda m, i, o: taps.__setitem__("transformer_layes", o))

    B, h, w = 2, 8, 8
    tensors = {
        "input.sample": torch.randn(B, 4, h, w, generator=gen),
        "input.timestep": torch.tensor([537.0]),
        "input.encoder_hidden_states": torch.randn(B, 5, 16, generator=gen),
        "input.text_embeds": torch.randn(B, 20, generator=gen),
        "input.time_ids": torch.tensor([[64.0, 64.0, 0.0, 0.0, 64.0, 64.0]] * B),
    }
    cases = {"single": ([3], [0.8]), "fused": ([0, 1], [0.6, 1.1])}
    for i in range(2):
        tensors[f"input.image{i}_hwc_uint8"] = torch.randint(0, 256, (h * 8, w * 8, 3), generator=gen, dtype=torch.uint8)
    for case, (types, scales) in cases.items():
        images = [tensors[f"input.image{i}_hwc_uint8"].permute(2, 0, 1)[None].float().div(255).expand(B, -1, -1, -1) for i in range(len(types))]
        control_type = torch.zeros(B, 8)
        for t in types:
            control_type[:, t] = 1
        tensors[f"{case}.control_types"] = torch.tensor(types, dtype=torch.int64)
        tensors[f"{case}.scales"] = torch.tensor(scales, dtype=torch.float32)
        with torch.no_grad():
            down, mid = model(
                tensors["input.sample"], tensors["input.timestep"], tensors["input.encoder_hidden_states"],
                controlnet_cond=images, control_type=control_type, control_type_idx=types,
                conditioning_scale=scales if len(scales) > 1 else scales[0],
                added_cond_kwargs={"text_embeds": tensors["input.text_embeds"], "time_ids": tensors["input.time_ids"]},
                return_dict=False)
        for j, d in enumerate(down):
            tensors[f"{case}.output.down_block_res_samples.{j}"] = d
        tensors[f"{case}.output.mid_block_res_sample"] = mid
        for k, v in taps.items():
            tensors[f"{case}.intermediate.{k}"] = v
    safetensors_file.write(os.path.join(out, "cases.safetensors"),
                           [(name, DTYPES[t.dtype], t.shape, t.detach().contiguous().cpu().numpy().tobytes())
                            for name, t in tensors.items()])
    print(f"wrote {out}: {len(tensors)} tensors, {len(down)} residuals per case")


if __name__ == "__main__":
    main()
