/** {@code graft bench} and its modes ({@code --profile}, {@code --ablate}, {@code --data}, {@code --vs-pytorch}), from the command line. */
package dev.graft.bench.cli;
