#!/usr/bin/python3
"""Golden values for the sequence-model layers, computed with real PyTorch 1.13.

Regenerate (Debian's python has torch 1.13; the pyenv python first on PATH does not):

    cd nn/src/test/resources/golden && /usr/bin/python3 make_seq_golden.py

It writes, next to this script:
    seq_golden.json         RNN/LSTM/GRU (packed sequences included), LSTMCell/GRUCell, scaled dot-product
                            attention, MultiheadAttention, Transformer encoder/decoder layers and encoder:
                            outputs and the gradients of every input and parameter for fixed upstream
                            gradients; default initialisation after torch.manual_seed; the expected output
                            of the model stored in seq_model.safetensors
    seq_model.safetensors   the state dict of SeqNet (below; SeqNet.java in the nn tests is the same
                            model), written by hand as make_nn_golden.py does

A replay case is {"id", "spec", "train", "state", "args", "opts", "diff", "outs", "gouts", "gin", "gp"}:
the module (built from spec, parameters set to the explicit, seeded values of "state") is called with the
tensors of "args" and the plain options of "opts"; "outs" are its outputs; the backward pass starts from
sum over outputs of (out * gouts[out]); "gin" holds the gradients of the args named in "diff", "gp" those
of every parameter. SeqGoldenTest.java gives each spec and option the same meaning.

The Transformer cases run in train mode with dropout 0: the reference is the plain math, never the
eval-mode fast paths (nested tensors, fused kernels) of PyTorch 1.13.
"""
import json
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from make_nn_golden import dump, enc, gen, write_safetensors  # noqa: E402

torch.set_num_threads(1)

NEG_INF = float("-inf")

# =================================================================================================
# Module specs (read by SeqGoldenTest.build with the same meaning)
# =================================================================================================


def build(s):
    t = s["type"]
    if t in ("RNN", "LSTM", "GRU"):
        kw = dict(num_layers=s["num_layers"], bias=s["bias"], batch_first=s["batch_first"], dropout=s["dropout"],
                  bidirectional=s["bidirectional"])
        if t == "RNN":
            return nn.RNN(s["input_size"], s["hidden_size"], nonlinearity=s["nonlinearity"], **kw)
        return getattr(nn, t)(s["input_size"], s["hidden_size"], **kw)
    if t in ("LSTMCell", "GRUCell"):
        return getattr(nn, t)(s["input_size"], s["hidden_size"], bias=s["bias"])
    if t == "MultiheadAttention":
        return nn.MultiheadAttention(s["embed_dim"], s["num_heads"], dropout=s["dropout"], bias=s["bias"],
                                     kdim=s["kdim"], vdim=s["vdim"], batch_first=s["batch_first"])
    if t == "TransformerEncoderLayer":
        return nn.TransformerEncoderLayer(s["d_model"], s["nhead"], s["dim_feedforward"], s["dropout"],
                                          s["activation"], s["layer_norm_eps"], s["batch_first"], s["norm_first"])
    if t == "TransformerDecoderLayer":
        return nn.TransformerDecoderLayer(s["d_model"], s["nhead"], s["dim_feedforward"], s["dropout"],
                                          s["activation"], s["layer_norm_eps"], s["batch_first"], s["norm_first"])
    if t == "TransformerEncoder":
        layer = build(s["layer"])
        norm = nn.LayerNorm(s["layer"]["d_model"], eps=s["norm_eps"]) if s["norm_eps"] is not None else None
        return nn.TransformerEncoder(layer, s["num_layers"], norm=norm, enable_nested_tensor=False)
    if t == "Linear":
        return nn.Linear(s["in"], s["out"], bias=s["bias"])
    if t == "SDPA":
        return None
    raise ValueError(t)


def rnn_spec(t, i, h, layers=1, bias=True, batch_first=False, dropout=0.0, bidirectional=False, nonlinearity="tanh"):
    return {"type": t, "input_size": i, "hidden_size": h, "num_layers": layers, "bias": bias,
            "batch_first": batch_first, "dropout": dropout, "bidirectional": bidirectional,
            "nonlinearity": nonlinearity}


