package dev.ravel.nn;

import dev.ravel.Tensor;
import dev.ravel.nn.functional.Functional;
import dev.ravel.nn.init.Init;
import dev.ravel.tensor.NDArray;

/** A lookup table of {@code numEmbeddings} rows of size {@code embeddingDim}; N(0, 1) init, padding row zero. */
public class Embedding extends Module {
    public final int numEmbeddings;
    public final int embeddingDim;
    /** -1 when there is none. */
    public final int paddingIdx;
    /** Read-only; replace it with {@code setParameter("weight", p)} (weight tying). */
    public Parameter weight;

    /**
     * With a padding row: as in PyTorch, a negative paddingIdx counts from the end (-1 is the last
     * row); use {@link #Embedding(int, int)} for none.
     */
    public Embedding(int numEmbeddings, int embeddingDim, int paddingIdx) {
        this(numEmbeddings, embeddingDim, paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx, paddingIdx);
    }

    public Embedding(int numEmbeddings, int embeddingDim) {
        this(numEmbeddings, embeddingDim, -1, null);
    }

    /** given is the paddingIdx as passed (null for none), p the row it names. */
    private Embedding(int numEmbeddings, int embeddingDim, int p, Integer given) {
        if (given != null && (p < 0 || p >= numEmbeddings)) {
            throw new IllegalArgumentException("Embedding: padding_idx must be within num_embeddings, got " + given);
        }
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.paddingIdx = p;
        this.weight = registerParameter("weight", new Parameter(NDArray.empty(numEmbeddings, embeddingDim)));
        resetParameters();
    }

    public void resetParameters() {
        Init.normal_(weight, 0, 1);
        if (paddingIdx >= 0) {
            weight.data().select(0, paddingIdx).zero_();
        }
    }

    @Override
    public Tensor forward(Tensor indices) {
        return Functional.embedding(indices, weight, paddingIdx);
    }

    @Override
    protected void parameterReplaced(String name, Parameter p) {
        if (name.equals("weight")) {
            weight = p;
        }
    }

    @Override
    public String extraRepr() {
        return numEmbeddings + ", " + embeddingDim + (paddingIdx >= 0 ? ", padding_idx=" + paddingIdx : "");
    }
}
