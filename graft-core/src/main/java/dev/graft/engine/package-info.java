/** Starting DJL's PyTorch engine offline, without tracking, with a chosen thread count. */
package dev.graft.engine;