def mha_spec(e, heads, bias=True, kdim=None, vdim=None, batch_first=False, dropout=0.0):
    return {"type": "MultiheadAttention", "embed_dim": e, "num_heads": heads, "dropout": dropout, "bias": bias,
            "kdim": e if kdim is None else kdim, "vdim": e if vdim is None else vdim, "batch_first": batch_first}


def layer_spec(t, d, heads, ff, activation="relu", eps=1e-5, batch_first=False, norm_first=False, dropout=0.0):
    return {"type": t, "d_model": d, "nhead": heads, "dim_feedforward": ff, "dropout": dropout,
            "activation": activation, "layer_norm_eps": eps, "batch_first": batch_first, "norm_first": norm_first}


# =================================================================================================
# Replay cases
# =================================================================================================

CASES = []


def grid(t):
    """Inputs and parameters on a grid of 1/64: exact in float32 and short in JSON."""
    return torch.round(t * 64) / 64


def set_params(m, g):
    with torch.no_grad():
        for name, p in m.named_parameters():
            parts = name.split(".")
            base = 1.0 if len(parts) > 1 and parts[-2].startswith("norm") and parts[-1] == "weight" else 0.0
            p.copy_(grid(torch.randn(p.shape, generator=g) * 0.5 + base))


def record(cid, spec, m, g, args, opts, diff, run, seed=None):
    """Runs `run(m, args, opts)` -> dict of outputs, backward from random upstream gradients, records.

    Inputs and parameters are float32 values (on the 1/64 grid); the computation runs in float64 and
    its results are stored rounded to float32: the exact answer for these float32 inputs, which
    float32 PyTorch itself misses by more than rtol 1e-5 / atol 1e-6 where LayerNorm and softmax
    backward cancel (up to 8x in the Transformer cases).

    With a seed (dropout in training): torch.manual_seed(seed) right before the call, and the whole
    case in float32, so that the dropout masks are the ones PyTorch draws for float32 tensors."""
    args = {k: grid(v) if v.is_floating_point() else v for k, v in args.items()}
    state = {} if m is None else {k: enc(v) for k, v in m.state_dict().items()}
    dtype = torch.float64 if seed is None else torch.float32
    if m is not None:
        m.to(dtype)
    run_args = {k: v.to(dtype) if v.is_floating_point() else v for k, v in args.items()}
    for k in diff:
        run_args[k].requires_grad_()
    if seed is not None:
        torch.manual_seed(seed)
    outs = run(m, run_args, opts)
    outs = {k: v for k, v in outs.items() if v is not None}
    gouts = {k: grid(torch.randn(v.shape, generator=g)) for k, v in outs.items()}
    torch.autograd.backward(list(outs.values()), [v.to(dtype) for v in gouts.values()])
    CASES.append({
        "id": cid, "spec": spec, "train": True if m is None else m.training, "seed": seed, "state": state,
        "args": {k: enc(v) for k, v in args.items()}, "opts": opts, "diff": diff,
        "outs": {k: enc(v.float()) for k, v in outs.items()}, "gouts": {k: enc(v) for k, v in gouts.items()},
        "gin": {k: enc(run_args[k].grad.float()) for k in diff},
        "gp": {} if m is None else {k: enc(p.grad.float()) for k, p in m.named_parameters()},
    })


def run_rnn(m, a, o):
    x = a["x"]
    hx = a.get("h0")
    if "c0" in a:
        hx = (a["h0"], a["c0"])
    lengths = o.get("lengths")
    if lengths is not None:
        packed = nn.utils.rnn.pack_padded_sequence(x, torch.tensor(lengths), batch_first=m.batch_first,
                                                   enforce_sorted=False)
        out, state = m(packed, hx)
        steps = x.shape[1 if m.batch_first else 0]
        out, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=m.batch_first, total_length=steps)
    else:
        out, state = m(x, hx)
    h, c = state if isinstance(state, tuple) else (state, None)
    return {"output": out, "h_n": h, "c_n": c}


