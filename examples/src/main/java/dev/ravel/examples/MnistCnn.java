package dev.ravel.examples;

/**
 * The seed CNN on MNIST (two conv + max-pool blocks, 128-unit dense layer, Dropout 0.5, Adam 1e-3,
 * batch 64, 5 epochs): about 99% test accuracy.
 *
 * <pre>
 * ./mvnw -q -pl examples -am compile exec:exec -Dexample.main=dev.ravel.examples.MnistCnn -Dexample.args=../shared/datasets/mnist
 * </pre>
 */
public final class MnistCnn {
    private MnistCnn() {
    }

    public static void main(String[] args) throws Exception {
        MnistRecipe.run("MnistCnn", args, ConvDigitClassifier::new);
    }
}
