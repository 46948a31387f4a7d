package dev.ravel.tensor;

import dev.ravel.tensor.testing.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;

/**
 * The Ravel side of the golden cases: each op name of make_tensor_golden.py mapped onto the public
 * NDArray API. Keep the two tables in step: a name here means exactly what it means there.
 */
final class GoldenOps {
    private GoldenOps() {
    }

    /** Python ints select Ravel's long overloads (integer arrays stay integer), floats the double ones. */
    private static NDArray clamp(NDArray x, Args a) {
        boolean ints = (!a.has("min") || a.isInt("min")) && (!a.has("max") || a.isInt("max"));
        if (ints) {
            if (a.has("min") && a.has("max")) {
                return x.clamp(a.l("min"), a.l("max"));
            }
            return a.has("min") ? x.clampMin(a.l("min")) : x.clampMax(a.l("max"));
        }
        return a.has("min") && a.has("max") ? x.clamp(a.d("min"), a.d("max"))
                : a.has("min") ? x.clampMin(a.d("min")) : x.clampMax(a.d("max"));
    }

    /** A case's arguments, as the JSON gives them. */
    record Args(Map<String, Object> m) {
        boolean has(String k) {
            return m.containsKey(k) && m.get(k) != null;
        }

        Object raw(String k) {
            if (!m.containsKey(k)) {
                throw new IllegalArgumentException("golden case lacks argument '" + k + "'");
            }
            return m.get(k);
        }

        double d(String k) {
            return number(raw(k));
        }

        long l(String k) {
            return ((Json.Num) raw(k)).asLong();
        }

        int i(String k) {
            return ((Json.Num) raw(k)).asInt();
        }

        boolean b(String k) {
            return (Boolean) raw(k);
        }

        /** A Python int (no '.' or exponent): Ravel's long overloads take those. */
        boolean isInt(String k) {
            return raw(k) instanceof Json.Num n && n.text().matches("-?\\d+");
        }

        String s(String k) {
            return (String) raw(k);
        }

        int[] ints(String k) {
            return GoldenOps.ints(raw(k));
        }

        @SuppressWarnings("unchecked")
        List<Object> list(String k) {
            return (List<Object>) raw(k);
        }
    }

    static double number(Object o) {
        return switch (o) {
            case Json.Num n -> n.asDouble();
            case String s when s.equals("nan") -> Double.NaN;
            case String s when s.equals("inf") -> Double.POSITIVE_INFINITY;
            case String s when s.equals("-inf") -> Double.NEGATIVE_INFINITY;
            default -> throw new IllegalArgumentException("not a number: " + o);
        };
    }

    static int[] ints(Object o) {
        @SuppressWarnings("unchecked")
        List<Object> l = (List<Object>) o;
        int[] r = new int[l.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = ((Json.Num) l.get(i)).asInt();
        }
        return r;
    }

    static DType dtype(String name) {
        return switch (name) {
            case "float32" -> DType.FLOAT32;
            case "float64" -> DType.FLOAT64;
            case "int64" -> DType.INT64;
            case "bool" -> DType.BOOL;
            default -> throw new IllegalArgumentException("unknown dtype " + name);
        };
    }

    /** The non-contiguous views of the script's transform(). */
    static NDArray transform(NDArray x, Object spec) {
        if (spec == null) {
            return x;
        }
        @SuppressWarnings("unchecked")
        List<Object> l = (List<Object>) spec;
        int[] n = ints(l.subList(1, l.size()));
        return switch ((String) l.getFirst()) {
            case "t" -> x.transpose(n[0], n[1]);
            case "s" -> x.slice(n[0], n[1], x.size(n[0]), n[2]);
            case "e" -> x.expand(n);
            case "p" -> x.permute(n);
            default -> throw new IllegalArgumentException("unknown transform " + spec);
        };
    }

