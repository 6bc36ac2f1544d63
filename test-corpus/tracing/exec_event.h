/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Copyright (c) 2026 The OPENED authors. What the exec tracer sends to user space. */
#ifndef __EXEC_EVENT_H
#define __EXEC_EVENT_H

#define TASK_COMM_LEN 16
#define MAX_FILENAME_LEN 127

struct exec_event {
	int pid;
	int ppid;
	char comm[TASK_COMM_LEN];
	char filename[MAX_FILENAME_LEN];
};

#endif /* __EXEC_EVENT_H */
