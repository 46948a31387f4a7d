package dev.ravel.tensor.cpu;

import dev.ravel.tensor.NDArray;
import dev.ravel.tensor.Window2d;

import static dev.ravel.tensor.cpu.CpuArrays.array;

/** im2col/col2im and 2-D pooling over contiguous NCHW planes, driven by a {@link WindowPlan}; parallel over planes. */
final class CpuWindows {

    private static WindowPlan plan(NDArray input, int oh, int ow, Window2d w) {
        return WindowPlan.of(input.size(2), input.size(3), oh, ow, w);
    }

    private static int grainPlanes(WindowPlan p) {
        return Math.max(1, CpuElementwise.GRAIN / Math.max(1, p.map.length));
    }

    void im2col(NDArray cols, NDArray input, Window2d w) {
        WindowPlan p = plan(input, w.outH(input.size(2), false), w.outW(input.size(3), false), w);
        int planes = input.size(0) * input.size(1);
        Object in = array(input);
        Object out = array(cols);
        int inBase = input.offset();
        int outBase = cols.offset();
        int[] map = p.map;
        Parallel.forRange(planes, grainPlanes(p), (p0, p1) -> {
            for (int pl = p0; pl < p1; pl++) {
                int ib = inBase + pl * p.planeSize;
                int ob = outBase + pl * map.length;
                switch (in) {
                    case float[] x -> {
                        float[] y = (float[]) out;
                        for (int i = 0; i < map.length; i++) {
                            int m = map[i];
                            y[ob + i] = m >= 0 ? x[ib + m] : 0f;
                        }
                    }
                    case double[] x -> {
                        double[] y = (double[]) out;
                        for (int i = 0; i < map.length; i++) {
                            int m = map[i];
                            y[ob + i] = m >= 0 ? x[ib + m] : 0.0;
                        }
                    }
                    default -> throw new IllegalArgumentException("unfold: expected a floating point tensor");
                }
            }
        });
    }

    void col2im(NDArray input, NDArray cols, Window2d w) {
        WindowPlan p = plan(input, w.outH(input.size(2), false), w.outW(input.size(3), false), w);
        int planes = input.size(0) * input.size(1);
        Object in = array(input);
        Object c = array(cols);
        int inBase = input.offset();
        int cBase = cols.offset();
        int[] map = p.map;
        Parallel.forRange(planes, grainPlanes(p), (p0, p1) -> {
            for (int pl = p0; pl < p1; pl++) {
                int ib = inBase + pl * p.planeSize;
                int cb = cBase + pl * map.length;
                switch (in) {
                    case float[] x -> {
                        float[] y = (float[]) c;
                        for (int i = 0; i < map.length; i++) {
                            int m = map[i];
                            if (m >= 0) {
                                x[ib + m] += y[cb + i];
                            }
                        }
                    }
                    case double[] x -> {
                        double[] y = (double[]) c;
                        for (int i = 0; i < map.length; i++) {
                            int m = map[i];
                            if (m >= 0) {
                                x[ib + m] += y[cb + i];
                            }
                        }
                    }
                    default -> throw new IllegalArgumentException("fold: expected a floating point tensor");
                }
            }
        });
    }

    void maxPool2d(NDArray out, NDArray indices, NDArray input, Window2d w) {
        WindowPlan p = plan(input, out.size(2), out.size(3), w);
        int planes = input.size(0) * input.size(1);
        Object in = array(input);
        Object o = array(out);
        long[] idx = CpuArrays.i64(indices);
        int[] map = p.map;
        int outputs = p.outputs;
        Parallel.forRange(planes, grainPlanes(p), (p0, p1) -> {
            for (int pl = p0; pl < p1; pl++) {
                int ib = input.offset() + pl * p.planeSize;
                int ob = out.offset() + pl * outputs;
                int xb = indices.offset() + pl * outputs;
                for (int q = 0; q < outputs; q++) {
                    int best = -1;
                    double bv = Double.NEGATIVE_INFINITY;
                    for (int t = 0; t < p.taps; t++) {
                        int m = map[t * outputs + q];
                        if (m < 0) {
                            continue;
                        }
                        double v = CpuArrays.read(in, ib + m);
                        // NaN propagates and, as in PyTorch, the last NaN of a window gives the index.
                        if (best < 0 || v > bv || Double.isNaN(v)) {
                            bv = v;
                            best = m;
                        }
                    }
                    CpuArrays.write(o, ob + q, bv);
                    idx[xb + q] = best;
                }
            }
        });
    }

    void avgPool2d(NDArray out, NDArray input, Window2d w, boolean countIncludePad, int divisor) {
        WindowPlan p = plan(input, out.size(2), out.size(3), w);
        int planes = input.size(0) * input.size(1);
        Object in = array(input);
        Object o = array(out);
        int[] map = p.map;
        int outputs = p.outputs;
        Parallel.forRange(planes, grainPlanes(p), (p0, p1) -> {
            for (int pl = p0; pl < p1; pl++) {
                int ib = input.offset() + pl * p.planeSize;
                int ob = out.offset() + pl * outputs;
                for (int q = 0; q < outputs; q++) {
                    double s = 0;
                    for (int t = 0; t < p.taps; t++) {
                        int m = map[t * outputs + q];
                        if (m >= 0) {
                            s += CpuArrays.read(in, ib + m);
                        }
                    }
                    CpuArrays.write(o, ob + q, s / p.divisor(q, countIncludePad, divisor));
                }
            }
        });
    }

    void avgPool2dBackward(NDArray gradInput, NDArray gradOutput, Window2d w, boolean countIncludePad, int divisor) {
        WindowPlan p = plan(gradInput, gradOutput.size(2), gradOutput.size(3), w);
        int planes = gradInput.size(0) * gradInput.size(1);
        Object gi = array(gradInput);
        Object go = array(gradOutput);
        int[] map = p.map;
        int outputs = p.outputs;
        Parallel.forRange(planes, grainPlanes(p), (p0, p1) -> {
            for (int pl = p0; pl < p1; pl++) {
                int ib = gradInput.offset() + pl * p.planeSize;
                int ob = gradOutput.offset() + pl * outputs;
                for (int q = 0; q < outputs; q++) {
                    double g = CpuArrays.read(go, ob + q) / p.divisor(q, countIncludePad, divisor);
                    for (int t = 0; t < p.taps; t++) {
                        int m = map[t * outputs + q];
                        if (m >= 0) {
                            CpuArrays.write(gi, ib + m, CpuArrays.read(gi, ib + m) + g);
                        }
                    }
                }
            }
        });
    }
}
