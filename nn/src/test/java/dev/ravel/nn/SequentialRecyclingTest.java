package dev.ravel.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ravel.Ravel;
import dev.ravel.Tensor;
import dev.ravel.nn.usercode.KeepsItsInput;
import dev.ravel.tensor.DType;
import dev.ravel.tensor.Device;
import dev.ravel.tensor.NDArray;
import dev.ravel.tensor.cpu.CpuStorage;
import org.junit.jupiter.api.Test;

/**
 * Sequential hands intermediate results back for reuse in inference: the same outputs as with
 * grad mode on, nothing the caller or user code can see is touched, and the memory really is reused.
 * (nn's suite also runs with -Dravel.recycle=poison, where a recycled array turns NaN.)
 */
class SequentialRecyclingTest {
    /** [64, 128] intermediates: above ArrayPool.MIN_ELEMENTS (4096). */
    private static Sequential mlp() {
        Ravel.manualSeed(3);
        // Identity returns its input and Flatten a view of it: those must not be recycled under the next layer
        return new Sequential(new Linear(100, 128), new ReLU(), new Identity(), new Linear(128, 128), new Tanh(),
                new Flatten(), new Linear(128, 7));
    }

    /** Takes pooled [64, 128] float arrays and scribbles on them. */
    private static void scribble() {
        for (int i = 0; i < 8; i++) {
            NDArray.empty(new int[] {64, 128}, DType.FLOAT32, Device.CPU).fill_(-999);
        }
    }

    @Test
    void inferenceGivesTheSameOutputsAsWithGradModeOn() {
        Sequential m = mlp();
        Tensor x = Ravel.randn(64, 100);
        float[] want = m.forward(x).detach().toFloatArray();
        float[] xBefore = x.toFloatArray();
        for (int call = 0; call < 4; call++) {
            Tensor y;
            try (var g = Ravel.noGrad()) {
                y = m.forward(x);
            }
            scribble();
            assertArrayEquals(want, y.toFloatArray(), "call " + call + ": the returned output is the caller's");
            assertArrayEquals(xBefore, x.toFloatArray(), "the input is the caller's");
        }
    }

    /** Notes the array behind what it returns (a module of this package, so Sequential trusts it). */
    static final class NotesItsOutput extends Module {
        Object array;

        @Override
        public Tensor forward(Tensor x) {
            Tensor y = x.mul(2);
            array = ((CpuStorage) y.data().storage()).array();
            return y;
        }
    }

    /** Runs Linear, NotesItsOutput, Linear once; returns {the noted array, the array the next [64, 128] gets}. */
    private static Object[] notedAndNextArray(boolean gradEnabled) {
        NotesItsOutput note = new NotesItsOutput();
        Sequential m = new Sequential(new Linear(100, 128), note, new Linear(128, 3));
        try (var g = gradEnabled ? null : Ravel.noGrad()) {
            m.forward(Ravel.randn(64, 100));
        }
        Object next = ((CpuStorage) NDArray.empty(new int[] {64, 128}, DType.FLOAT32, Device.CPU).storage()).array();
        return new Object[] {note.array, next};
    }

    @Test
    void intermediateMemoryIsReused() {
        assumeTrue(System.getProperty("ravel.recycle", "on").equals("on"), "recycling is on");
        // the noted result was consumed by the last Linear and handed back last: the next [64, 128] gets it
        Object[] arrays = notedAndNextArray(false);
        assertSame(arrays[0], arrays[1]);
    }

    @Test
    void nothingIsRecycledWhileAGraphIsRecorded() {
        Object[] arrays = notedAndNextArray(true);
        assertNotSame(arrays[0], arrays[1]);
    }

    @Test
    void userModulesTurnItOff() {
        KeepsItsInput keeper = new KeepsItsInput();
        Sequential m = new Sequential(new Linear(100, 128), new ReLU(), keeper, new Linear(128, 7));
        Tensor x = Ravel.randn(64, 100);
        Tensor y;
        try (var g = Ravel.noGrad()) {
            y = m.forward(x);
        }
        float[] kept = keeper.kept.toFloatArray();
        scribble();
        assertArrayEquals(kept, keeper.kept.toFloatArray(), "what user code kept is not recycled");
        try (var g = Ravel.noGrad()) {
            Tensor nested = new Sequential(new Linear(100, 128), new Sequential(new ReLU(), keeper), new Linear(128, 7))
                    .forward(x);
            assertArrayEquals(new int[] {64, 7}, nested.shape());
        }
        float[] keptNested = keeper.kept.toFloatArray();
        scribble();
        assertArrayEquals(keptNested, keeper.kept.toFloatArray(), "user code nested in a Sequential counts too");
        assertArrayEquals(new int[] {64, 7}, y.shape());
    }
}