def rnn_case(cid, spec, steps, batch, h0=False, lengths=None, train=True, seed=None):
    """batch None: unbatched input [T, I] (and state [L*D, H])."""
    g = gen(cid)
    m = build(spec)
    set_params(m, g)
    m.train(train)
    dirs = 2 if spec["bidirectional"] else 1
    if batch is None:
        shape = [steps, spec["input_size"]]
        sshape = [spec["num_layers"] * dirs, spec["hidden_size"]]
    else:
        shape = [batch, steps, spec["input_size"]] if spec["batch_first"] else [steps, batch, spec["input_size"]]
        sshape = [spec["num_layers"] * dirs, batch, spec["hidden_size"]]
    args = {"x": torch.randn(shape, generator=g)}
    if h0:
        args["h0"] = torch.randn(sshape, generator=g) * 0.5
        if spec["type"] == "LSTM":
            args["c0"] = torch.randn(sshape, generator=g) * 0.5
    opts = {"lengths": lengths}
    record(cid, spec, m, g, args, opts, list(args), run_rnn, seed)


def make_rnn():
    for kind, nl in (("RNN", "tanh"), ("RNN", "relu"), ("LSTM", None), ("GRU", None)):
        p = kind.lower() + ("_" + nl if nl else "")
        kw = {"nonlinearity": nl} if nl else {}

        def s(**more):
            return rnn_spec(kind, 3, 3, **dict(kw, **more))

        rnn_case(f"{p}/one_layer", s(), 5, 2)
        rnn_case(f"{p}/two_layers_bidirectional_batch_first_state", s(layers=2, bidirectional=True, batch_first=True),
                 4, 2, h0=True)
        rnn_case(f"{p}/lengths_bidirectional_two_layers_state", s(layers=2, bidirectional=True), 5, 3, h0=True,
                 lengths=[2, 5, 4])
        if nl == "relu":
            continue  # the cell differs from tanh only in the nonlinearity: fewer configurations
        rnn_case(f"{p}/no_bias_batch_first_state", s(bias=False, batch_first=True), 4, 3, h0=True)
        rnn_case(f"{p}/unbatched", s(layers=2), 4, None)
        rnn_case(f"{p}/unbatched_bidirectional_state", s(bidirectional=True), 4, None, h0=True)
        # dropout between layers is the identity in eval mode (dropout 0 in train mode is covered above)
        rnn_case(f"{p}/dropout_eval", s(layers=2, dropout=0.5), 4, 2, h0=True, train=False)
        # packed sequences: pack_padded_sequence(enforce_sorted=False) + pad_packed_sequence
        rnn_case(f"{p}/lengths_two_layers", s(layers=2), 5, 3, lengths=[3, 5, 1])
        rnn_case(f"{p}/lengths_batch_first_bidirectional", s(bidirectional=True, batch_first=True), 4, 3,
                 lengths=[4, 1, 3])
        rnn_case(f"{p}/lengths_all_short", s(bidirectional=True), 5, 2, lengths=[3, 2])
        if kind != "RNN":
            # 40 steps: back-propagation through a longer recurrence, one row stopping half way
            rnn_case(f"{p}/long_sequence_lengths", s(bidirectional=True), 40, 2, h0=True, lengths=[40, 23])


def run_cell(m, a, o):
    if isinstance(m, nn.LSTMCell):
        h, c = m(a["x"], (a["h"], a["c"]) if "h" in a else None)
        return {"h": h, "c": c}
    return {"h": m(a["x"], a.get("h"))}


def cell_case(cid, spec, batch, state):
    g = gen(cid)
    m = build(spec)
    set_params(m, g)
    lead = [] if batch is None else [batch]
    args = {"x": torch.randn(lead + [spec["input_size"]], generator=g)}
    if state:
        args["h"] = torch.randn(lead + [spec["hidden_size"]], generator=g) * 0.5
        if spec["type"] == "LSTMCell":
            args["c"] = torch.randn(lead + [spec["hidden_size"]], generator=g) * 0.5
    record(cid, spec, m, g, args, {}, list(args), run_cell)


