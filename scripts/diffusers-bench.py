#!/usr/bin/env python3
"""The workload of `hyperlora-bench --image` and `--unet-only`, run in diffusers, for A/B timing.

Random full-size SDXL weights drawn the way the engine's benchmark draws them (every Linear and
Conv2d weight and bias N(0, 0.02), norms at identity), fixed token ids instead of a tokenizer (no
files are needed), the two CLIP text encoders when transformers is importable, DPM++ 2M with CFG
as a batch of two, and the VAE decoder in the run's dtype (fp32 beside CUDA fp16), as the engine places it.

diffusers is not a dependency of the project: point --src (or DIFFUSERS_SRC) at a diffusers
source tree of your own. Every figure is printed on a line that starts with "diffusers".
"""
import argparse
import contextlib
import os
import sys
import time


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--src", default=os.environ.get("DIFFUSERS_SRC", ""), help="diffusers source tree (its src/ or the tree above)")
    p.add_argument("--device", default="cpu")
    p.add_argument("--dtype", default="fp32", choices=["fp32", "bf16", "fp16"])
    p.add_argument("--size", type=int, action="append", help="image size in pixels (repeatable; default 512)")
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--cfg", type=float, default=5.0)
    p.add_argument("--images", type=int, default=1, help="timed images; the first is the one right after loading")
    p.add_argument("--unet-only", action="store_true", help="seconds per UNet evaluation instead of whole images")
    p.add_argument("--latents", default="32,64", help="--unet-only: latent sizes")
    p.add_argument("--batches", default="1,2", help="--unet-only: batch sizes")
    p.add_argument("--repeats", type=int, default=3, help="--unet-only: timed evaluations after one warm-up")
    p.add_argument("--threads", type=int, default=0, help="CPU intra-op threads (0: 1 for fp32 with OpenBLAS on all cores, all cores for bf16)")
    return p.parse_args()


ARGS = parse_args()
CORES = os.cpu_count() or 1
if ARGS.device == "cpu" and ARGS.dtype == "fp32":
    os.environ.setdefault("OPENBLAS_NUM_THREADS", str(CORES))  # before torch starts OpenBLAS
if ARGS.src:
    src = os.path.join(ARGS.src, "src") if os.path.isdir(os.path.join(ARGS.src, "src", "diffusers")) else ARGS.src
    sys.path.insert(0, src)

try:
    import torch  # noqa: E402
except Exception as e:
    print(f"diffusers-bench: no PyTorch in this Python ({type(e).__name__}: {e})", file=sys.stderr)
    sys.exit(3)

try:
    import diffusers  # noqa: E402
    from diffusers import AutoencoderKL, DPMSolverMultistepScheduler, UNet2DConditionModel  # noqa: E402
except Exception as e:  # reported, so that a caller's other figures stand
    print(f"diffusers import failed: {type(e).__name__}: {e}", file=sys.stderr)
    sys.exit(3)

DTYPES = {"fp32": torch.float32, "bf16": torch.bfloat16, "fp16": torch.float16}
DEV = torch.device(ARGS.device)
DT = DTYPES[ARGS.dtype]
if DEV.type == "cpu":
    torch.set_num_threads(ARGS.threads or (1 if ARGS.dtype == "fp32" else CORES))

