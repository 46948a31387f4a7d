package dev.ravel.tensor.cpu;

import dev.ravel.tensor.Window2d;

/**
 * im2col and its adjoint col2im on contiguous H x W planes, an output row at a time: for each
 * kernel tap and output row the input row it reads is one contiguous run (at stride 1) between
 * two stretches of padding, so the copy is a block copy and the padding a fill, with no per-element
 * index arithmetic. Plane {@code pl} at {@code in[inBase + pl * h * w]} owns the {@code kh * kw}
 * rows of {@code oh * ow} columns at {@code cols[colBase + pl * kh * kw * oh * ow]}, as
 * torch.nn.functional.unfold lays them out. Arrays are float[] or double[].
 */
final class Im2col {
    private final int h;
    private final int w;
    private final int oh;
    private final int ow;
    private final Window2d win;
    /** For col2im's additions: C2 does not vectorise {@code y[d + i] += x[s + i]} here (4x slower). */
    private final FloatKernels kernels;

    Im2col(int h, int w, int oh, int ow, Window2d win, FloatKernels kernels) {
        this.kernels = kernels;
        this.h = h;
        this.w = w;
        this.oh = oh;
        this.ow = ow;
        this.win = win;
    }

    /** Elements of the column matrix per input plane: kh * kw * oh * ow. */
    int columnsPerPlane() {
        return win.kernelH() * win.kernelW() * oh * ow;
    }

    /** The first output index whose input index {@code o * stride + offset} is inside [0, size). */
    private static int firstInside(int offset, int stride, int outSize) {
        return offset >= 0 ? 0 : Math.min(outSize, (-offset + stride - 1) / stride);
    }

    /** One past the last output index whose input index {@code o * stride + offset} is inside [0, size). */
    private static int endInside(int offset, int stride, int size, int outSize) {
        return offset >= size ? 0 : Math.min(outSize, (size - offset + stride - 1) / stride);
    }

    /**
     * Stride 1 and an output as wide as the input ("same" padding): the valid output rows of a tap
     * read one contiguous run of the plane, so a tap is one block copy plus the border columns,
     * which the run wraps around into the neighbouring rows, put back to zero.
     */
    private boolean contiguousRows() {
        return win.strideH() == 1 && win.strideW() == 1 && ow == w;
    }

    /** Writes the columns of planes {@code [p0, p1)}. */
    void im2col(Object in, int inBase, Object cols, int colBase, int p0, int p1) {
        int sw = win.strideW();
        boolean contiguous = contiguousRows();
        for (int pl = p0; pl < p1; pl++) {
            int plane = inBase + pl * h * w;
            int out = colBase + pl * columnsPerPlane();
            for (int ky = 0; ky < win.kernelH(); ky++) {
                int y0 = ky * win.dilationH() - win.padH();
                for (int kx = 0; kx < win.kernelW(); kx++, out += oh * ow) {
                    int x0 = kx * win.dilationW() - win.padW();
                    int lo = firstInside(x0, sw, ow);
                    int hi = Math.max(lo, endInside(x0, sw, w, ow));
                    if (contiguous) {
                        int r0 = firstInside(y0, 1, oh);
                        int r1 = hi > lo ? Math.max(r0, endInside(y0, 1, h, oh)) : r0;
                        zero(cols, out, out + r0 * ow);
                        if (r1 > r0) {
                            int from = out + r0 * ow + lo;
                            System.arraycopy(in, plane + (r0 + y0) * w + x0 + lo, cols, from,
                                    out + (r1 - 1) * ow + hi - from);
                            zeroBorders(cols, out + r0 * ow, r1 - r0, ow, lo, hi);
                        }
                        zero(cols, out + r1 * ow, out + oh * ow);
                        continue;
                    }
                    for (int oy = 0; oy < oh; oy++) {
                        int iy = oy * win.strideH() + y0;
                        if (iy < 0 || iy >= h) {
                            row(in, 0, sw, cols, out + oy * ow, 0, 0, ow);
                        } else {
                            row(in, plane + iy * w + x0 + lo * sw, sw, cols, out + oy * ow, lo, hi, ow);
                        }
                    }
                }
            }
        }
    }