def make_cells():
    for t in ("LSTMCell", "GRUCell"):
        p = t.lower()
        spec = {"type": t, "input_size": 4, "hidden_size": 3, "bias": True}
        cell_case(f"{p}/batched_state", spec, 3, True)
        cell_case(f"{p}/batched_zero_state", spec, 2, False)
        cell_case(f"{p}/unbatched_state", spec, None, True)
        cell_case(f"{p}/unbatched_zero_state", spec, None, False)
        cell_case(f"{p}/no_bias", dict(spec, bias=False), 2, True)


def sdpa_reference(q, k, v, mask, is_causal, scale):
    """softmax(q k^T * scale + bias) v, bias from a boolean mask (True = may attend) or a float mask."""
    s = 1.0 / (q.shape[-1] ** 0.5) if scale is None else scale
    scores = q @ k.transpose(-2, -1) * s
    if is_causal:
        allowed = torch.ones(q.shape[-2], k.shape[-2], dtype=torch.bool).tril()
        scores = scores + torch.zeros(allowed.shape, dtype=q.dtype).masked_fill(~allowed, NEG_INF)
    elif mask is not None:
        if mask.dtype == torch.bool:
            mask = torch.zeros(mask.shape, dtype=q.dtype).masked_fill(~mask, NEG_INF)
        scores = scores + mask
    return torch.softmax(scores, -1) @ v


def run_sdpa(m, a, o):
    out = sdpa_reference(a["q"], a["k"], a["v"], a.get("mask"), o["is_causal"], o["scale"])
    if o["scale"] is None and (a.get("mask") is None or a["mask"].dtype == torch.bool):
        # The same convention as PyTorch's own kernel (1.13: torch.nn.functional._scaled_dot_product_attention)
        ref, _ = F._scaled_dot_product_attention(a["q"], a["k"], a["v"], a.get("mask"), 0.0, False, o["is_causal"])
        assert torch.allclose(out, ref, rtol=1e-12, atol=1e-14), "the reference formula differs from torch's kernel"
    return {"out": out}


def sdpa_case(cid, lead, l, s, e, ev, mask=None, is_causal=False, scale=None, mask_grad=False):
    g = gen(cid)
    args = {"q": torch.randn(lead + [l, e], generator=g), "k": torch.randn(lead + [s, e], generator=g),
            "v": torch.randn(lead + [s, ev], generator=g)}
    if mask is not None:
        args["mask"] = mask
    diff = ["q", "k", "v"] + (["mask"] if mask_grad else [])
    record(cid, {"type": "SDPA"}, None, g, args, {"is_causal": is_causal, "scale": scale}, diff, run_sdpa)


def allowed_mask(g, shape):
    """A random boolean mask with at least one allowed key in every row (no all -inf softmax)."""
    m = torch.rand(shape, generator=g) > 0.4
    m[..., 0] = True
    return m


def make_sdpa():
    g = gen("sdpa-masks")
    sdpa_case("sdpa/no_mask", [2, 2], 3, 5, 4, 3)
    sdpa_case("sdpa/three_d", [3], 4, 2, 5, 2)
    sdpa_case("sdpa/bool_mask", [2, 2], 3, 5, 4, 3, mask=allowed_mask(g, [3, 5]))
    sdpa_case("sdpa/bool_mask_broadcast_batch", [2, 2], 3, 5, 4, 3, mask=allowed_mask(g, [2, 1, 3, 5]))
    sdpa_case("sdpa/float_mask", [2, 2], 3, 5, 4, 3, mask=torch.randn(3, 5, generator=g), mask_grad=True)
    fm = torch.randn(2, 2, 3, 5, generator=g)
    fm[0, 1, 2, 3] = NEG_INF
    sdpa_case("sdpa/float_mask_with_inf", [2, 2], 3, 5, 4, 3, mask=fm)
    sdpa_case("sdpa/causal", [2, 2], 4, 4, 4, 3, is_causal=True)
    sdpa_case("sdpa/causal_three_d", [2], 5, 5, 3, 4, is_causal=True)
    sdpa_case("sdpa/scale", [2], 3, 4, 4, 2, scale=0.3)


