package dev.ravel.nn.functional;

import dev.ravel.Tensor;
import dev.ravel.autograd.Autograd;
import dev.ravel.tensor.DType;
import dev.ravel.tensor.NDArray;
import java.util.Arrays;

/**
 * Loss functions with PyTorch's semantics and reductions. Cross-entropy on class indices is one
 * fused op (log-softmax and NLL together, gradient {@code softmax - target} in closed form);
 * the others are compositions of differentiable tensor ops.
 */
final class Losses {
    private Losses() {
    }

    static Tensor reduce(Tensor loss, Reduction r, String op) {
        return switch (r) {
            case NONE -> loss;
            case MEAN -> loss.mean();
            case SUM -> loss.sum();
            case BATCHMEAN -> throw new IllegalArgumentException(op + ": reduction 'batchmean' is only for kl_div");
        };
    }

    private static void sameShape(String op, Tensor input, Tensor target) {
        if (!Arrays.equals(input.shape(), target.shape())) {
            throw new IllegalArgumentException(op + ": using a target size " + Arrays.toString(target.shape())
                    + " that is different to the input size " + Arrays.toString(input.shape())
                    + ". This will likely lead to incorrect results due to broadcasting; make the shapes equal.");
        }
    }

    /** Moves the class dim (1) last and flattens the rest: [N, C, d...] -> [N*d..., C]. */
    private static Tensor classesLast(Tensor input) {
        if (input.dim() == 1) {
            return input.unsqueeze(0);
        }
        if (input.dim() == 2) {
            return input;
        }
        int[] perm = new int[input.dim()];
        perm[0] = 0;
        for (int i = 2; i < input.dim(); i++) {
            perm[i - 1] = i;
        }
        perm[input.dim() - 1] = 1;
        return input.permute(perm).reshape(-1, input.size(1));
    }

    private static void checkTargetShape(String op, Tensor input, Tensor target) {
        int[] in = input.shape();
        int[] expected;
        if (input.dim() == 1) {
            expected = new int[0];
        } else {
            expected = new int[in.length - 1];
            expected[0] = in[0];
            System.arraycopy(in, 2, expected, 1, in.length - 2);
        }
        if (!Arrays.equals(expected, target.shape())) {
            throw new IllegalArgumentException(op + ": expected target size " + Arrays.toString(expected)
                    + " for input of size " + Arrays.toString(in) + ", got " + Arrays.toString(target.shape()));
        }
    }

