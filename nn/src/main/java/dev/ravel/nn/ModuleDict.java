package dev.ravel.nn;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Submodules by name, in insertion order. */
public class ModuleDict extends Module {
    private final Map<String, Module> items = new LinkedHashMap<>();

    public ModuleDict(Map<String, ? extends Module> modules) {
        modules.forEach(this::put);
    }

    public ModuleDict() {
    }

    public ModuleDict put(String name, Module m) {
        registerModule(name, m);
        items.put(name, m);
        return this;
    }

    public Module get(String name) {
        return items.get(name);
    }

    public Set<String> keys() {
        return java.util.Collections.unmodifiableSet(items.keySet());
    }

    public int size() {
        return items.size();
    }
}