def run_mha(m, a, o):
    q = a["query"]
    k = q if o["self_attention"] else a["key"]
    v = q if o["self_attention"] else a["value"]
    out, w = m(q, k, v, key_padding_mask=a.get("key_padding_mask"), need_weights=o["need_weights"],
               attn_mask=a.get("attn_mask"), average_attn_weights=o["average_attn_weights"])
    return {"output": out, "weights": w}


def mha_case(cid, spec, n, l, s, kpm=False, attn_mask=None, need_weights=True, average=True, self_attention=False,
             seed=None):
    """n None: unbatched [L, E]; attn_mask: None, "bool", "float", "bool3d", "float3d"."""
    g = gen(cid)
    m = build(spec)
    set_params(m, g)
    e, kd, vd, heads = spec["embed_dim"], spec["kdim"], spec["vdim"], spec["num_heads"]

    def shape(length, dim):
        if n is None:
            return [length, dim]
        return [n, length, dim] if spec["batch_first"] else [length, n, dim]

    args = {"query": torch.randn(shape(l, e), generator=g)}
    if not self_attention:
        args["key"] = torch.randn(shape(s, kd), generator=g)
        args["value"] = torch.randn(shape(s, vd), generator=g)
    if kpm:
        pad = torch.rand([s] if n is None else [n, s], generator=g) > 0.6
        pad[..., 0] = False
        args["key_padding_mask"] = pad
    lead = [] if attn_mask is None or not attn_mask.endswith("3d") else [(1 if n is None else n) * heads]
    if attn_mask is not None and attn_mask.startswith("bool"):
        am = torch.rand(lead + [l, s], generator=g) > 0.6
        am[..., 0] = False  # true = NOT allowed; keep key 0 (never padding) open for every query
        args["attn_mask"] = am
    elif attn_mask is not None:
        args["attn_mask"] = torch.randn(lead + [l, s], generator=g)
    diff = [k for k in ("query", "key", "value") if k in args]
    opts = {"need_weights": need_weights, "average_attn_weights": average, "self_attention": self_attention}
    record(cid, spec, m, g, args, opts, diff, run_mha, seed)


def make_mha():
    mha_case("mha/seq_first", mha_spec(4, 2), 2, 3, 4)
    mha_case("mha/batch_first", mha_spec(6, 3, batch_first=True), 2, 3, 4)
    mha_case("mha/self_attention", mha_spec(4, 2, batch_first=True), 2, 4, 4, self_attention=True)
    mha_case("mha/kdim_vdim", mha_spec(4, 2, kdim=5, vdim=3), 2, 3, 4)
    mha_case("mha/kdim_vdim_batch_first_masks", mha_spec(4, 2, kdim=3, vdim=5, batch_first=True), 2, 3, 5, kpm=True,
             attn_mask="bool")
    mha_case("mha/key_padding_mask", mha_spec(4, 2), 3, 3, 5, kpm=True)
    mha_case("mha/bool_attn_mask", mha_spec(4, 2), 2, 3, 4, attn_mask="bool")
    mha_case("mha/float_attn_mask", mha_spec(4, 2), 2, 3, 4, attn_mask="float")
    mha_case("mha/bool_attn_mask_3d", mha_spec(6, 3, batch_first=True), 2, 3, 4, attn_mask="bool3d")
    mha_case("mha/float_attn_mask_3d_and_padding", mha_spec(4, 2), 2, 3, 4, kpm=True, attn_mask="float3d")
    mha_case("mha/bool_attn_mask_and_padding", mha_spec(4, 2, batch_first=True), 2, 3, 5, kpm=True, attn_mask="bool")
    mha_case("mha/weights_per_head", mha_spec(4, 2), 2, 3, 4, kpm=True, average=False)
    mha_case("mha/no_weights", mha_spec(4, 2), 2, 3, 4, need_weights=False)
    mha_case("mha/unbatched", mha_spec(4, 2), None, 3, 4)
    mha_case("mha/unbatched_masks_per_head", mha_spec(4, 2), None, 3, 4, kpm=True, attn_mask="bool3d", average=False)
    mha_case("mha/no_bias", mha_spec(4, 2, bias=False), 2, 3, 4, attn_mask="float")
    mha_case("mha/no_bias_kdim", mha_spec(4, 2, bias=False, kdim=6, vdim=6, batch_first=True), 2, 3, 4)


