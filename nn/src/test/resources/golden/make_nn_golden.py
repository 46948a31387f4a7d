#!/usr/bin/python3
"""Golden values for the nn and optim modules, computed with real PyTorch.

Regenerate (Debian's python has torch 1.13; the pyenv python first on PATH does not):

    cd nn/src/test/resources/golden && /usr/bin/python3 make_nn_golden.py

It writes, next to this script:
    nn_golden.json              layers, losses, init, default init, dropout, reprs, grad utils
    torch_mixed.safetensors     the state dict of MixedNet (see below), written by hand from the
                                safetensors format spec (the safetensors package is not
                                installable here): 8-byte little-endian header size, JSON header
                                with dtype/shape/data_offsets and __metadata__, raw LE bytes
    torch_dtypes.safetensors    one tensor of every safetensors dtype, 0-d and empty ones
and, in optim/src/test/resources/golden:
    optim_golden.json           optimizer trajectories and lr scheduler sequences

Everything is deterministic: inputs and parameter values come from seeded generators and are
stored explicitly, so init randomness never matters for the layer cases. Tensors are
{"dtype", "shape", "data"} with data flat and row-major, floats as the shortest text that
round-trips in their dtype ("nan"/"inf"/"-inf" as strings).

Module specs ({"type": ..., constructor arguments}) are read by build() here and by
NnGolden.build (nn/src/test/java/dev/ravel/nn/NnGolden.java) with the same meaning.
"""
import hashlib
import json
import math
import os
import struct
import zlib

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(1)

HERE = os.path.dirname(os.path.abspath(__file__))
OPTIM_DIR = os.path.normpath(os.path.join(HERE, "../../../../../optim/src/test/resources/golden"))

DT_NAME = {torch.float32: "float32", torch.float64: "float64", torch.int64: "int64", torch.bool: "bool"}
INF = float("inf")

# =================================================================================================
# JSON with exact, short numbers
# =================================================================================================


class Raw:
    def __init__(self, text):
        self.text = text


def num_text(v, dtype):
    if dtype == torch.bool:
        return "1" if v else "0"
    if dtype == torch.int64:
        return str(int(v))
    if math.isnan(v):
        return '"nan"'
    if math.isinf(v):
        return '"inf"' if v > 0 else '"-inf"'
    if dtype == torch.float32:
        s = repr(np.float32(v))
        if s.startswith("np.float32("):
            s = s[len("np.float32("):-1]
        return s
    return repr(float(v))


def enc(t):
    if t is None:
        return None
    t = t.detach().contiguous()
    flat = t.reshape(-1).tolist()
    return {"dtype": DT_NAME[t.dtype], "shape": list(t.shape),
            "data": Raw("[" + ",".join(num_text(v, t.dtype) for v in flat) + "]")}


def dump(o):
    if isinstance(o, Raw):
        return o.text
    if isinstance(o, dict):
        return "{" + ",".join(json.dumps(k) + ":" + dump(v) for k, v in o.items()) + "}"
    if isinstance(o, (list, tuple)):
        return "[" + ",".join(dump(v) for v in o) + "]"
    if isinstance(o, float):
        if math.isnan(o):
            return '"nan"'
        if math.isinf(o):
            return '"inf"' if o > 0 else '"-inf"'
        return repr(o)
    return json.dumps(o)


def gen(key):
    return torch.Generator().manual_seed(zlib.crc32(key.encode()))


# =================================================================================================
# Module specs
# =================================================================================================


def build(s):
    t = s["type"]
    if t == "Linear":
        return nn.Linear(s["in"], s["out"], bias=s["bias"])
    if t == "Conv1d":
        return nn.Conv1d(s["in"], s["out"], s["k"], stride=s["stride"], padding=s["padding"],
                         dilation=s["dilation"], groups=s["groups"], bias=s["bias"])
    if t == "Conv2d":
        pad = s["padding"] if isinstance(s["padding"], str) else tuple(s["padding"])
        return nn.Conv2d(s["in"], s["out"], tuple(s["k"]), stride=tuple(s["stride"]), padding=pad,
                         dilation=tuple(s["dilation"]), groups=s["groups"], bias=s["bias"])
    if t == "MaxPool2d":
        return nn.MaxPool2d(s["k"], stride=s["stride"], padding=s["padding"], dilation=s["dilation"],
                            ceil_mode=s["ceil"])
    if t == "AvgPool2d":
        return nn.AvgPool2d(s["k"], stride=s["stride"], padding=s["padding"], ceil_mode=s["ceil"],
                            count_include_pad=s["count_include_pad"], divisor_override=s["divisor_override"])
    if t == "AdaptiveAvgPool2d":
        return nn.AdaptiveAvgPool2d(tuple(s["out"]))
    if t in ("BatchNorm1d", "BatchNorm2d"):
        cls = nn.BatchNorm1d if t == "BatchNorm1d" else nn.BatchNorm2d
        return cls(s["n"], eps=s["eps"], momentum=s["momentum"], affine=s["affine"],
                   track_running_stats=s["track"])
    if t == "LayerNorm":
        return nn.LayerNorm(s["shape"], eps=s["eps"], elementwise_affine=s["affine"])
    if t == "GroupNorm":
        return nn.GroupNorm(s["groups"], s["channels"], eps=s["eps"], affine=s["affine"])
    if t == "Embedding":
        return nn.Embedding(s["num"], s["dim"], padding_idx=s["padding_idx"])
    if t == "LeakyReLU":
        return nn.LeakyReLU(s["slope"])
    if t == "ELU":
        return nn.ELU(s["alpha"])
    if t == "GELU":
        return nn.GELU(approximate=s["approximate"])
    if t in ("Softmax", "LogSoftmax"):
        return getattr(nn, t)(dim=s["dim"])
    if t == "Softplus":
        return nn.Softplus(beta=s["beta"], threshold=s["threshold"])
    if t == "Flatten":
        return nn.Flatten(s["start"], s["end"])
    if t == "Unflatten":
        return nn.Unflatten(s["dim"], tuple(s["sizes"]))
    if t == "Dropout":
        return nn.Dropout(s["p"])
    if t in ("ReLU", "SiLU", "Mish", "Tanh", "Sigmoid", "Identity"):
        return getattr(nn, t)()
    raise ValueError(t)


def linear(i, o, bias=True):
    return {"type": "Linear", "in": i, "out": o, "bias": bias}


def conv2d(i, o, k, stride=(1, 1), padding=(0, 0), dilation=(1, 1), groups=1, bias=True):
    return {"type": "Conv2d", "in": i, "out": o, "k": list(k), "stride": list(stride),
            "padding": padding if isinstance(padding, str) else list(padding), "dilation": list(dilation),
            "groups": groups, "bias": bias}


def conv1d(i, o, k, stride=1, padding=0, dilation=1, groups=1, bias=True):
    return {"type": "Conv1d", "in": i, "out": o, "k": k, "stride": stride, "padding": padding,
            "dilation": dilation, "groups": groups, "bias": bias}


def maxpool(k, stride=None, padding=0, dilation=1, ceil=False):
    return {"type": "MaxPool2d", "k": k, "stride": k if stride is None else stride, "padding": padding,
            "dilation": dilation, "ceil": ceil}


