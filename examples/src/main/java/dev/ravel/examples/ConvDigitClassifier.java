package dev.ravel.examples;

import dev.ravel.Tensor;
import dev.ravel.nn.Conv2d;
import dev.ravel.nn.Dropout;
import dev.ravel.nn.Flatten;
import dev.ravel.nn.Linear;
import dev.ravel.nn.MaxPool2d;
import dev.ravel.nn.Module;
import dev.ravel.nn.ReLU;
import dev.ravel.nn.Sequential;

/**
 * The seed CNN: two 3x3 convolutions (32, 64 channels, padding 1) each with ReLU and 2x2 max-pool,
 * then 3136-128-10 with Dropout(0.5). State-dict keys match the seed's ConvDigitClassifier.
 */
public final class ConvDigitClassifier extends Module {
    private final Sequential convLayers = registerModule("conv_layers", new Sequential(
            new Conv2d(1, 32, 3, 1, 1), new ReLU(), new MaxPool2d(2),
            new Conv2d(32, 64, 3, 1, 1), new ReLU(), new MaxPool2d(2)));
    private final Sequential fcLayers = registerModule("fc_layers", new Sequential(
            new Flatten(), new Linear(64 * 7 * 7, 128), new ReLU(), new Dropout(0.5), new Linear(128, 10)));

    @Override
    public Tensor forward(Tensor x) {
        return fcLayers.forward(convLayers.forward(x));
    }
}
