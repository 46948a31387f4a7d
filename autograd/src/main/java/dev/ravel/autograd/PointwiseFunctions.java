package dev.ravel.autograd;

import dev.ravel.Tensor;
import dev.ravel.tensor.NDArray;

import static dev.ravel.autograd.Autograd.OUTPUT;
import static dev.ravel.autograd.Autograd.record;

/**
 * Elementwise ops, each with its derivative beside it (PyTorch's derivatives.yaml in Java). The
 * formulas use Tensor ops so that they can be differentiated again; broadcast inputs need no care
 * here, as the engine sums each gradient down to its input's shape.
 */
public final class PointwiseFunctions {
    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
    private static final double ONE_OVER_SQRT_2PI = 0.3989422804014327;
    private static final double SQRT1_2 = 0.7071067811865476;
    private static final double SQRT_2_OVER_PI = 0.7978845608028654;

    private PointwiseFunctions() {
    }

    static Tensor[] in(Tensor... t) {
        return t;
    }

    private static final Tensor[] NONE = new Tensor[0];

    // neg: -grad
    public static Tensor neg(Tensor x) {
        return record("neg", x.data().neg(), in(x), NONE, (g, s) -> in(g.neg()));
    }

    // abs: grad * sign(x)
    public static Tensor abs(Tensor x) {
        return record("abs", x.data().abs(), in(x), in(x), (g, s) -> in(g.mul(s[0].sign())));
    }

    /** sign, floor, ceil, round, trunc: piecewise constant, zero gradient. */
    public static Tensor stepLike(Tensor x, String op, NDArray result) {
        return record(op, result, in(x), NONE, (g, s) -> in(g.mul(0L)));
    }

    // exp: grad * result
    public static Tensor exp(Tensor x) {
        return record("exp", x.data().exp(), in(x), in(OUTPUT), (g, s) -> in(g.mul(s[0])));
    }

    // log: grad / x
    public static Tensor log(Tensor x) {
        return record("log", x.data().log(), in(x), in(x), (g, s) -> in(g.div(s[0])));
    }

    // log1p: grad / (1 + x)
    public static Tensor log1p(Tensor x) {
        return record("log1p", x.data().log1p(), in(x), in(x), (g, s) -> in(g.div(s[0].add(1L))));
    }

    // expm1: grad * (result + 1)
    public static Tensor expm1(Tensor x) {
        return record("expm1", x.data().expm1(), in(x), in(OUTPUT), (g, s) -> in(g.mul(s[0].add(1L))));
    }

    // sqrt: grad / (2 * result)
    public static Tensor sqrt(Tensor x) {
        return record("sqrt", x.data().sqrt(), in(x), in(OUTPUT), (g, s) -> in(g.div(s[0].mul(2L))));
    }

    // rsqrt: -0.5 * grad * result^3
    public static Tensor rsqrt(Tensor x) {
        return record("rsqrt", x.data().rsqrt(), in(x), in(OUTPUT), (g, s) -> in(g.mul(s[0].pow(3)).mul(-0.5)));
    }

    // square: 2 * grad * x
    public static Tensor square(Tensor x) {
        return record("square", x.data().square(), in(x), in(x), (g, s) -> in(g.mul(s[0].mul(2L))));
    }

    // reciprocal: -grad * result^2
    public static Tensor reciprocal(Tensor x) {
        return record("reciprocal", x.data().reciprocal(), in(x), in(OUTPUT), (g, s) -> in(g.mul(s[0].square()).neg()));
    }

    // sin: grad * cos(x)
    public static Tensor sin(Tensor x) {
        return record("sin", x.data().sin(), in(x), in(x), (g, s) -> in(g.mul(s[0].cos())));
    }

    // cos: -grad * sin(x)
    public static Tensor cos(Tensor x) {
        return record("cos", x.data().cos(), in(x), in(x), (g, s) -> in(g.mul(s[0].sin()).neg()));
    }

    // tanh: grad * (1 - result^2)
    public static Tensor tanh(Tensor x) {
        return record("tanh", x.data().tanh(), in(x), in(OUTPUT), (g, s) -> in(g.mul(s[0].square().rsub(1))));
    }

    // sigmoid: grad * result * (1 - result)
    public static Tensor sigmoid(Tensor x) {
        return record("sigmoid", x.data().sigmoid(), in(x), in(OUTPUT), (g, s) -> in(g.mul(s[0].mul(s[0].rsub(1)))));
    }

    // relu: grad where result > 0
    public static Tensor relu(Tensor x) {
        return record("relu", x.data().relu(), in(x), in(OUTPUT), (g, s) -> in(maskPositive(g, s[0])));
    }

