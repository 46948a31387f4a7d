"""Expected forward values and input gradients from real PyTorch for AutogradGoldenTest.

Run with a Python that has torch (Debian's /usr/bin/python3 has torch 1.13):

    /usr/bin/python3 make_autograd_golden.py > autograd_grads.json

Each case: named inputs (float32 unless int64), the PyTorch expression (the Java test has the same
chain under the case's name), the forward value, the gradient fed to backward (for non-scalar
outputs), and the gradient of every input that requires grad.
"""
import json
import sys

import torch
import torch.nn.functional as F

torch.manual_seed(0)
CASES = []


def t(values, rg=True):
    x = torch.tensor(values, dtype=torch.float32)
    return x.requires_grad_(rg)


def rnd(*shape, rg=True, scale=1.0):
    return (torch.randn(*shape) * scale).requires_grad_(rg)


def ints(values):
    return torch.tensor(values, dtype=torch.int64)


def flat(x):
    return [float(v) if x.dtype.is_floating_point else int(v) for v in x.detach().reshape(-1).tolist()]


def case(name, expr, fn, **inputs):
    out = fn(**inputs)
    entry = {"name": name, "expr": expr, "inputs": []}
    for k, v in inputs.items():
        entry["inputs"].append({"name": k, "dtype": "int64" if v.dtype == torch.int64 else "float32",
                                "shape": list(v.shape), "requires_grad": bool(v.requires_grad), "data": flat(v)})
    entry["out"] = {"shape": list(out.shape), "data": flat(out)}
    if out.numel() == 1 and out.dim() == 0:
        out.backward()
    else:
        g = torch.linspace(-1.0, 1.5, out.numel()).reshape(out.shape)
        entry["grad_output"] = flat(g)
        out.backward(g)
    entry["grads"] = {k: (flat(v.grad) if v.grad is not None else None)
                      for k, v in inputs.items() if v.requires_grad}
    CASES.append(entry)


# ---- ties and non-differentiable points: PyTorch's conventions ----
case("max_dim_ties", "x.max(1).values", lambda x: x.max(1).values,
     x=t([[1.0, 3.0, 3.0, 0.5], [2.0, 2.0, 1.0, 2.0], [-1.0, -1.0, -1.0, -1.0]]))
case("min_dim_ties_keepdim", "x.min(0, keepdim=True).values", lambda x: x.min(0, keepdim=True).values,
     x=t([[1.0, 0.0, 3.0], [1.0, 0.0, -3.0], [2.0, 0.0, -3.0]]))
case("amax_ties", "x.amax(1)", lambda x: x.amax(1),
     x=t([[1.0, 3.0, 3.0, 0.5], [2.0, 2.0, 1.0, 2.0], [-1.0, -1.0, -1.0, -1.0]]))
case("amin_ties_dims", "x.amin((0, 2))", lambda x: x.amin((0, 2)),
     x=t([[[1.0, 0.0], [2.0, 2.0]], [[0.0, 5.0], [3.0, 2.0]]]))
case("max_all_ties", "x.max()", lambda x: x.max(), x=t([[1.0, 4.0, 4.0], [4.0, 0.0, -2.0]]))
case("min_all_ties", "x.min()", lambda x: x.min(), x=t([[1.0, -4.0, 4.0], [-4.0, 0.0, -2.0]]))
case("maximum_ties", "torch.maximum(a, b)", lambda a, b: torch.maximum(a, b),
     a=t([1.0, 2.0, 3.0, -1.0]), b=t([1.0, 5.0, 0.0, -1.0]))
case("minimum_ties_broadcast", "torch.minimum(a, b)", lambda a, b: torch.minimum(a, b),
     a=t([[1.0, 2.0], [0.0, -3.0]]), b=t([1.0, -3.0]))
