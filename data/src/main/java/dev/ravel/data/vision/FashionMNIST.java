package dev.ravel.data.vision;

import java.nio.file.Path;
import java.util.List;

/**
 * Zalando's Fashion-MNIST, like {@code torchvision.datasets.FashionMNIST}: 28x28 gray images of
 * ten kinds of clothing in MNIST's exact format (60,000 training, 10,000 test), read as
 * {@link MNIST} reads its files. They are looked for in {@code root/FashionMNIST/raw/} and then
 * directly in {@code root}; {@code download = true} fetches missing ones into
 * {@code root/FashionMNIST/raw/}, checked against torchvision's MD5s.
 *
 * <pre>{@code
 * var test = new FashionMNIST(Path.of("data"), false, true, new ToTensor());
 * Sample s = test.get(0);
 * System.out.println(test.classes().get((int) s.target().itemLong()));   // "Ankle boot"
 * }</pre>
 */
public final class FashionMNIST extends MNIST {
    static final Remote REMOTE = new Remote(
            List.of("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
            List.of(new Remote.Resource("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d", null),
                    new Remote.Resource("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe", null),
                    new Remote.Resource("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79", null),
                    new Remote.Resource("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310", null)));
    static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
            "Shirt", "Sneaker", "Bag", "Ankle boot");

    /**
     * @param root      the folder holding the files (or FashionMNIST/raw/ with them)
     * @param train     the training images, else the test images
     * @param download  fetch missing files from the mirror
     * @param transform applied to each image by {@link #get}; null for none
     */
    public FashionMNIST(Path root, boolean train, boolean download, Transform transform) {
        this(REMOTE, root, train, download, transform);
    }

    /** The files must be there; no transform. */
    public FashionMNIST(Path root, boolean train) {
        this(root, train, false, null);
    }

    FashionMNIST(Remote remote, Path root, boolean train, boolean download, Transform transform) {
        super("FashionMNIST", remote, CLASSES, root, train, download, transform);
    }
}
