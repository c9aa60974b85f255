/**
 * The study: every strategy × labeled-images-per-class × seed cell trained on a stratified subset
 * and scored on one shared test set, with a calibrated time estimate up front and every finished
 * cell saved atomically to {@code study.json}, so an interrupted study resumes where it stopped.
 */
package dev.graft.study;
