package dev.graft.gen.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code graft gen}: generative fine-tuning. Register it in the main command with
 * {@code addSubcommand(new GenCommand())}; {@link #main} runs it on its own.
 */
@Command(name = "gen", mixinStandardHelpOptions = true,
        description = "Generative fine-tuning: pretrain a generator, adapt it to a new domain from a few images, "
                + "sample it, and score it.",
        subcommands = {GenPretrainCommand.class, GenFinetuneCommand.class, GenSampleCommand.class,
                GenScoreCommand.class, GenStudyCommand.class, GenClassifierCommand.class})
public final class GenCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "name a subcommand: pretrain, finetune, sample, score, study or classifier");
    }

    /** Runs {@code graft gen …} without the main command, e.g. {@code java -cp … dev.graft.gen.cli.GenCommand pretrain …}. */
    public static void main(String[] args) {
        System.exit(GenCli.commandLine().execute(args));
    }
}
