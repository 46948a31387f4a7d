package dev.ravel.tensor;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * PyTorch's tensor printout: one number format for the whole tensor (integers as {@code 1.},
 * fixed with 4 decimals, or scientific when the range is wide), right-aligned columns, and a
 * summary with "..." beyond 1000 elements.
 */
public final class TensorFormatter {
    private static final int THRESHOLD = 1000;
    private static final int EDGE_ITEMS = 3;
    private static final int LINE_WIDTH = 80;

    private TensorFormatter() {
    }

    /** Formats {@code tensor(...)} with extra suffixes (autograd adds {@code requires_grad=True}). */
    public static String format(NDArray x, List<String> extraSuffixes) {
        List<String> suffixes = new ArrayList<>();
        if (!x.device().isCpu()) {
            suffixes.add("device='" + x.device() + "'");
        }
        String prefix = "tensor(";
        String body;
        boolean showDtype = x.dtype() == DType.FLOAT64;
        if (x.numel() == 0 && x.dim() != 1) {
            body = "[]";
            suffixes.add("size=(" + joinShape(x.shape()) + ")");
            showDtype = x.dtype() != DType.FLOAT32;
        } else if (x.numel() == 0) {
            body = "[]";
            showDtype = x.dtype() != DType.FLOAT32;
        } else {
            NDArray host = x.device().isCpu() ? x : x.to(Device.CPU);
            boolean summarize = x.numel() > THRESHOLD;
            Formatter f = new Formatter(host, summarize);
            body = render(host, f, prefix.length(), summarize);
        }
        if (showDtype) {
            suffixes.add("dtype=" + x.dtype().torchName());
        }
        suffixes.addAll(extraSuffixes);
        StringBuilder sb = new StringBuilder(prefix).append(body);
        for (String s : suffixes) {
            sb.append(", ").append(s);
        }
        return sb.append(')').toString();
    }

