package dev.ravel.examples;

import dev.ravel.Ravel;
import dev.ravel.Tensor;
import dev.ravel.data.DataLoader;
import dev.ravel.data.Sample;
import dev.ravel.nn.Loss;
import dev.ravel.nn.Module;
import dev.ravel.optim.Optimizer;

/** The loops the examples share: one training epoch, one evaluation pass. */
final class Training {
    private Training() {
    }

    /** Mean loss and accuracy (percent) of a pass. */
    record Result(double loss, double accuracy, int samples) {
    }

    /** One epoch of {@code zeroGrad; loss = lossFn(model(x), y); loss.backward(); step}. */
    static Result trainEpoch(String label, Module model, DataLoader<Sample, Sample> loader, Loss lossFn,
                             Optimizer optimizer, int maxBatches) {
        model.train();
        int batches = maxBatches > 0 ? Math.min(maxBatches, loader.numBatches()) : loader.numBatches();
        ProgressBar bar = new ProgressBar(label, batches);
        double lossSum = 0;
        long correct = 0;
        int seen = 0;
        int b = 0;
        for (Sample batch : loader) {
            if (b == batches) {
                break;
            }
            optimizer.zeroGrad();
            Tensor logits = model.forward(batch.input());
            Tensor loss = lossFn.forward(logits, batch.target());
            loss.backward();
            optimizer.step();
            int n = batch.target().size(0);
            lossSum += loss.item() * n;
            correct += correct(logits, batch.target());
            seen += n;
            bar.update(++b, lossSum / seen);
        }
        return new Result(lossSum / Math.max(seen, 1), 100.0 * correct / Math.max(seen, 1), seen);
    }

    /** Mean loss and accuracy without recording a graph, in eval mode. */
    static Result evaluate(Module model, DataLoader<Sample, Sample> loader, Loss lossFn, int maxBatches) {
        model.eval();
        double lossSum = 0;
        long correct = 0;
        int seen = 0;
        int b = 0;
        try (var g = Ravel.noGrad()) {
            for (Sample batch : loader) {
                if (maxBatches > 0 && b++ == maxBatches) {
                    break;
                }
                Tensor logits = model.forward(batch.input());
                int n = batch.target().size(0);
                lossSum += lossFn.forward(logits, batch.target()).item() * n;
                correct += correct(logits, batch.target());
                seen += n;
            }
        }
        return new Result(lossSum / Math.max(seen, 1), 100.0 * correct / Math.max(seen, 1), seen);
    }

    private static long correct(Tensor logits, Tensor target) {
        return (long) logits.data().argmax(1, false).eq(target.data()).to(dev.ravel.tensor.DType.INT64).sum().item();
    }
}
