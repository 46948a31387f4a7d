/**
 * Vision datasets and image transforms, like {@code torchvision.datasets} and
 * {@code torchvision.transforms}: {@link dev.ravel.data.vision.MNIST},
 * {@link dev.ravel.data.vision.FashionMNIST} and {@link dev.ravel.data.vision.CIFAR10} read the
 * standard files (and can download them from the standard mirrors, checking their MD5s); the
 * {@link dev.ravel.data.vision.Transform}s take an image tensor {@code [C, H, W]} and return one.
 * Images come out of the datasets as FLOAT32 tensors holding the raw 0..255 pixel values;
 * {@link dev.ravel.data.vision.ToTensor} scales them to [0, 1] as torchvision's does for uint8.
 * Random transforms draw from {@link dev.ravel.data.RandomContext}, so a
 * {@link dev.ravel.data.DataLoader} gives the same batches for the same seed with any number of
 * workers.
 *
 * <pre>{@code
 * Transform augment = new Compose(new RandomAffine(10, 0.1, 0.1), new ToTensor(), new Normalize(0.1307, 0.3081));
 * var train = new MNIST(Path.of("data"), true, true, augment);      // downloads into data/MNIST/raw/
 * var test = new MNIST(Path.of("data"), false, true, new Compose(new ToTensor(), new Normalize(0.1307, 0.3081)));
 * try (var loader = DataLoader.ofSamples(train).batchSize(64).shuffle(true).numWorkers(2)
 *         .generator(new Generator(0)).build()) {
 *     for (Sample batch : loader) {
 *         // batch.input(): [64, 1, 28, 28] float32, batch.target(): [64] int64
 *     }
 * }
 * }</pre>
 */
package dev.ravel.data.vision;
