package dev.graft.study;

/**
 * One point of the grid.
 *
 * @param strategy a {@link dev.graft.recipe.Strategy#parse}-able name, such as {@code partial:2}
 * @param perClass labeled training images per class (0 = all the training pool holds)
 * @param seed the seed of the training subset, the new weights, dropout and data order
 */
public record Cell(String strategy, int perClass, long seed) {
    /** A stable name, such as {@code fine-tune/10/seed43}, that keys the cell in {@code study.json}. */
    public String key() {
        return strategy + "/" + sizeLabel(perClass) + "/seed" + seed;
    }

    /** {@code all} for 0, else the number. */
    public static String sizeLabel(int perClass) {
        return perClass == 0 ? "all" : Integer.toString(perClass);
    }
}
