package dev.ravel.nn;

import dev.ravel.Tensor;
import dev.ravel.autograd.CustomFunction;
import dev.ravel.tensor.DType;
import dev.ravel.tensor.NDArray;
import java.util.List;

/**
 * One recurrent layer in one direction over a whole sequence, as a single recorded op: the input
 * projection of all timesteps is one GEMM, the recurrence runs step by step on NDArrays, and the
 * backward is hand-written back-propagation through time (the weight gradients of all steps are
 * again single GEMMs). Variable lengths mask each batch row: steps at or past its length leave
 * the state alone and output zeros, so padding never reaches h_n (PyTorch's packed sequences).
 *
 * <p>Inputs: {@code x [T, B, I], h0 [B, H], c0 [B, H] (LSTM, else null), w_ih, w_hh, b_ih, b_hh}
 * (biases may be null). Outputs: {@code out [T, B, H], h_n [B, H]} and, for LSTM, {@code c_n}.
 * The composite cells (LSTMCell, GRUCell) are the reference the tests hold it to.
 */
final class RecurrentLayerFunction extends CustomFunction {
    private final RecurrentCell cell;
    private final boolean reverse;
    /** Per batch row, or null when every row runs the full length. */
    private final int[] lengths;

    RecurrentLayerFunction(RecurrentCell cell, boolean reverse, int[] lengths) {
        this.cell = cell;
        this.reverse = reverse;
        this.lengths = lengths;
    }

    /** The step records backward needs, each [T, B, H] (gate records filled per step). */
    private static final class Trace {
        NDArray hPrev;
        NDArray cPrev;
        NDArray a;
        NDArray b;
        NDArray c;
        NDArray d;
        NDArray e;
    }

    @Override
    protected Tensor[] forward(Context ctx, Tensor... in) {
        NDArray x = in[0].data();
        int steps = x.size(0);
        int batch = x.size(1);
        NDArray wIh = in[3].data();
        NDArray wHh = in[4].data();
        NDArray bIh = in[5] == null ? null : in[5].data();
        NDArray bHh = in[6] == null ? null : in[6].data();
        int hidden = wHh.size(1);
        DType dt = x.dtype();
        NDArray xg = x.reshape(steps * batch, x.size(2)).matmul(wIh.t());
        if (bIh != null) {
            xg.add_(bIh);
        }
        xg = xg.view(steps, batch, cell.gates * hidden);
        NDArray h = in[1].data();
        NDArray c = cell == RecurrentCell.LSTM ? in[2].data() : null;
        NDArray out = NDArray.zeros(new int[] {steps, batch, hidden}, dt, x.device());
        Trace tr = new Trace();
        tr.hPrev = NDArray.empty(new int[] {steps, batch, hidden}, dt, x.device());
        tr.a = NDArray.empty(new int[] {steps, batch, hidden}, dt, x.device());
        if (cell == RecurrentCell.LSTM) {
            tr.cPrev = NDArray.empty(new int[] {steps, batch, hidden}, dt, x.device());
        }
        if (cell == RecurrentCell.LSTM || cell == RecurrentCell.GRU) {
            tr.b = NDArray.empty(new int[] {steps, batch, hidden}, dt, x.device());
            tr.c = NDArray.empty(new int[] {steps, batch, hidden}, dt, x.device());
            tr.d = NDArray.empty(new int[] {steps, batch, hidden}, dt, x.device());
            tr.e = NDArray.empty(new int[] {steps, batch, hidden}, dt, x.device());
        }
        for (int s = 0; s < steps; s++) {
            int t = reverse ? steps - 1 - s : s;
            NDArray gx = xg.select(0, t);
            NDArray gh = h.matmul(wHh.t());
            if (bHh != null) {
                gh.add_(bHh);
            }
            tr.hPrev.select(0, t).copy_(h);
            if (c != null) {
                tr.cPrev.select(0, t).copy_(c);
            }
            NDArray hNew;
            NDArray cNew = null;
            switch (cell) {
                case RNN_TANH, RNN_RELU -> {
                    NDArray pre = gx.add(gh);
                    hNew = cell == RecurrentCell.RNN_TANH ? pre.tanh() : pre.relu();
                    tr.a.select(0, t).copy_(hNew);
                }
                case LSTM -> {
                    NDArray g = gx.add(gh);
                    NDArray i = g.narrow(1, 0, hidden).sigmoid();
                    NDArray f = g.narrow(1, hidden, hidden).sigmoid();
                    NDArray gg = g.narrow(1, 2 * hidden, hidden).tanh();
                    NDArray o = g.narrow(1, 3 * hidden, hidden).sigmoid();
                    cNew = f.mul(c).add_(i.mul(gg));
                    NDArray tc = cNew.tanh();
                    hNew = o.mul(tc);
                    tr.a.select(0, t).copy_(i);
                    tr.b.select(0, t).copy_(f);
                    tr.c.select(0, t).copy_(gg);
                    tr.d.select(0, t).copy_(o);
                    tr.e.select(0, t).copy_(tc);
                }
                case GRU -> {
                    NDArray r = gx.narrow(1, 0, hidden).add(gh.narrow(1, 0, hidden)).sigmoid();
                    NDArray z = gx.narrow(1, hidden, hidden).add(gh.narrow(1, hidden, hidden)).sigmoid();
                    NDArray hn = gh.narrow(1, 2 * hidden, hidden).contiguous();
                    NDArray n = gx.narrow(1, 2 * hidden, hidden).add(r.mul(hn)).tanh();
                    hNew = n.add(z.mul(h.sub(n)));
                    tr.a.select(0, t).copy_(r);
                    tr.b.select(0, t).copy_(z);
                    tr.c.select(0, t).copy_(n);
                    tr.d.select(0, t).copy_(hn);
                }
                default -> throw new IllegalStateException();
            }
            NDArray active = activeRows(t, batch, x);
            if (active == null) {
                h = hNew;
                c = cNew;
                out.select(0, t).copy_(hNew);
            } else {
                h = NDArray.where(active, hNew, h);
                if (cNew != null) {
                    c = NDArray.where(active, cNew, c);
                }
                out.select(0, t).copy_(hNew.maskedFill(active.logicalNot(), 0));
            }
        }
        ctx.put("trace", tr);
        Tensor[] outs = cell == RecurrentCell.LSTM
                ? new Tensor[] {Tensor.of(out), Tensor.of(h.clone()), Tensor.of(c.clone())}
                : new Tensor[] {Tensor.of(out), Tensor.of(h.clone())};
        ctx.saveForBackward(in[0], in[3], in[4]);
        return outs;
    }