def causal_bool(length):
    return torch.ones(length, length, dtype=torch.bool).triu(1)  # true = NOT allowed


def causal_float(length):
    return torch.zeros(length, length).masked_fill(causal_bool(length), NEG_INF)


def padding(g, n, s):
    pad = torch.rand(n, s, generator=g) > 0.6
    pad[:, 0] = False
    return pad


def run_enc_layer(m, a, o):
    return {"out": m(a["src"], src_mask=a.get("src_mask"), src_key_padding_mask=a.get("src_key_padding_mask"))}


def run_dec_layer(m, a, o):
    return {"out": m(a["tgt"], a["memory"], tgt_mask=a.get("tgt_mask"), memory_mask=a.get("memory_mask"),
                     tgt_key_padding_mask=a.get("tgt_key_padding_mask"),
                     memory_key_padding_mask=a.get("memory_key_padding_mask"))}


def run_encoder(m, a, o):
    return {"out": m(a["src"], mask=a.get("mask"), src_key_padding_mask=a.get("src_key_padding_mask"))}


def seq_shape(spec, n, length):
    d = spec["d_model"] if "d_model" in spec else spec["layer"]["d_model"]
    bf = spec["batch_first"] if "batch_first" in spec else spec["layer"]["batch_first"]
    return [n, length, d] if bf else [length, n, d]


def enc_layer_case(cid, spec, n, length, mask=None, kpm=False, seed=None):
    g = gen(cid)
    m = build(spec)
    set_params(m, g)
    m.train()
    args = {"src": torch.randn(seq_shape(spec, n, length), generator=g)}
    if mask == "causal_bool":
        args["src_mask"] = causal_bool(length)
    elif mask == "float":
        args["src_mask"] = torch.randn(length, length, generator=g)
    elif mask == "causal_float":
        args["src_mask"] = causal_float(length)
    if kpm:
        args["src_key_padding_mask"] = padding(g, n, length)
    record(cid, spec, m, g, args, {}, ["src"], run_enc_layer, seed)


def dec_layer_case(cid, spec, n, t, s, tgt_mask=None, memory_mask=False, tgt_kpm=False, memory_kpm=False):
    g = gen(cid)
    m = build(spec)
    set_params(m, g)
    m.train()
    args = {"tgt": torch.randn(seq_shape(spec, n, t), generator=g),
            "memory": torch.randn(seq_shape(spec, n, s), generator=g)}
    if tgt_mask == "causal_bool":
        args["tgt_mask"] = causal_bool(t)
    elif tgt_mask == "causal_float":
        args["tgt_mask"] = causal_float(t)
    if memory_mask:
        args["memory_mask"] = torch.randn(t, s, generator=g)
    if tgt_kpm:
        args["tgt_key_padding_mask"] = padding(g, n, t)
    if memory_kpm:
        args["memory_key_padding_mask"] = padding(g, n, s)
    record(cid, spec, m, g, args, {}, ["tgt", "memory"], run_dec_layer)


