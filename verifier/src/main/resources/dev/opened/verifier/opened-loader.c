// SPDX-License-Identifier: GPL-2.0
/*
 * opened-loader: loads every program of every BPF object given, one at a time (the others set
 * not to autoload, as veristat does), and prints a verdict block per program for OPENED to read
 * back over a serial console or a pipe. Also probes which helpers each program type allows.
 *
 * Fixes what a verification load must not trip on: legacy section names get their program
 * type, maps with max_entries 0 get 1, pinning is turned off.
 *
 * Output, one block per program:
 *   @@OPENED-PROG obj=<file> prog=<name> sec=<section> type=<program type>
 *   @@OPENED-VERDICT <accepted|rejected|not-loaded> errno=<n>
 *   @@OPENED-LOG  (then the verifier log's tail, one line each, prefixed with "| ")
 *   @@OPENED-END
 * and "@@OPENED-DONE" at the very end.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#define LOG_SIZE (16u << 20)
#define STATS_LOG_SIZE (1u << 18)
#define TAIL_LINES 60

static char *log_buf;
static char stats_buf[STATS_LOG_SIZE];
static char libbpf_msgs[65536];
static size_t libbpf_len;

static int collect(enum libbpf_print_level level, const char *fmt, va_list args)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	if (libbpf_len < sizeof(libbpf_msgs) - 1) {
		int n = vsnprintf(libbpf_msgs + libbpf_len, sizeof(libbpf_msgs) - libbpf_len, fmt, args);
		if (n > 0)
			libbpf_len += (size_t)n < sizeof(libbpf_msgs) - libbpf_len ? (size_t)n : sizeof(libbpf_msgs) - libbpf_len - 1;
	}
	return 0;
}

static void print_tail(const char *text)
{
	int lines = 0;
	const char *p = text + strlen(text);
	const char *start = text;

	while (p > text) {
		p--;
		if (*p == '\n' && p[1] != '\0' && ++lines > TAIL_LINES) {
			start = p + 1;
			break;
		}
	}
	printf("@@OPENED-LOG\n");
	while (*start) {
		const char *nl = strchr(start, '\n');
		int len = nl ? (int)(nl - start) : (int)strlen(start);
		if (len > 0)
			printf("| %.*s\n", len, start);
		start += len + (nl ? 1 : 0);
	}
}

/* what libbpf 1.x no longer maps from a section name, from its prefix */
static enum bpf_prog_type type_from_section(const char *sec)
{
	if (!strncmp(sec, "xdp", 3))
		return BPF_PROG_TYPE_XDP;
	if (!strncmp(sec, "tc", 2) || !strncmp(sec, "classifier", 10))
		return BPF_PROG_TYPE_SCHED_CLS;
	if (!strncmp(sec, "action", 6))
		return BPF_PROG_TYPE_SCHED_ACT;
	if (!strncmp(sec, "socket", 6))
		return BPF_PROG_TYPE_SOCKET_FILTER;
	if (!strncmp(sec, "kprobe", 6) || !strncmp(sec, "kretprobe", 9))
		return BPF_PROG_TYPE_KPROBE;
	if (!strncmp(sec, "tracepoint", 10) || !strncmp(sec, "tp/", 3))
		return BPF_PROG_TYPE_TRACEPOINT;
	if (!strncmp(sec, "cgroup_skb", 10) || !strncmp(sec, "cgroup/skb", 10))
		return BPF_PROG_TYPE_CGROUP_SKB;
	return BPF_PROG_TYPE_UNSPEC;
}

static void prepare(struct bpf_object *obj)
{
	struct bpf_map *map;
	struct bpf_program *prog;

	bpf_object__for_each_map(map, obj) {
		if (bpf_map__max_entries(map) == 0)
			bpf_map__set_max_entries(map, bpf_map__type(map) == BPF_MAP_TYPE_RINGBUF ? 4096 : 1);
		bpf_map__set_pin_path(map, NULL);
	}
	bpf_object__for_each_program(prog, obj) {
		if (bpf_program__type(prog) == BPF_PROG_TYPE_UNSPEC) {
			enum bpf_prog_type t = type_from_section(bpf_program__section_name(prog));
			if (t != BPF_PROG_TYPE_UNSPEC)
				bpf_program__set_type(prog, t);
		}
	}
}

