package dev.ravel.data.vision;

import dev.ravel.Tensor;
import java.util.function.UnaryOperator;

/**
 * An image transform, like a torchvision transform: takes an image tensor {@code [C, H, W]} and
 * returns one (a new tensor; the input is never modified). Random transforms draw from
 * {@link dev.ravel.data.RandomContext#generator()}, never from a generator of their own, so a
 * {@link dev.ravel.data.DataLoader} gives the same augmented batches for the same seed whatever
 * the number of workers.
 *
 * <pre>{@code
 * Transform train = new Compose(new RandomCrop(32, 4), new RandomHorizontalFlip(0.5),
 *         new ToTensor(), new Normalize(new double[] {0.4914, 0.4822, 0.4465}, new double[] {0.247, 0.243, 0.261}));
 * var data = new CIFAR10(Path.of("data"), true, true, train);
 * Transform scale = x -> x.mul(2);   // any lambda is a transform too
 * }</pre>
 */
@FunctionalInterface
public interface Transform extends UnaryOperator<Tensor> {
}
