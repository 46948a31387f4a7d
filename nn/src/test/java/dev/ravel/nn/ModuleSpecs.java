package dev.ravel.nn;

import static dev.ravel.nn.testing.Golden.d;
import static dev.ravel.nn.testing.Golden.i;
import static dev.ravel.nn.testing.Golden.ints;

import dev.ravel.Tensor;
import dev.ravel.nn.functional.Reduction;
import dev.ravel.nn.testing.Golden;
import dev.ravel.tensor.DType;
import java.util.Map;

/**
 * Builds a Ravel module from a golden spec ({@code {"type": ..., constructor arguments}}), with the
 * meaning {@code build()} in make_nn_golden.py gives it; and the models the seed tutorials use.
 */
final class ModuleSpecs {
    private ModuleSpecs() {
    }

    static Module build(Map<String, Object> s) {
        String type = (String) s.get("type");
        return switch (type) {
            case "Linear" -> new Linear(i(s.get("in")), i(s.get("out")), bool(s, "bias"));
            case "Conv1d" -> new Conv1d(i(s.get("in")), i(s.get("out")), i(s.get("k")), i(s.get("stride")),
                    i(s.get("padding")), i(s.get("dilation")), i(s.get("groups")), bool(s, "bias"));
            case "Conv2d" -> s.get("padding") instanceof String p
                    ? new Conv2d(i(s.get("in")), i(s.get("out")), ints(s.get("k")), p, ints(s.get("dilation")),
                            i(s.get("groups")), bool(s, "bias"))
                    : new Conv2d(i(s.get("in")), i(s.get("out")), ints(s.get("k")), ints(s.get("stride")),
                            ints(s.get("padding")), ints(s.get("dilation")), i(s.get("groups")), bool(s, "bias"));
            case "MaxPool2d" -> new MaxPool2d(i(s.get("k")), i(s.get("stride")), i(s.get("padding")),
                    i(s.get("dilation")), bool(s, "ceil"));
            case "AvgPool2d" -> new AvgPool2d(i(s.get("k")), i(s.get("stride")), i(s.get("padding")), bool(s, "ceil"),
                    bool(s, "count_include_pad"), s.get("divisor_override") == null ? 0 : i(s.get("divisor_override")));
            case "AdaptiveAvgPool2d" -> new AdaptiveAvgPool2d(ints(s.get("out"))[0], ints(s.get("out"))[1]);
            case "BatchNorm1d" -> new BatchNorm1d(i(s.get("n")), d(s.get("eps")), momentum(s), bool(s, "affine"),
                    bool(s, "track"));
            case "BatchNorm2d" -> new BatchNorm2d(i(s.get("n")), d(s.get("eps")), momentum(s), bool(s, "affine"),
                    bool(s, "track"));
            case "LayerNorm" -> new LayerNorm(ints(s.get("shape")), d(s.get("eps")), bool(s, "affine"), true);
            case "GroupNorm" -> new GroupNorm(i(s.get("groups")), i(s.get("channels")), d(s.get("eps")),
                    bool(s, "affine"));
            case "Embedding" -> s.get("padding_idx") == null ? new Embedding(i(s.get("num")), i(s.get("dim")))
                    : new Embedding(i(s.get("num")), i(s.get("dim")), i(s.get("padding_idx")));
            case "ReLU" -> new ReLU();
            case "LeakyReLU" -> new LeakyReLU(d(s.get("slope")));
            case "ELU" -> new ELU(d(s.get("alpha")));
            case "GELU" -> new GELU((String) s.get("approximate"));
            case "SiLU" -> new SiLU();
            case "Mish" -> new Mish();
            case "Tanh" -> new Tanh();
            case "Sigmoid" -> new Sigmoid();
            case "Softmax" -> new Softmax(i(s.get("dim")));
            case "LogSoftmax" -> new LogSoftmax(i(s.get("dim")));
            case "Softplus" -> new Softplus(d(s.get("beta")), d(s.get("threshold")));
            case "Flatten" -> new Flatten(i(s.get("start")), i(s.get("end")));
            case "Unflatten" -> new Unflatten(i(s.get("dim")), ints(s.get("sizes")));
            case "Identity" -> new Identity();
            case "Dropout" -> new Dropout(d(s.get("p")));
            default -> throw new IllegalArgumentException("no builder for " + type);
        };
    }

    /** A loss module from a loss spec (weights as encoded tensors). */
    static Loss buildLoss(Map<String, Object> s) {
        return buildLoss(s, DType.FLOAT32);
    }

    /** A loss whose weight tensors are of a floating dtype (float64 for gradcheck). */
    static Loss buildLoss(Map<String, Object> s, DType dtype) {
        String type = (String) s.get("type");
        Reduction r = Reduction.of((String) s.get("reduction"));
        Tensor w = as(Golden.tensor(s.get("weight")), dtype);
        return switch (type) {
            case "CrossEntropyLoss" -> new CrossEntropyLoss(w, i(s.get("ignore_index")), r, d(s.get("label_smoothing")));
            case "NLLLoss" -> new NLLLoss(w, i(s.get("ignore_index")), r);
            case "BCELoss" -> new BCELoss(w, r);
            case "BCEWithLogitsLoss" -> new BCEWithLogitsLoss(w, r, as(Golden.tensor(s.get("pos_weight")), dtype));
            case "KLDivLoss" -> new KLDivLoss(r, bool(s, "log_target"));
            case "HuberLoss" -> new HuberLoss(r, d(s.get("delta")));
            case "SmoothL1Loss" -> new SmoothL1Loss(r, d(s.get("beta")));
            case "MSELoss" -> new MSELoss(r);
            case "L1Loss" -> new L1Loss(r);
            default -> throw new IllegalArgumentException("no builder for " + type);
        };
    }

    private static Tensor as(Tensor t, DType dtype) {
        return t == null ? null : t.to(dtype);
    }

    private static boolean bool(Map<String, Object> s, String key) {
        return (Boolean) s.get(key);
    }

    private static double momentum(Map<String, Object> s) {
        return s.get("momentum") == null ? Double.NaN : d(s.get("momentum"));
    }

    /** The seed MLP tutorial's model. */
    static Sequential seedMlp() {
        return new Sequential(new Flatten(), new Linear(784, 256), new ReLU(), new Dropout(0.2), new Linear(256, 128),
                new ReLU(), new Dropout(0.2), new Linear(128, 10));
    }

    /** The seed CNN tutorial's model. */
    static Sequential seedCnn() {
        return new Sequential(new Conv2d(1, 32, 3, 1, 1), new ReLU(), new MaxPool2d(2), new Conv2d(32, 64, 3, 1, 1),
                new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(3136, 128), new ReLU(), new Dropout(0.5),
                new Linear(128, 10));
    }
}