    /** Runs one op: the result is an NDArray, a list of them, or a String. */
    static Object run(String op, List<NDArray> xs, Args a) {
        NDArray x = xs.isEmpty() ? null : xs.getFirst();
        NDArray y = xs.size() > 1 ? xs.get(1) : null;
        NDArray z = xs.size() > 2 ? xs.get(2) : null;
        return switch (op) {
            // ---- unary ----
            case "neg" -> x.neg();
            case "abs" -> x.abs();
            case "sign" -> x.sign();
            case "exp" -> x.exp();
            case "log" -> x.log();
            case "log1p" -> x.log1p();
            case "expm1" -> x.expm1();
            case "sqrt" -> x.sqrt();
            case "rsqrt" -> x.rsqrt();
            case "square" -> x.square();
            case "reciprocal" -> x.reciprocal();
            case "sin" -> x.sin();
            case "cos" -> x.cos();
            case "tanh" -> x.tanh();
            case "sigmoid" -> x.sigmoid();
            case "relu" -> x.relu();
            case "gelu" -> x.gelu(a.s("approximate"));
            case "silu" -> x.silu();
            case "softplus" -> x.softplus(a.d("beta"), a.d("threshold"));
            case "erf" -> x.erf();
            case "floor" -> x.floor();
            case "ceil" -> x.ceil();
            case "round" -> x.round();
            case "trunc" -> x.trunc();
            case "clamp" -> clamp(x, a);
            case "leakyRelu" -> x.leakyRelu(a.d("slope"));
            case "elu" -> x.elu(a.d("alpha"));
            case "isnan" -> x.isnan();
            case "isinf" -> x.isinf();
            case "isfinite" -> x.isfinite();
            case "logicalNot" -> x.logicalNot();
            // ---- binary ----
            case "add" -> binary(xs, a, NDArray::add, NDArray::add, NDArray::add);
            case "addAlpha" -> x.add(y, a.d("alpha"));
            case "sub" -> a.has("reverse") ? (isLong(a) ? x.rsub(a.l("scalar")) : x.rsub(a.d("scalar")))
                    : binary(xs, a, NDArray::sub, NDArray::sub, NDArray::sub);
            case "mul" -> binary(xs, a, NDArray::mul, NDArray::mul, NDArray::mul);
            // There is no rdiv(long): a long numerator divides exactly as a double one (true division).
            case "div" -> a.has("reverse") ? x.rdiv(a.d("scalar"))
                    : binary(xs, a, NDArray::div, NDArray::div, NDArray::div);
            case "floorDivide" -> binary(xs, a, NDArray::floorDivide, NDArray::floorDivide, NDArray::floorDivide);
            case "remainder" -> binary(xs, a, NDArray::remainder, NDArray::remainder, NDArray::remainder);
            case "pow" -> binary(xs, a, NDArray::pow, NDArray::pow, NDArray::pow);
            case "maximum" -> x.maximum(y);
            case "minimum" -> x.minimum(y);
            case "eq" -> binary(xs, a, NDArray::eq, NDArray::eq, NDArray::eq);
            case "ne" -> binary(xs, a, NDArray::ne, NDArray::ne, NDArray::ne);
            case "lt" -> binary(xs, a, NDArray::lt, NDArray::lt, NDArray::lt);
            case "le" -> binary(xs, a, NDArray::le, NDArray::le, NDArray::le);
            case "gt" -> binary(xs, a, NDArray::gt, NDArray::gt, NDArray::gt);
            case "ge" -> binary(xs, a, NDArray::ge, NDArray::ge, NDArray::ge);
            case "logicalAnd" -> x.logicalAnd(y);
            case "logicalOr" -> x.logicalOr(y);
            case "logicalXor" -> x.logicalXor(y);
            case "where" -> a.has("y") ? NDArray.where(x, y, a.d("y"))
                    : a.has("x") ? NDArray.where(x, a.d("x"), y) : NDArray.where(x, y, z);
            case "maskedFill" -> x.maskedFill(y, a.d("value"));
            // ---- reductions ----
            case "sum" -> a.has("dims") ? x.sum(a.ints("dims"), a.b("keepdim")) : x.sum();
            case "mean" -> a.has("dims") ? x.mean(a.ints("dims"), a.b("keepdim")) : x.mean();
            case "prod" -> a.has("dim") ? x.prod(a.i("dim"), a.b("keepdim")) : x.prod();
            case "amax" -> x.amax(a.ints("dims"), a.b("keepdim"));
            case "amin" -> x.amin(a.ints("dims"), a.b("keepdim"));
            case "maxAll" -> x.max();
            case "minAll" -> x.min();
            case "maxDim" -> pair(x.max(a.i("dim"), a.b("keepdim")));
            case "minDim" -> pair(x.min(a.i("dim"), a.b("keepdim")));
            case "argmax" -> a.has("dim") ? x.argmax(a.i("dim"), a.b("keepdim")) : x.argmax();
            case "argmin" -> a.has("dim") ? x.argmin(a.i("dim"), a.b("keepdim")) : x.argmin();
            case "var" -> x.var(dimsOrAll(a), a.d("correction"), a.b("keepdim"));
            case "std" -> x.std(dimsOrAll(a), a.d("correction"), a.b("keepdim"));
            case "norm" -> x.norm(a.d("p"), dimsOrAll(a), a.b("keepdim"));
            case "logsumexp" -> x.logsumexp(a.ints("dims"), a.b("keepdim"));
            case "all" -> a.has("dim") ? x.all(a.i("dim"), a.b("keepdim")) : x.all();
            case "any" -> a.has("dim") ? x.any(a.i("dim"), a.b("keepdim")) : x.any();
            case "cumsum" -> x.cumsum(a.i("dim"));
            case "cumprod" -> x.cumprod(a.i("dim"));
            case "softmax" -> x.softmax(a.i("dim"));
            case "logSoftmax" -> x.logSoftmax(a.i("dim"));
            // ---- linear algebra ----
            case "matmul" -> x.matmul(y);
            case "mm" -> x.mm(y);
            case "bmm" -> x.bmm(y);
            case "dot" -> x.dot(y);
            case "outer" -> x.outer(y);
            case "addmm" -> x.addmm(y, z, a.d("beta"), a.d("alpha"));
            // ---- indexing, joining ----
            case "indexSelect" -> x.indexSelect(a.i("dim"), y);
            case "gather" -> x.gather(a.i("dim"), y);
            case "scatter" -> x.scatter(a.i("dim"), y, z);
            case "scatterValue" -> x.scatter(a.i("dim"), y, a.d("value"));
            case "scatterAdd" -> x.scatterAdd(a.i("dim"), y, z);
            case "indexAdd" -> x.indexAdd(a.i("dim"), y, z);
            case "take" -> x.take(y);
            case "cat" -> NDArray.cat(xs, a.i("dim"));
            case "stack" -> NDArray.stack(xs, a.i("dim"));
            case "split" -> a.raw("size") instanceof List<?> ? x.split(a.ints("size"), a.i("dim"))
                    : x.split(a.i("size"), a.i("dim"));
            case "chunk" -> x.chunk(a.i("chunks"), a.i("dim"));
            case "tril" -> x.tril(a.i("diagonal"));
            case "triu" -> x.triu(a.i("diagonal"));
            case "pad" -> x.pad(a.ints("pad"), a.d("value"));
            case "oneHot" -> NDArray.oneHot(x, a.i("classes"));
            // ---- windows ----
            case "unfold" -> x.unfold(window(a));
            case "fold" -> x.fold(a.ints("out")[0], a.ints("out")[1], window(a));
            case "maxPool2d" -> pair(x.maxPool2d(window(a), a.b("ceil")));
            case "maxPool2dBackward" -> NDArray.maxPool2dBackward(y, x.maxPool2d(window(a), a.b("ceil")).indices(), x.shape());
            case "avgPool2d" -> x.avgPool2d(window(a), a.b("ceil"), a.b("cip"), a.i("div"));
            case "avgPool2dBackward" -> NDArray.avgPool2dBackward(y, x.shape(), window(a), a.b("ceil"), a.b("cip"), a.i("div"));
            // ---- printing, random ----
            case "str" -> x.toString();
            case "to" -> x.to(dtype(a.s("dtype")));
            case "inplace" -> inPlace(xs, a, true);
            case "inplaceView" -> {
                // The op on a view of a copy; the result is the whole copy (what the view wrote through).
                NDArray base = x.clone();
                List<NDArray> args = new ArrayList<>(xs);
                args.set(0, transform(base, a.raw("view")));
                inPlace(args, a, false);
                yield base;
            }
            case "create" -> create(a);
            case "viewop" -> viewOp(x, a);
            case "rng" -> rng(a);
            default -> throw new IllegalArgumentException("golden op '" + op + "' has no Ravel mapping");
        };
    }