def make_transformer():
    E = "TransformerEncoderLayer"
    D = "TransformerDecoderLayer"
    enc_layer_case("encoder_layer/post_norm_relu", layer_spec(E, 4, 2, 6), 2, 4)
    enc_layer_case("encoder_layer/pre_norm_gelu_batch_first", layer_spec(E, 6, 3, 5, "gelu", batch_first=True,
                                                                         norm_first=True), 2, 3)
    enc_layer_case("encoder_layer/post_norm_masks", layer_spec(E, 4, 2, 6), 3, 4, mask="causal_bool", kpm=True)
    enc_layer_case("encoder_layer/pre_norm_float_mask_padding_batch_first",
                   layer_spec(E, 4, 2, 6, batch_first=True, norm_first=True), 2, 5, mask="float", kpm=True)
    enc_layer_case("encoder_layer/post_norm_gelu_eps_batch_first_masks",
                   layer_spec(E, 4, 2, 6, "gelu", eps=1e-3, batch_first=True), 2, 4, mask="causal_float", kpm=True)
    dec_layer_case("decoder_layer/post_norm_relu", layer_spec(D, 4, 2, 6), 2, 3, 4)
    dec_layer_case("decoder_layer/post_norm_causal_memory_padding", layer_spec(D, 4, 2, 6), 2, 4, 5,
                   tgt_mask="causal_bool", memory_kpm=True)
    dec_layer_case("decoder_layer/pre_norm_gelu_batch_first_all_masks",
                   layer_spec(D, 4, 2, 6, "gelu", batch_first=True, norm_first=True), 2, 4, 3,
                   tgt_mask="causal_float", memory_mask=True, tgt_kpm=True, memory_kpm=True)
    dec_layer_case("decoder_layer/pre_norm_causal", layer_spec(D, 6, 3, 4, norm_first=True), 3, 3, 2,
                   tgt_mask="causal_bool")
    for name, layer, norm in (("post_norm_final_norm", layer_spec(E, 4, 2, 6), 1e-5),
                              ("pre_norm_final_norm_batch_first", layer_spec(E, 4, 2, 6, "gelu", batch_first=True,
                                                                             norm_first=True), 1e-5),
                              ("no_final_norm", layer_spec(E, 4, 2, 5), None)):
        spec = {"type": "TransformerEncoder", "layer": layer, "num_layers": 2, "norm_eps": norm}
        cid = "encoder/" + name
        g = gen(cid)
        m = build(spec)
        set_params(m, g)
        m.train()
        n, length = 2, 4
        args = {"src": torch.randn(seq_shape(spec, n, length), generator=g), "mask": causal_bool(length),
                "src_key_padding_mask": padding(g, n, length)}
        record(cid, spec, m, g, args, {}, ["src"], run_encoder)


def make_seeded_dropout():
    """Dropout in training after torch.manual_seed: the masks PyTorch draws, in the order it draws them
    (between recurrent layers over the [T, B, D*H] output; on the attention weights; in the Transformer
    layer: attention weights, dropout1, dropout, dropout2)."""
    rnn_case("lstm/dropout_train_seeded", rnn_spec("LSTM", 3, 3, layers=2, bidirectional=True, dropout=0.5), 4, 2,
             h0=True, seed=5)
    rnn_case("gru/dropout_train_seeded_batch_first", rnn_spec("GRU", 3, 3, layers=3, batch_first=True, dropout=0.3),
             4, 3, seed=6)
    rnn_case("rnn_relu/dropout_train_seeded", rnn_spec("RNN", 3, 3, layers=2, bidirectional=True, dropout=0.4,
                                                       nonlinearity="relu"), 5, 3, seed=7)
    # LEFT OUT: lengths with dropout in training. PyTorch draws that mask over the packed data
    # ([sum(lengths), D*H], rows sorted by length), Ravel over the padded [T, B, D*H] output: the
    # distribution is the same, the numbers after a seed are not.
    mha_case("mha/dropout_train_seeded", mha_spec(4, 2, dropout=0.5), 2, 3, 4, average=False, seed=8)
    enc_layer_case("encoder_layer/dropout_train_seeded", layer_spec("TransformerEncoderLayer", 4, 2, 6, dropout=0.2),
                   2, 4, kpm=True, seed=9)


