package dev.ravel.autograd;

import dev.ravel.Tensor;

/**
 * A tensor a node keeps for its backward, with the version its storage had when it was saved.
 * Unpacking checks that version (an in-place op since would make the gradient wrong) and that
 * the graph has not been freed by an earlier backward.
 */
final class SavedTensor {
    private Tensor tensor;
    private final int version;
    private final boolean isOutput;
    private final int outputNr;

    SavedTensor(Tensor tensor, boolean isOutput, int outputNr) {
        this.tensor = tensor;
        this.version = tensor.data().storage().version();
        this.isOutput = isOutput;
        this.outputNr = outputNr;
    }

    Tensor unpack(Node owner) {
        Tensor t = tensor;
        if (t == null) {
            throw new IllegalStateException("Trying to backward through the graph a second time (or directly access"
                    + " saved tensors after they have already been freed). Saved intermediate values of the graph are"
                    + " freed when you call backward() or Ravel.grad(). Specify retainGraph=true if you need to"
                    + " backward through the graph a second time or if you need to access saved tensors after calling"
                    + " backward. (node " + owner.name() + ")");
        }
        int now = t.data().storage().version();
        if (now != version) {
            String which = isOutput ? "output " + outputNr + " of " + owner.name()
                    : t.gradFn() != null ? "output " + t.outputNr() + " of " + t.gradFn().name() : "a leaf tensor";
            throw new IllegalStateException("one of the variables needed for gradient computation has been modified by"
                    + " an inplace operation: [" + t.dtype().torchName() + " " + java.util.Arrays.toString(t.shape())
                    + "], which is " + which + ", is at version " + now + "; expected version " + version
                    + " instead. Hint: the backward of " + owner.name() + " needs it unchanged.");
        }
        return t;
    }

    void release() {
        tensor = null;
    }
}
