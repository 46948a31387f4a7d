package dev.ravel.autograd;

/** Where a gradient goes next: input number {@code inputNr} of {@code node}. */
public record Edge(Node node, int inputNr) {
}
