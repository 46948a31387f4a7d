package dev.ravel.nn.init;

/** Householder QR of a tall matrix, just enough for orthogonal init. */
final class Householder {
    private Householder() {
    }

    /**
     * The thin Q (m x n, m >= n) of A = QR, with each column multiplied by sign(R_ii) so the
     * factorisation is unique (R with a positive diagonal), as {@code torch.nn.init.orthogonal_} does.
     */
    static double[][] orthonormalColumns(double[][] a) {
        int m = a.length;
        int n = a[0].length;
        double[][] r = new double[m][];
        for (int i = 0; i < m; i++) {
            r[i] = a[i].clone();
        }
        double[][] vs = new double[n][];
        for (int k = 0; k < n; k++) {
            double norm = 0;
            for (int i = k; i < m; i++) {
                norm += r[i][k] * r[i][k];
            }
            norm = Math.sqrt(norm);
            double[] v = new double[m];
            double alpha = r[k][k] >= 0 ? -norm : norm;
            for (int i = k; i < m; i++) {
                v[i] = r[i][k];
            }
            v[k] -= alpha;
            double vn = 0;
            for (int i = k; i < m; i++) {
                vn += v[i] * v[i];
            }
            if (vn > 0) {
                for (int j = k; j < n; j++) {
                    double dot = 0;
                    for (int i = k; i < m; i++) {
                        dot += v[i] * r[i][j];
                    }
                    double f = 2 * dot / vn;
                    for (int i = k; i < m; i++) {
                        r[i][j] -= f * v[i];
                    }
                }
            }
            vs[k] = vn > 0 ? v : null;
            if (vs[k] != null) {
                double s = Math.sqrt(vn);
                for (int i = 0; i < m; i++) {
                    v[i] /= s;
                }
            }
        }
        // Q = H_0 H_1 ... H_{n-1} applied to the first n columns of the identity.
        double[][] q = new double[m][n];
        for (int j = 0; j < n; j++) {
            q[j][j] = 1;
        }
        for (int k = n - 1; k >= 0; k--) {
            double[] v = vs[k];
            if (v == null) {
                continue;
            }
            for (int j = 0; j < n; j++) {
                double dot = 0;
                for (int i = k; i < m; i++) {
                    dot += v[i] * q[i][j];
                }
                for (int i = k; i < m; i++) {
                    q[i][j] -= 2 * dot * v[i];
                }
            }
        }
        for (int j = 0; j < n; j++) {
            if (r[j][j] < 0) {
                for (int i = 0; i < m; i++) {
                    q[i][j] = -q[i][j];
                }
            }
        }
        return q;
    }
}