def avgpool(k, stride=None, padding=0, ceil=False, count_include_pad=True, divisor_override=None):
    return {"type": "AvgPool2d", "k": k, "stride": k if stride is None else stride, "padding": padding,
            "ceil": ceil, "count_include_pad": count_include_pad, "divisor_override": divisor_override}


def bn(t, n, eps=1e-5, momentum=0.1, affine=True, track=True):
    return {"type": t, "n": n, "eps": eps, "momentum": momentum, "affine": affine, "track": track}


def act(t, **kw):
    return dict({"type": t}, **kw)


# =================================================================================================
# Layers: forward output, input and parameter gradients for a fixed upstream gradient
# =================================================================================================

LAYERS = []


def layer(cid, spec, in_shape, train=True, pre=0, x=None, nbt=None):
    g = gen(cid)
    m = build(spec)
    with torch.no_grad():
        for name, p in m.named_parameters():
            base = 1.0 if spec["type"] in ("BatchNorm1d", "BatchNorm2d", "LayerNorm", "GroupNorm") and name == "weight" else 0.0
            p.copy_(torch.randn(p.shape, generator=g) * 0.5 + base)
        for name, b in m.named_buffers():
            if name == "running_mean":
                b.copy_(torch.randn(b.shape, generator=g) * 0.3)
            elif name == "running_var":
                b.copy_(torch.rand(b.shape, generator=g) + 0.5)
            elif name == "num_batches_tracked" and nbt is not None:
                b.fill_(nbt)
    state = {k: enc(v) for k, v in m.state_dict().items()}
    m.train(train)
    pres = [torch.randn(in_shape, generator=g) for _ in range(pre)]
    with torch.no_grad():
        for p in pres:
            m(p)
    if x is None:
        x = torch.randn(in_shape, generator=g)
    if x.is_floating_point():
        x.requires_grad_()
    out = m(x)
    go = torch.randn(out.shape, generator=g)
    out.backward(go)
    LAYERS.append({
        "id": cid, "spec": spec, "train": train, "state": state, "pre": [enc(p) for p in pres],
        "x": enc(x), "out": enc(out), "go": enc(go),
        "gx": enc(x.grad) if x.is_floating_point() else None,
        "gp": {k: enc(p.grad) for k, p in m.named_parameters()},
        "buffers": {k: enc(v) for k, v in m.named_buffers()},
    })


def make_layers():
    layer("linear/bias", linear(4, 3), [5, 4])
    layer("linear/no_bias", linear(4, 3, bias=False), [5, 4])
    layer("linear/3d_input", linear(4, 2), [2, 3, 4])
    layer("linear/1d_input", linear(4, 2), [4])

    layer("conv1d/basic", conv1d(2, 3, 3), [2, 2, 7])
    layer("conv1d/stride_pad_dil", conv1d(2, 4, 3, stride=2, padding=2, dilation=2), [2, 2, 9])
    layer("conv1d/groups_no_bias", conv1d(4, 2, 2, groups=2, bias=False), [1, 4, 6])

    layer("conv2d/basic", conv2d(2, 3, (3, 3)), [2, 2, 5, 5])
    layer("conv2d/stride", conv2d(2, 3, (3, 2), stride=(2, 1)), [2, 2, 7, 6])
    layer("conv2d/padding", conv2d(1, 2, (3, 3), padding=(1, 2)), [2, 1, 4, 5])
    layer("conv2d/same_odd", conv2d(2, 2, (3, 3), padding="same"), [1, 2, 5, 6])
    layer("conv2d/same_even", conv2d(2, 3, (2, 4), padding="same"), [2, 2, 5, 6])
    layer("conv2d/same_dilated", conv2d(1, 2, (2, 3), padding="same", dilation=(3, 2)), [1, 1, 7, 6])
    layer("conv2d/valid", conv2d(2, 2, (2, 2), padding="valid"), [1, 2, 4, 3])
    layer("conv2d/dilation", conv2d(2, 2, (3, 3), padding=(2, 2), dilation=(2, 2)), [1, 2, 6, 6])
    layer("conv2d/groups", conv2d(4, 6, (3, 3), padding=(1, 1), groups=2), [2, 4, 4, 4])
    layer("conv2d/depthwise_no_bias", conv2d(3, 3, (3, 3), groups=3, bias=False), [1, 3, 5, 5])
    layer("conv2d/unbatched", conv2d(2, 3, (2, 2)), [2, 4, 4])

    layer("maxpool2d/basic", maxpool(2), [2, 2, 4, 6])
    layer("maxpool2d/stride", maxpool(3, stride=2), [1, 2, 7, 7])
    layer("maxpool2d/ceil", maxpool(2, ceil=True), [1, 2, 5, 5])
    layer("maxpool2d/padding", maxpool(3, stride=2, padding=1), [1, 2, 6, 5])
    layer("maxpool2d/dilation", maxpool(2, stride=1, dilation=2), [1, 1, 6, 6])
    layer("maxpool2d/ceil_pad_dil", maxpool(3, stride=2, padding=1, dilation=2, ceil=True), [1, 2, 8, 7])

    layer("avgpool2d/basic", avgpool(2), [2, 2, 4, 6])
    layer("avgpool2d/ceil", avgpool(2, ceil=True), [1, 2, 5, 5])
    layer("avgpool2d/pad_include", avgpool(3, stride=2, padding=1), [1, 2, 6, 5])
    layer("avgpool2d/pad_exclude", avgpool(3, stride=2, padding=1, count_include_pad=False), [1, 2, 6, 5])
    layer("avgpool2d/ceil_pad_exclude", avgpool(3, stride=2, padding=1, ceil=True, count_include_pad=False),
          [1, 1, 6, 6])
    layer("avgpool2d/divisor_override", avgpool(2, stride=1, padding=1, divisor_override=3), [1, 2, 4, 4])

    layer("adaptiveavgpool2d/divisible", {"type": "AdaptiveAvgPool2d", "out": [2, 3]}, [2, 2, 4, 6])
    layer("adaptiveavgpool2d/non_divisible", {"type": "AdaptiveAvgPool2d", "out": [3, 2]}, [1, 2, 5, 7])
    layer("adaptiveavgpool2d/larger_than_input", {"type": "AdaptiveAvgPool2d", "out": [4, 3]}, [1, 1, 3, 2])
    layer("adaptiveavgpool2d/global", {"type": "AdaptiveAvgPool2d", "out": [1, 1]}, [2, 3, 3, 5])

    layer("batchnorm1d/train_2d", bn("BatchNorm1d", 3), [6, 3])
    layer("batchnorm1d/train_3d", bn("BatchNorm1d", 3), [4, 3, 5])
    layer("batchnorm1d/eval", bn("BatchNorm1d", 3), [6, 3], train=False)
    layer("batchnorm1d/momentum_none", bn("BatchNorm1d", 3, momentum=None), [6, 3], pre=2, nbt=2)
    layer("batchnorm1d/no_affine", bn("BatchNorm1d", 3, affine=False, momentum=0.3), [5, 3])
    layer("batchnorm2d/train", bn("BatchNorm2d", 3), [2, 3, 4, 5], pre=1)
    layer("batchnorm2d/eval", bn("BatchNorm2d", 3, eps=1e-3), [2, 3, 4, 5], train=False)
    layer("batchnorm2d/momentum_none", bn("BatchNorm2d", 2, momentum=None), [3, 2, 3, 3], pre=2, nbt=0)
    layer("batchnorm2d/no_running_stats", bn("BatchNorm2d", 2, track=False), [3, 2, 3, 3])
    layer("batchnorm2d/no_running_stats_eval", bn("BatchNorm2d", 2, track=False), [3, 2, 3, 3], train=False)

    layer("layernorm/last_dim", {"type": "LayerNorm", "shape": [5], "eps": 1e-5, "affine": True}, [3, 5])
    layer("layernorm/two_dims", {"type": "LayerNorm", "shape": [3, 4], "eps": 1e-3, "affine": True}, [2, 3, 4])
    layer("layernorm/no_affine", {"type": "LayerNorm", "shape": [6], "eps": 1e-5, "affine": False}, [2, 2, 6])

    layer("groupnorm/basic", {"type": "GroupNorm", "groups": 2, "channels": 4, "eps": 1e-5, "affine": True},
          [3, 4, 2, 3])
    layer("groupnorm/per_channel", {"type": "GroupNorm", "groups": 3, "channels": 3, "eps": 1e-5, "affine": True},
          [2, 3, 5])
    layer("groupnorm/one_group_no_affine",
          {"type": "GroupNorm", "groups": 1, "channels": 4, "eps": 1e-2, "affine": False}, [2, 4, 3])

    idx = torch.tensor([[0, 2, 4, 2], [3, 0, 0, 1]])
    layer("embedding/basic", {"type": "Embedding", "num": 5, "dim": 3, "padding_idx": None}, None, x=idx)
    layer("embedding/padding_idx", {"type": "Embedding", "num": 5, "dim": 3, "padding_idx": 0}, None, x=idx)
    layer("embedding/padding_idx_negative", {"type": "Embedding", "num": 5, "dim": 3, "padding_idx": -1}, None,
          x=torch.tensor([4, 1, 4, 3]))

    special = torch.tensor([[0.0, -0.0, 1e-4, -1e-4, 25.0, -25.0, 3.0, -3.0]])

    def act_case(name, spec, shape=(3, 8)):
        x = torch.cat([special, torch.randn((shape[0] - 1, 8), generator=gen(name)) * 2])
        layer("activation/" + name, spec, None, x=x.clone())

    act_case("relu", act("ReLU"))
    act_case("leaky_relu", act("LeakyReLU", slope=0.01))
    act_case("leaky_relu_0.2", act("LeakyReLU", slope=0.2))
    act_case("elu", act("ELU", alpha=1.0))
    act_case("elu_0.5", act("ELU", alpha=0.5))
    act_case("gelu", act("GELU", approximate="none"))
    act_case("gelu_tanh", act("GELU", approximate="tanh"))
    act_case("silu", act("SiLU"))
    act_case("mish", act("Mish"))
    act_case("tanh", act("Tanh"))
    act_case("sigmoid", act("Sigmoid"))
    act_case("softmax_dim1", act("Softmax", dim=1))
    act_case("softmax_dim0", act("Softmax", dim=0))
    act_case("log_softmax_dim1", act("LogSoftmax", dim=1))
    act_case("log_softmax_dim_neg2", act("LogSoftmax", dim=-2))
    act_case("softplus", act("Softplus", beta=1.0, threshold=20.0))
    act_case("softplus_beta2_thr5", act("Softplus", beta=2.0, threshold=5.0))
    layer("shape/flatten", act("Flatten", start=1, end=-1), [2, 3, 2, 2])
    layer("shape/flatten_0_1", act("Flatten", start=0, end=1), [2, 3, 2])
    layer("shape/unflatten", act("Unflatten", dim=1, sizes=[2, 3]), [2, 6])
    layer("shape/identity", act("Identity"), [2, 3])
    layer("shape/dropout_eval", act("Dropout", p=0.5), [2, 3], train=False)