    private static String joinShape(int[] shape) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            sb.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return shape.length == 1 ? sb.append(',').toString() : sb.toString();
    }

    private static String render(NDArray x, Formatter f, int indent, boolean summarize) {
        if (x.dim() == 0) {
            return f.format(x.item(), x.dtype());
        }
        if (x.dim() == 1) {
            List<String> items = new ArrayList<>();
            int n = x.size(0);
            double[] values = x.toDoubleArray();
            long[] longs = x.dtype() == DType.INT64 ? x.toLongArray() : null;
            for (int i = 0; i < n; i++) {
                if (summarize && n > 2 * EDGE_ITEMS && i == EDGE_ITEMS) {
                    items.add(" ...");
                    i = n - EDGE_ITEMS - 1;
                    continue;
                }
                items.add(longs != null ? f.pad(Long.toString(longs[i])) : f.format(values[i], x.dtype()));
            }
            int perLine = Math.max(1, (LINE_WIDTH - indent) / (f.width + 2));
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) {
                    sb.append(i % perLine == 0 ? ",\n" + " ".repeat(indent + 1) : ", ");
                }
                sb.append(items.get(i));
            }
            return sb.append(']').toString();
        }
        int n = x.size(0);
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (summarize && n > 2 * EDGE_ITEMS && i == EDGE_ITEMS) {
                rows.add("...");
                i = n - EDGE_ITEMS - 1;
                continue;
            }
            rows.add(render(x.select(0, i), f, indent + 1, summarize));
        }
        String sep = "," + "\n".repeat(x.dim() - 1) + " ".repeat(indent + 1);
        return "[" + String.join(sep, rows) + "]";
    }

    /** One number format for a whole tensor, chosen from the values shown. */
    private static final class Formatter {
        private boolean intMode = true;
        private boolean sciMode;
        int width = 1;

        Formatter(NDArray x, boolean summarize) {
            double[] v = shownValues(x, summarize).toDoubleArray();
            if (x.dtype() == DType.BOOL) {
                width = 5;
                return;
            }
            if (!x.dtype().isFloatingPoint()) {
                for (double d : v) {
                    width = Math.max(width, Long.toString((long) d).length());
                }
                return;
            }
            double maxAbs = 0;
            double minAbs = Double.POSITIVE_INFINITY;
            boolean any = false;
            for (double d : v) {
                if (Double.isFinite(d) && d != 0) {
                    any = true;
                    maxAbs = Math.max(maxAbs, Math.abs(d));
                    minAbs = Math.min(minAbs, Math.abs(d));
                    if (d != Math.ceil(d)) {
                        intMode = false;
                    }
                }
            }
            if (!any) {
                intMode = true;
            }
            if (intMode) {
                sciMode = any && (maxAbs / minAbs > 1000 || maxAbs > 1e8);
            } else {
                sciMode = any && (maxAbs / minAbs > 1000 || maxAbs > 1e8 || minAbs < 1e-4);
            }
            // As PyTorch's _Formatter: only nonzero finite values set the width ("nan", "0." do not).
            width = 1;
            for (double d : v) {
                if (Double.isFinite(d) && d != 0) {
                    width = Math.max(width, raw(d).length());
                }
            }
        }

        private static NDArray shownValues(NDArray x, boolean summarize) {
            if (!summarize || x.dim() == 0) {
                return x;
            }
            NDArray r = x;
            List<NDArray> parts = new ArrayList<>();
            collect(r, parts);
            return NDArray.cat(parts, 0);
        }

        private static void collect(NDArray x, List<NDArray> out) {
            if (x.dim() == 1) {
                int n = x.size(0);
                if (n > 2 * EDGE_ITEMS) {
                    out.add(x.narrow(0, 0, EDGE_ITEMS).contiguous());
                    out.add(x.narrow(0, n - EDGE_ITEMS, EDGE_ITEMS).contiguous());
                } else {
                    out.add(x.contiguous());
                }
                return;
            }
            int n = x.size(0);
            for (int i = 0; i < n; i++) {
                if (n > 2 * EDGE_ITEMS && i == EDGE_ITEMS) {
                    i = n - EDGE_ITEMS - 1;
                    continue;
                }
                collect(x.select(0, i), out);
            }
        }

        private String raw(double d) {
            if (Double.isNaN(d)) {
                return "nan";
            }
            if (Double.isInfinite(d)) {
                return d > 0 ? "inf" : "-inf";
            }
            String s;
            if (sciMode) {
                s = scientific(d);
            } else if (intMode) {
                s = new BigDecimal(d).setScale(0, RoundingMode.HALF_EVEN).toPlainString() + ".";
            } else {
                s = new BigDecimal(d).setScale(4, RoundingMode.HALF_EVEN).toPlainString();
            }
            // BigDecimal has no negative zero; Python prints -0.0 (and negatives that round to 0) with a sign.
            return Double.doubleToRawLongBits(d) < 0 && !s.startsWith("-") ? "-" + s : s;
        }

        private static String scientific(double d) {
            if (d == 0) {
                return "0.0000e+00";
            }
            BigDecimal b = new BigDecimal(d).round(new MathContext(5, RoundingMode.HALF_EVEN));
            int exp = b.precision() - b.scale() - 1;
            BigDecimal mant = b.movePointLeft(exp).setScale(4, RoundingMode.HALF_EVEN);
            String e = Integer.toString(Math.abs(exp));
            return mant.toPlainString() + "e" + (exp < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
        }

        String pad(String s) {
            return " ".repeat(Math.max(0, width - s.length())) + s;
        }

        String format(double d, DType dtype) {
            if (dtype == DType.BOOL) {
                return pad(d != 0 ? "True" : "False");
            }
            if (!dtype.isFloatingPoint()) {
                return pad(Long.toString((long) d));
            }
            return pad(raw(d));
        }
    }
}
