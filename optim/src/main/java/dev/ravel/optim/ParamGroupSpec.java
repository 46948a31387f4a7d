package dev.ravel.optim;

import dev.ravel.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Parameters with option overrides, for optimizers with several groups (PyTorch's
 * {@code [{"params": ..., "lr": 1e-4}, ...]}).
 */
public record ParamGroupSpec(List<? extends Tensor> params, Map<String, Object> options) {
    public static ParamGroupSpec of(List<? extends Tensor> params) {
        return new ParamGroupSpec(params, Map.of());
    }

    public static ParamGroupSpec of(List<? extends Tensor> params, Map<String, Object> options) {
        return new ParamGroupSpec(params, options);
    }
}