    /** grad where gate > 0 (relu's backward); differentiable in grad, with the same mask. */
    static Tensor maskPositive(Tensor g, Tensor gate) {
        return record("threshold_backward", g.data().maskPositive(gate.data()), in(g), NONE,
                (gg, s) -> in(maskPositive(gg, gate)));
    }

    // gelu (exact): grad * (Phi(x) + x * phi(x)); tanh form: derivative of 0.5 x (1 + tanh(k (x + c x^3)))
    public static Tensor gelu(Tensor x, String approximate) {
        boolean tanh = approximate.equals("tanh");
        return record("gelu", x.data().gelu(approximate), in(x), in(x), (g, s) -> {
            Tensor v = s[0];
            if (!GradMode.isEnabled()) {
                // first order: one fused pass; a graph for higher orders takes the composite below
                return in(Tensor.of(g.data().geluBackward(v.data(), approximate)));
            }
            if (!tanh) {
                Tensor cdf = v.mul(SQRT1_2).erf().add(1L).mul(0.5);
                Tensor pdf = v.square().mul(-0.5).exp().mul(ONE_OVER_SQRT_2PI);
                return in(g.mul(cdf.add(v.mul(pdf))));
            }
            Tensor x2 = v.square();
            Tensor t = v.add(x2.mul(v).mul(0.044715)).mul(SQRT_2_OVER_PI).tanh();
            Tensor left = t.add(1L).mul(0.5);
            Tensor right = v.mul(0.5).mul(t.square().rsub(1)).mul(x2.mul(3 * 0.044715).add(1L).mul(SQRT_2_OVER_PI));
            return in(g.mul(left.add(right)));
        });
    }

    // silu: grad * s * (1 + x * (1 - s)), s = sigmoid(x)
    public static Tensor silu(Tensor x) {
        return record("silu", x.data().silu(), in(x), in(x), (g, s) -> {
            Tensor sg = s[0].sigmoid();
            return in(g.mul(sg.mul(s[0].mul(sg.rsub(1)).add(1L))));
        });
    }

    // softplus: grad * sigmoid(beta * x), or grad where beta * x > threshold
    public static Tensor softplus(Tensor x, double beta, double threshold) {
        return record("softplus", x.data().softplus(beta, threshold), in(x), in(x), (g, s) -> {
            Tensor bx = s[0].mul(beta);
            return in(g.mul(Tensor.where(bx.gt(threshold), Tensor.of(NDArray.scalar(1.0, g.dtype())), bx.sigmoid())));
        });
    }

    // erf: grad * 2/sqrt(pi) * exp(-x^2)
    public static Tensor erf(Tensor x) {
        return record("erf", x.data().erf(), in(x), in(x), (g, s) -> in(g.mul(s[0].square().neg().exp().mul(TWO_OVER_SQRT_PI))));
    }

    // leaky_relu: grad * (x > 0 ? 1 : slope)
    public static Tensor leakyRelu(Tensor x, double slope) {
        return record("leaky_relu", x.data().leakyRelu(slope), in(x), in(x), (g, s) -> {
            Tensor pos = s[0].gt(0.0);
            return in(g.mul(Tensor.where(pos, Tensor.of(NDArray.scalar(1.0, g.dtype())), Tensor.of(NDArray.scalar(slope, g.dtype())))));
        });
    }

    // elu: grad * (x > 0 ? 1 : result + alpha)
    public static Tensor elu(Tensor x, double alpha) {
        return record("elu", x.data().elu(alpha), in(x), in(x, OUTPUT), (g, s) -> {
            Tensor pos = s[0].gt(0.0);
            return in(g.mul(Tensor.where(pos, Tensor.of(NDArray.scalar(1.0, g.dtype())), s[1].add(alpha))));
        });
    }

    // clamp: grad where min <= x <= max
    public static Tensor clamp(Tensor x, double min, double max) {
        return record("clamp", x.data().clamp(min, max), in(x), in(x), (g, s) -> {
            Tensor keep = s[0].ge(Double.isNaN(min) ? Double.NEGATIVE_INFINITY : min)
                    .logicalAnd(s[0].le(Double.isNaN(max) ? Double.POSITIVE_INFINITY : max));
            return in(g.mul(keep));
        });
    }

    // add: grad, grad
    public static Tensor add(Tensor a, Tensor b) {
        return record("add", a.data().add(b.data()), in(a, b), NONE, (g, s) -> in(g, g));
    }

    /** x + c, x - c and other ops whose derivative in x is 1. */
    public static Tensor addScalar(Tensor x, NDArray result) {
        return record("add", result, in(x), NONE, (g, s) -> in(g));
    }