case("relu_at_zero", "x.relu()", lambda x: x.relu(), x=t([-1.0, 0.0, 0.0, 2.0, -0.0]))
case("abs_at_zero", "x.abs()", lambda x: x.abs(), x=t([-1.5, 0.0, 2.0]))
case("clamp_at_bounds", "x.clamp(-1, 1)", lambda x: x.clamp(-1, 1), x=t([-2.0, -1.0, 0.5, 1.0, 3.0]))
case("clamp_min_at_bound", "x.clamp(min=0.5)", lambda x: x.clamp(min=0.5), x=t([0.0, 0.5, 1.0]))
case("leaky_relu_at_zero", "F.leaky_relu(x, 0.2)", lambda x: F.leaky_relu(x, 0.2), x=t([-1.0, 0.0, 1.0]))
case("elu_at_zero", "F.elu(x, 1.5)", lambda x: F.elu(x, 1.5), x=t([-1.0, 0.0, 1.0]))
case("norm_of_zeros", "x.norm()", lambda x: x.norm(), x=t([0.0, 0.0, 0.0]))
case("norm_inf_ties", "x.norm(float('inf'))", lambda x: x.norm(float("inf")), x=t([1.0, -3.0, 3.0, 2.0]))
case("norm1_with_zero", "x.norm(1)", lambda x: x.norm(1), x=t([1.0, 0.0, -2.0]))
case("std_of_constant_rows", "x.std(1)", lambda x: x.std(1), x=t([[2.0, 2.0, 2.0], [1.0, 2.0, 4.0]]))
case("prod_with_one_zero", "x.prod(1)", lambda x: x.prod(1), x=t([[2.0, 0.0, 3.0], [1.5, -2.0, 4.0]]))
case("prod_with_two_zeros", "x.prod()", lambda x: x.prod(), x=t([0.0, 2.0, 0.0, 3.0]))
case("pow_zero_base", "a ** b", lambda a, b: a ** b, a=t([0.0, 0.0, 2.0, 1.5]), b=t([2.0, 0.0, 0.5, -1.0]))
case("pow_scalar_zero_base", "x ** 2", lambda x: x ** 2, x=t([0.0, -1.0, 3.0]))
case("sqrt_relu", "(x.relu() + 1).sqrt()", lambda x: (x.relu() + 1).sqrt(), x=t([-1.0, 0.0, 3.0]))
case("max_pool_window_ties", "F.max_pool2d(x, 2)", lambda x: F.max_pool2d(x, 2),
     x=t([[[[1.0, 1.0, 0.0, 2.0], [1.0, 0.0, 2.0, 2.0], [5.0, 5.0, 3.0, 3.0], [5.0, 5.0, 3.0, 3.0]]]]))

# ---- pointwise, reductions, indexing with generic values ----
case("pointwise_chain", "(x.sigmoid() * x.tanh() + F.gelu(x) - F.silu(x) * F.softplus(x)).exp() / (1 + x.square())",
     lambda x: (x.sigmoid() * x.tanh() + F.gelu(x) - F.silu(x) * F.softplus(x)).exp() / (1 + x.square()),
     x=rnd(2, 3))
case("gelu_tanh_erf", "F.gelu(x, approximate='tanh') + torch.erf(x)",
     lambda x: F.gelu(x, approximate="tanh") + torch.erf(x), x=rnd(5))
case("broadcast_mul_div", "(a * b) / (b.abs() + 1) - a", lambda a, b: (a * b) / (b.abs() + 1) - a,
     a=rnd(3, 1), b=rnd(4))
case("softmax_logsoftmax", "x.softmax(-1) * x.log_softmax(0)", lambda x: x.softmax(-1) * x.log_softmax(0),
     x=rnd(3, 4))
case("var_std_logsumexp", "x.var(1, keepdim=True) + x.std(0) + x.logsumexp(1, keepdim=True)",
     lambda x: x.var(1, keepdim=True) + x.std(0) + x.logsumexp(1, keepdim=True), x=rnd(3, 4))
case("cumsum_cumprod", "x.cumsum(1) * x.cumprod(-1)", lambda x: x.cumsum(1) * x.cumprod(-1), x=rnd(2, 4))
case("norms", "x.norm(3, dim=1) + x.norm(2, dim=1) + x.norm(1, dim=1)",
     lambda x: x.norm(3, dim=1) + x.norm(2, dim=1) + x.norm(1, dim=1), x=rnd(3, 4))
case("gather_scatter_add", "x.gather(1, i) + torch.zeros(3, 4).scatter_add(1, i, s).narrow(1, 0, 2)",
     lambda x, s, i: x.gather(1, i) + torch.zeros(3, 4).scatter_add(1, i, s).narrow(1, 0, 2),
     x=rnd(3, 4), s=rnd(3, 2), i=ints([[0, 0], [3, 1], [2, 2]]))
case("index_select_index_add", "x.index_select(0, i).index_add(0, j, y)",
     lambda x, y, i, j: x.index_select(0, i).index_add(0, j, y),
     x=rnd(3, 2), y=rnd(2, 2), i=ints([2, 0, 2, 1]), j=ints([3, 3]))
case("cat_stack_flip", "torch.stack([torch.cat([a, b], 0).flip(0), c], 1)",
     lambda a, b, c: torch.stack([torch.cat([a, b], 0).flip(0), c], 1),
     a=rnd(2, 3), b=rnd(1, 3), c=rnd(3, 3))
case("views", "x.permute(2, 0, 1)[1:, :, ::2].reshape(2, -1).t().diagonal()",
     lambda x: x.permute(2, 0, 1)[1:, :, ::2].reshape(2, -1).t().diagonal(), x=rnd(2, 3, 3))
