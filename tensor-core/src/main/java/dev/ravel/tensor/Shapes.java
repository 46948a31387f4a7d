package dev.ravel.tensor;

import java.util.Arrays;

/**
 * Shape arithmetic shared by every op: element counts, broadcasting, dim normalisation, and the
 * checks that turn bad input into a message naming the op.
 */
public final class Shapes {
    private Shapes() {
    }

    /** Number of elements of a shape; throws if it does not fit a Java array. */
    public static int numel(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + str(shape) + " has more than 2^31-1 elements");
            }
        }
        return (int) n;
    }

    /** Row-major strides of a shape, in elements. */
    public static int[] contiguousStrides(int[] shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= Math.max(shape[i], 1);
        }
        return strides;
    }

    /** Shapes as PyTorch prints them in messages: {@code [2, 3]}. */
    public static String str(int[] shape) {
        return Arrays.toString(shape);
    }

    /** Wraps a possibly negative dim into {@code [0, rank)}; a 0-d tensor accepts 0 and -1. */
    public static int normalizeDim(String op, int dim, int rank) {
        int r = Math.max(rank, 1);
        if (dim < -r || dim >= r) {
            throw new IndexOutOfBoundsException(op + ": dimension out of range (expected to be in range of ["
                    + (-r) + ", " + (r - 1) + "], but got " + dim + ")");
        }
        return dim < 0 ? dim + r : dim;
    }

    /** Like {@link #normalizeDim} for an insertion point ({@code unsqueeze}): range {@code [-rank-1, rank]}. */
    public static int normalizeInsertDim(String op, int dim, int rank) {
        return normalizeDim(op, dim, rank + 1);
    }

    /** Normalises a set of dims and rejects repeats. */
    public static int[] normalizeDims(String op, int[] dims, int rank) {
        int[] out = new int[dims.length];
        boolean[] seen = new boolean[Math.max(rank, 1)];
        for (int i = 0; i < dims.length; i++) {
            out[i] = normalizeDim(op, dims[i], rank);
            if (seen[out[i]]) {
                throw new IllegalArgumentException(op + ": dim " + out[i] + " appears multiple times in the list of dims "
                        + Arrays.toString(dims));
            }
            seen[out[i]] = true;
        }
        return out;
    }

    /** The broadcast shape of two shapes, or an error naming the op and both shapes. */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + str(a) + " and " + str(b)
                        + " cannot be broadcast together (size " + da + " vs " + db + " at dimension " + i + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Resolves one {@code -1} in a requested shape against an element count ({@code view}, {@code reshape}). */
    public static int[] inferSize(String op, int[] shape, int numel) {
        int infer = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException(op + ": only one dimension can be inferred, got " + str(shape));
                }
                infer = i;
            } else if (shape[i] < 0) {
                throw new IllegalArgumentException(op + ": invalid shape dimension " + shape[i] + " in " + str(shape));
            } else {
                known *= shape[i];
            }
        }
        int[] out = shape.clone();
        if (infer >= 0) {
            if (known == 0 || numel % known != 0) {
                throw new IllegalArgumentException(op + ": shape " + str(shape) + " is invalid for input of size " + numel);
            }
            out[infer] = (int) (numel / known);
        } else if (known != numel) {
            throw new IllegalArgumentException(op + ": shape " + str(shape) + " is invalid for input of size " + numel);
        }
        return out;
    }

    /** Checks that every size is non-negative. */
    public static int[] checkSizes(String op, int[] shape) {
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(op + ": negative dimension " + d + " in shape " + str(shape));
            }
        }
        numel(shape);
        return shape.clone();
    }
}
