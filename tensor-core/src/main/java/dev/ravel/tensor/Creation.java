package dev.ravel.tensor;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;

/** The factories behind NDArray's static constructors. */
final class Creation {
    private Creation() {
    }

    static NDArray hostScalar(Object oneElementArray, Device device) {
        return new NDArray(Backends.of(device).fromHost(oneElementArray), Layout.contiguous(new int[0]));
    }

    static NDArray fromFlat(Object flat, int[] shape) {
        if (!(flat instanceof float[] || flat instanceof double[] || flat instanceof long[]
                || flat instanceof boolean[])) {
            throw new IllegalArgumentException("fromArray: expected float[], double[], long[] or boolean[], got "
                    + (flat == null ? "null" : flat.getClass().getSimpleName()));
        }
        int n = Array.getLength(flat);
        int[] s = shape == null ? new int[] {n} : Shapes.inferSize("fromArray", shape, n);
        return new NDArray(Backends.cpu().fromHost(flat), Layout.contiguous(s));
    }

    /** torch.tensor for nested Java arrays and boxed numbers: shape from the nesting, values copied. */
    static NDArray fromNested(Object data) {
        switch (data) {
            case null -> throw new IllegalArgumentException("of: data is null");
            case Double d -> { return NDArray.scalar(d.doubleValue()); }
            case Float f -> { return NDArray.scalar(f.doubleValue()); }
            case Long l -> { return NDArray.scalar(l.longValue()); }
            case Integer i -> { return NDArray.scalar(i.longValue()); }
            case Boolean b -> { return NDArray.scalar(b.booleanValue()); }
            default -> { }
        }
        if (!data.getClass().isArray()) {
            throw new IllegalArgumentException("of: expected a (nested) Java array or a number, got "
                    + data.getClass().getSimpleName());
        }
        List<Integer> dims = new ArrayList<>();
        Object probe = data;
        Class<?> leaf = data.getClass();
        while (probe != null && probe.getClass().isArray()) {
            dims.add(Array.getLength(probe));
            leaf = probe.getClass().getComponentType();
            probe = Array.getLength(probe) > 0 && !leaf.isPrimitive() ? Array.get(probe, 0) : null;
        }
        int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
        Class<?> base = data.getClass();
        while (base.isArray()) {
            base = base.getComponentType();
        }
        DType dtype;
        if (base == float.class) {
            dtype = DType.FLOAT32;
        } else if (base == double.class) {
            dtype = DType.FLOAT64;
        } else if (base == long.class || base == int.class || base == short.class || base == byte.class) {
            dtype = DType.INT64;
        } else if (base == boolean.class) {
            dtype = DType.BOOL;
        } else {
            throw new IllegalArgumentException("of: unsupported element type " + base.getSimpleName()
                    + " (use float, double, long, int or boolean arrays)");
        }
        int n = Shapes.numel(shape);
        Object flat = switch (dtype) {
            case FLOAT32 -> new float[n];
            case FLOAT64 -> new double[n];
            case INT64 -> new long[n];
            case BOOL -> new boolean[n];
        };
        int[] pos = {0};
        flatten(data, shape, 0, flat, pos);
        return new NDArray(Backends.cpu().fromHost(flat), Layout.contiguous(shape));
    }

    private static void flatten(Object level, int[] shape, int depth, Object flat, int[] pos) {
        int len = Array.getLength(level);
        if (len != shape[depth]) {
            throw new IllegalArgumentException("of: expected sequence of length " + shape[depth] + " at dim " + depth
                    + " (got " + len + ")");
        }
        if (depth == shape.length - 1) {
            switch (level) {
                case float[] a -> System.arraycopy(a, 0, flat, pos[0], len);
                case double[] a -> System.arraycopy(a, 0, flat, pos[0], len);
                case long[] a -> System.arraycopy(a, 0, flat, pos[0], len);
                case boolean[] a -> System.arraycopy(a, 0, flat, pos[0], len);
                case int[] a -> { for (int i = 0; i < len; i++) { ((long[]) flat)[pos[0] + i] = a[i]; } }
                case short[] a -> { for (int i = 0; i < len; i++) { ((long[]) flat)[pos[0] + i] = a[i]; } }
                case byte[] a -> { for (int i = 0; i < len; i++) { ((long[]) flat)[pos[0] + i] = a[i]; } }
                default -> throw new IllegalArgumentException("of: ragged nesting at dim " + depth);
            }
            pos[0] += len;
            return;
        }
        for (int i = 0; i < len; i++) {
            Object child = Array.get(level, i);
            if (child == null || !child.getClass().isArray()) {
                throw new IllegalArgumentException("of: expected a sequence at dim " + (depth + 1) + " (got "
                        + (child == null ? "null" : child.getClass().getSimpleName()) + ")");
            }
            flatten(child, shape, depth + 1, flat, pos);
        }
    }

