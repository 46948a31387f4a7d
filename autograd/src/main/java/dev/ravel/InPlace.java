package dev.ravel;

import dev.ravel.autograd.GradMode;
import dev.ravel.tensor.NDArray;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * In-place ops on tensors. Without a graph to keep they write straight into the data. When one
 * must be recorded, the op runs out of place on a copy of the old value (so what its backward
 * saves is not overwritten), the result is copied into this tensor's storage (bumping the version
 * that saved tensors check), and the tensor's history moves onto the new node, as PyTorch does.
 */
final class InPlace {
    private InPlace() {
    }

    static Tensor apply(Tensor self, String op, Tensor other, UnaryOperator<Tensor> outOfPlace, Consumer<NDArray> onData) {
        boolean record = GradMode.isEnabled() && (self.requiresGrad() || (other != null && other.requiresGrad()));
        if (!record) {
            onData.accept(self.data());
            return self;
        }
        checkNotLeaf(self, op);
        if (self.isViewOfGradTensor()) {
            throw new UnsupportedOperationException(op + ": in-place operations on a view of a tensor that requires grad"
                    + " are not supported while recording a graph; use the out-of-place op (or clone() the view first)");
        }
        if (self.base() != null) {
            // The view would get the history but its base would not: the operand's gradient would be lost.
            throw new UnsupportedOperationException(op + ": in-place operations on a view with an operand that requires"
                    + " grad are not supported while recording a graph (the view's base would not carry the gradient);"
                    + " build the tensor out of place (cat, where, pad) instead");
        }
        Tensor old = self.gradFn() != null ? Tensor.fromOp(self.data().clone(), self.gradFn(), self.outputNr())
                : Tensor.of(self.data().clone());
        Tensor r = outOfPlace.apply(old);
        if (!java.util.Arrays.equals(r.shape(), self.shape())) {
            throw new IllegalArgumentException(op + ": output with shape " + java.util.Arrays.toString(self.shape())
                    + " doesn't match the broadcast shape " + java.util.Arrays.toString(r.shape()));
        }
        self.data().copy_(r.data());
        self.rebase(r.gradFn(), r.outputNr());
        return self;
    }

    /** Random fills: never recorded. */
    static Tensor noGradFill(Tensor self, String op, Consumer<NDArray> fill) {
        if (GradMode.isEnabled() && self.requiresGrad()) {
            checkNotLeaf(self, op);
            throw new UnsupportedOperationException(op + ": not supported on a tensor that requires grad while"
                    + " recording; run it under Ravel.noGrad()");
        }
        fill.accept(self.data());
        return self;
    }

    private static void checkNotLeaf(Tensor self, String op) {
        if (self.isLeaf() && self.requiresGrad()) {
            throw new IllegalStateException(op + ": a leaf Variable that requires grad is being used in an in-place"
                    + " operation.");
        }
    }
}