    /** [B, 1] BOOL of rows still running at step t, or null when all are. */
    private NDArray activeRows(int t, int batch, NDArray like) {
        if (lengths == null) {
            return null;
        }
        boolean[] a = new boolean[batch];
        boolean all = true;
        for (int b = 0; b < batch; b++) {
            a[b] = t < lengths[b];
            all &= a[b];
        }
        return all ? null : NDArray.fromArray(a, batch, 1).to(like.device());
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor... grads) {
        Trace tr = ctx.get("trace");
        Tensor[] saved = ctx.savedTensors();
        NDArray x = saved[0].data();
        NDArray wIh = saved[1].data();
        NDArray wHh = saved[2].data();
        int steps = x.size(0);
        int batch = x.size(1);
        int hidden = wHh.size(1);
        int width = cell.gates * hidden;
        NDArray gOut = grads[0].data();
        NDArray dh = grads[1].data().clone();
        NDArray dc = cell == RecurrentCell.LSTM ? grads[2].data().clone() : null;
        NDArray dXg = NDArray.zeros(new int[] {steps, batch, width}, x.dtype(), x.device());
        NDArray dHg = cell == RecurrentCell.GRU ? NDArray.zeros(new int[] {steps, batch, width}, x.dtype(), x.device()) : dXg;
        for (int s = steps - 1; s >= 0; s--) {
            int t = reverse ? steps - 1 - s : s;
            NDArray active = activeRows(t, batch, x);
            // Outputs past a row's length are constant zeros: their gradient goes nowhere.
            NDArray dhT = dh.add(mask(gOut.select(0, t), active));
            NDArray hPrev = tr.hPrev.select(0, t);
            NDArray dHidden;
            NDArray dcPrev = null;
            switch (cell) {
                case RNN_TANH, RNN_RELU -> {
                    NDArray hNew = tr.a.select(0, t);
                    NDArray da = cell == RecurrentCell.RNN_TANH ? dhT.mul(hNew.square().rsub(1L)) : dhT.maskPositive(hNew);
                    da = mask(da, active);
                    dXg.select(0, t).copy_(da);
                    dHidden = da.matmul(wHh);
                }
                case LSTM -> {
                    NDArray i = tr.a.select(0, t);
                    NDArray f = tr.b.select(0, t);
                    NDArray gg = tr.c.select(0, t);
                    NDArray o = tr.d.select(0, t);
                    NDArray tc = tr.e.select(0, t);
                    NDArray cPrevT = tr.cPrev.select(0, t);
                    NDArray dcT = dhT.mul(o).mul_(tc.square().rsub(1L)).add_(dc);
                    NDArray dgates = dXg.select(0, t);
                    dgates.narrow(1, 0, hidden).copy_(dcT.mul(gg).mul_(i.mul(i.rsub(1L))));
                    dgates.narrow(1, hidden, hidden).copy_(dcT.mul(cPrevT).mul_(f.mul(f.rsub(1L))));
                    dgates.narrow(1, 2 * hidden, hidden).copy_(dcT.mul(i).mul_(gg.square().rsub(1L)));
                    dgates.narrow(1, 3 * hidden, hidden).copy_(dhT.mul(tc).mul_(o.mul(o.rsub(1L))));
                    if (active != null) {
                        dgates.copy_(mask(dgates, active));
                    }
                    dHidden = dgates.matmul(wHh);
                    dcPrev = dcT.mul(f);
                }
                case GRU -> {
                    NDArray r = tr.a.select(0, t);
                    NDArray z = tr.b.select(0, t);
                    NDArray n = tr.c.select(0, t);
                    NDArray hn = tr.d.select(0, t);
                    NDArray dn = dhT.mul(z.rsub(1L)).mul_(n.square().rsub(1L));
                    NDArray dzPre = dhT.mul(hPrev.sub(n)).mul_(z.mul(z.rsub(1L)));
                    NDArray drPre = dn.mul(hn).mul_(r.mul(r.rsub(1L)));
                    NDArray dx = dXg.select(0, t);
                    NDArray dhg = dHg.select(0, t);
                    dx.narrow(1, 0, hidden).copy_(drPre);
                    dx.narrow(1, hidden, hidden).copy_(dzPre);
                    dx.narrow(1, 2 * hidden, hidden).copy_(dn);
                    dhg.narrow(1, 0, hidden).copy_(drPre);
                    dhg.narrow(1, hidden, hidden).copy_(dzPre);
                    dhg.narrow(1, 2 * hidden, hidden).copy_(dn.mul(r));
                    if (active != null) {
                        dx.copy_(mask(dx, active));
                        dhg.copy_(mask(dhg, active));
                    }
                    dHidden = dhg.matmul(wHh).add_(mask(dhT.mul(z), active));
                }
                default -> throw new IllegalStateException();
            }
            if (active == null) {
                dh = dHidden;
                dc = dcPrev;
            } else {
                dh = NDArray.where(active, dHidden, dhT);
                if (dcPrev != null) {
                    dc = NDArray.where(active, dcPrev, dc);
                }
            }
        }
        NDArray flatX = dXg.view(steps * batch, width);
        NDArray flatH = dHg.view(steps * batch, width);
        Tensor[] g = new Tensor[7];
        g[0] = ctx.needsInputGrad(0) ? Tensor.of(flatX.matmul(wIh).view(x.shape())) : null;
        g[1] = Tensor.of(dh);
        g[2] = cell == RecurrentCell.LSTM ? Tensor.of(dc) : null;
        g[3] = ctx.needsInputGrad(3) ? Tensor.of(flatX.t().matmul(x.reshape(steps * batch, x.size(2)))) : null;
        g[4] = ctx.needsInputGrad(4) ? Tensor.of(flatH.t().matmul(tr.hPrev.view(steps * batch, hidden))) : null;
        g[5] = ctx.needsInputGrad(5) ? Tensor.of(flatX.sum(0)) : null;
        g[6] = ctx.needsInputGrad(6) ? Tensor.of(flatH.sum(0)) : null;
        return g;
    }

    private static NDArray mask(NDArray v, NDArray active) {
        return active == null ? v : v.maskedFill(active.logicalNot(), 0);
    }

    /** Runs one layer-direction and returns its outputs (out, h_n[, c_n]). */
    static List<Tensor> run(RecurrentCell cell, boolean reverse, int[] lengths, Tensor x, Tensor h0, Tensor c0, Tensor wIh,
                            Tensor wHh, Tensor bIh, Tensor bHh) {
        return List.of(new RecurrentLayerFunction(cell, reverse, lengths).apply(x, h0, c0, wIh, wHh, bIh, bHh));
    }
}