    static NDArray arange(double start, double end, double step, DType dtype) {
        if (dtype == DType.INT64 && Double.isFinite(start) && Double.isFinite(end) && Double.isFinite(step)) {
            // PyTorch converts start, end and step to the integer type first: arange(0, 5, 1.5) as int64
            // is [0, 1, 2, 3, 4] (step 1), not the truncated float steps [0, 1, 3, 4].
            return arange((long) start, (long) end, (long) step, DType.INT64);
        }
        if (step == 0) {
            throw new IllegalArgumentException("arange: step must be nonzero");
        }
        if (!Double.isFinite(start) || !Double.isFinite(end)) {
            throw new IllegalArgumentException("arange: unsupported range: " + start + " -> " + end);
        }
        if ((step > 0 && end < start) || (step < 0 && end > start)) {
            throw new IllegalArgumentException("arange: upper bound and larger bound inconsistent with step sign"
                    + " (start=" + start + ", end=" + end + ", step=" + step + ")");
        }
        double size = Math.ceil((end - start) / step);
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("arange: too many elements (" + size + ")");
        }
        int n = (int) size;
        return switch (dtype) {
            case INT64 -> throw new IllegalArgumentException("arange: unsupported range: " + start + " -> " + end
                    + " with step " + step);
            case FLOAT64 -> {
                double[] a = new double[n];
                for (int i = 0; i < n; i++) {
                    a[i] = start + step * i;
                }
                yield NDArray.fromArray(a);
            }
            case FLOAT32 -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (float) (start + step * i);
                }
                yield NDArray.fromArray(a);
            }
            case BOOL -> throw new IllegalArgumentException("arange: not supported for torch.bool");
        };
    }

    static NDArray arange(long start, long end, long step, DType dtype) {
        if (step == 0) {
            throw new IllegalArgumentException("arange: step must be nonzero");
        }
        if ((step > 0 && end < start) || (step < 0 && end > start)) {
            throw new IllegalArgumentException("arange: upper bound and larger bound inconsistent with step sign"
                    + " (start=" + start + ", end=" + end + ", step=" + step + ")");
        }
        long n = Math.ceilDiv(end - start, step);
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("arange: too many elements (" + n + ")");
        }
        long[] a = new long[(int) n];
        for (int i = 0; i < n; i++) {
            a[i] = start + step * i;
        }
        NDArray r = NDArray.fromArray(a);
        return dtype == DType.INT64 ? r : r.to(dtype);
    }

    /** Symmetric evaluation (from both ends), as PyTorch, so the last element is exactly {@code end}. */
    static NDArray linspace(double start, double end, int steps, DType dtype) {
        if (steps < 0) {
            throw new IllegalArgumentException("linspace: number of steps must be non-negative, got " + steps);
        }
        double[] a = new double[steps];
        if (steps == 1) {
            a[0] = start;
        } else if (steps > 1) {
            double step = (end - start) / (steps - 1);
            int half = steps / 2;
            for (int i = 0; i < steps; i++) {
                a[i] = i < half ? start + step * i : end - step * (steps - i - 1);
            }
        }
        return NDArray.fromArray(a).to(dtype);
    }

    static NDArray eye(int n, int m, DType dtype) {
        if (n < 0 || m < 0) {
            throw new IllegalArgumentException("eye: n and m must be non-negative, got " + n + ", " + m);
        }
        NDArray out = NDArray.zeros(new int[] {n, m}, dtype, Device.CPU);
        out.diagonal().fill_(1L);
        return out;
    }

    static NDArray randomFill(NDArray x, Distribution d, Generator g, double a, double b, String op) {
        if ((d == Distribution.UNIFORM || d == Distribution.NORMAL) && !x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": expected a floating point tensor, got " + x.dtype().torchName());
        }
        x.checkWritable(op);
        if (x.isContiguous()) {
            x.backend().random(d, x, g, a, b);
        } else {
            // PyTorch fills a non-contiguous tensor in memory order (its TensorIterator sorts dims by
            // stride), so the same seed gives the same element at the same address.
            NDArray view = x.permute(memoryOrder(x));
            NDArray tmp;
            if (d == Distribution.NORMAL) {
                // ... and draws one double Box-Muller normal per element there: the blocks of 16
                // (Generator.fillNormal) are its path for contiguous tensors only.
                int n = x.numel();
                double[] host = new double[n];
                synchronized (g) {
                    for (int i = 0; i < n; i++) {
                        host[i] = g.normalDouble() * b + a;
                    }
                }
                tmp = new NDArray(x.backend().fromHost(host), Layout.contiguous(view.shape()));
            } else {
                tmp = NDArray.empty(view.shape(), x.dtype(), x.device());
                tmp.backend().random(d, tmp, g, a, b);
            }
            x.backend().copy(view, tmp);
        }
        x.storage().bumpVersion();
        return x;
    }

    /** The dims of x from the largest stride to the smallest: its elements' order in memory. */
    private static int[] memoryOrder(NDArray x) {
        Integer[] dims = new Integer[x.dim()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = i;
        }
        int[] strides = x.strides();
        java.util.Arrays.sort(dims, (p, q) -> Integer.compare(strides[q], strides[p]));
        int[] perm = new int[dims.length];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = dims[i];
        }
        return perm;
    }
}