    /**
     * Adds the columns of planes {@code [p0, p1)} into them (the adjoint of {@link #im2col}).
     * {@code mayClobberColumns} lets it zero the columns that read padding (they add nothing) so
     * that a tap becomes one contiguous run of additions.
     */
    void col2im(Object cols, int colBase, Object in, int inBase, int p0, int p1, boolean mayClobberColumns) {
        int sw = win.strideW();
        boolean contiguous = mayClobberColumns && contiguousRows();
        for (int pl = p0; pl < p1; pl++) {
            int plane = inBase + pl * h * w;
            int src = colBase + pl * columnsPerPlane();
            for (int ky = 0; ky < win.kernelH(); ky++) {
                int y0 = ky * win.dilationH() - win.padH();
                for (int kx = 0; kx < win.kernelW(); kx++, src += oh * ow) {
                    int x0 = kx * win.dilationW() - win.padW();
                    int lo = firstInside(x0, sw, ow);
                    int hi = Math.max(lo, endInside(x0, sw, w, ow));
                    if (hi <= lo) {
                        continue;
                    }
                    if (contiguous) {
                        int r0 = firstInside(y0, 1, oh);
                        int r1 = Math.max(r0, endInside(y0, 1, h, oh));
                        if (r1 > r0) {
                            zeroBorders(cols, src + r0 * ow, r1 - r0, ow, lo, hi);
                            int from = src + r0 * ow + lo;
                            addRun(cols, from, in, plane + (r0 + y0) * w + x0 + lo, 1,
                                    src + (r1 - 1) * ow + hi - from);
                        }
                        continue;
                    }
                    for (int oy = 0; oy < oh; oy++) {
                        int iy = oy * win.strideH() + y0;
                        if (iy >= 0 && iy < h) {
                            addRun(cols, src + oy * ow + lo, in, plane + iy * w + x0 + lo * sw, sw, hi - lo);
                        }
                    }
                }
            }
        }
    }

    private static void zero(Object a, int from, int to) {
        if (to <= from) {
            return;
        }
        if (a instanceof float[] f) {
            java.util.Arrays.fill(f, from, to, 0f);
        } else {
            java.util.Arrays.fill((double[]) a, from, to, 0.0);
        }
    }

    /** Zeros columns {@code [0, lo)} and {@code [hi, width)} of {@code rows} rows starting at {@code d}. */
    private static void zeroBorders(Object a, int d, int rows, int width, int lo, int hi) {
        if (lo == 0 && hi == width) {
            return;
        }
        if (a instanceof float[] f) {
            for (int r = d, end = d + rows * width; r < end; r += width) {
                for (int i = 0; i < lo; i++) {
                    f[r + i] = 0f;
                }
                for (int i = hi; i < width; i++) {
                    f[r + i] = 0f;
                }
            }
        } else {
            double[] x = (double[]) a;
            for (int r = d, end = d + rows * width; r < end; r += width) {
                for (int i = 0; i < lo; i++) {
                    x[r + i] = 0.0;
                }
                for (int i = hi; i < width; i++) {
                    x[r + i] = 0.0;
                }
            }
        }
    }

    /**
     * One output row of columns: zeros in {@code [0, lo)} and {@code [hi, n)}, and
     * {@code dst[d + i] = src[s + (i - lo) * step]} in between. Plain loops: the runs are short
     * (a feature map's width), where a call to Arrays.fill or System.arraycopy costs more than the copy.
     */
    private static void row(Object src, int s, int step, Object dst, int d, int lo, int hi, int n) {
        if (src instanceof float[] x) {
            float[] y = (float[]) dst;
            for (int i = 0; i < lo; i++) {
                y[d + i] = 0f;
            }
            if (step == 1) {
                for (int i = lo; i < hi; i++) {
                    y[d + i] = x[s + i - lo];
                }
            } else {
                for (int i = lo; i < hi; i++) {
                    y[d + i] = x[s + (i - lo) * step];
                }
            }
            for (int i = hi; i < n; i++) {
                y[d + i] = 0f;
            }
        } else {
            double[] x = (double[]) src;
            double[] y = (double[]) dst;
            for (int i = 0; i < lo; i++) {
                y[d + i] = 0.0;
            }
            for (int i = lo; i < hi; i++) {
                y[d + i] = x[s + (i - lo) * step];
            }
            for (int i = hi; i < n; i++) {
                y[d + i] = 0.0;
            }
        }
    }

    /** dst[d + i * step] += src[s + i] for i < n. */
    private void addRun(Object src, int s, Object dst, int d, int step, int n) {
        if (src instanceof float[] x) {
            float[] y = (float[]) dst;
            if (step == 1) {
                kernels.axpy(1f, x, s, y, d, n); // x + 1 * y rounds as x + y
            } else {
                for (int i = 0; i < n; i++) {
                    y[d + i * step] += x[s + i];
                }
            }
        } else {
            double[] x = (double[]) src;
            double[] y = (double[]) dst;
            for (int i = 0; i < n; i++) {
                y[d + i * step] += x[s + i];
            }
        }
    }
}
