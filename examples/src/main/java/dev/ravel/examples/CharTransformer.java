package dev.ravel.examples;

import dev.ravel.Ravel;
import dev.ravel.Tensor;
import dev.ravel.nn.Attention;
import dev.ravel.nn.CrossEntropyLoss;
import dev.ravel.nn.Embedding;
import dev.ravel.nn.LayerNorm;
import dev.ravel.nn.Linear;
import dev.ravel.nn.Module;
import dev.ravel.nn.Parameter;
import dev.ravel.nn.TransformerEncoder;
import dev.ravel.nn.TransformerEncoderLayer;
import dev.ravel.optim.AdamW;
import dev.ravel.tensor.DType;
import dev.ravel.tensor.Generator;
import dev.ravel.tensor.NDArray;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A small causal Transformer language model over bytes (pre-norm encoder layers with GELU, a
 * causal mask, learned positions), trained on real text: a text file, or a zip of sources such as
 * the JDK's own {@code lib/src.zip}. Prints the loss falling and samples text at the end.
 *
 * <pre>
 * ./mvnw -q -pl examples -am compile exec:exec -Dexample.main=dev.ravel.examples.CharTransformer \
 *     -Dexample.args="$JAVA_HOME/lib/src.zip --max-batches 600"
 * </pre>
 */
public final class CharTransformer {
    static final int VOCAB = 256;

    private CharTransformer() {
    }

    /** Embedding + positions, causal encoder layers, final norm, and a byte head. */
    static final class Model extends Module {
        final int seq;
        final Embedding emb;
        final Parameter pos;
        final TransformerEncoder encoder;
        final LayerNorm norm;
        final Linear head;

        Model(int d, int heads, int ff, int layers, int seq) {
            this.seq = seq;
            emb = registerModule("emb", new Embedding(VOCAB, d));
            pos = registerParameter("pos", new Parameter(Attention.sinusoidalPositionalEncoding(seq, d).data().mul(0.1)));
            encoder = registerModule("encoder", new TransformerEncoder(
                    new TransformerEncoderLayer(d, heads, ff, 0.1, "gelu", 1e-5, true, true), layers, null));
            norm = registerModule("norm", new LayerNorm(d));
            head = registerModule("head", new Linear(d, VOCAB));
        }

        /** tokens [B, T] -> logits [B, T, 256]. */
        @Override
        public Tensor forward(Tensor tokens) {
            int t = tokens.size(1);
            Tensor x = emb.forward(tokens).add(pos.narrow(0, 0, t));
            return head.forward(norm.forward(encoder.forward(x, null, null, true)));
        }
    }