/* At log level 1 the kernel keeps only a failing path: a passed program's log is its stats. */
static int verifier_passed(const char *log)
{
	while (*log == '\n' || *log == ' ')
		log++;
	return !strncmp(log, "verification time", 17) || !strncmp(log, "processed ", 10);
}

static void print_note(const char *msgs)
{
	const char *line = msgs;

	while (*line) {
		const char *nl = strchr(line, '\n');
		int len = nl ? (int)(nl - line) : (int)strlen(line);
		if (len > 0)
			printf("@@OPENED-NOTE %.*s\n", len, line);
		line += len + (nl ? 1 : 0);
	}
}

static int stats_insns(const char *log)
{
	const char *p = strstr(log, "processed ");
	return p ? atoi(p + 10) : -1;
}

/* Opens the object with every program but the index-th set not to autoload, and prepared for a
 * verification load. NULL with *err set when libbpf cannot open it (*err < 0) or when it has no
 * index-th program (*err == 1). */
static struct bpf_object *open_at(const char *path, int index, struct bpf_program **target, int *err)
{
	struct bpf_object *obj;
	struct bpf_program *prog;
	int i = 0;

	libbpf_len = 0;
	libbpf_msgs[0] = '\0';
	*target = NULL;
	obj = bpf_object__open_file(path, NULL);
	if (!obj) {
		*err = -errno;
		return NULL;
	}
	bpf_object__for_each_program(prog, obj) {
		if (i++ == index)
			*target = prog;
		else
			bpf_program__set_autoload(prog, false);
	}
	if (!*target) {
		bpf_object__close(obj);
		*err = 1;
		return NULL;
	}
	prepare(obj);
	*err = 0;
	return obj;
}

/* Loads the index-th program with the verifier log at `level` into `log`; the libbpf error. */
static int load_at(const char *path, int index, __u32 level, char *log, size_t log_size)
{
	struct bpf_program *target;
	struct bpf_object *obj = open_at(path, index, &target, &(int){ 0 });
	int err;

	if (!obj)
		return -ENOENT;
	log[0] = '\0';
	bpf_program__set_log_buf(target, log, log_size);
	bpf_program__set_log_level(target, level);
	err = bpf_object__load(obj);
	bpf_object__close(obj);
	return err;
}

/*
 * The verdict comes from a load with the stats log only (level 4): the kernel then prints its
 * error message and the "processed N insns" line but no instruction trace, so a long program
 * cannot overflow the log (which a 6.1 kernel answers with ENOSPC, whatever the verdict).
 * A rejected program is loaded again with the full log (level 1) for the failing instruction.
 * Returns 0 after a program, -1 past the last one, -2 when the object has none.
 */
