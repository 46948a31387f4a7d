package dev.ravel.tensor;

/** Dtype and broadcast logic of the elementwise ops; the loops are the backend's. */
final class Elementwise {
    private Elementwise() {
    }

    static void checkSameDevice(String op, NDArray... xs) {
        Device d = xs[0].device();
        for (NDArray x : xs) {
            if (!x.device().equals(d)) {
                throw new IllegalArgumentException(op + ": expected all tensors to be on the same device, but found at"
                        + " least two devices, " + d + " and " + x.device());
            }
        }
    }

    /** The dtype an op computes in for a given input dtype. */
    private static DType unaryComputeType(UnaryOp op, DType in) {
        return switch (op.result()) {
            case FLOAT -> in.isFloatingPoint() ? in : DType.defaultFloat();
            case SAME -> {
                if (in == DType.BOOL) {
                    throw new IllegalArgumentException(op.opName() + ": not supported for torch.bool tensors");
                }
                yield in;
            }
            case BOOL -> in;
        };
    }

    static NDArray unary(UnaryOp op, NDArray x, double p0, double p1) {
        DType compute = unaryComputeType(op, x.dtype());
        if (op.result() == UnaryOp.Result.BOOL && !compute.isFloatingPoint()) {
            // Integers are never NaN or infinite.
            return NDArray.full(x.shape(), op == UnaryOp.ISFINITE).to(x.device());
        }
        DType out = op.result() == UnaryOp.Result.BOOL ? DType.BOOL : compute;
        NDArray dst = NDArray.empty(x.shape(), out, x.device());
        x.backend().unary(op, dst, x.to(compute), p0, p1);
        return dst;
    }

    static NDArray unaryInPlace(UnaryOp op, NDArray x, double p0, double p1) {
        String name = op.opName() + "_";
        x.checkWritable(name);
        DType compute = unaryComputeType(op, x.dtype());
        if (compute != x.dtype() || op.result() == UnaryOp.Result.BOOL) {
            throw new IllegalArgumentException(name + ": result type " + (op.result() == UnaryOp.Result.BOOL ? DType.BOOL
                    : compute).torchName() + " can't be cast to the desired output type " + x.dtype().torchName());
        }
        x.backend().unary(op, x, x, p0, p1);
        x.storage().bumpVersion();
        return x;
    }

    private static DType binaryComputeType(BinaryOp op, DType common) {
        if (op.kind() == BinaryOp.Kind.TRUE_DIVISION) {
            return common.isFloatingPoint() ? common : DType.defaultFloat();
        }
        if (op.kind() == BinaryOp.Kind.ARITHMETIC && common == DType.BOOL) {
            if (op == BinaryOp.SUB) {
                throw new IllegalArgumentException("sub: subtraction, the `-` operator, with two bool tensors is not"
                        + " supported. Use the `^` or `logical_xor()` operator instead.");
            }
            if (op == BinaryOp.FLOOR_DIVIDE || op == BinaryOp.REMAINDER || op == BinaryOp.POW) {
                throw new IllegalArgumentException(op.opName() + ": not implemented for torch.bool tensors");
            }
            // bool + bool is logical or, bool * bool logical and: compute in int64, cast back.
            return DType.INT64;
        }
        return common;
    }

    static NDArray binary(BinaryOp op, NDArray a, NDArray b) {
        checkSameDevice(op.opName(), a, b);
        checkBoolSub(op, a, b);
        DType common = TypePromotion.resultType(a, b);
        DType compute = binaryComputeType(op, common);
        int[] shape = Shapes.broadcast(op.opName(), a.shape(), b.shape());
        DType out = op.returnsBool() ? DType.BOOL : compute;
        NDArray dst = NDArray.empty(shape, out, a.device());
        a.backend().binary(op, dst, operand(a, compute, shape), operand(b, compute, shape));
        return common == DType.BOOL && !op.returnsBool() && op.kind() == BinaryOp.Kind.ARITHMETIC ? dst.to(DType.BOOL) : dst;
    }

    /** PyTorch refuses a bool operand on either side of a subtraction (of two bools: binaryComputeType). */
    private static void checkBoolSub(BinaryOp op, NDArray a, NDArray b) {
        if (op == BinaryOp.SUB && (a.dtype() == DType.BOOL) != (b.dtype() == DType.BOOL)) {
            throw new IllegalArgumentException("sub: subtraction, the `-` operator, with a bool tensor is not supported."
                    + " If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.");
        }
    }

