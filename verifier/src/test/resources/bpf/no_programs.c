// SPDX-License-Identifier: GPL-2.0
/* Verifier test: a BPF object with data and no program (OPENED's own). */
int not_a_program_counter = 42;
