package dev.graft.gen.tune;

import dev.graft.gen.Generator;
import dev.graft.gen.ddpm.Ddpm;
import dev.graft.gen.gan.Gan;
import dev.graft.nn.Module;
import java.util.List;

/** Puts a generator into the state a {@link GenStrategy} trains it in. */
public final class GenStrategies {
    private GenStrategies() {}

    /**
     * Freezes, or adds adapters to, the generator (and for GANs the discriminator).
     *
     * @param seed drives the adapters' starting values
     * @return what was done, with trainable and total parameter counts
     */
    public static String apply(GenStrategy s, Generator g, long seed) {
        Module net = g.network();
        String what = switch (s.kind()) {
            case SCRATCH -> "random weights, everything trains";
            case FULL -> "every weight trains";
            case FREEZE_LOWER -> {
                List<List<String>> stages = stages(g);
                if (s.k() >= stages.size()) {
                    throw new IllegalArgumentException("freeze-lower:" + s.k() + " would freeze the whole generator; "
                            + "it has " + stages.size() + " stages, so use K from 1 to " + (stages.size() - 1));
                }
                freeze(net, stages.subList(0, s.k()));
                yield "froze the " + s.k() + " stage(s) nearest the input: " + stages.subList(0, s.k());
            }
            case LORA -> "rank-" + s.k() + " adapters on " + GenLora.apply(net, s.k(), seed).size()
                    + " layers, base weights frozen";
            case FREEZED -> {
                if (!(g instanceof Gan gan)) {
                    throw new IllegalArgumentException("freezed:K freezes a GAN's discriminator; a " + g.kind()
                            + " has none. Use full, freeze-lower:K or lora[:r]");
                }
                List<List<String>> stages = gan.discriminator().stages();
                if (s.k() >= stages.size()) {
                    throw new IllegalArgumentException("freezed:" + s.k() + " would freeze the whole discriminator; "
                            + "use K from 1 to " + (stages.size() - 1));
                }
                freeze(gan.discriminator(), stages.subList(0, s.k()));
                yield "generator trains fully; froze the discriminator's " + s.k() + " lowest stage(s)";
            }
        };
        return what + " (" + net.countTrainable() + " of " + net.countParams() + " generator parameters train)";
    }

    /** The generator's stages from input to output. */
    public static List<List<String>> stages(Generator g) {
        if (g instanceof Ddpm d) {
            return d.unet().stages();
        }
        return ((Gan) g).generatorNet().stages();
    }

    private static void freeze(Module net, List<List<String>> stages) {
        net.setFrozen(name -> stages.stream().flatMap(List::stream).anyMatch(name::startsWith), true);
    }
}