# =================================================================================================
# Losses
# =================================================================================================

LOSSES = []


def build_loss(s):
    t = s["type"]
    r = s["reduction"]
    w = s.get("weight_t")
    if t == "CrossEntropyLoss":
        return nn.CrossEntropyLoss(weight=w, ignore_index=s["ignore_index"], reduction=r,
                                   label_smoothing=s["label_smoothing"])
    if t == "NLLLoss":
        return nn.NLLLoss(weight=w, ignore_index=s["ignore_index"], reduction=r)
    if t == "BCELoss":
        return nn.BCELoss(weight=w, reduction=r)
    if t == "BCEWithLogitsLoss":
        return nn.BCEWithLogitsLoss(weight=w, reduction=r, pos_weight=s.get("pos_weight_t"))
    if t == "KLDivLoss":
        return nn.KLDivLoss(reduction=r, log_target=s["log_target"])
    if t == "HuberLoss":
        return nn.HuberLoss(reduction=r, delta=s["delta"])
    if t == "SmoothL1Loss":
        return nn.SmoothL1Loss(reduction=r, beta=s["beta"])
    return getattr(nn, t)(reduction=r)


def loss(cid, spec, x, target, target_grad=False):
    g = gen(cid)
    m = build_loss(spec)
    x = x.clone().requires_grad_()
    target = target.clone()
    if target_grad:
        target.requires_grad_()
    out = m(x, target)
    go = torch.randn(out.shape, generator=g) if out.dim() > 0 else torch.tensor(0.75)
    out.backward(go)
    s = {k: (enc(v) if isinstance(v, torch.Tensor) else v) for k, v in spec.items()}
    s = {k.replace("_t", "") if k.endswith("_t") else k: v for k, v in s.items()}
    LOSSES.append({"id": cid, "spec": s, "x": enc(x), "target": enc(target), "out": enc(out), "go": enc(go),
                   "gx": enc(x.grad), "gt": enc(target.grad) if target_grad else None})


def nll_spec(**kw):
    d = {"type": "NLLLoss", "reduction": "mean", "ignore_index": -100}
    d.update(kw)
    return d


