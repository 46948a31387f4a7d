package dev.ravel.nn;

import dev.ravel.Ravel;
import dev.ravel.Tensor;
import dev.ravel.tensor.Backends;
import dev.ravel.tensor.NDArray;
import dev.ravel.tensor.Storage;
import java.util.ArrayList;
import java.util.List;

/**
 * Modules applied in order; children are named "0", "1", ... as in PyTorch.
 *
 * <p>In inference (grad mode off, so no graph holds the intermediate results), each intermediate
 * result is handed back to its backend for reuse ({@code Backend.recycle}) as soon as the next
 * module has consumed it, as PyTorch frees it by reference count: a batch-1 forward then allocates
 * warm memory. Only when every module inside is one of Ravel's own, which keep no reference to what
 * they were given or returned, and only results made during this call that the next module did not
 * return (or a view of).
 */
public class Sequential extends Module {
    private final List<Module> layers = new ArrayList<>();

    public Sequential(Module... modules) {
        for (Module m : modules) {
            add(m);
        }
    }

    public Sequential(List<? extends Module> modules) {
        for (Module m : modules) {
            add(m);
        }
    }

    public Sequential add(Module m) {
        registerModule(Integer.toString(layers.size()), m);
        layers.add(m);
        return this;
    }

    public Module get(int i) {
        return layers.get(i < 0 ? i + layers.size() : i);
    }

    public int size() {
        return layers.size();
    }

    @Override
    public Tensor forward(Tensor input) {
        boolean recycle = !Ravel.isGradEnabled() && ravelModulesOnly(this);
        long firstSerial = Storage.nextSerial();
        Tensor x = input;
        for (Module m : layers) {
            Tensor y = m.forward(x);
            if (recycle && x != input) {
                recycleConsumed(x, y, firstSerial);
            }
            x = y;
        }
        return x;
    }

    /**
     * True when {@code m} and everything inside it are classes of this package (not user code).
     * Forward hooks, when Module gets them, can keep results too and must make this false.
     */
    private static boolean ravelModulesOnly(Module m) {
        if (!m.getClass().getPackageName().equals(Sequential.class.getPackageName())) {
            return false;
        }
        for (Module c : m.children()) {
            if (c != null && !ravelModulesOnly(c)) {
                return false;
            }
        }
        return true;
    }

    /** Gives back {@code consumed} when this call made it, it owns its whole storage, and {@code next} is not over it. */
    private static void recycleConsumed(Tensor consumed, Tensor next, long firstSerial) {
        NDArray d = consumed.data();
        Storage s = d.storage();
        if (consumed.gradFn() == null && s.serial() >= firstSerial && d.spansStorage() && next.data().storage() != s) {
            Backends.of(s.device()).recycle(s);
        }
    }
}
