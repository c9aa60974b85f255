package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.graft.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** What the CLI tests share: a small ImageFolder with a backbone, and runs made once, by whichever test needs one first. */
final class CliFixtures {
    private CliFixtures() {}

    /**
     * An ImageFolder ({@link ImageFolderMaker}) under {@code root/data} and a synthetic
     * {@code resnet18_small} backbone with {@code backboneClasses} outputs beside it.
     */
    record Workspace(Path root, Path data, Path weights) {
        /** A workspace in a new temporary folder, deleted when the JVM exits. */
        static Workspace temp(int classes, int perClass, long seed, int backboneClasses) {
            try {
                Path root = Files.createTempDirectory("graft-cli-test");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root)));
                return create(root, classes, perClass, seed, backboneClasses);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static Workspace create(Path root, int classes, int perClass, long seed, int backboneClasses)
                throws IOException {
            Path data = root.resolve("data");
            ImageFolderMaker.write(data, classes, perClass, seed);
            Path weights = Fixtures.writeSyntheticWeights("resnet18_small", backboneClasses,
                    root.resolve("backbone.safetensors"));
            return new Workspace(root, data, weights);
        }

        /** A run of {@code graft train} on this data and backbone, into {@code root/name}, made on first use. */
        Run run(String name, String... more) {
            Path dir = root.resolve(name);
            String[] all = java.util.Arrays.copyOf(more, more.length + 2);
            all[more.length] = "--out";
            all[more.length + 1] = dir.toString();
            return new Run(dir, () -> CliHarness.run(train(all)));
        }

        /** {@code graft train} on this data and backbone with resnet18_small, then {@code more}. */
        String[] train(String... more) {
            String[] base = {"train", "--data", data.toString(), "--model", "resnet18_small", "--weights",
                weights.toString()};
            String[] all = new String[base.length + more.length];
            System.arraycopy(base, 0, all, 0, base.length);
            System.arraycopy(more, 0, all, base.length, more.length);
            return all;
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: the folder is under the system's temporary directory
        }
    }

    /**
     * A run several tests build on, trained on first use and remembered, so each test passes alone
     * and in any order.
     */
    static final class Run {
        private final Path dir;
        private final Supplier<CliHarness.Result> command;
        private CliHarness.Result result;

        Run(Path dir, Supplier<CliHarness.Result> command) {
            this.dir = dir;
            this.command = command;
        }

        /** The run folder, trained if it is not yet. */
        Path dir() {
            result();
            return dir;
        }

        /** What training printed; it must have succeeded. */
        synchronized CliHarness.Result result() {
            if (result == null) {
                result = command.get();
            }
            assertEquals(0, result.code(), result.err());
            return result;
        }
    }
}
