package dev.ravel.nn.utils;

import dev.ravel.Tensor;
import dev.ravel.tensor.NDArray;
import java.util.ArrayList;
import java.util.List;

/** {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}. */
public final class GradClipping {
    private GradClipping() {
    }

    /**
     * Scales all gradients together so that their total p-norm is at most maxNorm, and returns
     * that norm (before clipping), as a 0-d tensor. Infinite p means the max-abs norm.
     */
    public static Tensor clipGradNorm_(List<? extends Tensor> parameters, double maxNorm, double normType,
                                       boolean errorIfNonfinite) {
        List<NDArray> grads = new ArrayList<>();
        for (Tensor p : parameters) {
            if (p.grad() != null) {
                grads.add(p.grad().data());
            }
        }
        if (grads.isEmpty()) {
            return Tensor.of(NDArray.scalar(0.0));
        }
        double total;
        if (Double.isInfinite(normType)) {
            total = 0;
            for (NDArray g : grads) {
                total = Math.max(total, g.abs().max().item());
            }
        } else {
            double acc = 0;
            for (NDArray g : grads) {
                acc += Math.pow(g.norm(normType).item(), normType);
            }
            total = Math.pow(acc, 1 / normType);
        }
        if (errorIfNonfinite && !Double.isFinite(total)) {
            throw new IllegalStateException("clip_grad_norm_: the total norm of order " + normType + " for gradients"
                    + " from `parameters` is non-finite, so it cannot be clipped.");
        }
        double coef = maxNorm / (total + 1e-6);
        // PyTorch multiplies by clamp(coef, max=1): a NaN norm turns every gradient into NaN.
        if (!(coef >= 1)) {
            for (NDArray g : grads) {
                g.mul_(coef);
            }
        }
        return Tensor.of(NDArray.scalar(total, grads.getFirst().dtype()));
    }

    public static Tensor clipGradNorm_(List<? extends Tensor> parameters, double maxNorm) {
        return clipGradNorm_(parameters, maxNorm, 2, false);
    }

    /** Clamps every gradient element into [-clipValue, clipValue]. */
    public static void clipGradValue_(List<? extends Tensor> parameters, double clipValue) {
        for (Tensor p : parameters) {
            if (p.grad() != null) {
                p.grad().data().clamp_(-clipValue, clipValue);
            }
        }
    }
}