    static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, int ignoreIndex, Reduction reduction,
                               double labelSmoothing) {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("cross_entropy: label_smoothing must be between 0.0 and 1.0, got "
                    + labelSmoothing);
        }
        if (input.dim() < 1) {
            throw new IllegalArgumentException("cross_entropy: input must have at least 1 dimension (classes), got a"
                    + " 0-d tensor");
        }
        int classes = input.dim() == 1 ? input.size(0) : input.size(1);
        if (weight != null && (weight.dim() != 1 || weight.size(0) != classes)) {
            throw new IllegalArgumentException("cross_entropy: weight tensor should be defined either for all "
                    + classes + " classes or no classes but got weight tensor of shape: " + Arrays.toString(weight.shape()));
        }
        if (target.dtype().isFloatingPoint()) {
            return crossEntropyProbabilities(input, target, weight, reduction, labelSmoothing, classes);
        }
        if (target.dtype() != DType.INT64) {
            throw new IllegalArgumentException("cross_entropy: expected target of dtype torch.int64 (class indices) or a"
                    + " floating point dtype (probabilities), got " + target.dtype().torchName());
        }
        checkTargetShape("cross_entropy", input, target);
        Tensor x = classesLast(input);
        NDArray t = target.data().reshape(-1);
        NDArray valid = t.ne((long) ignoreIndex);
        NDArray safe = NDArray.where(valid, t, NDArray.scalar(0L).to(t.device()));
        if (safe.numel() > 0) {
            long lo = safe.min().itemLong();
            long hi = safe.max().itemLong();
            if (lo < 0 || hi >= classes) {
                throw new IndexOutOfBoundsException("cross_entropy: Target " + (lo < 0 ? lo : hi) + " is out of bounds"
                        + " (expected values in [0, " + classes + ") or ignore_index " + ignoreIndex + ")");
            }
        }
        NDArray lsm = x.data().logSoftmax(1);
        DType ft = lsm.dtype();
        NDArray mask = valid.to(ft);
        NDArray wy = weight == null ? mask : weight.data().indexSelect(0, safe).mul(mask);
        NDArray picked = lsm.gather(1, safe.unsqueeze(1)).squeeze(1);
        NDArray perSample = picked.mul(wy).neg().mul(1 - labelSmoothing);
        NDArray wRow = weight == null ? null : weight.data().view(1, classes);
        if (labelSmoothing > 0) {
            NDArray all = wRow == null ? lsm.sum(1) : lsm.mul(wRow).sum(1);
            perSample = perSample.add(all.neg().mul(mask).mul(labelSmoothing / classes));
        }
        double denom = reduction == Reduction.MEAN ? wy.sum().item() : 1;
        NDArray out = switch (reduction) {
            case NONE -> perSample.view(target.shape());
            case SUM -> perSample.sum();
            case MEAN -> perSample.sum().div(denom);
            case BATCHMEAN -> throw new IllegalArgumentException("cross_entropy: reduction 'batchmean' is only for kl_div");
        };
        double eps = labelSmoothing;
        double sumW = weight == null ? classes : weight.data().sum().item();
        int[] targetShape = target.shape();
        return Autograd.record("cross_entropy", out, new Tensor[] {x}, new Tensor[] {x}, (g, s) -> {
            // d/dx = mask * (a * softmax(x) - b) * scale, a = (1-eps) w_y + eps/C sum(w),
            // b = (1-eps) w_y onehot(y) + eps/C w.
            Tensor p = s[0].softmax(1);
            Tensor a = Tensor.of(wy.mul(1 - eps).add(mask.mul(eps / classes * sumW)).unsqueeze(1));
            NDArray onehot = NDArray.oneHot(safe, classes).to(ft).mul(wy.unsqueeze(1)).mul(1 - eps);
            if (eps > 0) {
                NDArray smooth = wRow == null ? NDArray.full(new int[] {1, classes}, eps / classes, ft, t.device())
                        : wRow.mul(eps / classes);
                onehot = onehot.add(smooth.mul(mask.unsqueeze(1)));
            }
            Tensor grad = p.mul(a).sub(Tensor.of(onehot));
            Tensor scale = switch (reduction) {
                case NONE -> g.reshape(-1, 1);
                case SUM -> g;
                default -> g.div(denom);
            };
            return new Tensor[] {grad.mul(scale)};
        });
    }

    private static Tensor crossEntropyProbabilities(Tensor input, Tensor target, Tensor weight, Reduction reduction,
                                                    double eps, int classes) {
        sameShape("cross_entropy", input, target);
        Tensor x = classesLast(input);
        Tensor t = classesLast(target);
        if (eps > 0) {
            t = t.mul(1 - eps).add(eps / classes);
        }
        Tensor prod = x.logSoftmax(1).mul(t);
        if (weight != null) {
            prod = prod.mul(weight.view(1, classes));
        }
        Tensor perSample = prod.sum(1).neg();
        return switch (reduction) {
            case NONE -> input.dim() == 1 ? perSample.reshape() : perSample.reshape(dropClassDim(input.shape()));
            case SUM -> perSample.sum();
            case MEAN -> perSample.sum().div((double) x.size(0));
            case BATCHMEAN -> throw new IllegalArgumentException("cross_entropy: reduction 'batchmean' is only for kl_div");
        };
    }

    private static int[] dropClassDim(int[] shape) {
        int[] out = new int[shape.length - 1];
        out[0] = shape[0];
        System.arraycopy(shape, 2, out, 1, shape.length - 2);
        return out;
    }

    /** NLL on log-probabilities: -w[y] * input[y], ignored targets contribute nothing. */
    static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, int ignoreIndex, Reduction reduction) {
        if (target.dtype() != DType.INT64) {
            throw new IllegalArgumentException("nll_loss: expected target of dtype torch.int64, got "
                    + target.dtype().torchName());
        }
        checkTargetShape("nll_loss", input, target);
        int classes = input.dim() == 1 ? input.size(0) : input.size(1);
        Tensor x = classesLast(input);
        NDArray t = target.data().reshape(-1);
        NDArray valid = t.ne((long) ignoreIndex);
        NDArray safe = NDArray.where(valid, t, NDArray.scalar(0L).to(t.device()));
        if (safe.numel() > 0 && (safe.min().itemLong() < 0 || safe.max().itemLong() >= classes)) {
            throw new IndexOutOfBoundsException("nll_loss: Target " + (safe.min().itemLong() < 0 ? safe.min().itemLong()
                    : safe.max().itemLong()) + " is out of bounds (classes: " + classes + ")");
        }
        NDArray mask = valid.to(x.dtype());
        NDArray wy = weight == null ? mask : weight.data().indexSelect(0, safe).mul(mask);
        Tensor picked = x.gather(1, Tensor.of(safe.unsqueeze(1))).squeeze(1);
        Tensor perSample = picked.mul(Tensor.of(wy)).neg();
        return switch (reduction) {
            case NONE -> perSample.reshape(target.shape());
            case SUM -> perSample.sum();
            case MEAN -> perSample.sum().div(wy.sum().item());
            case BATCHMEAN -> throw new IllegalArgumentException("nll_loss: reduction 'batchmean' is only for kl_div");
        };
    }

    static Tensor mseLoss(Tensor input, Tensor target, Reduction r) {
        sameShape("mse_loss", input, target);
        return reduce(input.sub(target).square(), r, "mse_loss");
    }

    static Tensor l1Loss(Tensor input, Tensor target, Reduction r) {
        sameShape("l1_loss", input, target);
        return reduce(input.sub(target).abs(), r, "l1_loss");
    }

    /** 0.5 d^2 where |d| < delta, else delta (|d| - 0.5 delta). */
    static Tensor huberLoss(Tensor input, Tensor target, double delta, Reduction r) {
        sameShape("huber_loss", input, target);
        if (!(delta > 0)) {
            throw new IllegalArgumentException("huber_loss: delta must be positive, got " + delta);
        }
        Tensor d = input.sub(target);
        Tensor ad = d.abs();
        Tensor quad = d.square().mul(0.5);
        Tensor lin = ad.sub(0.5 * delta).mul(delta);
        return reduce(Tensor.where(ad.lt(delta), quad, lin), r, "huber_loss");
    }

    /** 0.5 d^2 / beta where |d| < beta, else |d| - 0.5 beta; beta 0 is L1. */
    static Tensor smoothL1Loss(Tensor input, Tensor target, double beta, Reduction r) {
        sameShape("smooth_l1_loss", input, target);
        if (beta < 0) {
            throw new IllegalArgumentException("smooth_l1_loss: beta must be non-negative, got " + beta);
        }
        Tensor d = input.sub(target);
        if (beta == 0) {
            return reduce(d.abs(), r, "smooth_l1_loss");
        }
        Tensor ad = d.abs();
        return reduce(Tensor.where(ad.lt(beta), d.square().mul(0.5 / beta), ad.sub(0.5 * beta)), r, "smooth_l1_loss");
    }

    /**
     * -w (y log x + (1 - y) log(1 - x)), the logs clamped at -100 as PyTorch does. The backward is
     * PyTorch's formula, (x - y) / max(x (1 - x), 1e-12) for the input and -logit(x) for the
     * target: differentiating the clamped logs would give 0 * inf = NaN where a sigmoid has
     * saturated to exactly 0 or 1.
     */
    static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, Reduction r) {
        sameShape("binary_cross_entropy", input, target);
        NDArray x = input.data();
        if (x.numel() > 0 && (x.min().item() < 0 || x.max().item() > 1)) {
            throw new IllegalArgumentException("binary_cross_entropy: all elements of input should be between 0 and 1");
        }
        NDArray y = target.data();
        NDArray perElement = y.mul(x.log().clampMin(-100)).add(y.rsub(1).mul(x.rsub(1).log().clampMin(-100))).neg();
        Tensor loss = Autograd.record("binary_cross_entropy", perElement, new Tensor[] {input, target},
                new Tensor[] {input, target}, (g, s) -> new Tensor[] {
                    g.mul(s[0].sub(s[1])).div(s[0].mul(s[0].rsub(1)).clampMin(1e-12)),
                    g.mul(s[0].rsub(1).log().sub(s[0].log()))});
        if (weight != null) {
            loss = loss.mul(weight);
        }
        return reduce(loss, r, "binary_cross_entropy");
    }

    /**
     * Stable BCE on logits: (1 - y) x + (1 + (pw - 1) y) softplus(-x), softplus(-x) computed as
     * log(1 + exp(-|x|)) + max(-x, 0). The backward is PyTorch's closed form,
     * (1 + (pw - 1) y) sigmoid(x) - pw y for the input (differentiating the two kinks of the
     * forward at x = 0 gave -y there instead of 0.5 - y) and -x + (pw - 1) softplus(-x) for the
     * target; pos_weight gets none, as in PyTorch.
     */
    static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight, Reduction r) {
        sameShape("binary_cross_entropy_with_logits", input, target);
        NDArray x = input.data();
        NDArray y = target.data();
        NDArray softplusNeg = x.abs().neg().exp().log1p().add(x.neg().clampMin(0));
        NDArray coef = posWeight == null ? null : posWeight.data().sub(1L).mul(y).add(1L);
        NDArray perElement = y.rsub(1).mul(x).add(coef == null ? softplusNeg : coef.mul(softplusNeg));
        Tensor loss = Autograd.record("binary_cross_entropy_with_logits", perElement,
                new Tensor[] {input, target, posWeight}, new Tensor[] {input, target, posWeight}, (g, s) -> {
                    Tensor xi = s[0];
                    Tensor yi = s[1];
                    Tensor pw = s[2];
                    Tensor gx = pw == null ? xi.sigmoid().sub(yi)
                            : pw.sub(1L).mul(yi).add(1L).mul(xi.sigmoid()).sub(pw.mul(yi));
                    Tensor gy = pw == null ? xi.neg() : xi.neg().add(pw.sub(1L).mul(xi.neg().softplus(1, 20)));
                    return new Tensor[] {g.mul(gx), g.mul(gy), null};
                });
        if (weight != null) {
            loss = loss.mul(weight);
        }
        return reduce(loss, r, "binary_cross_entropy_with_logits");
    }

    /** KL(target || input) with input as log-probabilities: target (log target - input); 0 where target is 0. */
    static Tensor klDiv(Tensor input, Tensor target, Reduction r, boolean logTarget) {
        Tensor loss;
        if (logTarget) {
            loss = target.exp().mul(target.sub(input));
        } else {
            Tensor zero = Tensor.of(NDArray.zeros(new int[0], target.dtype(), target.device()));
            Tensor safeLog = Tensor.where(target.gt(0.0), target, Tensor.of(NDArray.ones(new int[0], target.dtype(),
                    target.device()))).log();
            loss = Tensor.where(target.gt(0.0), target.mul(safeLog.sub(input)), zero.sub(target.mul(input)));
        }
        if (r == Reduction.BATCHMEAN) {
            return loss.sum().div((double) (input.dim() == 0 ? 1 : input.size(0)));
        }
        return reduce(loss, r, "kl_div");
    }
}
