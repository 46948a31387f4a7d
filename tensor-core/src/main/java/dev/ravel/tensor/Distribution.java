package dev.ravel.tensor;

/** What a random fill draws; the two parameters {@code (a, b)} mean what each constant says. */
public enum Distribution {
    /** Uniform in [a, b). */
    UNIFORM,
    /** Normal with mean a and standard deviation b. */
    NORMAL,
    /** Integers uniform in [a, b). */
    RANDINT,
    /** 1 with probability a, else 0. */
    BERNOULLI
}
