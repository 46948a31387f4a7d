package dev.ravel.examples;

/**
 * The seed MLP on MNIST (784-256-128-10, ReLU, Dropout 0.2, Adam 1e-3, batch 64, 5 epochs):
 * about 98% test accuracy.
 *
 * <pre>
 * ./mvnw -q -pl examples -am compile exec:exec -Dexample.args=../shared/datasets/mnist
 * </pre>
 * The data directory holds the four IDX files (.gz or plain); when they are missing they are
 * downloaded there (checksums verified) unless {@code --no-download} is given.
 */
public final class MnistMlp {
    private MnistMlp() {
    }

    public static void main(String[] args) throws Exception {
        MnistRecipe.run("MnistMlp", args, DigitClassifier::new);
    }
}