UNET = dict(sample_size=128, in_channels=4, out_channels=4, layers_per_block=2,
            down_block_types=("DownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D"),
            up_block_types=("CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "UpBlock2D"),
            block_out_channels=(320, 640, 1280), transformer_layers_per_block=(1, 2, 10),
            attention_head_dim=(5, 10, 20), cross_attention_dim=2048, use_linear_projection=True,
            addition_embed_type="text_time", addition_time_embed_dim=256,
            projection_class_embeddings_input_dim=2816, norm_num_groups=32)
VAE = dict(in_channels=3, out_channels=3, latent_channels=4, layers_per_block=2, sample_size=1024,
           block_out_channels=(128, 256, 512, 512), down_block_types=("DownEncoderBlock2D",) * 4,
           up_block_types=("UpDecoderBlock2D",) * 4, scaling_factor=0.13025)


def sync():
    if DEV.type == "cuda":
        torch.cuda.synchronize()


def randomize(module, gen):
    """Linear/Conv2d weights and biases N(0, 0.02), embeddings too; norms at identity."""
    with torch.no_grad():
        for m in module.modules():
            if isinstance(m, (torch.nn.Linear, torch.nn.Conv2d, torch.nn.Embedding)):
                m.weight.normal_(0.0, 0.02, generator=gen)
                if getattr(m, "bias", None) is not None:
                    m.bias.normal_(0.0, 0.02, generator=gen)
            elif isinstance(m, (torch.nn.GroupNorm, torch.nn.LayerNorm)) and m.weight is not None:
                m.weight.fill_(1.0)
                m.bias.fill_(0.0)
    return module


def peak_gib():
    if DEV.type == "cuda":
        return torch.cuda.max_memory_allocated() / 2**30
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def text_encoders(gen):
    try:
        from transformers import CLIPTextConfig, CLIPTextModel, CLIPTextModelWithProjection
    except Exception as e:
        print(f"diffusers note: no transformers ({type(e).__name__}); text encoding not timed, random embeddings")
        return None
    common = dict(vocab_size=49408, max_position_embeddings=77)
    l = CLIPTextConfig(hidden_size=768, intermediate_size=3072, num_hidden_layers=12, num_attention_heads=12,
                       hidden_act="quick_gelu", **common)
    g = CLIPTextConfig(hidden_size=1280, intermediate_size=5120, num_hidden_layers=32, num_attention_heads=20,
                       hidden_act="gelu", projection_dim=1280, **common)
    try:  # a transformers release whose CLIP API moved costs the text timing, not the run
        te1 = randomize(CLIPTextModel(l), gen).to(DEV, DT).eval()
        te2 = randomize(CLIPTextModelWithProjection(g), gen).to(DEV, DT).eval()
        encode((te1, te2), 1)
    except Exception as e:
        print(f"diffusers note: the text encoders failed ({type(e).__name__}: {e}); text encoding not timed, "
              "random embeddings")
        return None
    return te1, te2


def encode(tes, batch):
    """SDXL's conditioning: both encoders' penultimate states concatenated, bigG's pooled projection."""
    if tes is None:
        return (torch.randn(batch, 77, 2048, device=DEV, dtype=DT), torch.randn(batch, 1280, device=DEV, dtype=DT))
    ids = torch.randint(1, 49000, (batch, 77), device=DEV)
    ids[:, 0], ids[:, -1] = 49406, 49407
    a = tes[0](ids, output_hidden_states=True)
    b = tes[1](ids, output_hidden_states=True)
    return torch.cat([a.hidden_states[-2], b.hidden_states[-2]], dim=-1), b.text_embeds


def build():
    # On a GPU the weights are made and drawn there (torch >= 2 places new modules under a device
    # context), not drawn on the host and uploaded.
    on_device = DEV.type == "cuda" and hasattr(torch.device, "__enter__")
    gen = torch.Generator(device=DEV if on_device else "cpu").manual_seed(1)
    t = time.perf_counter()
    with DEV if on_device else contextlib.nullcontext():
        unet = randomize(UNet2DConditionModel(**UNET), gen).to(DEV, DT).eval()
        # As the engine places it: fp32 beside fp16 on CUDA (SDXL's VAE overflows in fp16), else the run's dtype.
        vae_dt = torch.float32 if (DEV.type == "cuda" and DT == torch.float16) else DT
        vae = randomize(AutoencoderKL(**VAE), gen).to(DEV, vae_dt).eval()
        tes = text_encoders(gen)
    sync()
    if DEV.type == "cuda":  # the fp32 weights made before the cast are not the run's memory
        torch.cuda.empty_cache()
        torch.cuda.reset_peak_memory_stats()
    proc = type(next(iter(unet.attn_processors.values()))).__name__
    print(f"diffusers {diffusers.__version__} torch {torch.__version__} on {DEV} {ARGS.dtype}, attention {proc}, "
          f"{torch.get_num_threads()} threads, OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '')}")
    print(f"diffusers load s {time.perf_counter() - t:.1f}")
    return unet, vae, tes


def image(unet, vae, tes, size, seed):
    sched = DPMSolverMultistepScheduler(num_train_timesteps=1000, beta_start=0.00085, beta_end=0.012,
                                        beta_schedule="scaled_linear", algorithm_type="dpmsolver++", solver_order=2)
    sched.set_timesteps(ARGS.steps, device=DEV)
    cfg = ARGS.cfg > 1.0
    t0 = time.perf_counter()
    ctx, pooled = encode(tes, 2 if cfg else 1)
    sync()
    t_text = time.perf_counter() - t0
    g = torch.Generator().manual_seed(seed)
    lat = (torch.randn(1, 4, size // 8, size // 8, generator=g) * sched.init_noise_sigma).to(DEV, DT)
    time_ids = torch.tensor([[size, size, 0, 0, size, size]] * ctx.shape[0], device=DEV, dtype=DT)
    # On a GPU the loop runs as a pipeline runs it, without waiting for each step, and its steps
    # are timed as a whole; elsewhere each step is timed on its own.
    per_step = DEV.type != "cuda"
    steps = []
    l0 = time.perf_counter()
    for t in sched.timesteps:
        s0 = time.perf_counter()
        x = torch.cat([lat] * 2) if cfg else lat
        x = sched.scale_model_input(x, t)
        eps = unet(x, t, encoder_hidden_states=ctx,
                   added_cond_kwargs={"text_embeds": pooled, "time_ids": time_ids}).sample
        if cfg:
            neg, pos = eps.chunk(2)
            eps = neg + ARGS.cfg * (pos - neg)
        lat = sched.step(eps, t, lat).prev_sample
        if per_step:
            sync()
            steps.append(time.perf_counter() - s0)
    if not per_step:
        sync()
        steps = [(time.perf_counter() - l0) / len(sched.timesteps)] * len(sched.timesteps)
    d0 = time.perf_counter()
    z = lat.to(next(vae.parameters()).dtype) / VAE["scaling_factor"]
    img = vae.decode(z).sample
    sync()
    t_decode = time.perf_counter() - d0
    assert torch.isfinite(img.float()).all(), "the decoded image is not finite"
    return t_text, steps, t_decode, time.perf_counter() - t0


def images(unet, vae, tes):
    for size in ARGS.size or [512]:
        best, first = 1e30, 0.0
        for i in range(max(1, ARGS.images)):
            text, steps, decode, whole = image(unet, vae, tes, size, i)
            first = whole if i == 0 else first
            best = min(best, whole)
        med = sorted(steps)[len(steps) // 2]
        how = "median" if DEV.type != "cuda" else "mean"
        print(f"diffusers size {size} text s {text:.2f} step s ({how}) {med:.3f} decode s {decode:.2f} "
              f"first s {first:.2f} image s {best:.2f} peak GiB {peak_gib():.2f}")
        print(f"diffusers image s {best:.3f}")


def unet_only(unet):
    for lat in [int(v) for v in ARGS.latents.split(",")]:
        for b in [int(v) for v in ARGS.batches.split(",")]:
            g = torch.Generator().manual_seed(1)
            x = torch.randn(b, 4, lat, lat, generator=g).to(DEV, DT)
            ctx = torch.randn(b, 77, 2048, generator=g).to(DEV, DT)
            kw = {"text_embeds": torch.randn(b, 1280, generator=g).to(DEV, DT),
                  "time_ids": torch.full((b, 6), float(lat * 8)).to(DEV, DT)}
            t = torch.full((b,), 500.0).to(DEV)
            runs = []
            for r in range(ARGS.repeats + 1):
                s0 = time.perf_counter()
                out = unet(x, t, encoder_hidden_states=ctx, added_cond_kwargs=kw).sample
                sync()
                if r:
                    runs.append(time.perf_counter() - s0)
            assert torch.isfinite(out.float()).all()
            runs.sort()
            print(f"diffusers unet {ARGS.dtype} latent {lat}x{lat} batch {b} best s {runs[0]:.3f} "
                  f"median s {runs[len(runs) // 2]:.3f} runs {' '.join(f'{v:.3f}' for v in runs)}")


def main():
    with torch.inference_mode():
        unet, vae, tes = build()
        if ARGS.unet_only:
            unet_only(unet)
        else:
            images(unet, vae, tes)
    print(f"diffusers peak GiB {peak_gib():.2f}")


if __name__ == "__main__":
    main()