case("tril_pad", "F.pad(x.tril(-1) + x.triu(1) * 2, (1, 2, 0, 1), value=0.5)",
     lambda x: F.pad(x.tril(-1) + x.triu(1) * 2, (1, 2, 0, 1), value=0.5), x=rnd(3, 3))
case("where_masked_fill", "torch.where(x > 0, x, y * 2).masked_fill(m, 1.0)",
     lambda x, y, m: torch.where(x > 0, x, y * 2).masked_fill(m.bool(), 1.0),
     x=rnd(2, 3), y=rnd(3), m=ints([[1, 0, 0], [0, 0, 1]]))
case("matmul_batched_broadcast", "(a @ b) @ v", lambda a, b, v: (a @ b) @ v,
     a=rnd(2, 1, 2, 3), b=rnd(3, 3, 4), v=rnd(4))
case("addmm_outer_dot", "torch.addmm(c, a, b, beta=0.5, alpha=2) * torch.outer(u, w) + u.dot(u)",
     lambda c, a, b, u, w: torch.addmm(c, a, b, beta=0.5, alpha=2) * torch.outer(u, w) + u.dot(u),
     c=rnd(3), a=rnd(2, 4), b=rnd(4, 3), u=rnd(2), w=rnd(3))
case("avg_pool_ceil_no_pad_count", "F.avg_pool2d(x, 3, 2, 1, ceil_mode=True, count_include_pad=False)",
     lambda x: F.avg_pool2d(x, 3, 2, 1, ceil_mode=True, count_include_pad=False), x=rnd(1, 2, 6, 5))
case("avg_pool_divisor", "F.avg_pool2d(x, 2, 2, 1, divisor_override=3)",
     lambda x: F.avg_pool2d(x, 2, 2, 1, divisor_override=3), x=rnd(1, 1, 4, 5))
case("unfold_fold", "F.fold(F.unfold(x, 2, dilation=1, padding=1, stride=1) * 1.5, (3, 4), 2, padding=1)",
     lambda x: F.fold(F.unfold(x, 2, dilation=1, padding=1, stride=1) * 1.5, (3, 4), 2, padding=1),
     x=rnd(1, 2, 3, 4))


# ---- small networks ----
def mlp(x, w1, b1, w2, b2, y):
    h = (x @ w1 + b1).relu()
    logits = h @ w2 + b2
    return -(logits.log_softmax(1).gather(1, y.unsqueeze(1))).mean()


case("mlp_cross_entropy", "-(((x @ w1 + b1).relu() @ w2 + b2).log_softmax(1).gather(1, y[:, None])).mean()", mlp,
     x=rnd(4, 3), w1=rnd(3, 5), b1=rnd(5, scale=0.1), w2=rnd(5, 3), b2=rnd(3, scale=0.1), y=ints([0, 2, 1, 2]))
assert abs(CASES[-1]["out"]["data"][0]) > 0


def convnet(x, w, b, w2):
    h = F.conv2d(x, w, b, stride=1, padding=1).relu()
    p = F.max_pool2d(h, 2)
    return (F.conv2d(p, w2, None, groups=1) .tanh()).sum()


case("conv_relu_maxpool_conv", "F.conv2d(F.max_pool2d(F.conv2d(x, w, b, padding=1).relu(), 2), w2).tanh().sum()",
     convnet, x=rnd(2, 2, 5, 5), w=rnd(3, 2, 3, 3, scale=0.5), b=rnd(3, scale=0.1), w2=rnd(2, 3, 2, 2, scale=0.5))
case("conv_groups_stride_dilation", "F.conv2d(x, w, b, stride=(2, 1), padding=(1, 0), dilation=(1, 2), groups=2)",
     lambda x, w, b: F.conv2d(x, w, b, stride=(2, 1), padding=(1, 0), dilation=(1, 2), groups=2),
     x=rnd(1, 4, 5, 6), w=rnd(4, 2, 2, 2), b=rnd(4))
case("conv_unbatched_no_bias", "F.conv2d(x, w, None, padding=1)", lambda x, w: F.conv2d(x, w, None, padding=1),
     x=rnd(2, 3, 3), w=rnd(2, 2, 2, 2))



def seeded_dropout(x):
    torch.manual_seed(123)
    return F.dropout(x, 0.3, training=True)


# the mask is drawn from the seeded default generator: Ravel's generator reproduces torch's CPU stream
case("dropout_seeded", "torch.manual_seed(123); F.dropout(x, 0.3)", seeded_dropout, x=rnd(3, 5))

json.dump({"torch": torch.__version__, "cases": CASES}, sys.stdout, separators=(",", ":"))
sys.stdout.write("\n")