    /** {@code self = self op other}; other broadcasts to self's shape and the result must cast to self's dtype. */
    static NDArray binaryInPlace(BinaryOp op, NDArray self, NDArray other) {
        String name = op.opName() + "_";
        checkSameDevice(name, self, other);
        checkBoolSub(op, self, other);
        self.checkWritable(name);
        DType common = TypePromotion.resultType(self, other);
        DType compute = binaryComputeType(op, common);
        DType result = op.returnsBool() ? DType.BOOL : compute == DType.INT64 && common == DType.BOOL ? DType.BOOL : compute;
        if (!TypePromotion.canCast(result, self.dtype())) {
            throw new IllegalArgumentException(name + ": result type " + result.torchName()
                    + " can't be cast to the desired output type " + self.dtype().torchName());
        }
        int[] shape = Shapes.broadcast(name, self.shape(), other.shape());
        if (!java.util.Arrays.equals(shape, self.shape())) {
            throw new IllegalArgumentException(name + ": output with shape " + Shapes.str(self.shape())
                    + " doesn't match the broadcast shape " + Shapes.str(shape));
        }
        if (compute == self.dtype() && !op.returnsBool()) {
            NDArray o = other.storage() == self.storage() && !other.layout().equals(self.layout()) ? other.clone() : other;
            self.backend().binary(op, self, self, operand(o, compute, shape));
            self.storage().bumpVersion();
            return self;
        }
        return self.copy_(binary(op, self, other));
    }

    private static NDArray operand(NDArray x, DType dtype, int[] shape) {
        NDArray c = x.to(dtype);
        return java.util.Arrays.equals(c.shape(), shape) ? c : c.expand(shape);
    }

    /**
     * {@code beta * self + alpha * f(b, c)} computed in the promoted floating dtype of all three
     * (self's in place; b and c broadcast to self's shape and cast), in place or into a new array.
     */
    static NDArray ternary(TernaryOp op, NDArray self, NDArray b, NDArray c, double beta, double alpha, double scale,
                          double eps, boolean inPlace) {
        String name = switch (op) {
            case AXPBY -> "add";
            case ADDCMUL -> "addcmul";
            case ADDCDIV -> "addcdiv";
            case ADDCDIV_SQRT -> "addcdiv_sqrt";
        } + (inPlace ? "_" : "");
        if (c == null) {
            c = b;
        }
        checkSameDevice(name, self, b, c);
        // Out of place the result promotes as any binary op (float32 + float64 -> float64); in place it is self's.
        DType t = inPlace ? self.dtype() : TypePromotion.resultType(self, b, c);
        if (!t.isFloatingPoint()) {
            throw new IllegalArgumentException(name + ": expected floating point tensors, got "
                    + self.dtype().torchName() + ", " + b.dtype().torchName() + " and " + c.dtype().torchName());
        }
        int[] shape = self.shape();
        int[] bs = Shapes.broadcast(name, shape, Shapes.broadcast(name, b.shape(), c.shape()));
        if (!java.util.Arrays.equals(bs, shape)) {
            if (inPlace) {
                throw new IllegalArgumentException(name + ": output with shape " + Shapes.str(shape)
                        + " doesn't match the broadcast shape " + Shapes.str(bs));
            }
            shape = bs;
        }
        NDArray a = operand(self, t, shape);
        NDArray dst;
        if (inPlace) {
            self.checkWritable(name);
            dst = self;
            if (b.storage() == self.storage() && !b.layout().equals(self.layout())) {
                b = b.clone();
            }
            if (c.storage() == self.storage() && !c.layout().equals(self.layout())) {
                c = c.clone();
            }
        } else {
            dst = NDArray.empty(shape, t, self.device());
        }
        self.backend().ternary(op, dst, a, operand(b, t, shape), operand(c, t, shape), beta, alpha, scale, eps);
        if (inPlace) {
            self.storage().bumpVersion();
        }
        return dst;
    }

    static NDArray where(NDArray cond, NDArray x, NDArray y) {
        checkSameDevice("where", cond, x, y);
        if (cond.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("where: expected condition to be a boolean tensor, but got a tensor with"
                    + " dtype " + cond.dtype().torchName());
        }
        DType t = TypePromotion.resultType(x, y);
        int[] shape = Shapes.broadcast("where", Shapes.broadcast("where", cond.shape(), x.shape()), y.shape());
        NDArray dst = NDArray.empty(shape, t, x.device());
        x.backend().where(dst, operand(cond, DType.BOOL, shape), operand(x, t, shape), operand(y, t, shape));
        return dst;
    }
}
