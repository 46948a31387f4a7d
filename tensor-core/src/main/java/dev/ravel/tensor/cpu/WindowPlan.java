package dev.ravel.tensor.cpu;

import dev.ravel.tensor.Window2d;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where each window element of a 2-D sliding window reads in one H x W plane: an offset into the
 * plane, or -1 for padding. im2col, col2im, max- and average-pooling (and their gradients) are
 * all small loops over this map, in every dtype. Plans depend only on the geometry, so a training
 * loop reuses them; a small LRU keeps the recent ones.
 */
final class WindowPlan {
    private static final int CACHE_SIZE = 64;
    private static final Map<Key, WindowPlan> CACHE = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, WindowPlan> e) {
            return size() > CACHE_SIZE;
        }
    };

    private record Key(int h, int w, int oh, int ow, Window2d window) {
    }

    final int planeSize;
    /** Window positions per output: kh * kw. */
    final int taps;
    /** Outputs per plane: oh * ow. */
    final int outputs;
    /** {@code map[t * outputs + o]}: the plane offset read by tap t of output o, or -1. */
    final int[] map;
    /** Per output: window size counted up to the padded border (avg-pool's count_include_pad). */
    final int[] paddedCount;
    /** Per output: window elements inside the input. */
    final int[] validCount;

    private WindowPlan(int h, int w, int oh, int ow, Window2d win) {
        planeSize = h * w;
        taps = win.kernelH() * win.kernelW();
        outputs = oh * ow;
        map = new int[taps * outputs];
        paddedCount = new int[outputs];
        validCount = new int[outputs];
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                int o = oy * ow + ox;
                int y0 = oy * win.strideH() - win.padH();
                int x0 = ox * win.strideW() - win.padW();
                int yEnd = Math.min(y0 + win.kernelH(), h + win.padH());
                int xEnd = Math.min(x0 + win.kernelW(), w + win.padW());
                paddedCount[o] = (yEnd - y0) * (xEnd - x0);
                int valid = 0;
                for (int ky = 0; ky < win.kernelH(); ky++) {
                    for (int kx = 0; kx < win.kernelW(); kx++) {
                        int iy = y0 + ky * win.dilationH();
                        int ix = x0 + kx * win.dilationW();
                        boolean inside = iy >= 0 && iy < h && ix >= 0 && ix < w;
                        map[(ky * win.kernelW() + kx) * outputs + o] = inside ? iy * w + ix : -1;
                        valid += inside ? 1 : 0;
                    }
                }
                validCount[o] = valid;
            }
        }
    }

    static WindowPlan of(int h, int w, int oh, int ow, Window2d win) {
        Key key = new Key(h, w, oh, ow, win);
        synchronized (CACHE) {
            WindowPlan p = CACHE.get(key);
            if (p == null) {
                p = new WindowPlan(h, w, oh, ow, win);
                CACHE.put(key, p);
            }
            return p;
        }
    }

    /** The average-pooling divisor of output o. */
    int divisor(int o, boolean countIncludePad, int override) {
        return override > 0 ? override : countIncludePad ? paddedCount[o] : validCount[o];
    }
}
