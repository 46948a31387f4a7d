package dev.ravel.data.vision;

import dev.ravel.Tensor;
import dev.ravel.tensor.NDArray;

/**
 * Rotation and translation about the image centre with nearest-neighbour sampling and zero fill,
 * as torchvision's {@code F.rotate} / {@code F.affine} on tensors: each output pixel centre, taken
 * relative to the image centre, goes through the inverse affine matrix to a source position,
 * which is rounded half to even (grid_sample's nearbyint); sources outside the image give 0.
 * torchvision does this arithmetic in float32 and Ravel in double, so the two can differ only
 * where a source position lies within float rounding of a half-pixel tie.
 */
final class Warp {
    private Warp() {
    }

    /** {@code F.rotate(img, angle)}: counter-clockwise in degrees. */
    static Tensor rotate(Tensor img, double angle) {
        // torchvision: "due to current incoherence of rotation angle direction between affine and rotate
        // implementations we need to set -angle".
        return warp("rotate", img, inverseMatrix(-angle, 0, 0));
    }

    /** {@code F.affine(img, angle, [tx, ty], 1, [0, 0])}: clockwise in degrees, then shifted by (tx, ty) pixels. */
    static Tensor affine(Tensor img, double angle, double tx, double ty) {
        return warp("affine", img, inverseMatrix(angle, tx, ty));
    }

    /** torchvision's {@code _get_inverse_affine_matrix} with centre (0, 0), scale 1 and no shear. */
    static double[] inverseMatrix(double angle, double tx, double ty) {
        double rot = Math.toRadians(angle);
        double cos = Math.cos(rot);
        double sin = Math.sin(rot);
        double[] m = {cos, sin, 0, -sin, cos, 0};
        m[2] += m[0] * -tx + m[1] * -ty;
        m[5] += m[3] * -tx + m[4] * -ty;
        return m;
    }

    private static Tensor warp(String op, Tensor img, double[] m) {
        Images.check(op, img, 2);
        int h = img.size(-2);
        int w = img.size(-1);
        if (img.numel() == 0) {
            return img.clone();
        }
        long[] src = new long[h * w];
        boolean[] outside = new boolean[h * w];
        boolean anyOutside = false;
        for (int i = 0; i < h; i++) {
            double y = i - h * 0.5 + 0.5;
            for (int j = 0; j < w; j++) {
                double x = j - w * 0.5 + 0.5;
                // The source position in pixel indices: the affine grid, unnormalised as grid_sample does with
                // align_corners=False.
                long col = (long) Math.rint(m[0] * x + m[1] * y + m[2] + w * 0.5 - 0.5);
                long row = (long) Math.rint(m[3] * x + m[4] * y + m[5] + h * 0.5 - 0.5);
                int k = i * w + j;
                if (col < 0 || col >= w || row < 0 || row >= h) {
                    outside[k] = true;
                    anyOutside = true;
                } else {
                    src[k] = row * w + col;
                }
            }
        }
        // One gather over all planes keeps the image's dtype and device.
        Tensor flat = img.reshape(-1, h * w);
        Tensor out = flat.indexSelect(1, Tensor.of(NDArray.fromArray(src)).to(img.device()));
        if (anyOutside) {
            out = out.maskedFill(Tensor.of(NDArray.fromArray(outside)).to(img.device()), 0);
        }
        return out.reshape(img.shape());
    }
}
