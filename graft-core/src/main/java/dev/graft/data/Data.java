package dev.graft.data;

import java.util.List;

/**
 * Training, validation and (when the data has one) test images with their class names.
 *
 * @param train images the model learns from
 * @param val images early stopping and model selection watch
 * @param test held-out images for the final score, or null
 * @param labels class names by index
 * @param description one line saying what this is
 * @param skipped unreadable files left out, each with its reason
 */
public record Data(ImageSource train, ImageSource val, ImageSource test, List<String> labels, String description,
        List<String> skipped) {}