def make_losses():
    g = gen("losses")
    logits = torch.randn(4, 5, generator=g) * 2
    tgt = torch.tensor([1, 0, 4, 2])
    tgt_ign = torch.tensor([1, -100, 4, 2])
    tgt_ign2 = torch.tensor([1, 2, 4, 2])
    cw = torch.rand(5, generator=g) + 0.5
    probs = torch.softmax(torch.randn(4, 5, generator=g), 1)
    logits3 = torch.randn(2, 4, 3, generator=g)
    tgt3 = torch.tensor([[0, 3, 1], [2, 2, -100]])
    logits4 = torch.randn(2, 3, 2, 2, generator=g)
    tgt4 = torch.tensor([[[0, 2], [1, 1]], [[2, 0], [1, 2]]])
    probs3 = torch.softmax(torch.randn(2, 4, 3, generator=g), 1)

    def ce(**kw):
        d = {"type": "CrossEntropyLoss", "reduction": "mean", "ignore_index": -100, "label_smoothing": 0.0}
        d.update(kw)
        return d

    for r in ("none", "mean", "sum"):
        loss(f"cross_entropy/{r}", ce(reduction=r), logits, tgt)
        loss(f"cross_entropy/weight_{r}", ce(reduction=r, weight_t=cw), logits, tgt)
        loss(f"cross_entropy/ignore_default_{r}", ce(reduction=r), logits, tgt_ign)
        loss(f"cross_entropy/ignore_index_2_weight_{r}", ce(reduction=r, ignore_index=2, weight_t=cw), logits, tgt_ign2)
        loss(f"cross_entropy/smoothing_{r}", ce(reduction=r, label_smoothing=0.1), logits, tgt)
        loss(f"cross_entropy/smoothing_weight_ignore_{r}",
             ce(reduction=r, label_smoothing=0.2, weight_t=cw, ignore_index=2), logits, tgt_ign2)
        loss(f"cross_entropy/probs_{r}", ce(reduction=r), logits, probs, target_grad=True)
        loss(f"cross_entropy/probs_weight_smoothing_{r}", ce(reduction=r, weight_t=cw, label_smoothing=0.1),
             logits, probs)
        loss(f"cross_entropy/ncd_{r}", ce(reduction=r), logits3, tgt3)
        loss(f"cross_entropy/ncd_weight_smoothing_{r}", ce(reduction=r, weight_t=cw[:4], label_smoothing=0.05),
             logits3, tgt3)
        loss(f"cross_entropy/ncdd_{r}", ce(reduction=r), logits4, tgt4)
        loss(f"cross_entropy/ncd_probs_{r}", ce(reduction=r), logits3, probs3)
    big = torch.tensor([[0.0, -INF, 2.0, 3.0], [1e4, -1e4, 0.0, 5.0], [-50.0, -60.0, -70.0, -55.0]])
    for r in ("none", "mean"):
        loss(f"cross_entropy/masked_and_large_logits_{r}", ce(reduction=r, label_smoothing=0.0), big,
             torch.tensor([2, 0, 1]))
        loss(f"nll/large_log_probs_{r}", nll_spec(reduction=r), torch.log_softmax(big[1:], 1), torch.tensor([1, 3]))
    loss("cross_entropy/unbatched", ce(), logits[0], torch.tensor(3))
    loss("cross_entropy/unbatched_probs", ce(), logits[0], probs[0])

    nll = nll_spec

    logp = torch.log_softmax(logits, 1)
    logp3 = torch.log_softmax(logits3, 1)
    for r in ("none", "mean", "sum"):
        loss(f"nll/{r}", nll(reduction=r), logp, tgt)
        loss(f"nll/weight_{r}", nll(reduction=r, weight_t=cw), logp, tgt)
        loss(f"nll/ignore_weight_{r}", nll(reduction=r, weight_t=cw), logp, tgt_ign)
        loss(f"nll/ignore_index_2_{r}", nll(reduction=r, ignore_index=2), logp, tgt_ign2)
        loss(f"nll/ncd_{r}", nll(reduction=r), logp3, tgt3)

    a = torch.randn(3, 4, generator=g)
    b = torch.randn(3, 4, generator=g)
    b[0, 0] = a[0, 0] + 0.25  # inside every delta/beta used
    b[0, 1] = a[0, 1] - 1.75  # outside them
    for r in ("none", "mean", "sum"):
        loss(f"mse/{r}", {"type": "MSELoss", "reduction": r}, a, b, target_grad=True)
        loss(f"l1/{r}", {"type": "L1Loss", "reduction": r}, a, b, target_grad=True)
        for delta in (1.0, 0.5, 2.0):
            loss(f"huber/delta_{delta}_{r}", {"type": "HuberLoss", "reduction": r, "delta": delta}, a, b,
                 target_grad=True)
        for beta in (1.0, 0.5, 0.0):
            loss(f"smooth_l1/beta_{beta}_{r}", {"type": "SmoothL1Loss", "reduction": r, "beta": beta}, a, b,
                 target_grad=True)

    p = torch.sigmoid(torch.randn(3, 4, generator=g))
    y = torch.rand(3, 4, generator=g)
    y[0] = torch.tensor([0.0, 1.0, 1.0, 0.0])
    bw = torch.rand(3, 4, generator=g) + 0.5
    pw = torch.tensor([1.0, 2.0, 0.5, 3.0])
    z = torch.randn(3, 4, generator=g) * 3
    for r in ("none", "mean", "sum"):
        loss(f"bce/{r}", {"type": "BCELoss", "reduction": r}, p, y, target_grad=True)
        loss(f"bce/weight_{r}", {"type": "BCELoss", "reduction": r, "weight_t": bw}, p, y)
        loss(f"bce_logits/{r}", {"type": "BCEWithLogitsLoss", "reduction": r}, z, y, target_grad=True)
        loss(f"bce_logits/weight_{r}", {"type": "BCEWithLogitsLoss", "reduction": r, "weight_t": bw}, z, y)
        loss(f"bce_logits/pos_weight_{r}", {"type": "BCEWithLogitsLoss", "reduction": r, "pos_weight_t": pw}, z, y,
             target_grad=True)
        loss(f"bce_logits/weight_pos_weight_{r}",
             {"type": "BCEWithLogitsLoss", "reduction": r, "weight_t": bw[0], "pos_weight_t": pw}, z, y)

    # Saturated probabilities (sigmoid gives exactly 0 and 1 in float32) and huge logits.
    p_sat = torch.tensor([[0.0, 1.0, 0.0, 1.0], [1e-30, 1.0 - 2 ** -24, 0.5, 0.25]])
    y_sat = torch.tensor([[0.0, 1.0, 1.0, 0.0], [1.0, 0.0, 0.5, 0.0]])
    z_big = torch.tensor([[100.0, -100.0, 40.0, -40.0], [0.0, 1e-3, -20.0, 20.0]])
    for r in ("none", "sum"):
        loss(f"bce/saturated_{r}", {"type": "BCELoss", "reduction": r}, p_sat, y_sat)
        loss(f"bce_logits/huge_logits_{r}", {"type": "BCEWithLogitsLoss", "reduction": r}, z_big, y_sat,
             target_grad=True)
        loss(f"bce_logits/huge_logits_pos_weight_{r}",
             {"type": "BCEWithLogitsLoss", "reduction": r, "pos_weight_t": pw}, z_big, y_sat)

    lq = torch.log_softmax(torch.randn(3, 4, generator=g), 1)
    pt = torch.softmax(torch.randn(3, 4, generator=g), 1)
    pz = pt.clone()
    pz[1, 2] = 0.0  # a zero target contributes 0
    lt = torch.log_softmax(torch.randn(3, 4, generator=g), 1)
    for r in ("none", "mean", "sum", "batchmean"):
        loss(f"kl_div/{r}", {"type": "KLDivLoss", "reduction": r, "log_target": False}, lq, pt, target_grad=True)
        # LEFT OUT: the target gradient at a zero target, NaN in PyTorch (xlogy's 0/0), -input in Ravel.
        loss(f"kl_div/zero_target_{r}", {"type": "KLDivLoss", "reduction": r, "log_target": False}, lq, pz)
        loss(f"kl_div/log_target_{r}", {"type": "KLDivLoss", "reduction": r, "log_target": True}, lq, lt,
             target_grad=True)


# =================================================================================================
# init: fans, gains and distributions after a seed
# =================================================================================================


