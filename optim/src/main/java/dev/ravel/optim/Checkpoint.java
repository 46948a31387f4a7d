package dev.ravel.optim;

import dev.ravel.Tensor;
import dev.ravel.nn.Module;
import dev.ravel.nn.Safetensors;
import dev.ravel.tensor.NDArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A training checkpoint in one safetensors file: the model's state dict under {@code model.},
 * the optimizer's per-parameter state under {@code optimizer.state.<index>.<name>}, its group
 * options and any extra values (epoch, best metric) as string metadata. Resuming from it gives the
 * same next step as not having stopped.
 */
public final class Checkpoint {
    private static final String MODEL = "model.";
    private static final String STATE = "optimizer.state.";
    private static final String GROUP = "optimizer.group.";

    private Checkpoint() {
    }

    /** Writes atomically (to a temporary file, then moved into place). */
    public static void save(Path file, Module model, Optimizer optimizer, Map<String, String> extra) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        model.stateDict().forEach((k, v) -> tensors.put(MODEL + k, v));
        Map<String, String> meta = new LinkedHashMap<>(extra);
        if (optimizer != null) {
            Map<String, Object> sd = optimizer.stateDict();
            @SuppressWarnings("unchecked")
            Map<Integer, Map<String, Object>> state = (Map<Integer, Map<String, Object>>) sd.get("state");
            state.forEach((idx, s) -> s.forEach((name, v) -> {
                if (v instanceof Tensor t) {
                    tensors.put(STATE + idx + "." + name, t);
                } else if (v instanceof Number n) {
                    tensors.put(STATE + idx + "." + name, Tensor.of(NDArray.scalar(n.longValue())));
                }
            }));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> groups = (List<Map<String, Object>>) sd.get("param_groups");
            meta.put(GROUP + "count", Integer.toString(groups.size()));
            for (int i = 0; i < groups.size(); i++) {
                for (Map.Entry<String, Object> e : groups.get(i).entrySet()) {
                    if (e.getKey().equals("params")) {
                        meta.put(GROUP + i + ".params", Integer.toString(((List<?>) e.getValue()).size()));
                    } else if (e.getValue() instanceof Number || e.getValue() instanceof Boolean) {
                        meta.put(GROUP + i + "." + e.getKey(), e.getValue().toString());
                    }
                }
            }
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Safetensors.save(tensors, meta, tmp);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Loads a checkpoint into the model and (if given) the optimizer, and returns the extra
     * metadata saved with it.
     */
    public static Map<String, String> load(Path file, Module model, Optimizer optimizer) throws IOException {
        Safetensors.Contents c = Safetensors.load(file);
        Map<String, Tensor> modelState = new LinkedHashMap<>();
        Map<Integer, Map<String, Object>> optState = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : c.tensors().entrySet()) {
            String k = e.getKey();
            if (k.startsWith(MODEL)) {
                modelState.put(k.substring(MODEL.length()), e.getValue());
            } else if (k.startsWith(STATE)) {
                String rest = k.substring(STATE.length());
                int dot = rest.indexOf('.');
                int idx = Integer.parseInt(rest.substring(0, dot));
                String name = rest.substring(dot + 1);
                Tensor t = e.getValue();
                Object v = name.equals("step") ? (Object) t.itemLong() : t;
                optState.computeIfAbsent(idx, i -> new LinkedHashMap<>()).put(name, v);
            }
        }
        model.loadStateDict(modelState);
        Map<String, String> extra = new LinkedHashMap<>();
        c.metadata().forEach((k, v) -> {
            if (!k.startsWith(GROUP)) {
                extra.put(k, v);
            }
        });
        if (optimizer != null) {
            String count = c.metadata().get(GROUP + "count");
            if (count == null) {
                throw new IOException("checkpoint " + file + " has no optimizer state");
            }
            List<Map<String, Object>> groups = new ArrayList<>();
            int index = 0;
            for (int i = 0; i < Integer.parseInt(count); i++) {
                Map<String, Object> g = new LinkedHashMap<>();
                String prefix = GROUP + i + ".";
                for (Map.Entry<String, String> e : c.metadata().entrySet()) {
                    if (e.getKey().startsWith(prefix) && !e.getKey().equals(prefix + "params")) {
                        String v = e.getValue();
                        g.put(e.getKey().substring(prefix.length()),
                                v.equals("true") || v.equals("false") ? (Object) Boolean.parseBoolean(v) : (Object) Double.parseDouble(v));
                    }
                }
                int n = Integer.parseInt(c.metadata().get(prefix + "params"));
                List<Integer> ids = new ArrayList<>();
                for (int j = 0; j < n; j++) {
                    ids.add(index++);
                }
                g.put("params", ids);
                groups.add(g);
            }
            Map<String, Object> dict = new LinkedHashMap<>();
            dict.put("state", optState);
            dict.put("param_groups", groups);
            optimizer.loadStateDict(dict);
        }
        return extra;
    }
}
