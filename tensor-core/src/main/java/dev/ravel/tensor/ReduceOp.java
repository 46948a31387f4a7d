package dev.ravel.tensor;

/** Reductions a backend implements over a set of dims. Mean, var, norm and friends are built on these. */
public enum ReduceOp {
    SUM("sum", 0),
    PROD("prod", 1),
    MAX("amax", Double.NaN),
    MIN("amin", Double.NaN),
    ALL("all", 1),
    ANY("any", 0);

    private final String opName;
    private final double identity;

    ReduceOp(String opName, double identity) {
        this.opName = opName;
        this.identity = identity;
    }

    public String opName() {
        return opName;
    }

    /** The value of an empty reduction, or NaN when the op has none (max/min of nothing is an error). */
    public double identity() {
        return identity;
    }

    public boolean hasIdentity() {
        return !Double.isNaN(identity);
    }
}
