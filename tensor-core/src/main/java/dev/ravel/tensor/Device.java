package dev.ravel.tensor;

import java.util.Objects;

/**
 * Where a tensor's storage lives: the CPU, or one CUDA device.
 *
 * <pre>{@code
 * NDArray x = NDArray.randn(3, 4).to(Device.cuda());
 * }</pre>
 */
public record Device(Type type, int index) {

    public enum Type { CPU, CUDA }

    public static final Device CPU = new Device(Type.CPU, 0);

    public Device {
        Objects.requireNonNull(type, "type");
        if (index < 0) {
            throw new IllegalArgumentException("Device: index must be >= 0, got " + index);
        }
    }

    /** The first CUDA device. */
    public static Device cuda() {
        return cuda(0);
    }

    public static Device cuda(int index) {
        return new Device(Type.CUDA, index);
    }

    /** Parses PyTorch's spelling: "cpu", "cuda", "cuda:1". */
    public static Device of(String spec) {
        String s = spec.trim().toLowerCase(java.util.Locale.ROOT);
        if (s.equals("cpu")) {
            return CPU;
        }
        if (s.equals("cuda")) {
            return cuda();
        }
        if (s.startsWith("cuda:")) {
            try {
                return cuda(Integer.parseInt(s.substring(5)));
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("Device: expected \"cpu\", \"cuda\" or \"cuda:N\", got \"" + spec + "\"");
    }

    public boolean isCpu() {
        return type == Type.CPU;
    }

    @Override
    public String toString() {
        return type == Type.CPU ? "cpu" : "cuda:" + index;
    }
}
