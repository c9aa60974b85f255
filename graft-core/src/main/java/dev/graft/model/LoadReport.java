package dev.graft.model;

import java.util.List;

/**
 * What loading a state dict into a network did.
 *
 * @param loaded number of tensors copied
 * @param headReplaced whether the file's head was dropped because its class count differs
 * @param fileClasses the class count of the file's head, or -1 if it had none
 * @param modelClasses the class count of the network's head
 * @param ignored names in the file that were not used: under the head, or parts the network never
 *     builds (such as GoogLeNet's auxiliary classifiers)
 */
public record LoadReport(int loaded, boolean headReplaced, int fileClasses, int modelClasses, List<String> ignored) {
    /** One line for the user. */
    public String describe() {
        String out = "loaded " + loaded + " tensors";
        if (headReplaced) {
            out += "; replaced the " + (fileClasses > 0 ? fileClasses + "-class " : "")
                    + "head with a new " + modelClasses + "-class head";
        }
        if (!ignored.isEmpty()) {
            out += "; ignored " + ignored.size() + " tensor(s) the network does not use, e.g. " + ignored.get(0);
        }
        return out;
    }
}