    private static boolean isLong(Args a) {
        return a.s("stype").equals("long");
    }

    /** {@code x op y}, or {@code x op scalar} with the scalar a Java double or long as the case says. */
    private static NDArray binary(List<NDArray> xs, Args a, BinaryOperator<NDArray> tensor,
                                  BiFunction<NDArray, Double, NDArray> dbl, BiFunction<NDArray, Long, NDArray> lng) {
        if (!a.has("scalar")) {
            return tensor.apply(xs.get(0), xs.get(1));
        }
        return isLong(a) ? lng.apply(xs.getFirst(), a.l("scalar")) : dbl.apply(xs.getFirst(), a.d("scalar"));
    }

    private static List<NDArray> pair(ValuesIndices vi) {
        return List.of(vi.values(), vi.indices());
    }

    private static int[] dimsOrAll(Args a) {
        return a.has("dims") ? a.ints("dims") : new int[0];
    }

    private static Window2d window(Args a) {
        int[] k = a.ints("k");
        int[] s = a.ints("s");
        int[] p = a.ints("p");
        int[] d = a.ints("d");
        return new Window2d(k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1]);
    }

    /** The in-place op on the first input (on a copy of it when asked); the result is what it wrote into. */
    private static NDArray inPlace(List<NDArray> xs, Args a, boolean copy) {
        NDArray x = copy ? xs.getFirst().clone() : xs.getFirst();
        NDArray y = xs.size() > 1 ? xs.get(1) : null;
        NDArray z = xs.size() > 2 ? xs.get(2) : null;
        boolean scalar = a.has("scalar");
        boolean lng = scalar && isLong(a);
        return switch (a.s("fn")) {
            case "add_" -> !scalar ? x.add_(y) : lng ? x.add_(a.l("scalar")) : x.add_(a.d("scalar"));
            case "addAlpha_" -> x.add_(y, a.d("alpha"));
            case "sub_" -> !scalar ? x.sub_(y) : x.sub_(a.d("scalar"));
            case "mul_" -> !scalar ? x.mul_(y) : lng ? x.mul_(a.l("scalar")) : x.mul_(a.d("scalar"));
            // There is no div_(long): a long divisor divides exactly as a double one (true division).
            case "div_" -> !scalar ? x.div_(y) : x.div_(a.d("scalar"));
            case "pow_" -> x.pow_(a.d("scalar"));
            case "clamp_" -> x.clamp_(a.has("min") ? a.d("min") : Double.NaN, a.has("max") ? a.d("max") : Double.NaN);
            case "maskedFill_" -> x.maskedFill_(y, a.d("value"));
            case "copy_" -> x.copy_(y);
            case "fill_" -> lng ? x.fill_(a.l("scalar")) : x.fill_(a.d("scalar"));
            case "zero_" -> x.zero_();
            case "relu_" -> x.relu_();
            case "exp_" -> x.exp_();
            case "neg_" -> x.neg_();
            case "sqrt_" -> x.sqrt_();
            case "sigmoid_" -> x.sigmoid_();
            case "tanh_" -> x.tanh_();
            case "addcmul_" -> x.addcmul_(y, z, a.d("value"));
            case "addcdiv_" -> x.addcdiv_(y, z, a.d("value"));
            case "lerp_" -> x.lerp_(y, a.d("weight"));
            case "scatter_" -> x.scatter_(a.i("dim"), y, z);
            case "scatterAdd_" -> x.scatterAdd_(a.i("dim"), y, z);
            case "indexAdd_" -> x.indexAdd_(a.i("dim"), y, z);
            default -> throw new IllegalArgumentException("golden in-place op '" + a.s("fn") + "' has no Ravel mapping");
        };
    }

    private static Object viewOp(NDArray x, Args a) {
        return switch (a.s("kind")) {
            case "view" -> x.view(a.ints("shape"));
            case "reshape" -> x.reshape(a.ints("shape"));
            case "diagonal" -> x.diagonal(a.i("offset"), a.i("dim1"), a.i("dim2"));
            case "flatten" -> x.flatten(a.i("start"), a.i("end"));
            case "unflatten" -> x.unflatten(a.i("dim"), a.ints("sizes"));
            case "squeeze" -> a.has("dim") ? x.squeeze(a.i("dim")) : x.squeeze();
            case "unsqueeze" -> x.unsqueeze(a.i("dim"));
            case "select" -> x.select(a.i("dim"), a.i("index"));
            case "narrow" -> x.narrow(a.i("dim"), a.i("start"), a.i("length"));
            case "slice" -> x.slice(a.i("dim"), a.i("start"), a.i("end"), a.i("step"));
            case "expand" -> x.expand(a.ints("shape"));
            case "broadcastTo" -> x.broadcastTo(a.ints("shape"));
            case "unbind" -> x.unbind(a.i("dim"));
            case "mT" -> x.mT();
            case "t" -> x.t();
            default -> throw new IllegalArgumentException("unknown view op " + a.s("kind"));
        };
    }

    private static NDArray create(Args a) {
        return switch (a.s("kind")) {
            case "scalar" -> switch (a.s("type")) {
                case "double" -> NDArray.scalar(a.d("value"));
                case "long" -> NDArray.scalar(a.l("value"));
                default -> NDArray.scalar(a.b("value"));
            };
            case "arange" -> {
                if (a.s("type").equals("long")) {
                    NDArray r = NDArray.arange(a.l("start"), a.l("end"), a.l("step"));
                    yield a.has("dtype") ? r.to(dtype(a.s("dtype"))) : r;
                }
                yield a.has("dtype") ? NDArray.arange(a.d("start"), a.d("end"), a.d("step"), dtype(a.s("dtype")))
                        : NDArray.arange(a.d("start"), a.d("end"), a.d("step"));
            }
            case "linspace" -> a.has("dtype") ? NDArray.linspace(a.d("start"), a.d("end"), a.i("steps"), dtype(a.s("dtype")))
                    : NDArray.linspace(a.d("start"), a.d("end"), a.i("steps"));
            case "eye" -> NDArray.eye(a.i("n"), a.i("m"), dtype(a.s("dtype")));
            case "full" -> switch (a.s("type")) {
                case "double" -> NDArray.full(a.ints("shape"), a.d("value"));
                case "long" -> NDArray.full(a.ints("shape"), a.l("value"));
                default -> NDArray.full(a.ints("shape"), a.b("value"));
            };
            default -> throw new IllegalArgumentException("unknown creation " + a.s("kind"));
        };
    }

    @SuppressWarnings("unchecked")
    private static List<NDArray> rng(Args a) {
        Generator g = new Generator(a.l("seed"));
        List<NDArray> out = new ArrayList<>();
        for (Object o : a.list("steps")) {
            out.add(draw(new Args((Map<String, Object>) o), g));
        }
        return out;
    }

    private static NDArray draw(Args st, Generator g) {
        String kind = st.s("kind");
        DType dt = st.has("dtype") ? dtype(st.s("dtype")) : DType.FLOAT32;
        return switch (kind) {
            case "rand" -> NDArray.rand(st.ints("shape"), dt, g);
            case "randn" -> NDArray.randn(st.ints("shape"), dt, g);
            case "randint" -> NDArray.randint(st.l("low"), st.l("high"), st.ints("shape"),
                    st.has("dtype") ? dt : DType.INT64, g);
            case "randperm" -> NDArray.randperm(st.i("n"), g);
            case "bernoulli" -> {
                List<Object> probs = st.list("probs");
                double[] p = new double[probs.size()];
                for (int i = 0; i < p.length; i++) {
                    p[i] = number(probs.get(i));
                }
                yield NDArray.fromArray(p).to(dt).bernoulli(g);
            }
            default -> {
                NDArray x = NDArray.empty(st.ints(st.has("base") ? "base" : "shape"), dt, Device.CPU);
                if (st.has("view")) {
                    x = transform(x, st.raw("view"));
                }
                yield switch (kind) {
                    case "uniform_" -> x.uniform_(st.d("from"), st.d("to"), g);
                    case "normal_" -> x.normal_(st.d("mean"), st.d("std"), g);
                    case "bernoulli_" -> x.bernoulli_(st.d("p"), g);
                    default -> throw new IllegalArgumentException("unknown draw " + kind);
                };
            }
        };
    }
}