static int load_one(const char *path, int index)
{
	const char *file = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	struct bpf_program *target;
	struct bpf_object *obj;
	int err, again;

	obj = open_at(path, index, &target, &err);
	if (!obj && err < 0) {
		if (index == 0) {
			printf("@@OPENED-PROG obj=%s prog=- sec=- type=-\n", file);
			printf("@@OPENED-VERDICT not-loaded errno=%d\n", -err);
			print_tail(libbpf_msgs);
			printf("@@OPENED-END\n");
		}
		return -1;
	}
	if (!obj)
		return index == 0 ? -2 : -1;
	/* said before the load, so that a load that never ends is named */
	printf("@@OPENED-PROG obj=%s prog=%s sec=%s type=%s\n", file, bpf_program__name(target),
	       bpf_program__section_name(target), libbpf_bpf_prog_type_str(bpf_program__type(target)) ?: "unknown");
	fflush(stdout);
	stats_buf[0] = '\0';
	bpf_program__set_log_buf(target, stats_buf, sizeof(stats_buf));
	bpf_program__set_log_level(target, 4);
	err = bpf_object__load(obj);
	bpf_object__close(obj);
	if (!err) {
		printf("@@OPENED-VERDICT accepted errno=0\n");
		print_tail(stats_buf);
	} else if (stats_buf[0] && stats_insns(stats_buf) >= 0 && verifier_passed(stats_buf)) {
		/* the verifier passed it; what failed came after (a prog array slot naming a
		 * program this pass does not load, say) */
		printf("@@OPENED-VERDICT accepted errno=0\n");
		print_note(libbpf_msgs);
		print_tail(stats_buf);
	} else if (stats_buf[0]) {
		printf("@@OPENED-VERDICT rejected errno=%d\n", -err);
		fflush(stdout);
		again = load_at(path, index, 1 | 4, log_buf, LOG_SIZE);
		/* a kernel that keeps the log's tail when it overflows (6.4 on) still ends it with the
		 * stats line; one that keeps the head (6.1) does not, and the tail is lost */
		if (again != 0 && log_buf[0] && (again != -ENOSPC || strstr(log_buf, " insns (limit "))) {
			print_tail(log_buf);
		} else {
			if (again == -ENOSPC)
				printf("@@OPENED-NOTE the full verifier log is over %u MiB: the failing instruction is not shown\n",
				       LOG_SIZE >> 20);
			print_tail(stats_buf);
		}
	} else {
		printf("@@OPENED-VERDICT not-loaded errno=%d\n", -err);
		print_tail(libbpf_msgs);
	}
	printf("@@OPENED-END\n");
	fflush(stdout);
	return 0;
}

/* Helper names by id, from the UAPI header's own list. */
#define OPENED_FN(x, ...) "bpf_" #x
static const char *helper_names[] = { __BPF_FUNC_MAPPER(OPENED_FN) };

static void probe(void)
{
	int type, id;
	int count = sizeof(helper_names) / sizeof(helper_names[0]);

	for (type = BPF_PROG_TYPE_SOCKET_FILTER; ; type++) {
		const char *tname = libbpf_bpf_prog_type_str(type);
		if (!tname)
			break;
		if (libbpf_probe_bpf_prog_type(type, NULL) != 1) {
			printf("@@OPENED-PROBE-TYPE %s unsupported\n", tname);
			continue;
		}
		/* some types (tracing, lsm, ext, struct_ops) load only with an attach target: libbpf
		 * cannot probe their helpers and says so with an error, not with a no */
		if (libbpf_probe_bpf_helper(type, BPF_FUNC_map_lookup_elem, NULL) < 0) {
			printf("@@OPENED-PROBE-TYPE %s unprobeable\n", tname);
			continue;
		}
		printf("@@OPENED-PROBE-TYPE %s supported\n", tname);
		for (id = 1; id < count; id++) {
			if (libbpf_probe_bpf_helper(type, id, NULL) == 1)
				printf("@@OPENED-PROBE %s %s\n", tname, helper_names[id]);
		}
	}
	fflush(stdout);
}

int main(int argc, char **argv)
{
	int a;

	setvbuf(stdout, NULL, _IOLBF, 0);
	libbpf_set_print(collect);
	libbpf_set_strict_mode(LIBBPF_STRICT_ALL);
	log_buf = malloc(LOG_SIZE);
	if (!log_buf) {
		fprintf(stderr, "opened-loader: out of memory\n");
		return 1;
	}
	for (a = 1; a < argc; a++) {
		int i, r;

		if (!strcmp(argv[a], "--probe")) {
			probe();
			continue;
		}
		for (i = 0; ; i++) {
			r = load_one(argv[a], i);
			if (r == -2) {
				const char *file = strrchr(argv[a], '/') ? strrchr(argv[a], '/') + 1 : argv[a];
				printf("@@OPENED-PROG obj=%s prog=- sec=- type=-\n", file);
				printf("@@OPENED-VERDICT no-programs errno=0\n@@OPENED-END\n");
			}
			if (r < 0)
				break;
		}
	}
	printf("@@OPENED-DONE\n");
	fflush(stdout);
	free(log_buf);
	return 0;
}
