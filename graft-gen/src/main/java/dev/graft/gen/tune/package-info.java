/** How generators adapt to a new domain: strategies (scratch, full, freeze-lower, LoRA, FreezeD) and LoRA layers. */
package dev.graft.gen.tune;