def make_init():
    fans = []
    for shape in ([5, 3], [4, 3, 2], [8, 4, 3, 3], [6, 2, 1, 2, 3], [3, 0]):
        fi, fo = nn.init._calculate_fan_in_and_fan_out(torch.empty(shape))
        fans.append({"shape": shape, "fan_in": fi, "fan_out": fo})
    gains = []
    for nl, param in (("linear", None), ("conv1d", None), ("conv2d", None), ("conv3d", None),
                      ("conv_transpose1d", None), ("conv_transpose2d", None), ("conv_transpose3d", None),
                      ("sigmoid", None), ("tanh", None), ("relu", None), ("leaky_relu", None),
                      ("leaky_relu", 0.2), ("leaky_relu", math.sqrt(5)), ("selu", None)):
        gains.append({"nonlinearity": nl, "param": param, "gain": nn.init.calculate_gain(nl, param)})
    dists = []

    def d(fn, shape, seed, **kw):
        t = torch.empty(shape)
        torch.manual_seed(seed)
        getattr(nn.init, fn)(t, **kw)
        dists.append({"fn": fn, "shape": shape, "seed": seed, "args": kw, "out": enc(t)})

    d("uniform_", [5, 7], 1, a=-0.5, b=2.0)
    d("uniform_", [40], 2)
    d("normal_", [5, 7], 3, mean=1.0, std=0.5)
    d("normal_", [3, 5], 4)   # fewer than 16 elements: the scalar path
    d("normal_", [17], 5)     # a vectorised block of 16 and a tail
    d("constant_", [2, 3], 0, val=0.25)
    d("zeros_", [2, 3], 0)
    d("ones_", [2, 3], 0)
    d("xavier_uniform_", [6, 4], 6)
    d("xavier_uniform_", [4, 3, 2, 2], 7, gain=2.0)
    d("xavier_normal_", [6, 4], 8)
    d("xavier_normal_", [4, 3, 2, 2], 9, gain=0.5)
    d("kaiming_uniform_", [6, 4], 10)
    d("kaiming_uniform_", [4, 3, 3, 3], 11, a=math.sqrt(5), mode="fan_in", nonlinearity="leaky_relu")
    d("kaiming_uniform_", [6, 4], 12, mode="fan_out", nonlinearity="relu")
    d("kaiming_normal_", [6, 4], 13)
    d("kaiming_normal_", [4, 3, 3, 3], 14, a=0.1, mode="fan_out", nonlinearity="leaky_relu")
    d("kaiming_normal_", [5, 5], 15, nonlinearity="tanh")
    d("orthogonal_", [6, 4], 16)
    d("orthogonal_", [4, 6], 17, gain=2.0)
    d("orthogonal_", [3, 2, 2], 18)
    d("orthogonal_", [5, 5], 19)
    return {"fans": fans, "gains": gains, "dists": dists}


# =================================================================================================
# Default initialisation after torch.manual_seed, dropout masks
# =================================================================================================


def seed_mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Dropout(0.2), nn.Linear(256, 128),
                         nn.ReLU(), nn.Dropout(0.2), nn.Linear(128, 10))


def seed_cnn():
    return nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3, padding=1),
                         nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(3136, 128), nn.ReLU(), nn.Dropout(0.5),
                         nn.Linear(128, 10))


class MixedNet(nn.Module):
    """The same class is written in Java (MixedNet in the nn tests): names, order, repr."""

    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(10, 4, padding_idx=0)
        self.conv = nn.Conv2d(1, 3, 3, padding=1)
        self.bn = nn.BatchNorm2d(3)
        self.act = nn.LeakyReLU(0.2)
        self.pool = nn.AdaptiveAvgPool2d(2)
        self.flat = nn.Flatten()
        self.ln = nn.LayerNorm(12)
        self.head = nn.Sequential(nn.Linear(16, 8), nn.GELU(), nn.Dropout(0.1), nn.Linear(8, 3))

    def forward(self, tokens, images):
        e = self.emb(tokens).mean(1)                                     # [N, 4]
        h = self.ln(self.flat(self.pool(self.act(self.bn(self.conv(images))))))  # [N, 12]
        return self.head(torch.cat([e, h], 1))


def digest(t):
    b = t.detach().contiguous().numpy().astype("<f4").tobytes()
    return hashlib.sha256(b).hexdigest()


def make_default_init():
    cases = []

    def case(name, seed, specs):
        torch.manual_seed(seed)
        mods = [build(s) for s in specs]
        cases.append({"id": name, "seed": seed, "specs": specs,
                      "states": [{k: enc(v) for k, v in m.state_dict().items()} for m in mods]})

    case("linear", 0, [linear(5, 3)])
    case("linear_no_bias", 1, [linear(4, 2, bias=False)])
    case("conv2d", 2, [conv2d(2, 4, (3, 3))])
    case("conv2d_groups_rect", 3, [conv2d(4, 4, (3, 2), groups=2)])
    case("conv1d", 4, [conv1d(3, 2, 3)])
    case("embedding", 5, [{"type": "Embedding", "num": 6, "dim": 3, "padding_idx": None}])
    case("embedding_padding", 6, [{"type": "Embedding", "num": 6, "dim": 3, "padding_idx": 2}])
    case("embedding_large", 7, [{"type": "Embedding", "num": 7, "dim": 5, "padding_idx": None}])
    case("batchnorm2d", 8, [bn("BatchNorm2d", 3)])
    case("layernorm", 9, [{"type": "LayerNorm", "shape": [4], "eps": 1e-5, "affine": True}])
    case("groupnorm", 10, [{"type": "GroupNorm", "groups": 2, "channels": 4, "eps": 1e-5, "affine": True}])
    case("sequence", 11, [linear(3, 4), conv2d(1, 2, (2, 2)), {"type": "Embedding", "num": 4, "dim": 5,
                                                              "padding_idx": None}, linear(4, 2)])

    models = []
    for name, fn, seed in (("seed_mlp", seed_mlp, 0), ("seed_mlp", seed_mlp, 42), ("seed_cnn", seed_cnn, 0)):
        torch.manual_seed(seed)
        m = fn()
        models.append({"model": name, "seed": seed, "state": {
            k: {"shape": list(v.shape), "sha256": digest(v), "head": enc(v.reshape(-1)[:8]),
                "sum": float(v.double().sum())} for k, v in m.state_dict().items()}})

    dropout = []
    for seed, p, shape in ((0, 0.5, [4, 10]), (1, 0.2, [37]), (2, 0.8, [3, 5, 7]), (3, 0.5, [16])):
        torch.manual_seed(seed)
        x = torch.arange(1, 1 + int(np.prod(shape)), dtype=torch.float32).reshape(shape)
        out = nn.Dropout(p).train()(x)
        dropout.append({"seed": seed, "p": p, "x": enc(x), "out": enc(out)})
    # Dropout layers inside the seed MLP after the same seed: the masks of a training forward.
    torch.manual_seed(0)
    m = seed_mlp()
    x = torch.rand(3, 1, 28, 28)
    mlp_out = m.train()(x)
    return {"modules": cases, "models": models, "dropout": dropout,
            "mlp_train_forward": {"seed": 0, "x_head": enc(x.reshape(-1)[:8]), "x_sha256": digest(x),
                                  "out": enc(mlp_out)}}


# =================================================================================================
# Module API: names and orders of a model with a shared submodule, a tied parameter and buffers
# =================================================================================================


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 3)
        self.bn = nn.BatchNorm1d(3)
        self.register_buffer("scale", torch.ones(1), persistent=False)


