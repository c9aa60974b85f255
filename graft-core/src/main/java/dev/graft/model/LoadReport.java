package dev.graft.model;

import java.util.List;

/**
 * What loading a state dict into a network did.
 *
 * @param loaded number of tensors copied
 * @param headReplaced whether the file's head was dropped because its class count differs
 * @param fileClasses the class count of the file's head, or -1 if it had none
 * @param modelClasses the class count of the network's head
 * @param ignored names in the file that were not used (all under the head)
 */
public record LoadReport(int loaded, boolean headReplaced, int fileClasses, int modelClasses, List<String> ignored) {
    /** One line for the user. */
    public String describe() {
        if (headReplaced) {
            return "loaded " + loaded + " tensors; replaced the " + (fileClasses > 0 ? fileClasses + "-class " : "")
                    + "head with a new " + modelClasses + "-class head";
        }
        return "loaded " + loaded + " tensors";
    }
}