    /** Bytes of a text file, or of the .java entries of a zip (up to maxBytes). */
    static byte[] readCorpus(Path path, int maxBytes) throws IOException {
        if (!path.toString().endsWith(".zip")) {
            byte[] all = Files.readAllBytes(path);
            return all.length > maxBytes ? java.util.Arrays.copyOf(all, maxBytes) : all;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (ZipFile zip = new ZipFile(path.toFile())) {
            Enumeration<? extends ZipEntry> e = zip.entries();
            while (e.hasMoreElements() && out.size() < maxBytes) {
                ZipEntry z = e.nextElement();
                if (z.getName().startsWith("java.base/java/util/") && z.getName().endsWith(".java")) {
                    try (InputStream in = zip.getInputStream(z)) {
                        out.write(in.readAllBytes());
                    }
                }
            }
        }
        if (out.size() == 0) {
            throw new IOException("CharTransformer: no java.base/java/util/*.java entries in " + path);
        }
        byte[] all = out.toByteArray();
        return all.length > maxBytes ? java.util.Arrays.copyOf(all, maxBytes) : all;
    }

    public static void main(String[] argv) throws Exception {
        ExampleArgs args = ExampleArgs.parse("CharTransformer", argv,
                System.getProperty("java.home") + "/lib/src.zip", 1, 32, 3e-4);
        Ravel.manualSeed(args.seed());
        byte[] text = readCorpus(args.data(), 4 << 20);
        int seq = 128;
        int steps = args.maxBatches() > 0 ? args.maxBatches() : 1500;
        long[] tokens = new long[text.length];
        for (int i = 0; i < text.length; i++) {
            tokens[i] = text[i] & 0xff;
        }
        NDArray corpus = NDArray.fromArray(tokens);
        int split = (int) (text.length * 0.95);
        System.out.printf(Locale.ROOT, "CharTransformer: %,d bytes of text from %s (%,d train / %,d validation)%n",
                text.length, args.data(), split, text.length - split);
        Model model = new Model(128, 4, 512, 2, seq);
        System.out.println(model.parameters().stream().mapToInt(Tensor::numel).sum() + " parameters");
        AdamW optimizer = new AdamW(model.parameters(), args.lr(), 0.9, 0.999, 1e-8, 0.01, false);
        CrossEntropyLoss lossFn = new CrossEntropyLoss();
        Generator batches = new Generator(args.seed());
        TrainingCurves curves = new TrainingCurves("CharTransformer", "validation", "step");
        ProgressBar bar = new ProgressBar("train", steps);
        double running = 0;
        double runningAcc = 0;
        int every = Math.max(1, steps / 10);
        for (int step = 1; step <= steps; step++) {
            model.train();
            Tensor[] xy = batch(corpus, 0, split, args.batchSize(), seq, batches);
            optimizer.zeroGrad();
            Tensor logits = model.forward(xy[0]).reshape(-1, VOCAB);
            Tensor loss = lossFn.forward(logits, xy[1].reshape(-1));
            loss.backward();
            optimizer.step();
            running += loss.item();
            runningAcc += 100.0 * logits.data().argmax(1, false).eq(xy[1].data().reshape(-1)).to(DType.FLOAT32).mean().item();
            bar.update(step, running / ((step - 1) % every + 1));
            if (step % every == 0 || step == steps) {
                double train = running / ((step - 1) % every + 1);
                double trainAcc = runningAcc / ((step - 1) % every + 1);
                double[] val = evaluate(model, lossFn, corpus, split, text.length, seq, new Generator(7));
                System.out.printf(Locale.ROOT, "step %d/%d train loss %.4f | validation loss %.4f, next-byte accuracy %.1f%%%n",
                        step, steps, train, val[0], val[1]);
                curves.add(step, train, trainAcc, val[0], val[1]);
                running = 0;
                runningAcc = 0;
            }
        }
        String prompt = "public static ";
        System.out.println("sample (temperature 0.8) after \"" + prompt + "\":\n" + prompt
                + sample(model, prompt, args.maxBatches() > 0 && args.maxBatches() < 100 ? 20 : 400, 0.8,
                new Generator(args.seed())));
        Path png = args.out().resolve("chartransformer_curves.png");
        curves.save(png);
        System.out.println("CharTransformer: curves in " + png);
    }

    /** Random windows: inputs tokens[i, i+T), targets shifted by one. */
    static Tensor[] batch(NDArray corpus, int from, int to, int b, int seq, Generator g) {
        long[] starts = new long[b];
        g.fillRandInt(starts, 0, b, from, to - seq - 1);
        long[] x = new long[b * seq];
        long[] y = new long[b * seq];
        long[] c = corpus.toLongArray();
        for (int i = 0; i < b; i++) {
            System.arraycopy(c, (int) starts[i], x, i * seq, seq);
            System.arraycopy(c, (int) starts[i] + 1, y, i * seq, seq);
        }
        return new Tensor[] {Tensor.of(NDArray.fromArray(x, b, seq)), Tensor.of(NDArray.fromArray(y, b, seq))};
    }

    static double[] evaluate(Model model, CrossEntropyLoss lossFn, NDArray corpus, int from, int to, int seq, Generator g) {
        model.eval();
        try (var ng = Ravel.noGrad()) {
            Tensor[] xy = batch(corpus, from, to, 16, seq, g);
            Tensor logits = model.forward(xy[0]).reshape(-1, VOCAB);
            double loss = lossFn.forward(logits, xy[1].reshape(-1)).item();
            double acc = 100.0 * logits.data().argmax(1, false).eq(xy[1].data().reshape(-1)).to(DType.FLOAT32).mean().item();
            return new double[] {loss, acc};
        }
    }

    /** Autoregressive sampling over the last seq bytes, drawing from softmax(logits / temperature). */
    static String sample(Model model, String prompt, int n, double temperature, Generator g) {
        model.eval();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        long[] ctx = new long[0];
        byte[] p = prompt.getBytes(StandardCharsets.UTF_8);
        ctx = java.util.Arrays.copyOf(ctx, p.length);
        for (int i = 0; i < p.length; i++) {
            ctx[i] = p[i] & 0xff;
        }
        try (var ng = Ravel.noGrad()) {
            for (int i = 0; i < n; i++) {
                int len = Math.min(ctx.length, model.seq);
                long[] window = java.util.Arrays.copyOfRange(ctx, ctx.length - len, ctx.length);
                Tensor logits = model.forward(Tensor.of(NDArray.fromArray(window, 1, len)));
                double[] probs = logits.data().select(0, 0).select(0, len - 1).div(temperature).softmax(0).toDoubleArray();
                double u = g.uniformDouble();
                int next = VOCAB - 1;
                double acc = 0;
                for (int k = 0; k < VOCAB; k++) {
                    acc += probs[k];
                    if (u < acc) {
                        next = k;
                        break;
                    }
                }
                out.write(next);
                ctx = java.util.Arrays.copyOf(ctx, ctx.length + 1);
                ctx[ctx.length - 1] = next;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