def make_positional_encoding():
    """The PyTorch tutorial's sinusoidal table (sin on even, cos on odd features), in float64."""
    out = []
    for max_len, d in ((6, 8), (50, 6), (7, 5)):
        position = torch.arange(max_len, dtype=torch.float64).unsqueeze(1)
        div_term = torch.exp(torch.arange(0, d, 2, dtype=torch.float64) * (-math.log(10000.0) / d))
        pe = torch.zeros(max_len, d, dtype=torch.float64)
        pe[:, 0::2] = torch.sin(position * div_term)
        pe[:, 1::2] = torch.cos(position * div_term[:d // 2])
        out.append({"max_len": max_len, "d_model": d, "pe": enc(pe.float())})
    return out


# =================================================================================================
# Default initialisation after torch.manual_seed
# =================================================================================================


def make_default_init():
    cases = []

    def case(name, seed, specs):
        torch.manual_seed(seed)
        mods = [build(s) for s in specs]
        cases.append({"id": name, "seed": seed, "specs": specs,
                      "states": [{k: enc(v) for k, v in m.state_dict().items()} for m in mods]})

    lin = {"type": "Linear", "in": 3, "out": 2, "bias": True}
    case("lstm_two_layers_bidirectional", 0, [rnn_spec("LSTM", 3, 4, layers=2, bidirectional=True), lin])
    case("gru", 1, [rnn_spec("GRU", 3, 4, layers=2), lin])
    case("rnn", 2, [rnn_spec("RNN", 3, 5, bidirectional=True, nonlinearity="relu", bias=False), lin])
    case("lstm_cell", 3, [{"type": "LSTMCell", "input_size": 3, "hidden_size": 4, "bias": True}, lin])
    case("gru_cell", 4, [{"type": "GRUCell", "input_size": 3, "hidden_size": 4, "bias": True}, lin])
    case("multihead_attention", 5, [mha_spec(8, 2), lin])
    case("multihead_attention_kdim_vdim", 6, [mha_spec(8, 4, kdim=5, vdim=3), lin])
    case("multihead_attention_no_bias", 7, [mha_spec(6, 2, bias=False), lin])
    case("transformer_encoder_layer", 8, [layer_spec("TransformerEncoderLayer", 8, 2, 16), lin])
    case("transformer_decoder_layer", 9, [layer_spec("TransformerDecoderLayer", 8, 2, 12, norm_first=True), lin])
    # The layers of TransformerEncoder are deep copies: building it draws nothing beyond its first layer.
    encoder = {"type": "TransformerEncoder", "layer": layer_spec("TransformerEncoderLayer", 4, 2, 6), "num_layers": 2,
               "norm_eps": 1e-5}
    case("transformer_encoder", 10, [encoder, lin])
    return cases


# =================================================================================================
# A PyTorch state dict loads: seq_model.safetensors
# =================================================================================================


class SeqNet(nn.Module):
    """Written the same way in Java (SeqNet in the nn tests)."""

    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(12, 5, padding_idx=0)
        self.lstm = nn.LSTM(5, 4, num_layers=2, batch_first=True, bidirectional=True)
        self.encoder = nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, batch_first=True)
        self.head = nn.Linear(8, 3)

    def forward(self, tokens, padding_mask):
        h, _ = self.lstm(self.emb(tokens))
        return self.head(self.encoder(h, src_key_padding_mask=padding_mask))


def make_safetensors():
    torch.manual_seed(2024)
    m = SeqNet()
    m.train()  # dropout 0: the plain math, not the eval fast path
    g = gen("seq-safetensors")
    tokens = torch.randint(1, 12, (3, 6), generator=g)
    tokens[1, 4:] = 0
    tokens[2, 2:] = 0
    mask = tokens == 0
    with torch.no_grad():
        out = m(tokens, mask)
    write_safetensors(os.path.join(HERE, "seq_model.safetensors"), m.state_dict(), {"format": "pt"})
    return {"tokens": enc(tokens), "padding_mask": enc(mask), "out": enc(out),
            "keys": list(m.state_dict().keys())}


# =================================================================================================

if __name__ == "__main__":
    make_rnn()
    make_cells()
    make_sdpa()
    make_mha()
    make_transformer()
    make_seeded_dropout()
    golden = {"torch": torch.__version__, "cases": CASES, "positional_encoding": make_positional_encoding(),
              "default_init": make_default_init(),
              "safetensors": make_safetensors()}
    text = dump(golden)
    with open(os.path.join(HERE, "seq_golden.json"), "w") as f:
        f.write(text + "\n")
    json.loads(text)
    print(f"{len(CASES)} cases, seq_golden.json {len(text) / 1e3:.0f} kB")