    /** x * c (and -x + c, x / c): derivative c. */
    public static Tensor mulScalar(Tensor x, NDArray result, double c) {
        return record("mul", result, in(x), NONE, (g, s) -> in(g.mul(c)));
    }

    // sub: grad, -grad
    public static Tensor sub(Tensor a, Tensor b) {
        return record("sub", a.data().sub(b.data()), in(a, b), NONE, (g, s) -> in(g, g.neg()));
    }

    // mul: grad * b, grad * a
    public static Tensor mul(Tensor a, Tensor b) {
        boolean ga = a.requiresGrad();
        boolean gb = b.requiresGrad();
        return record("mul", a.data().mul(b.data()), in(a, b), in(gb ? a : null, ga ? b : null),
                (g, s) -> in(ga ? g.mul(s[1]) : null, gb ? g.mul(s[0]) : null));
    }

    // div: grad / b, -grad * a / b^2
    public static Tensor div(Tensor a, Tensor b) {
        boolean gb = b.requiresGrad();
        return record("div", a.data().div(b.data()), in(a, b), in(gb ? a : null, b),
                (g, s) -> in(g.div(s[1]), gb ? g.neg().mul(s[0]).div(s[1].square()) : null));
    }

    // c / x: -grad * c / x^2
    public static Tensor rdiv(Tensor x, double c) {
        return record("div", x.data().rdiv(c), in(x), in(x), (g, s) -> in(g.mul(-c).div(s[0].square())));
    }

    // pow(x, e): grad * e * x^(e-1)
    public static Tensor pow(Tensor x, double e) {
        return record("pow", x.data().pow(e), in(x), in(x), (g, s) -> {
            if (e == 0) {
                return in(g.mul(0L));
            }
            return in(g.mul(s[0].pow(e - 1).mul(e)));
        });
    }

    // pow(a, b): grad * b * a^(b-1) (0 where b == 0, as 0^-1 would make it NaN at a == 0),
    // grad * result * log(a) (0 where a == 0 and b >= 0)
    public static Tensor pow(Tensor a, Tensor b) {
        return record("pow", a.data().pow(b.data()), in(a, b), in(a, b, OUTPUT), (g, s) -> {
            Tensor ga = g.mul(s[1].mul(s[0].pow(s[1].sub(1L)))).maskedFill(s[1].eq(0.0), 0.0);
            Tensor mask = s[0].eq(0.0).logicalAnd(s[1].ge(0.0));
            Tensor gb = g.mul(s[2].mul(s[0].log())).maskedFill(mask, 0.0);
            return in(ga, gb);
        });
    }

    // maximum: grad to the larger input, split evenly on ties
    public static Tensor maximum(Tensor a, Tensor b, boolean max) {
        NDArray r = max ? a.data().maximum(b.data()) : a.data().minimum(b.data());
        return record(max ? "maximum" : "minimum", r, in(a, b), in(a, b), (g, s) -> {
            Tensor tie = s[0].eq(s[1]);
            Tensor aWins = max ? s[0].gt(s[1]) : s[0].lt(s[1]);
            Tensor bWins = max ? s[0].lt(s[1]) : s[0].gt(s[1]);
            Tensor half = g.mul(0.5).mul(tie);
            return in(g.mul(aWins).add(half), g.mul(bWins).add(half));
        });
    }

    // remainder: grad, -grad * floor(a / b)
    public static Tensor remainder(Tensor a, Tensor b) {
        return record("remainder", a.data().remainder(b.data()), in(a, b), in(a, b),
                (g, s) -> in(g, g.neg().mul(s[0].div(s[1]).floor())));
    }

    /** An op with no derivative: recorded so that a backward through it fails clearly. */
    public static Tensor notDifferentiable(String op, NDArray result, Tensor... inputs) {
        return record(op, result, inputs, NONE, (g, s) -> {
            throw new UnsupportedOperationException("the derivative for '" + op + "' is not implemented.");
        });
    }

    // where: grad where cond, grad where not cond
    public static Tensor where(Tensor cond, Tensor x, Tensor y) {
        NDArray c = cond.data();
        return record("where", NDArray.where(c, x.data(), y.data()), in(x, y), NONE, (g, s) -> {
            Tensor zero = Tensor.of(NDArray.zeros(new int[0], g.dtype(), g.device()));
            Tensor ct = Tensor.of(c);
            return in(Tensor.where(ct, g, zero), Tensor.where(ct, zero, g));
        });
    }

    // masked_fill: grad with the filled positions zeroed
    public static Tensor maskedFill(Tensor x, Tensor mask, double value) {
        return record("masked_fill", x.data().maskedFill(mask.data(), value), in(x), NONE,
                (g, s) -> in(g.maskedFill(mask, 0.0)));
    }
}
