/**
 * Pictures and reports of results: the confusion-matrix and learning-rate-finder PNGs, and the
 * study's report: plots drawn with XChart, a gallery of the worst-predicted test images, a
 * plain-language reading computed from the numbers, and one self-contained {@code report.html}
 * with every image inlined, so it opens offline and travels as a single file.
 */
package dev.graft.report;
