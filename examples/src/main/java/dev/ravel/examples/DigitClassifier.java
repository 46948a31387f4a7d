package dev.ravel.examples;

import dev.ravel.Tensor;
import dev.ravel.nn.Dropout;
import dev.ravel.nn.Flatten;
import dev.ravel.nn.Linear;
import dev.ravel.nn.Module;
import dev.ravel.nn.ReLU;
import dev.ravel.nn.Sequential;

/**
 * The seed MLP: 784-256-128-10 with ReLU and Dropout(0.2). Its state-dict keys
 * ({@code layers.0.weight}, ...) are those of the seed's PyTorch DigitClassifier.
 */
public final class DigitClassifier extends Module {
    private final Flatten flatten = registerModule("flatten", new Flatten());
    private final Sequential layers = registerModule("layers", new Sequential(
            new Linear(784, 256), new ReLU(), new Dropout(0.2),
            new Linear(256, 128), new ReLU(), new Dropout(0.2),
            new Linear(128, 10)));

    @Override
    public Tensor forward(Tensor x) {
        return layers.forward(flatten.forward(x));
    }
}
