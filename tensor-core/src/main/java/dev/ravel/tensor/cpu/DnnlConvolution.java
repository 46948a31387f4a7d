package dev.ravel.tensor.cpu;

import dev.ravel.tensor.Window2d;
import dev.ravel.tensor.cpu.CpuConvolution.Geometry;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Float32 2-D convolution and its two gradients by oneDNN's convolution primitives, for
 * {@link CpuConvolution}: each of Ravel's threads runs its range of images through single-threaded
 * primitives ({@link DnnlLibrary#singleThreaded}), a few images at a time.
 *
 * <p>Why: oneDNN's direct convolutions read the image in a blocked channel layout and need no
 * column matrix; on 2 cores the three passes of a 3x3 32->64 convolution over [64, 32, 14, 14]
 * measured 1.5 / 1.5 / 1.7 ms here against 2.4 / 2.1 / 2.2 for im2col + GEMM. The primitives work
 * on native memory in the layouts they choose, so each chunk of images is copied from the heap
 * array into a per-thread native buffer, reordered, convolved, reordered back and copied out. A
 * chunk is sized so that its plain and blocked copies stay in a core's L2 cache
 * ({@link #CHUNK_BYTES}): the copies then cost a few percent.
 *
 * <p>Plans (primitive descriptors, primitives and reorders for one geometry, chunk size and pass)
 * are cached ({@link #PLAN_CACHE} of them); the primitives use user-managed scratchpads, so one
 * plan runs on several threads at once, each with its own stream, buffers and memory objects. A
 * geometry oneDNN has no implementation for is remembered as unsupported and left to im2col.
 */
final class DnnlConvolution {
    /**
     * A chunk's plain and blocked copies take about this much: a core's L2 cache (1 MB on Zen 4/5,
     * 1-2 MB on recent Intel cores). Measured forward over [64, 32, 14, 14] on 2 threads: 4-8
     * images a chunk 1.47-1.55 ms, 1 image 1.6, all 32 of a thread's images 1.77.
     */
    static final long CHUNK_BYTES = 1L << 20;
    private static final int PLAN_CACHE = 64;
    /** Native objects per thread: memory objects of this many recently used plans. */
    private static final int BINDINGS_PER_THREAD = 16;

    private static final int F32 = 3;
    private static final int TAG_ANY = 1;
    private static final int TAG_A = 2;
    private static final int TAG_ABCD = 5;
    private static final int FORWARD_TRAINING = 64;
    private static final int CONVOLUTION_DIRECT = 1;
    private static final int SCRATCHPAD_MODE_USER = 1;
    private static final int QUERY_IMPL_INFO_STR = 8;
    private static final int QUERY_SCRATCHPAD_MD = 136;
    // dnnl_query_*_md and the execute argument ids
    private static final int MD_SRC = 129;
    private static final int MD_DIFF_SRC = 130;
    private static final int MD_WEIGHTS = 131;
    private static final int MD_DIFF_WEIGHTS = 132;
    private static final int MD_DST = 133;
    private static final int MD_DIFF_DST = 134;
    private static final int ARG_SRC = 1;
    private static final int ARG_DST = 17;
    private static final int ARG_WEIGHTS = 33;
    private static final int ARG_BIAS = 41;
    private static final int ARG_SCRATCHPAD = 80;
    private static final int ARG_DIFF_SRC = 129;
    private static final int ARG_DIFF_DST = 145;
    private static final int ARG_DIFF_WEIGHTS = 161;
    /** Size of a {@code dnnl_exec_arg_t}: {int arg; dnnl_memory_t memory;}. */
    private static final long EXEC_ARG_BYTES = 16;
    private static final long ALIGN = 64;

    private static final Cleaner CLEANER = Cleaner.create();

    /** The three computations; each has its own primitive. */
    enum Pass { FORWARD, BACKWARD_DATA, BACKWARD_WEIGHTS }

    private record Key(Geometry geometry, Pass pass, boolean bias) {
    }

    private final DnnlLibrary lib;
    private final FloatKernels kernels;
    private final MethodHandle mdCreateWithTag;
    private final MethodHandle mdDestroy;
    private final MethodHandle mdEqual;
    private final MethodHandle mdGetSize;
    private final MethodHandle forwardPd;
    private final MethodHandle backwardDataPd;
    private final MethodHandle backwardWeightsPd;
    private final MethodHandle reorderPd;
    private final MethodHandle pdQueryMd;
    private final MethodHandle pdQuery;
    private final MethodHandle pdDestroy;
    private final MethodHandle primitiveCreate;
    private final MethodHandle primitiveDestroy;
    private final MethodHandle attrCreate;
    private final MethodHandle attrSetScratchpadMode;
    private final MethodHandle attrDestroy;
    private final MethodHandle memoryCreate;
    private final MethodHandle memoryDestroy;
    private final MethodHandle streamCreate;
    private final MethodHandle streamDestroy;
    private final MethodHandle streamWait;
    private final MethodHandle execute;
    /** Primitive attributes with a user-managed scratchpad, for every primitive made here. */
    private final MemorySegment userScratchpad;

    /** Plans by geometry, chunk size and pass, least recently used first; UNSUPPORTED marks a failed creation. */
    private final Map<Key, Plan> plans = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Plan> eldest) {
            return size() > PLAN_CACHE;
        }
    };
    private static final Plan UNSUPPORTED = new Plan();

    private final ThreadLocal<ThreadState> threadState = ThreadLocal.withInitial(ThreadState::new);

    DnnlConvolution(DnnlLibrary lib, FloatKernels kernels) throws Throwable {
        this.lib = lib;
        this.kernels = kernels;
        Linker.Option critical = Linker.Option.critical(false);
        FunctionDescriptor status1 = FunctionDescriptor.of(JAVA_INT, ADDRESS);
        mdCreateWithTag = lib.handle("dnnl_memory_desc_create_with_tag",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        mdDestroy = lib.handle("dnnl_memory_desc_destroy", status1);
        mdEqual = lib.handle("dnnl_memory_desc_equal", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), critical);
        mdGetSize = lib.handle("dnnl_memory_desc_get_size", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        // (pd*, engine, prop_kind, alg_kind, src, weights, bias, dst, strides, dilates, padding_l, padding_r, attr)
        forwardPd = lib.handle("dnnl_convolution_forward_primitive_desc_create", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS,
                ADDRESS, ADDRESS));
        // (pd*, engine, alg_kind, diff_src, weights, diff_dst, strides, dilates, padding_l, padding_r, hint, attr)
        backwardDataPd = lib.handle("dnnl_convolution_backward_data_primitive_desc_create", FunctionDescriptor.of(
                JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS,
                ADDRESS, ADDRESS));
        // (pd*, engine, alg_kind, src, diff_weights, diff_bias, diff_dst, strides, dilates, padding_l, padding_r, hint, attr)
        backwardWeightsPd = lib.handle("dnnl_convolution_backward_weights_primitive_desc_create",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS,
                        ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        // (pd*, src_md, src_engine, dst_md, dst_engine, attr)
        reorderPd = lib.handle("dnnl_reorder_primitive_desc_create", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS,
                ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        pdQueryMd = lib.handle("dnnl_primitive_desc_query_md", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT,
                JAVA_INT), critical);
        pdQuery = lib.handle("dnnl_primitive_desc_query", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT,
                ADDRESS));
        pdDestroy = lib.handle("dnnl_primitive_desc_destroy", status1);
        primitiveCreate = lib.handle("dnnl_primitive_create", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        primitiveDestroy = lib.handle("dnnl_primitive_destroy", status1);
        attrCreate = lib.handle("dnnl_primitive_attr_create", status1);
        attrSetScratchpadMode = lib.handle("dnnl_primitive_attr_set_scratchpad_mode", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, JAVA_INT));
        attrDestroy = lib.handle("dnnl_primitive_attr_destroy", status1);
        memoryCreate = lib.handle("dnnl_memory_create", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS,
                ADDRESS));
        memoryDestroy = lib.handle("dnnl_memory_destroy", status1);
        streamCreate = lib.handle("dnnl_stream_create", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
        streamDestroy = lib.handle("dnnl_stream_destroy", status1);
        streamWait = lib.handle("dnnl_stream_wait", status1);
        execute = lib.handle("dnnl_primitive_execute", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT,
                ADDRESS));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            DnnlLibrary.check((int) attrCreate.invokeExact(out), "dnnl_primitive_attr_create", "convolution");
            userScratchpad = out.get(ADDRESS, 0);   // lives as long as this object, which CpuBackend keeps
            DnnlLibrary.check((int) attrSetScratchpadMode.invokeExact(userScratchpad, SCRATCHPAD_MODE_USER),
                    "dnnl_primitive_attr_set_scratchpad_mode", "convolution");
        }
    }

    /** Images per primitive execution for this geometry (at least 1, at most {@code g.n()}). */
    static int chunkImages(Geometry g) {
        long perImage = 2L * Float.BYTES * (g.imageSize() + (long) g.outputSize());
        return (int) Math.max(1, Math.min(g.n(), CHUNK_BYTES / perImage));
    }

    /**
     * Whether oneDNN runs {@code pass} of this geometry (with a bias, for the forward pass, when
     * {@code bias}): creates the plans a call will use, or finds them cached.
     */
    boolean supports(Geometry g, Pass pass, boolean bias) {
        if (g.groups() != 1 || g.c() == 0 || g.h() == 0 || g.w() == 0 || g.oh() == 0 || g.ow() == 0) {
            return false;   // plans are for one group; oneDNN rejects empty dims
        }
        return plan(g.withN(1), pass, bias) != null && plan(g.withN(chunkImages(g)), pass, bias) != null;
    }

    /** The implementation oneDNN chose for a pass, e.g. "jit:avx512_core", or null when unsupported. */
    String implementation(Geometry g, Pass pass) {
        Plan p = plan(g, pass, false);
        if (p == null) {
            return null;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            DnnlLibrary.check((int) pdQuery.invokeExact(p.pd, QUERY_IMPL_INFO_STR, 0, out), "dnnl_primitive_desc_query",
                    g + " " + pass);
            return out.get(ADDRESS, 0).reinterpret(256).getString(0);
        } catch (Throwable t) {
            throw OpenBlasGemm.rethrow(t);
        }
    }

    // ---- the three passes over images [n0, n1), on the calling thread ----

    /** {@code out[n0, n1) = conv(in[n0, n1), weight) + bias}; offsets are those of image 0. */
    void forward(Geometry g, float[] in, int inOff, float[] weight, int wOff, float[] bias, int bOff, float[] out,
                 int outOff, int n0, int n1) {
        run(g, Pass.FORWARD, bias != null, n0, n1, (plan, b, n, images) -> {
            b.loadOnce(plan.operand(ARG_WEIGHTS), weight, wOff);
            if (bias != null) {
                b.loadOnce(plan.operand(ARG_BIAS), bias, bOff);
            }
            b.load(plan.operand(ARG_SRC), in, inOff + n * g.imageSize(), images * g.imageSize());
            b.execute();
            b.store(plan.operand(ARG_DST), out, outOff + n * g.outputSize(), images * g.outputSize());
        });
    }

    /** {@code gradIn[n0, n1)}, the gradient with respect to the input, from {@code gradOut[n0, n1)}. */
    void backwardData(Geometry g, float[] gradOut, int gOff, float[] weight, int wOff, float[] gradIn, int giOff,
                      int n0, int n1) {
        run(g, Pass.BACKWARD_DATA, false, n0, n1, (plan, b, n, images) -> {
            b.loadOnce(plan.operand(ARG_WEIGHTS), weight, wOff);
            b.load(plan.operand(ARG_DIFF_DST), gradOut, gOff + n * g.outputSize(), images * g.outputSize());
            b.execute();
            b.store(plan.operand(ARG_DIFF_SRC), gradIn, giOff + n * g.imageSize(), images * g.imageSize());
        });
    }

    /**
     * {@code acc[accOff ..]} = the weight gradient summed over images [n0, n1) (n1 > n0), in the
     * order of the chunks.
     */
    void backwardWeights(Geometry g, float[] gradOut, int gOff, float[] in, int inOff, float[] acc, int accOff,
                         int n0, int n1) {
        int size = g.weightSize();
        float[][] chunkGrad = {null};   // made for a second chunk, if there is one
        run(g, Pass.BACKWARD_WEIGHTS, false, n0, n1, (plan, b, n, images) -> {
            b.load(plan.operand(ARG_SRC), in, inOff + n * g.imageSize(), images * g.imageSize());
            b.load(plan.operand(ARG_DIFF_DST), gradOut, gOff + n * g.outputSize(), images * g.outputSize());
            b.execute();
            if (n == n0) {
                b.store(plan.operand(ARG_DIFF_WEIGHTS), acc, accOff, size);
            } else {
                if (chunkGrad[0] == null) {
                    chunkGrad[0] = new float[size];
                }
                b.store(plan.operand(ARG_DIFF_WEIGHTS), chunkGrad[0], 0, size);
                kernels.axpy(1f, chunkGrad[0], 0, acc, accOff, size);
            }
        });
    }

    /** The work of one chunk of {@code images} images starting at image {@code n}. */
    @FunctionalInterface
    private interface Chunk {
        void run(Plan plan, Bindings bindings, int n, int images);
    }

    /** Cuts [n0, n1) into chunks and runs each with the plan for its size (size-1 plans for a remainder without one). */
    private void run(Geometry g, Pass pass, boolean bias, int n0, int n1, Chunk chunk) {
        lib.singleThreaded();
        ThreadState state = threadState.get();
        int full = chunkImages(g);
        Plan fullPlan = require(g.withN(full), pass, bias);
        Plan previous = null;
        for (int n = n0; n < n1; ) {
            int images = Math.min(full, n1 - n);
            Plan plan = images == full ? fullPlan : plan(g.withN(images), pass, bias);
            if (plan == null) {
                images = 1;
                plan = require(g.withN(1), pass, bias);
            }
            Bindings b = state.bindings(plan, previous != plan);
            previous = plan;
            chunk.run(plan, b, n, images);
            n += images;
        }
    }

    private Plan require(Geometry g, Pass pass, boolean bias) {
        Plan p = plan(g, pass, bias);
        if (p == null) {
            throw new IllegalStateException("oneDNN has no " + pass + " implementation for " + g
                    + " (call supports() first)");
        }
        return p;
    }

    /** The cached plan, or a new one; null when oneDNN has no implementation. */
    private Plan plan(Geometry g, Pass pass, boolean bias) {
        Key key = new Key(g, pass, bias && pass == Pass.FORWARD);
        synchronized (plans) {
            Plan p = plans.get(key);
            if (p == null) {
                p = createPlan(key);
                plans.put(key, p);
            }
            return p == UNSUPPORTED ? null : p;
        }
    }

    // ---- plans ----

    /**
     * A tensor a primitive reads or writes: its plain (row-major) layout, where the heap array's
     * {@code plainFloats} elements are copied to or from; the layout the primitive chose (owned by
     * its primitive descriptor; the plain one when they are equal); the reorder between them
     * (plain -> chosen for inputs, chosen -> plain for outputs; NULL when the layouts are equal) and
     * the scratchpad it needs (bytes, and their layout, owned by the reorder's descriptor); the
     * offsets of both buffers in a thread's native buffer.
     */
    private record Operand(int arg, boolean output, MemorySegment plainMd, long plainFloats, MemorySegment chosenMd,
                           MemorySegment reorder, long reorderScratchpad, MemorySegment reorderScratchpadMd,
                           long plainOffset, long chosenOffset) {
        boolean reordered() {
            return !reorder.equals(MemorySegment.NULL);
        }
    }

    /** The native objects of one pass of one geometry; destroyed by a Cleaner when no thread uses the plan any more. */
    static final class Plan {
        MemorySegment pd;
        MemorySegment primitive;
        final List<Operand> operands = new ArrayList<>();
        long scratchpadOffset;
        /** Scratchpad bytes of the primitive itself, and of it or any of its reorders. */
        long mainScratchpadBytes;
        long scratchpadBytes;
        /** Native bytes one thread needs for this plan: every operand's buffers and the scratchpad. */
        long workspaceBytes;

        Operand operand(int arg) {
            for (Operand o : operands) {
                if (o.arg() == arg) {
                    return o;
                }
            }
            throw new IllegalStateException("no operand " + arg);
        }
    }

    /** Native handles with their destroy functions, released together (by a Cleaner, or on a failed creation). */
    private static final class NativeHandles implements Runnable {
        private final List<MethodHandle> destroyers = new ArrayList<>();
        private final List<MemorySegment> handles = new ArrayList<>();

        MemorySegment add(MethodHandle destroy, MemorySegment handle) {
            destroyers.add(destroy);
            handles.add(handle);
            return handle;
        }

        @Override
        public synchronized void run() {
            for (int i = handles.size() - 1; i >= 0; i--) {
                try {
                    int ignored = (int) destroyers.get(i).invokeExact(handles.get(i));
                } catch (Throwable t) {
                    // a destroy that fails leaves nothing we could do anything about
                }
            }
            handles.clear();
            destroyers.clear();
        }
    }

    private Plan createPlan(Key key) {
        // oneDNN fixes a primitive's thread count when it is created: at 1, it never starts an OpenMP team
        lib.singleThreaded();
        NativeHandles owned = new NativeHandles();
        try (Arena arena = Arena.ofConfined()) {
            Plan plan = build(key, owned, arena);
            if (plan == null) {
                owned.run();
                return UNSUPPORTED;
            }
            CLEANER.register(plan, owned);
            return plan;
        } catch (Throwable t) {
            owned.run();
            throw OpenBlasGemm.rethrow(t);
        }
    }

    /** Creates the primitive descriptors, primitive and reorders of a plan; null when oneDNN has no implementation. */
    private Plan build(Key key, NativeHandles owned, Arena arena) throws Throwable {
        Geometry s = key.geometry();
        Window2d win = s.win();
        String what = "conv2d " + s + " " + key.pass();
        MemorySegment out = arena.allocate(ADDRESS);
        MemorySegment src = md(owned, arena, new long[] {s.n(), s.c(), s.h(), s.w()}, TAG_ANY, what);
        MemorySegment wts = md(owned, arena, new long[] {s.o(), s.c(), win.kernelH(), win.kernelW()}, TAG_ANY, what);
        MemorySegment dst = md(owned, arena, new long[] {s.n(), s.o(), s.oh(), s.ow()}, TAG_ANY, what);
        MemorySegment biasMd = key.bias() ? md(owned, arena, new long[] {s.o()}, TAG_A, what) : MemorySegment.NULL;
        MemorySegment strides = longs(arena, win.strideH(), win.strideW());
        MemorySegment dilates = longs(arena, win.dilationH() - 1, win.dilationW() - 1);   // oneDNN counts from 0
        MemorySegment padding = longs(arena, win.padH(), win.padW());   // both sides, as PyTorch
        int status = (int) forwardPd.invokeExact(out, lib.engine(), FORWARD_TRAINING, CONVOLUTION_DIRECT, src, wts,
                biasMd, dst, strides, dilates, padding, padding, userScratchpad);
        if (status == 3) {   // dnnl_unimplemented
            return null;
        }
        DnnlLibrary.check(status, "dnnl_convolution_forward_primitive_desc_create", what);
        MemorySegment fwd = owned.add(pdDestroy, out.get(ADDRESS, 0));
        MemorySegment pd = fwd;
        if (key.pass() == Pass.BACKWARD_DATA) {
            status = (int) backwardDataPd.invokeExact(out, lib.engine(), CONVOLUTION_DIRECT, src, wts, dst, strides,
                    dilates, padding, padding, fwd, userScratchpad);
            if (status == 3) {
                return null;
            }
            DnnlLibrary.check(status, "dnnl_convolution_backward_data_primitive_desc_create", what);
            pd = owned.add(pdDestroy, out.get(ADDRESS, 0));
        } else if (key.pass() == Pass.BACKWARD_WEIGHTS) {
            status = (int) backwardWeightsPd.invokeExact(out, lib.engine(), CONVOLUTION_DIRECT, src, wts,
                    MemorySegment.NULL, dst, strides, dilates, padding, padding, fwd, userScratchpad);
            if (status == 3) {
                return null;
            }
            DnnlLibrary.check(status, "dnnl_convolution_backward_weights_primitive_desc_create", what);
            pd = owned.add(pdDestroy, out.get(ADDRESS, 0));
        }
        Plan plan = new Plan();
        plan.pd = pd;
        DnnlLibrary.check((int) primitiveCreate.invokeExact(out, pd), "dnnl_primitive_create", what);
        plan.primitive = owned.add(primitiveDestroy, out.get(ADDRESS, 0));

        long[] srcDims = {s.n(), s.c(), s.h(), s.w()};
        long[] wDims = {s.o(), s.c(), win.kernelH(), win.kernelW()};
        long[] dstDims = {s.n(), s.o(), s.oh(), s.ow()};
        long[] offset = {0};
        switch (key.pass()) {
            case FORWARD -> {
                operand(plan, owned, arena, ARG_SRC, false, srcDims, TAG_ABCD, MD_SRC, offset, what);
                operand(plan, owned, arena, ARG_WEIGHTS, false, wDims, TAG_ABCD, MD_WEIGHTS, offset, what);
                if (key.bias()) {
                    operand(plan, owned, arena, ARG_BIAS, false, new long[] {s.o()}, TAG_A, -1, offset, what);
                }
                operand(plan, owned, arena, ARG_DST, true, dstDims, TAG_ABCD, MD_DST, offset, what);
            }
            case BACKWARD_DATA -> {
                operand(plan, owned, arena, ARG_DIFF_DST, false, dstDims, TAG_ABCD, MD_DIFF_DST, offset, what);
                operand(plan, owned, arena, ARG_WEIGHTS, false, wDims, TAG_ABCD, MD_WEIGHTS, offset, what);
                operand(plan, owned, arena, ARG_DIFF_SRC, true, srcDims, TAG_ABCD, MD_DIFF_SRC, offset, what);
            }
            case BACKWARD_WEIGHTS -> {
                operand(plan, owned, arena, ARG_SRC, false, srcDims, TAG_ABCD, MD_SRC, offset, what);
                operand(plan, owned, arena, ARG_DIFF_DST, false, dstDims, TAG_ABCD, MD_DIFF_DST, offset, what);
                operand(plan, owned, arena, ARG_DIFF_WEIGHTS, true, wDims, TAG_ABCD, MD_DIFF_WEIGHTS, offset, what);
            }
        }
        long scratchpad = (long) mdGetSize.invokeExact((MemorySegment) pdQueryMd.invokeExact(pd, QUERY_SCRATCHPAD_MD, 0));
        plan.mainScratchpadBytes = scratchpad;
        for (Operand o : plan.operands) {
            scratchpad = Math.max(scratchpad, o.reorderScratchpad());
        }
        plan.scratchpadOffset = offset[0];
        plan.scratchpadBytes = scratchpad;
        plan.workspaceBytes = align(offset[0] + scratchpad);
        return plan;
    }

    /**
     * Adds an operand: its plain layout, the layout the primitive chose ({@code query}, or plain
     * when negative) and, when they differ, the reorder; reserves its buffers at {@code offset[0]}.
     */
    private void operand(Plan plan, NativeHandles owned, Arena arena, int arg, boolean output, long[] dims,
                         int plainTag, int query, long[] offset, String what) throws Throwable {
        MemorySegment plainMd = md(owned, arena, dims, plainTag, what);
        MemorySegment chosenMd = query < 0 ? plainMd : (MemorySegment) pdQueryMd.invokeExact(plan.pd, query, 0);
        boolean same = query < 0 || (int) mdEqual.invokeExact(plainMd, chosenMd) != 0;
        long plainOffset = offset[0];
        long plainBytes = (long) mdGetSize.invokeExact(plainMd);
        offset[0] = align(plainOffset + plainBytes);
        long chosenOffset = plainOffset;
        MemorySegment reorder = MemorySegment.NULL;
        long reorderScratchpad = 0;
        MemorySegment reorderScratchpadMd = MemorySegment.NULL;
        if (!same) {
            chosenOffset = offset[0];
            offset[0] = align(chosenOffset + (long) mdGetSize.invokeExact(chosenMd));
            MemorySegment out = arena.allocate(ADDRESS);
            MemorySegment from = output ? chosenMd : plainMd;
            MemorySegment to = output ? plainMd : chosenMd;
            DnnlLibrary.check((int) reorderPd.invokeExact(out, from, lib.engine(), to, lib.engine(), userScratchpad),
                    "dnnl_reorder_primitive_desc_create", what);
            MemorySegment rpd = owned.add(pdDestroy, out.get(ADDRESS, 0));
            reorderScratchpadMd = (MemorySegment) pdQueryMd.invokeExact(rpd, QUERY_SCRATCHPAD_MD, 0);
            reorderScratchpad = (long) mdGetSize.invokeExact(reorderScratchpadMd);
            DnnlLibrary.check((int) primitiveCreate.invokeExact(out, rpd), "dnnl_primitive_create", what + " reorder");
            reorder = owned.add(primitiveDestroy, out.get(ADDRESS, 0));
        }
        plan.operands.add(new Operand(arg, output, plainMd, plainBytes / Float.BYTES, chosenMd, reorder,
                reorderScratchpad, reorderScratchpadMd, plainOffset, chosenOffset));
    }

    private MemorySegment md(NativeHandles owned, Arena arena, long[] dims, int tag, String what) throws Throwable {
        MemorySegment out = arena.allocate(ADDRESS);
        MemorySegment d = arena.allocate(JAVA_LONG, dims.length);
        for (int i = 0; i < dims.length; i++) {
            d.setAtIndex(JAVA_LONG, i, dims[i]);
        }
        DnnlLibrary.check((int) mdCreateWithTag.invokeExact(out, dims.length, d, F32, tag),
                "dnnl_memory_desc_create_with_tag", what);
        return owned.add(mdDestroy, out.get(ADDRESS, 0));
    }

    private static MemorySegment longs(Arena arena, long a, long b) {
        MemorySegment s = arena.allocate(JAVA_LONG, 2);
        s.setAtIndex(JAVA_LONG, 0, a);
        s.setAtIndex(JAVA_LONG, 1, b);
        return s;
    }

    private static long align(long bytes) {
        return (bytes + ALIGN - 1) / ALIGN * ALIGN;
    }

    // ---- per-thread state ----

    /**
     * A thread's stream, its native buffer (grown to the largest plan it ran) and the memory
     * objects binding recently used plans to that buffer; destroyed by a Cleaner when the thread
     * is gone.
     */
    private final class ThreadState {
        private final NativeHandles owned = new NativeHandles();
        private final MemorySegment stream;
        private MemorySegment buffer = MemorySegment.NULL;
        private final Map<Plan, Bindings> bindings = new LinkedHashMap<>(16, 0.75f, true);

        ThreadState() {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment out = arena.allocate(ADDRESS);
                DnnlLibrary.check((int) streamCreate.invokeExact(out, lib.engine(), 1), "dnnl_stream_create",
                        "a convolution thread");
                stream = owned.add(streamDestroy, out.get(ADDRESS, 0));
            } catch (Throwable t) {
                owned.run();
                throw OpenBlasGemm.rethrow(t);
            }
            CLEANER.register(this, owned);
        }

        /**
         * The memory objects of {@code plan} on this thread's buffer, made when missing;
         * {@code fresh} forgets which single-load operands (weights, bias) it holds.
         */
        Bindings bindings(Plan plan, boolean fresh) {
            if (buffer.byteSize() < plan.workspaceBytes) {
                for (Bindings b : bindings.values()) {
                    b.destroy();
                }
                bindings.clear();
                // an automatic arena: the old buffer is freed once unreachable
                buffer = Arena.ofAuto().allocate(plan.workspaceBytes, ALIGN);
            }
            Bindings b = bindings.get(plan);
            if (b == null) {
                if (bindings.size() >= BINDINGS_PER_THREAD) {
                    Map.Entry<Plan, Bindings> eldest = bindings.entrySet().iterator().next();
                    eldest.getValue().destroy();
                    bindings.remove(eldest.getKey());
                }
                b = new Bindings(plan, this);
                bindings.put(plan, b);
            }
            if (fresh) {
                b.loaded.clear();
            }
            return b;
        }
    }

    /** One plan's memory objects and execute-argument arrays on one thread's buffer. */
    private final class Bindings {
        private final Plan plan;
        private final ThreadState thread;
        private final NativeHandles owned = new NativeHandles();
        private final Arena arena = Arena.ofAuto();
        private final MemorySegment mainArgs;
        private final int mainArgCount;
        private final Map<Operand, MemorySegment> reorderArgs = new IdentityHashMap<>();
        /** Operands loaded once per run of chunks (weights, bias). */
        private final java.util.Set<Operand> loaded = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

        Bindings(Plan plan, ThreadState thread) {
            this.plan = plan;
            this.thread = thread;
            try {
                MemorySegment scratchpad = plan.mainScratchpadBytes == 0 ? MemorySegment.NULL
                        : memory(scratchpadMd(plan), plan.scratchpadOffset);
                mainArgCount = plan.operands.size() + (scratchpad.equals(MemorySegment.NULL) ? 0 : 1);
                mainArgs = arena.allocate(EXEC_ARG_BYTES * mainArgCount, 8);
                int i = 0;
                for (Operand o : plan.operands) {
                    MemorySegment plainMem = memory(o.plainMd(), o.plainOffset());
                    MemorySegment chosenMem = o.reordered() ? memory(o.chosenMd(), o.chosenOffset()) : plainMem;
                    setArg(mainArgs, i++, o.arg(), chosenMem);
                    if (o.reordered()) {
                        boolean pad = o.reorderScratchpad() > 0;
                        MemorySegment args = arena.allocate(EXEC_ARG_BYTES * (pad ? 3 : 2), 8);
                        setArg(args, 0, ARG_SRC, o.output() ? chosenMem : plainMem);   // DNNL_ARG_FROM
                        setArg(args, 1, ARG_DST, o.output() ? plainMem : chosenMem);   // DNNL_ARG_TO
                        if (pad) {
                            setArg(args, 2, ARG_SCRATCHPAD, memory(o.reorderScratchpadMd(), plan.scratchpadOffset));
                        }
                        reorderArgs.put(o, args);
                    }
                }
                if (!scratchpad.equals(MemorySegment.NULL)) {
                    setArg(mainArgs, i, ARG_SCRATCHPAD, scratchpad);
                }
            } catch (Throwable t) {
                owned.run();
                throw OpenBlasGemm.rethrow(t);
            }
            CLEANER.register(this, owned);   // when its thread is gone without evicting it
        }

        private MemorySegment scratchpadMd(Plan p) throws Throwable {
            return (MemorySegment) pdQueryMd.invokeExact(p.pd, QUERY_SCRATCHPAD_MD, 0);
        }

        private MemorySegment memory(MemorySegment md, long offset) throws Throwable {
            MemorySegment out = arena.allocate(ADDRESS);
            DnnlLibrary.check((int) memoryCreate.invokeExact(out, md, lib.engine(), thread.buffer.asSlice(offset)),
                    "dnnl_memory_create", "a convolution buffer");
            return owned.add(memoryDestroy, out.get(ADDRESS, 0));
        }

        private static void setArg(MemorySegment args, int i, int arg, MemorySegment memory) {
            args.set(JAVA_INT, i * EXEC_ARG_BYTES, arg);
            args.set(ADDRESS, i * EXEC_ARG_BYTES + 8, memory);
        }

        void destroy() {
            owned.run();
        }

        /** Copies {@code count} floats from the heap into the operand's plain buffer and reorders them. */
        void load(Operand o, float[] from, int offset, int count) {
            MemorySegment.copy(from, offset, thread.buffer, JAVA_FLOAT, o.plainOffset(), count);
            if (o.reordered()) {
                exec(o.reorder(), 2 + (o.reorderScratchpad() > 0 ? 1 : 0), reorderArgs.get(o));
            }
        }

        /** {@link #load} of the whole operand unless it was already loaded for the current run of chunks. */
        void loadOnce(Operand o, float[] from, int offset) {
            if (loaded.add(o)) {
                load(o, from, offset, (int) o.plainFloats());
            }
        }

        void execute() {
            exec(plan.primitive, mainArgCount, mainArgs);
        }

        /** Reorders the operand back to its plain layout and copies {@code count} floats to the heap. */
        void store(Operand o, float[] to, int offset, int count) {
            if (o.reordered()) {
                exec(o.reorder(), 2 + (o.reorderScratchpad() > 0 ? 1 : 0), reorderArgs.get(o));
            }
            try {
                DnnlLibrary.check((int) streamWait.invokeExact(thread.stream), "dnnl_stream_wait", "a convolution");
            } catch (Throwable t) {
                throw OpenBlasGemm.rethrow(t);
            }
            MemorySegment.copy(thread.buffer, JAVA_FLOAT, o.plainOffset(), to, offset, count);
        }

        private void exec(MemorySegment primitive, int nargs, MemorySegment args) {
            try {
                DnnlLibrary.check((int) execute.invokeExact(primitive, thread.stream, nargs, args),
                        "dnnl_primitive_execute", "a convolution");
            } catch (Throwable t) {
                throw OpenBlasGemm.rethrow(t);
            }
        }
    }
}