class TiedNet(nn.Module):
    """Written the same way in Java (TiedNet in the nn tests)."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(5, 3)
        self.layers = nn.ModuleList([Block(), Block()])
        self.shared = self.layers[0]          # one module under two names
        self.head = nn.Linear(3, 5, bias=False)
        self.head.weight = self.embed.weight  # a tied parameter
        self.register_buffer("step", torch.zeros((), dtype=torch.long))


def make_module_api():
    m = TiedNet()
    applied = []
    m.apply(lambda x: applied.append(type(x).__name__))
    return {
        "named_parameters": [k for k, _ in m.named_parameters()],
        "named_buffers": [k for k, _ in m.named_buffers()],
        "state_dict": list(m.state_dict().keys()),
        "named_modules": [k for k, _ in m.named_modules()],
        "module_types": [type(x).__name__ for x in m.modules()],
        "named_children": [k for k, _ in m.named_children()],
        "apply_order": applied,
        "repr": str(m),
    }


# =================================================================================================
# repr
# =================================================================================================


def make_repr():
    out = {
        "seed_mlp": str(seed_mlp()),
        "seed_cnn": str(seed_cnn()),
        "mixed": str(MixedNet()),
        "conv2d_same": str(nn.Conv2d(2, 4, (2, 4), padding="same")),
        "conv2d_valid": str(nn.Conv2d(2, 4, 3, padding="valid")),
        "conv2d_full": str(nn.Conv2d(4, 8, (3, 5), stride=(2, 1), padding=(1, 2), dilation=(2, 1), groups=2,
                                     bias=False)),
        "conv1d": str(nn.Conv1d(3, 6, 3, stride=2, padding=1, dilation=2, groups=3, bias=False)),
        "conv1d_plain": str(nn.Conv1d(3, 6, 5)),
        "maxpool_ceil": str(nn.MaxPool2d(3, stride=2, padding=1, dilation=2, ceil_mode=True)),
        "avgpool": str(nn.AvgPool2d(3, stride=2, padding=1)),
        "adaptive_2": str(nn.AdaptiveAvgPool2d(2)),
        "adaptive_2_3": str(nn.AdaptiveAvgPool2d((2, 3))),
        "batchnorm1d": str(nn.BatchNorm1d(3, eps=1e-3, momentum=None, affine=False)),
        "batchnorm2d_no_track": str(nn.BatchNorm2d(5, momentum=0.2, track_running_stats=False)),
        "layernorm_2d": str(nn.LayerNorm([3, 4], eps=1e-6, elementwise_affine=False)),
        "groupnorm": str(nn.GroupNorm(2, 6)),
        "embedding": str(nn.Embedding(10, 3)),
        "embedding_pad": str(nn.Embedding(10, 3, padding_idx=-1)),
        "activations": str(nn.Sequential(nn.ReLU(), nn.LeakyReLU(), nn.ELU(alpha=0.5), nn.GELU(approximate="tanh"),
                                         nn.SiLU(), nn.Mish(), nn.Tanh(), nn.Sigmoid(), nn.Softmax(dim=1),
                                         nn.LogSoftmax(dim=-1), nn.Identity(), nn.Dropout(),
                                         nn.Unflatten(1, (2, 3)), nn.Flatten(0, 2))),
        "containers": str(nn.Sequential(nn.ModuleList([nn.Linear(2, 2), nn.Sequential(nn.ReLU())]),
                                        nn.ModuleDict({"a": nn.Tanh(), "b": nn.Linear(2, 1, bias=False)}))),
        "losses": str(nn.ModuleList([nn.CrossEntropyLoss(), nn.NLLLoss(), nn.MSELoss(), nn.L1Loss(), nn.HuberLoss(),
                                     nn.SmoothL1Loss(), nn.BCELoss(), nn.BCEWithLogitsLoss(), nn.KLDivLoss()])),
    }
    floats = [1e-5, 0.1, 1.0, 0.01, 1e-3, 1e16, 1234567890123456.0, 12345678901234567.0, 1e-4, 0.00012, 1.5e-7,
              -2.5, -0.0, 0.0, 100.0, 1 / 3, 2 ** -30, 5e-324, 1.7976931348623157e308, float("inf"),
              float("-inf"), float("nan")]
    out["floats"] = [[v, repr(v)] for v in floats]
    return out


# =================================================================================================
# nn.utils: clip_grad_norm_, clip_grad_value_, parameters_to_vector, vector_to_parameters
# =================================================================================================


def make_utils():
    g = gen("utils")
    shapes = ([3, 4], [5], [2, 2, 2])
    params = [torch.randn(s, generator=g) for s in shapes]
    grads = [torch.randn(s, generator=g) * 0.7 for s in shapes]
    clip_norm = []
    for max_norm, norm_type in ((1.0, 2.0), (0.5, 1.0), (0.3, INF), (100.0, 2.0), (1.5, 3.0), (0.2, 0.5)):
        ps = [p.clone().requires_grad_() for p in params]
        for p, gr in zip(ps, grads):
            p.grad = gr.clone()
        ps.append(torch.zeros(2, requires_grad=True))  # no grad: skipped
        total = nn.utils.clip_grad_norm_(ps, max_norm, norm_type)
        clip_norm.append({"max_norm": max_norm, "norm_type": norm_type, "total": enc(total),
                          "grads": [enc(p.grad) for p in ps[:3]]})
    nonfinite = []
    for bad in (INF, float("nan")):
        for norm_type in (2.0, INF):
            ps = [p.clone().requires_grad_() for p in params]
            for p, gr in zip(ps, grads):
                p.grad = gr.clone()
            ps[1].grad[2] = bad
            total = nn.utils.clip_grad_norm_(ps, 1.0, norm_type)
            nonfinite.append({"bad": bad, "norm_type": norm_type, "total": enc(total),
                              "grads": [enc(p.grad) for p in ps]})
    ps = [p.clone().requires_grad_() for p in params]
    for p, gr in zip(ps, grads):
        p.grad = gr.clone()
    nn.utils.clip_grad_value_(ps, 0.4)
    clip_value = {"clip": 0.4, "grads": [enc(p.grad) for p in ps]}
    vec = nn.utils.parameters_to_vector(params)
    new = torch.randn(vec.shape, generator=g)
    ps = [p.clone() for p in params]
    nn.utils.vector_to_parameters(new, ps)
    return {"params": [enc(p) for p in params], "grads": [enc(x) for x in grads], "clip_norm": clip_norm,
            "clip_norm_nonfinite": nonfinite,
            "clip_value": clip_value, "vector": enc(vec), "new_vector": enc(new),
            "new_params": [enc(p) for p in ps]}


# =================================================================================================
# Safetensors written by hand from the format spec (huggingface/safetensors README)
# =================================================================================================

ST_CODE = {torch.float64: "F64", torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16",
           torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8", torch.uint8: "U8",
           torch.bool: "BOOL"}


def raw_bytes(t):
    t = t.detach().contiguous()
    if t.dtype == torch.bfloat16:
        return t.view(torch.int16).numpy().astype("<i2").tobytes()
    a = t.numpy()
    return a.astype(a.dtype.newbyteorder("<")).tobytes()


def write_safetensors(path, tensors, metadata):
    # As the reference writer: data sorted by alignment (largest itemsize first) then name, header
    # keys sorted with __metadata__ first, header padded with spaces to a multiple of 8.
    order = sorted(tensors, key=lambda k: (-tensors[k].element_size(), k))
    header, blobs, offset = {}, [], 0
    for k in order:
        b = raw_bytes(tensors[k])
        header[k] = {"dtype": ST_CODE[tensors[k].dtype], "shape": list(tensors[k].shape),
                     "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    full = {"__metadata__": metadata} if metadata else {}
    for k in sorted(header):
        full[k] = header[k]
    h = json.dumps(full, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def make_safetensors():
    torch.manual_seed(123)
    m = MixedNet()
    m.train()
    g = gen("safetensors")
    with torch.no_grad():
        m(torch.randint(0, 10, (4, 3), generator=g), torch.randn(4, 1, 4, 4, generator=g))
        m(torch.randint(0, 10, (4, 3), generator=g), torch.randn(4, 1, 4, 4, generator=g))
    sd = m.state_dict()
    write_safetensors(os.path.join(HERE, "torch_mixed.safetensors"), sd, {"format": "pt", "written_by": "torch"})
    dt = {
        "f64": torch.tensor([[1.5, -2.25], [1e-300, float("inf")]], dtype=torch.float64),
        "f32": torch.tensor([0.1, -3.0, 65504.0], dtype=torch.float32),
        "f16": torch.tensor([0.5, -1.25, 65504.0, 6e-5], dtype=torch.float16),
        "bf16": torch.tensor([0.5, -1.25, 3.0e38], dtype=torch.bfloat16),
        "i64": torch.tensor([-(2 ** 62), 7, 0], dtype=torch.int64),
        "i32": torch.tensor([[-2 ** 31, 5]], dtype=torch.int32),
        "i16": torch.tensor([-32768, 32767], dtype=torch.int16),
        "i8": torch.tensor([-128, 127, 3], dtype=torch.int8),
        "u8": torch.tensor([0, 255, 9], dtype=torch.uint8),
        "bool": torch.tensor([True, False, True]),
        "scalar": torch.tensor(2.5),
        "empty": torch.zeros(0, 3),
    }
    write_safetensors(os.path.join(HERE, "torch_dtypes.safetensors"), dt, None)
    widened = {}
    for k, v in dt.items():
        if v.is_floating_point():
            widened[k] = enc(v.double() if v.dtype == torch.float64 else v.float())
        elif v.dtype == torch.bool:
            widened[k] = enc(v)
        else:
            widened[k] = enc(v.long())
    return {"mixed_state": {k: enc(v) for k, v in sd.items()}, "dtypes": widened}


# =================================================================================================
# optim: trajectories on a fixed problem, lr scheduler sequences
# =================================================================================================


def problem():
    g = gen("optim-problem")
    return {"w": torch.randn(3, 4, generator=g) * 0.5, "b": torch.randn(3, generator=g) * 0.1,
            "x": torch.randn(6, 4, generator=g), "y": torch.randn(6, 3, generator=g)}


def objective(w, b, pb):
    # loss = sum((x w^T + b - y)^2) / 6; OptimGolden.java computes the same.
    return (pb["x"] @ w.t() + b - pb["y"]).pow(2).sum() / 6


STEPS = 6


def trajectory(cid, opt_name, kw, groups=None):
    pb = problem()
    w = pb["w"].clone().requires_grad_()
    b = pb["b"].clone().requires_grad_()
    cls = getattr(torch.optim, opt_name)
    if groups is None:
        opt = cls([w, b], **kw)
    else:
        opt = cls([dict({"params": [w]}, **groups[0]), dict({"params": [b]}, **groups[1])], **kw)
    traj = []
    for _ in range(STEPS):
        opt.zero_grad()
        objective(w, b, pb).backward()
        opt.step()
        traj.append({"w": enc(w), "b": enc(b)})
    j = {k: (list(v) if isinstance(v, tuple) else v) for k, v in kw.items()}
    return {"id": cid, "optimizer": opt_name, "options": j, "groups": groups, "steps": traj}


def make_optim():
    T = []
    T.append(trajectory("sgd/plain", "SGD", {"lr": 0.1}))
    T.append(trajectory("sgd/momentum", "SGD", {"lr": 0.05, "momentum": 0.9}))
    T.append(trajectory("sgd/dampening", "SGD", {"lr": 0.05, "momentum": 0.9, "dampening": 0.5}))
    T.append(trajectory("sgd/nesterov", "SGD", {"lr": 0.05, "momentum": 0.8, "nesterov": True}))
    T.append(trajectory("sgd/weight_decay", "SGD", {"lr": 0.05, "momentum": 0.9, "weight_decay": 0.1}))
    T.append(trajectory("sgd/maximize", "SGD", {"lr": 0.01, "momentum": 0.5, "weight_decay": 0.1, "maximize": True}))
    T.append(trajectory("sgd/groups", "SGD", {"lr": 0.1, "momentum": 0.9}, [{}, {"lr": 0.01, "momentum": 0.5}]))
    T.append(trajectory("adam/default", "Adam", {"lr": 0.01}))
    T.append(trajectory("adam/betas_eps", "Adam", {"lr": 0.02, "betas": (0.8, 0.99), "eps": 1e-6}))
    T.append(trajectory("adam/amsgrad", "Adam", {"lr": 0.05, "amsgrad": True}))
    T.append(trajectory("adam/weight_decay", "Adam", {"lr": 0.01, "weight_decay": 0.5}))
    T.append(trajectory("adam/amsgrad_wd_maximize", "Adam",
                        {"lr": 0.01, "amsgrad": True, "weight_decay": 0.1, "maximize": True}))
    T.append(trajectory("adam/groups", "Adam", {"lr": 0.01}, [{"weight_decay": 0.2}, {"lr": 0.1}]))
    T.append(trajectory("adamw/default", "AdamW", {"lr": 0.01}))
    T.append(trajectory("adamw/weight_decay", "AdamW", {"lr": 0.05, "weight_decay": 0.5}))
    T.append(trajectory("adamw/amsgrad", "AdamW", {"lr": 0.05, "weight_decay": 0.1, "amsgrad": True}))
    T.append(trajectory("adamw/maximize", "AdamW", {"lr": 0.01, "maximize": True}))
    T.append(trajectory("rmsprop/plain", "RMSprop", {"lr": 0.01}))
    T.append(trajectory("rmsprop/alpha_eps", "RMSprop", {"lr": 0.01, "alpha": 0.9, "eps": 1e-4}))
    T.append(trajectory("rmsprop/centered", "RMSprop", {"lr": 0.01, "centered": True}))
    T.append(trajectory("rmsprop/momentum", "RMSprop", {"lr": 0.01, "momentum": 0.9}))
    T.append(trajectory("rmsprop/centered_momentum_wd", "RMSprop",
                        {"lr": 0.005, "centered": True, "momentum": 0.5, "weight_decay": 0.1}))
    T.append(trajectory("rmsprop/maximize", "RMSprop",
                        {"lr": 0.01, "centered": True, "weight_decay": 0.1, "maximize": True}))
    T.append(trajectory("adagrad/plain", "Adagrad", {"lr": 0.1}))
    T.append(trajectory("adagrad/maximize", "Adagrad", {"lr": 0.1, "weight_decay": 0.1, "maximize": True}))
    T.append(trajectory("adagrad/lr_decay", "Adagrad", {"lr": 0.1, "lr_decay": 0.5}))
    T.append(trajectory("adagrad/initial_accumulator", "Adagrad",
                        {"lr": 0.1, "initial_accumulator_value": 0.5, "eps": 1e-6}))
    T.append(trajectory("adagrad/weight_decay", "Adagrad", {"lr": 0.1, "weight_decay": 0.2, "lr_decay": 0.1}))
    pb = problem()
    return {"problem": {k: enc(v) for k, v in pb.items()}, "trajectories": T, "schedulers": make_schedulers()}


def sched_run(cid, make, epochs, opt_kind="sgd", lrs=(0.1,), metrics=None):
    params = [torch.zeros(2, requires_grad=True) for _ in lrs]
    groups = [{"params": [p], "lr": lr} for p, lr in zip(params, lrs)]
    if opt_kind == "sgd":
        opt = torch.optim.SGD(groups, lr=lrs[0], momentum=0.9)
    else:
        opt = torch.optim.Adam(groups, lr=lrs[0])
    s = make(opt)

    def mom():
        return [gr["betas"][0] if opt_kind == "adam" else gr["momentum"] for gr in opt.param_groups]

    seq, moms = [[gr["lr"] for gr in opt.param_groups]], [mom()]
    for e in range(epochs if metrics is None else len(metrics)):
        opt.step()
        if metrics is None:
            s.step()
        else:
            s.step(metrics[e])
        seq.append([gr["lr"] for gr in opt.param_groups])
        moms.append(mom())
    return {"id": cid, "optimizer": opt_kind, "lrs_init": list(lrs), "lr": seq, "momentum": moms,
            "metrics": metrics}


def make_schedulers():
    S = torch.optim.lr_scheduler
    out = []
    out.append(sched_run("step_lr", lambda o: S.StepLR(o, step_size=3, gamma=0.5), 12))
    out.append(sched_run("step_lr_two_groups", lambda o: S.StepLR(o, step_size=2, gamma=0.1), 7, lrs=(0.1, 0.02)))
    out.append(sched_run("multistep_lr_repeated", lambda o: S.MultiStepLR(o, milestones=[2, 5, 5, 8], gamma=0.1), 10))
    out.append(sched_run("exponential_lr", lambda o: S.ExponentialLR(o, gamma=0.9), 10))
    out.append(sched_run("cosine_annealing_past_tmax", lambda o: S.CosineAnnealingLR(o, T_max=5, eta_min=0.01), 17))
    out.append(sched_run("cosine_annealing_eta0", lambda o: S.CosineAnnealingLR(o, T_max=4), 12, lrs=(0.1, 0.5)))
    out.append(sched_run("linear_lr_warmup", lambda o: S.LinearLR(o, start_factor=0.25, end_factor=1.0,
                                                                  total_iters=4), 8))
    out.append(sched_run("linear_lr_decay", lambda o: S.LinearLR(o, start_factor=1.0, end_factor=0.1,
                                                                 total_iters=5), 8))
    out.append(sched_run("one_cycle_cos", lambda o: S.OneCycleLR(o, max_lr=1.0, total_steps=20), 20))
    out.append(sched_run("one_cycle_linear", lambda o: S.OneCycleLR(o, max_lr=0.5, total_steps=15, pct_start=0.25,
                                                                    anneal_strategy="linear", div_factor=10,
                                                                    final_div_factor=100), 15))
    out.append(sched_run("one_cycle_three_phase", lambda o: S.OneCycleLR(o, max_lr=0.8, total_steps=20,
                                                                         three_phase=True, base_momentum=0.8,
                                                                         max_momentum=0.9), 20))
    out.append(sched_run("one_cycle_adam_beta1", lambda o: S.OneCycleLR(o, max_lr=0.01, total_steps=12), 12,
                         opt_kind="adam", lrs=(0.001,)))
    out.append(sched_run("one_cycle_no_momentum", lambda o: S.OneCycleLR(o, max_lr=0.3, total_steps=10,
                                                                         cycle_momentum=False), 10))
    out.append(sched_run("sequential_linear_cosine", lambda o: S.SequentialLR(
        o, [S.LinearLR(o, start_factor=0.1, total_iters=3), S.CosineAnnealingLR(o, T_max=6)], milestones=[3]), 12))
    out.append(sched_run("sequential_step_exponential", lambda o: S.SequentialLR(
        o, [S.StepLR(o, step_size=2, gamma=0.5), S.ExponentialLR(o, gamma=0.9)], milestones=[4]), 10))
    metrics = [1.0, 0.9, 0.95, 0.95, 0.95, 0.89, 0.9, 0.9, 0.9, 0.9, 0.9, 0.5, 0.5, 0.5, 0.5, 0.5, 0.49995, 0.5,
               0.5, 0.5]
    out.append(sched_run("plateau_min_rel", lambda o: S.ReduceLROnPlateau(o, factor=0.5, patience=2), 0,
                         metrics=metrics))
    out.append(sched_run("plateau_min_abs_cooldown", lambda o: S.ReduceLROnPlateau(
        o, factor=0.5, patience=1, threshold=0.05, threshold_mode="abs", cooldown=2), 0, metrics=metrics))
    rising = [0.1, 0.3, 0.31, 0.32, 0.5, 0.52, 0.53, 0.53, 0.6, 0.6, 0.6, 0.6, 0.61, 0.7, 0.7, 0.7]
    out.append(sched_run("plateau_max_rel", lambda o: S.ReduceLROnPlateau(
        o, mode="max", factor=0.3, patience=1, threshold=0.1), 0, metrics=rising))
    out.append(sched_run("plateau_max_abs", lambda o: S.ReduceLROnPlateau(
        o, mode="max", factor=0.5, patience=0, threshold=0.02, threshold_mode="abs"), 0, metrics=rising))
    out.append(sched_run("plateau_max_abs_on_falling", lambda o: S.ReduceLROnPlateau(
        o, mode="max", factor=0.5, patience=0, threshold=0.02, threshold_mode="abs"), 0, metrics=metrics))
    out.append(sched_run("plateau_min_lr", lambda o: S.ReduceLROnPlateau(
        o, factor=0.1, patience=0, min_lr=0.0005), 0, metrics=metrics))
    out.append(sched_run("plateau_eps", lambda o: S.ReduceLROnPlateau(
        o, factor=0.5, patience=0, min_lr=0.09, eps=0.02), 0, metrics=metrics))
    return out


# =================================================================================================

if __name__ == "__main__":
    make_layers()
    make_losses()
    golden = {"torch": torch.__version__, "layers": LAYERS, "losses": LOSSES, "init": make_init(),
              "default_init": make_default_init(), "repr": make_repr(), "module_api": make_module_api(), "utils": make_utils(),
              "safetensors": make_safetensors()}
    text = dump(golden)
    with open(os.path.join(HERE, "nn_golden.json"), "w") as f:
        f.write(text + "\n")
    optim = dump(dict({"torch": torch.__version__}, **make_optim()))
    os.makedirs(OPTIM_DIR, exist_ok=True)
    with open(os.path.join(OPTIM_DIR, "optim_golden.json"), "w") as f:
        f.write(optim + "\n")
    print(f"{len(LAYERS)} layer cases, {len(LOSSES)} loss cases, nn_golden.json {len(text) / 1e3:.0f} kB,"
          f" optim_golden.json {len(optim) / 1e3:.0f} kB")
