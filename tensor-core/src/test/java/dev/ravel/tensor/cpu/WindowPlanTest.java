package dev.ravel.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.ravel.tensor.Window2d;
import org.junit.jupiter.api.Test;

/** The window map: which plane offset each tap of each output reads, padding as -1, and the divisors. */
class WindowPlanTest {

    @Test
    void mapOfAPlainWindow() {
        // 3x3 plane, 2x2 kernel, stride 1: outputs 2x2.
        WindowPlan p = WindowPlan.of(3, 3, 2, 2, Window2d.of(2, 1, 0));
        assertEquals(9, p.planeSize);
        assertEquals(4, p.taps);
        assertEquals(4, p.outputs);
        // map[t * outputs + o]: tap t = (ky, kx), output o = (oy, ox).
        assertArrayEquals(new int[] {
                0, 1, 3, 4,     // tap (0, 0)
                1, 2, 4, 5,     // tap (0, 1)
                3, 4, 6, 7,     // tap (1, 0)
                4, 5, 7, 8}, p.map);
        assertArrayEquals(new int[] {4, 4, 4, 4}, p.validCount);
        assertArrayEquals(new int[] {4, 4, 4, 4}, p.paddedCount);
    }

    @Test
    void paddingReadsAsMinusOneAndCountsSeparately() {
        // 2x2 plane, 3x3 kernel, stride 2, padding 1: one output.
        WindowPlan p = WindowPlan.of(2, 2, 1, 1, Window2d.of(3, 2, 1));
        assertArrayEquals(new int[] {-1, -1, -1, -1, 0, 1, -1, 2, 3}, p.map);
        assertEquals(4, p.validCount[0]);
        assertEquals(9, p.paddedCount[0]);
        assertEquals(4, p.divisor(0, false, 0));
        assertEquals(9, p.divisor(0, true, 0));
        assertEquals(5, p.divisor(0, true, 5));
    }

    @Test
    void ceilModeWindowsAreClippedAtThePaddedBorder() {
        // 5 wide, kernel 2, stride 2, ceil mode: 3 outputs, the last one hangs over the edge.
        WindowPlan p = WindowPlan.of(1, 5, 1, 3, new Window2d(1, 2, 1, 2, 0, 0, 1, 1));
        assertArrayEquals(new int[] {0, 2, 4, 1, 3, -1}, p.map);
        assertArrayEquals(new int[] {2, 2, 1}, p.validCount);
        assertArrayEquals(new int[] {2, 2, 1}, p.paddedCount);
    }

    @Test
    void dilationSpreadsTheTaps() {
        WindowPlan p = WindowPlan.of(1, 5, 1, 1, new Window2d(1, 3, 1, 1, 0, 0, 1, 2));
        assertArrayEquals(new int[] {0, 2, 4}, p.map);
    }

    @Test
    void plansAreCachedByGeometry() {
        Window2d w = Window2d.of(3, 1, 1);
        WindowPlan a = WindowPlan.of(11, 13, 11, 13, w);
        assertSame(a, WindowPlan.of(11, 13, 11, 13, Window2d.of(3, 1, 1)));
        assertNotSame(a, WindowPlan.of(11, 14, 11, 14, w));
    }
}
